//! Per-class lower bound by exhaustion: the smallest team that can serve the class on its
//! own, over the workers left after removing every worker dominated by at least `k`
//! others (such a worker can always be swapped for a free dominating one, so dropping it
//! loses no team of size `k`). Only the teams that pass the cheap necessary tests of
//! [`crate::teams`] get a max-flow check; on 40-pupil schools of three classes, where
//! more than a thousand teams of a size were flow-checked before one served, the first
//! team that passes the tests usually serves.

use std::time::Instant;

use crate::instance::Index;
use crate::mcf::Network;
use crate::model::Model;
use crate::teams::{Next, TeamTests, each_combination};

/// Raises `lb` (a proven bound for class `c`) while no team of that size can serve the
/// class alone. Gives up (returning the bound proven so far) when the candidate teams are
/// too many or the deadline passes.
pub(crate) fn isolated_class_bound(
    ix: &Index,
    m: &Model,
    c: usize,
    usable: &dyn Fn(usize) -> bool,
    lb: u64,
    deadline: Instant,
) -> u64 {
    const MAX_TEAMS: u64 = 20_000;
    let units = &m.class_units[c];
    if units.is_empty() || lb == 0 {
        return lb;
    }
    let sub = m.of_units(units.iter().copied());
    // what matters of a worker for this class alone
    let mut quals: Vec<u16> = sub.units.iter().filter_map(|u| u.qual).collect();
    quals.sort_unstable();
    quals.dedup();
    let n_days = ix.day_iso.len();
    let mut slots_per_day = vec![0u32; n_days];
    let mut seen = vec![false; ix.slots.len()];
    for u in &sub.units {
        if !seen[usize::from(u.slot)] {
            seen[usize::from(u.slot)] = true;
            slots_per_day[usize::from(u.day)] += 1;
        }
    }
    let busy_days: Vec<usize> = (0..n_days).filter(|&d| slots_per_day[d] > 0).collect();
    let max_day_need = slots_per_day.iter().copied().max().unwrap_or(0);
    let total_slots: u32 = slots_per_day.iter().sum();
    struct Prof {
        w: u32,
        quals: Vec<bool>,
        days: Vec<bool>,
        day_cap: u32,
        week_cap: u32,
    }
    let profs: Vec<Prof> = (0..ix.workers.len())
        .filter(|&w| usable(w))
        .map(|w| {
            let wk = &ix.workers[w];
            Prof {
                w: w as u32,
                quals: quals.iter().map(|&q| wk.holds(Some(q))).collect(),
                days: busy_days.iter().map(|&d| wk.available[d]).collect(),
                day_cap: wk.max_day.min(max_day_need),
                week_cap: wk.max_week.min(total_slots),
            }
        })
        .filter(|p| p.day_cap > 0 && p.week_cap > 0 && p.days.iter().any(|&x| x))
        .collect();
    let dominates = |a: &Prof, b: &Prof| {
        a.quals.iter().zip(&b.quals).all(|(x, y)| *x || !*y)
            && a.days.iter().zip(&b.days).all(|(x, y)| *x || !*y)
            && a.day_cap >= b.day_cap
            && a.week_cap >= b.week_cap
    };
    let mut k = lb;
    while k <= lb + 3 {
        let ku = k as usize;
        // keep workers dominated by fewer than k others (ties broken by index)
        let keep: Vec<u32> = profs
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                let n = profs
                    .iter()
                    .enumerate()
                    .filter(|(j, a)| j != i && dominates(a, b) && (!dominates(b, a) || j < i))
                    .count();
                n < ku
            })
            .map(|(_, p)| p.w)
            .collect();
        if keep.len() < ku {
            return k; // cannot even pick k workers: k is not reachable, but stay safe
        }
        let mut active = vec![false; ix.workers.len()];
        for &w in &keep {
            active[w as usize] = true;
        }
        let mut net = Network::new(ix, &sub, &active);
        let mut tried = 0u64;
        let mut found = false;
        let mut given_up = false;
        let mut check = |idx: &[usize]| {
            tried += 1;
            if tried > MAX_TEAMS || Instant::now() >= deadline {
                given_up = true;
                return Next::Stop;
            }
            let team: Vec<u32> = idx.iter().map(|&i| keep[i]).collect();
            if net.solve(&|w, _| team.contains(&w)).is_some() {
                found = true;
                return Next::Stop;
            }
            Next::Continue
        };
        let in_time = match TeamTests::new(ix, m, c, &keep) {
            Some(tests) => tests.each(ku, deadline, &mut check),
            // beyond 128 candidates the tests' masks do not fit: every team is checked
            None => each_combination(keep.len(), ku, &mut check),
        };
        if given_up || !in_time || found {
            return k;
        }
        k += 1;
    }
    k
}
