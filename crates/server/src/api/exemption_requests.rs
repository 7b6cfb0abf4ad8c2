//! Requests for an exemption under art. 5 onder a (`/exemption-requests`): the parents'
//! notification opens one, the leerplichtambtenaar records the statement, the SWV's
//! perspective, the casusregisseur, the evaluations and the development offer as they
//! come in, and registration passes the rules engine's completeness check — a request that
//! is not complete answers `422` listing every missing element, and nothing is stored.

use super::exemption_dto::*;
use super::exemptions::{ExemptionDto, dtos, etag_pair};
use super::page::{PageLinks, PageQuery};
use super::{etag, if_match};
use crate::AppState;
use crate::auth::ApiUser;
use crate::exemptions as glue;
use crate::problem::{ApiError, InvalidParam, Json, Path, Query};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::exemption::{Decision, ExemptionRequest};
use continuum_domain::ids::{ExemptionId, PupilId};
use continuum_domain::register::Version;
use continuum_rules::leerplichtwet::Completeness;
use continuum_store::RequestFile;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What became of a request.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DecisionDto {
    /// `geregistreerd` or `afgewezen`.
    pub kind: String,
    #[schema(format = Date)]
    pub on: NaiveDate,
    pub reason: Option<String>,
}

/// A request for an exemption under art. 5 onder a, with the step it is at and — while it
/// is open — what the completeness check still misses today.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionRequestDto {
    pub id: Uuid,
    pub version: i64,
    pub pupil: Uuid,
    pub pupil_name: String,
    pub municipality: Uuid,
    pub municipality_name: String,
    /// `wacht_op_verklaring`, `wacht_op_perspectief`, `wacht_op_casusregisseur`,
    /// `klaar_voor_toets`, `geregistreerd` or `afgewezen`.
    pub step: String,
    pub step_label: String,
    pub notification: NotificationDto,
    pub statement: Option<StatementDto>,
    pub perspective: Option<PerspectiveDto>,
    pub casusregisseur: Option<CasusregisseurDto>,
    pub evaluations: Vec<EvaluationDto>,
    pub development_offers: Vec<DevelopmentOfferDto>,
    pub decision: Option<DecisionDto>,
    /// For an open request: every element the completeness check finds missing or not
    /// lawful today, named by its field; empty when it can be registered.
    pub missing: Vec<InvalidParam>,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

