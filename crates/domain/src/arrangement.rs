//! Arrangements around a school: onderwijszorgarrangementen (individual, group, school;
//! the experiment of seed 003, an AMvB from 2023, in which school boards, SWVs and care
//! partners may deviate from some education rules for pupils with a complex support need)
//! and reduced teaching time for one pupil with the inspectie's permission (WPO art. 8 lid
//! 12; WVO art. 6g lid 7; DOMAIN §3.2), given per year and renewable (seed 000).
//!
//! The structure is checked here ([`Arrangement::problems`]); the rules crate adds what
//! depends on dated parameters (the longest permission) and the reminders before expiry.

use crate::Date;
use crate::ids::{OrgId, PupilId};
use crate::period::Period;
use crate::register::{HoursPerWeek, SchoolType};
use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrangementKind {
    /// An onderwijszorgarrangement for one pupil.
    Individueel,
    /// An onderwijszorgarrangement for a group of pupils.
    Groep,
    /// An onderwijszorgarrangement for a school (location) as a whole.
    School,
    /// Fewer hours of teaching than the standard for one pupil, for physical or
    /// psychological reasons, with the inspectie's permission.
    OnderwijstijdOntheffing,
}

impl ArrangementKind {
    pub const ALL: [ArrangementKind; 4] = [
        ArrangementKind::Individueel,
        ArrangementKind::Groep,
        ArrangementKind::School,
        ArrangementKind::OnderwijstijdOntheffing,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ArrangementKind::Individueel => "individueel",
            ArrangementKind::Groep => "groep",
            ArrangementKind::School => "school",
            ArrangementKind::OnderwijstijdOntheffing => "onderwijstijd_ontheffing",
        }
    }

    pub fn parse(s: &str) -> Option<ArrangementKind> {
        ArrangementKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            ArrangementKind::Individueel => "individueel onderwijszorgarrangement",
            ArrangementKind::Groep => "onderwijszorgarrangement voor een groep",
            ArrangementKind::School => "onderwijszorgarrangement voor de school",
            ArrangementKind::OnderwijstijdOntheffing => {
                "minder onderwijstijd met toestemming van de inspectie"
            }
        }
    }

    /// An onderwijszorgarrangement (not reduced teaching time).
    pub fn is_onderwijszorgarrangement(self) -> bool {
        self != ArrangementKind::OnderwijstijdOntheffing
    }
}

/// One permission of the inspectie for reduced teaching time, for at most a school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub period: Period,
    pub granted_on: Date,
    /// The inspectie's reference of the decision.
    pub reference: String,
}

/// What reduced teaching time adds to an arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReducedTime {
    /// The kind of school: which law's rule on teaching time applies (WPO, WVO or WEC).
    pub school_type: SchoolType,
    /// The hours of teaching the pupil gets per week.
    pub teaching_hours_per_week: HoursPerWeek,
    /// The permissions, one per school year; a renewal is a new permission.
    pub permissions: Vec<Permission>,
}

