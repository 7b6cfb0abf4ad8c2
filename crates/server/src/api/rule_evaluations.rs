//! `POST /rules/{rule}/evaluations`: evaluates a rule of the rules engine on a case the
//! caller gives — the same case format and answers as `continuum rules <rule>`
//! (docs/formats/rules.md). Nothing is read from or written to the register, so there is
//! no child's data to audit; the case is not stored.

use crate::AppState;
use crate::auth::ApiUser;
use crate::problem::{ApiError, Json, Path};
use axum::extract::State;
use chrono::NaiveDate;
use continuum_rules::json::{CaseError, RuleName, TraceStep, evaluate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleEvaluationRequest {
    /// The evaluation date ("peildatum"); today in the Netherlands when absent.
    pub on: Option<NaiveDate>,
    /// Add the reasoning: every step with its legal basis and a link to the law.
    pub trace: Option<bool>,
    /// The rule's input, as in docs/formats/rules.md: for `leerplicht` the fields
    /// `birth_date`, `full_school_years`, `by_end_of`, …; for the other rules the rule's
    /// facts (`aan-zet`: `need`, `birth_date`, `indications`, `municipality`, …).
    #[schema(value_type = Object)]
    pub case: serde_json::Value,
}

/// One step of the reasoning.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleStepDto {
    pub description: String,
    /// The facts the step looked at, as name and value.
    pub inputs: Vec<RuleInputDto>,
    pub outcome: String,
    /// Law, article and lid (or the policy source), e.g. `Leerplichtwet 1969, art. 3 lid 1 (BWBR0002628)`.
    pub basis: String,
    /// The text of the law valid on the evaluation date.
    pub url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleInputDto {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleEvaluationDto {
    /// leerplicht, aan-zet, emb, vrijstelling or tlv
    pub rule: String,
    pub on: NaiveDate,
    /// The rule's answer, as in docs/formats/rules.md.
    #[schema(value_type = Object)]
    pub answer: serde_json::Value,
    pub trace: Option<Vec<RuleStepDto>>,
}

impl From<TraceStep> for RuleStepDto {
    fn from(s: TraceStep) -> Self {
        RuleStepDto {
            description: s.description,
            inputs: s
                .inputs
                .into_iter()
                .map(|(name, value)| RuleInputDto { name, value })
                .collect(),
            outcome: s.outcome,
            basis: s.cited,
            url: s.url,
        }
    }
}

/// Evaluates a rule (leerplicht, aan-zet, emb, vrijstelling or tlv) on the given case; a wrong field is named in `invalidParams` as `case.<field>` or `on`.
#[utoipa::path(post, path = "/rules/{rule}/evaluations", operation_id = "evaluateRule", tag = "regels", security(("sessie" = [])),
    params(("rule" = String, Path, description = "De regel: leerplicht, aan-zet, emb, vrijstelling of tlv")),
    request_body = RuleEvaluationRequest,
    responses((status = 200, description = "Het antwoord van de regel, met de redenering als daarom gevraagd is", body = RuleEvaluationDto)))]
pub async fn evaluate_rule(
    State(state): State<AppState>,
    ApiUser(_me): ApiUser,
    Path(rule): Path<String>,
    Json(body): Json<RuleEvaluationRequest>,
) -> Result<Json<RuleEvaluationDto>, ApiError> {
    let rule = RuleName::parse(&rule).ok_or(ApiError::NotFound)?;
    let params =
        crate::rules::params().map_err(|e| ApiError::Internal(format!("parameters: {e}")))?;
    let on = body.on.unwrap_or_else(|| state.clock.today());
    let evaluated = evaluate(rule, body.case, on, params, body.trace.unwrap_or(false)).map_err(
        |CaseError { field, reason }| {
            let name = if field == "on" {
                field
            } else {
                format!("case.{field}")
            };
            ApiError::invalid(name, reason)
        },
    )?;
    Ok(Json(RuleEvaluationDto {
        rule: rule.code().to_owned(),
        on,
        answer: evaluated.answer,
        trace: evaluated
            .trace
            .map(|steps| steps.into_iter().map(RuleStepDto::from).collect()),
    }))
}
