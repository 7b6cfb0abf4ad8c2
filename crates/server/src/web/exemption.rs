//! One exemption (`/vrijstellingen/{id}`): its ground, period, dossier under art. 5 onder a
//! (statement, perspective, casusregisseur, evaluations, development offer), the yearly
//! renewals and every version — for the municipality that keeps it, the school, its SWV
//! and the parents (in plain words) — with a form per change for the municipality.

use super::check_csrf;
use super::exemptions::renewal_text;
use super::forms::{form_date, form_opt_date, offer_of, statement_of};
use super::verzuim::period_nl;
use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::exemptions as glue;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use continuum_domain::exemption::{Evaluation, Exemption, Renewal, Statement5a, StatementBy};
use continuum_domain::ids::ExemptionId;
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{OrgKind, Version};
use continuum_rules::leerplichtwet::RenewalStatus;
use continuum_store::Actor;
use serde::Deserialize;
use uuid::Uuid;

pub struct RenewalRow {
    pub year: String,
    pub notified: String,
    pub by_parent: bool,
    pub statement: String,
}

pub struct EvaluationRow {
    pub index: usize,
    pub planned: String,
    pub held: String,
    pub outcome: String,
}

pub struct VersionRow {
    pub version: i64,
    pub at: String,
    pub by: String,
    pub summary: String,
}

#[derive(Template)]
#[template(path = "exemption.html")]
struct ExemptionPage {
    chrome: Chrome,
    id: String,
    version: i64,
    pupil_id: String,
    pupil: String,
    birth_date: String,
    municipality: String,
    ground: String,
    has_dossier: bool,
    yearly: bool,
    period: String,
    end_iso: String,
    notified: String,
    renewal: String,
    renewal_missing: bool,
    renewals: Vec<RenewalRow>,
    statement: String,
    perspective: String,
    casusregisseur: String,
    evaluations: Vec<EvaluationRow>,
    offers: Vec<(String, String, String)>,
    offer_now: String,
    may_write: bool,
    is_parent: bool,
    next_year: String,
    statement_kinds: Vec<(String, String)>,
    history: Vec<VersionRow>,
}

fn statement_text(s: &Statement5a) -> String {
    format!(
        "{} ({}), {}{}{}",
        s.name,
        s.by.label_nl(),
        nl_date(s.date),
        if s.designated_by_municipality {
            ", aangewezen door de gemeente"
        } else {
            ", niet aangewezen door de gemeente"
        },
        if s.never_fit {
            "; het kind wordt nooit geschikt"
        } else {
            ""
        }
    )
}

fn version_summary(e: &Exemption) -> String {
    let mut parts = vec![period_nl(e.period.start(), e.period.end())];
    if !e.renewals.is_empty() {
        parts.push(format!("{} kennisgeving(en)", e.renewals.len()));
    }
    if let Some(d) = &e.dossier {
        parts.push(format!(
            "{} evaluatie(s), {} aanbod",
            d.evaluations.len(),
            d.development_offers.len()
        ));
    }
    parts.join(" · ")
}

