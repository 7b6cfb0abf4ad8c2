//! Verzuimmeldingen: a school's absence signals (`GET /organisations/{id}/absence-signals`),
//! the reports made from them (`/absence-reports`), their statuses and forwarding. A report
//! is seen only by the school that made it and the municipality that holds it.

use super::organisations::OnDate;
use super::page::{PageLinks, PageQuery};
use super::{etag, if_match};
use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path, Query};
use crate::verzuim::{self, SchoolSignal, VerzuimError};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::absence_report::{ReportChange, ReportStatus, ReportType};
use continuum_domain::ids::{OrgId, PupilId, ReportId};
use continuum_domain::register::Version;
use continuum_store::{ReportAction, ReportFile, ReportFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

impl From<VerzuimError> for ApiError {
    fn from(e: VerzuimError) -> ApiError {
        match e {
            VerzuimError::Store(s) => s.into(),
            VerzuimError::Unavailable(m) => ApiError::Unavailable(m),
            VerzuimError::NoSignal(m) => ApiError::Conflict(m),
        }
    }
}

/// A signal the scan of the school's absence raised.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceSignalDto {
    pub pupil: Uuid,
    pub pupil_name: String,
    /// `16-uursmelding`, `langdurig relatief verzuim`, `thuis > 3 maanden`, `luxe verzuim`,
    /// `overig verzuim` or `zorgwekkend ziekteverzuim`.
    pub signal: String,
    /// The day the threshold was reached.
    #[schema(format = Date)]
    pub on: NaiveDate,
    #[schema(format = Date)]
    pub from: NaiveDate,
    #[schema(format = Date)]
    pub until: Option<NaiveDate>,
    pub minutes: u32,
    pub times: u32,
    /// The legal basis or policy source.
    pub basis: String,
    /// The report type to make (`16_uur`, `langdurig_relatief_verzuim`, `luxe_verzuim`,
    /// `overig_verzuim`); absent when the signal is not reported to leerplicht.
    pub report_type: Option<String>,
    /// The report made for this signal, if any.
    pub report: Option<Uuid>,
    pub report_status: Option<String>,
}

impl From<SchoolSignal> for AbsenceSignalDto {
    fn from(s: SchoolSignal) -> Self {
        AbsenceSignalDto {
            pupil: s.pupil.id.0,
            pupil_name: format!("{} {}", s.pupil.given_name, s.pupil.family_name),
            signal: s.signal.kind.as_str().to_owned(),
            on: s.signal.on,
            from: s.signal.period.start(),
            until: s.signal.period.end(),
            minutes: s.signal.minutes,
            times: s.signal.times,
            basis: s.signal.cite.to_string(),
            report_type: s.report_type().map(|t| t.code().to_owned()),
            report: s.report.map(|(id, _)| id.0),
            report_status: s.report.map(|(_, st)| st.code().to_owned()),
        }
    }
}

/// The absence signals of the school's pupils on a date (default today), each with the
/// report made for it. Only for the school itself.
#[utoipa::path(get, path = "/organisations/{id}/absence-signals", operation_id = "listSchoolAbsenceSignals", tag = "verzuim", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de school"), OnDate),
    responses((status = 200, description = "De signalen", body = Vec<AbsenceSignalDto>)))]
pub async fn signals(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    Query(on): Query<OnDate>,
) -> Result<Json<Vec<AbsenceSignalDto>>, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimsignalen bekijken")
        .await;
    let date = on.date.unwrap_or(actor.today);
    let signals = verzuim::school_signals(&state, &actor, OrgId(id), date).await?;
    Ok(Json(signals.into_iter().map(Into::into).collect()))
}

/// One step in a report's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportEventDto {
    pub at: DateTime<Utc>,
    pub by: String,
    pub organisation: Uuid,
    pub organisation_name: String,
    /// `geregistreerd`, `status` or `doorgestuurd`.
    pub kind: String,
    pub status: Option<String>,
    /// For `doorgestuurd`: the municipality it came from.
    pub from_municipality: Option<Uuid>,
    pub municipality: Option<Uuid>,
    pub note: Option<String>,
}