fn dto(f: RequestFile, on: NaiveDate) -> Result<ExemptionRequestDto, ApiError> {
    let r = &f.request.record;
    let missing = if r.decision.is_none() {
        match glue::completeness(r, on) {
            Ok((Completeness::Complete, _)) => Vec::new(),
            Ok((Completeness::Incomplete { missing }, _)) => missing
                .iter()
                .map(|m| InvalidParam {
                    name: glue::field_of(m.element, false).to_owned(),
                    reason: format!("{} ({})", m.explanation, m.basis),
                })
                .collect(),
            // A statement dated after the notification cannot be checked: say so.
            Err(glue::CheckError::Invalid(v)) => v
                .into_iter()
                .map(|e| InvalidParam {
                    name: e.field,
                    reason: e.message,
                })
                .collect(),
            Err(e) => return Err(e.into()),
        }
    } else {
        Vec::new()
    };
    let step = r.step();
    Ok(ExemptionRequestDto {
        id: f.request.id.0,
        version: f.request.version.0,
        pupil: r.pupil.0,
        pupil_name: f.pupil_name.clone(),
        municipality: r.municipality.0,
        municipality_name: f.municipality_name.clone(),
        step: step.code().to_owned(),
        step_label: step.label_nl().to_owned(),
        notification: (&r.notification).into(),
        statement: r.statement.as_ref().map(Into::into),
        perspective: r.perspective.as_ref().map(Into::into),
        casusregisseur: r.casusregisseur.as_ref().map(Into::into),
        evaluations: r.evaluations.iter().map(Into::into).collect(),
        development_offers: r.development_offers.iter().map(Into::into).collect(),
        decision: r.decision.as_ref().map(|d| match d {
            Decision::Registered { on } => DecisionDto {
                kind: "geregistreerd".into(),
                on: *on,
                reason: None,
            },
            Decision::Refused { on, reason } => DecisionDto {
                kind: "afgewezen".into(),
                on: *on,
                reason: Some(reason.clone()),
            },
        }),
        missing,
        recorded_at: f.request.recorded_at,
        recorded_by: f.request.recorded_by.clone(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionRequestPage {
    pub items: Vec<ExemptionRequestDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The requests of your municipality: open ones first, newest notification first.
#[utoipa::path(get, path = "/exemption-requests", operation_id = "listExemptionRequests", tag = "vrijstellingen", security(("sessie" = [])),
    params(PageQuery),
    responses((status = 200, description = "Een pagina aanvragen", body = ExemptionRequestPage)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(pq): Query<PageQuery>,
) -> Result<Json<ExemptionRequestPage>, ApiError> {
    let page = pq.page()?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "aanvragen vrijstelling bekijken",
        )
        .await;
    let (files, total) = state.store.exemption_requests(&actor, page).await?;
    Ok(Json(ExemptionRequestPage {
        items: files
            .into_iter()
            .map(|f| dto(f, actor.today))
            .collect::<Result<_, _>>()?,
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new("/api/v1/exemption-requests?", page, total),
    }))
}

/// A new request: the parents' notification, received by the municipality where the child
/// lives.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewExemptionRequest {
    pub pupil: Uuid,
    pub notification: NotificationDto,
}

/// Opens a request for an exemption under art. 5 onder a (a registrator of the pupil's
/// municipality of residence).
#[utoipa::path(post, path = "/exemption-requests", operation_id = "createExemptionRequest", tag = "vrijstellingen", security(("sessie" = [])), request_body = NewExemptionRequest,
    responses((status = 201, description = "Aanvraag geopend", body = ExemptionRequestDto, headers(("Location" = String, description = "De aanvraag"), ("ETag" = String, description = "Versie")))))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<NewExemptionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errs = Errs::default();
    let notification = body.notification.parse("notification", &mut errs);
    let notification = errs.done(notification)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "aanvraag vrijstelling openen")
        .await;
    let req = ExemptionRequest::new(PupilId(body.pupil), actor.org, notification);
    let file = state
        .store
        .create_exemption_request(&actor, ExemptionId::new_random(), req)
        .await?;
    let location = format!("/api/v1/exemption-requests/{}", file.request.id);
    let version = file.request.version.0;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), etag_pair(version)],
        Json(dto(file, actor.today)?),
    ))
}

/// One request, with what the completeness check still misses.
#[utoipa::path(get, path = "/exemption-requests/{id}", operation_id = "getExemptionRequest", tag = "vrijstellingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de aanvraag")),
    responses((status = 200, description = "De aanvraag", body = ExemptionRequestDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
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
    let version = file.request.version.0;
    Ok(([etag(version)], Json(dto(file, actor.today)?)))
}

/// The parts of a request collected so far; each `PUT` replaces them all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestParts {
    #[serde(default)]
    pub statement: Option<StatementDto>,
    #[serde(default)]
    pub perspective: Option<PerspectiveDto>,
    #[serde(default)]
    pub casusregisseur: Option<CasusregisseurDto>,
    #[serde(default)]
    pub evaluations: Vec<EvaluationDto>,
    #[serde(default)]
    pub development_offers: Vec<DevelopmentOfferDto>,
}

