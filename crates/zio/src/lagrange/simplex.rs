//! The restricted master program of the cutting-plane ascent, solved by a revised primal
//! simplex with an explicit basis inverse.
//!
//! minimise Σ cost·x over the picks gathered so far, such that each class takes one unit
//! of its picks (Σ x = 1) and each limit in the program holds (Σ uses·x ≤ capacity). The
//! duals are the prices: σ per class and λ ≥ 0 per limit. Each limit row has a slack and an
//! overuse column priced at `ceiling`, so the program is always feasible and λ never
//! exceeds the ceiling; each class has a column at a prohibitive cost, so the start basis
//! needs no picks.
//!
//! A general solver re-factorises a basis the size of all the cuts for every cut added
//! (measured with microlp: 8 ms per cut at 650 prices). Here the basis is as large as the
//! rows (classes plus the limits in the program). A new pick is one more column, outside
//! the basis; a new limit is one more row, whose slack (or overuse) column joins the basis,
//! and the explicit inverse grows by one row and column. Either way the next solve starts
//! from the last basis. A limit whose slack is basic and large leaves again on request
//! ([`Master::drop_slack_rows`]), and the inverse shrinks by its row and column. Only
//! the prices matter to the caller, who checks each bound by a full evaluation, so an
//! inexact answer can never make a bound invalid.

use crate::retain_kept;

/// A column: a pick (its base cost and the limits it uses, by price), or the slack or
/// overuse column of a row (no uses). Its entries by row are kept in `Master::rows_of`.
struct Col {
    cost: f64,
    uses: Vec<(u32, f64)>,
}

pub(super) struct Master {
    /// Per row its right-hand side: 1 for a class, the capacity (slightly perturbed
    /// against cycling) for a limit.
    rhs: Vec<f64>,
    /// Per price, its row (`u32::MAX`: not in the program), and per row its price.
    row_of: Vec<u32>,
    price_of: Vec<u32>,
    classes: usize,
    ceiling: f64,
    cols: Vec<Col>,
    /// Per column its entries by row (kept up to date as rows join).
    rows_of: Vec<Vec<(u32, f64)>>,
    /// Per price, the picks that use it (to extend their entries when its row joins).
    users: Vec<Vec<u32>>,
    basic: Vec<bool>,
    /// Per basis position its column (`basis`) and the column's value (`xb`).
    basis: Vec<usize>,
    /// The basis inverse by column: `binv[k][p]` is its entry at position p, row k
    /// (the pivots and the prices run along its columns).
    binv: Vec<Vec<f64>>,
    xb: Vec<f64>,
    /// Per row its slack column (`usize::MAX` for a class).
    slack_of: Vec<usize>,
    /// Where partial pricing goes on.
    next: usize,
    /// Seed of the perturbation.
    seed: u64,
}

/// Slack values above this leave a limit's row out of the program.
const SLACK: f64 = 0.5;
/// Reduced costs below this (in cents) let a column enter.
const ENTER: f64 = 1e-6;
/// Columns priced per block.
const BLOCK: usize = 128;
/// Pivots between two computations of the duals from the inverse.
const REFRESH: usize = 32;
/// Entries of a pivot column below this are treated as zero.
const PIVOT: f64 = 1e-9;

impl Master {
    /// A program for `classes` classes and `prices` prices, none in the program yet.
    pub(super) fn new(classes: usize, prices: usize, ceiling: f64, prohibitive: f64) -> Self {
        let mut m = Self {
            rhs: vec![1.0; classes],
            row_of: vec![u32::MAX; prices],
            price_of: vec![u32::MAX; classes],
            classes,
            ceiling,
            cols: Vec::new(),
            rows_of: Vec::new(),
            users: vec![Vec::new(); prices],
            basic: Vec::new(),
            basis: Vec::new(),
            binv: Vec::new(),
            xb: Vec::new(),
            slack_of: vec![usize::MAX; classes],
            next: 0,
            seed: 0x9e37_79b9_7f4a_7c15,
        };
        for c in 0..classes {
            m.cols.push(Col {
                cost: prohibitive,
                uses: Vec::new(),
            });
            m.rows_of.push(vec![(c as u32, 1.0)]);
            m.basic.push(true);
            m.basis.push(c);
            let mut row = vec![0.0; classes];
            row[c] = 1.0;
            m.binv.push(row);
            m.xb.push(1.0);
        }
        m
    }

