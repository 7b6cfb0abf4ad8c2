//! Do fixed class teams fit together slot by slot? In every slot each unit of the classes
//! needs its own team member, present that day and holding the unit's qualification (a
//! worker is in one place per slot). A bipartite matching per slot over bit masks: a
//! necessary condition for a roster with these teams, much cheaper than the flow, which
//! lets the team search drop the teams of open classes that cannot join the fixed ones.

use std::time::Instant;

use crate::instance::Index;
use crate::model::Model;

#[derive(Clone)]
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

    /// The units of the `fixed` classes (class, team mask) slot by slot, with a matching
    /// of them; `None` if the fixed teams do not fit together in some slot.
    pub(crate) fn fixed(&self, fixed: &[(usize, u128)]) -> Option<Fixed> {
        let ns = self.at.first().map_or(0, Vec::len);
        let mut units: Vec<Vec<u128>> = vec![Vec::new(); ns];
        for &(f, fm) in fixed {
            for (t, allowed) in &self.class_slots[f] {
                units[usize::from(*t)].extend(allowed.iter().map(|a| a & fm));
            }
        }
        let mut used = vec![0u128; ns];
        let mut owner = vec![[u8::MAX; 128]; ns];
        for (t, list) in units.iter().enumerate() {
            if !list.is_empty() {
                used[t] = matching_into(list, &mut owner[t])?;
            }
        }
        Some(Fixed { units, used, owner })
    }

    /// Can class `c` with team `mask` join the fixed classes in every slot it shares with
    /// them? With `newest`, only the slots that class `newest` (one of the fixed) shares
    /// with `c` are looked at: the others were checked before it was fixed.
    #[cfg(test)]
    pub(crate) fn fits(&self, fx: &Fixed, newest: Option<usize>, c: usize, mask: u128) -> bool {
        self.fits_from(fx, newest, (c, mask), &mut Scan::default())
    }

    /// [`SlotFit::fits`] for the teams of one class in turn: it looks first at the slot
    /// where the previous team failed (the teams of a class tend to fail in the same
    /// slot).
    pub(crate) fn fits_from(
        &self,
        fx: &Fixed,
        newest: Option<usize>,
        (c, mask): (usize, u128),
        scan: &mut Scan,
    ) -> bool {
        let slots = &self.class_slots[c];
        let n = slots.len();
        let first = scan.hint.min(n.saturating_sub(1));
        for k in 0..n {
            let pos = if k == 0 {
                first
            } else if k <= first {
                k - 1
            } else {
                k
            };
            let (t, own) = &slots[pos];
            let t = usize::from(*t);
            if newest.is_some_and(|f| self.at[f][t].is_none()) || fx.units[t].is_empty() {
                continue; // the class alone in this slot: its team was checked on its own
            }
            let base = (fx.units[t].as_slice(), fx.used[t], &fx.owner[t]);
            if !joins(base, (own, mask), &mut scan.units) {
                scan.hint = pos;
                return false;
            }
        }
        true
    }

    /// Which teams of class `a` have a team of class `b` that fits with them in every slot
    /// the two share, with at most `slack` members beyond the bounds between them? Teams
    /// are (member mask, members beyond the bound). Each team pair looked at costs one of
    /// `budget`; `None` once it runs out or the deadline passes. A team's partners are
    /// the teams of `b` within the slack left (those with the fewest extra members), and
    /// the scan starts at the previous team's partner, which often fits as well.
    pub(crate) fn supported(
        &self,
        (a, teams_a): (usize, &[(u128, u64)]),
        (b, teams_b): (usize, &[(u128, u64)]),
        slack: u64,
        (budget, deadline): (&mut u64, Instant),
    ) -> Option<Vec<bool>> {
        // the slots the classes share: the units of each there
        let shared: Vec<(&[u128], &[u128])> = self.class_slots[a]
            .iter()
            .filter_map(|(t, own)| {
                let pos = self.at[b][usize::from(*t)]?;
                Some((
                    own.as_slice(),
                    self.class_slots[b][pos as usize].1.as_slice(),
                ))
            })
            .collect();
        if shared.is_empty() {
            // only the slack ties them
            let least = teams_b.iter().map(|t| t.1).min();
            return Some(
                teams_a
                    .iter()
                    .map(|&(_, ea)| least.is_some_and(|eb| ea + eb <= slack))
                    .collect(),
            );
        }
        // `b`'s teams by extra members: a team's partners are a prefix
        let mut by_extra: Vec<(u64, u128)> = teams_b.iter().map(|&(m, e)| (e, m)).collect();
        by_extra.sort_by_key(|x| x.0);
        let mut last = 0usize;
        let mut keep = Vec::with_capacity(teams_a.len());
        // per shared slot the units of `a` on its team, and the workers their matching uses
        let mut units_a: Vec<Vec<u128>> = vec![Vec::new(); shared.len()];
        let mut matched_a = vec![(0u128, [u8::MAX; 128]); shared.len()];
        let mut units: Vec<u128> = Vec::with_capacity(16);
        for &(ma, ea) in teams_a {
            let mut alone = true;
            for (k, (own_a, _)) in shared.iter().enumerate() {
                units_a[k].clear();
                units_a[k].extend(own_a.iter().map(|x| x & ma));
                // (over the last team's table: only the entries of the workers used count)
                let (used, owner) = &mut matched_a[k];
                match matching_into(&units_a[k], owner) {
                    Some(u) => *used = u,
                    None => alone = false,
                }
            }
            if !alone {
                keep.push(false);
                continue;
            }
            let n = by_extra.partition_point(|x| ea + x.0 <= slack);
            let mut found = false;
            for i in 0..n {
                let j = (last + i) % n;
                let (_, mb) = by_extra[j];
                *budget = budget.checked_sub(1)?;
                if *budget % 1024 == 0 && Instant::now() >= deadline {
                    return None;
                }
                let fits = shared.iter().enumerate().all(|(k, (_, own_b))| {
                    let (used, owner) = &matched_a[k];
                    joins((&units_a[k], *used, owner), (own_b, mb), &mut units)
                });
                if fits {
                    last = j;
                    found = true;
                    break;
                }
            }
            keep.push(found);
        }
        Some(keep)
    }
}

