#![doc = include_str!("../README.md")]

mod absences;
mod entity;
mod error;
mod export;
mod importer;
mod known;
mod read_csv;
mod read_json;
mod row;
mod rows;

pub use entity::{EntityKind, Format};
pub use error::{ExportError, ImportError};
pub use export::{write_csv_dir, write_json};
pub use importer::Importer;
pub use known::Known;

/// The `formatVersion` of a JSON exchange document.
pub const FORMAT_VERSION: &str = "continuum-register/1";