    pub(super) fn rows(&self) -> usize {
        self.rhs.len()
    }

    pub(super) fn has(&self, price: usize) -> bool {
        self.row_of[price] != u32::MAX
    }

    fn cost(&self, j: usize) -> f64 {
        self.cols[j].cost
    }

    /// Adds a pick of `class` (it enters at the next solve if it pays).
    pub(super) fn add_pick(&mut self, class: usize, cost: f64, uses: Vec<(u32, f64)>) {
        let j = self.cols.len() as u32;
        let mut entries = vec![(class as u32, 1.0)];
        for &(r, u) in &uses {
            self.users[r as usize].push(j);
            let row = self.row_of[r as usize];
            if row != u32::MAX {
                entries.push((row, u));
            }
        }
        self.rows_of.push(entries);
        self.cols.push(Col { cost, uses });
        self.basic.push(false);
    }

    /// Brings the limit of `price` (capacity `cap`) into the program: a new row whose
    /// slack, or overuse column if the current answer exceeds it, joins the basis.
    pub(super) fn add_row(&mut self, price: usize, cap: f64) {
        if self.has(price) {
            return;
        }
        let row = self.rows();
        self.row_of[price] = row as u32;
        self.price_of.push(price as u32);
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let cap = cap + 1e-7 * (1.0 + (self.seed % 1000) as f64 / 1000.0);
        self.rhs.push(cap);
        // the basic columns' entries in the new row, and the row's use now
        let mut e = Vec::new();
        let mut used = 0.0;
        for (p, &j) in self.basis.iter().enumerate() {
            if let Some(&(_, u)) = self.cols[j].uses.iter().find(|x| x.0 as usize == price) {
                e.push((p, u));
                used += u * self.xb[p];
            }
        }
        let (coef, value) = if used <= cap {
            (1.0, cap - used)
        } else {
            (-1.0, used - cap)
        };
        for &j in &self.users[price] {
            let uses = &self.cols[j as usize].uses;
            if let Some(&(_, u)) = uses.iter().find(|x| x.0 as usize == price) {
                self.rows_of[j as usize].push((row as u32, u));
            }
        }
        let slack = self.cols.len();
        self.slack_of.push(slack);
        self.rows_of.push(vec![(row as u32, 1.0)]);
        self.rows_of.push(vec![(row as u32, -1.0)]);
        self.cols.push(Col {
            cost: 0.0,
            uses: Vec::new(),
        });
        self.cols.push(Col {
            cost: self.ceiling,
            uses: Vec::new(),
        });
        self.basic.push(coef > 0.0);
        self.basic.push(coef < 0.0);
        let entering = if coef > 0.0 { slack } else { slack + 1 };
        // [[B, 0], [e, coef]]⁻¹ = [[B⁻¹, 0], [−e·B⁻¹/coef, 1/coef]]: a new position (the
        // last entry of every column) and a new column
        for col in &mut self.binv {
            let x: f64 = e.iter().map(|&(p, u)| u * col[p]).sum();
            col.push(-x / coef);
        }
        let mut new = vec![0.0; row + 1];
        new[row] = 1.0 / coef;
        self.binv.push(new);
        self.basis.push(entering);
        self.xb.push(value);
    }

