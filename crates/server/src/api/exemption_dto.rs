//! The shapes of the vrijstellingenregister in the API: the parts of a dossier under art. 5
//! onder a (statement, perspective, casusregisseur, evaluations, development offer), each
//! read and written in the same form, and the mapping of the rules engine's refusals.

use super::dto::PeriodDto;
use crate::exemptions::CheckError;
use crate::problem::{ApiError, InvalidParam};
use chrono::NaiveDate;
use continuum_domain::exemption::{
    Casusregisseur, DevelopmentOffer, EducationalPerspective, Evaluation, Notification,
    Statement5a, StatementBy,
};
use continuum_domain::ids::OrgId;
use continuum_domain::period::Period;
use continuum_domain::register::HoursPerWeek;
use continuum_domain::validation::FieldError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

fn params_of(errors: Vec<FieldError>) -> (String, Vec<InvalidParam>) {
    let detail = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ");
    let params = errors
        .into_iter()
        .map(|e| InvalidParam {
            name: e.field,
            reason: e.message,
        })
        .collect();
    (detail, params)
}

impl From<CheckError> for ApiError {
    fn from(e: CheckError) -> ApiError {
        match e {
            CheckError::Store(s) => s.into(),
            CheckError::Invalid(v) => {
                let (detail, invalid_params) = params_of(v);
                ApiError::BadRequest {
                    detail,
                    invalid_params,
                }
            }
            CheckError::Incomplete(v) => {
                let (detail, invalid_params) = params_of(v);
                ApiError::Unprocessable {
                    detail: format!("De aanvraag is niet volledig: {detail}"),
                    invalid_params,
                }
            }
            CheckError::Conflict(m) => ApiError::Conflict(m),
            CheckError::Unavailable(m) => ApiError::Unavailable(m),
        }
    }
}

/// Collects wrong fields; `done` answers them all at once.
#[derive(Default)]
pub struct Errs(pub Vec<InvalidParam>);

impl Errs {
    pub fn push(&mut self, name: impl Into<String>, reason: impl Into<String>) {
        self.0.push(InvalidParam {
            name: name.into(),
            reason: reason.into(),
        });
    }
    pub fn period(&mut self, p: &PeriodDto, field: &str) -> Option<Period> {
        p.parse(field, &mut self.0)
    }
    pub fn done<T>(self, value: Option<T>) -> Result<T, ApiError> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(ApiError::BadRequest {
                detail: self
                    .0
                    .iter()
                    .map(|e| format!("{}: {}", e.name, e.reason))
                    .collect::<Vec<_>>()
                    .join("; "),
                invalid_params: self.0,
            }),
        }
    }
}

/// Hours as the API writes them: `"2.5"`.
pub fn decimal(h: HoursPerWeek) -> String {
    h.to_string().replace(',', ".")
}

/// The statement of art. 7: a physician designated by the municipality who is not the
/// treating physician, or a designated pedagogue or psychologist.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatementDto {
    /// `arts`, `pedagoog` or `psycholoog`.
    pub by: String,
    pub name: String,
    pub designated_by_municipality: bool,
    /// The physician treats the child (not allowed for the statement).
    #[serde(default)]
    pub treating_physician: bool,
    #[schema(format = Date)]
    pub date: NaiveDate,
    /// The statement says the child will never be fit: no yearly renewal (art. 6 lid 3).
    #[serde(default)]
    pub never_fit: bool,
}

impl From<&Statement5a> for StatementDto {
    fn from(s: &Statement5a) -> Self {
        StatementDto {
            by: s.by.label_nl().to_owned(),
            name: s.name.clone(),
            designated_by_municipality: s.designated_by_municipality,
            treating_physician: s.treating_physician,
            date: s.date,
            never_fit: s.never_fit,
        }
    }
}

impl StatementDto {
    pub fn parse(&self, field: &str, errs: &mut Errs) -> Option<Statement5a> {
        let by = StatementBy::ALL
            .into_iter()
            .find(|b| b.label_nl() == self.by.trim());
        if by.is_none() {
            errs.push(format!("{field}.by"), "kies arts, pedagoog of psycholoog");
        }
        if self.name.trim().is_empty() {
            errs.push(
                format!("{field}.name"),
                "vul de naam in van wie de verklaring gaf",
            );
        }
        Some(Statement5a {
            by: by?,
            name: self.name.trim().to_owned(),
            designated_by_municipality: self.designated_by_municipality,
            treating_physician: self.treating_physician,
            date: self.date,
            never_fit: self.never_fit,
        })
    }
}

/// The SWV's educational perspective (onderwijskundig perspectief).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PerspectiveDto {
    pub swv: Uuid,
    #[schema(format = Date)]
    pub date: NaiveDate,
    pub summary: String,
}

