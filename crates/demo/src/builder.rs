//! The shared machinery of the generators: a seeded random source, deterministic ids, valid
//! PGNs, and a batch that records are pushed onto in reference order.

use chrono::{Days, Months};
use continuum_domain::Date;
use continuum_domain::ids::{ClassId, FactId, OrgId, PupilId, WorkerId};
use continuum_domain::money::Cents;
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::pgn::{Onderwijsnummer, Pgn, bsn_from_prefix};
use continuum_domain::register::{
    Fact, HoursPerWeek, OrgDetails, Organisation, Pupil, PupilFact, Qualification, SchoolClass,
    SchoolType, WeekBlock, Weekday, Worker,
};
use continuum_store::RegisterBatch;
use fastrand::Rng;

use crate::names;

/// The school year the demo data describes.
pub const SCHOOL_YEAR: SchoolYear = SchoolYear(2026);

pub(crate) fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap_or(Date::MIN)
}

/// `start ..= end`; an end before the start (a generator bug) becomes open-ended.
pub(crate) fn span(start: Date, end: Date) -> Period {
    Period::new(start, Some(end)).unwrap_or(Period::from(start))
}

pub(crate) fn school_year() -> Period {
    SCHOOL_YEAR.period()
}

pub(crate) fn add_years(d: Date, years: u32) -> Date {
    d.checked_add_months(Months::new(12 * years)).unwrap_or(d)
}

/// Index drawn with the given weights; 0 when all weights are 0.
pub(crate) fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut x = rng.u32(0..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len().saturating_sub(1)
}

/// True with probability `percent` / 100.
pub(crate) fn chance(rng: &mut Rng, percent: u32) -> bool {
    rng.u32(0..100) < percent
}

/// Uniform in `lo..=hi`; `lo` when the range is empty.
pub(crate) fn between(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    if hi <= lo { lo } else { rng.u32(lo..=hi) }
}

/// A stream of distinct valid PGNs. Prefixes walk a permutation of their range (a step
/// coprime with the range size), so no number repeats; a prefix without a valid check
/// digit is skipped.
struct PgnSource {
    bsn_i: u64,
    bsn_offset: u64,
    onr_i: u64,
    onr_offset: u64,
}

/// BSN prefixes 10_000_000 ..= 99_999_999; 90_000_000 = 2^7 · 3^2 · 5^7.
const BSN_RANGE: u64 = 90_000_000;
const BSN_STEP: u64 = 7_919_993;
/// Onderwijsnummer prefixes 10_000_000 ..= 19_999_999 (they start with a 1).
const ONR_RANGE: u64 = 10_000_000;
const ONR_STEP: u64 = 3_333_331;

