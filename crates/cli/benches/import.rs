//! Benchmark: import 100,000 pupils (with enrolments and indications) from CSV into a
//! fresh embedded SQLite database, through the same path as `continuum import`.
//!
//!     cargo bench -p continuum --bench import            # 100,000 pupils
//!     PUPILS=20000 cargo bench -p continuum --bench import
//!
//! Figures and the machine they were measured on: docs/benchmarks/import.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use continuum_import::{Importer, Known};
use continuum_store::Store;
use std::time::Instant;

fn main() {
    let pupils: usize = std::env::var("PUPILS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let batch = continuum_demo::country(7, pupils);
    let generated = t.elapsed();
    let files = continuum_import::write_csv_dir(&batch, dir.path()).unwrap();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    drop(batch);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = dir.path().join("bench.sqlite");
        let store = continuum_store_sql::sqlite::SqlStore::open_file(&db)
            .await
            .unwrap();

        let t = Instant::now();
        let mut importer = Importer::new(Known::default());
        for f in &files {
            importer.read_file(f, None).unwrap();
        }
        let batch = importer.finish();
        let parsed = t.elapsed();
        let (n_pupils, n_facts, n_orgs) = (
            batch.pupils.len(),
            batch.facts.len(),
            batch.organisations.len(),
        );

        let t = Instant::now();
        store.import(batch, "bench").await.unwrap();
        let stored = t.elapsed();

        let total = parsed + stored;
        println!("import benchmark (SQLite, release build)");
        println!(
            "  generated {pupils} pupils in {:.2} s; CSV {:.1} MB in {} files",
            generated.as_secs_f64(),
            bytes as f64 / 1e6,
            files.len()
        );
        println!("  records: {n_orgs} organisations, {n_pupils} pupils, {n_facts} facts");
        println!("  parse + check:   {:>6.2} s", parsed.as_secs_f64());
        println!("  store (1 tx):    {:>6.2} s", stored.as_secs_f64());
        println!(
            "  total:           {:>6.2} s  ({:.0} pupils/s)",
            total.as_secs_f64(),
            n_pupils as f64 / total.as_secs_f64()
        );
    });
}
