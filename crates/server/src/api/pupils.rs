use super::dto::{FactDto, FactFields, PeriodDto, PupilDto, PupilInput};
use super::{etag, if_match};
use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use continuum_domain::ids::{ClassId, FactId, OrgId, PupilId};
use continuum_domain::register::{Fact, PupilFact, Version};
use continuum_store::{AuditEntry, HistoryItem, PupilFile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A pupil's file as your organisation may see it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PupilFileDto {
    pub pupil: PupilDto,
    pub facts: Vec<FactDto>,
    /// Your organisation's relations with this pupil (why you may see it).
    pub relations: Vec<String>,
}

impl From<PupilFile> for PupilFileDto {
    fn from(f: PupilFile) -> Self {
        PupilFileDto {
            pupil: PupilDto::new(
                f.pupil,
                continuum_domain::access::sees_full_pgn(&f.relations),
            ),
            facts: f.facts.into_iter().map(Into::into).collect(),
            relations: f
                .relations
                .iter()
                .map(|r| {
                    serde_json::to_value(r)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPupil {
    pub pupil: PupilInput,
    /// The school location (yours) where the pupil is enrolled.
    pub school: Uuid,
    pub class: Option<Uuid>,
    pub enrolment: PeriodDto,
}

/// Registers a new pupil with its enrolment at your school.
#[utoipa::path(post, path = "/pupils", operation_id = "registerPupil", tag = "leerlingen", security(("sessie" = [])), request_body = NewPupil,
    responses((status = 201, description = "Ingeschreven", body = PupilFileDto, headers(("ETag" = String, description = "Versie van de leerling"), ("Location" = String, description = "Adres van het dossier")))))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<NewPupil>,
) -> Result<impl IntoResponse, ApiError> {
    let pupil = body.pupil.parse()?;
    let id = PupilId::new_random();
    let mut errs = Vec::new();
    let period = body
        .enrolment
        .parse("enrolment", &mut errs)
        .ok_or_else(|| ApiError::BadRequest {
            detail: "enrolment: ongeldige periode".into(),
            invalid_params: errs,
        })?;
    let enrolment = PupilFact {
        pupil: id,
        period,
        fact: Fact::Enrolment {
            school: OrgId(body.school),
            class: body.class.map(ClassId),
        },
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "leerling inschrijven")
        .await;
    let file = state
        .store
        .create_pupil(&actor, id, pupil, enrolment)
        .await?;
    let location = format!("/api/v1/pupils/{}", file.pupil.id.0);
    Ok((
        StatusCode::CREATED,
        [
            etag(file.pupil.version.0),
            (
                axum::http::header::LOCATION,
                location
                    .parse()
                    .map_err(|_| ApiError::Internal("location".into()))?,
            ),
        ],
        Json(PupilFileDto::from(file)),
    ))
}

/// A pupil's file: the pupil, every fact, and your relations with the pupil.
#[utoipa::path(get, path = "/pupils/{id}", operation_id = "getPupilFile", tag = "leerlingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 200, description = "Het dossier", body = PupilFileDto, headers(("ETag" = String, description = "Versie van de leerling")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "dossier inzien")
        .await;
    let file = state.store.pupil_file(&actor, PupilId(id)).await?;
    Ok(([etag(file.pupil.version.0)], Json(PupilFileDto::from(file))))
}

/// Changes a pupil's own record. Send the ETag you read as `If-Match`.
#[utoipa::path(put, path = "/pupils/{id}", operation_id = "replacePupil", tag = "leerlingen", security(("sessie" = [])), request_body = PupilInput,
    params(("id" = Uuid, Path, description = "Id van de leerling"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Gewijzigd", body = PupilDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<PupilInput>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let pupil = body.parse()?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "leerlinggegevens wijzigen")
        .await;
    let v = state
        .store
        .update_pupil(&actor, PupilId(id), Version(expected), pupil)
        .await?;
    // Only the school and the municipality change a pupil's record; both need the PGN.
    Ok(([etag(v.version.0)], Json(PupilDto::new(v, true))))
}

/// One version in a pupil's history.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntryDto {
    /// `pupil` or the kind of fact.
    pub subject: String,
    pub id: Uuid,
    pub version: i64,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
}

/// Every version of the pupil's record and facts, newest first.
#[utoipa::path(get, path = "/pupils/{id}/versions", operation_id = "listPupilVersions", tag = "leerlingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 200, description = "De geschiedenis", body = Vec<HistoryEntryDto>)))]
pub async fn versions(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<HistoryEntryDto>>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "geschiedenis van het dossier inzien",
        )
        .await;
    let items = state.store.pupil_history(&actor, PupilId(id)).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|h| match h {
                HistoryItem::Pupil(v) => {
                    let (id, version, at, by) =
                        (v.id.0, v.version.0, v.recorded_at, v.recorded_by.clone());
                    HistoryEntryDto {
                        subject: "pupil".into(),
                        id,
                        version,
                        recorded_at: at,
                        recorded_by: by,
                        // History shows what changed; the PGN stays masked there.
                        record: serde_json::to_value(PupilDto::new(v, false)).unwrap_or_default(),
                    }
                }
                HistoryItem::Fact(v) => HistoryEntryDto {
                    subject: v.record.fact.kind().code().into(),
                    id: v.id.0,
                    version: v.version.0,
                    recorded_at: v.recorded_at,
                    recorded_by: v.recorded_by.clone(),
                    record: serde_json::to_value(FactFields::from_fact(&v.record))
                        .unwrap_or_default(),
                },
            })
            .collect(),
    ))
}

