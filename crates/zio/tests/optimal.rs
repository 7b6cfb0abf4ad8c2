//! Proven optima: the planner's `optimal` plans checked against an exhaustive search on
//! tiny schools (need by need, with no units, teams or flows), and against an independent
//! model on generated 30-pupil schools. Every plan also passes `validate`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use continuum_zio::generator::{GenOptions, generate};
use continuum_zio::{Instance, InstanceData, Mode, Options, Status, plan, validate};
use serde_json::json;

fn opts(secs: f64) -> Options {
    Options {
        time_limit: Duration::from_secs_f64(secs),
        ..Options::default()
    }
}

/// A tiny random school: two classes on a grid of four slots over two days, two pupils
/// per class with at most one need each, four workers of up to three providers.
fn tiny(seed: u64) -> InstanceData {
    tiny_school(seed, false)
}

/// [`tiny`], but with `alike` workers 2 and 3 have the qualifications, weekdays and rate
/// of workers 0 and 1 (and limits of their own).
fn tiny_school(seed: u64, alike: bool) -> InstanceData {
    let mut rng = fastrand::Rng::with_seed(seed);
    let slots = ["d1-0830", "d1-0930", "d2-0830", "d2-0930"];
    let day = |s: &str| if s.starts_with("d1") { 1 } else { 2 };
    let mut needs = Vec::new();
    let mut pupils = Vec::new();
    for p in 0..4 {
        let pid = format!("l{p}");
        let class = if p < 2 { "k01" } else { "k02" };
        pupils.push(json!({"pupilId": pid, "classId": class}));
        if rng.u8(..5) == 0 {
            continue;
        }
        let mut chosen: Vec<&str> = slots.iter().copied().filter(|_| rng.bool()).collect();
        if chosen.is_empty() {
            chosen.push(slots[rng.usize(..4)]);
        }
        chosen.truncate(2);
        let qual = if rng.u8(..4) == 0 {
            json!("gedrag")
        } else {
            json!(null)
        };
        needs.push(
            json!({"needId": format!("n{p}"), "pupilId": pid, "category": "gedrag",
            "mode": if rng.bool() { "group" } else { "individual" },
            "requiredQualification": qual, "funderId": "f01", "slotIds": chosen}),
        );
    }
    let n_prov = rng.usize(2..=3);
    let mut providers: Vec<serde_json::Value> = (0..n_prov)
        .map(|p| json!({"providerId": format!("p{p}"), "name": "P", "workers": []}))
        .collect();
    let mut drawn: Vec<(serde_json::Value, Vec<i64>, i64)> = Vec::new();
    for w in 0..4 {
        let days: Vec<i64> = if rng.u8(..3) == 0 {
            vec![rng.i64(1..=2)]
        } else {
            vec![1, 2]
        };
        let quals = if w == 0 || rng.u8(..3) == 0 {
            json!(["gedrag"])
        } else {
            json!([])
        };
        let (week, day) = (rng.i64(2..=4), rng.i64(1..=2));
        drawn.push((quals, days, rng.i64(42..=75) * 100));
        let (quals, days, rate) = drawn[if alike && w >= 2 { w - 2 } else { w }].clone();
        let worker = json!({"workerId": format!("w{w}"), "name": "W", "qualifications": quals,
            "availableWeekdays": days, "maxSlotsPerWeek": week,
            "maxSlotsPerDay": day, "hourlyCostCents": rate});
        let p = if w < n_prov { w } else { rng.usize(..n_prov) };
        providers[p]["workers"].as_array_mut().unwrap().push(worker);
    }
    let slot_data: Vec<serde_json::Value> = slots
        .iter()
        .map(|s| json!({"slotId": s, "isoWeekday": day(s), "startTime": format!("{}:{}", &s[3..5], &s[5..]), "minutes": 60}))
        .collect();
    let v = json!({
        "formatVersion": "zio-plan/1", "instanceId": format!("tiny-{seed}"),
        "groupSize": 2, "maxProviders": 2, "slots": slot_data,
        "classes": [{"classId": "k01", "name": "A", "slotIds": slots},
                    {"classId": "k02", "name": "B", "slotIds": slots}],
        "funders": [{"funderId": "f01", "kind": "jeugdwet", "name": "G"}],
        "pupils": pupils, "needs": needs, "providers": providers, "pgbWorkers": []
    });
    serde_json::from_value(v).unwrap()
}

