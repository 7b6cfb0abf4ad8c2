//! The necessary tests a class team must pass, and the depth-first enumeration of the
//! teams of one size that pass them.
//!
//! A team can serve its class only if, in every slot, enough members are present (with
//! each qualification the slot asks for), and if its members' daily and weekly
//! capacities, capped at what the class can use, add up to the class's demand. These
//! tests are cheap (bit masks and sums) and prune most candidate teams before a flow has
//! to decide: the exact team search keeps the teams that pass them, and the stage-1 class
//! bound flow-checks only those.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::instance::Index;
use crate::model::Model;

/// The tests for one class over a list of at most 128 candidate workers (team members
/// are indices into that list).
pub(crate) struct TeamTests {
    n: usize,
    /// At least `req` members among the candidates of `mask`.
    counts: Vec<(u128, u32)>,
    /// Per capacity: each candidate's share, and the demand the members must reach.
    caps: Vec<(Vec<u32>, u32)>,
    /// Per capacity: the largest share from each candidate on.
    suffix_max: Vec<Vec<u32>>,
}

/// What the visitor of [`TeamTests::each`] wants next.
pub(crate) enum Next {
    Continue,
    Stop,
}

impl TeamTests {
    /// The tests of class `c` over the candidates `el` (global worker indices); `None`
    /// beyond 128 candidates.
    pub(crate) fn new(ix: &Index, m: &Model, c: usize, el: &[u32]) -> Option<Self> {
        let n = el.len();
        if n > 128 {
            return None;
        }
        let bit = |i: usize| 1u128 << i;
        // per slot: units and their qualifications
        let mut per_slot: BTreeMap<u16, Vec<Option<u16>>> = BTreeMap::new();
        for &u in &m.class_units[c] {
            let un = &m.units[u as usize];
            per_slot.entry(un.slot).or_default().push(un.qual);
        }
        let n_days = ix.day_iso.len();
        let mut day_slots = vec![0u32; n_days];
        let mut day_demand = vec![0u32; n_days];
        let mut counts: BTreeMap<u128, u32> = BTreeMap::new();
        for (&t, quals) in &per_slot {
            let d = usize::from(ix.slots[usize::from(t)].day);
            day_slots[d] += 1;
            day_demand[d] += quals.len() as u32;
            let present: u128 = (0..n)
                .filter(|&i| ix.workers[el[i] as usize].available[d])
                .fold(0, |a, i| a | bit(i));
            let e = counts.entry(present).or_default();
            *e = (*e).max(quals.len() as u32);
            let mut qs: Vec<u16> = quals.iter().filter_map(|q| *q).collect();
            qs.sort_unstable();
            qs.dedup();
            for q in qs {
                let k = quals.iter().filter(|x| **x == Some(q)).count() as u32;
                let mask = (0..n)
                    .filter(|&i| {
                        let wk = &ix.workers[el[i] as usize];
                        wk.available[d] && wk.holds(Some(q))
                    })
                    .fold(0, |a, i| a | bit(i));
                let e = counts.entry(mask).or_default();
                *e = (*e).max(k);
            }
        }
        let counts: Vec<(u128, u32)> = counts.into_iter().collect();
        let units_total = m.class_units[c].len() as u32;
        let mut caps: Vec<(Vec<u32>, u32)> = Vec::new();
        let week: Vec<u32> = el
            .iter()
            .map(|&w| {
                let wk = &ix.workers[w as usize];
                let s: u32 = (0..n_days)
                    .filter(|&d| wk.available[d])
                    .map(|d| wk.max_day.min(day_slots[d]))
                    .sum();
                s.min(wk.max_week)
            })
            .collect();
        caps.push((week, units_total));
        for d in 0..n_days {
            if day_demand[d] > 0 {
                let v: Vec<u32> = el
                    .iter()
                    .map(|&w| {
                        let wk = &ix.workers[w as usize];
                        if wk.available[d] {
                            wk.max_day.min(day_slots[d])
                        } else {
                            0
                        }
                    })
                    .collect();
                caps.push((v, day_demand[d]));
            }
        }
        let suffix_max: Vec<Vec<u32>> = caps
            .iter()
            .map(|(v, _)| {
                let mut s = vec![0u32; n + 1];
                for i in (0..n).rev() {
                    s[i] = s[i + 1].max(v[i]);
                }
                s
            })
            .collect();
        Some(Self {
            n,
            counts,
            caps,
            suffix_max,
        })
    }

