//! One row of an entity, whichever format it came from, and the parsers of its values.
//! The values are parsed with the domain's own parsers; this module only adds the column.

use crate::error::{FieldError, shown};
use continuum_domain::Date;
use continuum_domain::money::Cents;
use continuum_domain::period::Period;
use continuum_domain::register::{HoursPerWeek, WeekBlock};

/// How a column's value is written: plain text (in JSON also a number or true/false), a
/// list (CSV `a;b`, JSON array of strings), or agreement parties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Text,
    List,
    Parties,
}

/// A column of an entity: its CSV name, its JSON key, whether a CSV file must have it.
#[derive(Debug)]
pub(crate) struct Col {
    pub csv: &'static str,
    pub json: &'static str,
    pub required: bool,
    pub shape: Shape,
}

impl Col {
    pub(crate) const fn required(csv: &'static str, json: &'static str) -> Col {
        Col {
            csv,
            json,
            required: true,
            shape: Shape::Text,
        }
    }
    pub(crate) const fn optional(csv: &'static str, json: &'static str) -> Col {
        Col {
            csv,
            json,
            required: false,
            shape: Shape::Text,
        }
    }
    pub(crate) const fn shaped(self, shape: Shape) -> Col {
        Col { shape, ..self }
    }
}

/// One party of an agreement as written: `kind:code=role`, or `{kind, code, role}`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawParty<'a> {
    pub kind: &'a str,
    pub code: &'a str,
    pub role: &'a str,
}

/// One record of an entity. Columns are indices into the entity's column table.
pub(crate) trait Row {
    /// The trimmed value; `None` when the column is absent or empty.
    fn text(&self, col: usize) -> Option<&str>;
    /// The non-empty items of a list column.
    fn list(&self, col: usize) -> Vec<&str>;
    /// The parties of an agreement; `Err` with a reason when one is not well formed.
    fn parties(&self, col: usize) -> Result<Vec<RawParty<'_>>, String>;
}

/// The rows of one entity in one file. `each` may be called more than once (organisations
/// are read in two passes, so that a row may refer to an organisation further down).
pub(crate) trait Rows {
    fn each(
        &mut self,
        f: &mut dyn FnMut(&dyn Row) -> Result<(), FieldError>,
    ) -> Result<(), crate::ImportError>;
}

pub(crate) const MISSING: &str = "verplicht veld ontbreekt";

pub(crate) fn required(r: &dyn Row, col: usize) -> Result<&str, FieldError> {
    r.text(col).ok_or_else(|| FieldError::new(col, MISSING))
}

/// An ISO 8601 calendar date, `YYYY-MM-DD`.
pub(crate) fn date(r: &dyn Row, col: usize) -> Result<Option<Date>, FieldError> {
    let Some(s) = r.text(col) else {
        return Ok(None);
    };
    let ok = s.len() == 10 && s.as_bytes().get(4) == Some(&b'-');
    match s.parse::<Date>() {
        Ok(d) if ok => Ok(Some(d)),
        _ => Err(FieldError::new(
            col,
            format!("'{}' is geen datum (verwacht JJJJ-MM-DD)", shown(s)),
        )),
    }
}

pub(crate) fn required_date(r: &dyn Row, col: usize) -> Result<Date, FieldError> {
    date(r, col)?.ok_or_else(|| FieldError::new(col, MISSING))
}

/// `valid_from ..= valid_until`; `valid_from` may default (a pupil's birth date). An end
/// before the start is reported on the end's column.
pub(crate) fn period(
    r: &dyn Row,
    from: usize,
    until: usize,
    default_from: Option<Date>,
) -> Result<Period, FieldError> {
    let start = match (date(r, from)?, default_from) {
        (Some(d), _) | (None, Some(d)) => d,
        (None, None) => return Err(FieldError::new(from, MISSING)),
    };
    let end = date(r, until)?;
    Period::new(start, end).map_err(|e| FieldError::new(until, e.to_string()))
}

/// A code of a closed set, parsed by the domain's own `parse`; `expected` lists the codes.
pub(crate) fn code<T>(
    r: &dyn Row,
    col: usize,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
) -> Result<T, FieldError> {
    let s = required(r, col)?;
    parse(s).ok_or_else(|| {
        FieldError::new(
            col,
            format!("onbekende waarde '{}' (verwacht {expected})", shown(s)),
        )
    })
}

/// `true`/`false`/`ja`/`nee` (case-insensitive); `default` when empty.
pub(crate) fn boolean(r: &dyn Row, col: usize, default: bool) -> Result<bool, FieldError> {
    let Some(s) = r.text(col) else {
        return Ok(default);
    };
    if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("ja") {
        Ok(true)
    } else if s.eq_ignore_ascii_case("false") || s.eq_ignore_ascii_case("nee") {
        Ok(false)
    } else {
        Err(FieldError::new(
            col,
            format!(
                "'{}' is geen ja/nee-waarde (verwacht true, false, ja of nee)",
                shown(s)
            ),
        ))
    }
}

/// A value that must be empty for this kind of record.
pub(crate) fn absent(r: &dyn Row, col: usize, why: &str) -> Result<(), FieldError> {
    match r.text(col) {
        Some(_) => Err(FieldError::new(col, why)),
        None => Ok(()),
    }
}

/// Blocks in the week (`ma 08:30-12:00;wo 08:30-12:00`), sorted; none may overlap.
pub(crate) fn blocks(r: &dyn Row, col: usize) -> Result<Vec<WeekBlock>, FieldError> {
    let blocks = r
        .list(col)
        .into_iter()
        .map(WeekBlock::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| FieldError::new(col, e))?;
    WeekBlock::sorted_apart(blocks).map_err(|e| FieldError::new(col, e))
}

/// An amount in euros (`64`, `64,50`), as cents; `None` when empty.
pub(crate) fn euros(r: &dyn Row, col: usize) -> Result<Option<Cents>, FieldError> {
    r.text(col)
        .map(|s| Cents::parse_euros(s).map_err(|e| FieldError::new(col, e)))
        .transpose()
}

/// Hours (`24`, `6,5`); `None` when empty.
pub(crate) fn hours(r: &dyn Row, col: usize) -> Result<Option<HoursPerWeek>, FieldError> {
    r.text(col)
        .map(|s| HoursPerWeek::parse(s).map_err(|e| FieldError::new(col, e)))
        .transpose()
}
