//! The planner's model: needs bundled into *units* (one unit = one worker's presence in
//! one class in one slot), the fixed PGB entries, and per-class lower bounds.

use crate::format::Mode;
use crate::instance::Index;

/// One worker's attention in one class and slot: an individual need, or up to G group
/// needs of that class and slot. A provider worker serving it must hold `qual`.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub class: u16,
    pub slot: u16,
    pub day: u8,
    pub qual: Option<u16>,
    pub needs: Vec<u32>,
}

/// A roster entry of a PGB worker (fixed by the instance).
#[derive(Debug, Clone)]
pub(crate) struct PgbEntry {
    pub class: u16,
    pub slot: u16,
    pub pgb: u32,
    pub needs: Vec<u32>,
}

/// A PGB worker's needs that cannot share one entry (an individual need together with
/// another of hers, or more than G group needs in one class and slot).
#[derive(Debug, Clone)]
pub(crate) struct PgbClash {
    pub slot: u16,
    pub pgb: u32,
    pub needs: Vec<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub units: Vec<Unit>,
    /// Units of each class.
    pub class_units: Vec<Vec<u32>>,
    pub pgb_entries: Vec<PgbEntry>,
    pub pgb_clashes: Vec<PgbClash>,
    /// Distinct (class, PGB worker) pairs: a constant of stage 1.
    pub pgb_pairs: u64,
    /// Slots of each day index, in grid order.
    pub day_slots: Vec<Vec<u16>>,
    /// Per class and slot, the proven minimum number of provider workers present.
    pub need_at: Vec<Vec<u32>>,
}

fn ceil_div(a: usize, b: usize) -> usize {
    a.div_ceil(b)
}

pub(crate) fn build(ix: &Index, group_size: usize) -> Model {
    let n_slots = ix.slots.len();
    let g = group_size.max(1);
    // needs per (class, slot)
    let mut at: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); n_slots]; ix.classes.len()];
    let mut pgb_at: std::collections::BTreeMap<(u16, u16, u32), Vec<u32>> =
        std::collections::BTreeMap::new();
    for (ni, n) in ix.needs.iter().enumerate() {
        for &t in &n.slots {
            match n.pgb {
                Some(p) => pgb_at.entry((t, n.class, p)).or_default().push(ni as u32),
                None => at[usize::from(n.class)][usize::from(t)].push(ni as u32),
            }
        }
    }
    let mut units = Vec::new();
    let mut class_units = vec![Vec::new(); ix.classes.len()];
    let mut need_at = vec![vec![0u32; n_slots]; ix.classes.len()];
    for (c, per_slot) in at.iter().enumerate() {
        for (t, list) in per_slot.iter().enumerate() {
            if list.is_empty() {
                continue;
            }
            let day = ix.slots[t].day;
            let mut push = |qual: Option<u16>, needs: Vec<u32>, units: &mut Vec<Unit>| {
                class_units[c].push(units.len() as u32);
                units.push(Unit {
                    class: c as u16,
                    slot: t as u16,
                    day,
                    qual,
                    needs,
                });
            };
            let mut group_q: std::collections::BTreeMap<u16, Vec<u32>> =
                std::collections::BTreeMap::new();
            let mut group_free: Vec<u32> = Vec::new();
            let mut n_ind = 0usize;
            for &ni in list {
                let n = &ix.needs[ni as usize];
                match (n.mode, n.qual) {
                    (Mode::Individual, q) => {
                        n_ind += 1;
                        push(q, vec![ni], &mut units);
                    }
                    (Mode::Group, Some(q)) => group_q.entry(q).or_default().push(ni),
                    (Mode::Group, None) => group_free.push(ni),
                }
            }
            let n_group = group_free.len() + group_q.values().map(Vec::len).sum::<usize>();
            let max_q = group_q
                .values()
                .map(|v| ceil_div(v.len(), g))
                .max()
                .unwrap_or(0);
            need_at[c][t] = (n_ind + ceil_div(n_group, g).max(max_q)) as u32;
            // qualified bundles first, topped up with unqualified group needs
            let mut free = group_free.into_iter();
            for (q, list) in group_q {
                for chunk in list.chunks(g) {
                    let mut needs = chunk.to_vec();
                    while needs.len() < g {
                        match free.next() {
                            Some(x) => needs.push(x),
                            None => break,
                        }
                    }
                    push(Some(q), needs, &mut units);
                }
            }
            let rest: Vec<u32> = free.collect();
            for chunk in rest.chunks(g) {
                push(None, chunk.to_vec(), &mut units);
            }
        }
    }
    let mut pgb_entries = Vec::new();
    let mut pgb_clashes = Vec::new();
    let mut pairs = std::collections::BTreeSet::new();
    for ((t, c, p), needs) in pgb_at {
        pairs.insert((c, p));
        let any_ind = needs
            .iter()
            .any(|&n| ix.needs[n as usize].mode == Mode::Individual);
        if needs.len() > 1 && (any_ind || needs.len() > g) {
            pgb_clashes.push(PgbClash {
                slot: t,
                pgb: p,
                needs: needs.clone(),
            });
        }
        pgb_entries.push(PgbEntry {
            class: c,
            slot: t,
            pgb: p,
            needs,
        });
    }
    let mut day_slots = vec![Vec::new(); ix.day_iso.len()];
    for (t, s) in ix.slots.iter().enumerate() {
        day_slots[usize::from(s.day)].push(t as u16);
    }
    Model {
        units,
        class_units,
        pgb_entries,
        pgb_clashes,
        pgb_pairs: pairs.len() as u64,
        day_slots,
        need_at,
    }
}

