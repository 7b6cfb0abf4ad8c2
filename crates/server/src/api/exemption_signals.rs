//! What the rules engine says about the municipality's register: the signals of the
//! vrijstellingenregister (`/exemption-signals`) and the yearly count of Leerplichtwet art.
//! 25 (`/article-25-counts/{schoolYear}`).

use crate::AppState;
use crate::artikel25;
use crate::auth::ApiUser;
use crate::exemptions as glue;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use chrono::NaiveDate;
use continuum_domain::ids::ExemptionId;
use continuum_domain::period::SchoolYear;
use continuum_rules::leerplichtwet::{MonitoringKind, RenewalSignalKind};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A renewal due or missing.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RenewalSignalDto {
    pub exemption: Uuid,
    pub pupil: Uuid,
    pub pupil_name: String,
    pub ground: String,
    /// `herinnering` (the deadline is near) or `ontbreekt` (it passed).
    pub kind: String,
    pub school_year: String,
    #[schema(format = Date)]
    pub deadline: NaiveDate,
    pub message: String,
    pub basis: String,
}

/// An evaluation late or coming up, no evaluation planned, or no development offer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MonitoringSignalDto {
    pub exemption: Uuid,
    pub pupil: Uuid,
    pub pupil_name: String,
    /// `evaluatie_te_laat`, `evaluatie_gepland`, `geen_evaluatie_gepland` or
    /// `geen_ontwikkelingsaanbod`.
    pub kind: String,
    #[schema(format = Date)]
    pub planned_on: Option<NaiveDate>,
    pub message: String,
    pub basis: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionSignalsDto {
    #[schema(format = Date)]
    pub date: NaiveDate,
    pub renewals: Vec<RenewalSignalDto>,
    pub monitoring: Vec<MonitoringSignalDto>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SignalDate {
    /// The day the signals are computed for (default: today).
    #[param(value_type = Option<String>, format = Date)]
    pub date: Option<NaiveDate>,
}

/// What the leerplichtambtenaar should act on in your municipality's register: yearly
/// renewals due (reminder) or missing before 1 July, and for art. 5 onder a evaluations
/// late or coming up, no evaluation planned, no development offer.
#[utoipa::path(get, path = "/exemption-signals", operation_id = "listExemptionSignals", tag = "vrijstellingen", security(("sessie" = [])),
    params(SignalDate),
    responses((status = 200, description = "De signalen", body = ExemptionSignalsDto)))]
pub async fn signals(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Query(q): Query<SignalDate>,
) -> Result<Json<ExemptionSignalsDto>, ApiError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "signalen vrijstellingenregister bekijken",
        )
        .await;
    let on = q.date.unwrap_or(actor.today);
    let files = glue::register_of(&state, &actor).await?;
    let s = glue::signals(&files, on)?;
    let name = |id: ExemptionId| {
        files
            .iter()
            .find(|f| f.exemption.id == id)
            .map(|f| f.pupil_name.clone())
            .unwrap_or_default()
    };
    Ok(Json(ExemptionSignalsDto {
        date: on,
        renewals: s
            .renewals
            .into_iter()
            .map(|r| RenewalSignalDto {
                exemption: r.exemption.0,
                pupil: r.pupil.0,
                pupil_name: name(r.exemption),
                ground: r.ground.code().to_owned(),
                kind: match r.kind {
                    RenewalSignalKind::Herinnering => "herinnering",
                    RenewalSignalKind::Ontbreekt => "ontbreekt",
                }
                .to_owned(),
                school_year: r.school_year.label(),
                deadline: r.deadline,
                message: r.message,
                basis: r.basis.to_string(),
            })
            .collect(),
        monitoring: s
            .monitoring
            .into_iter()
            .map(|m| {
                let (kind, planned_on) = match m.kind {
                    MonitoringKind::EvaluatieTeLaat { planned_on } => {
                        ("evaluatie_te_laat", Some(planned_on))
                    }
                    MonitoringKind::EvaluatieGepland { planned_on } => {
                        ("evaluatie_gepland", Some(planned_on))
                    }
                    MonitoringKind::GeenEvaluatieGepland => ("geen_evaluatie_gepland", None),
                    MonitoringKind::GeenOntwikkelingsaanbod => ("geen_ontwikkelingsaanbod", None),
                };
                MonitoringSignalDto {
                    exemption: m.exemption.0,
                    pupil: m.pupil.0,
                    pupil_name: name(m.exemption),
                    kind: kind.to_owned(),
                    planned_on,
                    message: m.message,
                    basis: m.basis.to_string(),
                }
            })
            .collect(),
    }))
}

/// One line of the yearly count per ground.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroundCountDto {
    pub ground: String,
    pub label: String,
    /// Residents with an exemption on this ground in force on some day of the year.
    pub in_force: u32,
    /// Of those, the ones whose exemption began in the year.
    pub started: u32,
}

/// The yearly count of Leerplichtwet art. 25 (what is counted: docs/formats/artikel25.md).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Article25CountDto {
    pub school_year: String,
    pub municipality: Uuid,
    pub municipality_name: String,
    /// Absoluut verzuim is counted on this day; absence is read up to it.
    #[schema(format = Date)]
    pub reference_date: NaiveDate,
    /// The residents in the register that were counted.
    pub residents: u32,
    pub thuiszitters: u32,
    /// Of the thuiszitters: at home for more than 3 months.
    pub at_home_over_three_months: u32,
    pub absoluut_verzuim: u32,
    pub exemptions: Vec<GroundCountDto>,
    /// Residents with any exemption in force in the year.
    pub pupils_with_exemption: u32,
    pub basis: String,
}

impl From<artikel25::Artikel25> for Article25CountDto {
    fn from(a: artikel25::Artikel25) -> Self {
        Article25CountDto {
            school_year: a.school_year.label(),
            municipality: a.municipality.0,
            municipality_name: a.municipality_name,
            reference_date: a.peildatum,
            residents: a.residents,
            thuiszitters: a.thuiszitters,
            at_home_over_three_months: a.thuis_drie_maanden,
            absoluut_verzuim: a.absoluut_verzuim,
            exemptions: a
                .exemptions
                .per_ground
                .iter()
                .map(|g| GroundCountDto {
                    ground: g.ground.code().to_owned(),
                    label: format!("{}: {}", g.ground.article_nl(), g.ground.label_nl()),
                    in_force: g.in_force,
                    started: g.started,
                })
                .collect(),
            pupils_with_exemption: a.exemptions.pupils_in_force,
            basis: a.basis.to_string(),
        }
    }
}

/// The yearly count of your municipality for a school year (Leerplichtwet art. 25):
/// thuiszitters, absoluut verzuim and exemptions per ground. Only for a municipality.
#[utoipa::path(get, path = "/article-25-counts/{schoolYear}", operation_id = "getArticle25Count", tag = "vrijstellingen", security(("sessie" = [])),
    params(("schoolYear" = String, Path, description = "Het schooljaar, bijv. 2025-2026")),
    responses((status = 200, description = "De telling", body = Article25CountDto)))]
pub async fn article_25_count(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(year): Path<String>,
) -> Result<Json<Article25CountDto>, ApiError> {
    let year = SchoolYear::parse(&year)
        .ok_or_else(|| ApiError::invalid("schoolYear", "verwacht een schooljaar als 2025-2026"))?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "jaartelling leerplicht (art. 25)",
        )
        .await;
    Ok(Json(artikel25::count(&state, &actor, year).await?.into()))
}
