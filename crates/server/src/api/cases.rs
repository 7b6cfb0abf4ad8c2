//! Cases (zaken): `/cases` to list and open, `/cases/{id}` with its timeline and deadlines,
//! `/cases/{id}/events` to record what happened; the regions' OOGO agreements on
//! doorzettingsmacht (`/oogo-agreements`); and the organisation's notifications.

use super::{etag, if_match};
use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::case::{CaseEvent, CaseType, Confidentiality, OogoEscalation};
use continuum_domain::ids::{CaseId, DocumentId, OrgId, PupilId};
use continuum_domain::register::Versioned;
use continuum_store::CaseFile;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A case: its current picture, its deadlines and (on `GET /cases/{id}`) its timeline.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseDto {
    pub id: Uuid,
    /// The number of entries: send it as `If-Match` with a new event.
    pub version: u64,
    pub pupil: Uuid,
    pub pupil_name: String,
    /// `thuiszitter`, `absoluut_verzuim`, `vrijstelling_5a`, `zorgplicht`, `zio_geschil` or `overig`.
    pub case_type: String,
    /// `ontvangen`, `in_behandeling`, `geescaleerd`, `geschil_voorgelegd`, `besluit_genomen` or `afgesloten`.
    pub status: String,
    pub municipality: Uuid,
    #[schema(format = Date)]
    pub registered_on: NaiveDate,
    /// The case as its events leave it: parties, regisseur, consents, the pupil's views,
    /// actions, documents, the current round.
    #[schema(value_type = Object)]
    pub state: serde_json::Value,
    /// Open actions, the zorgplicht term and the last day for an integral offer, each with
    /// its basis; empty for a closed case.
    #[schema(value_type = Vec<Object>)]
    pub deadlines: serde_json::Value,
    /// Why the deadlines could not be computed (e.g. the region recorded no OOGO agreement).
    pub deadline_problem: Option<String>,
    /// Every entry, oldest first (`GET /cases/{id}` only).
    #[schema(value_type = Option<Vec<Object>>)]
    pub timeline: Option<serde_json::Value>,
}

fn dto(file: CaseFile, agreements: &[OogoEscalation], with_timeline: bool) -> CaseDto {
    let case = &file.case;
    let (deadlines, deadline_problem) = match crate::cases::deadlines(case, agreements) {
        Ok(d) => (serde_json::to_value(d).unwrap_or_default(), None),
        Err(why) => (serde_json::Value::Array(Vec::new()), Some(why)),
    };
    let mut state = serde_json::to_value(case).unwrap_or_default();
    if let Some(o) = state.as_object_mut() {
        o.remove("timeline");
    }
    CaseDto {
        id: case.id().0,
        version: case.version(),
        pupil: case.pupil().0,
        pupil_name: file.pupil_name.clone(),
        case_type: case.case_type().code().to_owned(),
        status: case.status().code().to_owned(),
        municipality: case.municipality().0,
        registered_on: case.registered_on(),
        state,
        deadlines,
        deadline_problem,
        timeline: with_timeline.then(|| serde_json::to_value(case.timeline()).unwrap_or_default()),
    }
}

async fn agreements(state: &AppState) -> Result<Vec<OogoEscalation>, ApiError> {
    Ok(crate::cases::agreements(state).await?)
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// Only open cases (default `true`).
    pub open: Option<bool>,
}

/// The cases your organisation sees (parents: those of their child).
#[utoipa::path(get, path = "/cases", operation_id = "listCases", tag = "zaken", security(("sessie" = [])),
    params(CaseQuery),
    responses((status = 200, description = "De zaken", body = Vec<CaseDto>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(q): Query<CaseQuery>,
) -> Result<Json<Vec<CaseDto>>, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaken bekijken")
        .await;
    let files = state.store.cases(&actor, q.open.unwrap_or(true)).await?;
    let agreements = agreements(&state).await?;
    Ok(Json(
        files
            .into_iter()
            .map(|f| dto(f, &agreements, false))
            .collect(),
    ))
}

/// A new case around a pupil.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCase {
    /// `thuiszitter`, `absoluut_verzuim`, `vrijstelling_5a`, `zorgplicht`, `zio_geschil` or `overig`.
    pub case_type: String,
    pub pupil: Uuid,
    /// The day the case starts; its terms count from it (zorgplicht: the day the school
    /// received the written request).
    #[schema(format = Date)]
    pub registered_on: NaiveDate,
    pub reason: String,
}

