//! The planner: provider subsets, construction, stage-1 local search, stage 2 and the
//! stage-3 minimum-cost roster, lower bounds, status and explanations.

use std::time::{Duration, Instant};

use crate::alike::Alike;
use crate::exact::Exact;
use crate::format::{
    ClassWorkers, Explanation, ExplanationRule, FORMAT_VERSION, Gap, LowerBound, Plan, RosterEntry,
    Status,
};
use crate::instance::{Index, Instance};
use crate::mcf;
use crate::model::{self, Model};
use crate::search::{Allow, NONE, State};

/// Schools with at most this many classes get the exact team searches of stage 1,
/// after a local search of at most `SMALL_FIRST_SEARCH` per provider subset.
const SMALL_CLASSES: usize = 8;
const SMALL_FIRST_SEARCH: Duration = Duration::from_millis(20);

/// Planner options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Wall-clock budget for all three stages together.
    pub time_limit: Duration,
    /// Worker threads (the search runs independent seeds or provider subsets in parallel).
    pub threads: usize,
    /// Seed of the randomised local search.
    pub seed: u64,
    /// Stop the local search after this many moves per search thread (for
    /// reproducible runs independent of the clock); `None` = until the time limit.
    pub max_moves: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            threads: 2,
            seed: 7,
            max_moves: None,
        }
    }
}

/// What one search produced on one provider subset.
struct Found {
    providers: Vec<bool>,
    assign: Vec<u32>,
    pairs: u64,
}

/// All provider subsets of size `k` (at most 64 of them; with more providers, only the
/// subsets of the `k` largest ones by weekly capacity and its neighbours are tried).
fn subsets(ix: &Index, k: usize) -> Vec<Vec<bool>> {
    let n = ix.n_providers;
    let k = k.min(n);
    let mut count: u128 = 1;
    for i in 0..k {
        count = count * (n - i) as u128 / (i + 1) as u128;
    }
    if n <= 16 && count <= 64 {
        return (0u32..(1u32 << n))
            .filter(|mask| mask.count_ones() as usize == k)
            .map(|mask| (0..n).map(|i| mask & (1 << i) != 0).collect())
            .collect();
    }
    let mut cap = vec![0u64; n];
    for w in &ix.workers {
        cap[usize::from(w.provider)] += u64::from(w.max_week);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&p| (std::cmp::Reverse(cap[p]), p));
    let base: Vec<usize> = order[..k].to_vec();
    let mut out = vec![(0..n).map(|p| base.contains(&p)).collect::<Vec<bool>>()];
    // swap one of the chosen for one of the next few
    for &out_p in base.iter().rev().take(2) {
        for &in_p in order[k..].iter().take(4) {
            out.push(
                (0..n)
                    .map(|p| (p == in_p) || (p != out_p && base.contains(&p)))
                    .collect(),
            );
        }
    }
    out
}

fn active_workers(ix: &Index, providers: &[bool]) -> Vec<bool> {
    ix.workers
        .iter()
        .map(|w| providers[usize::from(w.provider)])
        .collect()
}

/// Greedy construction: class by class, units in the class's busiest slots first; a unit
/// goes to the class's current team (moving others along augmenting paths) or else to the
/// worker who fits the most of the class's remaining units. Returns false if some unit
/// cannot be served by any active worker (then the provider subset is infeasible).
fn construct(st: &mut State<'_>) -> bool {
    let m = st.m;
    let mut classes: Vec<usize> = (0..st.n_classes).collect();
    classes.sort_by_key(|&c| std::cmp::Reverse(m.need_at[c].iter().copied().max().unwrap_or(0)));
    let nw = st.ix.workers.len();
    for c in classes {
        let mut units = m.class_units[c].clone();
        units.sort_by_key(|&u| {
            let un = &m.units[u as usize];
            (
                std::cmp::Reverse(m.need_at[c][usize::from(un.slot)]),
                un.slot,
                std::cmp::Reverse(un.qual.is_some()),
            )
        });
        for &u in &units {
            st.allow = Allow::Used;
            st.extra.clear();
            if st.augment(u) {
                continue;
            }
            // new team member: the worker who can take most of the class's open units
            let open: Vec<u32> = units
                .iter()
                .copied()
                .filter(|&x| st.assign[x as usize] == NONE)
                .collect();
            let mut scored: Vec<(i64, u32)> = Vec::new();
            for &w in &st.cand[u as usize] {
                if st.pair_count(w, c as u16) > 0 {
                    continue;
                }
                let wk = &st.ix.workers[w as usize];
                let fit = open
                    .iter()
                    .filter(|&&x| {
                        let ux = &m.units[x as usize];
                        st.occ(w, ux.slot) == NONE
                            && wk.available[usize::from(ux.day)]
                            && wk.holds(ux.qual)
                    })
                    .count() as i64;
                let room = i64::from(wk.max_week) - i64::from(st.week_used(w));
                let other = (0..st.n_classes)
                    .filter(|&k| st.pair_count(w, k as u16) > 0)
                    .count() as i64;
                scored.push((
                    fit.min(room) * 4 - other * 3 - (wk.quals.len() as i64) * 2,
                    w,
                ));
            }
            scored.sort_by_key(|&(s, w)| (std::cmp::Reverse(s), w));
            let mut done = false;
            for &(_, w) in scored.iter().take(8) {
                st.extra.clear();
                st.extra.push((w, c as u16));
                if st.augment(u) {
                    done = true;
                    break;
                }
            }
            st.extra.clear();
            if !done {
                st.allow = Allow::All;
                if !st.augment(u) {
                    st.allow = Allow::Used;
                    st.commit();
                    let _ = nw;
                    return false;
                }
                st.allow = Allow::Used;
            }
        }
        st.commit();
    }
    st.commit();
    st.unassigned == 0
}

