//! A request for an exemption under art. 5 onder a, step by step
//! (`/vrijstellingen/aanvragen/{id}`): the parents' notification, the statement of art. 7,
//! the SWV's educational perspective, the casusregisseur, the evaluations and the
//! development offer — one form per step — and registration through the rules engine's
//! completeness check, which lists what is still missing.

use super::check_csrf;
use super::forms::{form_date, form_period, offer_of, statement_of};
use super::verzuim::period_nl;
use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::auth::SignedIn;
use crate::exemptions::{self as glue, CheckError};
use crate::rules::ReasonRow;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use continuum_domain::exemption::{
    Casusregisseur, Decision, EducationalPerspective, Evaluation, ExemptionRequest, Notification,
    RequestStep, StatementBy,
};
use continuum_domain::ids::{ExemptionId, OrgId, PupilId};
use continuum_domain::register::{OrgKind, Version};
use continuum_rules::leerplichtwet::Completeness;
use continuum_store::Page;
use serde::Deserialize;
use uuid::Uuid;

pub struct StepRow {
    pub label: String,
    pub done: bool,
    pub value: String,
}

#[derive(Template)]
#[template(path = "exemption_request.html")]
struct RequestPage {
    chrome: Chrome,
    id: String,
    version: i64,
    pupil_id: String,
    pupil: String,
    step: String,
    open: bool,
    decision: String,
    registered: bool,
    steps: Vec<StepRow>,
    /// What the completeness check finds missing today (empty: complete).
    missing: Vec<String>,
    reasoning: Vec<ReasonRow>,
    /// The refusal of a registration attempt, shown at the top.
    errors: Vec<String>,
    may_write: bool,
    swvs: Vec<(String, String)>,
    statement_kinds: Vec<String>,
    regisseur: String,
    evaluations: Vec<String>,
    offers: Vec<String>,
}

#[derive(Deserialize)]
pub struct NewRequestForm {
    csrf: String,
    leerling: Uuid,
    ontvangen: String,
    #[serde(default)]
    ouder: Option<String>,
    van: String,
    #[serde(default)]
    tot: String,
}

/// `POST /vrijstellingen/aanvragen`: the parents' notification opens a request.
pub async fn create(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    axum::Form(f): axum::Form<NewRequestForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let notification = Notification {
        received_on: form_date(&f.ontvangen, "de datum van de kennisgeving")?,
        by_parent: f.ouder.is_some(),
        period: form_period(&f.van, &f.tot)?,
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "aanvraag vrijstelling openen")
        .await;
    let req = ExemptionRequest::new(PupilId(f.leerling), actor.org, notification);
    let file = state
        .store
        .create_exemption_request(&actor, ExemptionId::new_random(), req)
        .await?;
    Ok(Redirect::to(&format!("/vrijstellingen/aanvragen/{}", file.request.id)).into_response())
}

/// `GET /vrijstellingen/aanvragen/{id}`.
pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    render(&state, &me, id, Vec::new()).await
}

