//! `needs.csv`: a support need in school time.

use super::indications::category;
use super::{Ctx, pupil, push_fact};
use crate::error::FieldError;
use crate::export::Out;
use crate::row::{self, Col, Row, Shape};
use continuum_domain::register::{Fact, NeedMode, Qualification};

pub(crate) const COLS: &[Col] = &[
    Col::required("pgn", "pgn"),
    Col::required("category", "category"),
    Col::required("mode", "mode"),
    Col::optional("required_qualification", "requiredQualification"),
    Col::required("valid_from", "validFrom"),
    Col::optional("valid_until", "validUntil"),
    Col::optional("blocks", "blocks").shaped(Shape::List),
];
const PGN: usize = 0;
const CATEGORY: usize = 1;
const MODE: usize = 2;
const QUALIFICATION: usize = 3;
const FROM: usize = 4;
const UNTIL: usize = 5;
const BLOCKS: usize = 6;

pub(crate) fn row(r: &dyn Row, ctx: &mut Ctx) -> Result<(), FieldError> {
    let pupil = pupil(r, PGN, ctx.known)?;
    let category = category(r, CATEGORY)?;
    let mode = row::code(r, MODE, NeedMode::parse, "individual of group")?;
    let required_qualification = r
        .text(QUALIFICATION)
        .map(|q| Qualification::parse(q).map_err(|e| FieldError::new(QUALIFICATION, e)))
        .transpose()?;
    let period = row::period(r, FROM, UNTIL, None)?;
    let blocks = row::blocks(r, BLOCKS)?;
    let fact = Fact::Need {
        category,
        mode,
        required_qualification,
        blocks,
    };
    push_fact(ctx, pupil, period, fact);
    Ok(())
}

/// `category`, `mode`, `required_qualification` (the blocks: `export_blocks`, after the period).
pub(crate) fn export(fact: &Fact) -> Vec<Out> {
    let Fact::Need {
        category,
        mode,
        required_qualification,
        ..
    } = fact
    else {
        return Vec::new();
    };
    vec![
        Out::text(category.code()),
        Out::text(mode.code()),
        Out::opt(
            required_qualification
                .as_ref()
                .map(|q| q.as_str().to_owned()),
        ),
    ]
}

/// `blocks`, the column after the period.
pub(crate) fn export_blocks(fact: &Fact) -> Out {
    match fact {
        Fact::Need { blocks, .. } => Out::List(blocks.iter().map(|b| b.to_string()).collect()),
        _ => Out::Empty,
    }
}