/// Stage-1 local search: remove (worker, class) pairs by re-routing their units over the
/// pairs in use; on a plateau, replace a worker in a class by another one and retry.
fn improve(
    st: &mut State<'_>,
    deadline: Instant,
    seed: u64,
    target: u64,
    class_lb: &[u64],
    max_moves: Option<u64>,
) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let nw = st.ix.workers.len() as u32;
    let mut moves: u64 = 0;
    let budget = max_moves.unwrap_or(u64::MAX);
    let mut stale = 0u32;
    'outer: loop {
        if st.pairs_total <= target || moves >= budget || Instant::now() >= deadline {
            break;
        }
        // elimination pass over pairs, fewest units first
        let mut pairs: Vec<(u16, u32, u32, u16)> = Vec::new();
        for w in 0..nw {
            for c in 0..st.n_classes as u16 {
                let k = st.pair_count(w, c);
                if k > 0 {
                    pairs.push((k, rng.u32(..), w, c));
                }
            }
        }
        pairs.sort_unstable();
        let mut improved = false;
        for &(_, _, w, c) in &pairs {
            if st.pair_count(w, c) == 0
                || u64::from(st.team[usize::from(c)]) <= class_lb[usize::from(c)]
            {
                continue;
            }
            moves += 1;
            if st.eliminate(w, c, &[]) {
                st.commit();
                improved = true;
            }
            if moves.is_multiple_of(64) && Instant::now() >= deadline {
                break 'outer;
            }
        }
        if improved {
            stale = 0;
            continue;
        }
        stale += 1;
        // plateau: replace worker w in class c by a worker w2 new to the class
        let over: Vec<u16> = (0..st.n_classes as u16)
            .filter(|&c| u64::from(st.team[usize::from(c)]) > class_lb[usize::from(c)])
            .collect();
        if over.is_empty() {
            break;
        }
        let tries = 40 + 10 * stale.min(20);
        for _ in 0..tries {
            moves += 1;
            if moves.is_multiple_of(16) && Instant::now() >= deadline {
                break 'outer;
            }
            let c = over[rng.usize(..over.len())];
            let team: Vec<u32> = (0..nw).filter(|&w| st.pair_count(w, c) > 0).collect();
            if team.is_empty() {
                continue;
            }
            let w = team[rng.usize(..team.len())];
            // candidates: workers not in the class who could take w's units there
            let units: Vec<u32> = st.m.class_units[usize::from(c)]
                .iter()
                .copied()
                .filter(|&u| st.assign[u as usize] == w)
                .collect();
            let Some(&u0) = units.first() else { continue };
            let cands: Vec<u32> = st.cand[u0 as usize]
                .iter()
                .copied()
                .filter(|&x| x != w && st.pair_count(x, c) == 0)
                .collect();
            if cands.is_empty() {
                continue;
            }
            let mut best = (i64::MIN, NONE);
            for _ in 0..6 {
                let x = cands[rng.usize(..cands.len())];
                let wk = &st.ix.workers[x as usize];
                let fit = units
                    .iter()
                    .filter(|&&u| {
                        let un = &st.m.units[u as usize];
                        st.occ(x, un.slot) == NONE
                            && wk.available[usize::from(un.day)]
                            && wk.holds(un.qual)
                    })
                    .count() as i64;
                let score = fit * 8 + rng.i64(0..8);
                if score > best.0 {
                    best = (score, x);
                }
            }
            let mut extra = (best.1, c);
            if rng.bool() {
                // guided: a pair that would complete the failed repair of (w, c)
                if st.eliminate(w, c, &[]) {
                    st.commit();
                    continue 'outer;
                }
                let missing = st.missing_pairs();
                if !missing.is_empty() {
                    extra = missing[rng.usize(..missing.len())];
                }
            }
            let (w2, c2) = extra;
            if w2 == NONE {
                continue;
            }
            let before = st.pairs_total;
            let mark = st.mark();
            if !st.eliminate(w, c, &[extra]) {
                continue;
            }
            // follow-ups: the freed worker and the newcomer may now let other pairs go
            let mut follow: Vec<(u32, u16)> = Vec::new();
            for k in 0..st.n_classes as u16 {
                if st.pair_count(w, k) > 0 {
                    follow.push((w, k));
                }
                if st.pair_count(w2, k) > 0 && k != c2 {
                    follow.push((w2, k));
                }
            }
            for x in 0..nw {
                if st.pair_count(x, c) > 0 && x != w2 {
                    follow.push((x, c));
                }
                if c2 != c && st.pair_count(x, c2) > 0 && x != w2 {
                    follow.push((x, c2));
                }
            }
            for (x, k) in follow {
                if st.pair_count(x, k) > 0
                    && u64::from(st.team[usize::from(k)]) > class_lb[usize::from(k)]
                {
                    st.eliminate(x, k, &[]);
                }
            }
            if st.pairs_total < before {
                st.commit();
                stale = 0;
                continue 'outer;
            }
            if st.pairs_total == before && rng.u32(..4) != 0 {
                st.commit(); // plateau walk
            } else {
                st.rollback(mark);
                st.commit();
            }
        }
    }
    st.commit();
}

fn weekday_nl(iso: i64) -> &'static str {
    match iso {
        1 => "maandag",
        2 => "dinsdag",
        3 => "woensdag",
        4 => "donderdag",
        5 => "vrijdag",
        6 => "zaterdag",
        _ => "zondag",
    }
}

/// Per-slot reasons why the active workers cannot serve all units.
fn explain(inst: &Instance, m: &Model, active: &[bool]) -> Vec<Explanation> {
    let ix = &inst.index;
    let d = inst.data();
    let mut out = Vec::new();
    for (t, sd) in d.slots.iter().enumerate() {
        let day = usize::from(ix.slots[t].day);
        let here: Vec<&model::Unit> = m
            .units
            .iter()
            .filter(|u| usize::from(u.slot) == t)
            .collect();
        if here.is_empty() {
            continue;
        }
        let when = format!("{} {}", weekday_nl(sd.iso_weekday), sd.start_time);
        let avail = |q: Option<u16>| {
            ix.workers
                .iter()
                .enumerate()
                .filter(|(w, wk)| {
                    active[*w]
                        && wk.available[day]
                        && wk.max_day > 0
                        && wk.max_week > 0
                        && wk.holds(q)
                })
                .count() as u64
        };
        let need_ids = |units: &[&model::Unit]| -> Vec<String> {
            let mut v: Vec<String> = units
                .iter()
                .flat_map(|u| u.needs.iter().map(|&n| d.needs[n as usize].need_id.clone()))
                .collect();
            v.sort();
            v
        };
        let mut quals: Vec<u16> = here.iter().filter_map(|u| u.qual).collect();
        quals.sort_unstable();
        quals.dedup();
        for q in quals {
            let qs: Vec<&model::Unit> =
                here.iter().copied().filter(|u| u.qual == Some(q)).collect();
            let required = qs.len() as u64;
            let available = avail(Some(q));
            if required > available {
                let name = &ix.quals[usize::from(q)];
                out.push(Explanation {
                    rule: ExplanationRule::Qualification,
                    slot_id: Some(sd.slot_id.clone()),
                    qualification: Some(name.clone()),
                    need_ids: need_ids(&qs),
                    required,
                    available,
                    message: format!(
                        "Op {when} (blok {}) zijn {required} zorgmedewerkers met de bevoegdheid '{name}' tegelijk nodig, \
                         maar bij de zorgaanbieders werken die dag maar {available} medewerkers met die bevoegdheid. \
                         Zo is er voor niet iedere leerling een bevoegde zorgmedewerker.",
                        sd.slot_id
                    ),
                });
            }
        }
        let required = here.len() as u64;
        let available = avail(None);
        if required > available {
            out.push(Explanation {
                rule: ExplanationRule::Capacity,
                slot_id: Some(sd.slot_id.clone()),
                qualification: None,
                need_ids: need_ids(&here),
                required,
                available,
                message: format!(
                    "Op {when} (blok {}) zijn in alle klassen samen minstens {required} zorgmedewerkers tegelijk nodig, \
                     maar bij de zorgaanbieders werken die dag maar {available} zorgmedewerkers.",
                    sd.slot_id
                ),
            });
        }
    }
    out
}

