//! Verzuim pages: a school's signals with a "Melden" action (`/scholen/{id}/verzuim`), the
//! verzuimmeldingen of the school or the municipality (`/meldingen`, also as CSV), and one
//! report with its history, status and forwarding (`/meldingen/{id}`).

use super::{Chrome, WebError, WebUser, check_csrf, html, nl_date};
use crate::AppState;
use crate::verzuim::{self, VerzuimError};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use continuum_domain::absence::hours_nl;
use continuum_domain::absence_report::{
    AbsenceReport, ReportChange, ReportSide, ReportStatus, ReportType,
};
use continuum_domain::ids::{OrgId, PupilId, ReportId};
use continuum_domain::register::{OrgKind, Version};
use continuum_store::{Page, ReportAction, ReportFile, ReportFilter};
use serde::Deserialize;
use uuid::Uuid;

impl From<VerzuimError> for WebError {
    fn from(e: VerzuimError) -> WebError {
        match e {
            VerzuimError::Store(s) => s.into(),
            VerzuimError::Unavailable(m) => WebError::Unavailable(m),
            VerzuimError::NoSignal(m) => WebError::BadRequest(m),
        }
    }
}

/// "1 t/m 26-09-2026", "vanaf 01-09-2026".
pub(super) fn period_nl(from: NaiveDate, until: Option<NaiveDate>) -> String {
    match until {
        Some(u) if u == from => nl_date(from),
        Some(u) => format!("{} t/m {}", nl_date(from), nl_date(u)),
        None => format!("vanaf {}", nl_date(from)),
    }
}

/// "16 uur", "3 keer", "15,5 uur, 2 keer".
fn amount_nl(minutes: u32, times: u32) -> String {
    let mut parts = Vec::new();
    if minutes > 0 {
        parts.push(format!("{} uur", hours_nl(minutes)));
    }
    if times > 0 {
        parts.push(format!("{times} keer"));
    }
    parts.join(", ")
}

pub struct SignalRow {
    pub pupil_id: String,
    pub pupil: String,
    pub signal: String,
    pub on: String,
    pub on_iso: String,
    pub period: String,
    pub amount: String,
    pub basis: String,
    /// The report type code to make, when the signal is reported and not yet.
    pub to_report: Option<String>,
    pub report_label: String,
    /// The report made: (id, status).
    pub report: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "school_verzuim.html")]
struct SchoolVerzuim {
    chrome: Chrome,
    school_id: String,
    school_name: String,
    date: String,
    date_iso: String,
    is_today: bool,
    may_report: bool,
    signals: Vec<SignalRow>,
    to_report: usize,
}

#[derive(Deserialize)]
pub struct OnQuery {
    datum: Option<NaiveDate>,
}

/// `GET /scholen/{id}/verzuim[?datum=JJJJ-MM-DD]`: the school's signals on a day.
pub async fn school_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    Query(q): Query<OnQuery>,
) -> Result<Response, WebError> {
    let school = OrgId(id);
    if me.user.org != school {
        return Err(WebError::NotFound);
    }
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimsignalen bekijken")
        .await;
    let on = q.datum.unwrap_or(actor.today).min(actor.today);
    let signals = verzuim::school_signals(&state, &actor, school, on).await?;
    let school_name = state.store.organisation(school).await?.record.name;
    let is_today = on == actor.today;
    let rows: Vec<SignalRow> = signals
        .into_iter()
        .map(|s| {
            let kind = s.report_type();
            SignalRow {
                pupil_id: s.pupil.id.to_string(),
                pupil: format!("{} {}", s.pupil.given_name, s.pupil.family_name),
                signal: s.signal.kind.as_str().to_owned(),
                on: nl_date(s.signal.on),
                on_iso: s.signal.on.to_string(),
                period: period_nl(s.signal.period.start(), s.signal.period.end()),
                amount: amount_nl(s.signal.minutes, s.signal.times),
                basis: s.signal.cite.to_string(),
                to_report: kind
                    .filter(|_| s.report.is_none() && is_today)
                    .map(|k| k.code().to_owned()),
                report_label: match kind {
                    Some(k) => k.label().to_owned(),
                    None => "niet melden aan leerplicht: bespreek het met de jeugdarts".into(),
                },
                report: s
                    .report
                    .map(|(id, st)| (id.to_string(), st.label().to_owned())),
            }
        })
        .collect();
    let to_report = rows.iter().filter(|r| r.to_report.is_some()).count();
    let chrome = Chrome::of(&state, &me).await;
    html(&SchoolVerzuim {
        chrome,
        school_id: school.to_string(),
        school_name,
        date: nl_date(on),
        date_iso: on.to_string(),
        is_today,
        may_report: me.user.role.may_write(),
        signals: rows,
        to_report,
    })
}

