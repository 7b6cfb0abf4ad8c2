//! `agreements.csv`: a bestuurlijke afspraak at a school, with its parties as
//! `kind:code=role` separated by `;` (in JSON an array of `{kind, code, role}`).

use super::{Ctx, org};
use crate::error::{FieldError, shown};
use crate::export::{Out, Refs};
use crate::row::{self, Col, MISSING, Row, Shape};
use continuum_domain::ids::AgreementId;
use continuum_domain::register::{Agreement, AgreementParty, NeedCategory, OrgKind};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("school", "school"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
    Col::optional("scope", "scope"),
    Col::required("parties", "parties").shaped(Shape::Parties),
    Col::optional("categories", "categories").shaped(Shape::List),
];
const SCHOOL: usize = 0;
const FROM: usize = 1;
const UNTIL: usize = 2;
const SCOPE: usize = 3;
const PARTIES: usize = 4;
const CATEGORIES: usize = 5;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let school = org(r, SCHOOL, OrgKind::School, ctx.known)?;
    let period = row::period(r, FROM, UNTIL, None)?;
    let scope = r.text(SCOPE).unwrap_or_default().to_owned();
    let raw = r
        .parties(PARTIES)
        .map_err(|e| FieldError::new(PARTIES, e))?;
    if raw.is_empty() {
        return Err(FieldError::new(PARTIES, MISSING));
    }
    let mut parties = Vec::with_capacity(raw.len());
    for (n, p) in raw.iter().enumerate() {
        let bad = |reason: String| FieldError::new(PARTIES, format!("partij {}: {reason}", n + 1));
        let kind = OrgKind::parse(p.kind)
            .filter(|k| *k != OrgKind::Ouders)
            .ok_or_else(|| bad(format!("onbekende soort '{}'", shown(p.kind))))?;
        let organisation = ctx.known.resolve(kind, p.code).map_err(bad)?;
        if p.role.is_empty() {
            return Err(bad("rol ontbreekt".to_owned()));
        }
        if p.role.contains(';') {
            return Err(bad("rol mag geen ; bevatten".to_owned()));
        }
        parties.push(AgreementParty {
            organisation,
            role: p.role.to_owned(),
        });
    }
    let categories = categories(r)?;
    ctx.batch.agreements.push((
        AgreementId::new_random(),
        Agreement {
            school,
            parties,
            period,
            scope,
            categories,
        },
    ));
    Ok(())
}

/// The care categories covered; none given means every care category.
fn categories(r: &dyn Row) -> Result<Vec<NeedCategory>, FieldError> {
    let listed = r.list(CATEGORIES);
    if listed.is_empty() {
        return Ok(NeedCategory::care());
    }
    let mut out = Vec::with_capacity(listed.len());
    for code in listed {
        let c = NeedCategory::parse(code).ok_or_else(|| {
            let known: Vec<&str> = NeedCategory::care().iter().map(|c| c.code()).collect();
            FieldError::new(
                CATEGORIES,
                format!(
                    "onbekende categorie '{}' (verwacht {})",
                    shown(code),
                    known.join(", ")
                ),
            )
        })?;
        if c == NeedCategory::Onderwijsondersteuning {
            return Err(FieldError::new(
                CATEGORIES,
                "onderwijsondersteuning hoort bij de school en het samenwerkingsverband, niet bij een afspraak over zorg",
            ));
        }
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

pub(crate) fn export(batch: &RegisterBatch, refs: &Refs) -> Result<Vec<Vec<Out>>, String> {
    batch
        .agreements
        .iter()
        .map(|(_, a)| {
            let parties = a
                .parties
                .iter()
                .map(|p| {
                    let (kind, code) = refs.org_code(p.organisation)?;
                    if p.role.contains(';') {
                        return Err(format!("rol '{}' bevat een ;", p.role));
                    }
                    Ok([kind.code().to_owned(), code, p.role.clone()])
                })
                .collect::<Result<_, String>>()?;
            let [from, until] = super::period_out(&a.period);
            Ok(vec![
                refs.org(a.school)?,
                from,
                until,
                Out::text(&a.scope),
                Out::Parties(parties),
                Out::List(a.categories.iter().map(|c| c.code().to_owned()).collect()),
            ])
        })
        .collect()
}
