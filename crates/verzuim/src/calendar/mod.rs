//! The school calendar as dated data: school years, school holidays per holiday region
//! (noord, midden, zuid), the public holidays on which schools are closed, and a school's
//! own days off. From it: school days and teaching weeks (lesweken: weeks in which the
//! school teaches, Leerplichtwet art. 21a) for every school year in the data.
//!
//! The national part lives in `params/schoolkalender.toml` and is compiled in
//! ([`Calendar::embedded`]); a date outside the school years of the file is an error
//! ([`CalendarError::OutsideCalendar`]), never a guess.

mod load;

use chrono::Datelike;
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The holiday region of a school (Rijksoverheid: regio noord, midden, zuid); a register
/// fact of its municipality, so it lives in the domain core.
pub use continuum_domain::register::HolidayRegion as Region;

/// A school (location) as the caller numbers it, e.g. the store's row id of a BRIN +
/// vestiging. Only used to find the school's own days off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SchoolCode(pub u32);

/// A school holiday in one region, first and last day inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub name: String,
    pub region: Region,
    pub first: Date,
    pub last: Date,
}

/// A public holiday (or a day all schools are closed) on a weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicHoliday {
    pub date: Date,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The calendar file is refused: `schoolkalender.toml:12: school_year[0].holiday[1].noord: …`.
    #[error("{file}:{line}: {field}: {problem}")]
    File {
        file: String,
        line: usize,
        field: String,
        problem: String,
    },
    #[error("{date} ligt buiten de schoolkalender ({first} t/m {last})")]
    OutsideCalendar { date: Date, first: Date, last: Date },
    #[error("schooljaar {year} staat niet in de schoolkalender")]
    UnknownSchoolYear { year: String },
}

impl CalendarError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            CalendarError::File { .. } => "kalender.ongeldig_bestand",
            CalendarError::OutsideCalendar { .. } => "kalender.buiten_kalender",
            CalendarError::UnknownSchoolYear { .. } => "kalender.onbekend_schooljaar",
        }
    }
}

/// The school calendar: contiguous school years with their holidays and public holidays,
/// plus schools' own days off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    years: Vec<SchoolYear>,
    first: Date,
    last: Date,
    holidays: Vec<Holiday>,
    public: Vec<PublicHoliday>,
    days_off: BTreeMap<SchoolCode, BTreeSet<Date>>,
    policy: String,
    checked_on: Date,
    /// Per calendar year from the first day's year: the day index of 1 January (may be
    /// negative), so a date's index is one lookup plus its ordinal.
    year_base: Vec<i32>,
    /// The index of the last day.
    max_index: i32,
}

/// The calendar file of this build, from `params/` at the root of the repository.
pub const EMBEDDED_FILE: &str = "schoolkalender.toml";
const EMBEDDED: &str = include_str!("../../../../params/schoolkalender.toml");

impl Calendar {
    /// The calendar of this build (`params/schoolkalender.toml`).
    pub fn embedded() -> Result<Calendar, CalendarError> {
        Calendar::from_toml(EMBEDDED_FILE, EMBEDDED)
    }

