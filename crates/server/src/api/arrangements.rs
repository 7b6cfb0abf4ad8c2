//! Arrangements (`/arrangements`): onderwijszorgarrangementen (individual, group, school)
//! and reduced teaching time with the inspectie's permission, recorded by the school and
//! checked by the rules engine (`400` names every wrong field); reminders before they end
//! (`/arrangement-reminders`).

use super::dto::PeriodDto;
use super::exemption_dto::{Errs, decimal};
use super::exemptions::etag_pair;
use super::page::{PageLinks, PageQuery};
use super::{etag, if_match};
use crate::AppState;
use crate::arrangements as glue;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::arrangement::{Arrangement, ArrangementKind, Permission, ReducedTime};
use continuum_domain::ids::{ArrangementId, OrgId, PupilId};
use continuum_domain::register::{HoursPerWeek, SchoolType, Version};
use continuum_rules::passend_onderwijs::legal_basis;
use continuum_store::{ArrangementFile, ArrangementFilter, Page};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

const KINDS: &str = "individueel, groep, school of onderwijstijd_ontheffing";

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArrangementPupilDto {
    pub id: Uuid,
    pub name: String,
}

/// One permission of the inspectie, for at most a school year.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PermissionDto {
    pub period: PeriodDto,
    #[schema(format = Date)]
    pub granted_on: NaiveDate,
    /// The inspectie's reference of the decision.
    pub reference: String,
}

/// Reduced teaching time: the kind of school, the hours of teaching per week, the
/// permissions (one per school year; a renewal is a new permission).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReducedTimeDto {
    /// `po`, `sbo`, `so`, `vo` or `vso`.
    pub school_type: String,
    /// Hours of teaching per week as a decimal string, `"12.5"`.
    pub teaching_hours_per_week: String,
    pub permissions: Vec<PermissionDto>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArrangementDto {
    pub id: Uuid,
    pub version: i64,
    /// `individueel`, `groep`, `school` or `onderwijstijd_ontheffing`.
    pub kind: String,
    pub kind_label: String,
    pub school: Uuid,
    pub school_name: String,
    /// The pupils you may see.
    pub pupils: Vec<ArrangementPupilDto>,
    /// Pupils in the arrangement you do not see (no relation with them).
    pub hidden_pupils: u32,
    pub partners: Vec<Uuid>,
    pub period: PeriodDto,
    pub description: String,
    pub reduced_time: Option<ReducedTimeDto>,
    /// The legal basis or policy source.
    pub legal_basis: String,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl From<ArrangementFile> for ArrangementDto {
    fn from(f: ArrangementFile) -> Self {
        let a = &f.arrangement.record;
        ArrangementDto {
            id: f.arrangement.id.0,
            version: f.arrangement.version.0,
            kind: a.kind.code().to_owned(),
            kind_label: a.kind.label_nl().to_owned(),
            school: a.school.0,
            school_name: f.school_name.clone(),
            pupils: a
                .pupils
                .iter()
                .zip(&f.pupil_names)
                .map(|(p, n)| ArrangementPupilDto {
                    id: p.0,
                    name: n.clone(),
                })
                .collect(),
            hidden_pupils: f.hidden_pupils,
            partners: a.partners.iter().map(|p| p.0).collect(),
            period: a.period.into(),
            description: a.description.clone(),
            reduced_time: a.reduced_time.as_ref().map(|r| ReducedTimeDto {
                school_type: r.school_type.code().to_owned(),
                teaching_hours_per_week: decimal(r.teaching_hours_per_week),
                permissions: r
                    .permissions
                    .iter()
                    .map(|p| PermissionDto {
                        period: p.period.into(),
                        granted_on: p.granted_on,
                        reference: p.reference.clone(),
                    })
                    .collect(),
            }),
            legal_basis: legal_basis(a).to_string(),
            recorded_at: f.arrangement.recorded_at,
            recorded_by: f.arrangement.recorded_by.clone(),
        }
    }
}

/// An arrangement as the school records it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArrangementInput {
    /// `individueel`, `groep`, `school` or `onderwijstijd_ontheffing`.
    pub kind: String,
    /// Your school (location).
    pub school: Uuid,
    #[serde(default)]
    pub pupils: Vec<Uuid>,
    /// SWV, school board, care provider, municipality, zorgkantoor.
    #[serde(default)]
    pub partners: Vec<Uuid>,
    pub period: PeriodDto,
    pub description: String,
    /// Only for `onderwijstijd_ontheffing`.
    #[serde(default)]
    pub reduced_time: Option<ReducedTimeDto>,
}

