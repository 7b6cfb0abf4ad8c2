//! Leerplichtwet 1969, art. 6 lid 2 onder b — the yearly renewal: as long as the parents
//! invoke an exemption of art. 5, they notify the municipality again before 1 July of every
//! year (parameter `vrijstelling.renewal_before`), for the school year that starts on the
//! next 1 August. Not when the statement says the child will never be fit (art. 6 lid 3,
//! as DOMAIN §3.1 numbers it), and not for an exemption that ends before that school year.
//!
//! Choices, recorded so they can be challenged (docs/rules.md):
//! - The first notification covers the school year the exemption starts in; every later
//!   school year needs a renewal, also when the first notification was made in the same
//!   school year for an exemption that started mid-year.
//! - A renewal belongs to the school year it names (`Renewal::school_year`), not to the
//!   school year its date falls in, so a late renewal is still recognised as late.
//! - Once a school year has begun without its renewal, that school year is reported as
//!   missing until a renewal for it is recorded; only then does the next one come up.
//! - The reminder before the deadline (`vrijstelling.renewal_reminder`, 8 weeks) is a
//!   continuum policy, not law.
//!
//! Cases: `renewal.cases.toml` beside this file.

use crate::citation::{Citation, Law};
use crate::error::RuleError;
use crate::params::{MonthDay, Params};
use crate::trace::{NoTrace, Step, Tracer};
use continuum_domain::Date;
use continuum_domain::exemption::{Exemption, ExemptionGround};
use continuum_domain::ids::{ExemptionId, OrgId, PupilId};
use continuum_domain::nl;
use continuum_domain::period::SchoolYear;
use serde::Serialize;

/// Why no renewal is needed for a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoRenewalReason {
    /// Art. 5a and art. 15 are not renewed every year by notification.
    GroundWithoutRenewal,
    /// The statement says the child will never be fit (art. 6 lid 3).
    NeverFit,
    /// The exemption ends before the school year starts.
    EndsBeforeSchoolYear,
    /// The exemption starts in (or after) that school year: the first notification covers it.
    FirstSchoolYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RenewalStatus {
    NotNeeded {
        reason: NoRenewalReason,
    },
    /// Received before the deadline.
    Received {
        notified_on: Date,
    },
    /// Received, but on or after the deadline.
    ReceivedLate {
        notified_on: Date,
    },
    /// Not received yet; the deadline is still ahead.
    Due,
    /// Not received and the deadline has passed.
    Missing,
}

/// The renewal for one school year of one exemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalCheck {
    /// The school year the renewal is for.
    pub school_year: SchoolYear,
    /// The renewal must be received before this day.
    pub deadline: Date,
    #[serde(flatten)]
    pub status: RenewalStatus,
    pub basis: Citation,
}

