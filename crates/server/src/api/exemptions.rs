//! The vrijstellingenregister (`/exemptions`): the municipality's register, each exemption
//! with the state of its yearly renewal, and the renewals themselves. Signals and the
//! yearly count: `exemption_signals.rs`.

use super::dto::PeriodDto;
use super::exemption_dto::*;
use super::page::{PageLinks, PageQuery};
use super::{etag, if_match};
use crate::AppState;
use crate::auth::ApiUser;
use crate::exemptions as glue;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::exemption::{Exemption, ExemptionGround, Renewal};
use continuum_domain::ids::{ExemptionId, PupilId};
use continuum_domain::period::SchoolYear;
use continuum_domain::register::Version;
use continuum_rules::leerplichtwet::{RenewalCheck, RenewalStatus};
use continuum_store::{ExemptionFile, ExemptionFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A yearly renewal of the notification (art. 6 lid 2 onder b).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenewalDto {
    /// The school year the renewal is for: `2027-2028`.
    pub school_year: String,
    #[schema(format = Date)]
    pub notified_on: NaiveDate,
    pub by_parent: bool,
    /// For art. 5 onder a: the new statement (not needed when the last one says the child
    /// will never be fit).
    #[serde(default)]
    pub statement: Option<StatementDto>,
}

/// The dossier of an exemption under art. 5 onder a.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DossierDto {
    pub statement: StatementDto,
    pub perspective: PerspectiveDto,
    pub casusregisseur: CasusregisseurDto,
    pub evaluations: Vec<EvaluationDto>,
    pub development_offers: Vec<DevelopmentOfferDto>,
}

/// Where the yearly renewal for the current or coming school year stands today.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RenewalStatusDto {
    pub school_year: String,
    /// The renewal must be received before this day.
    #[schema(format = Date)]
    pub deadline: NaiveDate,
    /// `niet_nodig`, `ontvangen`, `te_laat_ontvangen`, `verwacht` or `ontbreekt`.
    pub status: String,
    /// For `niet_nodig`: `grond_zonder_verlenging`, `nooit_geschikt`,
    /// `eindigt_voor_schooljaar` or `eerste_schooljaar`.
    pub reason: Option<String>,
    pub basis: String,
}

impl From<&RenewalCheck> for RenewalStatusDto {
    fn from(c: &RenewalCheck) -> Self {
        use continuum_rules::leerplichtwet::NoRenewalReason as R;
        let (status, reason) = match c.status {
            RenewalStatus::NotNeeded { reason } => (
                "niet_nodig",
                Some(match reason {
                    R::GroundWithoutRenewal => "grond_zonder_verlenging",
                    R::NeverFit => "nooit_geschikt",
                    R::EndsBeforeSchoolYear => "eindigt_voor_schooljaar",
                    R::FirstSchoolYear => "eerste_schooljaar",
                }),
            ),
            RenewalStatus::Received { .. } => ("ontvangen", None),
            RenewalStatus::ReceivedLate { .. } => ("te_laat_ontvangen", None),
            RenewalStatus::Due => ("verwacht", None),
            RenewalStatus::Missing => ("ontbreekt", None),
        };
        RenewalStatusDto {
            school_year: c.school_year.label(),
            deadline: c.deadline,
            status: status.to_owned(),
            reason: reason.map(str::to_owned),
            basis: c.basis.to_string(),
        }
    }
}