impl ArrangementInput {
    fn parse(&self) -> Result<Arrangement, ApiError> {
        let mut errs = Errs::default();
        let kind = ArrangementKind::parse(&self.kind);
        if kind.is_none() {
            errs.push("kind", format!("verwacht {KINDS}"));
        }
        let period = errs.period(&self.period, "period");
        let reduced_time = match &self.reduced_time {
            None => Some(None),
            Some(r) => {
                let school_type = SchoolType::parse(&r.school_type);
                if school_type.is_none() {
                    errs.push("reducedTime.schoolType", "verwacht po, sbo, so, vo of vso");
                }
                let hours = HoursPerWeek::parse(&r.teaching_hours_per_week)
                    .map_err(|e| errs.push("reducedTime.teachingHoursPerWeek", e))
                    .ok();
                let permissions: Vec<Option<Permission>> = r
                    .permissions
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let field = format!("reducedTime.permissions[{i}].period");
                        Some(Permission {
                            period: errs.period(&p.period, &field)?,
                            granted_on: p.granted_on,
                            reference: p.reference.trim().to_owned(),
                        })
                    })
                    .collect();
                match (school_type, hours) {
                    (Some(school_type), Some(teaching_hours_per_week)) => Some(Some(ReducedTime {
                        school_type,
                        teaching_hours_per_week,
                        permissions: permissions.into_iter().flatten().collect(),
                    })),
                    _ => None,
                }
            }
        };
        let value = match (kind, period, reduced_time) {
            (Some(kind), Some(period), Some(reduced_time)) => Some(Arrangement {
                kind,
                school: OrgId(self.school),
                pupils: self.pupils.iter().copied().map(PupilId).collect(),
                partners: self.partners.iter().copied().map(OrgId).collect(),
                period,
                description: self.description.trim().to_owned(),
                reduced_time,
            }),
            _ => None,
        };
        errs.done(value)
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ArrangementQuery {
    /// Only arrangements of this school.
    pub school: Option<Uuid>,
    /// Only arrangements that name this pupil.
    pub pupil: Option<Uuid>,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only arrangements running on this day.
    #[param(value_type = Option<String>, format = Date)]
    pub in_force_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArrangementPage {
    pub items: Vec<ArrangementDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The arrangements you may see: your school's, those of the schools of your SWV, those
/// of your municipality's residents, your child's own. Latest start first.
#[utoipa::path(get, path = "/arrangements", operation_id = "listArrangements", tag = "arrangementen", security(("sessie" = [])),
    params(ArrangementQuery, PageQuery),
    responses((status = 200, description = "Een pagina arrangementen", body = ArrangementPage)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(q): Query<ArrangementQuery>,
    Query(pq): Query<PageQuery>,
) -> Result<Json<ArrangementPage>, ApiError> {
    let page = pq.page()?;
    let kind = match q.kind.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            ArrangementKind::parse(s)
                .ok_or_else(|| ApiError::invalid("kind", format!("verwacht {KINDS}")))?,
        ),
    };
    let filter = ArrangementFilter {
        school: q.school.map(OrgId),
        pupil: q.pupil.map(PupilId),
        kind,
        in_force_on: q.in_force_on,
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangementen bekijken")
        .await;
    let (files, total) = state.store.arrangements(&actor, filter, page).await?;
    let mut base = String::from("/api/v1/arrangements?");
    if let Some(s) = q.school {
        base.push_str(&format!("school={s}&"));
    }
    if let Some(p) = q.pupil {
        base.push_str(&format!("pupil={p}&"));
    }
    if let Some(k) = kind {
        base.push_str(&format!("kind={}&", k.code()));
    }
    if let Some(d) = q.in_force_on {
        base.push_str(&format!("inForceOn={d}&"));
    }
    Ok(Json(ArrangementPage {
        items: files.into_iter().map(Into::into).collect(),
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new(&base, page, total),
    }))
}

/// Records an arrangement of your school (a registrator). Every pupil must be enrolled at
/// the school today; a wrong field is named in `invalidParams`.
#[utoipa::path(post, path = "/arrangements", operation_id = "createArrangement", tag = "arrangementen", security(("sessie" = [])), request_body = ArrangementInput,
    responses((status = 201, description = "Vastgelegd", body = ArrangementDto, headers(("Location" = String, description = "Het arrangement"), ("ETag" = String, description = "Versie")))))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<ArrangementInput>,
) -> Result<impl IntoResponse, ApiError> {
    let a = body.parse()?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement vastleggen")
        .await;
    let file = glue::create(&state, &actor, ArrangementId::new_random(), a).await?;
    let location = format!("/api/v1/arrangements/{}", file.arrangement.id);
    let version = file.arrangement.version.0;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), etag_pair(version)],
        Json(ArrangementDto::from(file)),
    ))
}

