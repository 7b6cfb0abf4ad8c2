//! `agreements.csv`: a bestuurlijke afspraak at a school, with its parties as
//! `kind:code=role` separated by `;` (in JSON an array of `{kind, code, role}`).

use super::{Ctx, org};
use crate::error::{FieldError, shown};
use crate::export::{Out, Refs};
use crate::row::{self, Col, MISSING, RawParty, Row, Shape};
use continuum_domain::ids::AgreementId;
use continuum_domain::money::{Cents, parse_hundredths};
use continuum_domain::register::{Agreement, AgreementParty, AllocationKey, NeedCategory, OrgKind};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("school", "school"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
    Col::optional("scope", "scope"),
    Col::required("parties", "parties").shaped(Shape::Parties),
    Col::optional("categories", "categories").shaped(Shape::List),
    Col::optional("allocation_key", "allocationKey"),
    Col::optional("tariffs", "tariffs").shaped(Shape::List),
    Col::optional("shares", "shares").shaped(Shape::List),
];
const SCHOOL: usize = 0;
const FROM: usize = 1;
const UNTIL: usize = 2;
const SCOPE: usize = 3;
const PARTIES: usize = 4;
const CATEGORIES: usize = 5;
const KEY: usize = 6;
const TARIFFS: usize = 7;
const SHARES: usize = 8;

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
            tariff_per_hour: None,
            share_basis_points: None,
        });
    }
    for (code, tariff) in per_party(r, TARIFFS, &raw)? {
        parties[code].tariff_per_hour = Some(Cents(tariff));
    }
    let shares = per_party(r, SHARES, &raw)?;
    for &(code, points) in &shares {
        parties[code].share_basis_points = u32::try_from(points).ok();
    }
    let allocation_key = match r.text(KEY) {
        None => AllocationKey::IndicatedHoursTimesTariff,
        Some(_) => row::code(
            r,
            KEY,
            AllocationKey::parse,
            "uren_maal_tarief, leerlingen of vaste_percentages",
        )?,
    };
    if allocation_key == AllocationKey::FixedPercentages {
        let sum: i64 = shares.iter().map(|(_, p)| p).sum();
        if sum != 10_000 {
            return Err(FieldError::new(
                SHARES,
                format!(
                    "de percentages tellen op tot {},{:02} %, niet tot 100 %",
                    sum / 100,
                    sum % 100
                ),
            ));
        }
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
            allocation_key,
            terms: None,
        },
    ));
    Ok(())
}

/// `kind:code=value;…` (value in hundredths: euros or percent) for parties of the row, as
/// (index of the party, value).
fn per_party(
    r: &dyn Row,
    col: usize,
    parties: &[RawParty<'_>],
) -> Result<Vec<(usize, i64)>, FieldError> {
    let mut out: Vec<(usize, i64)> = Vec::new();
    for item in r.list(col) {
        let bad = |reason: String| FieldError::new(col, format!("'{}': {reason}", shown(item)));
        let (party, value) = item
            .split_once('=')
            .ok_or_else(|| bad("heeft niet de vorm soort:code=waarde".to_owned()))?;
        let (kind, code) = party
            .split_once(':')
            .ok_or_else(|| bad("heeft niet de vorm soort:code=waarde".to_owned()))?;
        let index = parties
            .iter()
            .position(|p| p.kind == kind.trim() && p.code == code.trim())
            .ok_or_else(|| bad("is geen partij van deze afspraak".to_owned()))?;
        if out.iter().any(|(i, _)| *i == index) {
            return Err(bad("staat er twee keer".to_owned()));
        }
        out.push((index, parse_hundredths(value).map_err(bad)?));
    }
    Ok(out)
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
                Out::text(a.allocation_key.code()),
                Out::List(per_party_out(a, refs, |p| p.tariff_per_hour.map(|c| c.0))?),
                Out::List(per_party_out(a, refs, |p| {
                    p.share_basis_points.map(i64::from)
                })?),
            ])
        })
        .collect()
}

fn per_party_out(
    a: &Agreement,
    refs: &Refs,
    value: impl Fn(&AgreementParty) -> Option<i64>,
) -> Result<Vec<String>, String> {
    a.parties
        .iter()
        .filter_map(|p| value(p).map(|v| (p, v)))
        .map(|(p, v)| {
            let (kind, code) = refs.org_code(p.organisation)?;
            let v = if v % 100 == 0 {
                (v / 100).to_string()
            } else {
                format!("{},{:02}", v / 100, v % 100)
            };
            Ok(format!("{}:{code}={v}", kind.code()))
        })
        .collect()
}
