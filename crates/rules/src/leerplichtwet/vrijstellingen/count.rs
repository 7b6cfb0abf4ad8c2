//! Leerplichtwet 1969, art. 25 — the municipality reports every year on, among other
//! things, the exemptions of its residents per school year. This counts the register's
//! exemptions per ground for one school year: the pupils with an exemption in force on some
//! day of that year, and of those the pupils that had no exemption on that ground on the
//! last day of the year before (new in the year). A pupil is counted once per ground,
//! however many records it has (a renewal or a re-registration is not a new exemption).

use crate::citation::{Citation, Law};
use continuum_domain::exemption::{Exemption, ExemptionGround};
use continuum_domain::ids::PupilId;
use continuum_domain::period::SchoolYear;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroundCount {
    pub ground: ExemptionGround,
    /// Pupils with an exemption on this ground in force on at least one day of the year.
    pub in_force: u32,
    /// Of those, the pupils without an exemption on this ground on the day before the year.
    pub started: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExemptionCount {
    pub school_year: SchoolYear,
    /// One row per ground, in the order of `ExemptionGround::ALL`, zeros included.
    pub per_ground: Vec<GroundCount>,
    /// Distinct pupils with any exemption in force in the year.
    pub pupils_in_force: u32,
    pub basis: Citation,
}

/// The exemptions per ground in `year`. Filter the register to one municipality first.
pub fn count_per_ground<'a>(
    exemptions: impl IntoIterator<Item = &'a Exemption>,
    year: SchoolYear,
) -> ExemptionCount {
    let span = year.period();
    let mut in_force: Vec<BTreeSet<PupilId>> = vec![BTreeSet::new(); ExemptionGround::ALL.len()];
    let mut before = in_force.clone();
    let eve = span.start().pred_opt().unwrap_or(span.start());
    let mut anyone = BTreeSet::new();
    for ex in exemptions {
        if !ex.period.overlaps(&span) {
            continue;
        }
        let Some(i) = ExemptionGround::ALL.iter().position(|g| *g == ex.ground) else {
            continue;
        };
        in_force[i].insert(ex.pupil);
        anyone.insert(ex.pupil);
        if ex.period.contains(eve) {
            before[i].insert(ex.pupil);
        }
    }
    let started: Vec<usize> = in_force
        .iter()
        .zip(&before)
        .map(|(f, b)| f.difference(b).count())
        .collect();
    let n = |len: usize| u32::try_from(len).unwrap_or(u32::MAX);
    ExemptionCount {
        school_year: year,
        per_ground: ExemptionGround::ALL
            .iter()
            .zip(in_force.iter().zip(&started))
            .map(|(g, (f, s))| GroundCount {
                ground: *g,
                in_force: n(f.len()),
                started: n(*s),
            })
            .collect(),
        pupils_in_force: n(anyone.len()),
        basis: Citation::law(Law::Leerplichtwet, "25", None, None),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests: fail loudly

    use super::*;
    use continuum_domain::Date;
    use continuum_domain::ids::OrgId;
    use continuum_domain::period::Period;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    fn ex(pupil: u128, ground: ExemptionGround, start: Date, end: Option<Date>) -> Exemption {
        Exemption {
            pupil: PupilId::from_u128(pupil),
            municipality: OrgId::from_u128(1),
            ground,
            period: Period::new(start, end).unwrap(),
            notified_on: start,
            renewals: Vec::new(),
            dossier: None,
        }
    }

    #[test]
    fn exemptions_are_counted_per_ground_once_per_pupil() {
        use ExemptionGround::*;
        let register = [
            // In force all year, started the year before.
            ex(1, Art5OnderA, d(2025, 8, 1), None),
            // Same pupil, a second record on the same ground: counted once, not new.
            ex(1, Art5OnderA, d(2026, 9, 1), Some(d(2027, 7, 31))),
            // Started in the year.
            ex(2, Art5OnderA, d(2027, 1, 1), None),
            // Ended on the last day of the year before: not counted.
            ex(3, Art5OnderB, d(2025, 8, 1), Some(d(2026, 7, 31))),
            // Ended on the first day of the year: counted.
            ex(4, Art5OnderC, d(2025, 8, 1), Some(d(2026, 8, 1))),
            // Starts on the first day of the next year: not counted.
            ex(5, Art15, d(2027, 8, 1), None),
            // Pupil 2 also under art. 15 in the year: once per ground, once in the total.
            ex(2, Art15, d(2027, 6, 1), None),
        ];
        let c = count_per_ground(register.iter(), SchoolYear(2026));
        let row = |g| *c.per_ground.iter().find(|r| r.ground == g).unwrap();
        assert_eq!(c.per_ground.len(), 5);
        assert_eq!((row(Art5OnderA).in_force, row(Art5OnderA).started), (2, 1));
        assert_eq!((row(Art5OnderB).in_force, row(Art5OnderB).started), (0, 0));
        assert_eq!((row(Art5OnderC).in_force, row(Art5OnderC).started), (1, 0));
        assert_eq!((row(Art5a).in_force, row(Art5a).started), (0, 0));
        assert_eq!((row(Art15).in_force, row(Art15).started), (1, 1));
        assert_eq!(c.pupils_in_force, 3);
        assert_eq!(c.basis.key(), "BWBR0002628 art. 25");
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["per_ground"][0]["ground"], "5_onder_a");
        assert_eq!(json["school_year"], 2026);
    }
}
