//! The assignment of units to provider workers, kept always valid, with exact
//! augmenting-path repair (the problem for fixed class teams is a max-flow problem:
//! worker → worker-day → worker-slot → unit), and the stage-1 local search on top of it.

use crate::instance::Index;
use crate::model::Model;

pub(crate) const NONE: u32 = u32::MAX;

/// Which (worker, class) pairs a repair may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Allow {
    /// Every active worker in every class.
    All,
    /// Only pairs already in use, plus `extra`.
    Used,
}

pub(crate) struct State<'a> {
    pub ix: &'a Index,
    pub m: &'a Model,
    pub n_slots: usize,
    pub n_days: usize,
    pub n_classes: usize,
    /// Candidate workers per unit (qualified, available that day, active), in preference order.
    pub cand: Vec<Vec<u32>>,
    pub assign: Vec<u32>,
    occ: Vec<u32>,
    day_used: Vec<u16>,
    week_used: Vec<u16>,
    pub pair: Vec<u16>,
    pub team: Vec<u32>,
    pub pairs_total: u64,
    pub unassigned: usize,
    // repair scratch
    pub allow: Allow,
    pub extra: Vec<(u32, u16)>,
    pub forbid: Option<(u32, u16)>,
    journal: Vec<(u32, u32)>,
    stamp: u32,
    seen: Vec<u32>,
    wseen: Vec<u32>,
    parent: Vec<(u32, u32)>,
    queue: Vec<u32>,
}

impl<'a> State<'a> {
    pub(crate) fn new(ix: &'a Index, m: &'a Model, active: Vec<bool>) -> Self {
        let n_slots = ix.slots.len();
        let n_days = ix.day_iso.len();
        let n_classes = ix.classes.len();
        let nw = ix.workers.len();
        let cand = m
            .units
            .iter()
            .map(|u| {
                let mut v: Vec<u32> = (0..nw)
                    .filter(|&w| {
                        let wk = &ix.workers[w];
                        active[w]
                            && wk.available[usize::from(u.day)]
                            && wk.holds(u.qual)
                            && wk.max_day > 0
                            && wk.max_week > 0
                    })
                    .map(|w| w as u32)
                    .collect();
                // unqualified units prefer workers without qualifications (keep the
                // scarce qualified ones free), then cheaper ones
                v.sort_by_key(|&w| {
                    let wk = &ix.workers[w as usize];
                    (
                        usize::from(u.qual.is_none()) * wk.quals.len(),
                        wk.hourly_cents,
                    )
                });
                v
            })
            .collect();
        let nu = m.units.len();
        State {
            ix,
            m,
            n_slots,
            n_days,
            n_classes,
            cand,
            assign: vec![NONE; nu],
            occ: vec![NONE; nw * n_slots],
            day_used: vec![0; nw * n_days],
            week_used: vec![0; nw],
            pair: vec![0; nw * n_classes],
            team: vec![0; n_classes],
            pairs_total: 0,
            unassigned: nu,
            allow: Allow::All,
            extra: Vec::new(),
            forbid: None,
            journal: Vec::new(),
            stamp: 0,
            seen: vec![0; nu],
            wseen: vec![0; nw],
            parent: vec![(NONE, NONE); nu],
            queue: Vec::new(),
        }
    }

    #[inline]
    pub(crate) fn occ(&self, w: u32, t: u16) -> u32 {
        self.occ[w as usize * self.n_slots + usize::from(t)]
    }

    #[inline]
    pub(crate) fn pair_count(&self, w: u32, c: u16) -> u16 {
        self.pair[w as usize * self.n_classes + usize::from(c)]
    }

    #[inline]
    fn allowed(&self, w: u32, c: u16) -> bool {
        if self.forbid == Some((w, c)) {
            return false;
        }
        match self.allow {
            Allow::All => true,
            Allow::Used => self.pair_count(w, c) > 0 || self.extra.contains(&(w, c)),
        }
    }

    fn day_room(&self, w: u32, d: u8) -> bool {
        u32::from(self.day_used[w as usize * self.n_days + usize::from(d)])
            < self.ix.workers[w as usize].max_day
    }

    fn week_room(&self, w: u32) -> bool {
        u32::from(self.week_used[w as usize]) < self.ix.workers[w as usize].max_week
    }

    fn unhook(&mut self, u: u32) {
        let w = self.assign[u as usize];
        if w == NONE {
            return;
        }
        let un = &self.m.units[u as usize];
        let (t, d, c) = (un.slot, un.day, un.class);
        self.occ[w as usize * self.n_slots + usize::from(t)] = NONE;
        self.day_used[w as usize * self.n_days + usize::from(d)] -= 1;
        self.week_used[w as usize] -= 1;
        let p = &mut self.pair[w as usize * self.n_classes + usize::from(c)];
        *p -= 1;
        if *p == 0 {
            self.team[usize::from(c)] -= 1;
            self.pairs_total -= 1;
        }
        self.assign[u as usize] = NONE;
        self.unassigned += 1;
    }

    /// Moves unit `u` to worker `w` (or unassigns it for `NONE`), logging the change.
    /// Refuses (returns false, nothing changed) if `w` is busy in that slot or full.
    pub(crate) fn set(&mut self, u: u32, w: u32) -> bool {
        let old = self.assign[u as usize];
        if old == w {
            return true;
        }
        if w != NONE {
            let un = &self.m.units[u as usize];
            let (t, d) = (un.slot, un.day);
            if self.occ(w, t) != NONE {
                return false;
            }
            // room is checked after removing u from its old worker (may be the same day)
            self.unhook(u);
            if !self.day_room(w, d) || !self.week_room(w) {
                if old != NONE {
                    self.hook(u, old);
                }
                return false;
            }
            self.hook(u, w);
        } else {
            self.unhook(u);
        }
        self.journal.push((u, old));
        true
    }

