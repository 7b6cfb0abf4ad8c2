//! `workers.csv`: a care worker of a provider, with qualification codes.

use super::{Ctx, org};
use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row, Shape, required};
use continuum_domain::ids::WorkerId;
use continuum_domain::register::{OrgKind, Qualification, Worker};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("provider", "provider"),
    Col::required("name", "name"),
    Col::optional("qualifications", "qualifications").shaped(Shape::List),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PROVIDER: usize = 0;
const NAME: usize = 1;
const QUALIFICATIONS: usize = 2;
const FROM: usize = 3;
const UNTIL: usize = 4;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let provider = org(r, PROVIDER, OrgKind::Zorgaanbieder, ctx.known)?;
    let name = required(r, NAME)?.to_owned();
    let qualifications = r
        .list(QUALIFICATIONS)
        .into_iter()
        .map(|q| Qualification::parse(q).map_err(|e| FieldError::new(QUALIFICATIONS, e)))
        .collect::<Result<_, _>>()?;
    let period = row::period(r, FROM, UNTIL, None)?;
    ctx.batch.workers.push((
        WorkerId::new_random(),
        Worker {
            provider,
            name,
            qualifications,
            period,
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
            ])
        })
        .collect()
}