/// Whether a renewal is due or missing on `on`: for the current school year when it began
/// without its renewal, otherwise for the coming school year.
pub fn renewal_due<T: Tracer>(
    ex: &Exemption,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<RenewalCheck, RuleError> {
    let before = p.vrijstelling.renewal_before.at(on)?;
    let current = SchoolYear::containing(on);
    let now = check_year(ex, current, on, before.value, before.cite)?;
    let check = if now.status == RenewalStatus::Missing {
        now
    } else {
        check_year(ex, SchoolYear(current.0 + 1), on, before.value, before.cite)?
    };
    trace.step(|| {
        Step::new(
            format!(
                "Is de jaarlijkse kennisgeving voor schooljaar {} nodig en binnen?",
                check.school_year.label()
            ),
            check.basis.clone(),
        )
        .input("grond", ex.ground.article_nl())
        .input(
            "vrijstelling",
            format!(
                "{} tot en met {}",
                ex.period.start(),
                ex.period
                    .end()
                    .map_or("onbepaald".to_owned(), |d| d.to_string())
            ),
        )
        .input("uiterlijk voor", check.deadline)
        .outcome(outcome_nl(&check))
    });
    Ok(check)
}

fn check_year(
    ex: &Exemption,
    year: SchoolYear,
    on: Date,
    before: MonthDay,
    cite: &Citation,
) -> Result<RenewalCheck, RuleError> {
    let deadline = before.in_year(year.0).ok_or_else(|| {
        RuleError::invalid(
            "on",
            format!("schooljaar {} valt buiten de kalender", year.label()),
        )
    })?;
    let year_start = year.period().start();
    let not_needed = |reason, basis| RenewalCheck {
        school_year: year,
        deadline,
        status: RenewalStatus::NotNeeded { reason },
        basis,
    };
    if !ex.ground.yearly_notification() {
        let (article, onder) = ex.ground.article();
        let basis = Citation::law(Law::Leerplichtwet, article, None, onder);
        return Ok(not_needed(NoRenewalReason::GroundWithoutRenewal, basis));
    }
    if ex.never_fit() {
        let basis = Citation::law(Law::Leerplichtwet, "6", Some(3), None);
        return Ok(not_needed(NoRenewalReason::NeverFit, basis));
    }
    if ex.period.end().is_some_and(|end| end < year_start) {
        return Ok(not_needed(
            NoRenewalReason::EndsBeforeSchoolYear,
            cite.clone(),
        ));
    }
    if ex.period.start() >= year_start {
        return Ok(not_needed(NoRenewalReason::FirstSchoolYear, cite.clone()));
    }
    let status = match ex.renewal_for(year) {
        Some(r) if r.notified_on < deadline => RenewalStatus::Received {
            notified_on: r.notified_on,
        },
        Some(r) => RenewalStatus::ReceivedLate {
            notified_on: r.notified_on,
        },
        None if on < deadline => RenewalStatus::Due,
        None => RenewalStatus::Missing,
    };
    Ok(RenewalCheck {
        school_year: year,
        deadline,
        status,
        basis: cite.clone(),
    })
}

fn outcome_nl(c: &RenewalCheck) -> String {
    match c.status {
        RenewalStatus::NotNeeded { reason } => match reason {
            NoRenewalReason::GroundWithoutRenewal => {
                "niet nodig: deze vrijstelling wordt niet elk jaar opnieuw gemeld".to_owned()
            }
            NoRenewalReason::NeverFit => {
                "niet nodig: de verklaring zegt dat het kind nooit geschikt wordt".to_owned()
            }
            NoRenewalReason::EndsBeforeSchoolYear => {
                "niet nodig: de vrijstelling eindigt voor dit schooljaar".to_owned()
            }
            NoRenewalReason::FirstSchoolYear => {
                "niet nodig: de eerste kennisgeving geldt voor dit schooljaar".to_owned()
            }
        },
        RenewalStatus::Received { notified_on } => format!("binnen op {notified_on}"),
        RenewalStatus::ReceivedLate { notified_on } => format!("te laat binnen op {notified_on}"),
        RenewalStatus::Due => "nog niet binnen".to_owned(),
        RenewalStatus::Missing => "ontbreekt".to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalSignalKind {
    /// The deadline is near and the renewal is not in yet.
    Herinnering,
    /// The deadline has passed without a renewal.
    Ontbreekt,
}

/// A renewal the leerplichtambtenaar should act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenewalSignal {
    pub exemption: ExemptionId,
    pub pupil: PupilId,
    pub municipality: OrgId,
    pub ground: ExemptionGround,
    pub kind: RenewalSignalKind,
    pub school_year: SchoolYear,
    pub deadline: Date,
    /// In Dutch, for the leerplichtambtenaar.
    pub message: String,
    pub basis: Citation,
}

/// The renewals of a register that are missing, or due within the reminder lead time
/// (`vrijstelling.renewal_reminder`) on `on`, in the order given.
pub fn renewal_signals<'a>(
    exemptions: impl IntoIterator<Item = (ExemptionId, &'a Exemption)>,
    on: Date,
    p: &Params,
) -> Result<Vec<RenewalSignal>, RuleError> {
    let lead = p.vrijstelling.renewal_reminder.at(on)?;
    let lead_days = chrono::Days::new(u64::from(lead.value) * 7);
    let mut signals = Vec::new();
    for (id, ex) in exemptions {
        let check = renewal_due(ex, on, p, &mut NoTrace)?;
        let remind_from = check
            .deadline
            .checked_sub_days(lead_days)
            .unwrap_or(Date::MIN);
        let kind = match check.status {
            RenewalStatus::Missing => RenewalSignalKind::Ontbreekt,
            RenewalStatus::Due if on >= remind_from => RenewalSignalKind::Herinnering,
            _ => continue,
        };
        let (year, deadline, article) = (
            check.school_year.label(),
            nl::date(check.deadline),
            ex.ground.article_nl(),
        );
        let message = match kind {
            RenewalSignalKind::Herinnering => format!(
                "De ouders moeten vóór {deadline} opnieuw een kennisgeving sturen voor schooljaar {year} (vrijstelling {article}). Die is nog niet binnen."
            ),
            RenewalSignalKind::Ontbreekt => format!(
                "De kennisgeving voor schooljaar {year} ontbreekt. Die moest vóór {deadline} binnen zijn (vrijstelling {article})."
            ),
        };
        signals.push(RenewalSignal {
            exemption: id,
            pupil: ex.pupil,
            municipality: ex.municipality,
            ground: ex.ground,
            kind,
            school_year: check.school_year,
            deadline: check.deadline,
            message,
            basis: check.basis,
        });
    }
    Ok(signals)
}

#[cfg(test)]
#[path = "renewal_tests.rs"]
mod tests;
