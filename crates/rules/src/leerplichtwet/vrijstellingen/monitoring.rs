//! Policy (seed 000): the casusregisseur the municipality names is responsible for the
//! process around an exemption under art. 5 onder a, its monitoring and its evaluation; and
//! a child that is exempted deserves a development offer in a care setting. This module
//! lists, for the exemptions in force on a date, the evaluations that are late or coming up
//! (within `vrijstelling.evaluation_reminder`, a continuum policy), an exemption without any
//! evaluation planned, and one without a development offer.

use crate::citation::Citation;
use crate::error::RuleError;
use crate::params::Params;
use continuum_domain::Date;
use continuum_domain::exemption::Exemption;
use continuum_domain::ids::{ExemptionId, OrgId, PupilId};
use continuum_domain::nl;
use serde::Serialize;

const MONITORING_POLICY: &str = "seed 000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MonitoringKind {
    /// A planned evaluation whose date has passed without it being held.
    EvaluatieTeLaat { planned_on: Date },
    /// A planned evaluation within the reminder lead time.
    EvaluatieGepland { planned_on: Date },
    /// No evaluation planned from today on (and none late).
    GeenEvaluatieGepland,
    /// No development offer recorded that has started.
    GeenOntwikkelingsaanbod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonitoringSignal {
    pub exemption: ExemptionId,
    pub pupil: PupilId,
    pub municipality: OrgId,
    #[serde(flatten)]
    pub kind: MonitoringKind,
    /// In Dutch, for the casusregisseur.
    pub message: String,
    pub basis: Citation,
}

/// The monitoring signals of the exemptions under art. 5 onder a in force on `on`, per
/// exemption in the order given: late evaluations, then coming ones (by date), then a
/// missing plan or offer.
pub fn evaluations_due<'a>(
    exemptions: impl IntoIterator<Item = (ExemptionId, &'a Exemption)>,
    on: Date,
    p: &Params,
) -> Result<Vec<MonitoringSignal>, RuleError> {
    let lead = p.vrijstelling.evaluation_reminder.at(on)?;
    let horizon = on
        .checked_add_days(chrono::Days::new(u64::from(lead.value) * 7))
        .unwrap_or(Date::MAX);
    let mut signals = Vec::new();
    for (id, ex) in exemptions {
        let Some(dossier) = ex.dossier.as_ref().filter(|_| ex.ground.has_dossier()) else {
            continue;
        };
        if !ex.period.contains(on) {
            continue;
        }
        let mut push = |kind, message: String, basis: &Citation| {
            signals.push(MonitoringSignal {
                exemption: id,
                pupil: ex.pupil,
                municipality: ex.municipality,
                kind,
                message,
                basis: basis.clone(),
            })
        };
        let policy = Citation::policy(MONITORING_POLICY);
        let mut open: Vec<Date> = dossier
            .evaluations
            .iter()
            .filter(|e| !e.is_held())
            .map(|e| e.planned_on)
            .collect();
        open.sort();
        for &planned_on in open.iter().filter(|d| **d < on) {
            push(
                MonitoringKind::EvaluatieTeLaat { planned_on },
                format!(
                    "De evaluatie van {} is nog niet gehouden. Plan die zo snel mogelijk.",
                    nl::date(planned_on)
                ),
                &policy,
            );
        }
        for &planned_on in open.iter().filter(|d| on <= **d && **d <= horizon) {
            push(
                MonitoringKind::EvaluatieGepland { planned_on },
                format!("De evaluatie is op {}.", nl::date(planned_on)),
                lead.cite,
            );
        }
        if open.is_empty() {
            push(
                MonitoringKind::GeenEvaluatieGepland,
                "Er is geen evaluatie gepland. Spreek een datum af.".to_owned(),
                &policy,
            );
        }
        if dossier.development_offer_on(on).is_none() {
            push(
                MonitoringKind::GeenOntwikkelingsaanbod,
                "Er staat geen ontwikkelingsaanbod in het dossier. Leg vast wat het kind krijgt, waar en hoeveel uur per week.".to_owned(),
                &policy,
            );
        }
    }
    Ok(signals)
}

#[cfg(test)]
#[path = "monitoring_tests.rs"]
mod tests;
