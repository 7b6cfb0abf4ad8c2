//! `classes.csv`: a class of a school location in one school year.

use super::{Ctx, org};
use crate::error::{FieldError, shown};
use crate::export::{Out, Refs};
use crate::row::{Col, Row, Shape, blocks, required};
use continuum_domain::ids::ClassId;
use continuum_domain::period::SchoolYear;
use continuum_domain::register::{OrgKind, SchoolClass};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("school", "school"),
    Col::required("school_year", "schoolYear"),
    Col::required("name", "name"),
    Col::optional("lesson_times", "lessonTimes").shaped(Shape::List),
];
const SCHOOL: usize = 0;
const YEAR: usize = 1;
const NAME: usize = 2;
const LESSON_TIMES: usize = 3;

pub(crate) fn school_year(r: &dyn Row, col: usize) -> Result<Option<SchoolYear>, FieldError> {
    r.text(col)
        .map(|s| {
            SchoolYear::parse(s).ok_or_else(|| {
                FieldError::new(
                    col,
                    format!(
                        "'{}' is geen schooljaar (verwacht bijv. 2026-2027)",
                        shown(s)
                    ),
                )
            })
        })
        .transpose()
}

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let school = org(r, SCHOOL, OrgKind::School, ctx.known)?;
    let school_year =
        school_year(r, YEAR)?.ok_or_else(|| FieldError::new(YEAR, crate::row::MISSING))?;
    let name = required(r, NAME)?;
    let lesson_times = blocks(r, LESSON_TIMES)?;
    if ctx.known.class(school, school_year, name).is_some() {
        return Err(FieldError::new(NAME, "bestaat al"));
    }
    let id = ClassId::new_random();
    ctx.known.insert_class(school, school_year, name, id);
    ctx.batch.classes.push((
        id,
        SchoolClass {
            school,
            school_year,
            name: name.to_owned(),
            lesson_times,
        },
    ));
    Ok(())
}

pub(crate) fn export(batch: &RegisterBatch, refs: &Refs) -> Result<Vec<Vec<Out>>, String> {
    batch
        .classes
        .iter()
        .map(|(_, c)| {
            Ok(vec![
                refs.org(c.school)?,
                Out::Text(c.school_year.label()),
                Out::text(&c.name),
                Out::List(c.lesson_times.iter().map(|b| b.to_string()).collect()),
            ])
        })
        .collect()
}
