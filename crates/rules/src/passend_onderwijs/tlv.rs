//! The toelaatbaarheidsverklaring (TLV) — validity on a date, the bekostigingscategorie, and
//! for pupils with EMB the policy that the TLV holds for the whole (V)SO career with the
//! highest category (seed 000: "een geldigheid voor de hele (v)so-loopbaan met de hoogste
//! bekostigingscategorie", the national application form).
//!
//! - Validity: the SWV issues the TLV with a validity period (WPO art. 18a, the
//!   samenwerkingsverband passend onderwijs; the lid on the TLV itself — 6? — and the WEC and
//!   WVO 2020 counterparts are to verify, docs/rules.md).
//! - Category laag / midden / hoog: the school's support funding follows it (seed 004).
//! - EMB (policy, seed 000): category hoog, and no end before the end of the (V)SO career.
//!
//! No number of these rules is a parameter yet; the rule takes `&Params` like every rule so a
//! later one can be added without changing callers. Cases: `tlv.cases.toml` beside this file.

use crate::citation::{Citation, Law};
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use continuum_domain::Date;
use continuum_domain::period::Period;
use continuum_domain::register::TlvCategory;
use serde::{Deserialize, Serialize};

const EMB_POLICY: &str = "seed 000";
const CATEGORY_POLICY: &str = "seed 004";

/// A TLV as the SWV issued it, with what is known of the pupil's (V)SO career.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlvFacts {
    pub category: TlvCategory,
    /// Issued for a pupil with ernstig meervoudige beperkingen.
    #[serde(default)]
    pub emb: bool,
    pub period: Period,
    /// The last day of the pupil's (V)SO career as planned. Needed to check an EMB TLV that
    /// has an end date.
    pub career_end: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    NotYetValid,
    Valid,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlvViolationKind {
    EmbNotHighestCategory,
    EmbNotWholeCareer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlvViolation {
    pub kind: TlvViolationKind,
    /// In Dutch, for the SWV, the school and the parents.
    pub explanation: String,
    pub basis: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TlvCheck {
    pub validity: Validity,
    pub category: TlvCategory,
    /// Every rule the TLV breaks; empty when none.
    pub violations: Vec<TlvViolation>,
}

/// Checks `tlv` on `on`, with the reasoning in `trace`.
pub fn check_tlv<T: Tracer>(
    tlv: &TlvFacts,
    on: Date,
    _params: &Params,
    trace: &mut T,
) -> Result<TlvCheck, RuleError> {
    let period = tlv.period;
    let validity = if on < period.start() {
        Validity::NotYetValid
    } else if period.contains(on) {
        Validity::Valid
    } else {
        Validity::Expired
    };
    trace.step(|| {
        Step::new(
            "Is de toelaatbaarheidsverklaring geldig op de peildatum?",
            Citation::law(Law::Wpo, "18a", None, None),
        )
        .input("van", period.start())
        .input("tot en met", until(period))
        .input("peildatum", on)
        .outcome(match validity {
            Validity::NotYetValid => "nog niet geldig",
            Validity::Valid => "geldig",
            Validity::Expired => "verlopen",
        })
    });
    trace.step(|| {
        Step::new("Bekostigingscategorie", Citation::policy(CATEGORY_POLICY))
            .outcome(tlv.category.code())
    });

    let mut violations = Vec::new();
    if tlv.emb {
        emb_checks(tlv, &mut violations, trace)?;
    }
    Ok(TlvCheck {
        validity,
        category: tlv.category,
        violations,
    })
}

/// Seed 000: for EMB the TLV holds for the whole (V)SO career with the highest category.
fn emb_checks<T: Tracer>(
    tlv: &TlvFacts,
    violations: &mut Vec<TlvViolation>,
    trace: &mut T,
) -> Result<(), RuleError> {
    let highest = tlv.category == TlvCategory::Hoog;
    trace.step(|| {
        Step::new(
            "EMB: heeft de TLV de hoogste bekostigingscategorie?",
            Citation::policy(EMB_POLICY),
        )
        .input("categorie", tlv.category.code())
        .outcome(if highest { "ja" } else { "nee" })
    });
    if !highest {
        violations.push(TlvViolation {
            kind: TlvViolationKind::EmbNotHighestCategory,
            explanation: format!(
                "Een TLV voor een leerling met EMB heeft categorie hoog, niet {}.",
                tlv.category.code()
            ),
            basis: Citation::policy(EMB_POLICY),
        });
    }

    let short = match (tlv.period.end(), tlv.career_end) {
        (None, _) => None,
        (Some(end), Some(career)) => (end < career).then_some((end, career)),
        (Some(end), None) => {
            let reason = format!(
                "nodig om te toetsen of de EMB-TLV tot en met {end} de hele (v)so-loopbaan dekt"
            );
            return Err(RuleError::invalid("career_end", reason));
        }
    };
    trace.step(|| {
        Step::new(
            "EMB: geldt de TLV voor de hele (v)so-loopbaan?",
            Citation::policy(EMB_POLICY),
        )
        .input("TLV tot en met", until(tlv.period))
        .input(
            "einde loopbaan",
            tlv.career_end
                .map_or("onbekend".to_owned(), |d| d.to_string()),
        )
        .outcome(if short.is_some() { "nee" } else { "ja" })
    });
    if let Some((end, career)) = short {
        violations.push(TlvViolation {
            kind: TlvViolationKind::EmbNotWholeCareer,
            explanation: format!(
                "Een TLV voor een leerling met EMB geldt voor de hele (v)so-loopbaan (tot en met {career}), niet tot en met {end}."
            ),
            basis: Citation::policy(EMB_POLICY),
        });
    }
    Ok(())
}

fn until(period: Period) -> String {
    period
        .end()
        .map_or("onbepaalde tijd".to_owned(), |d| d.to_string())
}

#[cfg(test)]
#[path = "tlv_tests.rs"]
mod tests;
