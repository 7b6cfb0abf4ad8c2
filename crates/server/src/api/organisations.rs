use super::dto::{AgreementDto, ClassDto, OrganisationDto, WorkerDto};
use super::page::{PageLinks, PageQuery};
use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use continuum_domain::ids::OrgId;
use continuum_domain::register::OrgKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OrgFilter {
    /// Only organisations of this kind (gemeente, zorgkantoor, zorgverzekeraar, swv, schoolbestuur, school, zorgaanbieder).
    pub kind: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationPage {
    pub items: Vec<OrganisationDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The organisations of the register, page by page.
#[utoipa::path(get, path = "/organisations", operation_id = "listOrganisations", tag = "organisaties", security(("sessie" = [])),
    params(OrgFilter, PageQuery),
    responses((status = 200, description = "Een pagina organisaties", body = OrganisationPage)))]
pub async fn list(
    State(state): State<AppState>,
    _me: ApiUser,
    Query(filter): Query<OrgFilter>,
    Query(pq): Query<PageQuery>,
) -> Result<Json<OrganisationPage>, ApiError> {
    let kind = match filter.kind.as_deref() {
        Some(k) => Some(OrgKind::parse(k).ok_or_else(|| {
            ApiError::invalid("kind", format!("'{k}' is geen soort organisatie"))
        })?),
        None => None,
    };
    let page = pq.page()?;
    let (items, total) = state.store.organisations(kind, page).await?;
    let base = match &filter.kind {
        Some(k) => format!("/api/v1/organisations?kind={k}&"),
        None => "/api/v1/organisations?".to_owned(),
    };
    Ok(Json(OrganisationPage {
        items: items.into_iter().map(Into::into).collect(),
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new(&base, page, total),
    }))
}

/// One organisation, with its version as ETag.
#[utoipa::path(get, path = "/organisations/{id}", operation_id = "getOrganisation", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "De organisatie", body = OrganisationDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    _me: ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let v = state.store.organisation(OrgId(id)).await?;
    Ok(([super::etag(v.version.0)], Json(OrganisationDto::from(v))))
}

/// Every version of an organisation, newest first.
#[utoipa::path(get, path = "/organisations/{id}/versions", operation_id = "listOrganisationVersions", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de organisatie")),
    responses((status = 200, description = "Alle versies", body = Vec<OrganisationDto>)))]
pub async fn versions(
    State(state): State<AppState>,
    _me: ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<OrganisationDto>>, ApiError> {
    Ok(Json(
        state
            .store
            .organisation_history(OrgId(id))
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// The classes of a school location.
#[utoipa::path(get, path = "/organisations/{id}/classes", operation_id = "listSchoolClasses", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de school")),
    responses((status = 200, description = "De klassen", body = Vec<ClassDto>)))]
pub async fn classes(
    State(state): State<AppState>,
    _me: ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<ClassDto>>, ApiError> {
    state.store.organisation(OrgId(id)).await?;
    Ok(Json(
        state
            .store
            .classes_of_school(OrgId(id))
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct OnDate {
    /// The date the enrolments must be valid on (default: today).
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PupilRowDto {
    pub id: Uuid,
    pub given_name: String,
    pub family_name: String,
    #[schema(format = Date)]
    pub birth_date: NaiveDate,
    pub class: Option<Uuid>,
    pub class_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PupilRowPage {
    pub items: Vec<PupilRowDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The pupils enrolled at a school on a date, by class — only those your organisation has a relation with.
#[utoipa::path(get, path = "/organisations/{id}/pupils", operation_id = "listSchoolPupils", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de school"), OnDate, PageQuery),
    responses((status = 200, description = "Een pagina leerlingen", body = PupilRowPage)))]
pub async fn school_pupils(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    Query(on): Query<OnDate>,
    Query(pq): Query<PageQuery>,
) -> Result<Json<PupilRowPage>, ApiError> {
    let page = pq.page()?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "leerlingen van een school bekijken",
        )
        .await;
    let date = on.date.unwrap_or(actor.today);
    let (rows, total) = state
        .store
        .pupils_of_school(&actor, OrgId(id), date, page)
        .await?;
    Ok(Json(PupilRowPage {
        items: rows
            .into_iter()
            .map(|r| PupilRowDto {
                id: r.id.0,
                given_name: r.given_name,
                family_name: r.family_name,
                birth_date: r.birth_date,
                class: r.class.map(|c| c.0),
                class_name: r.class_name,
            })
            .collect(),
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new(
            &format!("/api/v1/organisations/{id}/pupils?date={date}&"),
            page,
            total,
        ),
    }))
}

/// The care workers of a provider, with their qualifications. Only the provider's own
/// users see them (they are employees' personal data); for anyone else the answer is 404.
#[utoipa::path(get, path = "/organisations/{id}/workers", operation_id = "listProviderWorkers", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de zorgaanbieder")),
    responses((status = 200, description = "De zorgmedewerkers", body = Vec<WorkerDto>)))]
pub async fn workers(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<WorkerDto>>, ApiError> {
    if me.user.org != OrgId(id) {
        return Err(ApiError::NotFound);
    }
    Ok(Json(
        state
            .store
            .workers_of_provider(OrgId(id))
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// The agreements (bestuurlijke afspraken) about care at a school, newest first.
#[utoipa::path(get, path = "/organisations/{id}/agreements", operation_id = "listSchoolAgreements", tag = "organisaties", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de school")),
    responses((status = 200, description = "De afspraken", body = Vec<AgreementDto>)))]
pub async fn agreements(
    State(state): State<AppState>,
    _me: ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<AgreementDto>>, ApiError> {
    state.store.organisation(OrgId(id)).await?;
    Ok(Json(
        state
            .store
            .agreements_of_school(OrgId(id))
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}