/// The lexicographic optimum within the provider limit by exhaustive search over which
/// worker serves each (need, slot), straight from the hard rules of FORMAT.md §2.
fn brute_force(d: &InstanceData) -> Option<[u64; 3]> {
    struct W {
        provider: usize,
        quals: Vec<String>,
        days: Vec<i64>,
        max_day: i64,
        max_week: i64,
        rate: i64,
    }
    let workers: Vec<W> = d
        .providers
        .iter()
        .enumerate()
        .flat_map(|(p, pd)| {
            pd.workers.iter().map(move |w| W {
                provider: p,
                quals: w.qualifications.clone(),
                days: w
                    .available_weekdays
                    .clone()
                    .unwrap_or_else(|| (1..=7).collect()),
                max_day: w.max_slots_per_day,
                max_week: w.max_slots_per_week,
                rate: w.hourly_cost_cents,
            })
        })
        .collect();
    let slot_day: HashMap<&str, i64> = d
        .slots
        .iter()
        .map(|s| (s.slot_id.as_str(), s.iso_weekday))
        .collect();
    let class_of: HashMap<&str, &str> = d
        .pupils
        .iter()
        .map(|p| (p.pupil_id.as_str(), p.class_id.as_str()))
        .collect();
    // (class, slot, individual?, candidate workers) per (need, slot)
    let mut items: Vec<(&str, &str, bool, Vec<usize>)> = Vec::new();
    for n in &d.needs {
        for s in &n.slot_ids {
            let day = slot_day[s.as_str()];
            let cands = (0..workers.len())
                .filter(|&w| {
                    workers[w].days.contains(&day)
                        && n.required_qualification
                            .as_ref()
                            .is_none_or(|q| workers[w].quals.contains(q))
                })
                .collect();
            items.push((
                class_of[n.pupil_id.as_str()],
                s.as_str(),
                n.mode == Mode::Individual,
                cands,
            ));
        }
    }
    let g = d.group_size as usize;
    let limit = d.max_providers.unwrap_or(i64::MAX) as usize;
    let mut choice = vec![0usize; items.len()];
    let mut best: Option<[u64; 3]> = None;
    fn rec(
        i: usize,
        items: &[(&str, &str, bool, Vec<usize>)],
        choice: &mut Vec<usize>,
        eval: &dyn Fn(&[usize]) -> Option<[u64; 3]>,
        best: &mut Option<[u64; 3]>,
    ) {
        if i == items.len() {
            if let Some(v) = eval(choice)
                && best.is_none_or(|b| v < b)
            {
                *best = Some(v);
            }
            return;
        }
        for &w in &items[i].3 {
            choice[i] = w;
            rec(i + 1, items, choice, eval, best);
        }
    }
    let eval = |choice: &[usize]| -> Option<[u64; 3]> {
        // entries: (worker, slot) -> (class, individual count, group count)
        let mut entries: HashMap<(usize, &str), (&str, usize, usize)> = HashMap::new();
        for (k, &w) in choice.iter().enumerate() {
            let (class, slot, ind, _) = &items[k];
            let e = entries.entry((w, slot)).or_insert((class, 0, 0));
            if e.0 != *class {
                return None; // one place per slot
            }
            if *ind {
                e.1 += 1;
            } else {
                e.2 += 1;
            }
            if e.1 > 1 || (e.1 == 1 && e.2 > 0) || e.2 > g {
                return None;
            }
        }
        let mut per_day: HashMap<(usize, i64), i64> = HashMap::new();
        let mut per_week: HashMap<usize, i64> = HashMap::new();
        let mut pairs = HashSet::new();
        let mut providers = HashSet::new();
        let mut cost = 0;
        for (&(w, slot), &(class, _, _)) in &entries {
            *per_day.entry((w, slot_day[slot])).or_default() += 1;
            *per_week.entry(w).or_default() += 1;
            pairs.insert((w, class));
            providers.insert(workers[w].provider);
            cost += workers[w].rate;
        }
        if per_day.iter().any(|(&(w, _), &n)| n > workers[w].max_day)
            || per_week.iter().any(|(&w, &n)| n > workers[w].max_week)
            || providers.len() > limit
        {
            return None;
        }
        Some([pairs.len() as u64, providers.len() as u64, cost as u64])
    };
    if items.iter().any(|x| x.3.is_empty()) {
        return None;
    }
    rec(0, &items, &mut choice, &eval, &mut best);
    best
}

