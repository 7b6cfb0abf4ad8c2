//! `cargo bench -p continuum-zio --bench plan`: the example instances, the 400 / 36
//! instance and a country-sized set of ~330 cluster 3/4 schools (~70,000 pupils), with
//! plain `std::time::Instant` timing. Prints one table; the figures go to
//! `docs/benchmarks/zio.md`. Set `ZIO_BENCH_COUNTRY=0` to skip the country run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use continuum_zio::generator::{GenOptions, generate};
use continuum_zio::{Instance, Options, Status, per_class, plan, validate, workers_before};

fn load(name: &str) -> Instance {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    Instance::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn main() {
    println!(
        "| instance | limit | seconds | status | stage 1 | lower bound | gap | providers | cost (cents) | before / class | after / class |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (name, limit) in [
        ("instance-20-2.json", 1.0),
        ("instance-60-6.json", 5.0),
        ("instance-200-20.json", 5.0),
        ("instance-400-36.json", 10.0),
    ] {
        let inst = load(name);
        let opts = Options {
            time_limit: Duration::from_secs_f64(limit),
            ..Options::default()
        };
        let t = Instant::now();
        let p = plan(&inst, &opts);
        let secs = t.elapsed().as_secs_f64();
        let violations = validate(&inst, &p);
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let o = p.objective.unwrap();
        let lb = p.lower_bound.map_or(0, |l| l.distinct_workers_per_class);
        let gap = p.gap.as_ref().map_or("0".to_owned(), |g| {
            format!("{} {:.1}%", g.stage, 100.0 * g.relative_gap)
        });
        println!(
            "| {name} | {limit} s | {secs:.2} | {:?} | {} | {lb} | {gap} | {} | {} | {:.2} | {:.2} |",
            p.status,
            o.distinct_workers_per_class,
            o.providers,
            o.cost_cents,
            per_class(&inst, workers_before(&inst)),
            per_class(&inst, o.distinct_workers_per_class),
        );
    }
    if std::env::var("ZIO_BENCH_COUNTRY").is_ok_and(|v| v == "0") {
        return;
    }
    country();
}

/// One school's outcome in the country run.
struct School {
    before: u64,
    after: u64,
    lb: u64,
    cost: u64,
    valid: bool,
    optimal: bool,
    stage1_optimal: bool,
}

fn plan_school(inst: &Instance) -> School {
    let limit = 0.012 * inst.data().classes.len() as f64;
    let opts = Options {
        time_limit: Duration::from_secs_f64(limit),
        threads: 1,
        ..Options::default()
    };
    let p = plan(inst, &opts);
    let (after, cost) = p
        .objective
        .map_or((0, 0), |o| (o.distinct_workers_per_class, o.cost_cents));
    let lb = p.lower_bound.map_or(0, |l| l.distinct_workers_per_class);
    School {
        before: workers_before(inst),
        after,
        lb,
        cost,
        valid: validate(inst, &p).is_empty() && p.roster.is_some(),
        optimal: p.status == Status::Optimal,
        stage1_optimal: p.roster.is_some() && after == lb,
    }
}

/// ~330 schools with 6–34 classes of 9–12 pupils (about 70,000 pupils), planned two at a
/// time (one thread each) with a budget of 12 ms per class.
fn country() {
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut schools = Vec::new();
    for i in 0..330u64 {
        let classes = rng.usize(6..=34);
        let pupils = classes * rng.usize(9..=12);
        let data = generate(&GenOptions::new(pupils, classes, 1000 + i)).unwrap();
        schools.push(Instance::from_data(data).unwrap());
    }
    let pupils: usize = schools.iter().map(|s| s.data().pupils.len()).sum();
    let classes: usize = schools.iter().map(|s| s.data().classes.len()).sum();
    let t = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Vec<School> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    while let Some(inst) = schools.get(next.fetch_add(1, Ordering::Relaxed)) {
                        out.push(plan_school(inst));
                    }
                    out
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let secs = t.elapsed().as_secs_f64();
    let before: u64 = results.iter().map(|r| r.before).sum();
    let after: u64 = results.iter().map(|r| r.after).sum();
    let lb: u64 = results.iter().map(|r| r.lb).sum();
    let cost: u64 = results.iter().map(|r| r.cost).sum();
    let valid = results.iter().filter(|r| r.valid).count();
    let optimal = results.iter().filter(|r| r.optimal).count();
    let stage1_optimal = results.iter().filter(|r| r.stage1_optimal).count();
    println!();
    println!(
        "| country set | schools | pupils | classes | seconds | valid plans | stage 1 proven optimal | fully proven optimal | Σ stage 1 | Σ lower bound | gap | Σ cost (cents) | before / class | after / class |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| 330 generated schools | {} | {pupils} | {classes} | {secs:.1} | {valid} | {stage1_optimal} | {optimal} | {after} | {lb} | {:.1}% | {cost} | {:.2} | {:.2} |",
        schools.len(),
        100.0 * after.saturating_sub(lb) as f64 / after.max(1) as f64,
        before as f64 / classes as f64,
        after as f64 / classes as f64,
    );
}
