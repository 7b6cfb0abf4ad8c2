//! The other lists of the register page as CSV (docs/formats/vrijstellingen.md): the
//! signals (`/vrijstellingen/signalen.csv`) and the requests for an exemption under art. 5
//! onder a (`/vrijstellingen/aanvragen.csv`).

use super::{WebError, WebUser};
use crate::AppState;
use crate::exemptions as glue;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use continuum_domain::exemption::Decision;
use continuum_domain::register::OrgKind;
use continuum_rules::leerplichtwet::{MonitoringKind, RenewalSignalKind};
use continuum_store::Actor;

async fn municipality_actor(
    state: &AppState,
    me: &crate::auth::SignedIn,
    purpose: &str,
) -> Result<Actor, WebError> {
    let actor = state.actor(&me.user, me.origin.clone(), purpose).await;
    let own = state.store.organisation(actor.org).await?;
    if own.record.details.kind() == OrgKind::Gemeente {
        Ok(actor)
    } else {
        Err(WebError::NotFound)
    }
}

fn csv_response(rows: Vec<Vec<String>>, name: &'static str) -> Result<Response, WebError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r)
            .map_err(|e| WebError::Internal(e.to_string()))?;
    }
    let body = w
        .into_inner()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

fn strings<const N: usize>(v: [&str; N]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// `GET /vrijstellingen/signalen.csv`: today's signals of the register.
pub async fn signals_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let actor =
        municipality_actor(&state, &me, "signalen vrijstellingenregister exporteren").await?;
    let files = glue::register_of(&state, &actor).await?;
    let s = glue::signals(&files, actor.today)?;
    let name = |id| {
        files
            .iter()
            .find(|f| f.exemption.id == id)
            .map(|f| (f.exemption.record.pupil.to_string(), f.pupil_name.clone()))
            .unwrap_or_default()
    };
    let mut rows = vec![strings([
        "vrijstelling_id",
        "leerling_id",
        "leerling",
        "signaal",
        "datum",
        "bericht",
        "grondslag",
    ])];
    for r in s.renewals {
        let (pupil_id, pupil) = name(r.exemption);
        let kind = match r.kind {
            RenewalSignalKind::Herinnering => "kennisgeving_herinnering",
            RenewalSignalKind::Ontbreekt => "kennisgeving_ontbreekt",
        };
        rows.push(vec![
            r.exemption.to_string(),
            pupil_id,
            pupil,
            kind.to_owned(),
            r.deadline.to_string(),
            r.message,
            r.basis.to_string(),
        ]);
    }
    for m in s.monitoring {
        let (pupil_id, pupil) = name(m.exemption);
        let (kind, date) = match m.kind {
            MonitoringKind::EvaluatieTeLaat { planned_on } => {
                ("evaluatie_te_laat", Some(planned_on))
            }
            MonitoringKind::EvaluatieGepland { planned_on } => {
                ("evaluatie_gepland", Some(planned_on))
            }
            MonitoringKind::GeenEvaluatieGepland => ("geen_evaluatie_gepland", None),
            MonitoringKind::GeenOntwikkelingsaanbod => ("geen_ontwikkelingsaanbod", None),
        };
        rows.push(vec![
            m.exemption.to_string(),
            pupil_id,
            pupil,
            kind.to_owned(),
            date.map(|d| d.to_string()).unwrap_or_default(),
            m.message,
            m.basis.to_string(),
        ]);
    }
    csv_response(rows, "vrijstellingen-signalen.csv")
}

/// `GET /vrijstellingen/aanvragen.csv`: the requests, open ones first.
pub async fn requests_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let actor = municipality_actor(&state, &me, "aanvragen vrijstelling exporteren").await?;
    let mut rows = vec![strings([
        "aanvraag_id",
        "leerling_id",
        "leerling",
        "kennisgeving_op",
        "gevraagd_van",
        "gevraagd_tot_en_met",
        "stap",
        "besluit_op",
        "reden_afwijzing",
    ])];
    for f in glue::requests_of(&state, &actor).await? {
        let r = &f.request.record;
        let (on, reason) = match &r.decision {
            Some(Decision::Registered { on }) => (Some(*on), String::new()),
            Some(Decision::Refused { on, reason }) => (Some(*on), reason.clone()),
            None => (None, String::new()),
        };
        rows.push(vec![
            f.request.id.to_string(),
            r.pupil.to_string(),
            f.pupil_name.clone(),
            r.notification.received_on.to_string(),
            r.notification.period.start().to_string(),
            r.notification
                .period
                .end()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            r.step().code().to_owned(),
            on.map(|d| d.to_string()).unwrap_or_default(),
            reason,
        ]);
    }
    csv_response(rows, "vrijstellingen-aanvragen.csv")
}