    /// Takes out of the program the limits whose slack is basic and above [`SLACK`] (their
    /// price is zero, and they do not bind): the basis shrinks by their rows and slack
    /// positions, and its inverse by their columns and positions (with row r last and its
    /// slack last, B = [[B', 0], [b, 1]] and B⁻¹ = [[B'⁻¹, 0], [−b·B'⁻¹, 1]]). They join
    /// again like any other limit ([`Master::add_row`]) once overused. Returns the indices
    /// of the prices of the limits taken out.
    pub(super) fn drop_slack_rows(&mut self) -> Vec<usize> {
        let m = self.rows();
        let mut pos_of = vec![usize::MAX; self.cols.len()];
        for (p, &j) in self.basis.iter().enumerate() {
            pos_of[j] = p;
        }
        let mut keep_row = vec![true; m];
        let mut keep_pos = vec![true; m];
        let mut dropped = Vec::new();
        for r in self.classes..m {
            let q = pos_of[self.slack_of[r]];
            if q != usize::MAX && self.xb[q] > SLACK {
                keep_row[r] = false;
                keep_pos[q] = false;
                dropped.push(self.price_of[r] as usize);
            }
        }
        if dropped.is_empty() {
            return dropped;
        }
        let mut new_row = vec![u32::MAX; m];
        let mut next = 0u32;
        for (r, &k) in keep_row.iter().enumerate() {
            if k {
                new_row[r] = next;
                next += 1;
            }
        }
        let mut binv = std::mem::take(&mut self.binv);
        retain_kept(&mut binv, &keep_row);
        for col in &mut binv {
            retain_kept(col, &keep_pos);
        }
        self.binv = binv;
        retain_kept(&mut self.xb, &keep_pos);
        for (p, &j) in self.basis.iter().enumerate() {
            if !keep_pos[p] {
                self.basic[j] = false;
            }
        }
        retain_kept(&mut self.basis, &keep_pos);
        retain_kept(&mut self.rhs, &keep_row);
        for (r, &k) in keep_row.iter().enumerate() {
            if r >= self.classes {
                let price = self.price_of[r] as usize;
                self.row_of[price] = if k { new_row[r] } else { u32::MAX };
            }
        }
        retain_kept(&mut self.price_of, &keep_row);
        retain_kept(&mut self.slack_of, &keep_row);
        for entries in &mut self.rows_of {
            entries.retain_mut(|e| {
                e.0 = new_row[e.0 as usize];
                e.0 != u32::MAX
            });
        }
        dropped
    }

    /// Brings in the limits outside the program whose `usage` (by price) exceeds their
    /// capacity `cap`; true if any joined.
    pub(super) fn join_overused(&mut self, usage: &[f64], cap: &[f64]) -> bool {
        let mut joined = false;
        for (r, (&u, &k)) in usage.iter().zip(cap).enumerate() {
            if !self.has(r) && u > k + 1e-6 {
                self.add_row(r, k);
                joined = true;
            }
        }
        joined
    }

    /// The duals: per row, cost of the basis times the inverse.
    fn duals(&self) -> Vec<f64> {
        let m = self.rows();
        let cb: Vec<f64> = self.basis.iter().map(|&j| self.cost(j)).collect();
        let mut pi = vec![0.0; m];
        for (x, col) in pi.iter_mut().zip(&self.binv) {
            *x = col.iter().zip(&cb).map(|(a, c)| a * c).sum();
        }
        pi
    }

