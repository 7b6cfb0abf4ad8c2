//! Benchmark: leerplicht status plus responsibility for every pupil of a country-sized
//! set (1,000,000 pupils), in batch (no trace) on all cores, and the cost of traces.
//!
//!     cargo bench -p continuum-rules --bench batch          # 1,000,000 pupils
//!     PUPILS=200000 cargo bench -p continuum-rules --bench batch
//!
//! Figures and machine: docs/benchmarks/rules.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::register::{CareLaw, DeliveryForm, NeedCategory};
use continuum_rules::leerplichtwet::{LeerplichtBatch, LeerplichtFacts, leerplicht_status};
use continuum_rules::voorliggendheid::{
    IndicationRef, Need, Party, ResponsibilityFacts, ZioAgreementRef, responsibility,
};
use continuum_rules::{NoTrace, Params, Trace};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

const CATEGORIES: [NeedCategory; 9] = NeedCategory::ALL;

/// A deterministic, varied population: ages 4–20, every need category, a mix of
/// indications (Wlz, Zvw, Jeugdwet; ZIN and PGB) and ZiO agreements.
fn population(n: usize) -> Vec<(LeerplichtFacts, ResponsibilityFacts)> {
    let mut rng = fastrand::Rng::with_seed(2026);
    // The country's organisations, each once (342 municipalities, 31 zorgkantoren, …),
    // shared by the pupils as the register shares them.
    let pool = |base: u128, n: u128, name: &str| -> Vec<Arc<Party>> {
        (0..n)
            .map(|k| {
                Arc::new(Party {
                    id: OrgId::from_u128(base + k),
                    name: format!("{name} {k}"),
                })
            })
            .collect()
    };
    let municipalities = pool(1000, 342, "Gemeente");
    let zorgkantoren = pool(2000, 31, "Zorgkantoor");
    let insurers = pool(3000, 4, "Verzekeraar");
    let school = Arc::new(Party {
        id: OrgId::from_u128(4000),
        name: "SO De Regenboog".into(),
    });
    let swv = Arc::new(Party {
        id: OrgId::from_u128(5000),
        name: "SWV PO 30-07".into(),
    });
    let base = Date::from_ymd_opt(2006, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            let birth_date = base + chrono::Days::new(rng.u64(0..(16 * 365)));
            let category = CATEGORIES[rng.usize(0..CATEGORIES.len())];
            let municipality = Arc::clone(&municipalities[rng.usize(0..municipalities.len())]);
            let law = match rng.u8(0..10) {
                0 => Some(CareLaw::Wlz),
                1 | 2 => Some(CareLaw::Zvw),
                3..=7 => Some(CareLaw::Jeugdwet),
                _ => None,
            };
            let zk = Arc::clone(&zorgkantoren[rng.usize(0..zorgkantoren.len())]);
            let insurer = Arc::clone(&insurers[rng.usize(0..insurers.len())]);
            let indications = law
                .map(|law| {
                    let funder = match law {
                        CareLaw::Wlz => zk.id,
                        CareLaw::Zvw => insurer.id,
                        _ => municipality.id,
                    };
                    let delivery = if rng.u8(0..10) == 0 {
                        DeliveryForm::Pgb
                    } else {
                        DeliveryForm::Zin
                    };
                    vec![IndicationRef {
                        law,
                        funder,
                        delivery,
                        category,
                    }]
                })
                .unwrap_or_default();
            let zio_agreements = if i % 3 == 0 {
                vec![ZioAgreementRef {
                    name: "ZiO-afspraak".into(),
                    funders: vec![municipality.id, zk.id],
                    categories: CATEGORIES.to_vec(),
                }]
            } else {
                vec![]
            };
            let need = Need {
                category,
                education_related: category == NeedCategory::Onderwijsondersteuning,
                medical: category == NeedCategory::Verzorging && rng.bool(),
            };
            let facts = ResponsibilityFacts {
                need,
                birth_date,
                indications,
                municipality: Some(municipality),
                insurer: Some(insurer),
                zorgkantoor: Some(zk),
                school: Some(Arc::clone(&school)),
                swv: Some(Arc::clone(&swv)),
                zio_agreements,
            };
            (
                LeerplichtFacts {
                    birth_date,
                    ..LeerplichtFacts::default()
                },
                facts,
            )
        })
        .collect()
}