impl PgnSource {
    fn new(rng: &mut Rng) -> PgnSource {
        PgnSource {
            bsn_i: 0,
            bsn_offset: rng.u64(0..BSN_RANGE),
            onr_i: 0,
            onr_offset: rng.u64(0..ONR_RANGE),
        }
    }
    fn bsn(&mut self) -> Option<Pgn> {
        for _ in 0..64 {
            let p = 10_000_000 + (self.bsn_i * BSN_STEP + self.bsn_offset) % BSN_RANGE;
            self.bsn_i += 1;
            if let Some(b) = u32::try_from(p).ok().and_then(bsn_from_prefix) {
                return Some(Pgn::Bsn(b));
            }
        }
        None
    }
    fn onderwijsnummer(&mut self) -> Option<Pgn> {
        for _ in 0..64 {
            let p = 10_000_000 + (self.onr_i * ONR_STEP + self.onr_offset) % ONR_RANGE;
            self.onr_i += 1;
            let found = (0..=9)
                .find_map(|c| Onderwijsnummer::parse(&format!("{p:08}{c}")).ok())
                .map(Pgn::Onderwijsnummer);
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// A batch under construction with its random source.
pub(crate) struct Builder {
    pub rng: Rng,
    pub batch: RegisterBatch,
    pgns: PgnSource,
}

/// What a generated pupil looks like to the code that adds its facts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Born {
    pub id: PupilId,
    pub birth: Date,
    pub age: i32,
}

impl Builder {
    pub fn new(seed: u64) -> Builder {
        let mut rng = Rng::with_seed(seed);
        let pgns = PgnSource::new(&mut rng);
        Builder {
            rng,
            batch: RegisterBatch::default(),
            pgns,
        }
    }

    pub fn org(&mut self, name: impl Into<String>, details: OrgDetails) -> OrgId {
        let id = OrgId::from_u128(self.rng.u128(..));
        self.batch.organisations.push((
            id,
            Organisation {
                name: name.into(),
                details,
                period: Period::from(date(2020, 1, 1)),
            },
        ));
        id
    }

    pub fn class(&mut self, school: OrgId, name: impl Into<String>) -> ClassId {
        let id = ClassId::from_u128(self.rng.u128(..));
        self.batch.classes.push((
            id,
            SchoolClass {
                school,
                school_year: SCHOOL_YEAR,
                name: name.into(),
                lesson_times: lesson_times(),
            },
        ));
        id
    }

    /// A care worker with a Dutch name and the given qualification codes.
    pub fn worker(&mut self, provider: OrgId, qualifications: &[&str]) -> WorkerId {
        let id = WorkerId::from_u128(self.rng.u128(..));
        let name = names::full_name(&mut self.rng);
        let start = date(2020 + self.rng.i32(0..=6), 1 + self.rng.u32(0..12), 1);
        self.batch.workers.push((
            id,
            Worker {
                provider,
                name,
                qualifications: qualifications
                    .iter()
                    .filter_map(|q| Qualification::parse(q).ok())
                    .collect(),
                period: Period::from(start),
                weekdays: if self.rng.u8(0..3) == 0 {
                    Weekday::SCHOOL_DAYS[..4].to_vec()
                } else {
                    Weekday::SCHOOL_DAYS.to_vec()
                },
                max_hours_per_week: Some(HoursPerWeek(100 * between(&mut self.rng, 20, 32))),
                max_hours_per_day: Some(HoursPerWeek(600)),
                hourly_cost: Some(Cents(100 * i64::from(between(&mut self.rng, 54, 68)))),
            },
        ));
        id
    }

    /// A pupil of `age` (on 1 October of the school year) living in `municipality`.
    /// `None` only when the PGN ranges are exhausted (never for realistic sizes).
    pub fn pupil(&mut self, age: i32, municipality: OrgId, insurer: OrgId) -> Option<Born> {
        let id = PupilId::from_u128(self.rng.u128(..));
        let pgn = if chance(&mut self.rng, 2) {
            self.pgns.onderwijsnummer()?
        } else {
            self.pgns.bsn()?
        };
        let (given_name, family_name) = names::pupil_name(&mut self.rng);
        let back = self.rng.u64(0..365);
        let birth = date(SCHOOL_YEAR.0 - age, 10, 1) - Days::new(back);
        // The record is known from the school year the pupil first went to school here
        // (from age 4), at the earliest 2020.
        let first = (SCHOOL_YEAR.0 - age + 4).max(2020);
        let first = self.rng.i32(first.min(SCHOOL_YEAR.0)..=SCHOOL_YEAR.0);
        self.batch.pupils.push((
            id,
            Pupil {
                pgn,
                given_name,
                family_name,
                birth_date: birth,
                municipality,
                insurer: Some(insurer),
                period: Period::from(SchoolYear(first).period().start()),
            },
        ));
        Some(Born { id, birth, age })
    }

    pub fn fact(&mut self, pupil: PupilId, period: Period, fact: Fact) {
        let id = FactId::from_u128(self.rng.u128(..));
        self.batch.facts.push((
            id,
            PupilFact {
                pupil,
                period,
                fact,
            },
        ));
    }
}

/// An age (on 1 October) that fits the school type: SO 4–12, VSO 12–20, PO 4–12,
/// SBO 6–12, VO 12–18; the edges are rarer, and few VSO pupils stay past 18.
pub(crate) fn draw_age(rng: &mut Rng, school_type: SchoolType) -> i32 {
    let (first, weights): (i32, &[u32]) = match school_type {
        SchoolType::So => (4, &[4, 10, 10, 10, 10, 10, 10, 10, 4]),
        SchoolType::Vso => (12, &[6, 10, 10, 10, 10, 9, 6, 3, 1]),
        SchoolType::Po => (4, &[5, 10, 10, 10, 10, 10, 10, 10, 5]),
        SchoolType::Sbo => (6, &[4, 10, 10, 10, 10, 10, 6]),
        SchoolType::Vo => (12, &[8, 10, 10, 10, 10, 6, 2]),
    };
    first + i32::try_from(weighted(rng, weights)).unwrap_or(0)
}

/// The name of class `k` of `n` of a school in the school year, youngest first.
pub(crate) fn class_name(school_type: SchoolType, k: usize, n: usize) -> String {
    let n = n.max(1);
    match school_type {
        SchoolType::So => format!("SO-{}", k + 1),
        SchoolType::Vso => format!("VSO-{}", k + 1),
        SchoolType::Sbo => format!("SBO-{}", k + 1),
        SchoolType::Po if n > 8 => {
            // More classes than groups: parallel classes per group, 3A, 3B, …
            let group = k * 8 / n + 1;
            let letter = (0..k).filter(|&j| j * 8 / n + 1 == group).count();
            let letter = char::from(b'A' + u8::try_from(letter % 26).unwrap_or(0));
            format!("Groep {group}{letter}")
        }
        SchoolType::Po => {
            let (from, to) = (k * 8 / n + 1, (k + 1) * 8 / n);
            if to <= from {
                format!("Groep {from}")
            } else {
                format!("Groep {from}-{to}")
            }
        }
        SchoolType::Vo => {
            let year = k * 6 / n + 1;
            let letter = (0..k).filter(|&j| j * 6 / n + 1 == year).count();
            let letter = char::from(b'A' + u8::try_from(letter % 26).unwrap_or(0));
            format!("Klas {year}{letter}")
        }
    }
}

/// Sizes of `classes` classes drawn from `lo..=hi`.
pub(crate) fn class_sizes(rng: &mut Rng, classes: usize, lo: u32, hi: u32) -> Vec<usize> {
    (0..classes)
        .map(|_| usize::try_from(between(rng, lo, hi)).unwrap_or(0))
        .collect()
}

/// The lesson times of a cluster 3/4 class: four long days and a short Wednesday.
pub(crate) fn lesson_times() -> Vec<WeekBlock> {
    Weekday::SCHOOL_DAYS
        .iter()
        .filter_map(|&day| {
            let minutes = if day.iso() == 3 { 4 * 60 } else { 6 * 60 };
            WeekBlock::new(day, 8 * 60 + 30, minutes).ok()
        })
        .collect()
}

/// `count` half-hour blocks of care within the lesson times of [`lesson_times`], none
/// overlapping the blocks in `taken` (one pupil, one need at a time).
pub(crate) fn care_blocks(
    rng: &mut Rng,
    taken: &mut Vec<WeekBlock>,
    count: usize,
) -> Vec<WeekBlock> {
    let days = lesson_times();
    let mut out = Vec::with_capacity(count);
    for _ in 0..count * 8 {
        if out.len() == count {
            break;
        }
        let Some(day) = days.get(rng.usize(0..days.len().max(1))) else {
            break;
        };
        let halves = day.minutes() / 30;
        let start = day.start() + 30 * rng.u16(0..halves.max(1));
        let Ok(block) = WeekBlock::new(day.day(), start, 30) else {
            continue;
        };
        if taken.iter().all(|t| !t.overlaps(block)) {
            taken.push(block);
            out.push(block);
        }
    }
    out.sort();
    out
}