    /// Primal simplex pivots (at most `limit`) from the current basis. Returns the
    /// objective reached (the optimum unless the limit cut it short).
    pub(super) fn solve(&mut self, limit: usize) -> f64 {
        // the values and duals afresh from the inverse, against drift
        let mut xb = vec![0.0; self.rows()];
        for (col, &b) in self.binv.iter().zip(&self.rhs) {
            for (x, a) in xb.iter_mut().zip(col) {
                *x += a * b;
            }
        }
        for x in &mut xb {
            *x = x.max(0.0);
        }
        self.xb = xb;
        let mut alpha = vec![0.0; self.rows()];
        let mut pi = self.duals();
        for pivot in 0..limit {
            if pivot % REFRESH == REFRESH - 1 {
                pi = self.duals();
            }
            // partial pricing: the most negative reduced cost in the first block (from
            // where the last search ended) that has one
            let n = self.cols.len();
            let mut enter = None;
            let mut best = -ENTER;
            let mut scanned = 0;
            while scanned < n {
                let j = self.next % n;
                self.next = j + 1;
                scanned += 1;
                if !self.basic[j] {
                    let d = self.cost(j)
                        - self.rows_of[j]
                            .iter()
                            .map(|&(r, a)| pi[r as usize] * a)
                            .sum::<f64>();
                    if d < best {
                        best = d;
                        enter = Some(j);
                    }
                }
                if scanned % BLOCK == 0 && enter.is_some() {
                    break;
                }
            }
            let Some(j) = enter else {
                break;
            };
            alpha.clear();
            alpha.resize(self.rows(), 0.0);
            for &(k, a) in &self.rows_of[j] {
                for (x, b) in alpha.iter_mut().zip(&self.binv[k as usize]) {
                    *x += a * b;
                }
            }
            // ratio test; ties go to the largest pivot
            let mut leave: Option<(usize, f64, f64)> = None;
            for (p, &a) in alpha.iter().enumerate() {
                if a > PIVOT {
                    let t = self.xb[p].max(0.0) / a;
                    if leave.is_none_or(|(_, bt, ba)| t < bt - 1e-12 || (t <= bt + 1e-12 && a > ba))
                    {
                        leave = Some((p, t, a));
                    }
                }
            }
            let Some((p, theta, a)) = leave else {
                // unbounded: impossible in exact arithmetic, as no column costs less than
                // nothing; stop with the basis as it is
                break;
            };
            for (i, x) in self.xb.iter_mut().enumerate() {
                if i != p {
                    *x -= theta * alpha[i];
                }
            }
            self.xb[p] = theta;
            // row p of the inverse over α_p becomes the new row p; the others lose α_i
            // times it. π' = π + d_j · (row p of B⁻¹) / α_p
            for (col, x) in self.binv.iter_mut().zip(pi.iter_mut()) {
                let f = col[p] / a;
                *x += best * f;
                if f != 0.0 {
                    for (y, &al) in col.iter_mut().zip(&alpha) {
                        *y -= al * f;
                    }
                }
                col[p] = f;
            }
            self.basic[self.basis[p]] = false;
            self.basic[j] = true;
            self.basis[p] = j;
        }
        self.basis
            .iter()
            .zip(&self.xb)
            .map(|(&j, &x)| self.cost(j) * x)
            .sum()
    }

    /// The use of every limit (by price, whether in the program or not) by the picks of the
    /// current basis, at their values.
    pub(super) fn usage(&self, out: &mut [f64]) {
        out.fill(0.0);
        for (&j, &x) in self.basis.iter().zip(&self.xb) {
            for &(r, u) in &self.cols[j].uses {
                out[r as usize] += u * x;
            }
        }
    }