/// Opens a case. A registrator of the pupil's municipality of residence, school or SWV; the
/// case belongs to the municipality of residence.
#[utoipa::path(post, path = "/cases", operation_id = "openCase", tag = "zaken", security(("sessie" = [])), request_body = NewCase,
    responses((status = 201, description = "Geopend", body = CaseDto, headers(("Location" = String, description = "De zaak"), ("ETag" = String, description = "Versie")))))]
pub async fn open(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<NewCase>,
) -> Result<impl IntoResponse, ApiError> {
    let case_type = CaseType::parse(&body.case_type).ok_or_else(|| {
        ApiError::invalid("caseType", "verwacht thuiszitter, absoluut_verzuim, vrijstelling_5a, zorgplicht, zio_geschil of overig")
    })?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak openen")
        .await;
    let file = open_case(
        &state,
        &actor,
        case_type,
        PupilId(body.pupil),
        body.registered_on,
        body.reason,
    )
    .await?;
    let agreements = agreements(&state).await?;
    let location = format!("/api/v1/cases/{}", file.case.id());
    let version = file.case.version();
    Ok((
        StatusCode::CREATED,
        [
            (header::LOCATION, location),
            (header::ETAG, format!("\"{version}\"")),
        ],
        Json(dto(file, &agreements, true)),
    ))
}

/// Opens a case for the pupil's municipality of residence (read from the pupil's file).
pub async fn open_case(
    state: &AppState,
    actor: &continuum_store::Actor,
    case_type: CaseType,
    pupil: PupilId,
    registered_on: NaiveDate,
    reason: String,
) -> Result<CaseFile, continuum_store::StoreError> {
    let municipality = state
        .store
        .pupil_file(actor, pupil)
        .await?
        .pupil
        .record
        .municipality;
    let opened = CaseEvent::Opened {
        case_type,
        pupil,
        municipality,
        registered_on,
        reason,
    };
    state
        .store
        .open_case(actor, CaseId::new_random(), opened)
        .await
}

/// One case with its timeline.
#[utoipa::path(get, path = "/cases/{id}", operation_id = "getCase", tag = "zaken", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de zaak")),
    responses((status = 200, description = "De zaak", body = CaseDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak bekijken")
        .await;
    let file = state.store.case(&actor, CaseId(id)).await?;
    let agreements = agreements(&state).await?;
    let version = file.case.version();
    Ok((
        [etag(i64::try_from(version).unwrap_or(0))],
        Json(dto(file, &agreements, true)),
    ))
}

/// Records what happened in a case: one event, e.g. `{"type": "action_agreed", "action":
/// "<uuid>", "description": "…", "owner": "<uuid>", "deadline": "2026-12-01"}`. The case
/// checks it (the error names the field). Send the ETag you read as `If-Match`. An
/// escalation notifies the party it goes to.
#[utoipa::path(post, path = "/cases/{id}/events", operation_id = "recordCaseEvent", tag = "zaken", security(("sessie" = [])),
    request_body(content = Object, description = "Eén gebeurtenis, met `type`"),
    params(("id" = Uuid, Path, description = "Id van de zaak"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Vastgelegd", body = CaseDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn record(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    axum::extract::Json(raw): axum::extract::Json<serde_json::Value>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let event: CaseEvent = serde_path_to_error::deserialize(raw).map_err(|e| {
        let path = e.path().to_string();
        ApiError::invalid(
            if path == "." {
                String::from("type")
            } else {
                path
            },
            e.into_inner().to_string(),
        )
    })?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaak bijwerken")
        .await;
    let file = record_event(
        &state,
        &actor,
        CaseId(id),
        u64::try_from(expected).unwrap_or(0),
        event,
    )
    .await?;
    let agreements = agreements(&state).await?;
    let version = file.case.version();
    Ok((
        [etag(i64::try_from(version).unwrap_or(0))],
        Json(dto(file, &agreements, true)),
    ))
}

/// Records an event; an escalation by hand tells the party it goes to.
pub async fn record_event(
    state: &AppState,
    actor: &continuum_store::Actor,
    id: CaseId,
    expected: u64,
    event: CaseEvent,
) -> Result<CaseFile, continuum_store::StoreError> {
    let notify = match &event {
        CaseEvent::Escalated { to, reason, .. } => vec![(
            *to,
            format!("Een zaak is naar uw organisatie geëscaleerd (doorzettingsmacht). {reason}"),
        )],
        _ => Vec::new(),
    };
    state
        .store
        .record_case_event(actor, id, expected, event, notify)
        .await
}

