//! `organisations.csv`: every organisation but a parents' household, by kind and code.
//! Read in two passes: the first reserves an id for every new (kind, code), so that a row
//! may refer to an organisation further down the same file (a school to its gemeente).

use super::{Ctx, org};
use crate::ImportError;
use crate::error::{FieldError, shown};
use crate::export::{Out, Refs};
use crate::known::{Known, canonical_code, noun};
use crate::row::{self, Col, MISSING, Row, Rows, absent, required};
use continuum_domain::codes::{
    AgbCode, BrinVestiging, CbsGemeentecode, CodeError, SwvCode, Uzovi, ZorgkantoorRegioCode,
};
use continuum_domain::ids::OrgId;
use continuum_domain::register::{
    Cluster, HolidayRegion, OrgDetails, OrgKind, Organisation, SchoolType,
};
use continuum_store::RegisterBatch;

pub(crate) const COLS: &[Col] = &[
    Col::required("kind", "kind"),
    Col::required("code", "code"),
    Col::required("name", "name"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
    Col::optional("zorgkantoor", "zorgkantoor"),
    Col::optional("region_name", "regionName"),
    Col::optional("school_type", "schoolType"),
    Col::optional("cluster", "cluster"),
    Col::optional("board", "board"),
    Col::optional("swv", "swv"),
    Col::optional("municipality", "municipality"),
    Col::optional("holiday_region", "holidayRegion"),
];
const KIND: usize = 0;
const CODE: usize = 1;
const NAME: usize = 2;
const FROM: usize = 3;
const UNTIL: usize = 4;
const ZORGKANTOOR: usize = 5;
const REGION_NAME: usize = 6;
const SCHOOL_TYPE: usize = 7;
const CLUSTER: usize = 8;
const BOARD: usize = 9;
const SWV: usize = 10;
const MUNICIPALITY: usize = 11;
const HOLIDAY_REGION: usize = 12;

/// The kind-specific columns, each with the one kind it belongs to.
const SPECIFIC: [(usize, OrgKind); 8] = [
    (ZORGKANTOOR, OrgKind::Gemeente),
    (HOLIDAY_REGION, OrgKind::Gemeente),
    (REGION_NAME, OrgKind::Zorgkantoor),
    (SCHOOL_TYPE, OrgKind::School),
    (CLUSTER, OrgKind::School),
    (BOARD, OrgKind::School),
    (SWV, OrgKind::School),
    (MUNICIPALITY, OrgKind::School),
];

pub(crate) fn read(rows: &mut dyn Rows, ctx: &mut Ctx) -> Result<(), ImportError> {
    let mut reserved: Vec<Option<(OrgKind, String, OrgId)>> = Vec::new();
    let mut result = rows.each(&mut |r| {
        reserved.push(reserve(r, ctx.known));
        Ok(())
    });
    if result.is_ok() {
        let mut next = reserved.iter();
        result = rows.each(&mut |r| {
            let mine = next.next().and_then(Option::as_ref);
            let (id, org) = row(r, mine, ctx.known)?;
            ctx.batch.organisations.push((id, org));
            Ok(())
        });
    }
    if result.is_err() {
        for (kind, code, id) in reserved.iter().flatten() {
            ctx.known.remove_org(*kind, code, *id);
        }
    }
    result
}

fn kind(r: &dyn Row) -> Result<OrgKind, FieldError> {
    let kind = row::code(
        r,
        KIND,
        OrgKind::parse,
        "gemeente, zorgkantoor, zorgverzekeraar, swv, schoolbestuur, school of zorgaanbieder",
    )?;
    if kind == OrgKind::Ouders {
        return Err(FieldError::new(KIND, "ouders worden niet geïmporteerd"));
    }
    Ok(kind)
}

/// First pass: a fresh id for a new, well-formed (kind, code); `None` otherwise (the second
/// pass reports why).
fn reserve(r: &dyn Row, known: &mut Known) -> Option<(OrgKind, String, OrgId)> {
    let kind = kind(r).ok()?;
    let code = canonical_code(kind, r.text(CODE)?).ok()?;
    if known.org(kind, &code).is_some() {
        return None;
    }
    let id = OrgId::new_random();
    known.insert_org(kind, code.clone(), id);
    Some((kind, code, id))
}

fn row(
    r: &dyn Row,
    reserved: Option<&(OrgKind, String, OrgId)>,
    known: &Known,
) -> Result<(OrgId, Organisation), FieldError> {
    let kind = kind(r)?;
    let id = match (r.text(CODE), kind) {
        // A provider without an AGB code can be recorded, but not referred to.
        (None, OrgKind::Zorgaanbieder) => OrgId::new_random(),
        (None, _) => return Err(FieldError::new(CODE, MISSING)),
        (Some(code), _) => {
            let code = canonical_code(kind, code).map_err(|e| FieldError::new(CODE, e))?;
            match reserved {
                Some((k, c, id)) if *k == kind && *c == code => *id,
                _ => return Err(FieldError::new(CODE, "bestaat al")),
            }
        }
    };
    let name = required(r, NAME)?.to_owned();
    let period = row::period(r, FROM, UNTIL, None)?;
    for (col, owner) in SPECIFIC {
        if owner != kind {
            absent(r, col, &format!("hoort niet bij een {}", noun(kind)))?;
        }
    }
    let details = match kind {
        OrgKind::Gemeente => OrgDetails::Gemeente {
            cbs_code: typed(r, CbsGemeentecode::parse)?,
            zorgkantoor: org(r, ZORGKANTOOR, OrgKind::Zorgkantoor, known)?,
            holiday_region: match r.text(HOLIDAY_REGION) {
                None => None,
                Some(_) => Some(row::code(
                    r,
                    HOLIDAY_REGION,
                    HolidayRegion::parse,
                    "noord, midden of zuid",
                )?),
            },
        },
        OrgKind::Zorgkantoor => OrgDetails::Zorgkantoor {
            region_code: typed(r, ZorgkantoorRegioCode::parse)?,
            region_name: required(r, REGION_NAME)?.to_owned(),
        },
        OrgKind::Zorgverzekeraar => OrgDetails::Zorgverzekeraar {
            uzovi: typed(r, Uzovi::parse)?,
        },
        OrgKind::Swv => OrgDetails::Swv {
            code: typed(r, SwvCode::parse)?,
        },
        OrgKind::Schoolbestuur => OrgDetails::Schoolbestuur {
            bevoegd_gezag: required(r, CODE)?.to_owned(),
        },
        OrgKind::Zorgaanbieder => OrgDetails::Zorgaanbieder {
            agb: r.text(CODE).map(|_| typed(r, AgbCode::parse)).transpose()?,
        },
        OrgKind::School => school(r, known, typed(r, BrinVestiging::parse)?)?,
        OrgKind::Ouders => return Err(FieldError::new(KIND, "ouders worden niet geïmporteerd")),
    };
    Ok((
        id,
        Organisation {
            name,
            details,
            period,
        },
    ))
}

/// The code as the domain's type (its shape was checked by `canonical_code` already).
fn typed<T>(r: &dyn Row, parse: fn(&str) -> Result<T, CodeError>) -> Result<T, FieldError> {
    parse(r.text(CODE).unwrap_or_default()).map_err(|e| FieldError::new(CODE, e.to_string()))
}

fn school(r: &dyn Row, known: &Known, brin: BrinVestiging) -> Result<OrgDetails, FieldError> {
    let school_type = row::code(r, SCHOOL_TYPE, SchoolType::parse, "po, vo, sbo, so of vso")?;
    let cluster = match (school_type.has_cluster(), r.text(CLUSTER)) {
        (true, None) => return Err(FieldError::new(CLUSTER, "verplicht voor so en vso")),
        (false, Some(_)) => return Err(FieldError::new(CLUSTER, "alleen voor so en vso")),
        (false, None) => None,
        (true, Some(s)) => {
            let n: u8 = s.parse().map_err(|_| {
                FieldError::new(
                    CLUSTER,
                    format!("'{}' is geen cluster (1 tot en met 4)", shown(s)),
                )
            })?;
            Some(Cluster::try_from(n).map_err(|e| FieldError::new(CLUSTER, e))?)
        }
    };
    Ok(OrgDetails::School {
        brin_vestiging: brin,
        school_type,
        cluster,
        board: org(r, BOARD, OrgKind::Schoolbestuur, known)?,
        swv: org(r, SWV, OrgKind::Swv, known)?,
        municipality: org(r, MUNICIPALITY, OrgKind::Gemeente, known)?,
    })
}

/// Organisations in the order a reader expects (a zorgkantoor before its gemeenten, boards
/// and SWVs before their schools); parents' households are not exported.
pub(crate) fn export(batch: &RegisterBatch, refs: &Refs) -> Result<Vec<Vec<Out>>, String> {
    const ORDER: [OrgKind; 7] = [
        OrgKind::Zorgkantoor,
        OrgKind::Gemeente,
        OrgKind::Zorgverzekeraar,
        OrgKind::Swv,
        OrgKind::Schoolbestuur,
        OrgKind::Zorgaanbieder,
        OrgKind::School,
    ];
    let mut out = Vec::new();
    for kind in ORDER {
        for (_, o) in batch
            .organisations
            .iter()
            .filter(|(_, o)| o.details.kind() == kind)
        {
            let mut row: Vec<Out> = (0..COLS.len()).map(|_| Out::Empty).collect();
            row[KIND] = Out::text(kind.code());
            row[CODE] = Out::opt(o.details.code());
            row[NAME] = Out::text(&o.name);
            [row[FROM], row[UNTIL]] = super::period_out(&o.period);
            match &o.details {
                OrgDetails::Gemeente {
                    zorgkantoor,
                    holiday_region,
                    ..
                } => {
                    row[ZORGKANTOOR] = refs.org(*zorgkantoor)?;
                    row[HOLIDAY_REGION] =
                        holiday_region.map_or(Out::Empty, |h| Out::text(h.as_str()));
                }
                OrgDetails::Zorgkantoor { region_name, .. } => {
                    row[REGION_NAME] = Out::text(region_name)
                }
                OrgDetails::School {
                    school_type,
                    cluster,
                    board,
                    swv,
                    municipality,
                    ..
                } => {
                    row[SCHOOL_TYPE] = Out::text(school_type.code());
                    row[CLUSTER] = cluster.map_or(Out::Empty, |c| Out::Int(c.number().into()));
                    row[BOARD] = refs.org(*board)?;
                    row[SWV] = refs.org(*swv)?;
                    row[MUNICIPALITY] = refs.org(*municipality)?;
                }
                _ => {}
            }
            out.push(row);
        }
    }
    Ok(out)
}