async fn render(
    state: &AppState,
    me: &SignedIn,
    id: Uuid,
    errors: Vec<String>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "aanvraag vrijstelling bekijken",
        )
        .await;
    let file = state
        .store
        .exemption_request(&actor, ExemptionId(id))
        .await?;
    let r = &file.request.record;
    let open = r.decision.is_none();
    let (missing, reasoning) = if open {
        let (answer, trace) = glue::completeness(r, actor.today)?;
        let missing = match answer {
            Completeness::Complete => Vec::new(),
            Completeness::Incomplete { missing } => missing
                .into_iter()
                .map(|m| format!("{} ({})", m.explanation, m.basis))
                .collect(),
        };
        let reasoning = trace
            .steps
            .into_iter()
            .map(|s| ReasonRow::from_step(s, actor.today))
            .collect();
        (missing, reasoning)
    } else {
        (Vec::new(), Vec::new())
    };
    let n = &r.notification;
    let steps = vec![
        StepRow {
            label: "Kennisgeving van de ouders".into(),
            done: true,
            value: format!(
                "ontvangen op {}{}; gevraagd: {}",
                nl_date(n.received_on),
                if n.by_parent {
                    ""
                } else {
                    " (niet van een ouder)"
                },
                period_nl(n.period.start(), n.period.end())
            ),
        },
        StepRow {
            label: "Verklaring van arts, pedagoog of psycholoog (art. 7)".into(),
            done: r.statement.is_some(),
            value: r
                .statement
                .as_ref()
                .map(|s| {
                    format!(
                        "{} ({}), {}{}{}",
                        s.name,
                        s.by.label_nl(),
                        nl_date(s.date),
                        if s.designated_by_municipality {
                            ", aangewezen"
                        } else {
                            ", niet aangewezen"
                        },
                        if s.treating_physician {
                            ", behandelend arts"
                        } else {
                            ""
                        }
                    )
                })
                .unwrap_or_default(),
        },
        StepRow {
            label: "Onderwijskundig perspectief van het samenwerkingsverband".into(),
            done: r.perspective.is_some(),
            value: r
                .perspective
                .as_ref()
                .map(|p| format!("{} ({})", p.summary, nl_date(p.date)))
                .unwrap_or_default(),
        },
        StepRow {
            label: "Casusregisseur".into(),
            done: r.casusregisseur.is_some(),
            value: r
                .casusregisseur
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_default(),
        },
    ];
    let (swvs, _) = state
        .store
        .organisations(Some(OrgKind::Swv), Page::all())
        .await?;
    let decision = match &r.decision {
        Some(Decision::Registered { on }) => format!("Geregistreerd op {}", nl_date(*on)),
        Some(Decision::Refused { on, reason }) => {
            format!("Afgewezen op {}: {reason}", nl_date(*on))
        }
        None => String::new(),
    };
    let chrome = Chrome::of(state, me).await;
    let mut res = html(&RequestPage {
        chrome,
        id: id.to_string(),
        version: file.request.version.0,
        pupil_id: r.pupil.to_string(),
        pupil: file.pupil_name.clone(),
        step: r.step().label_nl().to_owned(),
        open,
        decision,
        registered: r.step() == RequestStep::Registered,
        steps,
        missing,
        reasoning,
        errors: errors.clone(),
        may_write: open && actor.org == r.municipality && me.user.role.may_write(),
        swvs: swvs
            .into_iter()
            .map(|s| (s.id.to_string(), s.record.name))
            .collect(),
        statement_kinds: StatementBy::ALL
            .into_iter()
            .map(|b| b.label_nl().to_owned())
            .collect(),
        regisseur: r
            .casusregisseur
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_else(|| me.user.display_name.clone()),
        evaluations: r
            .evaluations
            .iter()
            .map(|e| nl_date(e.planned_on))
            .collect(),
        offers: r
            .development_offers
            .iter()
            .map(|o| {
                format!(
                    "vanaf {}: {} ({} uur per week)",
                    nl_date(o.from),
                    o.description,
                    o.hours_per_week
                )
            })
            .collect(),
    })?;
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// Loads the request, applies one step and stores it with the version the user saw.
async fn step(
    state: &AppState,
    me: &SignedIn,
    id: Uuid,
    seen: i64,
    purpose: &str,
    change: impl FnOnce(&mut ExemptionRequest, OrgId) -> Result<(), WebError>,
) -> Result<Response, WebError> {
    let actor = state.actor(&me.user, me.origin.clone(), purpose).await;
    let file = state
        .store
        .exemption_request(&actor, ExemptionId(id))
        .await?;
    let mut req = file.request.record;
    change(&mut req, actor.org)?;
    state
        .store
        .change_exemption_request(&actor, ExemptionId(id), Version(seen), req)
        .await?;
    Ok(Redirect::to(&format!("/vrijstellingen/aanvragen/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct StatementForm {
    csrf: String,
    versie: i64,
    door: String,
    naam: String,
    #[serde(default)]
    aangewezen: Option<String>,
    #[serde(default)]
    behandelend: Option<String>,
    datum: String,
    #[serde(default)]
    nooit: Option<String>,
}

/// `POST /vrijstellingen/aanvragen/{id}/verklaring`.
pub async fn statement(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<StatementForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let s = statement_of(
        &f.door,
        &f.naam,
        f.aangewezen.is_some(),
        f.behandelend.is_some(),
        &f.datum,
        f.nooit.is_some(),
    )?;
    step(
        &state,
        &me,
        id,
        f.versie,
        "verklaring vastleggen",
        |r, _| {
            r.statement = Some(s);
            Ok(())
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct PerspectiveForm {
    csrf: String,
    versie: i64,
    swv: Uuid,
    datum: String,
    samenvatting: String,
}

/// `POST /vrijstellingen/aanvragen/{id}/perspectief`.
pub async fn perspective(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<PerspectiveForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    if f.samenvatting.trim().is_empty() {
        return Err(WebError::BadRequest(
            "Schrijf op wat het samenwerkingsverband concludeert.".into(),
        ));
    }
    let p = EducationalPerspective {
        swv: OrgId(f.swv),
        date: form_date(&f.datum, "de datum van het perspectief")?,
        summary: f.samenvatting.trim().to_owned(),
    };
    step(
        &state,
        &me,
        id,
        f.versie,
        "perspectief vastleggen",
        |r, _| {
            r.perspective = Some(p);
            Ok(())
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct RegisseurForm {
    csrf: String,
    versie: i64,
    naam: String,
}

/// `POST /vrijstellingen/aanvragen/{id}/casusregisseur`: someone of the municipality.
pub async fn casusregisseur(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<RegisseurForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    if f.naam.trim().is_empty() {
        return Err(WebError::BadRequest(
            "Vul de naam van de casusregisseur in.".into(),
        ));
    }
    step(
        &state,
        &me,
        id,
        f.versie,
        "casusregisseur benoemen",
        |r, org| {
            r.casusregisseur = Some(Casusregisseur {
                name: f.naam.trim().to_owned(),
                organisation: org,
            });
            Ok(())
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct PlanForm {
    csrf: String,
    versie: i64,
    gepland: String,
}

/// `POST /vrijstellingen/aanvragen/{id}/evaluatie`: schedule an evaluation.
pub async fn evaluation(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<PlanForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let on = form_date(&f.gepland, "de datum van de evaluatie")?;
    step(&state, &me, id, f.versie, "evaluatie plannen", |r, _| {
        r.evaluations.push(Evaluation::planned(on));
        Ok(())
    })
    .await
}

#[derive(Deserialize)]
pub struct OfferForm {
    csrf: String,
    versie: i64,
    omschrijving: String,
    uren: String,
    vanaf: String,
}

/// `POST /vrijstellingen/aanvragen/{id}/aanbod`: the development offer in a care setting.
pub async fn offer(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<OfferForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    if f.omschrijving.trim().is_empty() {
        return Err(WebError::BadRequest(
            "Beschrijf het ontwikkelingsaanbod.".into(),
        ));
    }
    let o = offer_of(&f.omschrijving, &f.uren, &f.vanaf)?;
    step(
        &state,
        &me,
        id,
        f.versie,
        "ontwikkelingsaanbod vastleggen",
        |r, _| {
            r.development_offers.push(o);
            Ok(())
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct VersionForm {
    csrf: String,
    versie: i64,
}

/// `POST /vrijstellingen/aanvragen/{id}/registreren`: through the completeness check;
/// when something is missing, the page again with every missing element.
pub async fn register(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<VersionForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "vrijstelling registreren na toets",
        )
        .await;
    match glue::register_request(&state, &actor, ExemptionId(id), Version(f.versie)).await {
        Ok(file) => {
            Ok(Redirect::to(&format!("/vrijstellingen/{}", file.exemption.id)).into_response())
        }
        Err(CheckError::Incomplete(missing)) => {
            let errors = missing.into_iter().map(|m| m.message).collect();
            render(&state, &me, id, errors).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct RefuseForm {
    csrf: String,
    versie: i64,
    reden: String,
}

/// `POST /vrijstellingen/aanvragen/{id}/afwijzen`.
pub async fn refuse(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<RefuseForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let today = state.clock.today();
    step(
        &state,
        &me,
        id,
        f.versie,
        "aanvraag vrijstelling afwijzen",
        |r, _| {
            r.refuse(today, &f.reden)
                .map_err(|e| WebError::BadRequest(e.message))
        },
    )
    .await
}
