//! `cargo run -p continuum-zio --release --example zio_sweep -- PUPILS:CLASSES FIRST_SEED COUNT [SECONDS] [OUT_DIR]`
//! plans COUNT generated schools (seeds FIRST_SEED..) of one size, one line per school
//! (seconds, status, objective, gap, per-stage figures), then the distribution: how many
//! were proven optimal, and the median and maximum time. With OUT_DIR, every instance and
//! plan is written there (`i-N-C-S.json`, `p-N-C-S.json`) for `verify.py`.
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: zio_sweep PUPILS:CLASSES FIRST_SEED COUNT [SECONDS] [OUT_DIR]";
    let size = args.get(1).ok_or(usage)?;
    let (n, c) = size.split_once(':').ok_or(usage)?;
    let (n, c): (usize, usize) = (n.parse()?, c.parse()?);
    let first: u64 = args.get(2).ok_or(usage)?.parse()?;
    let count: u64 = args.get(3).ok_or(usage)?.parse()?;
    let secs: f64 = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(1.0);
    let out = args.get(5);
    let mut times = Vec::new();
    let mut optimal = 0;
    for seed in first..first + count {
        let o = continuum_zio::generator::GenOptions::new(n, c, seed);
        let data = continuum_zio::generator::generate(&o)?;
        let instance = continuum_zio::Instance::from_data(data)?;
        let opts = continuum_zio::Options {
            time_limit: Duration::from_secs_f64(secs),
            ..Default::default()
        };
        let t = Instant::now();
        let plan = continuum_zio::plan(&instance, &opts);
        let el = t.elapsed().as_secs_f64();
        let violations = continuum_zio::validate(&instance, &plan);
        if plan.status == continuum_zio::Status::Optimal {
            optimal += 1;
        }
        times.push(el);
        let solver = plan.solver.clone().unwrap_or_default();
        println!(
            "{n}/{c} seed {seed}: {el:.3}s {:?} {:?} lb={:?} gap={:?} violations={} workers={} stage1={:.3}s nodes={}",
            plan.status,
            plan.objective.map(|o| o.tuple()),
            plan.lower_bound.map(|l| l.distinct_workers_per_class),
            plan.gap.as_ref().map(|g| (
                g.stage.clone(),
                g.value,
                g.bound,
                (g.relative_gap * 1000.0).round() / 10.0
            )),
            violations.len(),
            instance
                .data()
                .providers
                .iter()
                .map(|p| p.workers.len())
                .sum::<usize>(),
            solver["stage1Seconds"].as_f64().unwrap_or(0.0),
            solver["exactNodes"],
        );
        if let Some(dir) = out {
            std::fs::write(
                format!("{dir}/i-{n}-{c}-{seed}.json"),
                serde_json::to_string_pretty(instance.data())?,
            )?;
            std::fs::write(
                format!("{dir}/p-{n}-{c}-{seed}.json"),
                serde_json::to_string_pretty(&plan)?,
            )?;
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    let max = times.last().copied().unwrap_or(0.0);
    println!(
        "{n}/{c}: {optimal}/{} proven optimal, median {median:.3}s, max {max:.3}s",
        times.len()
    );
    Ok(())
}
