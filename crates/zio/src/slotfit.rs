//! Do fixed class teams fit together slot by slot? In every slot each unit of the classes
//! needs its own team member, present that day and holding the unit's qualification (a
//! worker is in one place per slot). A bipartite matching per slot over bit masks: a
//! necessary condition for a roster with these teams, much cheaper than the flow, which
//! lets the team search drop the teams of open classes that cannot join the fixed ones.

use crate::instance::Index;
use crate::model::Model;

pub(crate) struct SlotFit {
    /// Per class: its slots with units, and the allowed-worker mask of each unit before
    /// the team restriction (present that day, holding the qualification).
    class_slots: Vec<Vec<(u16, Vec<u128>)>>,
    /// Per class and slot: the position in `class_slots[c]`, if the class has units there.
    at: Vec<Vec<Option<u32>>>,
    /// Bit of each worker (only the first 128 active workers get one).
    bit: Vec<Option<u8>>,
}

impl SlotFit {
    /// `None` when more than 128 workers are active (the masks would not fit).
    pub(crate) fn new(ix: &Index, m: &Model, active: &[bool]) -> Option<Self> {
        let mut bit = vec![None; ix.workers.len()];
        let mut next = 0usize;
        for (w, b) in bit.iter_mut().enumerate() {
            if active[w] {
                if next >= 128 {
                    return None;
                }
                *b = Some(next as u8);
                next += 1;
            }
        }
        let allowed = |day: u8, qual: Option<u16>| -> u128 {
            let mut mask = 0u128;
            for (w, wk) in ix.workers.iter().enumerate() {
                if let Some(b) = bit[w]
                    && wk.available[usize::from(day)]
                    && wk.holds(qual)
                {
                    mask |= 1u128 << b;
                }
            }
            mask
        };
        let ns = ix.slots.len();
        let mut class_slots = Vec::with_capacity(m.class_units.len());
        let mut at = Vec::with_capacity(m.class_units.len());
        for units in &m.class_units {
            let mut per_slot: std::collections::BTreeMap<u16, Vec<u128>> =
                std::collections::BTreeMap::new();
            for &u in units {
                let un = &m.units[u as usize];
                per_slot
                    .entry(un.slot)
                    .or_default()
                    .push(allowed(un.day, un.qual));
            }
            let mut pos = vec![None; ns];
            for (i, t) in per_slot.keys().enumerate() {
                pos[usize::from(*t)] = Some(i as u32);
            }
            class_slots.push(per_slot.into_iter().collect());
            at.push(pos);
        }
        Some(Self {
            class_slots,
            at,
            bit,
        })
    }

    /// The bit mask of a team's members.
    pub(crate) fn mask(&self, members: &[u32]) -> u128 {
        members
            .iter()
            .filter_map(|&w| self.bit[w as usize])
            .fold(0, |a, b| a | (1u128 << b))
    }

    /// Can class `c` with team `mask` join the `fixed` classes (class, team mask) in every
    /// slot it shares with them?
    pub(crate) fn fits(&self, fixed: &[(usize, u128)], c: usize, mask: u128) -> bool {
        let mut units: Vec<u128> = Vec::with_capacity(16);
        for (t, own) in &self.class_slots[c] {
            units.clear();
            for &(f, fm) in fixed {
                if let Some(i) = self.at[f][usize::from(*t)] {
                    units.extend(self.class_slots[f][i as usize].1.iter().map(|a| a & fm));
                }
            }
            if units.is_empty() {
                continue; // the class alone in this slot: its team was checked on its own
            }
            units.extend(own.iter().map(|a| a & mask));
            if !matchable(&units) {
                return false;
            }
        }
        true
    }
}

/// Does every unit get its own worker from its allowed mask? (Kuhn's augmenting paths.)
fn matchable(allowed: &[u128]) -> bool {
    if allowed.len() >= usize::from(u8::MAX) {
        return true; // beyond the owner table: no test (a necessary condition only)
    }
    let union = allowed.iter().fold(0u128, |a, b| a | b);
    if (union.count_ones() as usize) < allowed.len() {
        return false;
    }
    let mut owner = [u8::MAX; 128];
    for u in 0..allowed.len() {
        let mut seen = 0u128;
        if !augment(u, allowed, &mut owner, &mut seen) {
            return false;
        }
    }
    true
}

fn augment(u: usize, allowed: &[u128], owner: &mut [u8; 128], seen: &mut u128) -> bool {
    let mut cand = allowed[u] & !*seen;
    while cand != 0 {
        let b = cand.trailing_zeros() as usize;
        cand &= cand - 1;
        *seen |= 1u128 << b;
        let prev = owner[b];
        if prev == u8::MAX || augment(usize::from(prev), allowed, owner, seen) {
            owner[b] = u as u8;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{SlotFit, matchable};
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;
    use crate::search::NONE;

    /// The teams of any valid roster fit together, and the test never drops them; a team
    /// of one worker for two classes with units in one slot does not fit.
    #[test]
    fn teams_of_a_roster_fit() {
        for seed in 1..6 {
            let inst =
                Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
            let ix = &inst.index;
            let m = crate::model::build(ix, 3);
            let active = vec![true; ix.workers.len()];
            let (_, assign) = crate::mcf::min_cost(ix, &m, &active, &|_, _| true).unwrap();
            let fit = SlotFit::new(ix, &m, &active).unwrap();
            let nc = ix.classes.len();
            let mut teams = vec![Vec::new(); nc];
            for (u, &w) in assign.iter().enumerate() {
                assert_ne!(w, NONE);
                let c = usize::from(m.units[u].class);
                if !teams[c].contains(&w) {
                    teams[c].push(w);
                }
            }
            for c in 0..nc {
                let fixed: Vec<(usize, u128)> = (0..nc)
                    .filter(|&f| f != c)
                    .map(|f| (f, fit.mask(&teams[f])))
                    .collect();
                assert!(
                    fit.fits(&fixed, c, fit.mask(&teams[c])),
                    "seed {seed} class {c}"
                );
            }
            // one worker cannot serve two classes that have units in the same slot
            let shared = (0..nc)
                .flat_map(|a| (0..nc).map(move |b| (a, b)))
                .find(|&(a, b)| {
                    a < b
                        && m.class_units[a].iter().any(|&u| {
                            m.class_units[b]
                                .iter()
                                .any(|&v| m.units[u as usize].slot == m.units[v as usize].slot)
                        })
                });
            if let Some((a, b)) = shared {
                let one = fit.mask(&teams[a][..1]);
                assert!(!fit.fits(&[(a, one)], b, one), "seed {seed}");
            }
        }
    }

    #[test]
    fn matching_per_slot() {
        // two units that both need worker 0
        assert!(!matchable(&[0b01, 0b01]));
        // one of them may move to worker 1
        assert!(matchable(&[0b01, 0b11]));
        // three units, two workers
        assert!(!matchable(&[0b11, 0b11, 0b11]));
        // an augmenting path of length two
        assert!(matchable(&[0b011, 0b001, 0b110]));
        assert!(matchable(&[]));
    }
}
