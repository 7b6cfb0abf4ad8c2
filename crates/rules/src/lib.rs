#![doc = include_str!("../README.md")]

#[cfg(test)]
mod cases;
pub mod citation;
pub mod dates;
pub mod doorzettingsmacht;
pub mod emb;
pub mod error;
pub mod json;
pub mod leerplichtwet;
pub mod params;
pub mod passend_onderwijs;
pub mod trace;
pub mod voorliggendheid;
pub mod zio;

pub use citation::{Citation, Law};
pub use error::RuleError;
pub use params::{Dated, Params, ParamsError, Valued};
pub use trace::{NoTrace, Step, Trace, Tracer};
