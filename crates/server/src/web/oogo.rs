//! `/oogo`: what each region agreed in its OOGO about doorzettingsmacht — who holds it for
//! education and for youth help, after how many weeks without an integral offer a case
//! escalates, and the geschillenregeling for ZiO disputes. A registrator of the SWV or of a
//! municipality party to the agreement records a new version.

use super::{Chrome, WebError, WebUser, html};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use continuum_domain::case::{OogoEscalation, YouthHelpHolder};
use continuum_domain::ids::OrgId;
use continuum_store::Page;
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

pub struct AgreementView {
    pub swv_id: String,
    pub swv: String,
    pub municipalities: String,
    pub education: String,
    pub youth_help: String,
    pub weeks: u32,
    pub geschillenregeling: String,
    pub version: i64,
    pub recorded: String,
    pub may_change: bool,
}

#[derive(Template)]
#[template(path = "oogo.html")]
struct OogoPage {
    chrome: Chrome,
    agreements: Vec<AgreementView>,
}

pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let (orgs, _) = state.store.organisations(None, Page::all()).await?;
    let names: HashMap<OrgId, String> = orgs.into_iter().map(|o| (o.id, o.record.name)).collect();
    let name = |o: &OrgId| names.get(o).cloned().unwrap_or_else(|| o.to_string());
    let agreements = state
        .store
        .oogo_agreements()
        .await?
        .into_iter()
        .map(|v| {
            let o = &v.record;
            let mut munis: Vec<String> = o.municipalities().iter().map(&name).collect();
            munis.sort();
            AgreementView {
                swv_id: o.swv().to_string(),
                swv: name(&o.swv()),
                municipalities: munis.join(", "),
                education: name(&o.education()),
                youth_help: match o.youth_help() {
                    YouthHelpHolder::Woonplaats => {
                        "de gemeente waar het kind woont (Jeugdwet art. 2.3)".to_owned()
                    }
                    YouthHelpHolder::Gemeente { municipality } => name(&municipality),
                },
                weeks: o.weeks_without_offer(),
                geschillenregeling: o.geschillenregeling().to_owned(),
                version: v.version.0,
                recorded: super::nl_date(v.recorded_at.date_naive()),
                may_change: me.user.role.may_write()
                    && (o.swv() == me.user.org || o.municipalities().contains(&me.user.org)),
            }
        })
        .collect();
    let chrome = Chrome::of(&state, &me).await;
    html(&OogoPage { chrome, agreements })
}

#[derive(Deserialize)]
pub struct ChangeForm {
    csrf: String,
    weken: u32,
    geschillenregeling: String,
}

/// `POST /oogo/{swv}`: a new version with another term or geschillenregeling.
pub async fn change(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(swv): Path<Uuid>,
    axum::Form(form): axum::Form<ChangeForm>,
) -> Result<Response, WebError> {
    super::check_csrf(&form.csrf, &me)?;
    let current = state
        .store
        .oogo_agreements()
        .await?
        .into_iter()
        .find(|v| v.id == OrgId(swv))
        .ok_or(WebError::NotFound)?
        .record;
    let changed = OogoEscalation::new(
        current.swv(),
        current.municipalities().to_vec(),
        current.education(),
        current.youth_help(),
        form.weken,
        form.geschillenregeling,
    )
    .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "OOGO-afspraak vastleggen")
        .await;
    state.store.put_oogo(&actor, changed).await?;
    Ok(Redirect::to("/oogo").into_response())
}
