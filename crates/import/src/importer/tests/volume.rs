//! A region's worth of pupils. Ignored by default; run in release mode to see the time:
//! `cargo test -p continuum-import --release -- --ignored --nocapture`.

use super::*;
use continuum_domain::pgn::bsn_from_prefix;
use std::fmt::Write;

#[test]
#[ignore = "volume check; run in release mode"]
fn a_hundred_thousand_pupils_with_enrolments_are_read() {
    let mut pupils = String::from("pgn,given_name,family_name,birth_date,municipality,insurer\n");
    let mut enrolments = String::from("pgn,school,class,valid_from,valid_until\n");
    let mut n = 0;
    let mut prefix = 20_000_000;
    while n < 100_000 {
        prefix += 1;
        let Some(bsn) = bsn_from_prefix(prefix) else {
            continue;
        };
        let bsn = bsn.as_str();
        let _ = writeln!(pupils, "{bsn},Leerling,Nummer {n},2016-03-14,GM0855,3311");
        let class = if n % 2 == 0 { "SO-1" } else { "SO-2" };
        let _ = writeln!(enrolments, "{bsn},12AB00,{class},2026-08-01,2027-07-31");
        n += 1;
    }
    let start = std::time::Instant::now();
    let batch = import_csv(
        region_known(),
        &[("pupils.csv", &pupils), ("enrolments.csv", &enrolments)],
    )
    .unwrap();
    let elapsed = start.elapsed();
    assert_eq!((batch.pupils.len(), batch.facts.len()), (100_000, 100_000));
    println!("100,000 pupils and 100,000 enrolments read in {elapsed:?}");
}
