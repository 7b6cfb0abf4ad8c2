//! One module per entity: its columns, how a row becomes a record, and how a record
//! becomes a row again (export). The semantic checks live here, once for both formats.

mod agreements;
mod classes;
mod enrolments;
mod indications;
mod needs;
mod organisations;
mod provider_assignments;
mod pupils;
mod tlvs;
mod workers;

use crate::error::FieldError;
use crate::export::{Out, Refs};
use crate::known::Known;
use crate::row::{Col, Row, Rows, required};
use crate::{EntityKind, ImportError};
use continuum_domain::ids::{FactId, OrgId, PupilId};
use continuum_domain::period::Period;
use continuum_domain::pgn::Pgn;
use continuum_domain::register::{Fact, FactKind, OrgKind, PupilFact};
use continuum_store::RegisterBatch;

/// What rows are resolved against and added to.
pub(crate) struct Ctx<'a> {
    pub known: &'a mut Known,
    pub batch: &'a mut RegisterBatch,
}

pub(crate) fn columns(kind: EntityKind) -> &'static [Col] {
    match kind {
        EntityKind::Organisations => organisations::COLS,
        EntityKind::Classes => classes::COLS,
        EntityKind::Workers => workers::COLS,
        EntityKind::Pupils => pupils::COLS,
        EntityKind::Enrolments => enrolments::COLS,
        EntityKind::Tlvs => tlvs::COLS,
        EntityKind::Indications => indications::COLS,
        EntityKind::Needs => needs::COLS,
        EntityKind::ProviderAssignments => provider_assignments::COLS,
        EntityKind::Agreements => agreements::COLS,
    }
}

/// Reads all rows of one entity into `ctx`; stops at the first bad row.
pub(crate) fn read(
    kind: EntityKind,
    rows: &mut dyn Rows,
    ctx: &mut Ctx,
) -> Result<(), ImportError> {
    let row: fn(&dyn Row, &mut Ctx) -> Result<(), FieldError> = match kind {
        EntityKind::Organisations => return organisations::read(rows, ctx),
        EntityKind::Classes => classes::row,
        EntityKind::Workers => workers::row,
        EntityKind::Pupils => pupils::row,
        EntityKind::Enrolments => enrolments::row,
        EntityKind::Tlvs => tlvs::row,
        EntityKind::Indications => indications::row,
        EntityKind::Needs => needs::row,
        EntityKind::ProviderAssignments => provider_assignments::row,
        EntityKind::Agreements => agreements::row,
    };
    rows.each(&mut |r| row(r, ctx))
}

/// The rows of one entity for export, in column order.
pub(crate) fn export(
    kind: EntityKind,
    batch: &RegisterBatch,
    refs: &Refs,
) -> Result<Vec<Vec<Out>>, String> {
    match kind {
        EntityKind::Organisations => organisations::export(batch, refs),
        EntityKind::Classes => classes::export(batch, refs),
        EntityKind::Workers => workers::export(batch, refs),
        EntityKind::Pupils => pupils::export(batch, refs),
        EntityKind::Agreements => agreements::export(batch, refs),
        EntityKind::Enrolments => facts(batch, refs, FactKind::Enrolment),
        EntityKind::Tlvs => facts(batch, refs, FactKind::Tlv),
        EntityKind::Indications => facts(batch, refs, FactKind::Indication),
        EntityKind::Needs => facts(batch, refs, FactKind::Need),
        EntityKind::ProviderAssignments => facts(batch, refs, FactKind::ProviderAssignment),
    }
}

/// The facts of one kind: `pgn`, the kind's own columns, `valid_from`, `valid_until`.
fn facts(batch: &RegisterBatch, refs: &Refs, kind: FactKind) -> Result<Vec<Vec<Out>>, String> {
    batch
        .facts
        .iter()
        .filter(|(_, f)| f.fact.kind() == kind)
        .map(|(_, f)| {
            let mut row = vec![Out::Text(refs.pgn(f.pupil)?)];
            row.extend(match &f.fact {
                Fact::Enrolment { school, class } => {
                    enrolments::export(*school, *class, &f.period, refs)?
                }
                Fact::Tlv { swv, category, emb } => tlvs::export(*swv, *category, *emb, refs)?,
                Fact::Indication { .. } => indications::export(&f.fact, refs)?,
                Fact::Need { .. } => needs::export(&f.fact),
                Fact::ProviderAssignment { provider } => vec![refs.org(*provider)?],
                // Parents' households are not in the exchange files.
                Fact::Guardianship { .. } => Vec::new(),
            });
            row.extend(period_out(&f.period));
            if let Fact::Need { .. } = f.fact {
                row.push(needs::export_blocks(&f.fact));
            }
            Ok(row)
        })
        .collect()
}

/// `valid_from`, `valid_until` as written out.
pub(crate) fn period_out(p: &Period) -> [Out; 2] {
    [Out::Date(Some(p.start())), Out::Date(p.end())]
}

/// A reference to an organisation of `kind` by its code.
pub(crate) fn org(
    r: &dyn Row,
    col: usize,
    kind: OrgKind,
    known: &Known,
) -> Result<OrgId, FieldError> {
    known
        .resolve(kind, required(r, col)?)
        .map_err(|reason| FieldError::new(col, reason))
}

/// A reference to a pupil by PGN. The reason never repeats the number.
pub(crate) fn pupil(r: &dyn Row, col: usize, known: &Known) -> Result<PupilId, FieldError> {
    let s = required(r, col)?;
    if let Some(id) = known.pupil(s) {
        return Ok(id);
    }
    let pgn = Pgn::parse(s).map_err(|e| FieldError::new(col, e.to_string()))?;
    known
        .pupil(pgn.as_str())
        .ok_or_else(|| FieldError::new(col, "onbekende leerling"))
}

pub(crate) fn push_fact(ctx: &mut Ctx, pupil: PupilId, period: Period, fact: Fact) {
    ctx.batch.facts.push((
        FactId::new_random(),
        PupilFact {
            pupil,
            period,
            fact,
        },
    ));
}