/// Can the units `own` of a class, on the team `mask`, join the units `base` of a slot
/// with their matching (the workers it uses, the unit each worker gets)? First the quick
/// way, each unit on a team member the matching leaves free; else the matching with the
/// class's units added by augmenting paths (`units` is room for the slot's units).
fn joins(
    (base, used, owner): (&[u128], u128, &[u8; 128]),
    (own, mask): (&[u128], u128),
    units: &mut Vec<u128>,
) -> bool {
    let mut free = mask & !used;
    let quick = own.iter().all(|a| {
        let x = a & free;
        free &= !(x & x.wrapping_neg());
        x != 0
    });
    if quick {
        return true;
    }
    units.clear();
    units.extend_from_slice(base);
    units.extend(own.iter().map(|a| a & mask));
    if units.len() >= usize::from(u8::MAX) {
        return true; // beyond the owner table: no test, as in `matching`
    }
    let mut owner = *owner;
    let mut used = used;
    (base.len()..units.len()).all(|u| augment(u, units, &mut owner, &mut used, &mut 0))
}

/// The state of [`SlotFit::fits_from`] over the teams of one class: where the last team
/// failed, and room for a slot's units.
#[derive(Default)]
pub(crate) struct Scan {
    hint: usize,
    units: Vec<u128>,
}

/// The fixed classes' units per slot (masked by their teams) and the workers a matching
/// of them uses.
pub(crate) struct Fixed {
    units: Vec<Vec<u128>>,
    used: Vec<u128>,
    /// Per slot and worker bit, the unit the matching gives that worker.
    owner: Vec<[u8; 128]>,
}

