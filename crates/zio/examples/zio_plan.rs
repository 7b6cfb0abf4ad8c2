//! `cargo run -p continuum-zio --release --example zio_plan -- INSTANCE.json [SECONDS] [OUT.json]`
//! plans one instance (or `gen:PUPILS:CLASSES:SEED`, a generated school) and prints a one-line summary (the plan goes to OUT.json).
use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: zio_plan INSTANCE.json [SECONDS] [OUT.json]")?;
    let secs: f64 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(5.0);
    // `gen:PUPILS:CLASSES:SEED` plans a school from the crate's generator instead of a file
    let instance = if let Some(spec) = path.strip_prefix("gen:") {
        let v: Vec<u64> = spec.split(':').map(str::parse).collect::<Result<_, _>>()?;
        let (Some(&n), Some(&c), Some(&seed)) = (v.first(), v.get(1), v.get(2)) else {
            return Err("gen:PUPILS:CLASSES:SEED".into());
        };
        let o = continuum_zio::generator::GenOptions::new(n as usize, c as usize, seed);
        continuum_zio::Instance::from_data(continuum_zio::generator::generate(&o)?)?
    } else {
        continuum_zio::Instance::parse(&std::fs::read_to_string(path)?)?
    };
    let opts = continuum_zio::Options {
        time_limit: Duration::from_secs_f64(secs),
        // ZIO_THREADS=1 makes a run deterministic (for comparing two builds)
        threads: match std::env::var("ZIO_THREADS") {
            Ok(t) => t.parse()?,
            Err(_) => continuum_zio::Options::default().threads,
        },
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let plan = continuum_zio::plan(&instance, &opts);
    let el = t.elapsed().as_secs_f64();
    let violations = continuum_zio::validate(&instance, &plan);
    println!(
        "{path}: {:.2}s status={:?} objective={:?} lb={:?} gap={:?} violations={} before={:.2}/class",
        el,
        plan.status,
        plan.objective.map(|o| o.tuple()),
        plan.lower_bound.map(|l| l.distinct_workers_per_class),
        plan.gap
            .as_ref()
            .map(|g| (g.stage.clone(), g.value, g.bound)),
        violations.len(),
        continuum_zio::per_class(&instance, continuum_zio::workers_before(&instance)),
    );
    for v in violations.iter().take(10) {
        println!("  {v}");
    }
    for e in &plan.explanations {
        println!(
            "  {:?} {:?} {:?} {}/{} {}",
            e.rule, e.slot_id, e.qualification, e.required, e.available, e.message
        );
    }
    if let Some(out) = args.get(3) {
        std::fs::write(out, serde_json::to_string_pretty(&plan)?)?;
    }
    Ok(())
}