/// Records a new fact in the pupil's file (an enrolment, TLV, indication, need …).
#[utoipa::path(post, path = "/pupils/{id}/facts", operation_id = "addFact", tag = "leerlingen", security(("sessie" = [])), request_body = FactFields,
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 201, description = "Vastgelegd", body = FactDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn add_fact(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    Json(body): Json<FactFields>,
) -> Result<impl IntoResponse, ApiError> {
    let fact = body.parse(PupilId(id))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "gegeven vastleggen in dossier")
        .await;
    let v = state
        .store
        .add_fact(&actor, FactId::new_random(), fact)
        .await?;
    Ok((
        StatusCode::CREATED,
        [etag(v.version.0)],
        Json(FactDto::from(v)),
    ))
}

/// Changes a fact: a new version; the old one stays in the history. Send `If-Match`.
#[utoipa::path(put, path = "/pupils/{id}/facts/{factId}", operation_id = "replaceFact", tag = "leerlingen", security(("sessie" = [])), request_body = FactFields,
    params(("id" = Uuid, Path, description = "Id van de leerling"), ("factId" = Uuid, Path, description = "Id van het gegeven"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Gewijzigd", body = FactDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn replace_fact(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path((id, fact_id)): Path<(Uuid, Uuid)>,
    headers: HeaderMap,
    Json(body): Json<FactFields>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let fact = body.parse(PupilId(id))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "gegeven wijzigen in dossier")
        .await;
    let v = state
        .store
        .update_fact(&actor, FactId(fact_id), Version(expected), fact)
        .await?;
    Ok(([etag(v.version.0)], Json(FactDto::from(v))))
}

/// One entry of a pupil's audit log.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntryDto {
    pub at: DateTime<Utc>,
    pub user: String,
    pub organisation: String,
    pub role: Option<String>,
    /// read, search, create, update, export, import
    pub action: String,
    pub object: String,
    pub purpose: String,
    /// allowed or refused
    pub outcome: String,
    pub origin: String,
}

impl From<AuditEntry> for AuditEntryDto {
    fn from(e: AuditEntry) -> Self {
        AuditEntryDto {
            at: e.at,
            user: e.user_name,
            organisation: e.organisation_name,
            role: e.role.map(|r| r.code().to_owned()),
            action: e.action.code().to_owned(),
            object: e.object,
            purpose: e.purpose,
            outcome: match e.outcome {
                continuum_store::AuditOutcome::Allowed => "allowed".into(),
                continuum_store::AuditOutcome::Refused => "refused".into(),
            },
            origin: e.origin,
        }
    }
}

/// Who looked at or changed this pupil's data, when and why (for a data-access request, AVG art. 15).
#[utoipa::path(get, path = "/pupils/{id}/audit-log", operation_id = "getPupilAuditLog", tag = "leerlingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 200, description = "Het auditlog", body = Vec<AuditEntryDto>)))]
pub async fn audit_log(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<AuditEntryDto>>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "auditlog exporteren (inzageverzoek)",
        )
        .await;
    Ok(Json(
        state
            .store
            .audit_of_pupil(&actor, PupilId(id))
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