fn run_untraced(pupils: &[(LeerplichtFacts, ResponsibilityFacts)], on: Date, p: &Params) -> usize {
    let mut ok = 0;
    let mut leerplicht = LeerplichtBatch::new(on, p);
    for (lp, resp) in pupils {
        let a = leerplicht.status(lp);
        let b = responsibility(resp, on, p, &mut NoTrace);
        ok += usize::from(black_box(a.is_ok()) && black_box(b.is_ok()));
    }
    ok
}

fn main() {
    let n: usize = std::env::var("PUPILS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let params = Params::embedded().unwrap();
    let on = Date::from_ymd_opt(2026, 11, 23).unwrap();
    let t = Instant::now();
    let pupils = population(n);
    println!(
        "rules batch benchmark (release build): {n} pupils generated in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // Batch, no trace, all cores: the pupils split over the available threads.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for round in 0..3 {
        let t = Instant::now();
        let ok: usize = std::thread::scope(|s| {
            let handles: Vec<_> = pupils
                .chunks(n.div_ceil(threads))
                .map(|chunk| s.spawn(|| run_untraced(chunk, on, &params)))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(ok, n, "every pupil evaluates");
        println!(
            "  run {}: {threads} threads, no trace: {:.3} s = {:.1} M pupils/s ({:.1} M rule decisions/s)",
            round + 1,
            secs,
            n as f64 / secs / 1e6,
            2.0 * n as f64 / secs / 1e6
        );
    }

    // Each rule alone, one thread, to see where the time goes; leerplicht also without the
    // batch evaluator (one call of the rule per pupil).
    let t = Instant::now();
    let mut batch = LeerplichtBatch::new(on, &params);
    let ok = pupils
        .iter()
        .filter(|(lp, _)| black_box(batch.status(lp)).is_ok())
        .count();
    let lp_secs = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let ok_single = pupils
        .iter()
        .filter(|(lp, _)| black_box(leerplicht_status(lp, on, &params, &mut NoTrace)).is_ok())
        .count();
    let lp_single_secs = t.elapsed().as_secs_f64();
    assert_eq!(ok_single, n);
    let t = Instant::now();
    let ok2 = pupils
        .iter()
        .filter(|(_, r)| black_box(responsibility(r, on, &params, &mut NoTrace)).is_ok())
        .count();
    let resp_secs = t.elapsed().as_secs_f64();
    assert_eq!((ok, ok2), (n, n));
    println!(
        "  1 thread, per rule: leerplicht in batch {:.3} s ({:.0} ns/pupil; one call per pupil {:.0} ns), responsibility {:.3} s ({:.0} ns/pupil)",
        lp_secs,
        lp_secs * 1e9 / n as f64,
        lp_single_secs * 1e9 / n as f64,
        resp_secs,
        resp_secs * 1e9 / n as f64
    );

    // Traces on demand: one thread, every decision with its full reasoning.
    let sample = &pupils[..n.min(200_000)];
    let t = Instant::now();
    let mut steps = 0usize;
    for (lp, resp) in sample {
        let mut trace = Trace::default();
        leerplicht_status(lp, on, &params, &mut trace).unwrap();
        responsibility(resp, on, &params, &mut trace).unwrap();
        steps += trace.steps.len();
    }
    let secs = t.elapsed().as_secs_f64();
    let one = {
        let t = Instant::now();
        let ok = run_untraced(sample, on, &params);
        assert_eq!(ok, sample.len());
        t.elapsed().as_secs_f64()
    };
    println!(
        "  traced, 1 thread: {} pupils in {:.3} s = {:.2} M pupils/s, {:.1} steps per pupil; untraced on 1 thread {:.3} s: traces cost {:.0}x",
        sample.len(),
        secs,
        sample.len() as f64 / secs / 1e6,
        steps as f64 / sample.len() as f64,
        one,
        secs / one
    );
}
