//! Interchangeable workers, for the exact search ([`crate::exact`]).
//!
//! Two active workers with the same qualifications, weekdays and hourly cost differ at
//! most in their daily and weekly limits. The generator makes many such workers (it adds
//! qualified full-timers at one rate per qualification), and so does a provider whose
//! assistants of one qualification share a tariff: 30-minute-block 40 / 4 schools have
//! two to four such groups. Where their limits are equal too, swapping two of them in a
//! roster gives a roster of the same cost, and the search need only look at one of the
//! two team combinations. Where the limits differ, the search runs on a relaxation in
//! which every member of a group has the group's largest limits (so that they are
//! interchangeable there: its bounds hold for the instance too), and a leaf, a
//! combination of teams, stands for itself and for its images with the members
//! permuted: each gets its own minimum-cost flow with the instance's limits
//! ([`Alike::images`]).

use crate::instance::Index;

/// Members of one group permuted at a leaf, over all groups whose limits differ: at most
/// this many orderings (a group's members beyond it are grouped by their own limits).
const MAX_ORDERINGS: usize = 24;

/// One group of interchangeable workers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// Global worker indices, ascending.
    pub members: Vec<u32>,
    /// Per member the kind of her limits (members of one kind have the same daily and
    /// weekly limits); all 0 where the group's limits are equal.
    kinds: Vec<u8>,
    /// Per member how far the relaxation raises her daily and weekly limits.
    spare: Vec<(u32, u32)>,
}

/// In an image of a leaf, `worker` takes the teams of `takes` (a member of her group,
/// maybe herself); `spare` is what the relaxation adds to the worker's limits (day,
/// week).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Role {
    pub worker: u32,
    pub takes: u32,
    spare: (u32, u32),
}

impl Group {
    fn uneven(&self) -> bool {
        self.kinds.iter().any(|&k| k != self.kinds[0])
    }
}

/// The workers of one provider subset as the exact search sees them.
#[derive(Debug, Clone)]
pub(crate) struct Alike {
    /// The instance's index with each group's daily and weekly limits raised to the
    /// group's largest.
    pub relaxed: Index,
    pub active: Vec<bool>,
    /// Groups of at least two members.
    pub groups: Vec<Group>,
}

impl Alike {
    pub(crate) fn new(ix: &Index, active: &[bool]) -> Self {
        // (a membership signature is a bit per class: beyond 64 classes only workers
        // with equal limits are grouped)
        let signatures_fit = ix.classes.len() <= 64;
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for (w, wk) in ix.workers.iter().enumerate() {
            if !active[w] || wk.max_day == 0 || wk.max_week == 0 {
                continue;
            }
            let alike = |v: &u32| {
                let o = &ix.workers[*v as usize];
                o.quals == wk.quals
                    && o.available == wk.available
                    && o.hourly_cents == wk.hourly_cents
                    && (signatures_fit || (o.max_day == wk.max_day && o.max_week == wk.max_week))
            };
            match groups.iter_mut().find(|g| g.first().is_some_and(alike)) {
                Some(g) => g.push(w as u32),
                None => groups.push(vec![w as u32]),
            }
        }
        let limits = |w: u32| {
            let wk = &ix.workers[w as usize];
            (wk.max_day, wk.max_week)
        };
        let mut out: Vec<Group> = Vec::new();
        let mut orderings = 1usize;
        // the smaller groups first: more of them fit within the orderings
        groups.sort_by_key(Vec::len);
        for members in groups.into_iter().filter(|g| g.len() > 1) {
            let mut seen: Vec<(u32, u32)> = Vec::new();
            let kinds: Vec<u8> = members
                .iter()
                .map(|&w| {
                    let l = limits(w);
                    let k = seen.iter().position(|&s| s == l).unwrap_or_else(|| {
                        seen.push(l);
                        seen.len() - 1
                    });
                    u8::try_from(k).unwrap_or(u8::MAX)
                })
                .collect();
            let day = members.iter().map(|&w| limits(w).0).max().unwrap_or(0);
            let week = members.iter().map(|&w| limits(w).1).max().unwrap_or(0);
            let spare = (members.iter())
                .map(|&w| (day - limits(w).0, week - limits(w).1))
                .collect();
            let g = Group {
                members,
                kinds,
                spare,
            };
            let fact = (2..=g.members.len()).fold(1usize, usize::saturating_mul);
            if !g.uneven() {
                out.push(g);
            } else if orderings.saturating_mul(fact) <= MAX_ORDERINGS && seen.len() < 255 {
                orderings *= fact;
                out.push(g);
            } else {
                // too many orderings: only the members of equal limits stay grouped
                for &l in &seen {
                    let sub: Vec<u32> = (g.members.iter().copied())
                        .filter(|&w| limits(w) == l)
                        .collect();
                    if sub.len() > 1 {
                        out.push(Group {
                            kinds: vec![0; sub.len()],
                            spare: vec![(0, 0); sub.len()],
                            members: sub,
                        });
                    }
                }
            }
        }
        let mut relaxed = ix.clone();
        for g in out.iter().filter(|g| g.uneven()) {
            for (&w, &(day, week)) in g.members.iter().zip(&g.spare) {
                relaxed.workers[w as usize].max_day += day;
                relaxed.workers[w as usize].max_week += week;
            }
        }
        Self {
            relaxed,
            active: active.to_vec(),
            groups: out,
        }
    }

