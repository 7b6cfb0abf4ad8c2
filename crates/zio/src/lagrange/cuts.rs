//! Cutting-plane ascent of the Lagrangian dual: Kelley's method, stabilised.
//!
//! For a fixed *pick* (a class's team and the members serving each of its slots) the
//! class's priced cost is linear in the prices: its base cost plus the prices of the
//! (worker, slot), (worker, day) and worker limits it uses. The bound is the sum over the
//! classes of their cheapest pick minus the priced capacities: a concave piecewise-linear
//! function of the prices. Every evaluation yields picks; a linear program over the picks
//! gathered so far (one cut per pick, per class) proposes prices that maximise this model,
//! and the next evaluation is made halfway between those and the best prices so far
//! (Wentges' smoothing), which avoids the wild jumps of plain Kelley.
//!
//! Where the subgradient steps stall well below the dual optimum (their step size is
//! aimed at the incumbent, which can be far above it), this reaches it in a few dozen
//! evaluations. The program only carries the limits whose price is positive already or
//! that the cheapest picks, or the program's answer, overuse, and every few rounds it
//! sheds those whose slack is large (they join again once overused), so it stays small
//! even when hundreds of limits could bind. The evaluations between full ones look at
//! each class's cheapest teams only; the bound returned is always a full evaluation.

use super::simplex::Master;
use super::{Costs, Lagrange, k_cheapest, working_set};
use std::collections::HashSet;
use std::time::Instant;

/// Cuts taken per class from each evaluation (its cheapest picks), and from the first.
const CUTS_PER_ROUND: usize = 3;
const CUTS_FIRST: usize = 20;
/// Weight of the best prices in the next evaluation point (0.8 needed twice the rounds
/// on 40 / 4 seed 19, 0.3 no fewer).
const SMOOTHING: f64 = 0.5;
/// Rounds between two full evaluations.
const REFRESH: usize = 8;
/// Rounds between two takings out of the limits that do not bind.
const DROP_ROUNDS: usize = 5;
/// Simplex pivots per row of the program and solve, at most.
const PIVOTS_PER_ROW: usize = 4;

/// One pick: its base cost and the relevant limits it uses (index into the relevant
/// prices, times used).
struct Cut {
    base: f64,
    uses: Vec<(u32, f64)>,
}

/// Where each limit sits among the relevant prices (`u32::MAX`: not relevant).
struct Relevant {
    lam: Vec<u32>,
    mu: Vec<u32>,
    nu: Vec<u32>,
    /// Per relevant price, the capacity it prices.
    cap: Vec<f64>,
}

