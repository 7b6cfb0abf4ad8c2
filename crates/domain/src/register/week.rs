//! Times in a school week: a class's lesson times, the fixed blocks in which a pupil's care
//! in school time is given, the days a care worker works. Written as a Dutch timetable
//! writes them: `ma 08:30-12:00`, `wo 11:30-12:00`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO weekday, 1 (Monday) to 7 (Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Weekday(u8);

const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

impl Weekday {
    /// Monday to Friday: the days of a school week.
    pub const SCHOOL_DAYS: [Weekday; 5] =
        [Weekday(1), Weekday(2), Weekday(3), Weekday(4), Weekday(5)];

    pub fn iso(self) -> u8 {
        self.0
    }

    /// `ma`, `di`, … `zo`, or the ISO number `1` … `7`.
    pub fn parse(s: &str) -> Result<Weekday, String> {
        let s = s.trim().to_lowercase();
        if let Some(i) = DAYS.iter().position(|d| s == *d) {
            return Ok(Weekday(i as u8 + 1));
        }
        s.parse::<u8>()
            .map_err(|_| format!("'{s}' is geen dag (ma, di, wo, do, vr, za, zo)"))
            .and_then(Weekday::try_from)
    }

    pub fn short(self) -> &'static str {
        DAYS[usize::from(self.0 - 1)]
    }

    pub fn name(self) -> &'static str {
        [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ][usize::from(self.0 - 1)]
    }
}

impl TryFrom<u8> for Weekday {
    type Error = String;
    fn try_from(n: u8) -> Result<Weekday, String> {
        if (1..=7).contains(&n) {
            Ok(Weekday(n))
        } else {
            Err(format!("dag {n} bestaat niet (1 = maandag … 7 = zondag)"))
        }
    }
}

impl From<Weekday> for u8 {
    fn from(d: Weekday) -> u8 {
        d.0
    }
}

/// A block of time on one weekday: from `start` (minutes after midnight) for `minutes`,
/// ending on the same day. Ordered by day, then start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WeekBlock {
    day: Weekday,
    start: u16,
    minutes: u16,
}

impl WeekBlock {
    pub fn new(day: Weekday, start: u16, minutes: u16) -> Result<WeekBlock, String> {
        if minutes == 0 {
            return Err("een blok duurt minstens een minuut".into());
        }
        if u32::from(start) + u32::from(minutes) > 24 * 60 {
            return Err("een blok eindigt op dezelfde dag".into());
        }
        Ok(WeekBlock {
            day,
            start,
            minutes,
        })
    }

    pub fn day(self) -> Weekday {
        self.day
    }
    /// Minutes after midnight.
    pub fn start(self) -> u16 {
        self.start
    }
    pub fn end(self) -> u16 {
        self.start + self.minutes
    }
    pub fn minutes(self) -> u16 {
        self.minutes
    }

    /// Whether `other` lies wholly within this block.
    pub fn contains(self, other: WeekBlock) -> bool {
        self.day == other.day && self.start <= other.start && other.end() <= self.end()
    }

    pub fn overlaps(self, other: WeekBlock) -> bool {
        self.day == other.day && self.start < other.end() && other.start < self.end()
    }

    /// `ma 08:30-12:00` (also `ma 8:30-12:00`, `1 08:30-12:00`).
    pub fn parse(s: &str) -> Result<WeekBlock, String> {
        let s = s.trim();
        let bad = || format!("'{s}' is geen blok (bijv. ma 08:30-12:00)");
        let (day, times) = s.split_once(' ').ok_or_else(bad)?;
        let day = Weekday::parse(day)?;
        let (from, to) = times.trim().split_once('-').ok_or_else(bad)?;
        let (from, to) = (clock(from).ok_or_else(bad)?, clock(to).ok_or_else(bad)?);
        if to <= from {
            return Err(format!("'{s}': het einde ligt niet na het begin"));
        }
        WeekBlock::new(day, from, to - from).map_err(|e| format!("'{s}': {e}"))
    }

    /// A list separated by `;`, sorted; blocks may not overlap.
    pub fn parse_list(s: &str) -> Result<Vec<WeekBlock>, String> {
        let blocks = s
            .split(';')
            .filter(|p| !p.trim().is_empty())
            .map(WeekBlock::parse)
            .collect::<Result<Vec<_>, _>>()?;
        WeekBlock::sorted_apart(blocks)
    }

    /// `blocks` sorted; an error names the first two that overlap.
    pub fn sorted_apart(mut blocks: Vec<WeekBlock>) -> Result<Vec<WeekBlock>, String> {
        blocks.sort();
        if let Some(w) = blocks.windows(2).find(|w| w[0].overlaps(w[1])) {
            return Err(format!("{} en {} overlappen", w[0], w[1]));
        }
        Ok(blocks)
    }
}

/// `08:30` → 510. Hours 0–24, minutes 0–59; 24:00 only as an end.
fn clock(s: &str) -> Option<u16> {
    let (h, m) = s.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && m.to_string().len() <= 2 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

impl fmt::Display for WeekBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(
            f,
            "{} {}-{}",
            self.day.short(),
            hm(self.start),
            hm(self.end())
        )
    }
}

impl TryFrom<String> for WeekBlock {
    type Error = String;
    fn try_from(s: String) -> Result<WeekBlock, String> {
        WeekBlock::parse(&s)
    }
}

impl From<WeekBlock> for String {
    fn from(b: WeekBlock) -> String {
        b.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blocks_read_and_print_as_a_timetable() {
        let b = WeekBlock::parse("wo 8:30-12:00").unwrap();
        assert_eq!((b.day().iso(), b.start(), b.minutes()), (3, 510, 210));
        assert_eq!(b.to_string(), "wo 08:30-12:00");
        assert_eq!(WeekBlock::parse("3 08:30-12:00").unwrap(), b);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"wo 08:30-12:00\"");
        assert_eq!(serde_json::from_str::<WeekBlock>(&json).unwrap(), b);
    }

    #[test]
    fn bad_blocks_say_why() {
        let cases = [
            ("wo 12:00-08:30", "het einde ligt niet na het begin"),
            ("xx 08:30-09:00", "'xx' is geen dag"),
            ("wo 08:30", "is geen blok"),
            ("wo 25:00-26:00", "is geen blok"),
            ("8 08:30-09:00", "dag 8 bestaat niet"),
        ];
        for (input, reason) in cases {
            let err = WeekBlock::parse(input).unwrap_err();
            assert!(err.contains(reason), "{input}: {err}");
        }
        let err = WeekBlock::parse_list("ma 08:30-10:00; ma 09:30-11:00").unwrap_err();
        assert_eq!(err, "ma 08:30-10:00 en ma 09:30-11:00 overlappen");
    }

    #[test]
    fn containment_and_overlap() {
        let day = WeekBlock::parse("ma 08:30-14:30").unwrap();
        assert!(day.contains(WeekBlock::parse("ma 11:30-12:00").unwrap()));
        assert!(!day.contains(WeekBlock::parse("ma 14:00-15:00").unwrap()));
        assert!(!day.contains(WeekBlock::parse("di 11:30-12:00").unwrap()));
    }
}