    /// Visits every team of `size` members (ascending candidate indices, in
    /// lexicographic order) that passes the tests, until the visitor stops. Returns false
    /// if the deadline passed first.
    pub(crate) fn each(
        &self,
        size: usize,
        deadline: Instant,
        visit: &mut dyn FnMut(&[usize]) -> Next,
    ) -> bool {
        let mut st = Dfs {
            t: self,
            size,
            picked: Vec::with_capacity(size),
            sums: vec![0; self.caps.len()],
            visit,
            visits: 0,
            deadline,
            stopped: false,
            late: false,
        };
        if size <= self.n {
            st.dfs(0, 0);
        }
        !st.late
    }
}

/// Visits every `k`-subset of `0..n` in lexicographic order until the visitor stops,
/// without tests (where the candidates are too many for their masks); always true (it
/// has no deadline of its own: the visitor watches it).
pub(crate) fn each_combination(
    n: usize,
    k: usize,
    visit: &mut dyn FnMut(&[usize]) -> Next,
) -> bool {
    if k > n {
        return true;
    }
    let mut idx: Vec<usize> = (0..k).collect();
    loop {
        if let Next::Stop = visit(&idx) {
            return true;
        }
        // the next combination: raise the last index that can rise, reset those after it
        let Some(i) = (0..k).rev().find(|&i| idx[i] < n - k + i) else {
            return true;
        };
        idx[i] += 1;
        for j in i + 1..k {
            idx[j] = idx[j - 1] + 1;
        }
    }
}

struct Dfs<'s> {
    t: &'s TeamTests,
    size: usize,
    picked: Vec<usize>,
    sums: Vec<u32>,
    visit: &'s mut dyn FnMut(&[usize]) -> Next,
    visits: u64,
    deadline: Instant,
    stopped: bool,
    late: bool,
}