    fn hook(&mut self, u: u32, w: u32) {
        let un = &self.m.units[u as usize];
        let (t, d, c) = (un.slot, un.day, un.class);
        self.occ[w as usize * self.n_slots + usize::from(t)] = u;
        self.day_used[w as usize * self.n_days + usize::from(d)] += 1;
        self.week_used[w as usize] += 1;
        let p = &mut self.pair[w as usize * self.n_classes + usize::from(c)];
        *p += 1;
        if *p == 1 {
            self.team[usize::from(c)] += 1;
            self.pairs_total += 1;
        }
        self.assign[u as usize] = w;
        self.unassigned -= 1;
    }

    pub(crate) fn mark(&self) -> usize {
        self.journal.len()
    }

    pub(crate) fn rollback(&mut self, mark: usize) {
        while self.journal.len() > mark {
            let Some((u, old)) = self.journal.pop() else {
                break;
            };
            self.unhook(u);
            if old != NONE {
                self.hook(u, old);
            }
        }
    }

    pub(crate) fn commit(&mut self) {
        self.journal.clear();
    }

    /// Finds a worker for the unassigned unit `u0`, moving other units along an
    /// augmenting path if needed (never unassigning any). Returns false if impossible
    /// under the current [`Allow`] rule (then nothing changed).
    pub(crate) fn augment(&mut self, u0: u32) -> bool {
        if self.assign[u0 as usize] != NONE {
            return true;
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.wseen.fill(0);
            self.stamp = 1;
        }
        let st = self.stamp;
        self.queue.clear();
        self.queue.push(u0);
        self.seen[u0 as usize] = st;
        let mut head = 0;
        while head < self.queue.len() {
            let x = self.queue[head];
            head += 1;
            let cur = self.assign[x as usize];
            let (t, d, c) = {
                let un = &self.m.units[x as usize];
                (un.slot, un.day, un.class)
            };
            for i in 0..self.cand[x as usize].len() {
                let w = self.cand[x as usize][i];
                if w == cur || !self.allowed(w, c) {
                    continue;
                }
                let y = self.occ(w, t);
                if y != NONE {
                    if self.seen[y as usize] != st {
                        self.seen[y as usize] = st;
                        self.parent[y as usize] = (x, w);
                        self.queue.push(y);
                    }
                    continue;
                }
                let dr = self.day_room(w, d);
                let wr = self.week_room(w);
                if dr && wr {
                    let mark = self.mark();
                    if self.apply(x, w, u0) {
                        return true;
                    }
                    self.rollback(mark);
                    continue;
                }
                if self.wseen[w as usize] == st {
                    continue;
                }
                self.wseen[w as usize] = st;
                // w must give up another unit: on the same day (day full) or any day
                let slots: &[u16] = if dr {
                    &[]
                } else {
                    &self.m.day_slots[usize::from(d)]
                };
                let range: Vec<u16> = if dr {
                    (0..self.n_slots as u16).collect()
                } else {
                    slots.to_vec()
                };
                for t2 in range {
                    let y = self.occ(w, t2);
                    if y != NONE && self.seen[y as usize] != st {
                        self.seen[y as usize] = st;
                        self.parent[y as usize] = (x, w);
                        self.queue.push(y);
                    }
                }
            }
        }
        false
    }

    fn apply(&mut self, mut x: u32, mut w: u32, root: u32) -> bool {
        loop {
            if !self.set(x, w) {
                return false;
            }
            if x == root {
                return true;
            }
            let (px, pw) = self.parent[x as usize];
            x = px;
            w = pw;
        }
    }

    /// Removes every unit of class `c` from worker `w` and repairs with the pairs in use
    /// (without `(w, c)`). On failure everything is restored.
    pub(crate) fn eliminate(&mut self, w: u32, c: u16, extra: &[(u32, u16)]) -> bool {
        let mark = self.mark();
        let saved_allow = self.allow;
        self.allow = Allow::Used;
        self.extra.clear();
        self.extra.extend_from_slice(extra);
        self.forbid = Some((w, c));
        let mut freed = Vec::new();
        for &u in &self.m.class_units[usize::from(c)] {
            if self.assign[u as usize] == w {
                freed.push(u);
            }
        }
        for &u in &freed {
            self.set(u, NONE);
        }
        let mut ok = true;
        for &u in &freed {
            if !self.augment(u) {
                ok = false;
                break;
            }
        }
        if !ok {
            self.rollback(mark);
        }
        self.forbid = None;
        self.extra.clear();
        self.allow = saved_allow;
        ok
    }

    /// Pairs `(worker, class)` not in use that would have completed the last failed
    /// repair: a worker free in the slot of a unit the search reached, with room that day.
    pub(crate) fn missing_pairs(&self) -> Vec<(u32, u16)> {
        let mut out = Vec::new();
        for &y in &self.queue {
            let un = &self.m.units[y as usize];
            for &w in &self.cand[y as usize] {
                if self.pair_count(w, un.class) == 0
                    && self.occ(w, un.slot) == NONE
                    && self.day_room(w, un.day)
                    && self.week_room(w)
                    && !out.contains(&(w, un.class))
                {
                    out.push((w, un.class));
                }
            }
        }
        out
    }

    pub(crate) fn week_used(&self, w: u32) -> u16 {
        self.week_used[w as usize]
    }
}