/// Does every unit get its own worker from its allowed mask? The workers used, if so
/// (Kuhn's augmenting paths, a free worker first).
#[cfg(test)]
fn matching(allowed: &[u128]) -> Option<u128> {
    matching_into(allowed, &mut [u8::MAX; 128])
}

/// [`matching`] into `owner`: the workers used, and in `owner` the unit each of them gets;
/// `None` if there is none. Only the entries of the workers used are read or meaningful
/// (the augmenting paths look up the owners of used workers only), so `owner` may come
/// with any content, and no table needs clearing between matchings.
fn matching_into(allowed: &[u128], owner: &mut [u8; 128]) -> Option<u128> {
    if allowed.len() >= usize::from(u8::MAX) {
        return Some(0); // beyond the owner table: no test (a necessary condition only)
    }
    let union = allowed.iter().fold(0u128, |a, b| a | b);
    if (union.count_ones() as usize) < allowed.len() {
        return None;
    }
    let mut used = 0u128;
    for u in 0..allowed.len() {
        let mut seen = 0u128;
        if !augment(u, allowed, owner, &mut used, &mut seen) {
            return None;
        }
    }
    Some(used)
}

fn augment(
    u: usize,
    allowed: &[u128],
    owner: &mut [u8; 128],
    used: &mut u128,
    seen: &mut u128,
) -> bool {
    let free = allowed[u] & !*used;
    if free != 0 {
        let b = free.trailing_zeros() as usize;
        owner[b] = u as u8;
        *used |= 1u128 << b;
        return true;
    }
    let mut cand = allowed[u] & !*seen;
    while cand != 0 {
        let b = cand.trailing_zeros() as usize;
        cand &= cand - 1;
        *seen |= 1u128 << b;
        let prev = owner[b];
        if prev == u8::MAX || augment(usize::from(prev), allowed, owner, used, seen) {
            owner[b] = u as u8;
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{SlotFit, matching};
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;
    use crate::model::Model;
    use crate::search::NONE;

    /// A generated school of 30 pupils in 3 classes, its units, and its slot test with
    /// every worker active.
    fn school(seed: u64) -> (Instance, Model, SlotFit) {
        let inst = Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
        let m = crate::model::build(&inst.index, 3);
        let active = vec![true; inst.index.workers.len()];
        let fit = SlotFit::new(&inst.index, &m, &active).unwrap();
        (inst, m, fit)
    }

    /// The minimum-cost flow over the units of classes `a` and `b` only.
    fn two_class_flow(inst: &Instance, m: &Model, (a, b): (usize, usize)) -> crate::mcf::Network {
        let sub = m.of_units(m.class_units[a].iter().chain(&m.class_units[b]).copied());
        crate::mcf::Network::new(&inst.index, &sub, &vec![true; inst.index.workers.len()])
    }

    /// `k` distinct workers of `nw`, at random.
    fn random_team(rng: &mut fastrand::Rng, nw: u32, k: usize) -> Vec<u32> {
        let mut t: Vec<u32> = Vec::new();
        while t.len() < k {
            let w = rng.u32(..nw);
            if !t.contains(&w) {
                t.push(w);
            }
        }
        t
    }

    /// The teams of any valid roster fit together, and the test never drops them; a team
    /// of one worker for two classes with units in one slot does not fit.
    #[test]
    fn teams_of_a_roster_fit() {
        for seed in 1..6 {
            let (inst, m, fit) = school(seed);
            let ix = &inst.index;
            let active = vec![true; ix.workers.len()];
            let (_, assign) = crate::mcf::min_cost(ix, &m, &active, &|_, _| true).unwrap();
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
                let fx = fit.fixed(&fixed).expect("the other teams of a roster fit");
                assert!(
                    fit.fits(&fx, None, c, fit.mask(&teams[c])),
                    "seed {seed} class {c}"
                );
            }
            // a class that shares a slot with a fixed one cannot do without a team
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
                let fx = fit.fixed(&[(a, fit.mask(&teams[a]))]).unwrap();
                assert!(!fit.fits(&fx, Some(a), b, 0), "seed {seed}");
                assert!(
                    fit.fits(&fx, Some(a), b, fit.mask(&teams[b])),
                    "seed {seed}"
                );
            }
        }
    }

    /// The test is only a necessary condition: a pair of class teams it rejects has no
    /// roster (the flow over the two classes finds none). Random teams, so that it does
    /// reject some.
    #[test]
    fn never_drops_teams_that_have_a_roster() {
        let (mut rejected, mut accepted) = (0, 0);
        for seed in 1..5 {
            let (inst, m, fit) = school(seed);
            let (a, b) = (0usize, 1usize);
            let mut net = two_class_flow(&inst, &m, (a, b));
            let mut rng = fastrand::Rng::with_seed(seed);
            let nw = inst.index.workers.len() as u32;
            for _ in 0..200 {
                let mut pick = || {
                    let k = rng.usize(3..=6);
                    random_team(&mut rng, nw, k)
                };
                let (ta, tb) = (pick(), pick());
                let Some(fx) = fit.fixed(&[(a, fit.mask(&ta))]) else {
                    continue;
                };
                let fits = fit.fits(&fx, Some(a), b, fit.mask(&tb));
                let roster = net
                    .solve(&|w, c| {
                        if usize::from(c) == a {
                            ta.contains(&w)
                        } else {
                            tb.contains(&w)
                        }
                    })
                    .is_some();
                assert!(fits || !roster, "seed {seed}: {ta:?} {tb:?} have a roster");
                if fits {
                    accepted += 1;
                } else {
                    rejected += 1;
                }
            }
        }
        assert!(
            rejected > 0 && accepted > 0,
            "{rejected} rejected, {accepted} accepted"
        );
    }

    /// A team the pair test drops has no partner team with a roster over the two classes
    /// (the flow finds none), one it keeps has a partner that fits; pairs beyond the slack
    /// do not count; an exhausted budget drops nothing.
    #[test]
    fn pair_support_drops_only_teams_without_a_partner() {
        let (mut dropped, mut kept) = (0, 0);
        for seed in 1..5 {
            let (inst, m, fit) = school(seed);
            let (a, b) = (0usize, 1usize);
            let mut net = two_class_flow(&inst, &m, (a, b));
            let mut rng = fastrand::Rng::with_seed(seed);
            let nw = inst.index.workers.len() as u32;
            // (a team of k members has k - 3 beyond its bound)
            let pick = |rng: &mut fastrand::Rng| -> (Vec<u32>, u64) {
                let k = rng.usize(3..=6);
                (random_team(rng, nw, k), (k - 3) as u64)
            };
            // (teams that serve class `a` alone in every slot, as the enumerated ones do,
            // and every fourth one that does not: its partial matching is left in the
            // tables the next team's matching reuses)
            let alone = |t: &[u32]| fit.fixed(&[(a, fit.mask(t))]).is_some();
            let ta: Vec<(Vec<u32>, u64)> = (0..80)
                .map(|i| {
                    std::iter::repeat_with(|| pick(&mut rng))
                        .take(10_000)
                        .find(|t| alone(&t.0) == (i % 4 != 3))
                        .unwrap()
                })
                .collect();
            let tb: Vec<(Vec<u32>, u64)> = (0..30).map(|_| pick(&mut rng)).collect();
            let masks = |l: &[(Vec<u32>, u64)]| -> Vec<(u128, u64)> {
                l.iter().map(|(t, e)| (fit.mask(t), *e)).collect()
            };
            let far = std::time::Instant::now() + std::time::Duration::from_secs(3600);
            for slack in [1, 3, 6] {
                let keep = fit
                    .supported(
                        (a, &masks(&ta)),
                        (b, &masks(&tb)),
                        slack,
                        (&mut u64::MAX.clone(), far),
                    )
                    .unwrap();
                for (i, (x, ex)) in ta.iter().enumerate() {
                    let partners = tb.iter().filter(|(_, eb)| ex + eb <= slack);
                    if keep[i] {
                        kept += 1;
                        // (only the slots the classes share count: a team that fails
                        // alone elsewhere may stay)
                        let Some(fx) = fit.fixed(&[(a, fit.mask(x))]) else {
                            continue;
                        };
                        assert!(
                            partners
                                .clone()
                                .any(|(y, _)| fit.fits(&fx, Some(a), b, fit.mask(y))),
                            "seed {seed}: {x:?} kept without a partner"
                        );
                    } else {
                        dropped += 1;
                        for (y, _) in partners {
                            let roster = net
                                .solve(&|w, c| {
                                    if usize::from(c) == a {
                                        x.contains(&w)
                                    } else {
                                        y.contains(&w)
                                    }
                                })
                                .is_some();
                            assert!(!roster, "seed {seed}: {x:?} {y:?} have a roster");
                        }
                    }
                }
            }
            let mut small = 5u64;
            assert_eq!(
                fit.supported((a, &masks(&ta)), (b, &masks(&tb)), 6, (&mut small, far)),
                None
            );
        }
        assert!(dropped > 0 && kept > 0, "{dropped} dropped, {kept} kept");
    }

    /// Over many teams of a class, the test that starts from the fixed classes' matching
    /// and where the previous team failed answers as a matching of each shared slot's
    /// units from scratch; some teams fail.
    #[test]
    fn a_scan_over_teams_answers_as_matchings_from_scratch() {
        let mut failed = 0;
        for seed in 1..5 {
            let (inst, _, fit) = school(seed);
            let mut rng = fastrand::Rng::with_seed(seed);
            let nw = inst.index.workers.len() as u32;
            let mask = |rng: &mut fastrand::Rng| -> u128 {
                let k = rng.usize(3..=7);
                fit.mask(&random_team(rng, nw, k))
            };
            let Some((ma, fx)) = std::iter::repeat_with(|| {
                let ma = mask(&mut rng);
                fit.fixed(&[(0, ma)]).map(|fx| (ma, fx))
            })
            .take(100)
            .flatten()
            .next() else {
                continue;
            };
            // class 1 with team `mb` beside class 0 with team `ma`, slot by slot anew
            let from_scratch = |mb: u128| -> bool {
                fit.class_slots[1].iter().all(|(t, own)| {
                    let Some(pos) = fit.at[0][usize::from(*t)] else {
                        return true;
                    };
                    let units: Vec<u128> = fit.class_slots[0][pos as usize]
                        .1
                        .iter()
                        .map(|x| x & ma)
                        .chain(own.iter().map(|x| x & mb))
                        .collect();
                    matching(&units).is_some()
                })
            };
            let mut scan = super::Scan::default();
            for _ in 0..300 {
                let mb = mask(&mut rng);
                let expected = from_scratch(mb);
                assert_eq!(
                    fit.fits_from(&fx, Some(0), (1, mb), &mut scan),
                    expected,
                    "seed {seed}"
                );
                failed += usize::from(!expected);
            }
        }
        assert!(failed > 0);
    }

    #[test]
    fn matching_per_slot() {
        // two units that both need worker 0
        assert_eq!(matching(&[0b01, 0b01]), None);
        // one of them may move to worker 1
        assert_eq!(matching(&[0b01, 0b11]), Some(0b11));
        // three units, two workers
        assert_eq!(matching(&[0b11, 0b11, 0b11]), None);
        // an augmenting path: the first unit moves off worker 0
        assert_eq!(matching(&[0b011, 0b001, 0b110]), Some(0b111));
        assert_eq!(
            matching(&[0b0011, 0b0011, 0b1100]).map(u128::count_ones),
            Some(3)
        );
        assert_eq!(matching(&[]), Some(0));
    }
}