impl Model {
    /// The model of just these units (for a flow over some classes on their own).
    pub(crate) fn of_units(&self, units: impl IntoIterator<Item = u32>) -> Model {
        Model {
            units: units
                .into_iter()
                .map(|u| self.units[u as usize].clone())
                .collect(),
            class_units: Vec::new(),
            pgb_entries: Vec::new(),
            pgb_clashes: Vec::new(),
            pgb_pairs: 0,
            day_slots: self.day_slots.clone(),
            need_at: Vec::new(),
        }
    }

    /// Whether bundling group needs into units loses no roster: it puts group needs of
    /// different qualifications into different presences, which is exact unless a worker
    /// holds two of the qualifications asked in one class and slot (she could serve
    /// both in one presence). Generated instances give a worker one qualification.
    pub(crate) fn bundling_exact(&self, ix: &Index) -> bool {
        let mut quals: std::collections::BTreeMap<(u16, u16), Vec<u16>> =
            std::collections::BTreeMap::new();
        for un in &self.units {
            let group = un
                .needs
                .iter()
                .any(|&n| ix.needs[n as usize].mode == Mode::Group);
            if let (true, Some(q)) = (group, un.qual) {
                let v = quals.entry((un.class, un.slot)).or_default();
                if !v.contains(&q) {
                    v.push(q);
                }
            }
        }
        quals.iter().all(|(&(_, t), qs)| {
            let day = usize::from(ix.slots[usize::from(t)].day);
            qs.len() < 2
                || ix.workers.iter().all(|wk| {
                    !wk.available[day] || qs.iter().filter(|&&q| wk.holds(Some(q))).count() < 2
                })
        })
    }

    /// Lower bounds that hold for any bundling of the group needs (see
    /// [`Model::bundling_exact`]): the stage-1 value of the provider workers, from the
    /// presences each class needs at once and its capacity; and the cost, each presence
    /// at the cheapest rate of a worker present that day.
    pub(crate) fn bundling_free_bounds(&self, ix: &Index) -> (u64, u64) {
        let stage1 = (0..self.need_at.len())
            .map(|c| self.class_bound(ix, c, &|_| true))
            .sum();
        let mut cost = 0u64;
        for per_slot in &self.need_at {
            for (t, &k) in per_slot.iter().enumerate() {
                if k == 0 {
                    continue;
                }
                let sl = &ix.slots[t];
                let cheapest = ix
                    .workers
                    .iter()
                    .filter(|w| w.available[usize::from(sl.day)])
                    .map(|w| w.hourly_cents * u64::from(sl.minutes) / 60)
                    .min()
                    .unwrap_or(0);
                cost += u64::from(k) * cheapest;
            }
        }
        (stage1, cost)
    }
    /// The classes with units.
    pub(crate) fn classes_with_units(&self) -> Vec<usize> {
        (0..self.class_units.len())
            .filter(|&c| !self.class_units[c].is_empty())
            .collect()
    }

    /// Proven lower bound on the number of distinct provider workers class `c` needs,
    /// using only the workers for which `usable` is true: the most needed at once in one
    /// slot, and enough weekly and daily capacity among the best workers.
    pub(crate) fn class_bound(&self, ix: &Index, c: usize, usable: &dyn Fn(usize) -> bool) -> u64 {
        let need = &self.need_at[c];
        let peak = need.iter().copied().max().unwrap_or(0) as u64;
        let total: u64 = need.iter().map(|&x| u64::from(x)).sum();
        if total == 0 {
            return 0;
        }
        // per worker: how many of the class's slots with demand she can be present in
        let busy_per_day: Vec<u64> = self
            .day_slots
            .iter()
            .map(|ts| ts.iter().filter(|&&t| need[usize::from(t)] > 0).count() as u64)
            .collect();
        let mut caps = Vec::new();
        let mut day_caps: Vec<Vec<u64>> = vec![Vec::new(); self.day_slots.len()];
        for (w, wk) in ix.workers.iter().enumerate() {
            if !usable(w) {
                continue;
            }
            let mut s = 0;
            for (d, &b) in busy_per_day.iter().enumerate() {
                if wk.available[d] {
                    let x = b.min(u64::from(wk.max_day));
                    s += x;
                    day_caps[d].push(x);
                }
            }
            caps.push(s.min(u64::from(wk.max_week)));
        }
        let smallest_k = |mut v: Vec<u64>, demand: u64| -> u64 {
            v.sort_unstable_by(|a, b| b.cmp(a));
            let mut acc = 0;
            for (k, x) in v.iter().enumerate() {
                if acc >= demand {
                    return k as u64;
                }
                acc += x;
            }
            if acc >= demand {
                v.len() as u64
            } else {
                v.len() as u64 + 1
            }
        };
        let mut lb = peak.max(smallest_k(caps, total));
        for (d, ts) in self.day_slots.iter().enumerate() {
            let demand: u64 = ts.iter().map(|&t| u64::from(need[usize::from(t)])).sum();
            if demand > 0 {
                lb = lb.max(smallest_k(std::mem::take(&mut day_caps[d]), demand));
            }
        }
        lb
    }
}
