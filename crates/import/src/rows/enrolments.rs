//! `enrolments.csv`: a pupil's inschrijving at a school location, optionally in a class.
//! The class is named; it is looked up in the school year containing `valid_from`, unless
//! `school_year` names another.

use super::classes::school_year;
use super::{Ctx, org, pupil, push_fact};
use crate::error::{FieldError, shown};
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row};
use continuum_domain::ids::{ClassId, OrgId};
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{Fact, OrgKind};

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("school", "school"),
    Col::optional("class", "class"),
    Col::optional("school_year", "schoolYear"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PGN: usize = 0;
const SCHOOL: usize = 1;
const CLASS: usize = 2;
const YEAR: usize = 3;
const FROM: usize = 4;
const UNTIL: usize = 5;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pupil = pupil(r, PGN, ctx.known)?;
    let school = org(r, SCHOOL, OrgKind::School, ctx.known)?;
    let period = row::period(r, FROM, UNTIL, None)?;
    let year = school_year(r, YEAR)?;
    let class = match r.text(CLASS) {
        None if year.is_some() => {
            return Err(FieldError::new(YEAR, "alleen samen met een klas"));
        }
        None => None,
        Some(name) => {
            let year = year.unwrap_or_else(|| SchoolYear::containing(period.start()));
            let class = ctx.known.class(school, year, name).ok_or_else(|| {
                FieldError::new(
                    CLASS,
                    format!(
                        "klas '{}' bestaat niet bij deze school in schooljaar {}",
                        shown(name),
                        year.label()
                    ),
                )
            })?;
            Some(class)
        }
    };
    push_fact(ctx, pupil, period, Fact::Enrolment { school, class });
    Ok(())
}

/// `school`, `class`, `school_year` (only when it is not the one containing the start).
pub(crate) fn export(
    school: OrgId,
    class: Option<ClassId>,
    period: &Period,
    refs: &Refs,
) -> Result<Vec<Out>, String> {
    let (name, year) = match class {
        None => (Out::Empty, Out::Empty),
        Some(id) => {
            let c = refs.class(id)?;
            if c.school != school {
                return Err(format!(
                    "klas '{}' hoort niet bij de school van de inschrijving",
                    c.name
                ));
            }
            let year = if c.school_year == SchoolYear::containing(period.start()) {
                Out::Empty
            } else {
                Out::Text(c.school_year.label())
            };
            (Out::text(&c.name), year)
        }
    };
    Ok(vec![refs.org(school)?, name, year])
}
