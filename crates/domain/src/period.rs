//! A validity period: from a first day to an optional last day, both inclusive, as Dutch
//! decisions are written ("van 1 augustus 2026 tot en met 31 juli 2027").

use crate::Date;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("einddatum {end} ligt voor begindatum {start}")]
pub struct PeriodError {
    pub start: Date,
    pub end: Date,
}

/// `start ..= end`; `end: None` means open-ended. The constructor refuses an end before
/// the start, so every `Period` holds at least one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod", into = "RawPeriod")]
pub struct Period {
    start: Date,
    end: Option<Date>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPeriod {
    start: Date,
    #[serde(default)]
    end: Option<Date>,
}

impl TryFrom<RawPeriod> for Period {
    type Error = PeriodError;
    fn try_from(r: RawPeriod) -> Result<Self, Self::Error> {
        Period::new(r.start, r.end)
    }
}
impl From<Period> for RawPeriod {
    fn from(p: Period) -> Self {
        RawPeriod {
            start: p.start,
            end: p.end,
        }
    }
}

impl Period {
    pub fn new(start: Date, end: Option<Date>) -> Result<Period, PeriodError> {
        match end {
            Some(end) if end < start => Err(PeriodError { start, end }),
            _ => Ok(Period { start, end }),
        }
    }
    pub fn from(start: Date) -> Period {
        Period { start, end: None }
    }
    pub fn start(&self) -> Date {
        self.start
    }
    pub fn end(&self) -> Option<Date> {
        self.end
    }
    pub fn contains(&self, on: Date) -> bool {
        self.start <= on && self.end.is_none_or(|e| on <= e)
    }
    pub fn overlaps(&self, other: &Period) -> bool {
        self.end.is_none_or(|e| other.start <= e) && other.end.is_none_or(|e| self.start <= e)
    }
}

/// The Dutch school year runs from 1 August to 31 July; named by its first calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SchoolYear(pub i32);

impl SchoolYear {
    pub fn containing(d: Date) -> SchoolYear {
        use chrono::Datelike;
        if d.month() >= 8 {
            SchoolYear(d.year())
        } else {
            SchoolYear(d.year() - 1)
        }
    }
    pub fn period(&self) -> Period {
        // 1 August and 31 July exist in every year inside chrono's range.
        let start = Date::from_ymd_opt(self.0, 8, 1).unwrap_or(Date::MIN);
        let end = Date::from_ymd_opt(self.0 + 1, 7, 31).unwrap_or(Date::MAX);
        Period {
            start,
            end: Some(end),
        }
    }
    /// "2026-2027", as schools write it.
    pub fn label(&self) -> String {
        format!("{}-{}", self.0, self.0 + 1)
    }
    pub fn parse(s: &str) -> Option<SchoolYear> {
        let (a, b) = s.split_once('-')?;
        let (a, b): (i32, i32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (b == a + 1).then_some(SchoolYear(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        assert!(Period::new(d(2026, 8, 1), Some(d(2026, 7, 31))).is_err());
        assert!(Period::new(d(2026, 8, 1), Some(d(2026, 8, 1))).is_ok());
        let json = r#"{"start":"2026-08-01","end":"2026-01-01"}"#;
        assert!(serde_json::from_str::<Period>(json).is_err());
    }

    #[test]
    fn both_ends_are_inclusive() {
        let p = Period::new(d(2020, 1, 1), Some(d(2026, 12, 31))).unwrap();
        assert!(p.contains(d(2020, 1, 1)));
        assert!(p.contains(d(2026, 12, 31)));
        assert!(!p.contains(d(2027, 1, 1)));
        assert!(!p.contains(d(2019, 12, 31)));
        assert!(Period::from(d(2020, 1, 1)).contains(d(2999, 1, 1)));
    }

    #[test]
    fn school_year_runs_from_august_to_july() {
        assert_eq!(SchoolYear::containing(d(2026, 7, 31)), SchoolYear(2025));
        assert_eq!(SchoolYear::containing(d(2026, 8, 1)), SchoolYear(2026));
        assert_eq!(SchoolYear(2026).label(), "2026-2027");
        assert_eq!(SchoolYear::parse("2026-2027"), Some(SchoolYear(2026)));
        assert_eq!(SchoolYear::parse("2026-2028"), None);
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_matches_a_shared_day(a in 0i64..400, la in 0i64..60, b in 0i64..400, lb in 0i64..60) {
            let base = d(2026, 1, 1);
            let p = Period::new(base + chrono::Days::new(a as u64), Some(base + chrono::Days::new((a + la) as u64))).unwrap();
            let q = Period::new(base + chrono::Days::new(b as u64), Some(base + chrono::Days::new((b + lb) as u64))).unwrap();
            let shared = (0..500).any(|i| { let x = base + chrono::Days::new(i); p.contains(x) && q.contains(x) });
            prop_assert_eq!(p.overlaps(&q), shared);
            prop_assert_eq!(p.overlaps(&q), q.overlaps(&p));
        }
    }
}