/// An exemption in the register.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionDto {
    pub id: Uuid,
    pub version: i64,
    pub pupil: Uuid,
    pub pupil_name: String,
    /// The municipality that keeps the register entry.
    pub municipality: Uuid,
    pub municipality_name: String,
    /// `5_onder_a`, `5_onder_b`, `5_onder_c`, `5a` or `15`.
    pub ground: String,
    /// The article and what it means, in Dutch.
    pub ground_label: String,
    pub period: PeriodDto,
    #[schema(format = Date)]
    pub notified_on: NaiveDate,
    pub renewals: Vec<RenewalDto>,
    /// Only for art. 5 onder a.
    pub dossier: Option<DossierDto>,
    pub renewal: RenewalStatusDto,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl ExemptionDto {
    pub fn new(f: ExemptionFile, check: &RenewalCheck) -> ExemptionDto {
        let e = &f.exemption.record;
        ExemptionDto {
            id: f.exemption.id.0,
            version: f.exemption.version.0,
            pupil: e.pupil.0,
            pupil_name: f.pupil_name,
            municipality: e.municipality.0,
            municipality_name: f.municipality_name,
            ground: e.ground.code().to_owned(),
            ground_label: format!("{}: {}", e.ground.article_nl(), e.ground.label_nl()),
            period: e.period.into(),
            notified_on: e.notified_on,
            renewals: e
                .renewals
                .iter()
                .map(|r| RenewalDto {
                    school_year: r.school_year.label(),
                    notified_on: r.notified_on,
                    by_parent: r.by_parent,
                    statement: r.statement.as_ref().map(Into::into),
                })
                .collect(),
            dossier: e.dossier.as_ref().map(|d| DossierDto {
                statement: (&d.statement).into(),
                perspective: (&d.perspective).into(),
                casusregisseur: (&d.casusregisseur).into(),
                evaluations: d.evaluations.iter().map(Into::into).collect(),
                development_offers: d.development_offers.iter().map(Into::into).collect(),
            }),
            renewal: check.into(),
            recorded_at: f.exemption.recorded_at,
            recorded_by: f.exemption.recorded_by,
        }
    }
}

/// The exemptions as the API answers them, each with its renewal status on `on`.
pub fn dtos(files: Vec<ExemptionFile>, on: NaiveDate) -> Result<Vec<ExemptionDto>, ApiError> {
    let checks = glue::renewal_checks(&files, on)?;
    files
        .into_iter()
        .map(|f| {
            let check = checks
                .get(&f.exemption.id)
                .ok_or_else(|| ApiError::Internal("verlenging niet bepaald".into()))?;
            let check = check.clone();
            Ok(ExemptionDto::new(f, &check))
        })
        .collect()
}

fn one_dto(f: ExemptionFile, on: NaiveDate) -> Result<ExemptionDto, ApiError> {
    dtos(vec![f], on)?
        .pop()
        .ok_or_else(|| ApiError::Internal("vrijstelling".into()))
}

pub fn parse_ground(field: &str, s: &str) -> Result<ExemptionGround, ApiError> {
    ExemptionGround::parse(s).ok_or_else(|| {
        ApiError::invalid(field, "verwacht 5_onder_a, 5_onder_b, 5_onder_c, 5a of 15")
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ExemptionQuery {
    /// Only this ground: `5_onder_a`, `5_onder_b`, `5_onder_c`, `5a` or `15`.
    pub ground: Option<String>,
    /// Only exemptions in force on this day.
    #[param(value_type = Option<String>, format = Date)]
    pub in_force_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionPage {
    pub items: Vec<ExemptionDto>,
    pub page: u32,
    pub page_size: u32,
    pub total_items: u64,
    #[serde(rename = "_links")]
    pub links: PageLinks,
}

/// The register of your municipality, by pupil name, each exemption with the state of its
/// yearly renewal.
#[utoipa::path(get, path = "/exemptions", operation_id = "listExemptions", tag = "vrijstellingen", security(("sessie" = [])),
    params(ExemptionQuery, PageQuery),
    responses((status = 200, description = "Een pagina van het register", body = ExemptionPage)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(q): Query<ExemptionQuery>,
    Query(pq): Query<PageQuery>,
) -> Result<Json<ExemptionPage>, ApiError> {
    let page = pq.page()?;
    let ground = match q.ground.as_deref() {
        None | Some("") => None,
        Some(s) => Some(parse_ground("ground", s)?),
    };
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "vrijstellingenregister bekijken",
        )
        .await;
    let filter = ExemptionFilter {
        ground,
        in_force_on: q.in_force_on,
    };
    let (files, total) = state.store.exemptions(&actor, filter, page).await?;
    let mut base = String::from("/api/v1/exemptions?");
    if let Some(g) = ground {
        base.push_str(&format!("ground={}&", g.code()));
    }
    if let Some(d) = q.in_force_on {
        base.push_str(&format!("inForceOn={d}&"));
    }
    Ok(Json(ExemptionPage {
        items: dtos(files, actor.today)?,
        page: page.number,
        page_size: page.size,
        total_items: total,
        links: PageLinks::new(&base, page, total),
    }))
}

/// A new exemption on a ground without a dossier.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewExemption {
    pub pupil: Uuid,
    /// `5_onder_b`, `5_onder_c`, `5a` or `15`; art. 5 onder a goes through
    /// `/exemption-requests`.
    pub ground: String,
    pub period: PeriodDto,
    /// The day the notification (or, for art. 15, the request) was received.
    #[schema(format = Date)]
    pub notified_on: NaiveDate,
}

/// Registers an exemption on a ground without a dossier (art. 5 onder b or c, 5a, 15):
/// a registrator of the pupil's municipality of residence.
#[utoipa::path(post, path = "/exemptions", operation_id = "createExemption", tag = "vrijstellingen", security(("sessie" = [])), request_body = NewExemption,
    responses((status = 201, description = "Geregistreerd", body = ExemptionDto, headers(("Location" = String, description = "De vrijstelling"), ("ETag" = String, description = "Versie")))))]