/// Plans the schools `school(seed)` that have a roster within the provider limit, on each
/// of `threads`, and checks each plan against [`brute_force`]; returns how many.
fn match_exhaustive_search(
    school: &dyn Fn(u64) -> InstanceData,
    seeds: std::ops::Range<u64>,
    threads: &[usize],
) -> usize {
    let mut checked = 0;
    for seed in seeds {
        let d = school(seed);
        let Some(expected) = brute_force(&d) else {
            continue; // no roster within the provider limit: not this test's subject
        };
        let i = Instance::from_data(d).unwrap();
        for &threads in threads {
            let p = plan(
                &i,
                &Options {
                    threads,
                    ..opts(20.0)
                },
            );
            let v = validate(&i, &p);
            assert!(v.is_empty(), "seed {seed}: {v:?}");
            assert_eq!(p.status, Status::Optimal, "seed {seed}: {:?}", p.gap);
            assert_eq!(p.objective.unwrap().tuple(), expected, "seed {seed}");
        }
        checked += 1;
    }
    checked
}

#[test]
fn tiny_schools_match_exhaustive_search() {
    let checked = match_exhaustive_search(&tiny, 0..60, &[Options::default().threads]);
    assert!(checked >= 30, "only {checked} tiny schools had a roster");
}

/// The same with pairs of workers who differ only in their daily and weekly limits, or
/// not at all: the search looks at one of two team combinations that differ by a swap of
/// such workers, on a relaxation with the larger limits, and tries both at its leaves
/// (`continuum_zio`'s `alike` module). It fails when a leaf tries only itself, or when
/// the search skips the swapped teams on the instance's own limits.
#[test]
fn tiny_schools_with_alike_workers_match_exhaustive_search() {
    let checked = match_exhaustive_search(&|seed| tiny_school(seed, true), 0..120, &[1, 2]);
    assert!(checked >= 60, "only {checked} tiny schools had a roster");
}

/// Generated 30-pupil schools (3 classes, 11–23 workers) are proven optimal in all three
/// stages. The expected tuples were proven by an independent mixed-integer model (need
/// types per class and slot, no units or teams; `HiGHS` 1.16) on the same instances.
#[test]
fn generated_30_pupil_schools_are_proven_optimal() {
    for (seed, expected) in [
        (1, [11, 2, 475_300]),
        (2, [9, 2, 523_800]),
        (6, [11, 2, 388_100]),
        (7, [7, 1, 483_000]),
        (10, [11, 2, 530_000]),
    ] {
        let i = Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
        // the cost search on one thread, and split over two
        for threads in [1, 2] {
            let o = Options {
                threads,
                ..opts(60.0)
            };
            let p = plan(&i, &o);
            let v = validate(&i, &p);
            assert!(v.is_empty(), "seed {seed}: {v:?}");
            assert_eq!(p.status, Status::Optimal, "seed {seed}: {:?}", p.gap);
            assert_eq!(p.objective.unwrap().tuple(), expected, "seed {seed}");
            assert!(p.gap.is_none());
        }
    }
}