/// The doorzettingsmacht part of a region's OOGO agreement.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OogoDto {
    pub swv: Uuid,
    pub municipalities: Vec<Uuid>,
    /// Who holds doorzettingsmacht for education (an SWV).
    pub education: Uuid,
    /// Who holds it for youth help: `{"kind": "woonplaats"}` (the child's own municipality)
    /// or `{"kind": "gemeente", "municipality": "<uuid>"}`.
    #[schema(value_type = Object)]
    pub youth_help: serde_json::Value,
    /// After how many weeks without an integral offer a case escalates.
    pub weeks_without_offer: u32,
    pub geschillenregeling: String,
    #[serde(skip_deserializing)]
    pub version: i64,
}

fn oogo_dto(v: Versioned<OrgId, OogoEscalation>) -> OogoDto {
    let mut o = serde_json::to_value(&v.record).unwrap_or_default();
    let youth_help = o
        .get_mut("youthHelp")
        .map(serde_json::Value::take)
        .unwrap_or_default();
    OogoDto {
        swv: v.record.swv().0,
        municipalities: v.record.municipalities().iter().map(|m| m.0).collect(),
        education: v.record.education().0,
        youth_help,
        weeks_without_offer: v.record.weeks_without_offer(),
        geschillenregeling: v.record.geschillenregeling().to_owned(),
        version: v.version.0,
    }
}

/// The regions' OOGO agreements on doorzettingsmacht, one per SWV.
#[utoipa::path(get, path = "/oogo-agreements", operation_id = "listOogoAgreements", tag = "zaken", security(("sessie" = [])),
    responses((status = 200, description = "De afspraken", body = Vec<OogoDto>)))]
pub async fn oogo_list(
    State(state): State<AppState>,
    ApiUser(_me): ApiUser,
) -> Result<Json<Vec<OogoDto>>, ApiError> {
    Ok(Json(
        state
            .store
            .oogo_agreements()
            .await?
            .into_iter()
            .map(oogo_dto)
            .collect(),
    ))
}

/// Records a new version of the agreement of the SWV's region. A registrator of the SWV or
/// of a municipality party to it.
#[utoipa::path(put, path = "/oogo-agreements/{swv}", operation_id = "putOogoAgreement", tag = "zaken", security(("sessie" = [])), request_body = OogoDto,
    params(("swv" = Uuid, Path, description = "Id van het samenwerkingsverband")),
    responses((status = 200, description = "Vastgelegd", body = OogoDto)))]
pub async fn oogo_put(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(swv): Path<Uuid>,
    Json(body): Json<OogoDto>,
) -> Result<Json<OogoDto>, ApiError> {
    if body.swv != swv {
        return Err(ApiError::invalid(
            "swv",
            "hoort gelijk te zijn aan het samenwerkingsverband in het pad",
        ));
    }
    let raw = serde_json::json!({
        "swv": body.swv, "municipalities": body.municipalities, "education": body.education,
        "youthHelp": body.youth_help, "weeksWithoutOffer": body.weeks_without_offer,
        "geschillenregeling": body.geschillenregeling,
    });
    let oogo: OogoEscalation = serde_path_to_error::deserialize(raw).map_err(|e| {
        let msg = e.inner().to_string();
        // The agreement's own check names its field first ("weeksWithoutOffer: …").
        match msg.split_once(": ") {
            Some((field, reason)) if !field.contains(' ') => ApiError::invalid(field, reason),
            _ => ApiError::invalid(e.path().to_string(), msg),
        }
    })?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "OOGO-afspraak vastleggen")
        .await;
    Ok(Json(oogo_dto(state.store.put_oogo(&actor, oogo).await?)))
}

/// A message to your organisation.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationDto {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub case: Option<Uuid>,
    pub message: String,
}

/// The messages to your organisation, newest first.
#[utoipa::path(get, path = "/notifications", operation_id = "listNotifications", tag = "zaken", security(("sessie" = [])),
    responses((status = 200, description = "De berichten", body = Vec<NotificationDto>)))]
pub async fn notifications(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<Vec<NotificationDto>>, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "berichten lezen")
        .await;
    Ok(Json(
        state
            .store
            .notifications(&actor)
            .await?
            .into_iter()
            .map(|n| NotificationDto {
                id: n.id.0,
                at: n.at,
                case: n.case.map(|c| c.0),
                message: n.message,
            })
            .collect(),
    ))
}

/// The largest document a case takes, in bytes.
pub const MAX_DOCUMENT: usize = 10 * 1024 * 1024;

