//! The rules engine's parameters, loaded once from the files embedded in
//! `continuum-rules` (and checked by its tests, so a failure here is a build mistake).

use continuum_rules::{Params, ParamsError};
use std::sync::OnceLock;

pub fn params() -> Result<&'static Params, &'static ParamsError> {
    static PARAMS: OnceLock<Result<Params, ParamsError>> = OnceLock::new();
    PARAMS.get_or_init(Params::embedded).as_ref()
}

/// One step of a rule's reasoning, ready to show: what was checked, the outcome, the basis
/// and the link to the text of the law valid on the evaluation date.
pub struct ReasonRow {
    pub description: String,
    pub outcome: String,
    pub basis: String,
    pub url: Option<String>,
}

impl ReasonRow {
    pub fn from_step(s: continuum_rules::Step, on: chrono::NaiveDate) -> ReasonRow {
        ReasonRow {
            description: s.description,
            outcome: s.outcome,
            url: s.basis.url(on),
            basis: s.basis.to_string(),
        }
    }
}
