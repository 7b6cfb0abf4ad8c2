//! `workers.csv`: a care worker of a provider, with qualification codes.

use super::{Ctx, org};
use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row, Shape, required};
use continuum_domain::ids::WorkerId;
use continuum_domain::money::Cents;
use continuum_domain::register::{OrgKind, Qualification, Weekday, Worker};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("provider", "provider"),
    Col::required("name", "name"),
    Col::optional("qualifications", "qualifications").shaped(Shape::List),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
    Col::optional("weekdays", "weekdays").shaped(Shape::List),
    Col::optional("max_hours_per_week", "maxHoursPerWeek"),
    Col::optional("max_hours_per_day", "maxHoursPerDay"),
    Col::optional("hourly_cost", "hourlyCost"),
];
const PROVIDER: usize = 0;
const NAME: usize = 1;
const QUALIFICATIONS: usize = 2;
const FROM: usize = 3;
const UNTIL: usize = 4;
const WEEKDAYS: usize = 5;
const MAX_WEEK: usize = 6;
const MAX_DAY: usize = 7;
const HOURLY_COST: usize = 8;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let provider = org(r, PROVIDER, OrgKind::Zorgaanbieder, ctx.known)?;
    let name = required(r, NAME)?.to_owned();
    let qualifications = r
        .list(QUALIFICATIONS)
        .into_iter()
        .map(|q| Qualification::parse(q).map_err(|e| FieldError::new(QUALIFICATIONS, e)))
        .collect::<Result<_, _>>()?;
    let period = row::period(r, FROM, UNTIL, None)?;
    let mut weekdays = r
        .list(WEEKDAYS)
        .into_iter()
        .map(Weekday::parse)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| FieldError::new(WEEKDAYS, e))?;
    if weekdays.is_empty() {
        weekdays = Weekday::SCHOOL_DAYS.to_vec();
    }
    weekdays.sort();
    weekdays.dedup();
    ctx.batch.workers.push((
        WorkerId::new_random(),
        Worker {
            provider,
            name,
            qualifications,
            period,
            weekdays,
            max_hours_per_week: row::hours(r, MAX_WEEK)?,
            max_hours_per_day: row::hours(r, MAX_DAY)?,
            hourly_cost: row::euros(r, HOURLY_COST)?,
        },
    ));
    Ok(())
}

pub(crate) fn export(batch: &RegisterBatch, refs: &Refs) -> Result<Vec<Vec<Out>>, String> {
    batch
        .workers
        .iter()
        .map(|(_, w)| {
            let [from, until] = super::period_out(&w.period);
            Ok(vec![
                refs.org(w.provider)?,
                Out::text(&w.name),
                Out::List(
                    w.qualifications
                        .iter()
                        .map(|q| q.as_str().to_owned())
                        .collect(),
                ),
                from,
                until,
                Out::List(w.weekdays.iter().map(|d| d.short().to_owned()).collect()),
                w.max_hours_per_week.map_or(Out::Empty, Out::Hours),
                w.max_hours_per_day.map_or(Out::Empty, Out::Hours),
                w.hourly_cost.map_or(Out::Empty, euros_out),
            ])
        })
        .collect()
}

/// Cents as euros in a file: `64`, `64,50`.
pub(crate) fn euros_out(c: Cents) -> Out {
    if c.0 % 100 == 0 {
        Out::Text((c.0 / 100).to_string())
    } else {
        Out::Text(format!("{},{:02}", c.0 / 100, c.0 % 100))
    }
}
