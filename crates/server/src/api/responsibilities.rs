//! `GET /pupils/{id}/responsibilities`: "wie is aan zet?" for each current need of a pupil,
//! from the rules engine, under the same access rules (and audit) as the pupil's file.

use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path, Query};
use axum::extract::State;
use continuum_domain::ids::PupilId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct TraceQuery {
    /// Add the reasoning: every step with its legal basis and a link to the law.
    pub trace: Option<bool>,
}

/// One step of the reasoning.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReasonDto {
    pub description: String,
    pub outcome: String,
    /// Law, article and lid (or the policy source), e.g. `Jeugdwet, art. 1.1 (BWBR0034925)`.
    pub basis: String,
    /// The text of the law valid on the evaluation date.
    pub url: Option<String>,
}

/// Who is "aan zet" for one need. When it cannot be determined, `problem` says which fact is missing.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponsibilityDto {
    /// The need category (`verpleging`, `gedrag`, …).
    pub need: String,
    pub need_label: String,
    /// onderwijs, wlz, zvw, jeugdwet or wmo
    pub domain: Option<String>,
    pub domain_label: Option<String>,
    pub payer_id: Option<Uuid>,
    /// samenwerkingsverband, zorgkantoor, zorgverzekeraar or gemeente
    pub payer_kind: Option<String>,
    pub payer_name: Option<String>,
    /// school, collectief, individueel_zin or pgb
    pub route: Option<String>,
    pub route_label: Option<String>,
    /// Whom the parents should contact, in plain Dutch.
    pub contact: Option<String>,
    pub problem: Option<String>,
    pub trace: Option<Vec<ReasonDto>>,
}

/// For each current need of the pupil: the law, who pays, the route and the contact for the parents.
#[utoipa::path(get, path = "/pupils/{id}/responsibilities", operation_id = "listPupilResponsibilities", tag = "leerlingen", security(("sessie" = [])),
    params(("id" = Uuid, Path, description = "Id van de leerling"), TraceQuery),
    responses((status = 200, description = "Wie is aan zet, per behoefte", body = Vec<ResponsibilityDto>)))]
pub async fn list(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
    Path(id): Path<Uuid>,
    Query(q): Query<TraceQuery>,
) -> Result<Json<Vec<ResponsibilityDto>>, ApiError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "wie is aan zet bepalen")
        .await;
    let file = state.store.pupil_file(&actor, PupilId(id)).await?;
    let with_trace = q.trace.unwrap_or(false);
    let rows = crate::aan_zet::answers(&state, &file, actor.today).await;
    Ok(Json(
        rows.into_iter()
            .map(|row| match row.answer {
                Ok(a) => ResponsibilityDto {
                    need: row.need_code,
                    need_label: row.need,
                    domain: Some(a.domain_code),
                    domain_label: Some(a.domain),
                    payer_id: Some(a.payer_id.0),
                    payer_kind: Some(a.payer_kind),
                    payer_name: Some(a.payer),
                    route: Some(a.route_code),
                    route_label: Some(a.route),
                    contact: Some(a.contact),
                    problem: None,
                    trace: with_trace.then(|| {
                        a.steps
                            .into_iter()
                            .map(|s| ReasonDto {
                                description: s.description,
                                outcome: s.outcome,
                                basis: s.basis,
                                url: s.url,
                            })
                            .collect()
                    }),
                },
                Err(problem) => ResponsibilityDto {
                    need: row.need_code,
                    need_label: row.need,
                    domain: None,
                    domain_label: None,
                    payer_id: None,
                    payer_kind: None,
                    payer_name: None,
                    route: None,
                    route_label: None,
                    contact: None,
                    problem: Some(problem),
                    trace: None,
                },
            })
            .collect(),
    ))
}