impl Lagrange<'_> {
    fn relevant_map(&self) -> Relevant {
        let nw = self.ix.workers.len();
        let mut lam = vec![u32::MAX; nw * self.ns];
        let mut mu = vec![u32::MAX; nw * self.nd];
        let mut nu = vec![u32::MAX; nw];
        let mut cap = Vec::new();
        for &i in &self.lam_idx {
            lam[i as usize] = cap.len() as u32;
            cap.push(1.0);
        }
        for &i in &self.mu_idx {
            mu[i as usize] = cap.len() as u32;
            cap.push(f64::from(self.ix.workers[i as usize / self.nd].max_day));
        }
        for &w in &self.nu_idx {
            nu[w as usize] = cap.len() as u32;
            cap.push(f64::from(self.ix.workers[w as usize].max_week));
        }
        Relevant { lam, mu, nu, cap }
    }

    /// The cut of team `ti` of class `c` at the current prices, or None if the team
    /// cannot staff the class.
    fn cut(&self, rel: &Relevant, c: usize, ti: usize, sel: &mut Vec<(u32, u16)>) -> Option<Cut> {
        sel.clear();
        if !self.team_cost(c, ti, Some(sel)).is_finite() {
            return None;
        }
        // the same selection in the same order whatever the prices, so that a pick seen
        // before is recognised
        sel.sort_unstable();
        let mut base = 0.0;
        let mut uses: Vec<(u32, f64)> = Vec::new();
        for &(w, t) in sel.iter() {
            let (w, t) = (w as usize, usize::from(t));
            base += self.base[w * self.ns + t];
            let d = usize::from(self.ix.slots[t].day);
            for r in [rel.lam[w * self.ns + t], rel.mu[w * self.nd + d], rel.nu[w]] {
                if r != u32::MAX {
                    uses.push((r, 1.0));
                }
            }
        }
        uses.sort_unstable_by_key(|u| u.0);
        uses.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 += b.1;
                true
            } else {
                false
            }
        });
        Some(Cut { base, uses })
    }

    /// Cutting-plane ascent from the current prices over the relevant limits, for at most
    /// `rounds` evaluations and until `deadline`, the evaluations between full ones looking
    /// at each class's `working` cheapest teams; stops once the model proves the centre
    /// optimal (within a cent) or the bound reaches `upper` (asked anew each time: it may
    /// fall while the ascent runs). The prices end at the best fully evaluated point;
    /// returns the bound there.
    pub(crate) fn ascend_cuts(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        upper: &dyn Fn() -> f64,
        (rounds, working): (usize, usize),
        deadline: Instant,
    ) -> f64 {
        let (mut best, first) = self.costs(classes, alive);
        if !best.is_finite() || best >= upper() || rounds == 0 {
            return best;
        }
        let rel = self.relevant_map();
        let n = rel.cap.len();
        let mut center = self.relevant_values();
        // a cap on the prices keeps the program bounded before it has cuts enough (any
        // prices give a valid bound, so the cap only limits how high it can go); the
        // dearest slot has been high enough on every school measured
        let ceiling = self.base.iter().copied().fold(1.0, f64::max);
        // the program's class rows, numbered densely
        let mut class_row = vec![usize::MAX; alive.len()];
        for (k, &c) in classes.iter().enumerate() {
            class_row[c] = k;
        }
        let mut master = Master::new(classes.len(), n, ceiling, 1e3 * (best.abs() + ceiling));
        for (r, &x) in center.iter().enumerate() {
            if x > 0.0 {
                master.add_row(r, rel.cap[r]);
            }
        }
        let mut seen: HashSet<(usize, Vec<(u32, u16)>)> = HashSet::new();
        let mut sel = Vec::new();
        // the cuts of each class's `k` cheapest picks; the limits that the cheapest picks
        // together overuse join the program
        let mut add = |lg: &Self, costs: &Costs, k: usize, master: &mut Master| -> usize {
            let mut added = 0;
            let mut usage = vec![0.0; n];
            for &c in classes {
                let mut list = k_cheapest(&costs[c], k);
                list.retain(|x| x.0.is_finite());
                list.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                for (j, &(_, ti)) in list.iter().enumerate() {
                    let Some(cut) = lg.cut(&rel, c, ti, &mut sel) else {
                        continue;
                    };
                    if j == 0 {
                        for &(r, u) in &cut.uses {
                            usage[r as usize] += u;
                        }
                    }
                    if seen.insert((c, sel.clone())) {
                        master.add_pick(class_row[c], cut.base, cut.uses);
                        added += 1;
                    }
                }
            }
            master.join_overused(&usage, &rel.cap);
            added
        };
        add(self, &first, CUTS_FIRST, &mut master);
        let mut work = working_set(classes, &first, working);
        drop(first);
        let mut best_prices = center.clone();
        // the centre's value on the working set (at least its true value), and whether
        // it was a full evaluation
        let mut center_v = best;
        let mut center_full = true;
        let mut lam = vec![0.0; n];
        let mut usage = vec![0.0; n];
        // the limits taken out of the program (they join again once its answer overuses
        // them, or a query's cheapest picks do)
        let mut out = vec![false; n];
        // the weight of the centre in the next query: none after a round without new cuts
        let mut alpha = SMOOTHING;
        for round in 1..=rounds {
            if Instant::now() >= deadline {
                break;
            }
            let model = loop {
                let v = master.solve(PIVOTS_PER_ROW * master.rows());
                // the limits taken out that the answer overuses join again
                master.usage(&mut usage);
                let mut back = false;
                for (r, o) in out.iter_mut().enumerate() {
                    if !*o {
                        continue;
                    }
                    if master.has(r) {
                        *o = false; // (joined with a query's picks)
                    } else if usage[r] > rel.cap[r] + 1e-6 {
                        master.add_row(r, rel.cap[r]);
                        *o = false;
                        back = true;
                    }
                }
                if !back {
                    break v;
                }
            };
            if round % DROP_ROUNDS == 0 {
                for r in master.drop_slack_rows() {
                    out[r] = true;
                }
            }
            if model <= center_v + 0.5 {
                // the limits outside the program that the program's answer overuses join
                // it: with them the model may rise further
                master.usage(&mut usage);
                if master.join_overused(&usage, &rel.cap) {
                    continue;
                }
                if center_full {
                    break; // within a cent (costs are whole cents) of the model's optimum
                }
                // the working set may miss picks that are cheap at the centre: evaluate it
                // in full, and go on with its cuts
                self.set_relevant_values(&center);
                let (v, costs) = self.costs(classes, alive);
                add(self, &costs, CUTS_PER_ROUND, &mut master);
                work = working_set(classes, &costs, working);
                center_v = v;
                center_full = true;
                if v > best {
                    best = v;
                    best_prices.clone_from(&center);
                    if best >= upper() {
                        break;
                    }
                }
                continue;
            }
            master.prices(&mut lam);
            let query: Vec<f64> = center
                .iter()
                .zip(&lam)
                .map(|(&c, &x)| alpha * c + (1.0 - alpha) * x)
                .collect();
            self.set_relevant_values(&query);
            let mut full = round % REFRESH == 0;
            let (mut v, mut costs) = self.costs(classes, if full { alive } else { &work });
            if !v.is_finite() {
                break;
            }
            if !full && v >= upper() {
                // this may be the bound that closes the node: evaluate it in full
                (v, costs) = self.costs(classes, alive);
                full = true;
            }
            let mut added = add(self, &costs, CUTS_PER_ROUND, &mut master);
            if added == 0 && !full {
                // the working set may miss the picks that are cheap here
                (v, costs) = self.costs(classes, alive);
                full = true;
                added = add(self, &costs, CUTS_PER_ROUND, &mut master);
            }
            // a query that taught the model nothing (evaluated in full) was either smoothed,
            // and the model's optimum itself is queried next, or that optimum, where the
            // model already equals the function: nothing more to learn
            let stalled = added == 0 && alpha == 0.0;
            alpha = if added > 0 { SMOOTHING } else { 0.0 };
            if full {
                work = working_set(classes, &costs, working);
                if v > best {
                    best = v;
                    best_prices.clone_from(&query);
                    if best >= upper() {
                        break;
                    }
                }
            }
            if stalled {
                break;
            }
            if v > center_v {
                center_v = v;
                center = query;
                center_full = full;
            }
        }
        if !center_full {
            self.set_relevant_values(&center);
            let (v, _) = self.costs(classes, alive);
            if v > best {
                best = v;
                best_prices = center;
            }
        }
        self.set_relevant_values(&best_prices);
        best
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;
    use std::time::{Duration, Instant};

    /// With every worker allowed in every class, the dual optimum is the cost of the
    /// minimum-cost flow (the relaxation is the flow's own linear program). From zero
    /// prices, far below it, the cutting planes reach it within a cent; the bound never
    /// exceeds it.
    #[test]
    fn from_zero_prices_the_cuts_reach_the_dual_optimum() {
        for seed in 1..4 {
            let data = generate(&GenOptions::new(30, 3, seed)).unwrap();
            let inst = Instance::from_data(data).unwrap();
            let ix = &inst.index;
            let m = crate::model::build(ix, 3);
            let active = vec![true; ix.workers.len()];
            let (cost, _) = crate::mcf::min_cost(ix, &m, &active, &|_, _| true).unwrap();
            let all: Vec<u32> = (0..ix.workers.len() as u32).collect();
            let teams: Vec<Vec<&[u32]>> = (0..ix.classes.len()).map(|_| vec![&all[..]]).collect();
            let mut lg = super::Lagrange::new(ix, &m, &teams);
            let classes: Vec<usize> = (0..ix.classes.len()).collect();
            let alive: Vec<Vec<usize>> = classes.iter().map(|_| vec![0]).collect();
            lg.set_relevance(&classes, &alive);
            let (start, _) = lg.eval(&classes, &alive);
            let deadline = Instant::now() + Duration::from_secs(60);
            let bound = lg.ascend_cuts(&classes, &alive, &|| f64::INFINITY, (500, 100), deadline);
            let cost = cost as f64;
            assert!(
                start < cost - 1000.0,
                "seed {seed}: starts at {start}, optimum {cost}"
            );
            assert!(bound <= cost + 1e-3, "seed {seed}: {bound} > {cost}");
            assert!(bound >= cost - 1.0, "seed {seed}: {bound} < {cost}");
            // the prices end where the bound was found
            let (again, _) = lg.eval(&classes, &alive);
            assert!((again - bound).abs() < 1e-6);
        }
    }

    /// With more teams per class than the working set holds (400 random teams of three
    /// quarters of the workers: of one size, as in the search, so that no team is cheaper
    /// at all prices for having more members; a working set of 3), the bound returned is
    /// the full evaluation at the prices left, and it rises from the start.
    #[test]
    fn beyond_the_working_set_the_bound_is_a_full_evaluation() {
        let (mut checked, mut rose) = (0, 0);
        let mut rng = fastrand::Rng::with_seed(11);
        for seed in 1..12 {
            let data = generate(&GenOptions::new(30, 3, seed)).unwrap();
            let inst = Instance::from_data(data).unwrap();
            let ix = &inst.index;
            let nw = ix.workers.len() as u32;
            let m = crate::model::build(ix, 3);
            let size = (nw as usize * 3).div_ceil(4);
            let teams = crate::lagrange::tests::random_teams(&mut rng, nw, 400, |_| size);
            let (mut lg, classes, alive) =
                crate::lagrange::tests::same_teams_for_every_class(ix, &m, &teams);
            let (start, _) = lg.eval(&classes, &alive);
            if !start.is_finite() {
                continue; // no random team can staff some class
            }
            checked += 1;
            let deadline = Instant::now() + Duration::from_secs(60);
            let bound = lg.ascend_cuts(&classes, &alive, &|| f64::INFINITY, (200, 3), deadline);
            let (again, _) = lg.eval(&classes, &alive);
            assert!(
                (again - bound).abs() < 1e-6,
                "seed {seed}: {bound} but {again} at its prices"
            );
            assert!(
                bound >= start - 1e-6,
                "seed {seed}: {bound} below the start {start}"
            );
            if bound > start + 1.0 {
                rose += 1;
            }
        }
        assert!(checked >= 3, "only {checked} schools checked");
        assert!(rose >= 2, "the bound rose on {rose} schools only");
    }
}
