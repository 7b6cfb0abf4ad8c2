//! Lagrangian bound for stage 3 over candidate class teams.
//!
//! The constraints that tie the classes together (a worker is in one place per slot,
//! her daily and her weekly limit) are priced by non-negative multipliers; then each class
//! independently takes its cheapest candidate team, serving every slot by the cheapest
//! members present (qualified where needed) at the priced rates. For any prices the sum
//! minus the priced capacities is a lower bound on the cost of every roster whose class
//! teams are candidates. The prices start at the optimal duals of a minimum-cost flow
//! (which makes the bound at least that flow's cost) and subgradient steps raise it.

use crate::instance::Index;
use crate::model::Model;

/// Subgradient steps without improvement before the step size halves.
const PATIENCE: usize = 20;

/// One slot of one class: its units' qualifications.
struct SlotNeed {
    t: u16,
    day: u8,
    /// Number of units.
    n: usize,
    /// (qualification, number of units needing it).
    quals: Vec<(u16, usize)>,
}

/// The candidate teams of one class, with per slot the members present.
struct ClassTeams {
    slots: Vec<SlotNeed>,
    /// Per team, per slot: the members present that day (flattened, `stride` apart
    /// per team is not fixed: see `offsets`).
    present: Vec<u32>,
    /// Per team, per slot: start of its members in `present`; one extra at the end.
    offsets: Vec<u32>,
    /// Per team its members (for the relevance of the shared constraints).
    members: Vec<Vec<u32>>,
    /// Per slot: no worker holds two of the slot's qualifications (then the greedy
    /// selection is exact).
    single: Vec<bool>,
}

pub(crate) struct Lagrange<'a> {
    ix: &'a Index,
    ns: usize,
    nd: usize,
    classes: Vec<ClassTeams>,
    base: Vec<f64>,
    pub lam: Vec<f64>,
    pub mu: Vec<f64>,
    pub nu: Vec<f64>,
    /// Scratch: priced rate per (worker, slot) of the current prices.
    price: Vec<f64>,
    /// Which shared constraints can bind at all (given the admissible teams): the others
    /// keep a zero multiplier, which only raises the bound.
    rel_lam: Vec<bool>,
    rel_mu: Vec<bool>,
    rel_nu: Vec<bool>,
}

impl<'a> Lagrange<'a> {
    /// `teams[c]`: the candidate teams of class `c` (worker indices).
    pub(crate) fn new(ix: &'a Index, m: &Model, teams: &[Vec<&[u32]>]) -> Self {
        let ns = ix.slots.len();
        let nd = ix.day_iso.len();
        let nw = ix.workers.len();
        let mut classes = Vec::with_capacity(ix.classes.len());
        for (c, units) in m.class_units.iter().enumerate() {
            let mut per: std::collections::BTreeMap<u16, Vec<Option<u16>>> =
                std::collections::BTreeMap::new();
            for &u in units {
                let un = &m.units[u as usize];
                per.entry(un.slot).or_default().push(un.qual);
            }
            let slots: Vec<SlotNeed> = per
                .into_iter()
                .map(|(t, qs)| {
                    let mut quals: Vec<(u16, usize)> = Vec::new();
                    for q in qs.iter().flatten() {
                        match quals.iter_mut().find(|(x, _)| x == q) {
                            Some(e) => e.1 += 1,
                            None => quals.push((*q, 1)),
                        }
                    }
                    SlotNeed {
                        t,
                        day: ix.slots[usize::from(t)].day,
                        n: qs.len(),
                        quals,
                    }
                })
                .collect();
            let single = slots
                .iter()
                .map(|s| {
                    s.quals.len() <= 1
                        || ix.workers.iter().all(|wk| {
                            s.quals.iter().filter(|(q, _)| wk.holds(Some(*q))).count() <= 1
                        })
                })
                .collect();
            let list = teams.get(c).map_or(&[][..], Vec::as_slice);
            let mut present = Vec::new();
            let mut offsets = Vec::with_capacity(list.len() * slots.len() + 1);
            for team in list {
                for s in &slots {
                    offsets.push(present.len() as u32);
                    present.extend(
                        team.iter()
                            .copied()
                            .filter(|&w| ix.workers[w as usize].available[usize::from(s.day)]),
                    );
                }
            }
            offsets.push(present.len() as u32);
            classes.push(ClassTeams {
                slots,
                present,
                offsets,
                members: list.iter().map(|t| t.to_vec()).collect(),
                single,
            });
        }
        let mut base = vec![0.0; nw * ns];
        for (w, wk) in ix.workers.iter().enumerate() {
            for (t, sl) in ix.slots.iter().enumerate() {
                base[w * ns + t] = (wk.hourly_cents * u64::from(sl.minutes) / 60) as f64;
            }
        }
        Self {
            ix,
            ns,
            nd,
            classes,
            price: base.clone(),
            base,
            lam: vec![0.0; nw * ns],
            mu: vec![0.0; nw * nd],
            nu: vec![0.0; nw],
            rel_lam: vec![true; nw * ns],
            rel_mu: vec![true; nw * nd],
            rel_nu: vec![true; nw],
        }
    }

