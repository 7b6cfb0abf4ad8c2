//! The vrijstellingenregister for the leerplichtambtenaar (`/vrijstellingen`: signals,
//! open requests, the register with filters, as CSV) and a new exemption or request for
//! one pupil (`/vrijstellingen/nieuw?leerling=`). One exemption: `exemption.rs`.

use super::check_csrf;
use super::forms::{form_date, form_opt_date, form_period};
use super::verzuim::period_nl;
use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::exemptions::{self as glue, CheckError};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use continuum_domain::exemption::{Exemption, ExemptionGround};
use continuum_domain::ids::{ExemptionId, PupilId};
use continuum_domain::register::OrgKind;
use continuum_rules::leerplichtwet::{RenewalCheck, RenewalStatus};
use continuum_store::{Actor, ExemptionFile};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The renewal for the current or coming school year, in words.
pub(super) fn renewal_text(c: &RenewalCheck) -> String {
    let year = c.school_year.label();
    let deadline = nl_date(c.deadline);
    match c.status {
        RenewalStatus::NotNeeded { .. } => "niet nodig".into(),
        RenewalStatus::Received { notified_on } => {
            format!("{year}: binnen op {}", nl_date(notified_on))
        }
        RenewalStatus::ReceivedLate { notified_on } => {
            format!("{year}: te laat binnen op {}", nl_date(notified_on))
        }
        RenewalStatus::Due => format!("{year}: verwacht vóór {deadline}"),
        RenewalStatus::Missing => format!("{year}: ontbreekt (moest vóór {deadline})"),
    }
}

