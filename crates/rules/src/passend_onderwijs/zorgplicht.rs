//! The zorgplicht term: after parents register a child in writing, the school board decides
//! on admission — a fitting place at its own school or another — within 6 weeks, and may
//! extend that term once by at most 4 weeks (WPO art. 40 lid 4; WEC and WVO hold the same
//! term). Parameters `passend_onderwijs.zorgplicht_term` and `zorgplicht_extension`.
//!
//! Choices, recorded so they can be challenged:
//! - The term counts from the day of registration (`registered_on`: the day the written
//!   request was received) and ends on the same weekday 6 weeks later: registered on
//!   Tuesday 1 September 2026, the board is in time up to and including Tuesday 13 October.
//! - The parameters are those valid on the day of registration, not on the evaluation
//!   date: a term that began under one law keeps its length when the law changes, so a
//!   case's deadline does not move afterwards.
//! - An extension longer than the parameter allows, or granted after the term ended, is
//!   refused as input (`extension.weeks`, `extension.on`): the server checks a new
//!   `ExtensionGranted` with this rule before it records it.
//! - Known gap: the Algemene termijnenwet (BWBR0002448, art. 1) moves a statutory term
//!   that ends on a Saturday, Sunday or public holiday to the next working day. It is not
//!   applied yet; a pending case in `zorgplicht.cases.toml` states the answer it would give.

use crate::citation::Citation;
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use chrono::Days;
use continuum_domain::Date;
use continuum_domain::case::Extension;
use serde::Serialize;

/// The school board's decision term for one registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZorgplichtDeadline {
    /// The last day of the term without extension.
    pub term_ends: Date,
    /// The last day of the term, with the extension when one was granted.
    pub deadline: Date,
    /// The weeks of the extension, when granted.
    pub extended_by: Option<u32>,
    pub basis: Citation,
}

/// The decision term of a registration on `registered_on`, with the extension the case
/// records (if any).
pub fn zorgplicht_deadline<T: Tracer>(
    registered_on: Date,
    extension: Option<&Extension>,
    p: &Params,
    trace: &mut T,
) -> Result<ZorgplichtDeadline, RuleError> {
    let term = p.passend_onderwijs.zorgplicht_term.at(registered_on)?;
    let term_ends = plus_weeks(registered_on, term.value, "registeredOn")?;
    trace.step(|| {
        Step::new(
            "Binnen welke termijn beslist het schoolbestuur over toelating?",
            term.cite.clone(),
        )
        .input("aangemeld op", registered_on)
        .input("termijn (weken)", term.value)
        .outcome(format!("uiterlijk op {term_ends}"))
    });
    let Some(ext) = extension else {
        return Ok(ZorgplichtDeadline {
            term_ends,
            deadline: term_ends,
            extended_by: None,
            basis: term.cite.clone(),
        });
    };
    let max = p.passend_onderwijs.zorgplicht_extension.at(registered_on)?;
    if ext.weeks == 0 || ext.weeks > max.value {
        return Err(RuleError::invalid(
            "extension.weeks",
            format!(
                "een verlenging van {} weken kan niet: eenmaal ten hoogste {} weken",
                ext.weeks, max.value
            ),
        ));
    }
    if ext.on > term_ends {
        return Err(RuleError::invalid(
            "extension.on",
            format!(
                "verlengd op {}, maar de termijn liep al af op {term_ends}",
                ext.on
            ),
        ));
    }
    let deadline = plus_weeks(term_ends, ext.weeks, "extension.weeks")?;
    trace.step(|| {
        Step::new("Is de beslistermijn verlengd?", max.cite.clone())
            .input("verlengd op", ext.on)
            .input("verlenging (weken)", ext.weeks)
            .input("ten hoogste (weken)", max.value)
            .outcome(format!("ja, uiterlijk op {deadline}"))
    });
    Ok(ZorgplichtDeadline {
        term_ends,
        deadline,
        extended_by: Some(ext.weeks),
        basis: max.cite.clone(),
    })
}

/// `d` plus whole weeks; the field is named when the calendar runs out.
pub(crate) fn plus_weeks(d: Date, weeks: u32, field: &'static str) -> Result<Date, RuleError> {
    d.checked_add_days(Days::new(u64::from(weeks) * 7))
        .ok_or_else(|| {
            RuleError::invalid(
                field,
                format!("{d} plus {weeks} weken valt buiten de kalender"),
            )
        })
}

#[cfg(test)]
#[path = "zorgplicht_tests.rs"]
mod tests;