/// A document for a case: its metadata (as the timeline shows it) and its content.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDocument {
    pub title: String,
    /// What kind of document: `verslag`, `plan`, `besluit`, …
    pub kind: String,
    /// The ZGW vertrouwelijkheidaanduiding: `openbaar`, `beperkt_openbaar`, `intern`,
    /// `zaakvertrouwelijk`, `vertrouwelijk`, `confidentieel`, `geheim` or `zeer_geheim`.
    /// Parents see documents up to `beperkt_openbaar`.
    pub confidentiality: String,
    #[schema(format = Date)]
    pub on: NaiveDate,
    pub filename: String,
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// The content, base64 (standard alphabet), at most 10 MiB decoded.
    pub content: String,
}

/// Adds a document with its content to the case (one `document_added` event). Send the
/// ETag you read as `If-Match`.
#[utoipa::path(post, path = "/cases/{id}/documents", operation_id = "addCaseDocument", tag = "zaken", security(("sessie" = [])), request_body = NewDocument,
    params(("id" = Uuid, Path, description = "Id van de zaak"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 201, description = "Toegevoegd", body = CaseDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn add_document(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<NewDocument>,
) -> Result<impl IntoResponse, ApiError> {
    use base64::Engine;
    let expected = if_match(&headers)?;
    let confidentiality = Confidentiality::parse(&body.confidentiality).ok_or_else(|| {
        ApiError::invalid(
            "confidentiality",
            "verwacht een vertrouwelijkheidaanduiding, bijvoorbeeld zaakvertrouwelijk",
        )
    })?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.content.as_bytes())
        .map_err(|e| ApiError::invalid("content", format!("geen geldige base64: {e}")))?;
    if bytes.len() > MAX_DOCUMENT {
        return Err(ApiError::invalid(
            "content",
            "een document is hoogstens 10 MiB",
        ));
    }
    let content = document_content(&body.filename, &body.content_type, bytes)
        .map_err(|(f, why)| ApiError::invalid(f, why))?;
    let event = CaseEvent::DocumentAdded {
        document: DocumentId::new_random(),
        title: body.title,
        kind: body.kind,
        confidentiality,
        on: body.on,
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaakdocument toevoegen")
        .await;
    let file = state
        .store
        .add_case_document(
            &actor,
            CaseId(id),
            u64::try_from(expected).unwrap_or(0),
            event,
            content,
        )
        .await?;
    let agreements = agreements(&state).await?;
    let version = file.case.version();
    Ok((
        StatusCode::CREATED,
        [etag(i64::try_from(version).unwrap_or(0))],
        Json(dto(file, &agreements, true)),
    ))
}

/// Checks and cleans what a client says about a document: the name without any path, a
/// plain media type.
pub fn document_content(
    filename: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<continuum_store::DocumentContent, (&'static str, &'static str)> {
    let name = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim();
    if name.is_empty() || name.len() > 200 || name.chars().any(|c| c.is_control() || c == '"') {
        return Err((
            "filename",
            "een bestandsnaam van 1 tot 200 tekens, zonder aanhalingstekens",
        ));
    }
    let media = content_type.trim();
    let plain = media.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && media
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "/.+-".contains(c))
    });
    if !plain {
        return Err(("contentType", "een mediatype zoals application/pdf"));
    }
    if bytes.is_empty() {
        return Err(("content", "het document is leeg"));
    }
    Ok(continuum_store::DocumentContent {
        filename: name.to_owned(),
        content_type: media.to_owned(),
        bytes,
    })
}

/// A document's content, for those who see the case (parents: up to `beperkt_openbaar`).
#[utoipa::path(get, path = "/cases/{id}/documents/{documentId}", operation_id = "getCaseDocument", tag = "zaken", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de zaak"), ("documentId" = Uuid, Path, description = "Id van het document")),
    responses((status = 200, description = "De inhoud", content_type = "application/octet-stream")))]
pub async fn document(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path((id, document)): Path<(Uuid, Uuid)>,
) -> Result<axum::response::Response, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "zaakdocument lezen")
        .await;
    let c = state
        .store
        .case_document(&actor, CaseId(id), DocumentId(document))
        .await?;
    Ok(download(c))
}

/// A document as a download: its own media type, as an attachment (never shown inline, so
/// an uploaded HTML file cannot run in our origin).
pub fn download(c: continuum_store::DocumentContent) -> axum::response::Response {
    use axum::http::HeaderValue;
    let media = HeaderValue::from_str(&c.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        c.filename
            .replace(|ch: char| !ch.is_ascii_graphic() && ch != ' ', "_")
    ))
    .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, media),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        c.bytes,
    )
        .into_response()
}