impl ReducedTime {
    /// The permission that covers `on`.
    pub fn permission_on(&self, on: Date) -> Option<&Permission> {
        self.permissions.iter().find(|p| p.period.contains(on))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Arrangement {
    pub kind: ArrangementKind,
    /// The school (location) where the pupils are enrolled.
    pub school: OrgId,
    /// One pupil for an individual arrangement and for reduced teaching time; two or more
    /// for a group; for a school arrangement the pupils named so far (may be none).
    #[serde(default)]
    pub pupils: Vec<PupilId>,
    /// The partners: SWV, school board, care provider, municipality, zorgkantoor.
    #[serde(default)]
    pub partners: Vec<OrgId>,
    pub period: Period,
    /// What the arrangement is, in Dutch.
    pub description: String,
    /// Present for reduced teaching time, absent otherwise.
    #[serde(default)]
    pub reduced_time: Option<ReducedTime>,
}

impl Arrangement {
    /// The last day, when known: the end of the period (for reduced teaching time the
    /// permissions cover the period, so it is also the end of the last permission).
    pub fn expires_on(&self) -> Option<Date> {
        self.period.end()
    }

    /// Every field that holds a value the register does not allow, all at once.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut found = Vec::new();
        let mut push = |field: String, message: String| found.push(FieldError::new(field, message));
        let kind = self.kind;
        match (kind, self.pupils.len()) {
            (ArrangementKind::Individueel | ArrangementKind::OnderwijstijdOntheffing, n)
                if n != 1 =>
            {
                push(
                    "pupils".into(),
                    match kind {
                        ArrangementKind::Individueel => {
                            "Een individueel onderwijszorgarrangement is voor precies één leerling."
                        }
                        _ => "Minder onderwijstijd met toestemming van de inspectie is voor precies één leerling.",
                    }
                    .into(),
                )
            }
            (ArrangementKind::Groep, n) if n < 2 => push(
                "pupils".into(),
                "Een arrangement voor een groep is voor twee of meer leerlingen.".into(),
            ),
            _ => {}
        }
        if let Some(i) =
            (1..self.pupils.len()).find(|&i| self.pupils[..i].contains(&self.pupils[i]))
        {
            push(
                format!("pupils[{i}]"),
                "Deze leerling staat er al in.".into(),
            );
        }
        if kind.is_onderwijszorgarrangement() && self.partners.is_empty() {
            push(
                "partners".into(),
                "Noem ten minste één partner (samenwerkingsverband, zorgaanbieder, gemeente of zorgkantoor).".into(),
            );
        }
        if let Some(i) =
            (1..self.partners.len()).find(|&i| self.partners[..i].contains(&self.partners[i]))
        {
            push(
                format!("partners[{i}]"),
                "Deze partner staat er al in.".into(),
            );
        }
        if self.description.trim().is_empty() {
            push("description".into(), "Beschrijf het arrangement.".into());
        }
        match (&self.reduced_time, kind) {
            (None, ArrangementKind::OnderwijstijdOntheffing) => push(
                "reducedTime".into(),
                "Vul de uren onderwijs en de toestemming van de inspectie in.".into(),
            ),
            (Some(_), k) if k.is_onderwijszorgarrangement() => push(
                "reducedTime".into(),
                "Toestemming voor minder onderwijstijd hoort bij een eigen arrangement voor één leerling.".into(),
            ),
            (Some(r), _) => found.extend(self.reduced_time_problems(r)),
            _ => {}
        }
        found
    }

    fn reduced_time_problems(&self, r: &ReducedTime) -> Vec<FieldError> {
        let mut found = Vec::new();
        if r.teaching_hours_per_week == HoursPerWeek(0) {
            found.push(FieldError::new(
                "reducedTime.teachingHoursPerWeek",
                "Bij 0 uur onderwijs is dit geen kortere onderwijstijd. Kijk of vrijstelling (art. 5 onder a Leerplichtwet) aan de orde is.",
            ));
        }
        let Some(end) = self.period.end() else {
            found.push(FieldError::new(
                "period.end",
                "Minder onderwijstijd geldt zolang er toestemming is: vul een einddatum in.",
            ));
            return found;
        };
        if r.permissions.is_empty() {
            found.push(FieldError::new(
                "reducedTime.permissions",
                "Vul de toestemming van de inspectie in.",
            ));
            return found;
        }
        for (i, p) in r.permissions.iter().enumerate() {
            let field = |f: &str| format!("reducedTime.permissions[{i}].{f}");
            if p.reference.trim().is_empty() {
                found.push(FieldError::new(
                    field("reference"),
                    "Vul het kenmerk van het besluit van de inspectie in.",
                ));
            }
            match p.period.end() {
                None => found.push(FieldError::new(
                    field("period.end"),
                    "Een toestemming van de inspectie geldt voor een bepaalde tijd: vul een einddatum in.",
                )),
                Some(e) if p.period.start() < self.period.start() || e > end => {
                    found.push(FieldError::new(
                        field("period"),
                        "De toestemming valt buiten de periode van het arrangement.",
                    ))
                }
                _ => {}
            }
            if p.granted_on > p.period.end().unwrap_or(p.granted_on) {
                found.push(FieldError::new(
                    field("grantedOn"),
                    "De toestemming is gegeven na het einde van de periode waarvoor zij geldt.",
                ));
            }
            if let Some(j) = (0..i).find(|&j| r.permissions[j].period.overlaps(&p.period)) {
                found.push(FieldError::new(
                    field("period"),
                    format!("Deze toestemming overlapt met toestemming {}.", j + 1),
                ));
            }
        }
        if let Some(gap) = first_uncovered_day(self.period.start(), end, &r.permissions) {
            found.push(FieldError::new(
                "reducedTime.permissions",
                format!(
                    "Op {} is er geen toestemming van de inspectie; de hele periode moet gedekt zijn.",
                    crate::nl::date(gap)
                ),
            ));
        }
        found
    }
}

/// The first day of `start ..= end` that no permission covers.
fn first_uncovered_day(start: Date, end: Date, permissions: &[Permission]) -> Option<Date> {
    let mut periods: Vec<Period> = permissions.iter().map(|p| p.period).collect();
    periods.sort_by_key(|p| p.start());
    let mut next = start;
    for p in periods {
        if p.start() > next {
            return Some(next);
        }
        match p.end() {
            None => return None,
            Some(e) if e >= end => return None,
            Some(e) if e >= next => next = e.succ_opt()?,
            Some(_) => {}
        }
    }
    Some(next)
}

#[cfg(test)]
#[path = "arrangement_tests.rs"]
mod tests;