    /// The prices of the current basis: λ per price in the program (0 elsewhere), within
    /// [0, ceiling].
    pub(super) fn prices(&self, out: &mut [f64]) {
        let pi = self.duals();
        out.fill(0.0);
        for (row, &p) in self.price_of.iter().enumerate().skip(self.classes) {
            out[p as usize] = (-pi[row]).clamp(0.0, self.ceiling);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Master;

    /// A pick: its class, cost and uses.
    type Pick = (usize, f64, Vec<(u32, f64)>);

    /// The value of the model at prices `lam`: per class its cheapest pick at those prices,
    /// minus the priced capacities.
    fn model_value(picks: &[Pick], cap: &[f64], lam: &[f64]) -> f64 {
        let classes = picks.iter().map(|p| p.0).max().map_or(0, |c| c + 1);
        let mut v: f64 = -cap.iter().zip(lam).map(|(c, l)| c * l).sum::<f64>();
        for c in 0..classes {
            v += picks
                .iter()
                .filter(|p| p.0 == c)
                .map(|p| p.1 + p.2.iter().map(|&(r, u)| u * lam[r as usize]).sum::<f64>())
                .fold(f64::INFINITY, f64::min);
        }
        v
    }

    /// Two classes want the same worker at once (price 0, capacity 1): class 0 can do
    /// without her for 5 more, class 1 for 2 more. The cheapest choice lets class 1 do
    /// without (22), and the price of the shared limit (between 2 and 5) proves it.
    #[test]
    fn the_program_finds_the_cheapest_choice_and_prices_the_shared_limit() {
        let picks = vec![
            (0, 10.0, vec![(0, 1.0)]),
            (0, 15.0, vec![]),
            (1, 10.0, vec![(0, 1.0)]),
            (1, 12.0, vec![]),
        ];
        let mut m = Master::new(2, 1, 100.0, 1e6);
        for (c, cost, uses) in &picks {
            m.add_pick(*c, *cost, uses.clone());
        }
        // without the limit both take the worker
        assert!((m.solve(100) - 20.0).abs() < 1e-6);
        // the limit joins after the picks (the current answer overuses it)
        m.add_row(0, 1.0);
        let value = m.solve(100);
        assert!((value - 22.0).abs() < 1e-5, "{value}");
        let mut lam = [0.0];
        m.prices(&mut lam);
        assert!((2.0 - 1e-6..=5.0 + 1e-6).contains(&lam[0]), "{}", lam[0]);
        assert!((model_value(&picks, &[1.0], &lam) - 22.0).abs() < 1e-5);
    }

    /// Linear-programming duality on random programs: the optimum equals the model's value
    /// at the prices the program returns, whichever order picks and limits join in (and
    /// whether it was solved in between, and limits that did not bind were taken out: the
    /// optimum stays, and once they are back it is the whole program's).
    #[test]
    fn the_optimum_is_the_models_value_at_its_prices() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut taken_out = 0;
        for _ in 0..200 {
            let classes = rng.usize(1..5);
            let prices = rng.usize(1..8);
            let cap: Vec<f64> = (0..prices).map(|_| f64::from(rng.u32(1..3))).collect();
            let mut m = Master::new(classes, prices, 1000.0, 1e7);
            let mut picks = Vec::new();
            let mut dropped = 0;
            for _ in 0..rng.usize(classes..4 * classes + 8) {
                let c = rng.usize(0..classes);
                let mut uses: Vec<(u32, f64)> = Vec::new();
                for r in 0..prices as u32 {
                    if rng.bool() {
                        uses.push((r, f64::from(rng.u32(1..3))));
                    }
                }
                let cost = f64::from(rng.u32(0..500));
                picks.push((c, cost, uses.clone()));
                m.add_pick(c, cost, uses);
                // limits join between the picks, and the program is solved now and then
                if rng.u8(0..4) == 0 {
                    let r = rng.usize(0..prices);
                    m.add_row(r, cap[r]);
                }
                if rng.u8(0..3) == 0 {
                    let v = m.solve(10_000);
                    if rng.bool() {
                        let rows = m.rows();
                        let out = m.drop_slack_rows();
                        assert_eq!(m.rows(), rows - out.len());
                        dropped += out.len();
                        let after = m.solve(10_000);
                        assert!((after - v).abs() < 1e-6, "{v} before, {after} after");
                    }
                }
            }
            // every class has a pick
            for c in 0..classes {
                picks.push((c, 900.0, Vec::new()));
                m.add_pick(c, 900.0, Vec::new());
            }
            for (r, &k) in cap.iter().enumerate() {
                m.add_row(r, k);
            }
            // the same program built at once
            let mut m2 = Master::new(classes, prices, 1000.0, 1e7);
            for (r, &k) in cap.iter().enumerate() {
                m2.add_row(r, k);
            }
            for (c, cost, uses) in &picks {
                m2.add_pick(*c, *cost, uses.clone());
            }
            let value = m2.solve(10_000);
            let mut lam = vec![0.0; prices];
            m2.prices(&mut lam);
            let dual = model_value(&picks, &cap, &lam);
            assert!((value - dual).abs() < 1e-3, "primal {value} dual {dual}");
            // built step by step (the limits taken out joined again above), it reaches the
            // same optimum
            let v1 = m.solve(10_000);
            assert!((v1 - value).abs() < 1e-3, "stepwise {v1}, at once {value}");
            let mut lam1 = vec![0.0; prices];
            m.prices(&mut lam1);
            assert!((model_value(&picks, &cap, &lam1) - value).abs() < 1e-3);
            taken_out += dropped;
        }
        assert!(taken_out > 50, "{taken_out} limits taken out");
    }
}