impl Dfs<'_> {
    fn dfs(&mut self, start: usize, mask: u128) {
        self.visits += 1;
        if self.visits.is_multiple_of(1024) && Instant::now() >= self.deadline {
            self.late = true;
            self.stopped = true;
            return;
        }
        let t = self.t;
        let r = (self.size - self.picked.len()) as u32;
        let all: u128 = if t.n >= 128 { !0 } else { (1u128 << t.n) - 1 };
        let rest: u128 = if start >= 128 {
            0
        } else {
            (!0u128 << start) & all
        };
        for &(cm, req) in &t.counts {
            let have = (mask & cm).count_ones();
            if have + r.min((rest & cm).count_ones()) < req {
                return;
            }
        }
        for (k, (_, dem)) in t.caps.iter().enumerate() {
            if self.sums[k] + r * t.suffix_max[k][start.min(t.n)] < *dem {
                return;
            }
        }
        if r == 0 {
            if let Next::Stop = (self.visit)(&self.picked) {
                self.stopped = true;
            }
            return;
        }
        for i in start..t.n {
            if t.n - i < r as usize {
                break;
            }
            self.picked.push(i);
            for (k, (v, _)) in t.caps.iter().enumerate() {
                self.sums[k] += v[i];
            }
            self.dfs(i + 1, mask | (1u128 << i));
            for (k, (v, _)) in t.caps.iter().enumerate() {
                self.sums[k] -= v[i];
            }
            self.picked.pop();
            if self.stopped {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::BTreeSet;
    use std::time::{Duration, Instant};

    use super::{Next, TeamTests, each_combination};
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;

    /// The tests are only necessary conditions: every team that can serve its class on
    /// its own (the flow over the class finds a roster) passes them, and is visited once,
    /// in lexicographic order. They do reject teams, or they would prune nothing.
    #[test]
    fn never_drops_a_team_that_serves_its_class() {
        let (mut serving, mut passed, mut all) = (0, 0, 0);
        for seed in 1..4 {
            let inst =
                Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
            let ix = &inst.index;
            let m = crate::model::build(ix, 3);
            let active = vec![true; ix.workers.len()];
            let c = (seed as usize) % ix.classes.len();
            // the class's team in the cheapest roster, then other workers, 11 in all
            let (_, assign) = crate::mcf::min_cost(ix, &m, &active, &|_, _| true).unwrap();
            let mut el: Vec<u32> = Vec::new();
            for &u in &m.class_units[c] {
                let w = assign[u as usize];
                if !el.contains(&w) {
                    el.push(w);
                }
            }
            for w in 0..ix.workers.len() as u32 {
                if el.len() < 11 && !el.contains(&w) {
                    el.push(w);
                }
            }
            el.truncate(11);
            let tests = TeamTests::new(ix, &m, c, &el).unwrap();
            let sub = m.of_units(m.class_units[c].iter().copied());
            let mut net = crate::mcf::Network::new(ix, &sub, &active);
            for size in 1..=7 {
                let mut visited: Vec<Vec<usize>> = Vec::new();
                let far = Instant::now() + Duration::from_secs(3600);
                assert!(tests.each(size, far, &mut |t| {
                    visited.push(t.to_vec());
                    Next::Continue
                }));
                assert!(
                    visited.windows(2).all(|p| p[0] < p[1]),
                    "seed {seed} size {size}"
                );
                let visited: BTreeSet<Vec<usize>> = visited.into_iter().collect();
                let mut every = Vec::new();
                each_combination(el.len(), size, &mut |t| {
                    every.push(t.to_vec());
                    Next::Continue
                });
                for team in every {
                    all += 1;
                    let members: Vec<u32> = team.iter().map(|&i| el[i]).collect();
                    if net.solve(&|w, _| members.contains(&w)).is_some() {
                        serving += 1;
                        assert!(
                            visited.contains(&team),
                            "seed {seed} class {c}: {members:?} serves but fails the tests"
                        );
                    }
                }
                passed += visited.len();
            }
        }
        assert!(
            serving > 0 && passed < all,
            "{serving} serving, {passed} passed of {all}"
        );
    }

    /// A visitor that stops ends the enumeration at once.
    #[test]
    fn a_stop_ends_the_visits() {
        let inst = Instance::from_data(generate(&GenOptions::new(20, 2, 1)).unwrap()).unwrap();
        let ix = &inst.index;
        let m = crate::model::build(ix, 3);
        let el: Vec<u32> = (0..ix.workers.len().min(20) as u32).collect();
        let tests = TeamTests::new(ix, &m, 0, &el).unwrap();
        let far = Instant::now() + Duration::from_secs(3600);
        let mut total = 0;
        tests.each(4, far, &mut |_| {
            total += 1;
            Next::Continue
        });
        let mut seen = 0;
        tests.each(4, far, &mut |_| {
            seen += 1;
            if seen == 2 {
                Next::Stop
            } else {
                Next::Continue
            }
        });
        assert!(total > 2, "{total} teams of four");
        assert_eq!(seen, 2);
    }

    #[test]
    fn every_combination_once_in_order() {
        let mut seen: Vec<Vec<usize>> = Vec::new();
        each_combination(5, 3, &mut |c| {
            seen.push(c.to_vec());
            Next::Continue
        });
        assert_eq!(seen.len(), 10);
        assert!(seen.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(seen.first(), Some(&vec![0, 1, 2]));
        assert_eq!(seen.last(), Some(&vec![2, 3, 4]));
        let mut n = 0;
        each_combination(5, 3, &mut |_| {
            n += 1;
            if n == 4 { Next::Stop } else { Next::Continue }
        });
        assert_eq!(n, 4);
        let mut none = 0;
        each_combination(2, 3, &mut |_| {
            none += 1;
            Next::Continue
        });
        assert_eq!(none, 0, "a set of two has no subset of three");
    }
}
