//! Stores the demo's vrijstellingenregister and arrangements after the import, through
//! the store's use cases and the rules engine's gate — as the demo leerplichtambtenaar and
//! the demo school would — so they are checked and audited like real records.

use continuum_demo::{DemoLogin, DemoRegister};
use continuum_domain::ids::{OrgId, UserId};
use continuum_domain::role::Role;
use continuum_server::AppState;
use continuum_store::{Actor, Store};
use std::sync::Arc;

/// The actor of the demo registrator of `org`.
fn actor_of(logins: &[DemoLogin], user_ids: &[UserId], org: OrgId) -> Option<Actor> {
    let i = logins
        .iter()
        .position(|l| l.org == org && l.role == Role::Registrator)?;
    let l = &logins[i];
    let now = chrono::Utc::now();
    Some(Actor {
        user: *user_ids.get(i)?,
        user_name: l.login.clone(),
        org,
        org_name: l.org_name.clone(),
        role: Role::Registrator,
        origin: "demo".into(),
        purpose: "demogegevens vastleggen".into(),
        today: now
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive(),
        now,
    })
}

/// Stores the register; returns how many exemptions and arrangements were stored. A
/// record the rules or the store refuse (the demo started long after its school year)
/// is reported and skipped: the rest of the demo still works.
pub async fn store(
    store: Arc<dyn Store>,
    reg: &DemoRegister,
    logins: &[DemoLogin],
    user_ids: &[UserId],
) -> (usize, usize) {
    let state = AppState::new(store);
    let warn = |what: &str, e: &dyn std::fmt::Display| {
        eprintln!("let op: demogegevens {what} niet vastgelegd: {e}");
    };
    let mut exemptions = 0;
    let mut arrangements = 0;
    if let Some(gemeente) = reg.municipality.and_then(|m| actor_of(logins, user_ids, m)) {
        for r in &reg.requests {
            let opened = state
                .store
                .create_exemption_request(&gemeente, r.id, r.request.clone())
                .await;
            match opened {
                Ok(file) if r.register => {
                    match continuum_server::exemptions::register_request(
                        &state,
                        &gemeente,
                        r.id,
                        file.request.version,
                    )
                    .await
                    {
                        Ok(_) => exemptions += 1,
                        Err(e) => warn("vrijstelling 5 onder a", &e),
                    }
                }
                Ok(_) => {}
                Err(e) => warn("aanvraag vrijstelling", &e),
            }
        }
        for (id, renewal) in &reg.renewals {
            let current = state.store.exemption(&gemeente, *id).await;
            let done = match current {
                Ok(f) => continuum_server::exemptions::record_renewal(
                    &state,
                    &gemeente,
                    *id,
                    f.exemption.version,
                    renewal.clone(),
                )
                .await
                .map(|_| ()),
                Err(e) => Err(e.into()),
            };
            if let Err(e) = done {
                warn("jaarlijkse kennisgeving", &e);
            }
        }
        for (id, ex) in &reg.exemptions {
            match state
                .store
                .create_exemption(&gemeente, *id, ex.clone())
                .await
            {
                Ok(_) => exemptions += 1,
                Err(e) => warn("vrijstelling", &e),
            }
        }
    }
    if let Some(school) = reg.school.and_then(|s| actor_of(logins, user_ids, s)) {
        for (id, a) in &reg.arrangements {
            match continuum_server::arrangements::create(&state, &school, *id, a.clone()).await {
                Ok(_) => arrangements += 1,
                Err(e) => warn("arrangement", &e),
            }
        }
    }
    (exemptions, arrangements)
}
