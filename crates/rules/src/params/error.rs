//! Why a parameter file is refused: file, line, field and the problem, in Dutch for the
//! people who maintain the files.

use super::dated::Unit;
use crate::citation::Law;
use continuum_domain::Date;

/// A parameter file that cannot be used. `Display`: `leerplichtwet.toml:12: start_age.values[0].cite: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {problem}")]
pub struct ParamsError {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub problem: Problem,
}

impl ParamsError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        "params.ongeldig_bestand"
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("geen geldige TOML: {0}")]
    Syntax(String),
    #[error("bestand ontbreekt")]
    FileMissing,
    #[error("onbekend parameterbestand")]
    UnknownFile,
    #[error("onbekende sleutel (toegestaan: {allowed})")]
    UnknownKey { allowed: &'static str },
    #[error("onbekende parameter: geen regel gebruikt deze naam")]
    UnknownParam,
    #[error("ontbreekt")]
    Missing,
    #[error("verwacht {expected}")]
    WrongType { expected: &'static str },
    #[error("onbekende eenheid \"{found}\" (bekend: {known})")]
    UnknownUnit { found: String, known: String },
    #[error("eenheid \"{found}\" waar de regel \"{expected}\" verwacht")]
    UnitMismatch { found: Unit, expected: Unit },
    #[error("onbekende wet \"{0}\" (verwacht het BWB-id van een bekende wet)")]
    UnknownLaw(String),
    #[error("waarde zonder bron: cite ontbreekt")]
    NoCitation,
    #[error("artikel zonder wet: geef cite.law of een [law]-sectie")]
    LawNeeded,
    #[error("cite noemt een artikel of een beleidsbron, niet beide")]
    CiteBoth,
    #[error("until {until} ligt voor from {from}")]
    UntilBeforeFrom { from: Date, until: Date },
    #[error("periode vanaf {from} overlapt met de periode vanaf {other_from} (regel {other_line})")]
    Overlap {
        from: Date,
        other_from: Date,
        other_line: usize,
    },
    #[error("geen waarden: minstens één [[…values]] nodig")]
    NoValues,
    #[error("text_versions moeten oplopen en mogen niet leeg zijn")]
    TextVersionsOrder,
    #[error("text_versions van {law} verschillen van die in {other_file}")]
    TextVersionsDiffer { law: Law, other_file: String },
}