    /// The combinations a leaf stands for (itself and its images), given each worker's membership
    /// signature (bit `c`: she is in class `c`'s team): per image, for each member of
    /// the groups whose limits differ, whose teams she takes; the first image is the leaf
    /// itself. Members of groups with equal limits keep their own (their permutations
    /// give rosters of the same cost), and so do members of one kind among themselves.
    pub(crate) fn images(&self, signature: &dyn Fn(u32) -> u64) -> Vec<Vec<Role>> {
        let mut images: Vec<Vec<Role>> = vec![Vec::new()];
        for g in self.groups.iter().filter(|g| g.uneven()) {
            let sigs: Vec<u64> = g.members.iter().map(|&w| signature(w)).collect();
            if sigs.iter().all(|&s| s == sigs[0]) {
                // (no other image, but the rise of the leaf's own limits counts)
                for img in &mut images {
                    img.extend((g.members.iter().zip(&g.spare)).map(|(&w, &spare)| Role {
                        worker: w,
                        takes: w,
                        spare,
                    }));
                }
                continue;
            }
            // every assignment of the members' teams to the members, once per multiset
            // of (kind, signature)
            let mut keys: Vec<Vec<(u8, u64)>> = Vec::new();
            let mut assignments: Vec<Vec<usize>> = Vec::new();
            let order: Vec<usize> = (0..g.members.len()).collect();
            permutations(&order, &mut |p: &[usize]| {
                let mut key: Vec<(u8, u64)> = (g.kinds.iter().copied())
                    .zip(p.iter().map(|&r| sigs[r]))
                    .collect();
                key.sort_unstable();
                if !keys.contains(&key) {
                    keys.push(key);
                    assignments.push(p.to_vec());
                }
            });
            let mut next = Vec::with_capacity(images.len() * assignments.len());
            for img in &images {
                for a in &assignments {
                    let mut x = img.clone();
                    x.extend(a.iter().enumerate().map(|(i, &r)| Role {
                        worker: g.members[i],
                        takes: g.members[r],
                        spare: g.spare[i],
                    }));
                    next.push(x);
                }
            }
            images = next;
        }
        images
    }

