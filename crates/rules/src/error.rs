//! Errors of rule evaluation, in domain words. Each has a stable code (STYLE §4) so logs,
//! the API and the docs speak the same words.

use continuum_domain::Date;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// No validity period of a parameter covers the evaluation date. A fact about the data
    /// ("no value known for this date"), never a verdict, and never replaced by a default.
    #[error("geen waarde van parameter {param} bekend op {on}")]
    NoPeriod { param: String, on: Date },
    /// An input that cannot be right (an end before a start, a date before birth).
    #[error("{field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
}

impl RuleError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::NoPeriod { .. } => "params.geen_periode",
            RuleError::InvalidInput { .. } => "regel.ongeldige_invoer",
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> RuleError {
        RuleError::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}
