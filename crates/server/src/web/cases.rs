//! Case pages: `/zaken` (my cases — open, overdue, escalated — with the organisation's
//! messages and a form to open one), `/zaken/{id}` (the case, its deadlines with their
//! basis, its timeline, and a form per kind of event).

use super::{Chrome, WebError, WebUser, check_csrf, html, nl_date};
use crate::AppState;
use crate::api::cases::{open_case, record_event};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use continuum_domain::case::{
    ActionState, CaseEvent, CaseResult, CaseType, Confidentiality, EscalationDomain, OogoEscalation,
};
use continuum_domain::ids::{ActionId, CaseId, DocumentId, OrgId, PupilId};
use continuum_domain::register::OrgKind;
use continuum_store::{CaseFile, Page};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Names of all organisations, for the pages.
async fn org_names(state: &AppState) -> Result<HashMap<OrgId, (String, OrgKind)>, WebError> {
    let (orgs, _) = state.store.organisations(None, Page::all()).await?;
    Ok(orgs
        .into_iter()
        .map(|o| (o.id, (o.record.name.clone(), o.record.details.kind())))
        .collect())
}

pub struct Choice {
    pub code: String,
    pub label: String,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter()
        .map(|t| Choice {
            code: code(*t).to_owned(),
            label: label(*t).to_owned(),
        })
        .collect()
}

pub struct CaseRow {
    pub id: String,
    pub pupil: String,
    pub kind: String,
    pub status: String,
    pub registered: String,
    pub next: String,
    pub overdue: bool,
    pub escalated: bool,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    chrome: Chrome,
    list: String,
    rows: Vec<CaseRow>,
    counts: (usize, usize, usize, usize),
    messages: Vec<(String, String, Option<String>)>,
    may_open: bool,
    pupils: Vec<(String, String)>,
    case_types: Vec<Choice>,
    today: String,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    lijst: String,
}

fn row(file: &CaseFile, agreements: &[OogoEscalation], today: NaiveDate) -> CaseRow {
    let case = &file.case;
    let deadlines = crate::cases::deadlines(case, agreements);
    let (next, overdue) = match &deadlines {
        Ok(d) => match d.first() {
            Some(first) => (
                format!(
                    "{}: {}",
                    nl_date(first.deadline.due),
                    first.deadline.description
                ),
                d.iter().any(|x| x.deadline.overdue(today)),
            ),
            None => (String::new(), false),
        },
        Err(why) => (format!("onbekend: {why}"), false),
    };
    CaseRow {
        id: case.id().to_string(),
        pupil: file.pupil_name.clone(),
        kind: case.case_type().label().to_owned(),
        status: case.status().label().to_owned(),
        registered: nl_date(case.registered_on()),
        next,
        overdue,
        escalated: case.round().escalation.is_some(),
    }
}

