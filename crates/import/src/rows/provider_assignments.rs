//! `provider_assignments.csv`: a care provider assigned to deliver care to a pupil.

use super::{Ctx, org, pupil, push_fact};
use crate::error::FieldError;
use crate::row::{self, Col, Row};
use continuum_domain::register::{Fact, OrgKind};

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("provider", "provider"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
];
const PGN: usize = 0;
const PROVIDER: usize = 1;
const FROM: usize = 2;
const UNTIL: usize = 3;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pupil = pupil(r, PGN, ctx.known)?;
    let provider = org(r, PROVIDER, OrgKind::Zorgaanbieder, ctx.known)?;
    let period = row::period(r, FROM, UNTIL, None)?;
    push_fact(ctx, pupil, period, Fact::ProviderAssignment { provider });
    Ok(())
}