impl From<&EducationalPerspective> for PerspectiveDto {
    fn from(p: &EducationalPerspective) -> Self {
        PerspectiveDto {
            swv: p.swv.0,
            date: p.date,
            summary: p.summary.clone(),
        }
    }
}

impl PerspectiveDto {
    pub fn parse(&self, field: &str, errs: &mut Errs) -> Option<EducationalPerspective> {
        if self.summary.trim().is_empty() {
            errs.push(
                format!("{field}.summary"),
                "schrijf op wat het samenwerkingsverband concludeert",
            );
            return None;
        }
        Some(EducationalPerspective {
            swv: OrgId(self.swv),
            date: self.date,
            summary: self.summary.trim().to_owned(),
        })
    }
}

/// The casusregisseur the municipality names.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CasusregisseurDto {
    pub name: String,
    pub organisation: Uuid,
}

impl From<&Casusregisseur> for CasusregisseurDto {
    fn from(c: &Casusregisseur) -> Self {
        CasusregisseurDto {
            name: c.name.clone(),
            organisation: c.organisation.0,
        }
    }
}

impl CasusregisseurDto {
    pub fn parse(&self, field: &str, errs: &mut Errs) -> Option<Casusregisseur> {
        if self.name.trim().is_empty() {
            errs.push(
                format!("{field}.name"),
                "vul de naam van de casusregisseur in",
            );
            return None;
        }
        Some(Casusregisseur {
            name: self.name.trim().to_owned(),
            organisation: OrgId(self.organisation),
        })
    }
}

/// A scheduled evaluation; held when `heldOn` is set.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluationDto {
    #[schema(format = Date)]
    pub planned_on: NaiveDate,
    #[schema(format = Date)]
    #[serde(default)]
    pub held_on: Option<NaiveDate>,
    #[serde(default)]
    pub outcome: Option<String>,
}

impl From<&Evaluation> for EvaluationDto {
    fn from(e: &Evaluation) -> Self {
        EvaluationDto {
            planned_on: e.planned_on,
            held_on: e.held_on,
            outcome: e.outcome.clone(),
        }
    }
}

impl EvaluationDto {
    pub fn domain(&self) -> Evaluation {
        Evaluation {
            planned_on: self.planned_on,
            held_on: self.held_on,
            outcome: self
                .outcome
                .as_ref()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty()),
        }
    }
}

/// The development offer the child receives in a care setting, from a date.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DevelopmentOfferDto {
    #[serde(default)]
    pub provider: Option<Uuid>,
    pub description: String,
    /// Hours per week as a decimal string, `"12.5"`.
    pub hours_per_week: String,
    #[schema(format = Date)]
    pub from: NaiveDate,
}

impl From<&DevelopmentOffer> for DevelopmentOfferDto {
    fn from(o: &DevelopmentOffer) -> Self {
        DevelopmentOfferDto {
            provider: o.provider.map(|p| p.0),
            description: o.description.clone(),
            hours_per_week: decimal(o.hours_per_week),
            from: o.from,
        }
    }
}

impl DevelopmentOfferDto {
    pub fn parse(&self, field: &str, errs: &mut Errs) -> Option<DevelopmentOffer> {
        let hours = HoursPerWeek::parse(&self.hours_per_week)
            .map_err(|e| errs.push(format!("{field}.hoursPerWeek"), e))
            .ok()?;
        Some(DevelopmentOffer {
            provider: self.provider.map(OrgId),
            description: self.description.trim().to_owned(),
            hours_per_week: hours,
            from: self.from,
        })
    }
}

/// The parents' notification (art. 6 lid 1).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NotificationDto {
    #[schema(format = Date)]
    pub received_on: NaiveDate,
    /// Made by a parent or carer (art. 2 lid 1).
    pub by_parent: bool,
    /// The exemption asked for; no end: until further notice.
    pub period: PeriodDto,
}

impl From<&Notification> for NotificationDto {
    fn from(n: &Notification) -> Self {
        NotificationDto {
            received_on: n.received_on,
            by_parent: n.by_parent,
            period: n.period.into(),
        }
    }
}

impl NotificationDto {
    pub fn parse(&self, field: &str, errs: &mut Errs) -> Option<Notification> {
        Some(Notification {
            received_on: self.received_on,
            by_parent: self.by_parent,
            period: errs.period(&self.period, &format!("{field}.period"))?,
        })
    }
}

/// Parses a list, naming each element by its index (`evaluations[2].plannedOn`).
pub fn parse_all<T, D>(
    items: &[D],
    field: &str,
    errs: &mut Errs,
    parse: impl Fn(&D, &str, &mut Errs) -> Option<T>,
) -> Vec<T> {
    items
        .iter()
        .enumerate()
        .filter_map(|(i, d)| parse(d, &format!("{field}[{i}]"), errs))
        .collect()
}