/// `GET /zaken[?lijst=open|te-laat|geescaleerd|alle]`.
pub async fn list(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<ListQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaken bekijken")
        .await;
    let files = state.store.cases(&actor, false).await?;
    let agreements = crate::cases::agreements(&state).await?;
    let all: Vec<(bool, CaseRow)> = files
        .iter()
        .map(|f| (f.case.is_closed(), row(f, &agreements, actor.today)))
        .collect();
    let counts = (
        all.iter().filter(|(closed, _)| !closed).count(),
        all.iter()
            .filter(|(closed, r)| !closed && r.overdue)
            .count(),
        all.iter()
            .filter(|(closed, r)| !closed && r.escalated)
            .count(),
        all.len(),
    );
    let list = match q.lijst.as_str() {
        "te-laat" | "geescaleerd" | "alle" => q.lijst.clone(),
        _ => "open".to_owned(),
    };
    let rows = all
        .into_iter()
        .filter(|(closed, r)| match list.as_str() {
            "te-laat" => !closed && r.overdue,
            "geescaleerd" => !closed && r.escalated,
            "alle" => true,
            _ => !closed,
        })
        .map(|(_, r)| r)
        .collect();
    let messages = state
        .store
        .notifications(&actor)
        .await?
        .into_iter()
        .take(20)
        .map(|n| {
            (
                n.at.with_timezone(&chrono_tz::Europe::Amsterdam)
                    .format("%d-%m-%Y %H:%M")
                    .to_string(),
                n.message,
                n.case.map(|c| c.to_string()),
            )
        })
        .collect();
    let own = state
        .store
        .organisation(me.user.org)
        .await?
        .record
        .details
        .kind();
    let may_open = me.user.role.may_write()
        && matches!(own, OrgKind::Gemeente | OrgKind::School | OrgKind::Swv);
    let pupils = if may_open {
        let (rows, _) = state
            .store
            .pupils_of_actor(&actor, Page::new(1, 500))
            .await?;
        rows.into_iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    format!(
                        "{} {} ({})",
                        r.given_name,
                        r.family_name,
                        nl_date(r.birth_date)
                    ),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let chrome = Chrome::of(&state, &me).await;
    html(&CasesPage {
        chrome,
        list,
        rows,
        counts,
        messages,
        may_open,
        pupils,
        case_types: choices(CaseType::ALL, CaseType::code, CaseType::label),
        today: actor.today.to_string(),
    })
}

/// `GET /zaken.csv`: every case the organisation sees, with its next deadline.
pub async fn list_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaken exporteren")
        .await;
    let files = state.store.cases(&actor, false).await?;
    let agreements = crate::cases::agreements(&state).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| WebError::Internal(e.to_string());
    w.write_record([
        "zaak_id",
        "leerling_id",
        "leerling",
        "soort",
        "status",
        "gemeente_id",
        "aangemeld_op",
        "casusregisseur",
        "eerstvolgende_termijn",
        "termijn_omschrijving",
        "te_laat",
        "geescaleerd",
        "resultaat",
    ])
    .map_err(err)?;
    for f in &files {
        let c = &f.case;
        let deadlines = crate::cases::deadlines(c, &agreements).unwrap_or_default();
        let next = deadlines.first();
        w.write_record([
            c.id().to_string(),
            c.pupil().to_string(),
            f.pupil_name.clone(),
            c.case_type().code().to_owned(),
            c.status().code().to_owned(),
            c.municipality().to_string(),
            c.registered_on().to_string(),
            c.regisseur().map(|r| r.name.clone()).unwrap_or_default(),
            next.map(|d| d.deadline.due.to_string()).unwrap_or_default(),
            next.map(|d| d.deadline.description.clone())
                .unwrap_or_default(),
            if deadlines.iter().any(|d| d.deadline.overdue(actor.today)) {
                "ja"
            } else {
                "nee"
            }
            .to_owned(),
            if c.round().escalation.is_some() {
                "ja"
            } else {
                "nee"
            }
            .to_owned(),
            c.result().map(|r| r.code().to_owned()).unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    let body = String::from_utf8(
        w.into_inner()
            .map_err(|e| WebError::Internal(e.to_string()))?,
    )
    .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                axum::http::HeaderValue::from_static("attachment; filename=\"zaken.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct OpenForm {
    csrf: String,
    leerling: Uuid,
    soort: String,
    datum: NaiveDate,
    reden: String,
}

/// `POST /zaken`: opens a case and shows it.
pub async fn open(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    axum::Form(form): axum::Form<OpenForm>,
) -> Result<Response, WebError> {
    check_csrf(&form.csrf, &me)?;
    let case_type = CaseType::parse(&form.soort)
        .ok_or_else(|| WebError::BadRequest("kies het soort zaak".into()))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak openen")
        .await;
    let file = open_case(
        &state,
        &actor,
        case_type,
        PupilId(form.leerling),
        form.datum,
        form.reden,
    )
    .await?;
    Ok(Redirect::to(&format!("/zaken/{}", file.case.id())).into_response())
}

pub struct TimelineRow {
    pub at: String,
    pub by: String,
    pub what: String,
    pub detail: String,
}

pub struct DeadlineRow {
    pub due: String,
    pub what: String,
    pub owner: String,
    pub basis: String,
    pub overdue: bool,
}

pub struct ActionRow {
    pub id: String,
    pub description: String,
    pub owner: String,
    pub deadline: String,
    pub state: String,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    id: String,
    version: u64,
    pupil_id: String,
    pupil: String,
    kind: String,
    status: String,
    closed: bool,
    municipality: String,
    registered: String,
    reason: String,
    regisseur: String,
    parents_involved: bool,
    consents: Vec<(String, String)>,
    views: Vec<(String, String)>,
    parties: Vec<(String, String)>,
    deadlines: Vec<DeadlineRow>,
    deadline_problem: Option<String>,
    actions: Vec<ActionRow>,
    documents: Vec<(String, String, String, String, String)>,
    timeline: Vec<TimelineRow>,
    may_record: bool,
    is_zorgplicht: bool,
    has_open_actions: bool,
    orgs: Vec<(String, String)>,
    gemeenten: Vec<(String, String)>,
    confidentialities: Vec<Choice>,
    results: Vec<Choice>,
    domains: Vec<Choice>,
    today: String,
}

/// A one-line Dutch summary of an event's content, for the timeline.
fn detail(event: &CaseEvent, name: &dyn Fn(&OrgId) -> String) -> String {
    use CaseEvent::*;
    match event {
        Opened {
            reason,
            registered_on,
            ..
        } => format!("{reason} (aangemeld op {})", nl_date(*registered_on)),
        PartyInvolved { org, role } => format!("{} als {role}", name(org)),
        PartyLeft { org, role } => format!("{} als {role}", name(org)),
        RegisseurNamed { name: n, org } => format!("{n} ({})", name(org)),
        ParentsInvolved { note } => note.clone(),
        ConsentRecorded { given, scope, on } => format!(
            "{} voor: {scope} ({})",
            if *given { "ja" } else { "nee" },
            nl_date(*on)
        ),
        PupilHeard { view, on } => format!("“{view}” ({})", nl_date(*on)),
        ActionAgreed {
            description,
            owner,
            deadline,
            ..
        } => format!(
            "{description} — {} uiterlijk {}",
            name(owner),
            nl_date(*deadline)
        ),
        ActionDone { on, .. } => format!("op {}", nl_date(*on)),
        ActionCancelled { reason, .. } => reason.clone(),
        DocumentAdded {
            title,
            kind,
            confidentiality,
            on,
            ..
        } => format!(
            "{title} ({kind}, {}, {})",
            confidentiality.label(),
            nl_date(*on)
        ),
        NoteAdded {
            text,
            confidentiality,
        } => format!("{text} ({})", confidentiality.label()),
        StatusChanged { to, note } => format!("{}: {note}", to.label()),
        ExtensionGranted { weeks, on, reason } => {
            format!("{weeks} weken, op {}: {reason}", nl_date(*on))
        }
        GapRecorded { domain, note } => format!("{}: {note}", domain.label()),
        OfferMade { offer, on } => format!("{offer} ({})", nl_date(*on)),
        Escalated {
            to,
            domain,
            reason,
            basis,
            ..
        } => format!(
            "naar {} ({}): {reason} Grondslag: {basis}",
            name(to),
            domain.label().to_lowercase()
        ),
        DecisionRecorded {
            decided_by,
            decision,
            on,
            basis,
        } => format!(
            "{} besluit op {}: {decision}{}",
            name(decided_by),
            nl_date(*on),
            basis
                .as_ref()
                .map(|b| format!(" (grondslag: {b})"))
                .unwrap_or_default()
        ),
        ParentsRefused { offer, on, note } => format!("{offer} ({}): {note}", nl_date(*on)),
        Transferred {
            from,
            to,
            on,
            reason,
        } => format!(
            "van {} naar {} op {}: {reason}",
            name(from),
            name(to),
            nl_date(*on)
        ),
        DisputeReferred {
            geschillenregeling,
            reason,
            ..
        } => format!("{geschillenregeling}: {reason}"),
        Closed {
            result,
            on,
            explanation,
        } => format!("{} op {}: {explanation}", result.label(), nl_date(*on)),
        Reopened { on, reason } => format!("op {}: {reason}", nl_date(*on)),
    }
}

/// `GET /zaken/{id}`.
pub async fn one(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak bekijken")
        .await;
    let file = state.store.case(&actor, CaseId(id)).await?;
    let agreements = crate::cases::agreements(&state).await?;
    let names = org_names(&state).await?;
    let name = |o: &OrgId| {
        names
            .get(o)
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| o.to_string())
    };
    let case = &file.case;
    let today = actor.today;
    let (deadlines, deadline_problem) = match crate::cases::deadlines(case, &agreements) {
        Ok(d) => (
            d.iter()
                .map(|d| DeadlineRow {
                    due: nl_date(d.deadline.due),
                    what: d.deadline.description.clone(),
                    owner: d.deadline.owner.as_ref().map(&name).unwrap_or_default(),
                    basis: d
                        .basis
                        .as_ref()
                        .map(|b| b.to_string())
                        .unwrap_or_else(|| "afspraak in de zaak".into()),
                    overdue: d.deadline.overdue(today),
                })
                .collect(),
            None,
        ),
        Err(why) => (Vec::new(), Some(why)),
    };
    let mut orgs: Vec<(String, String)> = names
        .iter()
        .filter(|(_, (_, k))| *k != OrgKind::Ouders)
        .map(|(id, (n, _))| (id.to_string(), n.clone()))
        .collect();
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    let mut gemeenten: Vec<(String, String)> = names
        .iter()
        .filter(|(id, (_, k))| *k == OrgKind::Gemeente && **id != case.municipality())
        .map(|(id, (n, _))| (id.to_string(), n.clone()))
        .collect();
    gemeenten.sort_by(|a, b| a.1.cmp(&b.1));
    let chrome = Chrome::of(&state, &me).await;
    html(&CasePage {
        chrome,
        id: case.id().to_string(),
        version: case.version(),
        pupil_id: case.pupil().to_string(),
        pupil: file.pupil_name.clone(),
        kind: case.case_type().label().to_owned(),
        status: case.status().label().to_owned(),
        closed: case.is_closed(),
        municipality: name(&case.municipality()),
        registered: nl_date(case.registered_on()),
        reason: case.reason().to_owned(),
        regisseur: case
            .regisseur()
            .map(|r| format!("{} ({})", r.name, name(&r.org)))
            .unwrap_or_else(|| "nog niet benoemd".into()),
        parents_involved: case.parents_involved(),
        consents: case
            .consents()
            .iter()
            .map(|c| {
                (
                    c.scope.clone(),
                    format!(
                        "{} ({})",
                        if c.given { "gegeven" } else { "geweigerd" },
                        nl_date(c.on)
                    ),
                )
            })
            .collect(),
        views: case
            .pupil_views()
            .iter()
            .map(|v| (nl_date(v.on), v.view.clone()))
            .collect(),
        parties: case
            .parties()
            .iter()
            .map(|p| (name(&p.org), p.role.clone()))
            .collect(),
        deadlines,
        deadline_problem,
        actions: case
            .actions()
            .iter()
            .map(|a| ActionRow {
                id: a.id.to_string(),
                description: a.description.clone(),
                owner: name(&a.owner),
                deadline: nl_date(a.deadline),
                state: match &a.state {
                    ActionState::Open if today > a.deadline => "open, te laat".into(),
                    ActionState::Open => "open".into(),
                    ActionState::Done { on } => format!("uitgevoerd op {}", nl_date(*on)),
                    ActionState::Cancelled { reason } => format!("vervallen: {reason}"),
                },
                open: matches!(a.state, ActionState::Open),
            })
            .collect(),
        documents: case
            .documents()
            .iter()
            .map(|d| {
                (
                    nl_date(d.on),
                    d.title.clone(),
                    d.kind.clone(),
                    d.confidentiality.label().to_owned(),
                    d.id.to_string(),
                )
            })
            .collect(),
        timeline: case
            .timeline()
            .iter()
            .map(|e| TimelineRow {
                at: e
                    .at
                    .with_timezone(&chrono_tz::Europe::Amsterdam)
                    .format("%d-%m-%Y %H:%M")
                    .to_string(),
                by: format!("{} ({})", e.by.name, name(&e.by.org)),
                what: e.event.label().to_owned(),
                detail: detail(&e.event, &name),
            })
            .collect(),
        may_record: me.user.role.may_write(),
        is_zorgplicht: case.case_type() == CaseType::Zorgplicht,
        has_open_actions: case.open_actions().next().is_some(),
        orgs,
        gemeenten,
        confidentialities: choices(
            Confidentiality::ALL,
            Confidentiality::code,
            Confidentiality::label,
        ),
        results: CaseResult::ALL
            .iter()
            .copied()
            .filter(|r| r.fits(case.case_type()))
            .map(|r| Choice {
                code: r.code().to_owned(),
                label: r.label().to_owned(),
            })
            .collect(),
        domains: choices(
            &EscalationDomain::ALL,
            EscalationDomain::code,
            EscalationDomain::label,
        ),
        today: today.to_string(),
    })
}

/// One form for every kind of event: `soort` says which, the other fields fill it.
#[derive(Deserialize)]
pub struct EventForm {
    csrf: String,
    versie: u64,
    soort: String,
    #[serde(default)]
    tekst: String,
    #[serde(default)]
    naam: String,
    #[serde(default)]
    organisatie: Option<Uuid>,
    #[serde(default)]
    datum: Option<NaiveDate>,
    #[serde(default)]
    vertrouwelijkheid: String,
    #[serde(default)]
    gegeven: String,
    #[serde(default)]
    afspraak: Option<Uuid>,
    #[serde(default)]
    domein: String,
    #[serde(default)]
    resultaat: String,
    #[serde(default)]
    weken: Option<u32>,
    #[serde(default)]
    soort_document: String,
}

fn need<T>(v: Option<T>, what: &str) -> Result<T, WebError> {
    v.ok_or_else(|| WebError::BadRequest(format!("{what}: vul dit in")))
}

impl EventForm {
    fn event(
        &self,
        me_org: OrgId,
        holder: impl Fn(EscalationDomain) -> Option<OrgId>,
    ) -> Result<CaseEvent, WebError> {
        let text = self.tekst.trim().to_owned();
        let on = || need(self.datum, "datum");
        let org = || need(self.organisatie.map(OrgId), "organisatie");
        let confidentiality = || {
            Confidentiality::parse(&self.vertrouwelijkheid)
                .ok_or_else(|| WebError::BadRequest("vertrouwelijkheid: kies er een".into()))
        };
        let domain = || {
            EscalationDomain::parse(&self.domein)
                .ok_or_else(|| WebError::BadRequest("domein: kies onderwijs of jeugdhulp".into()))
        };
        Ok(match self.soort.as_str() {
            "notitie" => CaseEvent::NoteAdded {
                text,
                confidentiality: confidentiality()?,
            },
            "regisseur" => CaseEvent::RegisseurNamed {
                name: self.naam.trim().to_owned(),
                org: org()?,
            },
            "betrokken" => CaseEvent::PartyInvolved {
                org: org()?,
                role: text,
            },
            "ouders" => CaseEvent::ParentsInvolved { note: text },
            "toestemming" => CaseEvent::ConsentRecorded {
                given: self.gegeven == "ja",
                scope: text,
                on: on()?,
            },
            "gehoord" => CaseEvent::PupilHeard {
                view: text,
                on: on()?,
            },
            "afspraak" => CaseEvent::ActionAgreed {
                action: ActionId::new_random(),
                description: text,
                owner: org()?,
                deadline: on()?,
            },
            "uitgevoerd" => CaseEvent::ActionDone {
                action: ActionId(need(self.afspraak, "afspraak")?),
                on: on()?,
            },
            "vervallen" => CaseEvent::ActionCancelled {
                action: ActionId(need(self.afspraak, "afspraak")?),
                reason: text,
            },
            "document" => CaseEvent::DocumentAdded {
                document: DocumentId::new_random(),
                title: text,
                kind: self.soort_document.trim().to_owned(),
                confidentiality: confidentiality()?,
                on: on()?,
            },
            "in_behandeling" => CaseEvent::StatusChanged {
                to: continuum_domain::case::CaseStatus::InBehandeling,
                note: text,
            },
            "verlenging" => CaseEvent::ExtensionGranted {
                weeks: need(self.weken, "weken")?,
                on: on()?,
                reason: text,
            },
            "ontbreekt" => CaseEvent::GapRecorded {
                domain: domain()?,
                note: text,
            },
            "aanbod" => CaseEvent::OfferMade {
                offer: text,
                on: on()?,
            },
            "escaleren" => {
                let d = domain()?;
                let to = holder(d).ok_or_else(|| {
                    WebError::BadRequest("er is geen OOGO-afspraak over doorzettingsmacht voor de regio van deze zaak".into())
                })?;
                CaseEvent::Escalated {
                    to,
                    domain: d,
                    reason: text,
                    basis: "OOGO-afspraak over doorzettingsmacht (beleid, seed 000 en 001)".into(),
                    automatic: false,
                }
            }
            "besluit" => CaseEvent::DecisionRecorded {
                decided_by: me_org,
                decision: text,
                on: on()?,
                basis: Some(self.naam.trim().to_owned()).filter(|b| !b.is_empty()),
            },
            "weigering" => CaseEvent::ParentsRefused {
                offer: self.naam.trim().to_owned(),
                on: on()?,
                note: text,
            },
            "overdragen" => CaseEvent::Transferred {
                from: OrgId(Uuid::nil()),
                to: org()?,
                on: on()?,
                reason: text,
            },
            "afsluiten" => CaseEvent::Closed {
                result: CaseResult::parse(&self.resultaat)
                    .ok_or_else(|| WebError::BadRequest("resultaat: kies er een".into()))?,
                on: on()?,
                explanation: text,
            },
            "heropenen" => CaseEvent::Reopened {
                on: on()?,
                reason: text,
            },
            _ => return Err(WebError::BadRequest("onbekende soort gebeurtenis".into())),
        })
    }
}

/// `POST /zaken/{id}/vastleggen`: records one event and shows the case again.
pub async fn record(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<EventForm>,
) -> Result<Response, WebError> {
    check_csrf(&form.csrf, &me)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak bijwerken")
        .await;
    let file = state.store.case(&actor, CaseId(id)).await?;
    let agreements = crate::cases::agreements(&state).await?;
    let oogo = crate::cases::oogo_for(&file.case, &agreements);
    let municipality = file.case.municipality();
    let mut event = form.event(me.user.org, |d| oogo.map(|o| o.holder(d, municipality)))?;
    if let CaseEvent::Transferred { from, .. } = &mut event {
        *from = municipality;
    }
    record_event(&state, &actor, CaseId(id), form.versie, event).await?;
    Ok(Redirect::to(&format!("/zaken/{id}")).into_response())
}

/// `POST /zaken/{id}/documenten` (multipart): a document with its file, or without one for
/// a document on paper.
pub async fn add_document(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    mut form: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let bad = |m: &str| WebError::BadRequest(m.to_owned());
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = form.next_field().await.map_err(|e| bad(&e.to_string()))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "bestand" {
            let filename = field.file_name().unwrap_or_default().to_owned();
            let media = field
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned();
            let bytes = field.bytes().await.map_err(|e| bad(&e.to_string()))?;
            if bytes.len() > crate::api::cases::MAX_DOCUMENT {
                return Err(bad("bestand: een document is hoogstens 10 MB"));
            }
            if !bytes.is_empty() {
                file = Some((filename, media, bytes.to_vec()));
            }
        } else {
            fields.insert(name, field.text().await.map_err(|e| bad(&e.to_string()))?);
        }
    }
    let get = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    check_csrf(&get("csrf"), &me)?;
    let expected: u64 = get("versie")
        .parse()
        .map_err(|_| bad("versie: ontbreekt"))?;
    let confidentiality = Confidentiality::parse(&get("vertrouwelijkheid"))
        .ok_or_else(|| bad("vertrouwelijkheid: kies er een"))?;
    let on: NaiveDate = get("datum")
        .parse()
        .map_err(|_| bad("datum: vul een datum in"))?;
    let event = CaseEvent::DocumentAdded {
        document: DocumentId::new_random(),
        title: get("tekst"),
        kind: get("soort_document"),
        confidentiality,
        on,
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaakdocument toevoegen")
        .await;
    match file {
        Some((name, media, bytes)) => {
            let content = crate::api::cases::document_content(&name, &media, bytes)
                .map_err(|(f, why)| WebError::BadRequest(format!("{f}: {why}")))?;
            state
                .store
                .add_case_document(&actor, CaseId(id), expected, event, content)
                .await?;
        }
        None => {
            record_event(&state, &actor, CaseId(id), expected, event).await?;
        }
    }
    Ok(Redirect::to(&format!("/zaken/{id}")).into_response())
}

/// `GET /zaken/{id}/documenten/{document}`: the file, as a download.
pub async fn document(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path((id, document)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaakdocument lezen")
        .await;
    let content = state
        .store
        .case_document(&actor, CaseId(id), DocumentId(document))
        .await?;
    Ok(crate::api::cases::download(content))
}
