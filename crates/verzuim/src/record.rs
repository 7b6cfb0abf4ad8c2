//! Pupils and absence records, as the scan takes them.

use crate::calendar::{Region, SchoolCode};
use continuum_domain::Date;
use continuum_domain::period::Period;
use continuum_rules::{Citation, Law};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A pupil as the bulk files number it: a PGN (BSN or onderwijsnummer) or any other
/// number the caller maps to its own pupil id. Up to 18 digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PupilKey(pub u64);

impl fmt::Display for PupilKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the scan needs to know about a young person: for the enrolled, the school's
/// calendar; for everyone, what decides leerplicht or kwalificatieplicht (the rules engine
/// decides from the birth date and a startkwalificatie) and whether an exemption holds.
///
/// The pupils passed to the scan double as the municipality's list of residents aged 4–22
/// (Leerplichtwet art. 19): a resident with `enrolled == false` is checked for absoluut
/// verzuim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pupil {
    pub key: PupilKey,
    pub birth_date: Date,
    /// The holiday region of the school (for a resident enrolled nowhere: of the
    /// municipality); chooses the school calendar.
    pub region: Region,
    /// The school, when it has days off of its own in the calendar.
    pub school: Option<SchoolCode>,
    pub enrolled: bool,
    /// An exemption (Leerplichtwet art. 5, 5a, 15) and the period it holds.
    pub exemption: Option<Period>,
    /// When a startkwalificatie was obtained (ends kwalificatieplicht, art. 4b).
    pub startkwalificatie_on: Option<Date>,
}

impl Pupil {
    pub(crate) fn exempt_on(&self, d: Date) -> bool {
        self.exemption.is_some_and(|p| p.contains(d))
    }
}

/// The ground of authorised absence (verlof or another valid reason), Leerplichtwet 1969
/// art. 11 onder a–g, 13a, 14. Illness (art. 11 onder d) is its own kind, [`AbsenceKind::Ziek`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeaveGround {
    /// Art. 11 onder a: school closed or teaching suspended.
    Art11a,
    /// Art. 11 onder b: attendance forbidden by regulation.
    Art11b,
    /// Art. 11 onder c: temporary exclusion (schorsing).
    Art11c,
    /// Art. 11 onder e: religious or philosophical obligations.
    Art11e,
    /// Art. 11 onder f and art. 13a: holiday leave because of a parent's job.
    Art11f,
    /// Art. 11 onder g and art. 14: other important circumstances.
    Art11g,
    /// Art. 13a: holiday leave (extraordinary).
    Art13a,
    /// Art. 14: leave for important circumstances.
    Art14,
}

impl LeaveGround {
    pub const ALL: [LeaveGround; 8] = [
        LeaveGround::Art11a,
        LeaveGround::Art11b,
        LeaveGround::Art11c,
        LeaveGround::Art11e,
        LeaveGround::Art11f,
        LeaveGround::Art11g,
        LeaveGround::Art13a,
        LeaveGround::Art14,
    ];

    /// The code in the bulk file: `11a` … `11g`, `13a`, `14`.
    pub fn code(self) -> &'static str {
        match self {
            LeaveGround::Art11a => "11a",
            LeaveGround::Art11b => "11b",
            LeaveGround::Art11c => "11c",
            LeaveGround::Art11e => "11e",
            LeaveGround::Art11f => "11f",
            LeaveGround::Art11g => "11g",
            LeaveGround::Art13a => "13a",
            LeaveGround::Art14 => "14",
        }
    }

    pub fn parse(s: &str) -> Option<LeaveGround> {
        LeaveGround::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(s))
    }

    pub fn citation(self) -> Citation {
        let (article, onder) = match self {
            LeaveGround::Art11a => ("11", Some("a")),
            LeaveGround::Art11b => ("11", Some("b")),
            LeaveGround::Art11c => ("11", Some("c")),
            LeaveGround::Art11e => ("11", Some("e")),
            LeaveGround::Art11f => ("11", Some("f")),
            LeaveGround::Art11g => ("11", Some("g")),
            LeaveGround::Art13a => ("13a", None),
            LeaveGround::Art14 => ("14", None),
        };
        Citation::law(Law::Leerplichtwet, article, None, onder)
    }
}

/// The kind of an absence record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AbsenceKind {
    /// Absent without a valid reason (relatief verzuim).
    Ongeoorloofd,
    /// Reported sick (art. 11 onder d, art. 12).
    Ziek,
    /// Authorised: leave or another valid reason; the ground when known.
    Geoorloofd(Option<LeaveGround>),
    /// Late: the minutes missed count as unauthorised teaching time.
    TeLaat,
}

impl AbsenceKind {
    /// The word in the bulk file.
    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceKind::Ongeoorloofd => "ongeoorloofd",
            AbsenceKind::Ziek => "ziek",
            AbsenceKind::Geoorloofd(_) => "geoorloofd",
            AbsenceKind::TeLaat => "te laat",
        }
    }

    /// The compact code the scan stores.
    #[inline]
    pub(crate) fn code(self) -> u8 {
        match self {
            AbsenceKind::Ongeoorloofd => K_ONGEOORLOOFD,
            AbsenceKind::Ziek => K_ZIEK,
            AbsenceKind::Geoorloofd(_) => K_GEOORLOOFD,
            AbsenceKind::TeLaat => K_TE_LAAT,
        }
    }
}

pub(crate) const K_ONGEOORLOOFD: u8 = 0;
pub(crate) const K_ZIEK: u8 = 1;
pub(crate) const K_GEOORLOOFD: u8 = 2;
pub(crate) const K_TE_LAAT: u8 = 3;

/// One pupil's absence on one day: whole minutes of teaching time (decimal hours in the
/// file are converted exactly; 15.5 hours is 930 minutes, never a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AbsenceRecord {
    pub pupil: PupilKey,
    pub date: Date,
    pub minutes: u16,
    pub kind: AbsenceKind,
}

/// Minutes as the hours a user reads: `5`, `5,5`, `15,75`.
pub fn hours_nl(minutes: u32) -> String {
    let h = minutes / 60;
    let rest = minutes % 60;
    if rest == 0 {
        return h.to_string();
    }
    // Hundredths of an hour; exact for whole quarters, rounded otherwise.
    let frac = (rest * 100 + 30) / 60;
    let s = format!("{h},{frac:02}");
    s.trim_end_matches('0').to_owned()
}
