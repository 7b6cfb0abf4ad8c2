//! Cases beyond the store: their deadlines (the rules engine, with the region's OOGO
//! agreement) and the escalation job — an overdue case escalates on its own to the party
//! holding doorzettingsmacht (or a ZiO dispute to the geschillenregeling), recorded as an
//! automatic event in its timeline with a notification to everyone involved.

use crate::AppState;
use chrono::{DateTime, Utc};
use continuum_domain::Date;
use continuum_domain::case::{Case, OogoEscalation};
use continuum_domain::ids::{CaseId, UserId};
use continuum_domain::role::Role;
use continuum_rules::doorzettingsmacht::{
    CaseDeadline, EscalationDue, case_deadlines, escalation_due,
};
use continuum_rules::{NoTrace, Params};
use continuum_store::{Actor, StoreError};
use std::sync::OnceLock;
use std::time::Duration;

/// How often the server looks for overdue cases.
pub const ESCALATION_INTERVAL: Duration = Duration::from_secs(60 * 60);

fn params() -> Result<&'static Params, String> {
    static PARAMS: OnceLock<Result<Params, String>> = OnceLock::new();
    PARAMS
        .get_or_init(|| Params::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| format!("parameters: {e}"))
}

/// Every region's current OOGO agreement on doorzettingsmacht.
pub async fn agreements(state: &AppState) -> Result<Vec<OogoEscalation>, StoreError> {
    Ok(state
        .store
        .oogo_agreements()
        .await?
        .into_iter()
        .map(|v| v.record)
        .collect())
}

/// The region's agreement that covers the case's municipality now.
pub fn oogo_for<'a>(case: &Case, all: &'a [OogoEscalation]) -> Option<&'a OogoEscalation> {
    all.iter().find(|o| o.covers(case.municipality()))
}

/// The case's deadlines, earliest first, or why they cannot be computed (no OOGO agreement
/// for its region, a term outside the parameters).
pub fn deadlines(case: &Case, all: &[OogoEscalation]) -> Result<Vec<CaseDeadline>, String> {
    case_deadlines(case, oogo_for(case, all), params()?, &mut NoTrace).map_err(|e| e.to_string())
}

/// Whether the case is overdue on `today` and where it would go.
pub fn due(
    case: &Case,
    all: &[OogoEscalation],
    today: Date,
) -> Result<Option<EscalationDue>, String> {
    escalation_due(case, oogo_for(case, all), params()?, today, &mut NoTrace)
        .map_err(|e| e.to_string())
}

/// What one run of the escalation job did.
#[derive(Debug, Default)]
pub struct EscalationRun {
    /// The cases escalated or referred, with where they went.
    pub escalated: Vec<(CaseId, EscalationDue)>,
    /// Cases the rule could not judge, and why (e.g. the region recorded no OOGO
    /// agreement): they are not skipped silently.
    pub problems: Vec<(CaseId, String)>,
}

/// The actor an automatic step is recorded under: the case's municipality, for which the
/// rule acts. The audit log names it as such.
fn system_actor(case: &Case, now: DateTime<Utc>, today: Date) -> Actor {
    Actor {
        user: UserId(uuid::Uuid::nil()),
        user_name: continuum_domain::case::Actor::AUTOMATIC.to_owned(),
        org: case.municipality(),
        org_name: String::from("continuum (automatisch)"),
        role: Role::Registrator,
        origin: String::from("escalatie"),
        purpose: String::from("automatische escalatie (doorzettingsmacht)"),
        today,
        now,
    }
}

/// Escalates every open case that is overdue on `today`.
pub async fn escalate_overdue(
    state: &AppState,
    now: DateTime<Utc>,
    today: Date,
) -> Result<EscalationRun, StoreError> {
    let cases = state.store.open_cases().await?;
    let agreements = agreements(state).await?;
    let mut run = EscalationRun::default();
    for case in cases {
        let due = match due(&case, &agreements, today) {
            Ok(Some(d)) => d,
            Ok(None) => continue,
            Err(why) => {
                run.problems.push((case.id(), why));
                continue;
            }
        };
        let actor = system_actor(&case, now, today);
        let message = due.message();
        let notify = due.notify.iter().map(|o| (*o, message.clone())).collect();
        match state
            .store
            .record_case_event(&actor, case.id(), case.version(), due.event(today), notify)
            .await
        {
            Ok(_) => run.escalated.push((case.id(), due)),
            // Someone recorded in the case meanwhile: the next run judges it again.
            Err(StoreError::StaleVersion { .. }) => {}
            Err(e) => run.problems.push((case.id(), e.to_string())),
        }
    }
    Ok(run)
}

/// Runs the escalation job now and then every [`ESCALATION_INTERVAL`], for as long as the
/// server runs.
pub fn spawn_escalation_job(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(ESCALATION_INTERVAL);
        loop {
            tick.tick().await;
            let (now, today) = (state.clock.now(), state.clock.today());
            match escalate_overdue(&state, now, today).await {
                Ok(run) => {
                    for (id, due) in &run.escalated {
                        tracing::info!(case = %id, since = %due.since, "zaak automatisch geëscaleerd");
                    }
                    for (id, why) in &run.problems {
                        tracing::warn!(case = %id, %why, "zaak niet te beoordelen voor escalatie");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "escalatie mislukt"),
            }
        }
    });
}