async fn must_be_municipality(state: &AppState, actor: &Actor) -> Result<(), WebError> {
    let own = state.store.organisation(actor.org).await?;
    if own.record.details.kind() == OrgKind::Gemeente {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

pub struct ExemptionRow {
    pub id: String,
    pub pupil: String,
    pub ground: String,
    pub period: String,
    pub renewal: String,
    pub renewal_missing: bool,
}

pub struct SignalRow {
    pub link: String,
    pub pupil: String,
    pub what: String,
    pub message: String,
    pub basis: String,
}

pub struct RequestRow {
    pub id: String,
    pub pupil: String,
    pub received: String,
    pub step: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "exemptions.html")]
struct RegisterPage {
    chrome: Chrome,
    date: String,
    grounds: Vec<Choice>,
    on_iso: String,
    query: String,
    rows: Vec<ExemptionRow>,
    total: usize,
    renewal_signals: Vec<SignalRow>,
    monitoring: Vec<SignalRow>,
    requests: Vec<RequestRow>,
}

#[derive(Deserialize, Default)]
pub struct RegisterQuery {
    #[serde(default)]
    grond: String,
    /// Only exemptions in force on this day (`JJJJ-MM-DD`), empty for all.
    #[serde(default)]
    op: String,
}

impl RegisterQuery {
    fn ground(&self) -> Option<ExemptionGround> {
        ExemptionGround::parse(&self.grond)
    }
    fn on(&self) -> Result<Option<NaiveDate>, WebError> {
        form_opt_date(&self.op, "'geldig op'")
    }
    fn keeps(&self, f: &ExemptionFile) -> Result<bool, WebError> {
        let e = &f.exemption.record;
        Ok(self.ground().is_none_or(|g| g == e.ground)
            && self.on()?.is_none_or(|d| e.period.contains(d)))
    }
    fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(g) = self.ground() {
            parts.push(format!("grond={}", g.code()));
        }
        if let Ok(Some(d)) = self.on() {
            parts.push(format!("op={d}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// `GET /vrijstellingen`: the municipality's register with its signals and requests.
pub async fn register_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "vrijstellingenregister bekijken",
        )
        .await;
    must_be_municipality(&state, &actor).await?;
    let all = glue::register_of(&state, &actor).await?;
    let today = actor.today;
    let checks = glue::renewal_checks(&all, today)?;
    let signals = glue::signals(&all, today)?;
    let by_id: HashMap<ExemptionId, &ExemptionFile> =
        all.iter().map(|f| (f.exemption.id, f)).collect();
    let name = |id: ExemptionId| {
        by_id
            .get(&id)
            .map(|f| f.pupil_name.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for f in &all {
        if !q.keeps(f)? {
            continue;
        }
        let e = &f.exemption.record;
        let check = checks.get(&f.exemption.id);
        rows.push(ExemptionRow {
            id: f.exemption.id.to_string(),
            pupil: f.pupil_name.clone(),
            ground: format!("{} ({})", e.ground.article_nl(), e.ground.label_nl()),
            period: period_nl(e.period.start(), e.period.end()),
            renewal: check.map(renewal_text).unwrap_or_default(),
            renewal_missing: check.is_some_and(|c| c.status == RenewalStatus::Missing),
        });
    }
    let requests = glue::requests_of(&state, &actor)
        .await?
        .into_iter()
        .map(|r| RequestRow {
            id: r.request.id.to_string(),
            pupil: r.pupil_name,
            received: nl_date(r.request.record.notification.received_on),
            step: r.request.record.step().label_nl().to_owned(),
            open: r.request.record.decision.is_none(),
        })
        .collect();
    let chrome = Chrome::of(&state, &me).await;
    html(&RegisterPage {
        chrome,
        date: nl_date(today),
        grounds: ExemptionGround::ALL
            .into_iter()
            .map(|g| Choice {
                code: g.code().to_owned(),
                label: format!("{} ({})", g.article_nl(), g.label_nl()),
                selected: q.ground() == Some(g),
            })
            .collect(),
        on_iso: q.on()?.map(|d| d.to_string()).unwrap_or_default(),
        query: q.query_string(),
        total: all.len(),
        rows,
        renewal_signals: signals
            .renewals
            .into_iter()
            .map(|s| SignalRow {
                link: format!("/vrijstellingen/{}", s.exemption),
                pupil: name(s.exemption),
                what: match s.kind {
                    continuum_rules::leerplichtwet::RenewalSignalKind::Herinnering => {
                        "Kennisgeving nog niet binnen".into()
                    }
                    continuum_rules::leerplichtwet::RenewalSignalKind::Ontbreekt => {
                        "Kennisgeving ontbreekt".into()
                    }
                },
                message: s.message,
                basis: s.basis.to_string(),
            })
            .collect(),
        monitoring: signals
            .monitoring
            .into_iter()
            .map(|s| SignalRow {
                link: format!("/vrijstellingen/{}", s.exemption),
                pupil: name(s.exemption),
                what: "Toezicht 5 onder a".into(),
                message: s.message,
                basis: s.basis.to_string(),
            })
            .collect(),
        requests,
    })
}

/// `GET /vrijstellingen.csv`: the register (with the same filter) as CSV.
pub async fn register_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "vrijstellingenregister exporteren",
        )
        .await;
    must_be_municipality(&state, &actor).await?;
    let all = glue::register_of(&state, &actor).await?;
    let mut kept = Vec::new();
    for f in all {
        if q.keeps(&f)? {
            kept.push(f);
        }
    }
    let checks = glue::renewal_checks(&kept, actor.today)?;
    let body = register_csv_text(&kept, &checks, actor.today).map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"vrijstellingen.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The columns of `vrijstellingen.csv` (docs/formats/vrijstellingen.md).
pub fn register_csv_text(
    files: &[ExemptionFile],
    checks: &HashMap<ExemptionId, RenewalCheck>,
    today: NaiveDate,
) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record([
        "vrijstelling_id",
        "leerling_id",
        "leerling",
        "geboortedatum",
        "grond",
        "van",
        "tot_en_met",
        "kennisgeving_op",
        "kennisgeving_schooljaar",
        "kennisgeving_status",
        "kennisgeving_voor",
        "casusregisseur",
        "volgende_evaluatie",
        "ontwikkelingsaanbod",
    ])
    .map_err(err)?;
    for f in files {
        let e = &f.exemption.record;
        let check = checks.get(&f.exemption.id);
        let status = check.map(|c| match c.status {
            RenewalStatus::NotNeeded { .. } => "niet_nodig",
            RenewalStatus::Received { .. } => "ontvangen",
            RenewalStatus::ReceivedLate { .. } => "te_laat_ontvangen",
            RenewalStatus::Due => "verwacht",
            RenewalStatus::Missing => "ontbreekt",
        });
        let dossier = e.dossier.as_ref();
        w.write_record([
            f.exemption.id.to_string(),
            e.pupil.to_string(),
            f.pupil_name.clone(),
            f.birth_date.to_string(),
            e.ground.code().to_owned(),
            e.period.start().to_string(),
            e.period.end().map(|d| d.to_string()).unwrap_or_default(),
            e.notified_on.to_string(),
            check.map(|c| c.school_year.label()).unwrap_or_default(),
            status.unwrap_or_default().to_owned(),
            check.map(|c| c.deadline.to_string()).unwrap_or_default(),
            dossier
                .map(|d| d.casusregisseur.name.clone())
                .unwrap_or_default(),
            dossier
                .and_then(|d| {
                    d.evaluations
                        .iter()
                        .filter(|v| !v.is_held())
                        .map(|v| v.planned_on)
                        .min()
                })
                .map(|d| d.to_string())
                .unwrap_or_default(),
            dossier
                .and_then(|d| d.development_offer_on(today))
                .map(|o| o.description.clone())
                .unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

#[derive(Template)]
#[template(path = "exemption_new.html")]
struct NewPage {
    chrome: Chrome,
    pupil_id: String,
    pupil: String,
    today: String,
    grounds: Vec<Choice>,
}

#[derive(Deserialize)]
pub struct NewQuery {
    leerling: Uuid,
}

/// `GET /vrijstellingen/nieuw?leerling=`: the forms for a new request 5 onder a or a new
/// exemption on another ground, for a pupil of the municipality.
pub async fn new_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<NewQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling registreren")
        .await;
    must_be_municipality(&state, &actor).await?;
    let file = state.store.pupil_file(&actor, PupilId(q.leerling)).await?;
    let chrome = Chrome::of(&state, &me).await;
    html(&NewPage {
        chrome,
        pupil_id: q.leerling.to_string(),
        pupil: file.pupil.record.full_name(),
        today: actor.today.to_string(),
        grounds: ExemptionGround::ALL
            .into_iter()
            .filter(|g| !g.has_dossier())
            .map(|g| Choice {
                code: g.code().to_owned(),
                label: format!("{} ({})", g.article_nl(), g.label_nl()),
                selected: false,
            })
            .collect(),
    })
}

#[derive(Deserialize)]
pub struct NewExemptionForm {
    csrf: String,
    leerling: Uuid,
    grond: String,
    van: String,
    #[serde(default)]
    tot: String,
    kennisgeving: String,
}

/// `POST /vrijstellingen`: an exemption on a ground without a dossier.
pub async fn create(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    axum::Form(f): axum::Form<NewExemptionForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let ground = ExemptionGround::parse(&f.grond)
        .ok_or_else(|| WebError::BadRequest("Kies een grond.".into()))?;
    let period = form_period(&f.van, &f.tot)?;
    let notified = form_date(&f.kennisgeving, "de datum van de kennisgeving")?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling registreren")
        .await;
    let ex = Exemption::without_dossier(PupilId(f.leerling), actor.org, ground, period, notified)
        .map_err(|e| WebError::BadRequest(e.message))?;
    let problems = ex.problems();
    if !problems.is_empty() {
        return Err(CheckError::Invalid(problems).into());
    }
    let file = state
        .store
        .create_exemption(&actor, ExemptionId::new_random(), ex)
        .await?;
    Ok(Redirect::to(&format!("/vrijstellingen/{}", file.exemption.id)).into_response())
}