/// One arrangement, with the pupils you may see.
#[utoipa::path(get, path = "/arrangements/{id}", operation_id = "getArrangement", tag = "arrangementen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van het arrangement")),
    responses((status = 200, description = "Het arrangement", body = ArrangementDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement bekijken")
        .await;
    let file = state.store.arrangement(&actor, ArrangementId(id)).await?;
    let version = file.arrangement.version.0;
    Ok(([etag(version)], Json(ArrangementDto::from(file))))
}

/// A new version: a renewed permission, another end, other pupils. School and kind stay.
/// Send the ETag you read as `If-Match`.
#[utoipa::path(put, path = "/arrangements/{id}", operation_id = "replaceArrangement", tag = "arrangementen", security(("sessie" = [])), request_body = ArrangementInput,
    params(("id" = Uuid, Path, description = "Id van het arrangement"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Gewijzigd", body = ArrangementDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<ArrangementInput>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let a = body.parse()?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement wijzigen")
        .await;
    let file = glue::change(&state, &actor, ArrangementId(id), Version(expected), a).await?;
    let version = file.arrangement.version.0;
    Ok(([etag(version)], Json(ArrangementDto::from(file))))
}

/// Every version of an arrangement, newest first.
#[utoipa::path(get, path = "/arrangements/{id}/versions", operation_id = "listArrangementVersions", tag = "arrangementen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van het arrangement")),
    responses((status = 200, description = "De versies", body = Vec<ArrangementDto>)))]
pub async fn versions(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<ArrangementDto>>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "geschiedenis van een arrangement bekijken",
        )
        .await;
    let files = state
        .store
        .arrangement_history(&actor, ArrangementId(id))
        .await?;
    Ok(Json(files.into_iter().map(Into::into).collect()))
}

/// An arrangement or permission that ends soon.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ArrangementReminderDto {
    pub arrangement: Uuid,
    pub kind: String,
    pub school: Uuid,
    #[schema(format = Date)]
    pub ends_on: NaiveDate,
    pub days_left: u32,
    pub message: String,
    pub basis: Vec<String>,
}

/// The arrangements you may see that end within the reminder lead time (8 weeks), soonest
/// first: time to ask the inspectie for a new permission or agree how it continues.
#[utoipa::path(get, path = "/arrangement-reminders", operation_id = "listArrangementReminders", tag = "arrangementen", security(("sessie" = [])),
    responses((status = 200, description = "De herinneringen", body = Vec<ArrangementReminderDto>)))]
pub async fn reminders(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<Json<Vec<ArrangementReminderDto>>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "herinneringen arrangementen bekijken",
        )
        .await;
    let (files, _) = state
        .store
        .arrangements(&actor, ArrangementFilter::default(), Page::all())
        .await?;
    let out = glue::reminders(&files, &actor)?;
    Ok(Json(
        out.into_iter()
            .map(|r| ArrangementReminderDto {
                arrangement: r.arrangement.0,
                kind: r.kind.code().to_owned(),
                school: r.school.0,
                ends_on: r.ends_on,
                days_left: r.days_left,
                message: r.message,
                basis: r.basis.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    ))
}
