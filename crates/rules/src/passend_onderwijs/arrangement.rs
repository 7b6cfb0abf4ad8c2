//! Arrangements around a school: onderwijszorgarrangementen (the experiment of seed 003) and
//! reduced teaching time for one pupil with the inspectie's permission — what depends on
//! dated parameters, and the reminders before an arrangement ends.
//!
//! - Reduced teaching time: WPO art. 8 lid 12 (primary school, also sbo); for vo WVO art. 6g
//!   lid 7 (DOMAIN §3.2; since 2021 the WVO 2020, article to verify) and for (v)so the WEC
//!   counterpart (to verify). The `Law` enum has no WVO, and the WEC article is not known
//!   yet, so those cite the source of the yearly permission instead: seed 000 ("verleend
//!   voor één jaar ... verlenging mogelijk"). The longest permission is the parameter
//!   `arrangementen.ontheffing_max_duration` (1 school year): a permission ends at the
//!   latest on 31 July of the school year it starts in.
//! - Onderwijszorgarrangementen: the experiment's AMvB (2023) is not a law the `Law` enum
//!   knows; cited as seed 003.
//! - Reminders: `arrangementen.expiry_reminder` (8 weeks) before the last day, a continuum
//!   policy, not law.
//!
//! Cases: `arrangement.cases.toml` beside this file.

use crate::citation::{Citation, Law};
use crate::error::RuleError;
use crate::params::Params;
use continuum_domain::Date;
use continuum_domain::arrangement::{Arrangement, ArrangementKind};
use continuum_domain::ids::{ArrangementId, OrgId, PupilId};
use continuum_domain::nl;
use continuum_domain::period::SchoolYear;
use continuum_domain::register::SchoolType;
use continuum_domain::validation::FieldError;
use serde::Serialize;

const PERMISSION_POLICY: &str = "seed 000";
const EXPERIMENT_POLICY: &str = "seed 003";

/// The legal basis of an arrangement, as far as the `Law` enum can name it.
pub fn legal_basis(a: &Arrangement) -> Citation {
    let school_type = a.reduced_time.as_ref().map(|r| r.school_type);
    match (a.kind, school_type) {
        (ArrangementKind::OnderwijstijdOntheffing, Some(SchoolType::Po | SchoolType::Sbo)) => {
            Citation::law(Law::Wpo, "8", Some(12), None)
        }
        (ArrangementKind::OnderwijstijdOntheffing, _) => Citation::policy(PERMISSION_POLICY),
        _ => Citation::policy(EXPERIMENT_POLICY),
    }
}

/// Every field of `a` that holds a value not allowed, all at once: the structure
/// (`Arrangement::problems`) and, for reduced teaching time, permissions longer than
/// `arrangementen.ontheffing_max_duration` school years (the value valid on `on`).
pub fn validate_arrangement(
    a: &Arrangement,
    on: Date,
    p: &Params,
) -> Result<Vec<FieldError>, RuleError> {
    let mut found = a.problems();
    let Some(r) = &a.reduced_time else {
        return Ok(found);
    };
    let max = p.arrangementen.ontheffing_max_duration.at(on)?;
    let years = i32::try_from(max.value).unwrap_or(i32::MAX).max(1);
    for (i, perm) in r.permissions.iter().enumerate() {
        let Some(end) = perm.period.end() else {
            continue; // reported by `problems`
        };
        let first = SchoolYear::containing(perm.period.start());
        let last_day = SchoolYear(first.0.saturating_add(years - 1))
            .period()
            .end()
            .unwrap_or(Date::MAX);
        if end > last_day {
            let span = if max.value == 1 {
                "één schooljaar".to_owned()
            } else {
                format!("{} schooljaren", max.value)
            };
            found.push(FieldError::new(
                format!("reducedTime.permissions[{i}].period"),
                format!(
                    "Een toestemming van de inspectie geldt voor ten hoogste {span}: deze kan lopen tot en met {}. Vraag daarna een nieuwe toestemming aan.",
                    nl::date(last_day)
                ),
            ));
        }
    }
    Ok(found)
}

/// An arrangement that ends soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpiryReminder {
    pub arrangement: ArrangementId,
    pub kind: ArrangementKind,
    pub school: OrgId,
    pub pupils: Vec<PupilId>,
    /// The last day of the arrangement (for reduced teaching time: of the permission).
    pub ends_on: Date,
    /// Days from `on` to the last day; 0 on the last day itself.
    pub days_left: u32,
    /// In Dutch, for the school and its partners.
    pub message: String,
    /// The arrangement's legal basis, then the reminder lead time's (continuum policy).
    pub basis: Vec<Citation>,
}

/// The arrangements whose last day lies within `arrangementen.expiry_reminder` weeks from
/// `on` (both ends inclusive), in the order given. Open-ended and ended ones are left out.
pub fn expiry_reminders<'a>(
    arrangements: impl IntoIterator<Item = (ArrangementId, &'a Arrangement)>,
    on: Date,
    p: &Params,
) -> Result<Vec<ExpiryReminder>, RuleError> {
    let lead = p.arrangementen.expiry_reminder.at(on)?;
    let lead_days = i64::from(lead.value) * 7;
    let mut reminders = Vec::new();
    for (id, a) in arrangements {
        let Some(end) = a.expires_on() else { continue };
        let days = (end - on).num_days();
        if !(0..=lead_days).contains(&days) {
            continue;
        }
        let days_left = u32::try_from(days).unwrap_or(u32::MAX);
        let when = match days_left {
            0 => format!("loopt vandaag af ({})", nl::date(end)),
            1 => format!("loopt af op {} (nog 1 dag)", nl::date(end)),
            n => format!("loopt af op {} (nog {n} dagen)", nl::date(end)),
        };
        let partners = "Spreek met de partners af of en hoe het verdergaat.";
        let message = match a.kind {
            ArrangementKind::OnderwijstijdOntheffing => format!(
                "De toestemming van de inspectie voor minder onderwijstijd {when}. Vraag op tijd een nieuwe toestemming aan, of spreek af hoe de leerling daarna weer alle lessen volgt."
            ),
            ArrangementKind::Individueel => {
                format!("Het individuele onderwijszorgarrangement {when}. {partners}")
            }
            ArrangementKind::Groep => {
                format!("Het onderwijszorgarrangement voor de groep {when}. {partners}")
            }
            ArrangementKind::School => {
                format!("Het onderwijszorgarrangement voor de school {when}. {partners}")
            }
        };
        reminders.push(ExpiryReminder {
            arrangement: id,
            kind: a.kind,
            school: a.school,
            pupils: a.pupils.clone(),
            ends_on: end,
            days_left,
            message,
            basis: vec![legal_basis(a), lead.cite.clone()],
        });
    }
    Ok(reminders)
}

#[cfg(test)]
#[path = "arrangement_tests.rs"]
mod tests;