pub async fn create(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Json(body): Json<NewExemption>,
) -> Result<impl IntoResponse, ApiError> {
    let mut errs = Errs::default();
    let ground = ExemptionGround::parse(&body.ground);
    if ground.is_none() {
        errs.push("ground", "verwacht 5_onder_b, 5_onder_c, 5a of 15");
    }
    let period = errs.period(&body.period, "period");
    let ex = match (ground, period) {
        (Some(g), Some(p)) => Exemption::without_dossier(
            PupilId(body.pupil),
            // The store sets the municipality of residence.
            me.user.org,
            g,
            p,
            body.notified_on,
        )
        .map_err(|e| errs.push(e.field, e.message))
        .ok(),
        _ => None,
    };
    let ex = errs.done(ex)?;
    let problems = ex.problems();
    if !problems.is_empty() {
        return Err(glue::CheckError::Invalid(problems).into());
    }
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling registreren")
        .await;
    let file = state
        .store
        .create_exemption(&actor, ExemptionId::new_random(), ex)
        .await?;
    let location = format!("/api/v1/exemptions/{}", file.exemption.id);
    let version = file.exemption.version.0;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), etag_pair(version)],
        Json(one_dto(file, actor.today)?),
    ))
}

pub fn etag_pair(version: i64) -> (header::HeaderName, String) {
    let (name, value) = etag(version);
    (name, value.to_str().unwrap_or("\"0\"").to_owned())
}

/// One exemption: the school of enrolment, its SWV, the municipality and the parents read
/// it; the municipality that keeps it changes it.
#[utoipa::path(get, path = "/exemptions/{id}", operation_id = "getExemption", tag = "vrijstellingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de vrijstelling")),
    responses((status = 200, description = "De vrijstelling", body = ExemptionDto, headers(("ETag" = String, description = "Versie")))))]
pub async fn one(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling bekijken")
        .await;
    let file = state.store.exemption(&actor, ExemptionId(id)).await?;
    let version = file.exemption.version.0;
    Ok(([etag(version)], Json(one_dto(file, actor.today)?)))
}

/// Every version of an exemption, newest first.
#[utoipa::path(get, path = "/exemptions/{id}/versions", operation_id = "listExemptionVersions", tag = "vrijstellingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de vrijstelling")),
    responses((status = 200, description = "De versies", body = Vec<ExemptionDto>)))]
pub async fn versions(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<ExemptionDto>>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "geschiedenis van een vrijstelling bekijken",
        )
        .await;
    let files = state
        .store
        .exemption_history(&actor, ExemptionId(id))
        .await?;
    Ok(Json(dtos(files, actor.today)?))
}

/// What changes in an exemption: its period (usually the end), and for art. 5 onder a the
/// casusregisseur, the evaluations and the development offers.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExemptionChange {
    pub period: PeriodDto,
    #[serde(default)]
    pub casusregisseur: Option<CasusregisseurDto>,
    #[serde(default)]
    pub evaluations: Vec<EvaluationDto>,
    #[serde(default)]
    pub development_offers: Vec<DevelopmentOfferDto>,
}

