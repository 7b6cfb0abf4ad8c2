//! `tlvs.csv`: a toelaatbaarheidsverklaring of an SWV, with its funding category.

use super::{Ctx, org, pupil, push_fact};
use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::row::{self, Col, Row};
use continuum_domain::ids::OrgId;
use continuum_domain::register::{Fact, OrgKind, TlvCategory};

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("swv", "swv"),
    Col::required("category", "category"),
    Col::optional("emb", "emb"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PGN: usize = 0;
const SWV: usize = 1;
const CATEGORY: usize = 2;
const EMB: usize = 3;
const FROM: usize = 4;
const UNTIL: usize = 5;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pupil = pupil(r, PGN, ctx.known)?;
    let swv = org(r, SWV, OrgKind::Swv, ctx.known)?;
    let category = row::code(r, CATEGORY, TlvCategory::parse, "laag, midden of hoog")?;
    let emb = row::boolean(r, EMB, false)?;
    let period = row::period(r, FROM, UNTIL, None)?;
    push_fact(ctx, pupil, period, Fact::Tlv { swv, category, emb });
    Ok(())
}

/// `swv`, `category`, `emb`.
pub(crate) fn export(
    swv: OrgId,
    category: TlvCategory,
    emb: bool,
    refs: &Refs,
) -> Result<Vec<Out>, String> {
    Ok(vec![
        refs.org(swv)?,
        Out::text(category.code()),
        Out::Bool(emb),
    ])
}
