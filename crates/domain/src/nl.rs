//! Values as a Dutch reader sees them in messages and on pages.

use crate::Date;
use chrono::Datelike;

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "1 juli 2027", as Dutch letters and decisions write a date.
pub fn date(d: Date) -> String {
    // `month0` is 0..=11 for every date chrono can hold.
    let month = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
    format!("{} {} {}", d.day(), month, d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_as_in_a_dutch_letter() {
        let d = |y, m, day| Date::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(date(d(2027, 7, 1)), "1 juli 2027");
        assert_eq!(date(d(2026, 12, 31)), "31 december 2026");
        assert_eq!(date(d(2026, 1, 9)), "9 januari 2026");
    }
}
