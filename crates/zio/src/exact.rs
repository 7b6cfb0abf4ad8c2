//! Exact stage 3 for small schools: branch and bound over the class teams (class by class,
//! every team of the allowed size), bounded by the minimum-cost flow in which the classes
//! not yet decided may use any worker. Proves the cost optimum once stage 1 and stage 2
//! are proven.

use std::time::Instant;

use crate::instance::Index;
use crate::mcf;
use crate::model::Model;

pub(crate) struct Exact<'a> {
    pub ix: &'a Index,
    pub m: &'a Model,
    /// Per class its stage-1 lower bound (team size at least this).
    pub lbs: Vec<u64>,
    pub deadline: Instant,
    pub best_cost: u64,
    pub best_assign: Option<Vec<u32>>,
    pub aborted: bool,
    pub nodes: u64,
    order: Vec<usize>,
    net: mcf::Network,
    lists: Vec<Vec<(u64, Vec<u32>)>>,
    rest: Vec<u64>,
    first_feasible: bool,
    eligible: Vec<Vec<u32>>,
    teams: Vec<Option<Vec<u32>>>,
}

impl<'a> Exact<'a> {
    pub(crate) fn new(
        ix: &'a Index,
        m: &'a Model,
        active: Vec<bool>,
        lbs: Vec<u64>,
        deadline: Instant,
        incumbent: u64,
    ) -> Self {
        let nc = ix.classes.len();
        let mut eligible = vec![Vec::new(); nc];
        for (c, el) in eligible.iter_mut().enumerate() {
            let mut v: Vec<u32> = (0..ix.workers.len())
                .filter(|&w| {
                    active[w]
                        && m.class_units[c].iter().any(|&u| {
                            let un = &m.units[u as usize];
                            let wk = &ix.workers[w];
                            wk.available[usize::from(un.day)]
                                && wk.holds(un.qual)
                                && wk.max_day > 0
                                && wk.max_week > 0
                        })
                })
                .map(|w| w as u32)
                .collect();
            v.sort_by_key(|&w| (ix.workers[w as usize].hourly_cents, w));
            *el = v;
        }
        let mut order: Vec<usize> = (0..nc).filter(|&c| !m.class_units[c].is_empty()).collect();
        order.sort_by_key(|&c| (eligible[c].len(), std::cmp::Reverse(lbs[c])));
        Self {
            net: mcf::Network::new(ix, m, &active),
            ix,
            m,
            lbs,
            deadline,
            best_cost: incumbent,
            best_assign: None,
            aborted: false,
            nodes: 0,
            order,
            lists: vec![Vec::new(); nc],
            rest: Vec::new(),
            first_feasible: false,
            eligible,
            teams: vec![None; nc],
        }
    }

    fn bound(&mut self) -> Option<(u64, Vec<u32>)> {
        self.nodes += 1;
        let teams = &self.teams;
        self.net.solve(&|w, c| match &teams[usize::from(c)] {
            Some(t) => t.contains(&w),
            None => true,
        })
    }

    /// Quick necessary test: the team alone has enough (qualified) workers in each slot.
    fn team_can_cover(&self, c: usize, team: &[u32]) -> bool {
        let m = self.m;
        let mut by_slot: std::collections::BTreeMap<u16, Vec<Option<u16>>> =
            std::collections::BTreeMap::new();
        for &u in &m.class_units[c] {
            let un = &m.units[u as usize];
            by_slot.entry(un.slot).or_default().push(un.qual);
        }
        for (t, quals) in by_slot {
            let day = usize::from(self.ix.slots[usize::from(t)].day);
            let here: Vec<&crate::instance::Worker> = team
                .iter()
                .map(|&w| &self.ix.workers[w as usize])
                .filter(|wk| wk.available[day])
                .collect();
            if here.len() < quals.len() {
                return false;
            }
            let mut qs: Vec<u16> = quals.iter().filter_map(|q| *q).collect();
            qs.sort_unstable();
            qs.dedup();
            for q in qs {
                let need = quals.iter().filter(|x| **x == Some(q)).count();
                if here.iter().filter(|wk| wk.holds(Some(q))).count() < need {
                    return false;
                }
            }
        }
        true
    }