/// A verzuimmelding with its history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceReportDto {
    pub id: Uuid,
    pub version: i64,
    pub pupil: Uuid,
    pub pupil_name: String,
    pub school: Uuid,
    pub school_name: String,
    /// The municipality whose leerplichtambtenaar handles the report now.
    pub municipality: Uuid,
    pub municipality_name: String,
    /// `16_uur`, `langdurig_relatief_verzuim`, `luxe_verzuim` or `overig_verzuim`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `geregistreerd`, `in_behandeling`, `afgesloten`, `ter_kennisgeving_aangenomen` or
    /// `ingetrokken`.
    pub status: String,
    #[schema(format = Date)]
    pub signal_on: NaiveDate,
    #[schema(format = Date)]
    pub from: NaiveDate,
    #[schema(format = Date)]
    pub until: Option<NaiveDate>,
    pub minutes: u32,
    pub times: u32,
    pub basis: String,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub events: Vec<ReportEventDto>,
}

impl From<ReportFile> for AbsenceReportDto {
    fn from(f: ReportFile) -> Self {
        let r = f.report;
        AbsenceReportDto {
            id: f.id.0,
            version: f.version.0,
            pupil: r.pupil.0,
            pupil_name: f.pupil_name,
            school: r.school.0,
            school_name: f.school_name,
            municipality: r.municipality.0,
            municipality_name: f.municipality_name,
            kind: r.kind.code().to_owned(),
            status: r.status.code().to_owned(),
            signal_on: r.signal_on,
            from: r.period.start(),
            until: r.period.end(),
            minutes: r.minutes,
            times: r.times,
            basis: r.basis,
            note: r.note,
            created_at: f.created_at,
            events: f
                .events
                .into_iter()
                .map(|e| {
                    let (kind, status, from, to, note) = match e.change {
                        ReportChange::Registered { municipality } => (
                            "geregistreerd",
                            Some(ReportStatus::Geregistreerd),
                            None,
                            Some(municipality),
                            None,
                        ),
                        ReportChange::Status { to, note, .. } => {
                            ("status", Some(to), None, None, note)
                        }
                        ReportChange::Forwarded { from, to, note } => {
                            ("doorgestuurd", None, Some(from), Some(to), note)
                        }
                    };
                    ReportEventDto {
                        at: e.at,
                        by: e.by,
                        organisation: e.org.0,
                        organisation_name: e.org_name,
                        kind: kind.to_owned(),
                        status: status.map(|s| s.code().to_owned()),
                        from_municipality: from.map(|o| o.0),
                        municipality: to.map(|o| o.0),
                        note,
                    }
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only reports with this status.
    pub status: Option<String>,
    /// Only reports of this type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<String>,
}

impl ReportQuery {
    fn filter(&self) -> Result<ReportFilter, ApiError> {
        let status = match self.status.as_deref() {
            None | Some("") => None,
            Some(s) => Some(ReportStatus::parse(s).ok_or_else(|| {
                ApiError::invalid("status", "verwacht geregistreerd, in_behandeling, afgesloten, ter_kennisgeving_aangenomen of ingetrokken")
            })?),
        };
        let kind = match self.kind.as_deref() {
            None | Some("") => None,
            Some(s) => Some(parse_type("type", s)?),
        };
        Ok(ReportFilter { status, kind })
    }
}

fn parse_type(field: &str, s: &str) -> Result<ReportType, ApiError> {
    ReportType::parse(s).ok_or_else(|| {
        ApiError::invalid(
            field,
            "verwacht 16_uur, langdurig_relatief_verzuim, luxe_verzuim of overig_verzuim",
        )
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceReportPage {
    pub items: Vec<AbsenceReportDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The reports your organisation made (a school) or handles (a municipality), newest first.
#[utoipa::path(get, path = "/absence-reports", operation_id = "listAbsenceReports", tag = "verzuim", security(("sessie" = [])),
    params(ReportQuery, PageQuery),
    responses((status = 200, description = "Een pagina meldingen", body = AbsenceReportPage)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(q): Query<ReportQuery>,
    Query(pq): Query<PageQuery>,
) -> Result<Json<AbsenceReportPage>, ApiError> {
    let page = pq.page()?;
    let filter = q.filter()?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmeldingen bekijken")
        .await;
    let (files, total) = state.store.absence_reports(&actor, filter, page).await?;
    let mut base = String::from("/api/v1/absence-reports?");
    if let Some(s) = filter.status {
        base.push_str(&format!("status={}&", s.code()));
    }
    if let Some(k) = filter.kind {
        base.push_str(&format!("type={}&", k.code()));
    }
    Ok(Json(AbsenceReportPage {
        items: files.into_iter().map(Into::into).collect(),
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new(&base, page, total),
    }))
}

/// A new report: the school reports a signal its scan raised today.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAbsenceReport {
    pub pupil: Uuid,
    /// `16_uur`, `langdurig_relatief_verzuim`, `luxe_verzuim` or `overig_verzuim`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The day the signal arose (`on` of the signal).
    #[schema(format = Date)]
    pub signal_on: NaiveDate,
    /// An explanation for the leerplichtambtenaar.
    pub note: Option<String>,
}

/// Reports a signal to the leerplichtambtenaar of the pupil's municipality of residence.
/// Only a registrator of the school, only for a signal the scan raises today (`409`
/// otherwise, and for a signal already reported).
#[utoipa::path(post, path = "/absence-reports", operation_id = "createAbsenceReport", tag = "verzuim", security(("sessie" = [])), request_body = NewAbsenceReport,
    responses((status = 201, description = "Gemeld", body = AbsenceReportDto, headers(("Location" = String, description = "De melding"), ("ETag" = String, description = "Versie")))))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<NewAbsenceReport>,
) -> Result<impl IntoResponse, ApiError> {
    let kind = parse_type("type", &body.kind)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuim melden")
        .await;
    let file = verzuim::report_signal(
        &state,
        &actor,
        actor.org,
        PupilId(body.pupil),
        kind,
        body.signal_on,
        body.note,
    )
    .await?;
    let location = format!("/api/v1/absence-reports/{}", file.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), etag_pair(file.version.0)],
        Json(AbsenceReportDto::from(file)),
    ))
}

fn etag_pair(version: i64) -> (header::HeaderName, String) {
    let (name, value) = etag(version);
    (name, value.to_str().unwrap_or("\"0\"").to_owned())
}

/// One report with its history.
#[utoipa::path(get, path = "/absence-reports/{id}", operation_id = "getAbsenceReport", tag = "verzuim", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de melding")),
    responses((status = 200, description = "De melding", body = AbsenceReportDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding bekijken")
        .await;
    let file = state.store.absence_report(&actor, ReportId(id)).await?;
    Ok(([etag(file.version.0)], Json(AbsenceReportDto::from(file))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusChange {
    /// The municipality: `in_behandeling`, `afgesloten` or `ter_kennisgeving_aangenomen`;
    /// the school: `ingetrokken`.
    pub status: String,
    pub note: Option<String>,
}

/// A new status. Send the ETag you read as `If-Match`.
#[utoipa::path(post, path = "/absence-reports/{id}/status-changes", operation_id = "changeAbsenceReportStatus", tag = "verzuim", security(("sessie" = [])), request_body = StatusChange,
    params(("id" = Uuid, Path, description = "Id van de melding"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Gewijzigd", body = AbsenceReportDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn change_status(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<StatusChange>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let to = ReportStatus::parse(&body.status).ok_or_else(|| {
        ApiError::invalid(
            "status",
            "verwacht in_behandeling, afgesloten, ter_kennisgeving_aangenomen of ingetrokken",
        )
    })?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding behandelen")
        .await;
    let file = state
        .store
        .change_absence_report(
            &actor,
            ReportId(id),
            Version(expected),
            ReportAction::Status {
                to,
                note: clean(body.note),
            },
        )
        .await?;
    Ok(([etag(file.version.0)], Json(AbsenceReportDto::from(file))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Forward {
    /// The municipality the pupil moved to.
    pub municipality: Uuid,
    pub note: Option<String>,
}

/// Forwards the report to another municipality (the pupil moved); it is Geregistreerd
/// there and no longer visible to yours. Send the ETag you read as `If-Match`.
#[utoipa::path(post, path = "/absence-reports/{id}/forwards", operation_id = "forwardAbsenceReport", tag = "verzuim", security(("sessie" = [])), request_body = Forward,
    params(("id" = Uuid, Path, description = "Id van de melding"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Doorgestuurd", body = AbsenceReportDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn forward(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<Forward>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuimmelding doorsturen")
        .await;
    let file = state
        .store
        .change_absence_report(
            &actor,
            ReportId(id),
            Version(expected),
            ReportAction::Forward {
                to: OrgId(body.municipality),
                note: clean(body.note),
            },
        )
        .await?;
    Ok(([etag(file.version.0)], Json(AbsenceReportDto::from(file))))
}

fn clean(note: Option<String>) -> Option<String> {
    note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty())
}