    /// Marks the shared constraints that can bind when class `c` takes one of `alive[c]`
    /// (for `c` in `classes`): a worker-slot wanted by two classes, a worker-day or
    /// worker-week whose possible use exceeds the limit. Zeroes the other multipliers.
    pub(crate) fn set_relevance(&mut self, classes: &[usize], alive: &[Vec<usize>]) {
        let ix = self.ix;
        let (ns, nd) = (self.ns, self.nd);
        let nw = ix.workers.len();
        let mut use_t = vec![0u32; nw * ns];
        let mut in_class = vec![false; nw];
        for &c in classes {
            let ct = &self.classes[c];
            in_class.fill(false);
            for &ti in &alive[c] {
                for &w in &ct.members[ti] {
                    in_class[w as usize] = true;
                }
            }
            for (w, wk) in ix.workers.iter().enumerate() {
                if !in_class[w] {
                    continue;
                }
                for s in &ct.slots {
                    let free = s.n > s.quals.iter().map(|q| q.1).sum::<usize>();
                    if wk.available[usize::from(s.day)]
                        && (free || s.quals.iter().any(|&(q, _)| wk.holds(Some(q))))
                    {
                        use_t[w * ns + usize::from(s.t)] += 1;
                    }
                }
            }
        }
        let mut day = vec![0u32; nd];
        for (w, wk) in ix.workers.iter().enumerate() {
            day.fill(0);
            for t in 0..ns {
                let u = use_t[w * ns + t];
                self.rel_lam[w * ns + t] = u >= 2;
                day[usize::from(ix.slots[t].day)] += u.min(1);
            }
            let mut week = 0;
            for (d, &x) in day.iter().enumerate() {
                self.rel_mu[w * nd + d] = x > wk.max_day;
                week += x.min(wk.max_day);
            }
            self.rel_nu[w] = week > wk.max_week;
        }
        for (x, &r) in self.lam.iter_mut().zip(&self.rel_lam) {
            if !r {
                *x = 0.0;
            }
        }
        for (x, &r) in self.mu.iter_mut().zip(&self.rel_mu) {
            if !r {
                *x = 0.0;
            }
        }
        for (x, &r) in self.nu.iter_mut().zip(&self.rel_nu) {
            if !r {
                *x = 0.0;
            }
        }
        self.refresh();
    }

    /// Sets the prices (e.g. the duals of a minimum-cost flow).
    pub(crate) fn set_prices(&mut self, lam: Vec<f64>, mu: Vec<f64>, nu: Vec<f64>) {
        self.lam = lam;
        self.mu = mu;
        self.nu = nu;
        self.refresh();
    }

