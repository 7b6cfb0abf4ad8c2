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

pub use continuum_domain::absence::{AbsenceKind, LeaveGround, hours_nl};

/// The article of the Leerplichtwet a ground of authorised absence rests on.
pub trait LeaveGroundCitation {
    fn citation(self) -> Citation;
}

impl LeaveGroundCitation for LeaveGround {
    fn citation(self) -> Citation {
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

/// The compact code the scan stores for a kind.
pub(crate) trait KindCode {
    fn code(self) -> u8;
}

impl KindCode for AbsenceKind {
    #[inline]
    fn code(self) -> u8 {
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
