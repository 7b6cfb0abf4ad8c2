//! Calendar arithmetic the rules share: birthdays, months, school years. Every function
//! returns a `RuleError` naming the input instead of overflowing at the ends of the calendar.

use crate::error::RuleError;
use chrono::Datelike;
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};

/// The day the person born on `birth` turns `years`. Someone born on 29 February turns a
/// year older on 1 March in a common year: the law does not say; this is the common reading
/// (recorded in docs/rules.md and a case).
pub fn birthday(birth: Date, years: u32) -> Result<Date, RuleError> {
    let year = i32::try_from(years)
        .ok()
        .and_then(|y| birth.year().checked_add(y));
    year.and_then(|y| {
        Date::from_ymd_opt(y, birth.month(), birth.day()).or_else(|| {
            let leap_day = birth.month() == 2 && birth.day() == 29;
            leap_day.then(|| Date::from_ymd_opt(y, 3, 1)).flatten()
        })
    })
    .ok_or_else(|| {
        RuleError::invalid(
            "birth_date",
            format!("{birth} plus {years} jaar valt buiten de kalender"),
        )
    })
}

pub(crate) fn first_of_next_month(d: Date) -> Result<Date, RuleError> {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    Date::from_ymd_opt(y, m, 1).ok_or_else(|| out_of_range(d))
}

/// 31 July of the school year containing `d` (WPO art. 1: a school year runs 1 August–31 July).
pub(crate) fn end_of_school_year(d: Date) -> Result<Date, RuleError> {
    year_end(SchoolYear::containing(d), 0, 0)
}

/// The end of school year `sy` moved by `target - done` school years.
pub(crate) fn year_end(sy: SchoolYear, target: u32, done: u32) -> Result<Date, RuleError> {
    let shift = i64::from(target) - i64::from(done);
    let year = i32::try_from(i64::from(sy.0) + shift + 1).ok();
    year.and_then(|y| Date::from_ymd_opt(y, 7, 31))
        .ok_or_else(|| {
            RuleError::invalid(
                "school_years",
                format!("schooljaar {} valt buiten de kalender", sy.label()),
            )
        })
}

pub(crate) fn day_after(d: Date) -> Result<Date, RuleError> {
    d.succ_opt().ok_or_else(|| out_of_range(d))
}

pub(crate) fn day_before(d: Date) -> Result<Date, RuleError> {
    d.pred_opt().ok_or_else(|| out_of_range(d))
}

pub(crate) fn period(start: Date, end: Date) -> Result<Period, RuleError> {
    Period::new(start, Some(end)).map_err(|e| RuleError::invalid("birth_date", e.to_string()))
}

fn out_of_range(d: Date) -> RuleError {
    RuleError::invalid("birth_date", format!("{d} valt buiten de kalender"))
}