    /// How much more than the relaxation's Lagrangian bound at some prices an image's
    /// cost must be: at those prices with each member's multipliers moved to the worker
    /// who takes her teams, the image's own Lagrangian (with the instance's limits)
    /// differs from the leaf's in the relaxation only in the priced limits, by the
    /// prices of each role's limits times what the relaxation added to its worker's.
    /// `prices(w)`: worker `w`'s multipliers of her daily limits (per day) and weekly one.
    pub(crate) fn rise<'p>(image: &[Role], prices: &dyn Fn(u32) -> (&'p [f64], f64)) -> f64 {
        image
            .iter()
            .filter(|r| r.spare != (0, 0))
            .map(|r| {
                let (days, week) = prices(r.takes);
                days.iter().sum::<f64>() * f64::from(r.spare.0) + week * f64::from(r.spare.1)
            })
            .sum()
    }

    /// The least [`Alike::rise`] over every permutation of each group's members: what
    /// any combination of teams and each of its images must cost beyond the relaxation's
    /// Lagrangian bound at these prices (so a node's bound may add it).
    pub(crate) fn least_rise<'p>(&self, prices: &dyn Fn(u32) -> (&'p [f64], f64)) -> f64 {
        let mut total = 0.0;
        for g in self.groups.iter().filter(|g| g.uneven()) {
            // per role (member) the sum of her day prices and her week price
            let p: Vec<(f64, f64)> = (g.members.iter())
                .map(|&w| {
                    let (days, week) = prices(w);
                    (days.iter().sum::<f64>(), week)
                })
                .collect();
            let order: Vec<usize> = (0..g.members.len()).collect();
            let mut least = f64::INFINITY;
            permutations(&order, &mut |sigma: &[usize]| {
                // role r is taken by member sigma[r]
                let v: f64 = (sigma.iter().enumerate())
                    .map(|(r, &w)| {
                        p[r].0 * f64::from(g.spare[w].0) + p[r].1 * f64::from(g.spare[w].1)
                    })
                    .sum();
                least = least.min(v);
            });
            total += least;
        }
        total
    }
}