/// `GET /vrijstellingen/{id}`.
pub async fn one(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling bekijken")
        .await;
    let history = state
        .store
        .exemption_history(&actor, ExemptionId(id))
        .await?;
    let f = history.first().ok_or(WebError::NotFound)?;
    let e = &f.exemption.record;
    let check = glue::renewal_checks(std::slice::from_ref(f), actor.today)?.remove(&f.exemption.id);
    let own = state.store.organisation(actor.org).await?;
    let d = e.dossier.as_ref();
    let chrome = Chrome::of(&state, &me).await;
    html(&ExemptionPage {
        chrome,
        id: id.to_string(),
        version: f.exemption.version.0,
        pupil_id: e.pupil.to_string(),
        pupil: f.pupil_name.clone(),
        birth_date: nl_date(f.birth_date),
        municipality: f.municipality_name.clone(),
        ground: format!("{}: {}", e.ground.article_nl(), e.ground.label_nl()),
        has_dossier: e.ground.has_dossier(),
        yearly: e.ground.yearly_notification(),
        period: period_nl(e.period.start(), e.period.end()),
        end_iso: e.period.end().map(|d| d.to_string()).unwrap_or_default(),
        notified: nl_date(e.notified_on),
        renewal: check.as_ref().map(renewal_text).unwrap_or_default(),
        renewal_missing: check
            .as_ref()
            .is_some_and(|c| c.status == RenewalStatus::Missing),
        renewals: e
            .renewals
            .iter()
            .map(|r| RenewalRow {
                year: r.school_year.label(),
                notified: nl_date(r.notified_on),
                by_parent: r.by_parent,
                statement: r.statement.as_ref().map(statement_text).unwrap_or_default(),
            })
            .collect(),
        statement: d.map(|d| statement_text(&d.statement)).unwrap_or_default(),
        perspective: d
            .map(|d| {
                format!(
                    "{} ({})",
                    d.perspective.summary,
                    nl_date(d.perspective.date)
                )
            })
            .unwrap_or_default(),
        casusregisseur: d.map(|d| d.casusregisseur.name.clone()).unwrap_or_default(),
        evaluations: d
            .map(|d| {
                d.evaluations
                    .iter()
                    .enumerate()
                    .map(|(i, v)| EvaluationRow {
                        index: i,
                        planned: nl_date(v.planned_on),
                        held: v.held_on.map(nl_date).unwrap_or_default(),
                        outcome: v.outcome.clone().unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        offers: d
            .map(|d| {
                d.development_offers
                    .iter()
                    .map(|o| {
                        (
                            nl_date(o.from),
                            o.description.clone(),
                            o.hours_per_week.to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        offer_now: d
            .and_then(|d| d.development_offer_on(actor.today))
            .map(|o| format!("{} ({} uur per week)", o.description, o.hours_per_week))
            .unwrap_or_default(),
        may_write: actor.org == e.municipality && me.user.role.may_write(),
        is_parent: own.record.details.kind() == OrgKind::Ouders,
        next_year: check
            .map(|c| c.school_year)
            .unwrap_or(SchoolYear::containing(actor.today))
            .label(),
        statement_kinds: StatementBy::ALL
            .into_iter()
            .map(|b| (b.label_nl().to_owned(), b.label_nl().to_owned()))
            .collect(),
        history: history
            .iter()
            .map(|v| VersionRow {
                version: v.exemption.version.0,
                at: v
                    .exemption
                    .recorded_at
                    .with_timezone(&chrono_tz::Europe::Amsterdam)
                    .format("%d-%m-%Y %H:%M")
                    .to_string(),
                by: v.exemption.recorded_by.clone(),
                summary: version_summary(&v.exemption.record),
            })
            .collect(),
    })
}

/// Loads the exemption, checks the version the user saw, applies `change` and stores it.
async fn update(
    state: &AppState,
    me: &crate::auth::SignedIn,
    id: Uuid,
    seen: i64,
    purpose: &str,
    change: impl FnOnce(&mut Exemption) -> Result<(), WebError>,
) -> Result<Response, WebError> {
    let actor = state.actor(&me.user, me.origin.clone(), purpose).await;
    let current = state.store.exemption(&actor, ExemptionId(id)).await?;
    let mut ex = current.exemption.record;
    change(&mut ex)?;
    glue::change(state, &actor, ExemptionId(id), Version(seen), ex).await?;
    Ok(Redirect::to(&format!("/vrijstellingen/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct RenewalForm {
    csrf: String,
    versie: i64,
    schooljaar: String,
    ontvangen: String,
    #[serde(default)]
    ouder: Option<String>,
    #[serde(default)]
    door: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    aangewezen: Option<String>,
    #[serde(default)]
    behandelend: Option<String>,
    #[serde(default)]
    datum: String,
    #[serde(default)]
    nooit: Option<String>,
}

/// `POST /vrijstellingen/{id}/kennisgeving`: the yearly renewal, checked by the rules
/// engine for art. 5 onder a.
pub async fn add_renewal(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<RenewalForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let year = SchoolYear::parse(&f.schooljaar)
        .ok_or_else(|| WebError::BadRequest("Kies een schooljaar, bijv. 2027-2028.".into()))?;
    let statement = if f.naam.trim().is_empty() {
        None
    } else {
        Some(statement_of(
            &f.door,
            &f.naam,
            f.aangewezen.is_some(),
            f.behandelend.is_some(),
            &f.datum,
            f.nooit.is_some(),
        )?)
    };
    let renewal = Renewal {
        school_year: year,
        notified_on: form_date(&f.ontvangen, "de datum van de kennisgeving")?,
        by_parent: f.ouder.is_some(),
        statement,
    };
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "jaarlijkse kennisgeving vastleggen",
        )
        .await;
    glue::record_renewal(&state, &actor, ExemptionId(id), Version(f.versie), renewal).await?;
    Ok(Redirect::to(&format!("/vrijstellingen/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct EvaluationForm {
    csrf: String,
    versie: i64,
    /// Empty: plan a new one; else the index of the evaluation held.
    #[serde(default)]
    nummer: String,
    #[serde(default)]
    gepland: String,
    #[serde(default)]
    gehouden: String,
    #[serde(default)]
    uitkomst: String,
}

/// `POST /vrijstellingen/{id}/evaluatie`: plan an evaluation, or record one as held.
pub async fn evaluation(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<EvaluationForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    update(&state, &me, id, f.versie, "evaluatie vastleggen", |ex| {
        let d = ex
            .dossier
            .as_mut()
            .ok_or_else(|| WebError::BadRequest("Alleen bij art. 5 onder a.".into()))?;
        match f.nummer.trim().parse::<usize>() {
            Err(_) => d.evaluations.push(Evaluation::planned(form_date(
                &f.gepland,
                "de datum van de evaluatie",
            )?)),
            Ok(i) => {
                let v = d
                    .evaluations
                    .get_mut(i)
                    .ok_or_else(|| WebError::BadRequest("Onbekende evaluatie.".into()))?;
                v.held_on = Some(form_date(&f.gehouden, "de datum waarop zij is gehouden")?);
                v.outcome = Some(f.uitkomst.trim().to_owned()).filter(|o| !o.is_empty());
            }
        }
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

/// `POST /vrijstellingen/{id}/aanbod`: the development offer from a date.
pub async fn offer(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<OfferForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let offer = offer_of(&f.omschrijving, &f.uren, &f.vanaf)?;
    update(
        &state,
        &me,
        id,
        f.versie,
        "ontwikkelingsaanbod vastleggen",
        |ex| {
            let d = ex
                .dossier
                .as_mut()
                .ok_or_else(|| WebError::BadRequest("Alleen bij art. 5 onder a.".into()))?;
            d.development_offers.push(offer);
            Ok(())
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct EndForm {
    csrf: String,
    versie: i64,
    #[serde(default)]
    einde: String,
}

/// `POST /vrijstellingen/{id}/einde`: the last day (empty: until further notice).
pub async fn end(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(f): axum::Form<EndForm>,
) -> Result<Response, WebError> {
    check_csrf(&f.csrf, &me)?;
    let end = form_opt_date(&f.einde, "de einddatum")?;
    update(
        &state,
        &me,
        id,
        f.versie,
        "einde vrijstelling vastleggen",
        |ex| {
            ex.period = Period::new(ex.period.start(), end)
                .map_err(|e| WebError::BadRequest(e.to_string()))?;
            Ok(())
        },
    )
    .await
}

/// The exemptions and arrangements on a pupil's file, for the organisations whose
/// relation reads them (school, SWV, municipality of residence, parents).
pub struct PupilSection {
    pub is_parent: bool,
    /// (id, what).
    pub exemptions: Vec<(String, String)>,
    /// (id, what).
    pub arrangements: Vec<(String, String)>,
    /// For a registrator of the municipality of residence: where to register one.
    pub register_link: Option<String>,
    /// For the school: its arrangements page.
    pub arrangements_link: Option<String>,
}

pub(super) async fn pupil_section(
    state: &AppState,
    actor: &Actor,
    file: &continuum_store::PupilFile,
) -> Result<Option<PupilSection>, WebError> {
    use continuum_domain::access::Relation;
    if !file.relations.iter().any(Relation::reads_exemption) {
        return Ok(None);
    }
    let pupil = file.pupil.id;
    let exemptions = state
        .store
        .exemptions_of_pupils(actor, &[pupil])
        .await?
        .into_iter()
        .map(|(id, e)| {
            (
                id.to_string(),
                format!(
                    "Vrijstelling {} ({}), {}",
                    e.ground.article_nl(),
                    e.ground.label_nl(),
                    period_nl(e.period.start(), e.period.end())
                ),
            )
        })
        .collect();
    let filter = continuum_store::ArrangementFilter {
        pupil: Some(pupil),
        ..Default::default()
    };
    let (arrangements, _) = state
        .store
        .arrangements(actor, filter, continuum_store::Page::all())
        .await?;
    let arrangements = arrangements
        .into_iter()
        .map(|f| {
            let a = &f.arrangement.record;
            (
                f.arrangement.id.to_string(),
                format!(
                    "{}, {}: {}",
                    a.kind.label_nl(),
                    period_nl(a.period.start(), a.period.end()),
                    a.description
                ),
            )
        })
        .collect();
    let writer = actor.role.may_write();
    let school = file.facts.iter().find_map(|f| match f.record.fact {
        continuum_domain::register::Fact::Enrolment { school, .. }
            if school == actor.org && f.record.period.contains(actor.today) =>
        {
            Some(school)
        }
        _ => None,
    });
    Ok(Some(PupilSection {
        is_parent: file.relations.contains(&Relation::Parents),
        exemptions,
        arrangements,
        register_link: (writer && file.relations.contains(&Relation::MunicipalityOfResidence))
            .then(|| format!("/vrijstellingen/nieuw?leerling={pupil}")),
        arrangements_link: school.map(|s| format!("/scholen/{s}/arrangementen")),
    }))
}
