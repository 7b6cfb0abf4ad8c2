//! `pupils.csv`: a pupil by PGN, with municipality of residence and insurer.

use super::{Ctx, org};
use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row, required, required_date};
use continuum_domain::ids::PupilId;
use continuum_domain::pgn::Pgn;
use continuum_domain::register::{OrgKind, Pupil};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("given_name", "givenName"),
    Col::required("family_name", "familyName"),
    Col::required("birth_date", "birthDate"),
    Col::required("municipality", "municipality"),
    Col::optional("insurer", "insurer"),
    Col::optional("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PGN: usize = 0;
const GIVEN_NAME: usize = 1;
const FAMILY_NAME: usize = 2;
const BIRTH_DATE: usize = 3;
const MUNICIPALITY: usize = 4;
const INSURER: usize = 5;
const FROM: usize = 6;
const UNTIL: usize = 7;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pgn = Pgn::parse(required(r, PGN)?).map_err(|e| FieldError::new(PGN, e.to_string()))?;
    if ctx.known.pupil(pgn.as_str()).is_some() {
        return Err(FieldError::new(PGN, "bestaat al"));
    }
    let given_name = required(r, GIVEN_NAME)?.to_owned();
    let family_name = required(r, FAMILY_NAME)?.to_owned();
    let birth_date = required_date(r, BIRTH_DATE)?;
    let municipality = org(r, MUNICIPALITY, OrgKind::Gemeente, ctx.known)?;
    let insurer = match r.text(INSURER) {
        Some(_) => Some(org(r, INSURER, OrgKind::Zorgverzekeraar, ctx.known)?),
        None => None,
    };
    let period = row::period(r, FROM, UNTIL, Some(birth_date))?;
    let id = PupilId::new_random();
    ctx.known.insert_pupil(pgn.as_str().to_owned(), id);
    ctx.batch.pupils.push((
        id,
        Pupil {
            pgn,
            given_name,
            family_name,
            birth_date,
            municipality,
            insurer,
            period,
        },
    ));
    Ok(())
}

pub(crate) fn export(batch: &RegisterBatch, refs: &Refs) -> Result<Vec<Vec<Out>>, String> {
    batch
        .pupils
        .iter()
        .map(|(_, p)| {
            let [from, until] = super::period_out(&p.period);
            Ok(vec![
                Out::text(p.pgn.as_str()),
                Out::text(&p.given_name),
                Out::text(&p.family_name),
                Out::Date(Some(p.birth_date)),
                refs.org(p.municipality)?,
                p.insurer
                    .map(|i| refs.org(i))
                    .transpose()?
                    .unwrap_or(Out::Empty),
                from,
                until,
            ])
        })
        .collect()
}