fn combination(required: u64, available: u64) -> Explanation {
    Explanation {
        rule: ExplanationRule::Combination,
        slot_id: None,
        qualification: None,
        need_ids: Vec::new(),
        required,
        available,
        message: format!(
            "Er zijn {required} keer een zorgmedewerker in een klas nodig, maar door de werkdagen en de \
             maximale uren per dag en per week van de zorgmedewerkers zijn er hooguit {available} in te plannen. \
             Geen enkel blok verklaart dit op zich: het is de combinatie."
        ),
    }
}

fn empty_plan(
    inst: &Instance,
    status: Status,
    explanations: Vec<Explanation>,
    seconds: f64,
) -> Plan {
    Plan {
        format_version: FORMAT_VERSION.to_owned(),
        instance_id: inst.data().instance_id.clone(),
        status,
        provider_ids: None,
        provider_limit_exceeded: false,
        class_workers: None,
        roster: None,
        objective: None,
        lower_bound: None,
        gap: None,
        explanations,
        solver: Some(serde_json::json!({ "name": "continuum", "seconds": seconds })),
    }
}

fn state_with(ix: &Index, m: &Model, providers: &[bool]) -> (bool, Vec<u32>, usize) {
    let mut st = State::new(ix, m, active_workers(ix, providers));
    let ok = construct(&mut st);
    (ok, st.assign.clone(), m.units.len() - st.unassigned)
}

fn load(st: &mut State<'_>, assign: &[u32]) {
    for (u, &w) in assign.iter().enumerate() {
        if w != NONE {
            st.set(u as u32, w);
        }
    }
    st.commit();
}

/// Proven per-class stage-1 bounds for a provider subset (cached): the slot peaks and
/// capacity bounds of [`Model::class_bound`], raised by the isolated-team check of
/// [`crate::bound::isolated_class_bound`] while `bound_deadline` allows.
struct Bounds {
    cache: std::collections::HashMap<Vec<bool>, (u64, Vec<u64>)>,
    deadline: Instant,
}

impl Bounds {
    fn get(&mut self, ix: &Index, m: &Model, providers: &[bool]) -> (u64, Vec<u64>) {
        if let Some(x) = self.cache.get(providers) {
            return x.clone();
        }
        let usable = |w: usize| providers[usize::from(ix.workers[w].provider)];
        let lbs: Vec<u64> = (0..ix.classes.len())
            .map(|c| {
                let lb = m.class_bound(ix, c, &usable);
                crate::bound::isolated_class_bound(ix, m, c, &usable, lb, self.deadline)
            })
            .collect();
        let r = (lbs.iter().sum(), lbs);
        self.cache.insert(providers.to_vec(), r.clone());
        r
    }
}

/// At most this many jobs per provider subset from splitting its extra team members.
const MAX_SPLITS: usize = 12;

/// Every way to split `extra` members over `n` classes (how many each class gets beyond
/// its bound), or none if there are more than `limit`.
fn extra_splits(n: usize, extra: u64, limit: usize) -> Vec<Vec<u64>> {
    fn rec(n: usize, left: u64, cur: &mut Vec<u64>, out: &mut Vec<Vec<u64>>, limit: usize) -> bool {
        if cur.len() + 1 == n {
            cur.push(left);
            out.push(cur.clone());
            cur.pop();
            return out.len() <= limit;
        }
        for x in 0..=left {
            cur.push(x);
            let ok = rec(n, left - x, cur, out, limit);
            cur.pop();
            if !ok {
                return false;
            }
        }
        true
    }
    let mut out = Vec::new();
    if n == 0 || !rec(n, extra, &mut Vec::new(), &mut out, limit) {
        return Vec::new();
    }
    out
}

/// The class bounds `lbs` with `split[k]` members more for the class `with_units[k]`.
fn split_bounds(lbs: &[u64], with_units: &[usize], split: &[u64]) -> Vec<u64> {
    let mut larger = lbs.to_vec();
    for (&c, &x) in with_units.iter().zip(split) {
        larger[c] += x;
    }
    larger
}

/// A provider subset for the exact cost search: its cost without team limits, the team
/// members beyond the class bounds it may use, and the class bounds.
struct Job {
    free: u64,
    providers: Vec<bool>,
    slack: u64,
    lbs: Vec<u64>,
}

/// The exact cost search's root for every subset of `jobs`, opened (its bound at the
/// dual prices of the minimum-cost flow), on up to `threads` threads, each taking the next
/// subset that none has taken. Per job its search with its bound (at least the job's cost
/// without team limits), or `None` where the teams were too many or the deadline came
/// first.
fn prepare_subsets<'a>(
    ix: &Index,
    m: &'a Model,
    (jobs, alikes): (&[Job], &'a [Alike]),
    (search_end, incumbent): (Instant, u64),
    threads: usize,
) -> Vec<Option<(u64, Exact<'a>)>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let run = || -> Vec<(usize, Option<Exact<'a>>)> {
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return out;
            };
            let mut ex = Exact::new(ix, &alikes[i], m, job.lbs.clone(), search_end, incumbent);
            let ok = ex.prepare(job.slack, false);
            out.push((i, ok.then_some(ex)));
        }
    };
    let n = threads.min(jobs.len()).max(1);
    let mut results: Vec<(usize, Option<Exact<'a>>)> = if n == 1 {
        run()
    } else {
        std::thread::scope(|sc| {
            let handles: Vec<_> = (0..n).map(|_| sc.spawn(run)).collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(v) => v,
                    Err(e) => std::panic::resume_unwind(e),
                })
                .collect()
        })
    };
    results.sort_by_key(|r| r.0);
    results
        .into_iter()
        .map(|(i, ex)| ex.map(|ex| (ex.root_bound.max(jobs[i].free), ex)))
        .collect()
}

