//! The rules engine's parameters, loaded once from the files embedded in
//! `continuum-rules` (and checked by its tests, so a failure here is a build mistake).

use continuum_rules::{Params, ParamsError};
use std::sync::OnceLock;

pub fn params() -> Result<&'static Params, &'static ParamsError> {
    static PARAMS: OnceLock<Result<Params, ParamsError>> = OnceLock::new();
    PARAMS.get_or_init(Params::embedded).as_ref()
}