#[derive(Deserialize)]
pub struct ReportForm {
    csrf: String,
    leerling: Uuid,
    soort: String,
    datum: NaiveDate,
    #[serde(default)]
    toelichting: String,
}

/// `POST /scholen/{id}/verzuim/melden`: reports one signal.
pub async fn report(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<ReportForm>,
) -> Result<Response, WebError> {
    check_csrf(&form.csrf, &me)?;
    let school = OrgId(id);
    if me.user.org != school {
        return Err(WebError::NotFound);
    }
    let kind = ReportType::parse(&form.soort)
        .ok_or_else(|| WebError::BadRequest("onbekende soort melding".into()))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuim melden")
        .await;
    let file = verzuim::report_signal(
        &state,
        &actor,
        school,
        PupilId(form.leerling),
        kind,
        form.datum,
        Some(form.toelichting),
    )
    .await?;
    Ok(Redirect::to(&format!("/meldingen/{}", file.id)).into_response())
}

pub struct ReportRow {
    pub id: String,
    pub created: String,
    pub pupil: String,
    pub kind: String,
    pub school: String,
    pub municipality: String,
    pub period: String,
    pub amount: String,
    pub status: String,
}

impl From<&ReportFile> for ReportRow {
    fn from(f: &ReportFile) -> Self {
        ReportRow {
            id: f.id.to_string(),
            created: nl_date(f.created_at.date_naive()),
            pupil: f.pupil_name.clone(),
            kind: f.report.kind.label().to_owned(),
            school: f.school_name.clone(),
            municipality: f.municipality_name.clone(),
            period: period_nl(f.report.period.start(), f.report.period.end()),
            amount: amount_nl(f.report.minutes, f.report.times),
            status: f.report.status.label().to_owned(),
        }
    }
}

/// One line of the count by type: the type, its count per status, and the total.
pub struct CountRow {
    pub kind: String,
    pub code: String,
    pub per_status: Vec<(String, usize)>,
    pub total: usize,
}

pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    chrome: Chrome,
    is_school: bool,
    statuses: Vec<Choice>,
    kinds: Vec<Choice>,
    counts: Vec<CountRow>,
    status_totals: Vec<usize>,
    all_total: usize,
    rows: Vec<ReportRow>,
    query: String,
}

#[derive(Deserialize, Default)]
pub struct ReportsQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    soort: String,
}

