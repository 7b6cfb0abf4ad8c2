//! A parameter whose value depends on the date: one value per validity period, each with
//! its own citation. Asking for a date that no period covers is an error that names the
//! parameter and the date — never a default.

use crate::citation::Citation;
use crate::error::RuleError;
use continuum_domain::Date;
use continuum_domain::money::Cents;
use continuum_domain::period::Period;
use std::fmt;
use toml::de::DeValue;

/// The units a parameter file may use. Every rule knows which unit it expects, so a file
/// that says "weeks" where the rule counts "teaching weeks" is refused at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Years,
    SchoolYears,
    Months,
    Weeks,
    /// Lesweken: weeks in which the school teaches (Leerplichtwet art. 21a).
    TeachingWeeks,
    /// Schoolweken, as the M@ZL method counts them.
    SchoolWeeks,
    /// Schooldagen: days the school teaches.
    SchoolDays,
    /// Uren les- of praktijktijd (Leerplichtwet art. 21a).
    TeachingHours,
    /// A number of occurrences.
    Times,
    CentsPerPupilPerSchoolYear,
    CentsPerYear,
    /// A day in every year, written `--MM-DD` (ISO 8601), e.g. the 1 July deadline.
    DayOfYear,
}

impl Unit {
    pub const ALL: [Unit; 12] = [
        Unit::Years,
        Unit::SchoolYears,
        Unit::Months,
        Unit::Weeks,
        Unit::TeachingWeeks,
        Unit::SchoolWeeks,
        Unit::SchoolDays,
        Unit::TeachingHours,
        Unit::Times,
        Unit::CentsPerPupilPerSchoolYear,
        Unit::CentsPerYear,
        Unit::DayOfYear,
    ];

    /// The spelling in parameter files.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Years => "years",
            Unit::SchoolYears => "school years",
            Unit::Months => "months",
            Unit::Weeks => "weeks",
            Unit::TeachingWeeks => "teaching weeks",
            Unit::SchoolWeeks => "school weeks",
            Unit::SchoolDays => "school days",
            Unit::TeachingHours => "teaching hours",
            Unit::Times => "times",
            Unit::CentsPerPupilPerSchoolYear => "cents per pupil per school year",
            Unit::CentsPerYear => "cents per year",
            Unit::DayOfYear => "day of year",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub(crate) fn known() -> String {
        Unit::ALL.map(Unit::as_str).join(", ")
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A day that recurs every year (`--07-01`): a deadline such as "before 1 July".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// This day in `year`. 29 February is refused when parsing, so every year has it.
    pub fn in_year(self, year: i32) -> Option<Date> {
        Date::from_ymd_opt(year, self.month, self.day)
    }

    fn parse(s: &str) -> Option<MonthDay> {
        let rest = s.strip_prefix("--")?;
        let (m, d) = rest.split_once('-')?;
        if m.len() != 2 || d.len() != 2 {
            return None;
        }
        let md = MonthDay {
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        // 2025 is not a leap year: a day valid in it is valid in every year.
        md.in_year(2025).map(|_| md)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{:02}-{:02}", self.month, self.day)
    }
}

/// A type a parameter value can have, read from its TOML value.
pub trait ParamValue: Copy + fmt::Display + fmt::Debug {
    /// What the file must hold, for the error message.
    const EXPECTED: &'static str;
    fn from_toml(v: &DeValue<'_>) -> Option<Self>;
}

fn integer(v: &DeValue<'_>) -> Option<i64> {
    let i = v.as_integer()?;
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

impl ParamValue for u32 {
    const EXPECTED: &'static str = "een geheel getal van 0 of meer";
    fn from_toml(v: &DeValue<'_>) -> Option<u32> {
        integer(v).and_then(|i| u32::try_from(i).ok())
    }
}

impl ParamValue for Cents {
    const EXPECTED: &'static str = "een bedrag in centen (geheel getal van 0 of meer)";
    fn from_toml(v: &DeValue<'_>) -> Option<Cents> {
        integer(v).filter(|i| *i >= 0).map(Cents)
    }
}

impl ParamValue for MonthDay {
    const EXPECTED: &'static str = "een dag van het jaar als \"--MM-DD\"";
    fn from_toml(v: &DeValue<'_>) -> Option<MonthDay> {
        v.as_str().and_then(MonthDay::parse)
    }
}

/// One value with the period it holds for and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedValue<T> {
    pub period: Period,
    pub value: T,
    pub cite: Citation,
}

/// A parameter: its name (`leerplichtwet.start_age`), unit, meaning and dated values,
/// sorted by start and not overlapping (the loader refuses overlaps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated<T> {
    name: String,
    unit: Unit,
    meaning: String,
    values: Vec<DatedValue<T>>,
}

/// The value valid on a date, with its citation (borrowed: batch runs copy no strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Valued<'a, T> {
    pub value: T,
    pub cite: &'a Citation,
    pub period: Period,
}

impl<T: Copy> Dated<T> {
    pub(crate) fn new(
        name: String,
        unit: Unit,
        meaning: String,
        values: Vec<DatedValue<T>>,
    ) -> Dated<T> {
        Dated {
            name,
            unit,
            meaning,
            values,
        }
    }

    /// The value valid on `on`, or [`RuleError::NoPeriod`] naming this parameter and date.
    #[inline]
    pub fn at(&self, on: Date) -> Result<Valued<'_, T>, RuleError> {
        self.values
            .iter()
            .find(|v| v.period.contains(on))
            .map(|v| Valued {
                value: v.value,
                cite: &v.cite,
                period: v.period,
            })
            .ok_or_else(|| RuleError::NoPeriod {
                param: self.name.clone(),
                on,
            })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn unit(&self) -> Unit {
        self.unit
    }
    pub fn meaning(&self) -> &str {
        &self.meaning
    }
    pub fn values(&self) -> &[DatedValue<T>] {
        &self.values
    }
}