/// Records the parts collected (a step of the workflow). The notification stays; a
/// decided request does not change (`409`). Send the ETag you read as `If-Match`.
#[utoipa::path(put, path = "/exemption-requests/{id}", operation_id = "replaceExemptionRequest", tag = "vrijstellingen", security(("sessie" = [])), request_body = RequestParts,
    params(("id" = Uuid, Path, description = "Id van de aanvraag"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Vastgelegd", body = ExemptionRequestDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<RequestParts>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let mut errs = Errs::default();
    let statement = body
        .statement
        .as_ref()
        .and_then(|s| s.parse("statement", &mut errs));
    let perspective = body
        .perspective
        .as_ref()
        .and_then(|p| p.parse("perspective", &mut errs));
    let casusregisseur = body
        .casusregisseur
        .as_ref()
        .and_then(|c| c.parse("casusregisseur", &mut errs));
    let offers = parse_all(
        &body.development_offers,
        "developmentOffers",
        &mut errs,
        DevelopmentOfferDto::parse,
    );
    errs.done(Some(()))?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "aanvraag vrijstelling bijwerken",
        )
        .await;
    let current = state
        .store
        .exemption_request(&actor, ExemptionId(id))
        .await?;
    let mut req = current.request.record;
    req.statement = statement;
    req.perspective = perspective;
    req.casusregisseur = casusregisseur;
    req.evaluations = body.evaluations.iter().map(EvaluationDto::domain).collect();
    req.development_offers = offers;
    let file = state
        .store
        .change_exemption_request(&actor, ExemptionId(id), Version(expected), req)
        .await?;
    let version = file.request.version.0;
    Ok(([etag(version)], Json(dto(file, actor.today)?)))
}

/// Registers the exemption when the completeness check (Leerplichtwet art. 5 onder a, 6, 7
/// and policy: perspective, at least one year, casusregisseur) finds the request complete
/// today. Otherwise `422` with every missing element in `invalidParams`, and nothing is
/// stored. The exemption gets the request's id. Send the ETag you read as `If-Match`.
#[utoipa::path(post, path = "/exemption-requests/{id}/registrations", operation_id = "registerExemptionRequest", tag = "vrijstellingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de aanvraag"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses(
        (status = 201, description = "De vrijstelling staat in het register", body = ExemptionDto, headers(("Location" = String, description = "De vrijstelling"), ("ETag" = String, description = "Versie"))),
        (status = 412, description = "De aanvraag is gewijzigd sinds u haar las (If-Match)", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "De aanvraag is niet volledig; invalidParams noemt elk ontbrekend onderdeel", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match ontbreekt", body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn register(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "vrijstelling registreren na toets",
        )
        .await;
    let file = glue::register_request(&state, &actor, ExemptionId(id), Version(expected)).await?;
    let location = format!("/api/v1/exemptions/{}", file.exemption.id);
    let version = file.exemption.version.0;
    let body = dtos(vec![file], actor.today)?
        .pop()
        .ok_or_else(|| ApiError::Internal("vrijstelling".into()))?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), etag_pair(version)],
        Json(body),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Refusal {
    /// Why the request is refused, in Dutch, for the parents.
    pub reason: String,
}

/// Refuses the request. Send the ETag you read as `If-Match`.
#[utoipa::path(post, path = "/exemption-requests/{id}/refusals", operation_id = "refuseExemptionRequest", tag = "vrijstellingen", security(("sessie" = [])), request_body = Refusal,
    params(("id" = Uuid, Path, description = "Id van de aanvraag"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses(
        (status = 200, description = "Afgewezen", body = ExemptionRequestDto, headers(("ETag" = String, description = "Nieuwe versie"))),
        (status = 412, description = "De aanvraag is gewijzigd sinds u haar las (If-Match)", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match ontbreekt", body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn refuse(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<Refusal>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "aanvraag vrijstelling afwijzen",
        )
        .await;
    let current = state
        .store
        .exemption_request(&actor, ExemptionId(id))
        .await?;
    let mut req = current.request.record;
    req.refuse(actor.today, &body.reason).map_err(|e| {
        if e.field == "decision.reason" {
            ApiError::invalid("reason", e.message)
        } else {
            ApiError::Conflict(e.message)
        }
    })?;
    let file = state
        .store
        .change_exemption_request(&actor, ExemptionId(id), Version(expected), req)
        .await?;
    let version = file.request.version.0;
    Ok(([etag(version)], Json(dto(file, actor.today)?)))
}