/// Calls `f` with every permutation of `v` (Heap's algorithm).
fn permutations(v: &[usize], f: &mut dyn FnMut(&[usize])) {
    let mut a = v.to_vec();
    let n = a.len();
    let mut c = vec![0usize; n];
    f(&a);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                a.swap(0, i);
            } else {
                a.swap(c[i], i);
            }
            f(&a);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Alike;
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;

    /// A generated 40-pupil school of 30-minute blocks whose workers 1 and 2 are made
    /// alike to worker 0 but for their limits (worker 2: the same limits as worker 0),
    /// and whose other workers all differ in their rates.
    fn school() -> Instance {
        let mut d = generate(&GenOptions {
            block_minutes: 30,
            ..GenOptions::new(40, 4, 3)
        })
        .unwrap();
        let w: Vec<_> = d.providers.iter().flat_map(|p| p.workers.clone()).collect();
        let first = w[0].clone();
        let mut i = 0;
        for p in &mut d.providers {
            for x in &mut p.workers {
                i += 1;
                if x.worker_id != first.worker_id {
                    x.hourly_cost_cents = 9000 + 200 * i;
                }
                if x.worker_id == w[1].worker_id || x.worker_id == w[2].worker_id {
                    x.qualifications.clone_from(&first.qualifications);
                    x.available_weekdays.clone_from(&first.available_weekdays);
                    x.hourly_cost_cents = first.hourly_cost_cents;
                    x.max_slots_per_day = first.max_slots_per_day;
                    x.max_slots_per_week = first.max_slots_per_week;
                }
                if x.worker_id == w[1].worker_id {
                    x.max_slots_per_day = first.max_slots_per_day - 2;
                    x.max_slots_per_week = first.max_slots_per_week + 4;
                }
            }
        }
        Instance::from_data(d).unwrap()
    }

    /// The group of worker `w`.
    fn group_of(alike: &Alike, w: u32) -> &super::Group {
        alike
            .groups
            .iter()
            .find(|g| g.members.contains(&w))
            .unwrap()
    }

    /// Workers alike but for their limits form one group, with the group's largest limits
    /// in the relaxation; a worker outside the subset does not join it.
    #[test]
    fn workers_alike_but_for_their_limits_share_the_largest() {
        let inst = school();
        let ix = &inst.index;
        let all = vec![true; ix.workers.len()];
        let alike = Alike::new(ix, &all);
        let g = group_of(&alike, 0);
        assert_eq!(g.members, [0, 1, 2]);
        assert!(g.uneven());
        let (day, week) = (ix.workers[0].max_day, ix.workers[1].max_week);
        for &w in &g.members {
            assert_eq!(alike.relaxed.workers[w as usize].max_day, day);
            assert_eq!(alike.relaxed.workers[w as usize].max_week, week);
        }
        // the other workers keep their limits
        for (w, wk) in ix.workers.iter().enumerate() {
            if !alike
                .groups
                .iter()
                .any(|g| g.uneven() && g.members.contains(&(w as u32)))
            {
                assert_eq!(alike.relaxed.workers[w].max_day, wk.max_day);
                assert_eq!(alike.relaxed.workers[w].max_week, wk.max_week);
            }
        }
        let mut some = all.clone();
        some[1] = false;
        let alike = Alike::new(ix, &some);
        let g = group_of(&alike, 0);
        assert!(!g.members.contains(&1));
        assert!(g.members.contains(&2));
    }

    /// A leaf's images: every way to hand the members' teams round, once per multiset
    /// of (limits, teams), the leaf itself first; and the least rise over all orderings
    /// of the members is the least of the images' rises where every member has a team
    /// of her own.
    #[test]
    fn the_images_hand_the_teams_round_and_the_least_rise_is_the_least_of_theirs() {
        let inst = school();
        let ix = &inst.index;
        let alike = Alike::new(ix, &vec![true; ix.workers.len()]);
        assert_eq!(alike.groups.len(), 1);
        let g = alike.groups[0].clone();
        assert_eq!(g.members, [0, 1, 2]);
        let sig = |s: [u64; 3]| move |w: u32| if w < 3 { s[w as usize] } else { 0 };
        // worker 1's limits are her own: 3 choices of her team, and the other two teams
        // go to workers 0 and 2 (equal limits) in one way
        let imgs = alike.images(&sig([1, 2, 4]));
        assert_eq!(imgs.len(), 3);
        assert!(
            imgs[0].iter().all(|r| r.worker == r.takes),
            "the leaf itself comes first"
        );
        let mut teams_of_1: Vec<u32> = (imgs.iter())
            .map(|img| img.iter().find(|r| r.worker == 1).unwrap().takes)
            .collect();
        teams_of_1.sort_unstable();
        assert_eq!(teams_of_1, [0, 1, 2]);
        // workers 0 and 2 with the same teams, 1 with others: she keeps hers or takes theirs
        assert_eq!(alike.images(&sig([1, 2, 1])).len(), 2);
        // the same teams for all: only the leaf
        assert_eq!(alike.images(&sig([3, 3, 3])).len(), 1);
        // prices with the least rise of every ordering
        let mut rng = fastrand::Rng::with_seed(7);
        let nd = ix.day_iso.len();
        for _ in 0..50 {
            let prices: Vec<(Vec<f64>, f64)> = (0..ix.workers.len())
                .map(|_| {
                    (
                        (0..nd).map(|_| rng.f64() * 100.0).collect(),
                        rng.f64() * 100.0,
                    )
                })
                .collect();
            let p = |w: u32| (prices[w as usize].0.as_slice(), prices[w as usize].1);
            let least = alike.least_rise(&p);
            let best = (alike.images(&sig([1, 2, 4])).iter())
                .map(|img| Alike::rise(img, &p))
                .fold(f64::INFINITY, f64::min);
            assert!((least - best).abs() < 1e-6, "{least} != {best}");
            // worker 1's daily limit is 2 below the others', her weekly one 4 above: the
            // relaxation gives her 2 a day, and workers 0 and 2 4 a week; an image's rise
            // prices each worker's spare at the prices of the member whose teams she takes
            let day = |w: u32| p(w).0.iter().sum::<f64>();
            let week = |w: u32| p(w).1;
            let expect = [
                2.0 * day(1) + 4.0 * (week(0) + week(2)), // everyone keeps her teams
                2.0 * day(0) + 4.0 * (week(1) + week(2)), // 1 takes 0's, 0 takes 1's
                2.0 * day(2) + 4.0 * (week(1) + week(0)), // 1 takes 2's
            ]
            .into_iter()
            .fold(f64::INFINITY, f64::min);
            assert!((least - expect).abs() < 1e-6, "{least} != {expect}");
        }
    }
}