    /// Per class, every team of size `lb..=lb+slack` that can cover the class's slots,
    /// with a fast cost bound (per slot, the cheapest team members present), sorted by it.
    /// Returns false if there are too many teams to enumerate.
    fn enumerate(&mut self, slack: u64) -> bool {
        const MAX_TEAMS: usize = 150_000;
        let mut total = 0usize;
        for &c in &self.order.clone() {
            let el = self.eligible[c].clone();
            let lb = self.lbs[c] as usize;
            let mut list: Vec<(u64, Vec<u32>)> = Vec::new();
            for size in lb.max(1)..=(lb + slack as usize).min(el.len()) {
                let mut idx: Vec<usize> = (0..size).collect();
                loop {
                    total += 1;
                    if total > MAX_TEAMS || Instant::now() >= self.deadline {
                        return false;
                    }
                    let team: Vec<u32> = idx.iter().map(|&k| el[k]).collect();
                    if self.team_can_cover(c, &team) {
                        list.push((self.fast_bound(c, &team), team));
                    }
                    if !next_combination(&mut idx, el.len()) {
                        break;
                    }
                }
            }
            list.sort();
            self.lists[c] = list;
        }
        true
    }

    /// Cost lower bound of serving class `c` with `team` alone: in each slot, its units
    /// need distinct team members present that day, at least the cheapest ones.
    fn fast_bound(&self, c: usize, team: &[u32]) -> u64 {
        let m = self.m;
        let mut per_slot: std::collections::BTreeMap<u16, usize> =
            std::collections::BTreeMap::new();
        for &u in &m.class_units[c] {
            *per_slot.entry(m.units[u as usize].slot).or_default() += 1;
        }
        let mut total = 0;
        let mut rates: Vec<u64> = Vec::with_capacity(team.len());
        for (t, k) in per_slot {
            let sl = &self.ix.slots[usize::from(t)];
            rates.clear();
            rates.extend(
                team.iter()
                    .map(|&w| &self.ix.workers[w as usize])
                    .filter(|wk| wk.available[usize::from(sl.day)])
                    .map(|wk| wk.hourly_cents),
            );
            rates.sort_unstable();
            total += rates
                .iter()
                .take(k)
                .map(|r| r * u64::from(sl.minutes) / 60)
                .sum::<u64>();
        }
        total
    }

    /// Searches every combination of class teams with at most `slack` team members beyond
    /// the per-class bounds. Returns true if the search completed: then `best_cost` is the
    /// optimum over such rosters (or nothing beats the incumbent). With `first_feasible`,
    /// stops at the first roster found.
    pub(crate) fn run(&mut self, slack: u64, first_feasible: bool) -> bool {
        self.first_feasible = first_feasible;
        if !self.enumerate(slack) {
            return false;
        }
        let mut rest = vec![0u64; self.order.len() + 1];
        for i in (0..self.order.len()).rev() {
            let c = self.order[i];
            rest[i] = rest[i + 1] + self.lists[c].first().map_or(0, |x| x.0);
            if self.lists[c].is_empty() {
                return true; // no team can cover this class: nothing to find
            }
        }
        self.rest = rest;
        self.rec(0, slack, 0);
        !self.aborted
    }

    fn rec(&mut self, i: usize, slack: u64, sum: u64) {
        if self.aborted || (self.first_feasible && self.best_assign.is_some()) {
            return;
        }
        if Instant::now() >= self.deadline {
            self.aborted = true;
            return;
        }
        if i == self.order.len() {
            if let Some((cost, assign)) = self.bound()
                && (cost < self.best_cost || self.first_feasible)
            {
                self.best_cost = cost;
                self.best_assign = Some(assign);
            }
            return;
        }
        let c = self.order[i];
        let lb = self.lbs[c] as usize;
        let list = std::mem::take(&mut self.lists[c]);
        for (fb, team) in &list {
            let extra = (team.len().saturating_sub(lb)) as u64;
            if extra > slack {
                continue;
            }
            if !self.first_feasible && sum + fb + self.rest[i + 1] >= self.best_cost {
                break;
            }
            self.teams[c] = Some(team.clone());
            let go = match self.bound() {
                Some((cost, _)) => self.first_feasible || cost < self.best_cost,
                None => false,
            };
            if go {
                self.rec(i + 1, slack - extra, sum + fb);
            }
            self.teams[c] = None;
            if self.aborted || (self.first_feasible && self.best_assign.is_some()) {
                break;
            }
        }
        self.lists[c] = list;
    }
}

pub(crate) fn next_combination(idx: &mut [usize], n: usize) -> bool {
    let size = idx.len();
    let mut k = size;
    while k > 0 {
        k -= 1;
        if idx[k] < n - size + k {
            idx[k] += 1;
            for j in k + 1..size {
                idx[j] = idx[j - 1] + 1;
            }
            return true;
        }
    }
    false
}
