//! Absence from school (verzuim): the kind of an absence, the ground of authorised
//! absence, and one stored absence of a pupil on one day. The bulk format and the scan
//! that turns records into signals live in `continuum-verzuim`.

use crate::Date;
use serde::{Deserialize, Serialize};

/// The ground of authorised absence (verlof or another valid reason), Leerplichtwet 1969
/// art. 11 onder a–g, 13a, 14. Illness (art. 11 onder d) is its own kind, [`AbsenceKind::Ziek`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

    /// The article as a reader sees it: `art. 11 onder a`, `art. 13a`.
    pub fn article_nl(self) -> &'static str {
        match self {
            LeaveGround::Art11a => "art. 11 onder a",
            LeaveGround::Art11b => "art. 11 onder b",
            LeaveGround::Art11c => "art. 11 onder c",
            LeaveGround::Art11e => "art. 11 onder e",
            LeaveGround::Art11f => "art. 11 onder f",
            LeaveGround::Art11g => "art. 11 onder g",
            LeaveGround::Art13a => "art. 13a",
            LeaveGround::Art14 => "art. 14",
        }
    }

    /// What the ground means, in plain Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            LeaveGround::Art11a => "school dicht of geen les",
            LeaveGround::Art11b => "naar school gaan is verboden",
            LeaveGround::Art11c => "geschorst",
            LeaveGround::Art11e => "plicht van godsdienst of levensovertuiging",
            LeaveGround::Art11f => "vakantie buiten de schoolvakantie door het werk van een ouder",
            LeaveGround::Art11g => "andere gewichtige omstandigheden",
            LeaveGround::Art13a => "extra vakantieverlof",
            LeaveGround::Art14 => "verlof voor gewichtige omstandigheden",
        }
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
    pub const CODES: [&'static str; 4] = ["ongeoorloofd", "ziek", "geoorloofd", "te laat"];

    /// The word in the bulk file (and in the API and the database).
    pub fn as_str(self) -> &'static str {
        match self {
            AbsenceKind::Ongeoorloofd => "ongeoorloofd",
            AbsenceKind::Ziek => "ziek",
            AbsenceKind::Geoorloofd(_) => "geoorloofd",
            AbsenceKind::TeLaat => "te laat",
        }
    }

    /// The kind from its word and, for `geoorloofd`, the ground. A ground with another
    /// kind is refused (`None`).
    pub fn parse(kind: &str, ground: Option<LeaveGround>) -> Option<AbsenceKind> {
        let k = match kind.trim().to_ascii_lowercase().as_str() {
            "ongeoorloofd" => AbsenceKind::Ongeoorloofd,
            "ziek" => AbsenceKind::Ziek,
            "geoorloofd" => return Some(AbsenceKind::Geoorloofd(ground)),
            "te laat" | "te_laat" => AbsenceKind::TeLaat,
            _ => return None,
        };
        ground.is_none().then_some(k)
    }

    /// The ground of authorised absence, when known.
    pub fn ground(self) -> Option<LeaveGround> {
        match self {
            AbsenceKind::Geoorloofd(g) => g,
            _ => None,
        }
    }

    /// The kind in plain Dutch, for pages.
    pub fn label_nl(self) -> &'static str {
        match self {
            AbsenceKind::Ongeoorloofd => "Ongeoorloofd afwezig",
            AbsenceKind::Ziek => "Ziek",
            AbsenceKind::Geoorloofd(_) => "Geoorloofd afwezig",
            AbsenceKind::TeLaat => "Te laat",
        }
    }
}

/// One stored absence of a pupil on one day: whole minutes of teaching time missed.
/// A pupil has at most one record per day and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Absence {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for g in LeaveGround::ALL {
            assert_eq!(LeaveGround::parse(g.code()), Some(g));
        }
        for k in [
            AbsenceKind::Ongeoorloofd,
            AbsenceKind::Ziek,
            AbsenceKind::TeLaat,
            AbsenceKind::Geoorloofd(None),
            AbsenceKind::Geoorloofd(Some(LeaveGround::Art13a)),
        ] {
            assert_eq!(AbsenceKind::parse(k.as_str(), k.ground()), Some(k));
        }
        assert_eq!(AbsenceKind::parse("ziek", Some(LeaveGround::Art14)), None);
        assert_eq!(AbsenceKind::parse("vrij", None), None);
    }

    #[test]
    fn hours_in_dutch() {
        assert_eq!(hours_nl(300), "5");
        assert_eq!(hours_nl(330), "5,5");
        assert_eq!(hours_nl(945), "15,75");
    }
}
