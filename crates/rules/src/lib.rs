#![doc = include_str!("../README.md")]

pub mod citation;
pub mod dates;
pub mod error;
pub mod leerplichtwet;
pub mod params;
pub mod trace;

pub use citation::{Citation, Law};
pub use error::RuleError;
pub use params::{Dated, Params, ParamsError, Valued};
pub use trace::{NoTrace, Step, Trace, Tracer};
