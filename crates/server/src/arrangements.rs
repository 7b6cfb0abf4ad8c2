//! Arrangements with the rules engine: an arrangement is stored only when
//! `continuum_rules::passend_onderwijs::validate_arrangement` finds no field wrong (the
//! structure, and for reduced teaching time no permission longer than the inspectie gives),
//! and the reminders before an arrangement or permission ends come from the same crate.

use crate::AppState;
use crate::exemptions::{CheckError, params};
use continuum_domain::arrangement::Arrangement;
use continuum_domain::ids::ArrangementId;
use continuum_domain::register::Version;
use continuum_rules::passend_onderwijs::{ExpiryReminder, expiry_reminders, validate_arrangement};
use continuum_store::{Actor, ArrangementFile};

fn validated(a: &Arrangement, actor: &Actor) -> Result<(), CheckError> {
    let problems = validate_arrangement(a, actor.today, params()?)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CheckError::Invalid(problems))
    }
}

/// Records a new arrangement of the actor's school after checking every field.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    id: ArrangementId,
    a: Arrangement,
) -> Result<ArrangementFile, CheckError> {
    validated(&a, actor)?;
    Ok(state.store.create_arrangement(actor, id, a).await?)
}

/// Stores a new version (a renewed permission, another end) after checking every field.
pub async fn change(
    state: &AppState,
    actor: &Actor,
    id: ArrangementId,
    expected: Version,
    a: Arrangement,
) -> Result<ArrangementFile, CheckError> {
    validated(&a, actor)?;
    Ok(state
        .store
        .change_arrangement(actor, id, expected, a)
        .await?)
}

/// The arrangements among `files` that end within the reminder lead time from the actor's
/// today, soonest first.
pub fn reminders(
    files: &[ArrangementFile],
    actor: &Actor,
) -> Result<Vec<ExpiryReminder>, CheckError> {
    let items = files
        .iter()
        .map(|f| (f.arrangement.id, &f.arrangement.record));
    let mut out = expiry_reminders(items, actor.today, params()?)?;
    out.sort_by_key(|r| (r.ends_on, r.arrangement));
    Ok(out)
}