/// Closes the roots of `batch` (a dive, subgradient steps and cutting planes, each below
/// `incumbent`), on a thread each. They share the least cost their dives find: a root
/// whose bound reaches it stops (30-minute-block 40 / 4 seed 7: the pair without the
/// optimum, whose bound 771,900 at the flow's prices is above the other pair's dive,
/// 767,850, no longer takes 0.44 s beside the other's 0.27 s).
///
/// A thread with no root to close (one of `threads` beyond the batch, or one whose root
/// closed first) probes a copy of the open root with the least bound for cheaper rosters
/// ([`Exact::probe`]) until every root is closed: they share its rosters' costs too,
/// and the cutting planes and steps aim at a nearer incumbent. Returns its roster if it
/// found one below `incumbent`.
fn close_roots(
    batch: Vec<&mut (u64, Exact<'_>)>,
    incumbent: u64,
    threads: usize,
) -> Option<(u64, Vec<u32>)> {
    use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    let feed = Arc::new(AtomicU64::new(incumbent));
    let stop = Arc::new(AtomicBool::new(false));
    let closing = AtomicUsize::new(batch.len());
    let idle = threads.saturating_sub(batch.len());
    let copy = if threads > 1 {
        batch.iter().min_by_key(|j| j.0).map(|j| j.1.clone())
    } else {
        None
    };
    let probe = Mutex::new(copy);
    let probed: Mutex<Option<(u64, Vec<u32>)>> = Mutex::new(None);
    let run_probe = || {
        let taken = probe.lock().ok().and_then(|mut p| p.take());
        if let Some(mut ex) = taken {
            ex.probe(feed.clone(), stop.clone());
            if let Some(r) = ex.take_roster()
                && let Ok(mut p) = probed.lock()
            {
                *p = Some(r);
            }
        }
    };
    let close = |job: &mut (u64, Exact<'_>)| {
        job.1.best_cost = incumbent;
        job.1.feed = Some(feed.clone());
        job.1.close_root();
        job.1.feed = None;
        job.0 = job.0.max(job.1.root_bound);
        if closing.fetch_sub(1, Ordering::AcqRel) == 1 {
            stop.store(true, Ordering::Relaxed);
        } else {
            run_probe();
        }
    };
    if batch.len() == 1 && idle == 0 {
        batch.into_iter().for_each(close);
    } else {
        std::thread::scope(|sc| {
            let mut handles: Vec<_> = batch
                .into_iter()
                .map(|job| sc.spawn(move || close(job)))
                .collect();
            if idle > 0 {
                handles.push(sc.spawn(run_probe));
            }
            for h in handles {
                if let Err(e) = h.join() {
                    std::panic::resume_unwind(e);
                }
            }
        });
    }
    probed
        .into_inner()
        .ok()
        .flatten()
        .filter(|r| r.0 < incumbent)
}

/// Runs the stage-1 search on a provider subset from `assign`, in parallel over
/// `threads` seeds, and returns the best assignment.
#[allow(clippy::too_many_arguments)]
fn search(
    ix: &Index,
    m: &Model,
    providers: &[bool],
    assign: &[u32],
    deadline: Instant,
    opts: &Options,
    salt: u64,
    lbs: &[u64],
) -> Found {
    let target: u64 = lbs.iter().sum();
    let threads = opts.threads.max(1);
    let run = |k: usize| -> (u64, Vec<u32>) {
        let mut st = State::new(ix, m, active_workers(ix, providers));
        load(&mut st, assign);
        improve(
            &mut st,
            deadline,
            opts.seed ^ (salt * 7919) ^ (k as u64 * 104_729),
            target,
            lbs,
            opts.max_moves,
        );
        (st.pairs_total, st.assign.clone())
    };
    let results: Vec<(u64, Vec<u32>)> = if threads == 1 {
        vec![run(0)]
    } else {
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads).map(|k| s.spawn(move || run(k))).collect();
            hs.into_iter().filter_map(|h| h.join().ok()).collect()
        })
    };
    let mut best: Option<(u64, Vec<u32>)> = None;
    for r in results {
        if best.as_ref().is_none_or(|b| r.0 < b.0) {
            best = Some(r);
        }
    }
    let (pairs, assign) = best.unwrap_or_else(|| (u64::MAX, assign.to_vec()));
    Found {
        providers: providers.to_vec(),
        assign,
        pairs,
    }
}

fn mcf_cost(ix: &Index, m: &Model, assign: &[u32]) -> u64 {
    assign
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w != NONE)
        .map(|(u, &w)| {
            ix.workers[w as usize].hourly_cents
                * u64::from(ix.slots[usize::from(m.units[u].slot)].minutes)
                / 60
        })
        .sum()
}

fn used_pairs(ix: &Index, m: &Model, assign: &[u32]) -> std::collections::HashSet<(u32, u16)> {
    let _ = ix;
    assign
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w != NONE)
        .map(|(u, &w)| (w, m.units[u].class))
        .collect()
}