/// Changes an exemption. Send the ETag you read as `If-Match`.
#[utoipa::path(put, path = "/exemptions/{id}", operation_id = "replaceExemption", tag = "vrijstellingen", security(("sessie" = [])), request_body = ExemptionChange,
    params(("id" = Uuid, Path, description = "Id van de vrijstelling"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses((status = 200, description = "Gewijzigd", body = ExemptionDto, headers(("ETag" = String, description = "Nieuwe versie")))))]
pub async fn replace(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<ExemptionChange>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "vrijstelling wijzigen")
        .await;
    let current = state.store.exemption(&actor, ExemptionId(id)).await?;
    let mut ex = current.exemption.record;
    let mut errs = Errs::default();
    let period = errs.period(&body.period, "period");
    let evaluations: Vec<_> = body.evaluations.iter().map(EvaluationDto::domain).collect();
    let offers = parse_all(
        &body.development_offers,
        "developmentOffers",
        &mut errs,
        DevelopmentOfferDto::parse,
    );
    let regisseur = body
        .casusregisseur
        .as_ref()
        .and_then(|c| c.parse("casusregisseur", &mut errs));
    match ex.dossier.as_mut() {
        Some(d) => {
            d.evaluations = evaluations;
            d.development_offers = offers;
            if let Some(c) = regisseur {
                d.casusregisseur = c;
            }
        }
        None => {
            for (field, given) in [
                ("casusregisseur", body.casusregisseur.is_some()),
                ("evaluations", !body.evaluations.is_empty()),
                ("developmentOffers", !body.development_offers.is_empty()),
            ] {
                if given {
                    errs.push(
                        field,
                        "hoort alleen bij een vrijstelling op grond van art. 5 onder a",
                    );
                }
            }
        }
    }
    if let Some(p) = period {
        ex.period = p;
    }
    errs.done(Some(()))?;
    let file = glue::change(&state, &actor, ExemptionId(id), Version(expected), ex).await?;
    let version = file.exemption.version.0;
    Ok(([etag(version)], Json(one_dto(file, actor.today)?)))
}

/// Records the yearly renewal for a school year (before 1 July, art. 6 lid 2 onder b). For
/// art. 5 onder a the completeness check applies (a parent, a fresh statement unless the
/// last one says "never", in time): `422` lists every missing element. Send the ETag you
/// read as `If-Match`.
#[utoipa::path(post, path = "/exemptions/{id}/renewals", operation_id = "addExemptionRenewal", tag = "vrijstellingen", security(("sessie" = [])), request_body = RenewalDto,
    params(("id" = Uuid, Path, description = "Id van de vrijstelling"), ("If-Match" = String, Header, description = "De ETag van de versie die u las")),
    responses(
        (status = 200, description = "Vastgelegd", body = ExemptionDto, headers(("ETag" = String, description = "Nieuwe versie"))),
        (status = 412, description = "De vrijstelling is gewijzigd sinds u haar las (If-Match)", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 422, description = "De kennisgeving is niet volledig; invalidParams noemt elk ontbrekend onderdeel", body = crate::problem::Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match ontbreekt", body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn add_renewal(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    Json(body): Json<RenewalDto>,
) -> Result<impl IntoResponse, ApiError> {
    let expected = if_match(&headers)?;
    let mut errs = Errs::default();
    let year = SchoolYear::parse(&body.school_year);
    if year.is_none() {
        errs.push("schoolYear", "verwacht een schooljaar als 2027-2028");
    }
    let statement = body
        .statement
        .as_ref()
        .and_then(|s| s.parse("statement", &mut errs));
    let renewal = errs.done(year.map(|school_year| Renewal {
        school_year,
        notified_on: body.notified_on,
        by_parent: body.by_parent,
        statement,
    }))?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "jaarlijkse kennisgeving vastleggen",
        )
        .await;
    let file =
        glue::record_renewal(&state, &actor, ExemptionId(id), Version(expected), renewal).await?;
    let version = file.exemption.version.0;
    Ok(([etag(version)], Json(one_dto(file, actor.today)?)))
}