    /// A calendar from the text of a calendar file; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Calendar, CalendarError> {
        load::parse(file, text)
    }

    /// Adds a school's own days off (studiedagen, margedagen). Every day must lie inside
    /// the calendar; days that are no school day anyway are kept and change nothing.
    pub fn add_days_off(
        &mut self,
        school: SchoolCode,
        days: impl IntoIterator<Item = Date>,
    ) -> Result<(), CalendarError> {
        let mut checked = Vec::new();
        for d in days {
            self.check(d)?;
            checked.push(d);
        }
        self.days_off.entry(school).or_default().extend(checked);
        Ok(())
    }

    /// First and last day of the calendar (1 August of the first school year, 31 July of
    /// the last).
    pub fn period(&self) -> Period {
        Period::new(self.first, Some(self.last)).unwrap_or(Period::from(self.first))
    }

    pub fn school_years(&self) -> &[SchoolYear] {
        &self.years
    }

    pub fn holidays(&self, region: Region) -> impl Iterator<Item = &Holiday> {
        self.holidays.iter().filter(move |h| h.region == region)
    }

    pub fn public_holidays(&self) -> &[PublicHoliday] {
        &self.public
    }

    /// The source the national dates come from and when they were last checked.
    pub fn source(&self) -> (&str, Date) {
        (&self.policy, self.checked_on)
    }

    /// `Ok(())` when `d` lies inside the calendar.
    pub fn check(&self, d: Date) -> Result<(), CalendarError> {
        if d < self.first || d > self.last {
            return Err(CalendarError::OutsideCalendar {
                date: d,
                first: self.first,
                last: self.last,
            });
        }
        Ok(())
    }

    /// Whether the school teaches on `d`: a weekday, not in a school holiday of its region,
    /// not a public holiday, not one of the school's own days off.
    pub fn is_school_day(
        &self,
        d: Date,
        region: Region,
        school: Option<SchoolCode>,
    ) -> Result<bool, CalendarError> {
        self.check(d)?;
        if d.weekday().num_days_from_monday() >= 5 {
            return Ok(false);
        }
        if self.holidays(region).any(|h| h.first <= d && d <= h.last) {
            return Ok(false);
        }
        if self.public.iter().any(|p| p.date == d) {
            return Ok(false);
        }
        let off = school
            .and_then(|s| self.days_off.get(&s))
            .is_some_and(|days| days.contains(&d));
        Ok(!off)
    }

    /// Every school day of `year` for a school in `region` (with its own days off).
    pub fn school_days(
        &self,
        year: SchoolYear,
        region: Region,
        school: Option<SchoolCode>,
    ) -> Result<Vec<Date>, CalendarError> {
        let p = self.year_period(year)?;
        let mut out = Vec::new();
        for d in p.start().iter_days() {
            if Some(d) > p.end() {
                break;
            }
            if self.is_school_day(d, region, school)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// The teaching weeks (lesweken) of `year`: the Monday of every calendar week that has
    /// at least one school day of that school year.
    pub fn teaching_weeks(
        &self,
        year: SchoolYear,
        region: Region,
        school: Option<SchoolCode>,
    ) -> Result<Vec<Date>, CalendarError> {
        let mut weeks: Vec<Date> = Vec::new();
        for d in self.school_days(year, region, school)? {
            let monday = monday_of(d);
            if weeks.last() != Some(&monday) {
                weeks.push(monday);
            }
        }
        Ok(weeks)
    }

    fn year_period(&self, year: SchoolYear) -> Result<Period, CalendarError> {
        if !self.years.contains(&year) {
            return Err(CalendarError::UnknownSchoolYear { year: year.label() });
        }
        Ok(year.period())
    }

    // ---- the day tables the scan works on ----

    /// Number of days in the calendar (index 0 is the first day).
    pub(crate) fn len_days(&self) -> usize {
        usize::try_from((self.last - self.first).num_days() + 1).unwrap_or(0)
    }

    /// The day index of `d` (days since the first day), or `None` outside the calendar.
    #[inline]
    pub(crate) fn index_of(&self, d: Date) -> Option<u16> {
        let y = usize::try_from(d.year() - self.first.year()).ok()?;
        let idx = self.year_base.get(y)? + d.ordinal0() as i32;
        if idx < 0 || idx > self.max_index {
            return None;
        }
        u16::try_from(idx).ok()
    }

    fn year_bases(first: Date, last: Date) -> Vec<i32> {
        (first.year()..=last.year())
            .filter_map(|y| Date::from_ymd_opt(y, 1, 1))
            .map(|jan1| (jan1 - first).num_days() as i32)
            .collect()
    }

    pub(crate) fn date_of(&self, idx: u16) -> Date {
        self.first + chrono::Days::new(u64::from(idx))
    }

    /// Whether some school has days off of its own.
    pub(crate) fn has_days_off(&self, school: SchoolCode) -> bool {
        self.days_off.get(&school).is_some_and(|d| !d.is_empty())
    }

    /// The day table of one school calendar (a region, optionally with a school's days
    /// off), with the luxe-verzuim days for `luxe_days` school days around each holiday.
    pub(crate) fn table(
        &self,
        region: Region,
        school: Option<SchoolCode>,
        luxe_days: u32,
    ) -> DayTable {
        let n = self.len_days();
        let first_wd = self.first.weekday().num_days_from_monday() as usize;
        let mut school_day = vec![false; n];
        for (i, d) in self.first.iter_days().take(n).enumerate() {
            // Inside the calendar by construction.
            school_day[i] = self.is_school_day(d, region, school).unwrap_or(false);
        }
        // ord[i]: school days strictly before day i.
        let mut ord = vec![0u16; n + 1];
        for i in 0..n {
            ord[i + 1] = ord[i] + u16::from(school_day[i]);
        }
        // week[i]: teaching weeks whose Monday lies before day i's Monday.
        let weeks = (n + first_wd).div_ceil(7);
        let mut teaching = vec![false; weeks];
        for i in 0..n {
            if school_day[i] {
                teaching[(i + first_wd) / 7] = true;
            }
        }
        let mut before = vec![0u16; weeks + 1];
        for w in 0..weeks {
            before[w + 1] = before[w] + u16::from(teaching[w]);
        }
        let week: Vec<u16> = (0..n).map(|i| before[(i + first_wd) / 7]).collect();
        let school_days: Vec<u16> = (0..n)
            .filter(|i| school_day[*i])
            .filter_map(|i| u16::try_from(i).ok())
            .collect();
        let mut near_holiday = vec![0u16; n];
        let k = luxe_days as usize;
        for (h_id, h) in self.holidays.iter().enumerate() {
            if h.region != region || h.last < self.first || h.first > self.last {
                continue;
            }
            let id = u16::try_from(h_id + 1).unwrap_or(u16::MAX);
            let start = self
                .index_of(h.first.max(self.first))
                .map_or(0, usize::from);
            let end = self.index_of(h.last.min(self.last)).map_or(0, usize::from);
            // Before: only when the holiday starts inside the calendar.
            if h.first > self.first {
                let b = usize::from(ord[start]);
                for sd in &school_days[b.saturating_sub(k)..b] {
                    near_holiday[usize::from(*sd)] = id;
                }
            }
            if h.last < self.last {
                let a = usize::from(ord[end + 1]);
                let to = (a + k).min(school_days.len());
                for sd in &school_days[a.min(to)..to] {
                    near_holiday[usize::from(*sd)] = id;
                }
            }
        }
        // The school year of each day, as an index into the calendar's years.
        let first_year = self.years.first().map_or(0, |y| y.0);
        let year: Vec<u8> = self
            .first
            .iter_days()
            .take(n)
            .map(|d| u8::try_from(SchoolYear::containing(d).0 - first_year).unwrap_or(u8::MAX))
            .collect();
        DayTable {
            school_day,
            ord,
            week,
            near_holiday,
            year,
            first_weekday: first_wd as u8,
        }
    }

    pub(crate) fn holiday_count(&self) -> usize {
        self.holidays.len()
    }

    pub(crate) fn holiday_name(&self, id: u16) -> Option<&str> {
        let i = usize::from(id).checked_sub(1)?;
        self.holidays.get(i).map(|h| h.name.as_str())
    }
}

/// Per day of the calendar, for one school calendar: is it a school day, its school-day
/// ordinal, its teaching week, the holiday it is next to (for luxe verzuim), its school year.
#[derive(Debug, Clone)]
pub(crate) struct DayTable {
    pub school_day: Vec<bool>,
    /// `ord[i]`: school days before day `i`; two school days are consecutive when their
    /// ordinals differ by one. One longer than the calendar.
    pub ord: Vec<u16>,
    /// The teaching week of day `i` (counted over the whole calendar, so the weeks before
    /// and after a holiday are consecutive).
    pub week: Vec<u16>,
    /// 1 + the index of the holiday this school day is within `luxe_days` of; 0 if none.
    pub near_holiday: Vec<u16>,
    /// School year of day `i`, 0 for the calendar's first.
    pub year: Vec<u8>,
    pub first_weekday: u8,
}

impl DayTable {
    /// Monday = 0.
    #[inline]
    pub fn weekday(&self, idx: u16) -> u8 {
        ((usize::from(self.first_weekday) + usize::from(idx)) % 7) as u8
    }
}

fn monday_of(d: Date) -> Date {
    d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests;