    /// The current prices (to restore later).
    pub(crate) fn prices(&self) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        (self.lam.clone(), self.mu.clone(), self.nu.clone())
    }

    pub(crate) fn restore(&mut self, p: (Vec<f64>, Vec<f64>, Vec<f64>)) {
        self.set_prices(p.0, p.1, p.2);
    }

    fn refresh(&mut self) {
        let ns = self.ns;
        for w in 0..self.ix.workers.len() {
            for t in 0..ns {
                let d = usize::from(self.ix.slots[t].day);
                self.price[w * ns + t] = self.base[w * ns + t]
                    + self.lam[w * ns + t]
                    + self.mu[w * self.nd + d]
                    + self.nu[w];
            }
        }
    }

    /// Priced cost of team `ti` of class `c`; with `sel`, the (worker, slot) pairs it
    /// uses are appended. Infinite if the team cannot staff a slot.
    pub(crate) fn team_cost(
        &self,
        c: usize,
        ti: usize,
        mut sel: Option<&mut Vec<(u32, u16)>>,
    ) -> f64 {
        let ix = self.ix;
        let ct = &self.classes[c];
        let ns = self.ns;
        let mut total = 0.0;
        let mut here_a: [(f64, u32); 16] = [(0.0, 0); 16];
        let mut taken_a = [false; 16];
        // for unusually large teams
        let mut here_v: Vec<(f64, u32)> = Vec::new();
        let mut taken_v: Vec<bool> = Vec::new();
        let nsl = ct.slots.len();
        for (k, s) in ct.slots.iter().enumerate() {
            let a = ct.offsets[ti * nsl + k] as usize;
            let b = ct.offsets[ti * nsl + k + 1] as usize;
            let members = &ct.present[a..b];
            if members.len() < s.n {
                return f64::INFINITY;
            }
            let (h, tk) = if members.len() <= 16 {
                (&mut here_a[..members.len()], &mut taken_a[..members.len()])
            } else {
                here_v.resize(members.len(), (0.0, 0));
                taken_v.resize(members.len(), false);
                (&mut here_v[..], &mut taken_v[..])
            };
            for (x, &w) in h.iter_mut().zip(members) {
                *x = (self.price[w as usize * ns + usize::from(s.t)], w);
            }
            h.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
            tk.fill(false);
            let mut left = s.n;
            if ct.single[k] {
                for &(q, need) in &s.quals {
                    let mut got = 0;
                    for (i, &(p, w)) in h.iter().enumerate() {
                        if got == need {
                            break;
                        }
                        if !tk[i] && ix.workers[w as usize].holds(Some(q)) {
                            tk[i] = true;
                            got += 1;
                            total += p;
                            if let Some(v) = sel.as_deref_mut() {
                                v.push((w, s.t));
                            }
                        }
                    }
                    if got < need {
                        return f64::INFINITY;
                    }
                    left -= need;
                }
            }
            for (i, &(p, w)) in h.iter().enumerate() {
                if left == 0 {
                    break;
                }
                if !tk[i] {
                    tk[i] = true;
                    left -= 1;
                    total += p;
                    if let Some(v) = sel.as_deref_mut() {
                        v.push((w, s.t));
                    }
                }
            }
        }
        total
    }

    /// The priced capacities (subtracted from the classes' sum).
    fn constant(&self) -> f64 {
        let mut k: f64 = self.lam.iter().sum();
        for (w, wk) in self.ix.workers.iter().enumerate() {
            for d in 0..self.nd {
                k += self.mu[w * self.nd + d] * f64::from(wk.max_day);
            }
            k += self.nu[w] * f64::from(wk.max_week);
        }
        k
    }

    /// Per class in `classes`: the cheapest of its admissible teams `alive[c]`, as (team,
    /// priced cost); and the bound.
    pub(crate) fn eval(
        &self,
        classes: &[usize],
        alive: &[Vec<usize>],
    ) -> (f64, Vec<Option<(usize, f64)>>) {
        let mut value = -self.constant();
        let mut pick = vec![None; self.classes.len()];
        for &c in classes {
            let mut best: Option<(usize, f64)> = None;
            for &ti in &alive[c] {
                let v = self.team_cost(c, ti, None);
                if best.is_none_or(|b| v < b.1) {
                    best = Some((ti, v));
                }
            }
            match best {
                Some(b) if b.1.is_finite() => {
                    value += b.1;
                    pick[c] = Some(b);
                }
                _ => value = f64::INFINITY,
            }
        }
        (value, pick)
    }

    /// Like [`Lagrange::ascend`], but the steps only look at each class's `k` cheapest
    /// teams at the starting prices (a working set); the bound returned is a full
    /// evaluation, at the end prices if that is higher than at the start, else at the start.
    pub(crate) fn ascend_working(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        upper: f64,
        iters: usize,
        deadline: std::time::Instant,
        k: usize,
    ) -> f64 {
        if iters <= 1 || classes.iter().all(|&c| alive[c].len() <= k) {
            return self.ascend(classes, alive, upper, iters, deadline).0;
        }
        let (v0, _) = self.eval(classes, alive);
        if !v0.is_finite() || v0 >= upper {
            return v0;
        }
        let mut working: Vec<Vec<usize>> = vec![Vec::new(); alive.len()];
        for &c in classes {
            let mut v: Vec<(f64, usize)> = alive[c]
                .iter()
                .map(|&ti| (self.team_cost(c, ti, None), ti))
                .collect();
            if v.len() > k {
                v.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0));
                v.truncate(k);
            }
            working[c] = v.into_iter().map(|x| x.1).collect();
        }
        let start = self.prices();
        self.ascend(classes, &working, upper, iters - 1, deadline);
        let (v1, _) = self.eval(classes, alive);
        if v1 >= v0 {
            v1
        } else {
            self.restore(start);
            v0
        }
    }

    /// Subgradient ascent from the current prices for at most `iters` evaluations (fewer
    /// once the bound reaches `upper`); the prices end at the best point. Returns the best
    /// bound and the per-class picks there.
    pub(crate) fn ascend(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        upper: f64,
        iters: usize,
        deadline: std::time::Instant,
    ) -> (f64, Vec<Option<(usize, f64)>>) {
        let nw = self.ix.workers.len();
        let ns = self.ns;
        let nd = self.nd;
        let mut best: (f64, Vec<Option<(usize, f64)>>) = (f64::NEG_INFINITY, Vec::new());
        let mut best_prices: Option<(Vec<f64>, Vec<f64>, Vec<f64>)> = None;
        let mut theta = 1.0;
        let mut stale = 0;

        let mut sel = Vec::new();
        let mut x_wt = vec![0i32; nw * ns];
        let mut day = vec![0i32; nd];
        for it in 0..iters {
            let (value, pick) = self.eval(classes, alive);
            if !value.is_finite() {
                return (value, pick);
            }
            if value > best.0 + 1e-9 {
                best = (value, pick.clone());
                if it + 1 < iters {
                    best_prices = Some((self.lam.clone(), self.mu.clone(), self.nu.clone()));
                } else {
                    best_prices = None;
                }
                stale = 0;
            } else {
                stale += 1;
                if stale >= PATIENCE {
                    theta *= 0.5;
                    stale = 0;
                }
            }
            if best.0 >= upper || it + 1 == iters || std::time::Instant::now() >= deadline {
                break;
            }
            sel.clear();
            for &c in classes {
                if let Some((ti, _)) = pick[c] {
                    self.team_cost(c, ti, Some(&mut sel));
                }
            }
            x_wt.fill(0);
            for &(w, t) in &sel {
                x_wt[w as usize * ns + usize::from(t)] += 1;
            }
            // subgradient (zero where the multiplier is zero and the constraint slack)
            let mut norm = 0.0;
            let mut g_lam = vec![0.0; nw * ns];
            let mut g_mu = vec![0.0; nw * nd];
            let mut g_nu = vec![0.0; nw];
            for (w, wk) in self.ix.workers.iter().enumerate() {
                let mut week = 0i32;
                day.fill(0);
                for t in 0..ns {
                    let x = x_wt[w * ns + t];
                    week += x;
                    day[usize::from(self.ix.slots[t].day)] += x;
                    let g = f64::from(x - 1);
                    if self.rel_lam[w * ns + t] && (g > 0.0 || self.lam[w * ns + t] > 0.0) {
                        g_lam[w * ns + t] = g;
                        norm += g * g;
                    }
                }
                for (d, &x) in day.iter().enumerate() {
                    let g = f64::from(x) - f64::from(wk.max_day);
                    if self.rel_mu[w * nd + d] && (g > 0.0 || self.mu[w * nd + d] > 0.0) {
                        g_mu[w * nd + d] = g;
                        norm += g * g;
                    }
                }
                let g = f64::from(week) - f64::from(wk.max_week);
                if self.rel_nu[w] && (g > 0.0 || self.nu[w] > 0.0) {
                    g_nu[w] = g;
                    norm += g * g;
                }
            }
            if norm <= 0.0 {
                break; // the classes' picks respect every shared constraint
            }
            let step = theta * (upper - value).max(1.0) / norm;
            for (x, g) in self.lam.iter_mut().zip(&g_lam) {
                *x = (*x + step * g).max(0.0);
            }
            for (x, g) in self.mu.iter_mut().zip(&g_mu) {
                *x = (*x + step * g).max(0.0);
            }
            for (x, g) in self.nu.iter_mut().zip(&g_nu) {
                *x = (*x + step * g).max(0.0);
            }
            self.refresh();
        }
        if let Some((l, m, n)) = best_prices {
            self.lam = l;
            self.mu = m;
            self.nu = n;
            self.refresh();
        }
        best
    }
}
