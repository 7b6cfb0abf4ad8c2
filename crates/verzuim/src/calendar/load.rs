//! Reading `schoolkalender.toml` (format: docs/formats/verzuim.md). Every refusal names
//! the file, the line and the field, as the parameter files do.

use super::{Calendar, CalendarError, Holiday, PublicHoliday, Region};
use continuum_domain::Date;
use continuum_domain::period::SchoolYear;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    source: RawSource,
    school_year: Vec<Spanned<RawYear>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    policy: String,
    checked_on: Spanned<Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<String>,
    #[serde(default)]
    public_holidays: Vec<Spanned<RawPublic>>,
    #[serde(default)]
    holiday: Vec<Spanned<RawHoliday>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublic {
    date: Spanned<Datetime>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    name: String,
    noord: Spanned<Vec<Datetime>>,
    midden: Spanned<Vec<Datetime>>,
    zuid: Spanned<Vec<Datetime>>,
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: Range<usize>,
        field: impl Into<String>,
        problem: impl Into<String>,
    ) -> CalendarError {
        let end = span.start.min(self.text.len());
        let line = self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        CalendarError::File {
            file: self.file.to_owned(),
            line,
            field: field.into(),
            problem: problem.into(),
        }
    }

    fn date(&self, v: &Spanned<Datetime>, field: &str) -> Result<Date, CalendarError> {
        date(v.get_ref())
            .ok_or_else(|| self.err(v.span(), field, "verwacht een datum als 2026-08-01"))
    }
}

fn date(dt: &Datetime) -> Option<Date> {
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    Date::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

pub(super) fn parse(file: &str, text: &str) -> Result<Calendar, CalendarError> {
    let cx = Ctx { file, text };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        cx.err(
            e.span().unwrap_or(0..0),
            "",
            format!("geen geldige schoolkalender: {}", e.message().trim()),
        )
    })?;
    let checked_on = cx.date(&raw.source.checked_on, "source.checked_on")?;
    if raw.school_year.is_empty() {
        return Err(cx.err(
            0..0,
            "school_year",
            "geen schooljaren: minstens één [[school_year]] nodig",
        ));
    }
    let mut years: Vec<SchoolYear> = Vec::new();
    let mut holidays: Vec<Holiday> = Vec::new();
    let mut public: Vec<PublicHoliday> = Vec::new();
    for (i, y) in raw.school_year.iter().enumerate() {
        let y = y.get_ref();
        let field = format!("school_year[{i}].year");
        let Some(sy) = SchoolYear::parse(y.year.get_ref()) else {
            return Err(cx.err(
                y.year.span(),
                field,
                "verwacht een schooljaar als \"2025-2026\"",
            ));
        };
        if let Some(prev) = years.last().filter(|prev| sy.0 != prev.0 + 1) {
            let problem = format!(
                "schooljaren moeten aaneensluitend oplopen: {} volgt niet op {}",
                sy.label(),
                prev.label()
            );
            return Err(cx.err(y.year.span(), field, problem));
        }
        years.push(sy);
        let period = sy.period();
        for (j, p) in y.public_holidays.iter().enumerate() {
            let p = p.get_ref();
            let field = format!("school_year[{i}].public_holidays[{j}].date");
            let d = cx.date(&p.date, &field)?;
            if !period.contains(d) {
                let problem = format!("{d} ligt niet in schooljaar {}", sy.label());
                return Err(cx.err(p.date.span(), field, problem));
            }
            if !public.iter().any(|q| q.date == d) {
                public.push(PublicHoliday {
                    date: d,
                    name: p.name.clone(),
                });
            }
        }
        for (j, h) in y.holiday.iter().enumerate() {
            let h = h.get_ref();
            for (region, range) in [
                (Region::Noord, &h.noord),
                (Region::Midden, &h.midden),
                (Region::Zuid, &h.zuid),
            ] {
                let field = format!("school_year[{i}].holiday[{j}].{region}");
                let [a, b] = range.get_ref().as_slice() else {
                    return Err(cx.err(range.span(), field, "verwacht [eerste dag, laatste dag]"));
                };
                let bad = |what: &str| cx.err(range.span(), &field, what.to_owned());
                let first = date(a).ok_or_else(|| bad("verwacht datums als 2026-08-01"))?;
                let last = date(b).ok_or_else(|| bad("verwacht datums als 2026-08-01"))?;
                if last < first {
                    return Err(bad(&format!(
                        "laatste dag {last} ligt voor eerste dag {first}"
                    )));
                }
                let end = period.end().unwrap_or(last);
                if last < period.start() || first > end {
                    return Err(bad(&format!(
                        "{first} t/m {last} valt niet in schooljaar {}",
                        sy.label()
                    )));
                }
                // The summer holiday is listed under both school years it touches.
                let dup = holidays
                    .iter()
                    .any(|x| x.region == region && x.first == first && x.last == last);
                if !dup {
                    holidays.push(Holiday {
                        name: h.name.clone(),
                        region,
                        first,
                        last,
                    });
                }
            }
        }
    }
    // `years` is non-empty: checked above.
    let first = years
        .first()
        .map(|y| y.period().start())
        .unwrap_or(Date::MIN);
    let last = years
        .last()
        .and_then(|y| y.period().end())
        .unwrap_or(Date::MIN);
    if (last - first).num_days() >= i64::from(u16::MAX) {
        return Err(cx.err(0..0, "school_year", "te veel schooljaren in één kalender"));
    }
    public.sort_by_key(|p| p.date);
    Ok(Calendar {
        years,
        first,
        last,
        holidays,
        public,
        days_off: Default::default(),
        policy: raw.source.policy,
        checked_on,
        year_base: Calendar::year_bases(first, last),
        max_index: (last - first).num_days() as i32,
    })
}