impl ReportsQuery {
    fn filter(&self) -> ReportFilter {
        ReportFilter {
            status: ReportStatus::parse(&self.status),
            kind: ReportType::parse(&self.soort),
        }
    }
    fn query_string(&self) -> String {
        let f = self.filter();
        let mut parts = Vec::new();
        if let Some(s) = f.status {
            parts.push(format!("status={}", s.code()));
        }
        if let Some(k) = f.kind {
            parts.push(format!("soort={}", k.code()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// `GET /meldingen`: the reports the school made or the municipality handles, counted by
/// type and status, with a filter.
pub async fn list(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<ReportsQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmeldingen bekijken")
        .await;
    let own = state.store.organisation(me.user.org).await?;
    let (all, _) = state
        .store
        .absence_reports(&actor, ReportFilter::default(), Page::all())
        .await?;
    let filter = q.filter();
    let counts: Vec<CountRow> = ReportType::ALL
        .into_iter()
        .map(|t| {
            let per_status: Vec<(String, usize)> = ReportStatus::ALL
                .into_iter()
                .map(|s| {
                    let n = all
                        .iter()
                        .filter(|f| f.report.kind == t && f.report.status == s)
                        .count();
                    (s.code().to_owned(), n)
                })
                .collect();
            CountRow {
                kind: t.label().to_owned(),
                code: t.code().to_owned(),
                total: per_status.iter().map(|(_, n)| n).sum(),
                per_status,
            }
        })
        .collect();
    let status_totals: Vec<usize> = ReportStatus::ALL
        .into_iter()
        .map(|s| all.iter().filter(|f| f.report.status == s).count())
        .collect();
    let rows: Vec<ReportRow> = all
        .iter()
        .filter(|f| filter.status.is_none_or(|s| f.report.status == s))
        .filter(|f| filter.kind.is_none_or(|k| f.report.kind == k))
        .map(ReportRow::from)
        .collect();
    let chrome = Chrome::of(&state, &me).await;
    html(&ReportsPage {
        chrome,
        is_school: own.record.details.kind() == OrgKind::School,
        statuses: ReportStatus::ALL
            .into_iter()
            .map(|s| Choice {
                code: s.code().to_owned(),
                label: s.label().to_owned(),
                selected: filter.status == Some(s),
            })
            .collect(),
        kinds: ReportType::ALL
            .into_iter()
            .map(|t| Choice {
                code: t.code().to_owned(),
                label: t.label().to_owned(),
                selected: filter.kind == Some(t),
            })
            .collect(),
        counts,
        status_totals,
        all_total: all.len(),
        rows,
        query: q.query_string(),
    })
}

/// `GET /meldingen.csv`: the same list (with the same filter) as CSV.
pub async fn list_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Query(q): Query<ReportsQuery>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmeldingen exporteren")
        .await;
    let (files, _) = state
        .store
        .absence_reports(&actor, q.filter(), Page::all())
        .await?;
    let body = reports_csv(&files).map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"verzuimmeldingen.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The columns of `verzuimmeldingen.csv` (docs/formats/verzuimmeldingen.md).
pub fn reports_csv(files: &[ReportFile]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record([
        "melding_id",
        "gemeld_op",
        "leerling_id",
        "leerling",
        "soort",
        "status",
        "school",
        "gemeente",
        "signaal_op",
        "van",
        "tot_en_met",
        "minuten",
        "keer",
        "grondslag",
        "toelichting",
    ])
    .map_err(err)?;
    for f in files {
        let r = &f.report;
        w.write_record([
            f.id.to_string(),
            f.created_at.date_naive().to_string(),
            r.pupil.to_string(),
            f.pupil_name.clone(),
            r.kind.code().to_owned(),
            r.status.code().to_owned(),
            f.school_name.clone(),
            f.municipality_name.clone(),
            r.signal_on.to_string(),
            r.period.start().to_string(),
            r.period.end().map(|d| d.to_string()).unwrap_or_default(),
            r.minutes.to_string(),
            r.times.to_string(),
            r.basis.clone(),
            r.note.clone().unwrap_or_default(),
        ])
        .map_err(err)?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

pub struct EventRow {
    pub at: String,
    pub by: String,
    pub what: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    chrome: Chrome,
    id: String,
    version: i64,
    pupil_id: String,
    row: ReportRow,
    signal_on: String,
    basis: String,
    note: String,
    events: Vec<EventRow>,
    /// The statuses the actor may set now: (code, label).
    next_statuses: Vec<(String, String)>,
    may_withdraw: bool,
    /// Municipalities to forward to, when the actor may forward: (id, name).
    forward_to: Vec<(String, String)>,
    /// For the municipality: open a case from the report (type code, reason, today).
    open_case: Option<(String, String, String)>,
}

/// What the actor may do with the report: the statuses it may set, withdraw, forward.
fn choices(
    report: &AbsenceReport,
    side: Option<ReportSide>,
    may_write: bool,
) -> (Vec<ReportStatus>, bool, bool) {
    let Some(side) = side.filter(|_| may_write) else {
        return (Vec::new(), false, false);
    };
    let allowed = |to: ReportStatus| report.clone().change_status(side, to).is_ok();
    let next: Vec<ReportStatus> = ReportStatus::ALL
        .into_iter()
        .filter(|s| *s != ReportStatus::Ingetrokken && allowed(*s))
        .collect();
    let withdraw = allowed(ReportStatus::Ingetrokken);
    let forward = side == ReportSide::Gemeente && !report.status.is_final();
    (next, withdraw, forward)
}

/// `GET /meldingen/{id}`.
pub async fn one(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding bekijken")
        .await;
    let file = state.store.absence_report(&actor, ReportId(id)).await?;
    let r = &file.report;
    let side = if me.user.org == r.school {
        Some(ReportSide::School)
    } else if me.user.org == r.municipality {
        Some(ReportSide::Gemeente)
    } else {
        None
    };
    let (next, may_withdraw, may_forward) = choices(r, side, me.user.role.may_write());
    let forward_to = if may_forward {
        let (gemeenten, _) = state
            .store
            .organisations(Some(OrgKind::Gemeente), Page::all())
            .await?;
        let mut list: Vec<(String, String)> = gemeenten
            .into_iter()
            .filter(|g| g.id != r.municipality)
            .map(|g| (g.id.to_string(), g.record.name))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    } else {
        Vec::new()
    };
    let mut names = std::collections::HashMap::new();
    if !file.events.is_empty() {
        let (gemeenten, _) = state
            .store
            .organisations(Some(OrgKind::Gemeente), Page::all())
            .await?;
        names.extend(gemeenten.into_iter().map(|g| (g.id, g.record.name)));
    }
    let name_of = |o: &OrgId| names.get(o).cloned().unwrap_or_else(|| o.to_string());
    let events = file
        .events
        .iter()
        .map(|e| {
            let (what, note) = match &e.change {
                ReportChange::Registered { municipality } => (
                    format!(
                        "Gemeld bij gemeente {}: {}",
                        name_of(municipality),
                        ReportStatus::Geregistreerd
                    ),
                    None,
                ),
                ReportChange::Status { from, to, note } => {
                    (format!("Status van {from} naar {to}"), note.clone())
                }
                ReportChange::Forwarded { from, to, note } => (
                    format!(
                        "Doorgestuurd van gemeente {} naar gemeente {}",
                        name_of(from),
                        name_of(to)
                    ),
                    note.clone(),
                ),
            };
            EventRow {
                at: e
                    .at
                    .with_timezone(&chrono_tz::Europe::Amsterdam)
                    .format("%d-%m-%Y %H:%M")
                    .to_string(),
                by: format!("{} ({})", e.by, e.org_name),
                what,
                note: note.unwrap_or_default(),
            }
        })
        .collect();
    let chrome = Chrome::of(&state, &me).await;
    html(&ReportPage {
        chrome,
        id: file.id.to_string(),
        version: file.version.0,
        pupil_id: r.pupil.to_string(),
        row: ReportRow::from(&file),
        signal_on: nl_date(r.signal_on),
        basis: r.basis.clone(),
        note: r.note.clone().unwrap_or_default(),
        events,
        next_statuses: next
            .into_iter()
            .map(|s| (s.code().to_owned(), s.label().to_owned()))
            .collect(),
        may_withdraw,
        open_case: (side == Some(ReportSide::Gemeente) && me.user.role.may_write()).then(|| {
            let kind = match r.kind {
                ReportType::LangdurigRelatiefVerzuim => {
                    continuum_domain::case::CaseType::Thuiszitter
                }
                _ => continuum_domain::case::CaseType::Overig,
            };
            (
                kind.code().to_owned(),
                format!(
                    "{} van {} ({})",
                    r.kind.label(),
                    file.school_name,
                    nl_date(r.signal_on)
                ),
                actor.today.to_string(),
            )
        }),
        forward_to,
    })
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    versie: i64,
    status: String,
    #[serde(default)]
    toelichting: String,
}

fn note(s: String) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `POST /meldingen/{id}/status`.
pub async fn change_status(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<StatusForm>,
) -> Result<Response, WebError> {
    check_csrf(&form.csrf, &me)?;
    let to = ReportStatus::parse(&form.status)
        .ok_or_else(|| WebError::BadRequest("kies een status".into()))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding behandelen")
        .await;
    state
        .store
        .change_absence_report(
            &actor,
            ReportId(id),
            Version(form.versie),
            ReportAction::Status {
                to,
                note: note(form.toelichting),
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/meldingen/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct ForwardForm {
    csrf: String,
    versie: i64,
    gemeente: Uuid,
    #[serde(default)]
    toelichting: String,
}

/// `POST /meldingen/{id}/doorsturen`: after forwarding the report belongs to the other
/// municipality, so the list is shown.
pub async fn forward(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<ForwardForm>,
) -> Result<Response, WebError> {
    check_csrf(&form.csrf, &me)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding doorsturen")
        .await;
    state
        .store
        .change_absence_report(
            &actor,
            ReportId(id),
            Version(form.versie),
            ReportAction::Forward {
                to: OrgId(form.gemeente),
                note: note(form.toelichting),
            },
        )
        .await?;
    Ok(Redirect::to("/meldingen").into_response())
}
