//! Absence (verzuim) for a few dozen demo pupils in school year 2026-2027, on school days
//! of the calendar (`params/schoolkalender.toml`, region zuid for Midden-Brabant) from the
//! first school day up to [`UNTIL`]: illness, late arrivals, leave with its article, and
//! now and then unauthorised absence — one pupil of the demo school with more than 16
//! unauthorised hours in four weeks, so the pages have something to show.

use std::collections::BTreeSet;

use continuum_domain::Date;
use continuum_domain::absence::{Absence, AbsenceKind, LeaveGround};
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::register::Fact;
use continuum_verzuim::{Calendar, Region};

use crate::builder::{Builder, SCHOOL_YEAR, between, chance, date};

/// The last day with absence: the Friday before the day the demo was written for, so the
/// demo stays the same whatever day it is started.
pub(crate) const UNTIL: (i32, u32, u32) = (2026, 11, 20);

/// Pupils of the demo school with absence, and of the other schools.
const AT_DEMO_SCHOOL: usize = 14;
const ELSEWHERE: usize = 26;

/// Adds the absence records to `b.batch.absences`. `demo_school` is the school of the
/// school login. Nothing is added when the calendar cannot be read (it is embedded).
pub(crate) fn add(b: &mut Builder, demo_school: OrgId) {
    let Ok(calendar) = Calendar::embedded() else {
        return;
    };
    let until = date(UNTIL.0, UNTIL.1, UNTIL.2);
    let Ok(days) = calendar.school_days(SCHOOL_YEAR, Region::Zuid, None) else {
        return;
    };
    let days: Vec<Date> = days.into_iter().filter(|d| *d <= until).collect();
    if days.len() < 40 {
        return;
    }
    let mut at_school: Vec<PupilId> = Vec::new();
    let mut elsewhere: Vec<PupilId> = Vec::new();
    for (_, f) in &b.batch.facts {
        if let Fact::Enrolment { school, .. } = f.fact
            && f.period.contains(days[0])
            && f.period.contains(until)
        {
            let list = if school == demo_school {
                &mut at_school
            } else {
                &mut elsewhere
            };
            if !list.contains(&f.pupil) {
                list.push(f.pupil);
            }
        }
    }
    // The truant is leerplichtig (6 or older on the first school day): the report duty
    // of art. 21a is about leerplichtigen, and a younger pupil would raise no signal.
    let truant_pupil = at_school.iter().copied().find(|p| {
        b.batch
            .pupils
            .iter()
            .any(|(id, x)| id == p && age_on(x.birth_date, days[0]) >= 6)
    });
    at_school.truncate(AT_DEMO_SCHOOL);
    if let Some(t) = truant_pupil
        && !at_school.contains(&t)
    {
        at_school.push(t);
    }
    // Spread over the other schools: every n-th pupil.
    let step = (elsewhere.len() / ELSEWHERE).max(1);
    let elsewhere: Vec<PupilId> = elsewhere
        .into_iter()
        .step_by(step)
        .take(ELSEWHERE)
        .collect();
    for pupil in at_school.iter().chain(elsewhere.iter()) {
        let mut taken = BTreeSet::new();
        let mut out = Vec::new();
        if Some(*pupil) == truant_pupil {
            truant(&days, &mut taken, &mut out);
        }
        ordinary(b, &days, &mut taken, &mut out);
        out.sort_by_key(|a: &Absence| a.date);
        b.batch
            .absences
            .extend(out.into_iter().map(|a| (*pupil, a)));
    }
}

/// Whole days unauthorised in the last four weeks: 5 × 5,5 hours = 27,5 hours, well over
/// the 16 hours of the verzuimmelding (Leerplichtwet art. 21a).
fn truant(days: &[Date], taken: &mut BTreeSet<Date>, out: &mut Vec<Absence>) {
    let last = &days[days.len().saturating_sub(18)..];
    for d in last.iter().step_by(3).take(5) {
        taken.insert(*d);
        out.push(Absence {
            date: *d,
            minutes: 330,
            kind: AbsenceKind::Ongeoorloofd,
        });
    }
}

/// Illness, a late arrival or two, sometimes leave and now and then an unauthorised hour.
fn ordinary(b: &mut Builder, days: &[Date], taken: &mut BTreeSet<Date>, out: &mut Vec<Absence>) {
    let n = days.len() as u32;
    let free = |b: &mut Builder, taken: &mut BTreeSet<Date>| -> Option<(usize, Date)> {
        for _ in 0..10 {
            let i = between(&mut b.rng, 0, n - 1) as usize;
            if taken.insert(days[i]) {
                return Some((i, days[i]));
            }
        }
        None
    };
    // Sick: one to three spells of one to three school days.
    for _ in 0..between(&mut b.rng, 0, 3) {
        let Some((start, _)) = free(b, taken) else {
            continue;
        };
        let len = between(&mut b.rng, 1, 3) as usize;
        for (k, d) in days.iter().enumerate().skip(start).take(len) {
            if k > start && !taken.insert(*d) {
                break;
            }
            out.push(Absence {
                date: *d,
                minutes: if chance(&mut b.rng, 70) { 330 } else { 300 },
                kind: AbsenceKind::Ziek,
            });
        }
    }
    for _ in 0..between(&mut b.rng, 0, 3) {
        let Some((_, d)) = free(b, taken) else {
            continue;
        };
        out.push(Absence {
            date: d,
            minutes: between(&mut b.rng, 2, 6) as u16 * 5,
            kind: AbsenceKind::TeLaat,
        });
    }
    if chance(&mut b.rng, 35)
        && let Some((_, d)) = free(b, taken)
    {
        let ground = [
            LeaveGround::Art14,
            LeaveGround::Art11g,
            LeaveGround::Art11e,
            LeaveGround::Art13a,
        ][between(&mut b.rng, 0, 3) as usize];
        out.push(Absence {
            date: d,
            minutes: if ground == LeaveGround::Art14 {
                150
            } else {
                330
            },
            kind: AbsenceKind::Geoorloofd(Some(ground)),
        });
    }
    if chance(&mut b.rng, 20)
        && let Some((_, d)) = free(b, taken)
    {
        out.push(Absence {
            date: d,
            minutes: between(&mut b.rng, 1, 2) as u16 * 60,
            kind: AbsenceKind::Ongeoorloofd,
        });
    }
}

/// Full years of age on `on`.
fn age_on(birth: Date, on: Date) -> u32 {
    on.years_since(birth).unwrap_or(0)
}
