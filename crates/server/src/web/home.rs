use super::{Chrome, WebError, WebUser, html};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use continuum_domain::register::{OrgDetails, OrgKind};
use continuum_store::Page;

pub struct SchoolLink {
    pub id: String,
    pub name: String,
    pub kind: String,
}

pub struct PupilLink {
    pub id: String,
    pub name: String,
    pub birth_date: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    own_school: Option<String>,
    is_parent: bool,
    /// For the leerplichtambtenaar: reports Geregistreerd per type, and cases open,
    /// overdue and escalated.
    work: Option<Work>,
    pupils: Vec<PupilLink>,
    pupils_total: u64,
    schools: Vec<SchoolLink>,
}

pub struct Work {
    pub new_reports: Vec<(String, String, usize)>,
    pub open_cases: usize,
    pub overdue_cases: usize,
    pub escalated_cases: usize,
    /// Exemptions whose yearly renewal is due or missing; evaluations and offers to act on.
    pub renewals: usize,
    pub monitoring: usize,
}

/// The leerplichtambtenaar's work on the start page.
async fn work(state: &AppState, actor: &continuum_store::Actor) -> Result<Work, WebError> {
    use continuum_domain::absence_report::{ReportStatus, ReportType};
    let filter = continuum_store::ReportFilter {
        status: Some(ReportStatus::Geregistreerd),
        kind: None,
    };
    let (reports, _) = state
        .store
        .absence_reports(actor, filter, Page::all())
        .await?;
    let new_reports = ReportType::ALL
        .into_iter()
        .map(|t| {
            (
                t.code().to_owned(),
                t.label().to_owned(),
                reports.iter().filter(|r| r.report.kind == t).count(),
            )
        })
        .collect();
    let cases = state.store.cases(actor, true).await?;
    let agreements = crate::cases::agreements(state).await?;
    let overdue = cases
        .iter()
        .filter(|f| {
            crate::cases::deadlines(&f.case, &agreements)
                .is_ok_and(|d| d.iter().any(|x| x.deadline.overdue(actor.today)))
        })
        .count();
    let register = crate::exemptions::register_of(state, actor).await?;
    let (renewals, monitoring) = match crate::exemptions::signals(&register, actor.today) {
        Ok(s) => (s.renewals.len(), s.monitoring.len()),
        Err(e) => return Err(WebError::Internal(e.to_string())),
    };
    Ok(Work {
        renewals,
        monitoring,
        new_reports,
        open_cases: cases.len(),
        overdue_cases: overdue,
        escalated_cases: cases
            .iter()
            .filter(|f| f.case.round().escalation.is_some())
            .count(),
    })
}

/// How many of "your pupils" the start page shows; the rest are a click away per school.
const SHOWN: u32 = 100;

pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let chrome = Chrome::of(&state, &me).await;
    let own = state.store.organisation(me.user.org).await?;
    let own_school = (own.record.details.kind() == OrgKind::School).then(|| own.id.to_string());
    let (schools, _) = state
        .store
        .organisations(Some(OrgKind::School), Page::all())
        .await?;
    let schools = schools
        .into_iter()
        .map(|s| {
            let kind = match &s.record.details {
                OrgDetails::School {
                    school_type,
                    cluster,
                    ..
                } => match cluster {
                    Some(c) => format!(
                        "{} cluster {}",
                        school_type.code().to_uppercase(),
                        c.number()
                    ),
                    None => school_type.code().to_uppercase(),
                },
                _ => String::new(),
            };
            SchoolLink {
                id: s.id.to_string(),
                name: s.record.name,
                kind,
            }
        })
        .collect();
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "overzicht van eigen leerlingen",
        )
        .await;
    let (rows, pupils_total) = state
        .store
        .pupils_of_actor(&actor, Page::new(1, SHOWN))
        .await?;
    let pupils = rows
        .into_iter()
        .map(|r| PupilLink {
            id: r.id.to_string(),
            name: format!("{} {}", r.given_name, r.family_name),
            birth_date: super::nl_date(r.birth_date),
        })
        .collect();
    let is_parent = own.record.details.kind() == OrgKind::Ouders;
    let is_gemeente = own.record.details.kind() == OrgKind::Gemeente;
    let work = if is_gemeente {
        Some(work(&state, &actor).await?)
    } else {
        None
    };
    html(&HomePage {
        chrome,
        own_school,
        is_parent,
        work,
        pupils,
        pupils_total,
        schools,
    })
}
