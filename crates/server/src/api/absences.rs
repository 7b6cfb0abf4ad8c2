//! A pupil's absence (verzuim): `GET` and `POST /pupils/{id}/absences`.

use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, InvalidParam, Json, Path};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use continuum_domain::absence::{Absence, AbsenceKind, LeaveGround};
use continuum_domain::ids::PupilId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One absence record: teaching time a pupil missed on one day, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AbsenceDto {
    #[schema(format = Date, example = "2026-09-07")]
    pub date: NaiveDate,
    /// Teaching time missed, in whole minutes (1–1440).
    #[schema(example = 330, minimum = 1, maximum = 1440)]
    pub minutes: u16,
    /// `ongeoorloofd`, `ziek`, `geoorloofd` or `te_laat`.
    #[schema(example = "geoorloofd")]
    pub kind: String,
    /// For `geoorloofd`: the article of the Leerplichtwet, `11a`, `11b`, `11c`, `11e`,
    /// `11f`, `11g`, `13a` or `14`.
    #[schema(example = "14")]
    pub ground: Option<String>,
}

impl From<Absence> for AbsenceDto {
    fn from(a: Absence) -> Self {
        AbsenceDto {
            date: a.date,
            minutes: a.minutes,
            kind: kind_code(a.kind).to_owned(),
            ground: a.kind.ground().map(|g| g.code().to_owned()),
        }
    }
}

fn kind_code(kind: AbsenceKind) -> &'static str {
    match kind {
        AbsenceKind::TeLaat => "te_laat",
        k => k.as_str(),
    }
}

impl AbsenceDto {
    fn parse(&self, field: &str, errs: &mut Vec<InvalidParam>) -> Option<Absence> {
        let mut bad = |name: &str, reason: &str| {
            errs.push(InvalidParam {
                name: format!("{field}{name}"),
                reason: reason.to_owned(),
            })
        };
        if !(1..=1440).contains(&self.minutes) {
            bad("minutes", "verwacht hele minuten, 1 tot en met 1440");
        }
        let ground = match self.ground.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(g) => match LeaveGround::parse(g) {
                Some(g) => Some(g),
                None => {
                    bad("ground", "verwacht 11a, 11b, 11c, 11e, 11f, 11g, 13a of 14");
                    return None;
                }
            },
        };
        let kind = match self.kind.as_str() {
            "ongeoorloofd" => AbsenceKind::Ongeoorloofd,
            "ziek" => AbsenceKind::Ziek,
            "geoorloofd" => AbsenceKind::Geoorloofd(ground),
            "te_laat" => AbsenceKind::TeLaat,
            _ => {
                bad("kind", "verwacht ongeoorloofd, ziek, geoorloofd of te_laat");
                return None;
            }
        };
        if ground.is_some() && !matches!(kind, AbsenceKind::Geoorloofd(_)) {
            bad("ground", "alleen bij geoorloofd verzuim");
            return None;
        }
        (1..=1440).contains(&self.minutes).then_some(Absence {
            date: self.date,
            minutes: self.minutes,
            kind,
        })
    }
}

/// One record, or a list stored all or nothing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AbsenceInput {
    One(AbsenceDto),
    Many(Vec<AbsenceDto>),
}

/// The pupil's absence records, newest first. For the school, its SWV, the municipality
/// and the parents; other organisations with a relation get `403`.
#[utoipa::path(get, path = "/pupils/{id}/absences", operation_id = "listPupilAbsences", tag = "leerlingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 200, description = "Het verzuim", body = Vec<AbsenceDto>),
        (status = 403, description = "Uw organisatie heeft een relatie, maar die relatie ziet geen verzuim", body = crate::problem::Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<AbsenceDto>>, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuim inzien")
        .await;
    let records = state.store.absences_of_pupil(&actor, PupilId(id)).await?;
    Ok(Json(records.into_iter().map(Into::into).collect()))
}

/// Records absence: one record or a list, all or nothing. Only a registrator of the school
/// where the pupil is enrolled, for days of the enrolment. A second record for the same
/// day and kind is refused with `409`; records are not replaced.
#[utoipa::path(post, path = "/pupils/{id}/absences", operation_id = "addPupilAbsences", tag = "leerlingen", security(("sessie" = [])), request_body = AbsenceInput,
    params(("id" = Uuid, Path, description = "Id van de leerling")),
    responses((status = 201, description = "Vastgelegd", body = Vec<AbsenceDto>)))]
pub async fn add(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    Json(body): Json<AbsenceInput>,
) -> Result<impl IntoResponse, ApiError> {
    let (input, prefix): (Vec<AbsenceDto>, bool) = match body {
        AbsenceInput::One(a) => (vec![a], false),
        AbsenceInput::Many(list) => (list, true),
    };
    if input.is_empty() {
        return Err(ApiError::invalid("body", "geen verzuim opgegeven"));
    }
    let mut errs = Vec::new();
    let mut records = Vec::with_capacity(input.len());
    for (i, a) in input.iter().enumerate() {
        let field = if prefix {
            format!("[{i}].")
        } else {
            String::new()
        };
        if let Some(r) = a.parse(&field, &mut errs) {
            records.push((PupilId(id), r));
        }
    }
    if !errs.is_empty() {
        let detail = errs
            .iter()
            .map(|e| format!("{}: {}", e.name, e.reason))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(ApiError::BadRequest {
            detail,
            invalid_params: errs,
        });
    }
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuim vastleggen")
        .await;
    let stored: Vec<AbsenceDto> = records.iter().map(|(_, a)| AbsenceDto::from(*a)).collect();
    state.store.record_absences(&actor, records).await?;
    Ok((StatusCode::CREATED, Json(stored)))
}