/// Plans one school's week: the hard rules of FORMAT.md §2, the lexicographic objective
/// of §3, status, proven stage-1 lower bound and gap of §4. Never returns a partial
/// roster: an instance without a valid plan yields `infeasible` with explanations.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn plan(instance: &Instance, opts: &Options) -> Plan {
    let start = Instant::now();
    let deadline = start + opts.time_limit;
    let ix = &instance.index;
    let d = instance.data();
    let g = usize::try_from(d.group_size).unwrap_or(1);
    let m = model::build(ix, g);
    let secs = || start.elapsed().as_secs_f64();

    if !m.pgb_clashes.is_empty() {
        let ex = m
            .pgb_clashes
            .iter()
            .map(|cl| {
                let sd = &d.slots[usize::from(cl.slot)];
                let who = &d.pgb_workers[cl.pgb as usize].worker_id;
                Explanation {
                    rule: ExplanationRule::Combination,
                    slot_id: Some(sd.slot_id.clone()),
                    qualification: None,
                    need_ids: cl.needs.iter().map(|&n| d.needs[n as usize].need_id.clone()).collect(),
                    required: cl.needs.len() as u64,
                    available: 1,
                    message: format!(
                        "Op {} {} (blok {}) moet PGB-zorgverlener {who} {} zorgvragen tegelijk bedienen, \
                         maar zij kan daar maar één keer tegelijk zijn (individuele zorg of een te grote groep).",
                        weekday_nl(sd.iso_weekday),
                        sd.start_time,
                        sd.slot_id,
                        cl.needs.len()
                    ),
                }
            })
            .collect();
        return empty_plan(instance, Status::Infeasible, ex, secs());
    }

    let np = ix.n_providers;
    let limit = d
        .max_providers
        .map_or(np, |x| usize::try_from(x).unwrap_or(np).min(np));
    let all = vec![true; np];

    // ---- feasible provider subsets of the largest allowed size
    let mut size = limit;
    let mut limit_exceeded = false;
    let mut feasible: Vec<(Vec<bool>, Vec<u32>)> = Vec::new();
    loop {
        for s in subsets(ix, size) {
            let (ok, assign, _) = state_with(ix, &m, &s);
            if ok {
                feasible.push((s, assign));
            }
        }
        if !feasible.is_empty() || size >= np {
            break;
        }
        size += 1;
        limit_exceeded = true;
    }
    if feasible.is_empty() {
        let mut ex = explain(instance, &m, &active_workers(ix, &all));
        if ex.is_empty() {
            let (_, _, served) = state_with(ix, &m, &all);
            ex.push(combination(m.units.len() as u64, served as u64));
        }
        return empty_plan(instance, Status::Infeasible, ex, secs());
    }
    let mut explanations = Vec::new();
    if limit_exceeded {
        let mut best_served = 0;
        for s in subsets(ix, limit) {
            best_served = best_served.max(state_with(ix, &m, &s).2);
        }
        explanations.push(Explanation {
            rule: ExplanationRule::ProviderLimit,
            slot_id: None,
            qualification: None,
            need_ids: Vec::new(),
            required: size as u64,
            available: limit as u64,
            message: format!(
                "Met hoogstens {limit} zorgaanbieder(s) is er geen geldig rooster: hun zorgmedewerkers kunnen samen \
                 hooguit {best_served} van de {} benodigde inzetmomenten dekken. Het rooster gebruikt daarom {size} \
                 zorgaanbieders.",
                m.units.len()
            ),
        });
        for s in subsets(ix, limit) {
            for e in explain(instance, &m, &active_workers(ix, &s)) {
                if !explanations.contains(&e) {
                    explanations.push(e);
                }
            }
        }
    }

    // ---- stage 1: bounds, then search; the time goes to the most promising subsets
    let mut bounds_cache = Bounds {
        cache: std::collections::HashMap::new(),
        deadline: Instant::now() + opts.time_limit.mul_f64(0.15),
    };
    let bounds: Vec<(u64, Vec<u64>)> = feasible
        .iter()
        .map(|(s, _)| bounds_cache.get(ix, &m, s))
        .collect();
    let lb_provider = if limit_exceeded {
        bounds_cache.get(ix, &m, &all).0
    } else {
        bounds.iter().map(|b| b.0).min().unwrap_or(0)
    };
    let lower_bound = lb_provider + m.pgb_pairs;
    let budget = deadline.saturating_duration_since(Instant::now());
    let mut idx: Vec<usize> = (0..feasible.len()).collect();
    idx.sort_by_key(|&i| (bounds[i].0, i));
    // small schools get a short local search first: the exact team search below
    // settles the rest
    let small = ix.classes.len() <= SMALL_CLASSES;
    let first_share = if feasible.len() > 1 {
        0.35 / feasible.len() as f64
    } else {
        1.0
    };
    let mut founds: Vec<(usize, Found)> = Vec::new();
    for &i in &idx {
        let (s, assign) = &feasible[i];
        let share = budget.mul_f64(first_share * 0.92);
        let share = if small {
            share.min(SMALL_FIRST_SEARCH)
        } else {
            share
        };
        let dl = (Instant::now() + share).min(deadline);
        let f = search(ix, &m, s, assign, dl, opts, i as u64, &bounds[i].1);
        let reached = f.pairs + m.pgb_pairs <= lower_bound;
        founds.push((i, f));
        if reached {
            break;
        }
    }
    founds.sort_by_key(|(i, f)| (f.pairs, *i));
    let Some((bi, mut best)) = founds.into_iter().next() else {
        return empty_plan(instance, Status::Unknown, Vec::new(), secs());
    };
    // small schools: an exact search for class teams, subset by subset (least bound
    // first), level by level from the subset's bound up (each level allows one more team
    // member than the bound; a small level is a small search): a level that finishes
    // without a roster raises that subset's bound, the first roster found settles it
    let mut lower_bound = lower_bound;
    // per feasible subset the stage-1 bound proven so far (raised by the exact search)
    let mut subset_lb: Vec<u64> = bounds.iter().map(|b| b.0).collect();
    if small && !limit_exceeded && best.pairs + m.pgb_pairs > lower_bound {
        for &i in &idx {
            while subset_lb[i] < best.pairs && Instant::now() < deadline {
                let slack = subset_lb[i] - bounds[i].0;
                let dl = (Instant::now() + deadline.saturating_duration_since(Instant::now()) / 3)
                    .min(deadline);
                let alike = Alike::new(ix, &active_workers(ix, &feasible[i].0));
                let mut ex = Exact::new(ix, &alike, &m, bounds[i].1.clone(), dl, u64::MAX);
                let done = ex.run(slack, true);
                match ex.best_assign.take() {
                    Some(a) => {
                        let pairs = used_pairs(ix, &m, &a).len() as u64;
                        if pairs < best.pairs {
                            best = Found {
                                providers: feasible[i].0.clone(),
                                assign: a,
                                pairs,
                            };
                        }
                        break;
                    }
                    None if done => subset_lb[i] += 1,
                    None => break,
                }
            }
        }
        lower_bound = subset_lb.iter().copied().min().unwrap_or(0) + m.pgb_pairs;
    }
    if (feasible.len() > 1 || small) && best.pairs + m.pgb_pairs > lower_bound {
        let dl = start + opts.time_limit.mul_f64(0.92);
        let f = search(
            ix,
            &m,
            &feasible[bi].0,
            &best.assign,
            dl,
            opts,
            99,
            &bounds[bi].1,
        );
        if f.pairs <= best.pairs {
            best = f;
        }
    }
    let stage1 = best.pairs + m.pgb_pairs;
    let stage1_t = secs();

    // ---- stage 2: fewer providers at the same stage-1 value?
    let used = {
        let mut v = vec![false; np];
        for &w in &best.assign {
            if w != NONE {
                v[usize::from(ix.workers[w as usize].provider)] = true;
            }
        }
        v
    };
    let n_used = used.iter().filter(|&&x| x).count();
    best.providers = used.clone();
    let mut provider_bound = n_used;
    let stage1_proven = stage1 <= lower_bound;
    bounds_cache.deadline = Instant::now() + opts.time_limit.mul_f64(0.1);
    for k in 0..n_used {
        // is a roster with only k providers possible at this stage-1 value?
        let mut possible = false;
        for s in subsets(ix, k) {
            if k == 0 && !m.units.is_empty() {
                continue;
            }
            let (ok, assign, _) = state_with(ix, &m, &s);
            if !ok {
                continue;
            }
            let (lbk, lbs) = bounds_cache.get(ix, &m, &s);
            if lbk + m.pgb_pairs > stage1 {
                continue;
            }
            if stage1_proven {
                // exact: do class teams of the bounded sizes exist with these providers?
                // Fewest extra team members first (each level is a smaller search).
                let top = stage1 - m.pgb_pairs - lbk;
                let dl = (Instant::now() + opts.time_limit.mul_f64(0.25)).min(deadline);
                let mut none = true;
                let mut found = None;
                let alike = Alike::new(ix, &active_workers(ix, &s));
                for slack in 0..=top {
                    let mut ex = Exact::new(ix, &alike, &m, lbs.clone(), dl, u64::MAX);
                    let done = ex.run(slack, true);
                    if let Some(a) = ex.best_assign.take() {
                        found = Some(a);
                        break;
                    }
                    if !done {
                        none = false;
                        break;
                    }
                }
                if let Some(a) = found {
                    let pairs = used_pairs(ix, &m, &a).len() as u64;
                    if pairs <= best.pairs {
                        best = Found {
                            providers: s.clone(),
                            assign: a,
                            pairs,
                        };
                        possible = true;
                        continue;
                    }
                }
                if none {
                    continue; // proven impossible with these providers
                }
            }
            possible = true;
            let dl = (Instant::now() + opts.time_limit.mul_f64(0.1)).min(deadline);
            let f = search(ix, &m, &s, &assign, dl, opts, 200 + k as u64, &lbs);
            if f.pairs <= best.pairs {
                best = Found {
                    providers: s.clone(),
                    assign: f.assign,
                    pairs: f.pairs,
                };
            }
        }
        if possible {
            provider_bound = k;
            break;
        }
    }
    let n_used = best.providers.iter().filter(|&&x| x).count();
    let stage2_proven = stage1_proven && provider_bound >= n_used;

    // ---- stage 3: cheapest roster for the chosen class teams
    let teams = used_pairs(ix, &m, &best.assign);
    let act = active_workers(ix, &best.providers);
    let mut cost_assign = best.assign.clone();
    if let Some((_, a)) = mcf::min_cost(ix, &m, &act, &|w, c| teams.contains(&(w, c))) {
        cost_assign = a;
    }
    // cost bound: cheapest roster with no team restriction over subsets of that size
    let mut cost_bound: Option<u64> = None;
    let mut candidates: Vec<(u64, Vec<bool>)> = Vec::new();
    if stage2_proven {
        // subsets of the stage-1 size without any roster (not in `feasible`) are out, and
        // so are those the stage-1 search proved to need more team members
        let of_size: Vec<(Vec<bool>, u64)> = if n_used == size {
            feasible
                .iter()
                .zip(&subset_lb)
                .map(|((f, _), &lb)| (f.clone(), lb))
                .collect()
        } else {
            subsets(ix, n_used).into_iter().map(|s| (s, 0)).collect()
        };
        for (s, stage1_lb) in of_size {
            let (lbk, _) = bounds_cache.get(ix, &m, &s);
            let proven_lb = lbk.max(stage1_lb);
            if proven_lb + m.pgb_pairs > stage1 {
                continue;
            }
            if let Some((c, _)) = mcf::min_cost(ix, &m, &active_workers(ix, &s), &|_, _| true) {
                cost_bound = Some(cost_bound.map_or(c, |b: u64| b.min(c)));
                candidates.push((c, s));
            }
        }
    }
    // the most promising subsets first, so that their optimum prunes the others early
    candidates.sort_by_key(|a| a.0);

    // ---- exact stage 3 (branch and bound over class teams) when stages 1-2 are proven
    let mut cost_now = mcf_cost(ix, &m, &cost_assign);
    let mut exact_nodes = 0;
    if stage2_proven && stage1 <= lower_bound && cost_bound.is_some_and(|b| b < cost_now) {
        // a node of the search may take a few hundredths of a second past its deadline:
        // it ends a little early so that the plan comes within the time limit
        let search_end = start + opts.time_limit.mul_f64(0.97);
        // a search per subset (per split of its extra members, below), searched best first
        // (see below); a search whose bound reaches the incumbent is done
        let mut jobs: Vec<Job> = Vec::new();
        let with_units = m.classes_with_units();
        for (free, s) in &candidates {
            let (lbk, lbs) = bounds_cache.get(ix, &m, s);
            let slack = stage1 - m.pgb_pairs - lbk;
            let splits = extra_splits(with_units.len(), slack, MAX_SPLITS);
            if small && slack > 0 && !splits.is_empty() {
                // the members beyond the class bounds, split over the classes in every
                // way: one job per split (with fewer, the roster would have a lower stage
                // 1 than the proven optimum: there is none). Each job's bound then knows
                // which classes are the larger, where one search over all of them lets
                // every class take a larger team in the bound (30-minute-block 40 / 4
                // seed 2: the jobs' roots 742,760 to 753,266 against one root of 722,167;
                // the optimum is 745,350)
                for split in splits {
                    jobs.push(Job {
                        free: *free,
                        providers: s.clone(),
                        slack: 0,
                        lbs: split_bounds(&lbs, &with_units, &split),
                    });
                }
            } else {
                jobs.push(Job {
                    free: *free,
                    providers: s.clone(),
                    slack,
                    lbs,
                });
            }
        }
        // the bounds of the subsets whose teams were too many, or that the deadline cut
        // short; per search its job
        let mut proven: Vec<u64> = Vec::new();
        let mut job_of: Vec<usize> = Vec::new();
        let mut exacts: Vec<(u64, Exact<'_>)> = Vec::new();
        let alikes: Vec<Alike> = (jobs.iter())
            .map(|j| Alike::new(ix, &active_workers(ix, &j.providers)))
            .collect();
        let opened = prepare_subsets(
            ix,
            &m,
            (&jobs, &alikes),
            (search_end, cost_now),
            opts.threads,
        );
        for (j, e) in opened.into_iter().enumerate() {
            match e {
                Some(e) => {
                    job_of.push(j);
                    exacts.push(e);
                }
                None => proven.push(jobs[j].free),
            }
        }
        // Best first: of the searches whose root is closed, the one with the least bound
        // (those whose dive found a roster first, below) goes next, once no open root has
        // a lower bound; else the `threads` open roots with the least bounds are closed,
        // each on a thread. An open root first takes the prices
        // of each closed root of the same provider subset where they give more. So the
        // roots that stay above the first optimum found are closed with it as the
        // incumbent, which ends their cutting planes early (30-minute-block 40 / 4 seed 2:
        // proven in 0.90 s instead of 1.09 s; with the optimum given as the incumbent from
        // the start, its four roots take 0.21 s instead of 0.44 s).
        let mut searched = vec![false; exacts.len()];
        // per search, the closed roots whose prices it has tried
        let mut tried: Vec<Vec<usize>> = vec![Vec::new(); exacts.len()];
        loop {
            let open: Vec<usize> = (0..exacts.len())
                .filter(|&i| !searched[i] && exacts[i].0 < cost_now)
                .collect();
            if open.is_empty() {
                break;
            }
            for &i in &open {
                if exacts[i].1.closed() {
                    continue;
                }
                for d in 0..exacts.len() {
                    if d == i
                        || !exacts[d].1.closed()
                        || tried[i].contains(&d)
                        || jobs[job_of[d]].providers != jobs[job_of[i]].providers
                    {
                        continue;
                    }
                    tried[i].push(d);
                    if let Some(p) = exacts[d].1.root_prices().cloned() {
                        exacts[i].1.warm(&p);
                        exacts[i].0 = exacts[i].0.max(exacts[i].1.root_bound);
                    }
                }
            }
            let open: Vec<usize> = open
                .into_iter()
                .filter(|&i| exacts[i].0 < cost_now)
                .collect();
            if open.is_empty() {
                break;
            }
            let least_open_root = open
                .iter()
                .filter(|&&i| !exacts[i].1.closed())
                .map(|&i| exacts[i].0)
                .min();
            // subsets whose root's dive found a roster first: one without may have none
            // at all, which takes the longest to prove, and less so below a lower
            // incumbent (`gen_instance.py` 40 / 4 seed 19: 1.1 s instead of 1.45 s)
            let next = open
                .iter()
                .copied()
                .filter(|&i| exacts[i].1.closed())
                .min_by_key(|&i| (!exacts[i].1.dived, exacts[i].0));
            match next {
                Some(i) if least_open_root.is_none_or(|b| exacts[i].0 <= b) => {
                    searched[i] = true;
                    let (bound, ex) = &mut exacts[i];
                    ex.best_cost = cost_now;
                    let done = ex.search_parallel(opts.threads);
                    exact_nodes += ex.nodes;
                    if let Some((cost, a)) = ex.take_roster()
                        && cost < cost_now
                    {
                        cost_now = cost;
                        cost_assign = a;
                    }
                    if !done {
                        proven.push(*bound);
                    }
                }
                _ => {
                    let mut batch: Vec<usize> = open
                        .iter()
                        .copied()
                        .filter(|&i| !exacts[i].1.closed())
                        .collect();
                    batch.sort_by_key(|&i| exacts[i].0);
                    batch.truncate(opts.threads.max(1));
                    let chosen: Vec<&mut (u64, Exact<'_>)> = exacts
                        .iter_mut()
                        .enumerate()
                        .filter(|(i, _)| batch.contains(i))
                        .map(|(_, e)| e)
                        .collect();
                    if let Some((cost, a)) = close_roots(chosen, cost_now, opts.threads)
                        && cost < cost_now
                    {
                        cost_now = cost;
                        cost_assign = a;
                    }
                    for &i in &batch {
                        if let Some((cost, a)) = exacts[i].1.take_roster()
                            && cost < cost_now
                        {
                            cost_now = cost;
                            cost_assign = a;
                        }
                    }
                }
            }
        }
        // no roster is cheaper than the least bound of an unfinished subset (nor than
        // the incumbent, where every subset finished)
        cost_bound = Some(
            proven
                .iter()
                .copied()
                .min()
                .unwrap_or(u64::MAX)
                .min(cost_now),
        );
    }

    // stage 3 must not give up what stages 1 and 2 reached: every roster it considers
    // keeps the class teams within the stage-1 value (checked here once more)
    let pairs_now = used_pairs(ix, &m, &cost_assign).len() as u64;
    debug_assert!(pairs_now <= best.pairs, "stage 3 added class team members");
    if pairs_now > best.pairs {
        cost_assign.clone_from(&best.assign);
    }
    // ---- the plan
    let mut roster: Vec<RosterEntry> = Vec::new();
    for (u, &w) in cost_assign.iter().enumerate() {
        if w == NONE {
            return empty_plan(instance, Status::Unknown, Vec::new(), secs());
        }
        let un = &m.units[u];
        let (pi, wi) = ix.worker_pos[w as usize];
        roster.push(RosterEntry {
            slot_id: d.slots[usize::from(un.slot)].slot_id.clone(),
            class_id: d.classes[usize::from(un.class)].class_id.clone(),
            worker_id: d.providers[pi].workers[wi].worker_id.clone(),
            need_ids: un
                .needs
                .iter()
                .map(|&n| d.needs[n as usize].need_id.clone())
                .collect(),
        });
    }
    for e in &m.pgb_entries {
        roster.push(RosterEntry {
            slot_id: d.slots[usize::from(e.slot)].slot_id.clone(),
            class_id: d.classes[usize::from(e.class)].class_id.clone(),
            worker_id: d.pgb_workers[e.pgb as usize].worker_id.clone(),
            need_ids: e
                .needs
                .iter()
                .map(|&n| d.needs[n as usize].need_id.clone())
                .collect(),
        });
    }
    let order_of =
        |id: &str, list: &[&str]| list.iter().position(|x| *x == id).unwrap_or(usize::MAX);
    let slot_ids: Vec<&str> = d.slots.iter().map(|s| s.slot_id.as_str()).collect();
    let class_ids: Vec<&str> = d.classes.iter().map(|c| c.class_id.as_str()).collect();
    roster.sort_by(|a, b| {
        (
            order_of(&a.slot_id, &slot_ids),
            order_of(&a.class_id, &class_ids),
            &a.worker_id,
        )
            .cmp(&(
                order_of(&b.slot_id, &slot_ids),
                order_of(&b.class_id, &class_ids),
                &b.worker_id,
            ))
    });
    let objective = crate::validate::score(instance, &roster);
    let class_workers = d
        .classes
        .iter()
        .map(|c| {
            let mut ids: Vec<String> = roster
                .iter()
                .filter(|e| e.class_id == c.class_id)
                .map(|e| e.worker_id.clone())
                .collect();
            ids.sort();
            ids.dedup();
            ClassWorkers {
                class_id: c.class_id.clone(),
                worker_ids: ids,
            }
        })
        .collect();
    let provider_ids: Vec<String> = d
        .providers
        .iter()
        .filter(|p| {
            roster
                .iter()
                .any(|e| p.workers.iter().any(|w| w.worker_id == e.worker_id))
        })
        .map(|p| p.provider_id.clone())
        .collect();
    let s1 = objective.distinct_workers_per_class;
    // where a worker could serve group needs of two qualifications in one presence, the
    // units may ask for more presences than a roster needs: the proofs above then hold
    // for the units only, and the plan claims the bounds that hold for any roster
    let exact = m.bundling_exact(ix);
    let (mut stage2_proven, mut provider_bound, mut cost_bound) =
        (stage2_proven, provider_bound, cost_bound);
    if !exact {
        let (s1_free, cost_free) = m.bundling_free_bounds(ix);
        lower_bound = lower_bound.min(s1_free + m.pgb_pairs);
        if objective.providers > 1 {
            stage2_proven = false;
            provider_bound = 1;
        }
        cost_bound = Some(cost_bound.map_or(cost_free, |b| b.min(cost_free)));
    }
    let gap = if s1 > lower_bound {
        Some(Gap {
            stage: "distinctWorkersPerClass".into(),
            value: s1,
            bound: lower_bound,
            relative_gap: (s1 - lower_bound) as f64 / s1 as f64,
        })
    } else if !stage2_proven {
        Some(Gap {
            stage: "providers".into(),
            value: objective.providers,
            bound: provider_bound as u64,
            relative_gap: (objective.providers.saturating_sub(provider_bound as u64)) as f64
                / objective.providers.max(1) as f64,
        })
    } else {
        match cost_bound {
            Some(b) if b >= objective.cost_cents => None,
            b => {
                let b = b.unwrap_or(0);
                Some(Gap {
                    stage: "costCents".into(),
                    value: objective.cost_cents,
                    bound: b,
                    relative_gap: (objective.cost_cents - b) as f64
                        / objective.cost_cents.max(1) as f64,
                })
            }
        }
    };
    let status = if gap.is_none() {
        Status::Optimal
    } else {
        Status::Feasible
    };
    let provider_limit_exceeded = limit_exceeded && (provider_ids.len() > limit);
    if !provider_limit_exceeded {
        explanations.clear();
    }
    Plan {
        format_version: FORMAT_VERSION.to_owned(),
        instance_id: d.instance_id.clone(),
        status,
        provider_ids: Some(provider_ids),
        provider_limit_exceeded,
        class_workers: Some(class_workers),
        roster: Some(roster),
        objective: Some(objective),
        lower_bound: Some(LowerBound {
            distinct_workers_per_class: lower_bound,
        }),
        gap,
        explanations,
        solver: Some(serde_json::json!({
            "name": "continuum",
            "engine": "augmenting-path local search + min-cost flow",
            "seconds": secs(),
            "stage1Seconds": stage1_t,
            "threads": opts.threads,
            "seed": opts.seed,
            "units": m.units.len(),
            "stage1": stage1,
            "providerBound": provider_bound,
            "costLowerBound": cost_bound,
            "exactNodes": exact_nodes,
            "bundlingExact": exact,
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::{Bounds, MAX_SPLITS, active_workers, extra_splits, split_bounds};
    use crate::alike::Alike;
    use crate::exact::Exact;
    use crate::{Instance, Options, plan};
    use std::time::{Duration, Instant};

    /// The searches of one provider subset that split its extra team member differently:
    /// another split's root prices raise the bound of the search that holds the optimum
    /// (`gen_instance.py` 30-minute-block 40 / 4 seed 2), never above the optimum.
    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_siblings_prices_raise_a_root_but_not_above_its_optimum() {
        let inst =
            Instance::parse(include_str!("../tests/data/gen_instance-40-4-2-30min.json")).unwrap();
        let p = plan(
            &inst,
            &Options {
                time_limit: Duration::from_secs(30),
                ..Options::default()
            },
        );
        let objective = p.objective.unwrap();
        let used = p.provider_ids.unwrap();
        let ix = &inst.index;
        let d = inst.data();
        let m = crate::model::build(ix, usize::try_from(d.group_size).unwrap());
        let providers: Vec<bool> = d
            .providers
            .iter()
            .map(|pr| used.contains(&pr.provider_id))
            .collect();
        let deadline = Instant::now() + Duration::from_secs(60);
        let (lbk, lbs) = Bounds {
            cache: std::collections::HashMap::new(),
            deadline,
        }
        .get(ix, &m, &providers);
        let slack = objective.distinct_workers_per_class - m.pgb_pairs - lbk;
        assert_eq!(slack, 1, "one member beyond the class bounds");
        let with_units = m.classes_with_units();
        let alike = Alike::new(ix, &active_workers(ix, &providers));
        let opened = |split: &[u64], incumbent: u64| {
            let mut ex = Exact::new(
                ix,
                &alike,
                &m,
                split_bounds(&lbs, &with_units, split),
                deadline,
                incumbent,
            );
            assert!(ex.prepare(0, false));
            ex
        };
        let splits = extra_splits(with_units.len(), slack, MAX_SPLITS);
        assert_eq!(splits.len(), 4);
        // the split whose search finds the optimum
        let best = splits
            .iter()
            .position(|sp| {
                let mut ex = opened(sp, objective.cost_cents + 1);
                assert!(ex.search());
                ex.best_assign.is_some()
            })
            .unwrap();
        let mut raised = 0;
        for (k, sp) in splits.iter().enumerate().filter(|&(k, _)| k != best) {
            let mut donor = opened(sp, u64::MAX);
            donor.close_root();
            let mut ex = opened(&splits[best], u64::MAX);
            let before = ex.root_bound;
            ex.warm(donor.root_prices().unwrap());
            assert!(
                ex.root_bound <= objective.cost_cents,
                "split {k}'s prices: {} above the optimum {}",
                ex.root_bound,
                objective.cost_cents
            );
            if ex.root_bound > before {
                raised += 1;
            }
            // from there the search still finds the optimum
            ex.best_cost = objective.cost_cents + 1;
            assert!(ex.search());
            assert_eq!(ex.best_cost, objective.cost_cents, "split {k}'s prices");
        }
        assert!(raised >= 2, "raised by {raised} of the other splits");
        // a probe from the open root (as beside a closing root): left to run, it finds
        // the optimum and shares its cost; told to stop, it does nothing; either way the
        // root stays open, its bound that of the flow's prices
        let feed = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
        let mut ex = opened(&splits[best], u64::MAX);
        let open_bound = ex.root_bound;
        ex.probe(feed.clone(), std::sync::Arc::default());
        let (cost, assign) = ex.take_roster().unwrap();
        assert_eq!(cost, objective.cost_cents);
        assert_eq!(super::mcf_cost(ix, &m, &assign), cost);
        assert_eq!(feed.load(std::sync::atomic::Ordering::Relaxed), cost);
        assert!(!ex.closed() && ex.root_bound == open_bound);
        let mut ex = opened(&splits[best], u64::MAX);
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        ex.probe(feed, stop);
        assert!(ex.take_roster().is_none() && ex.nodes == 0);
    }

    /// Every split of the extra members over the classes, once each, each adding up to
    /// them: C(n + e - 1, e) of them; none above the limit.
    #[test]
    fn the_extra_members_split_over_the_classes_in_every_way() {
        for (n, extra, count) in [
            (1, 0, 1),
            (1, 3, 1),
            (3, 0, 1),
            (4, 1, 4),
            (3, 2, 6),
            (4, 2, 10),
        ] {
            let splits = extra_splits(n, extra, 100);
            assert_eq!(splits.len(), count, "{n} classes, {extra} extra");
            for s in &splits {
                assert_eq!(s.len(), n);
                assert_eq!(s.iter().sum::<u64>(), extra);
            }
            let mut unique = splits.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), splits.len());
        }
        assert!(extra_splits(4, 2, 9).is_empty());
        assert_eq!(extra_splits(4, 2, 10).len(), 10);
        assert!(extra_splits(0, 1, 10).is_empty());
    }
}
