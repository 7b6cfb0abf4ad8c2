//! Country-sized sets for benchmarks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod check;

use std::collections::HashSet;
use std::time::Instant;

use continuum_demo::country;
use continuum_domain::register::{OrgDetails, OrgKind};

#[test]
fn a_country_of_100000_pupils_has_100000_pupils_with_unique_pgns() {
    let start = Instant::now();
    let batch = country(1, 100_000);
    println!(
        "100,000 pupils in {:?}: {:?}",
        start.elapsed(),
        batch.counts()
    );
    assert_eq!(batch.pupils.len(), 100_000);
    let pgns: HashSet<&str> = batch.pupils.iter().map(|(_, p)| p.pgn.as_str()).collect();
    assert_eq!(pgns.len(), 100_000);
    let count = |k: OrgKind| {
        batch
            .organisations
            .iter()
            .filter(|(_, o)| o.details.kind() == k)
            .count()
    };
    assert_eq!(count(OrgKind::Gemeente), 342);
    assert_eq!(count(OrgKind::Zorgkantoor), 31);
    assert_eq!(count(OrgKind::Swv), 150);
    let special = batch
        .organisations
        .iter()
        .filter(|(_, o)| {
            matches!(
                o.details,
                OrgDetails::School {
                    cluster: Some(_),
                    ..
                }
            )
        })
        .count();
    assert!(
        (310..=350).contains(&special),
        "{special} cluster 3/4 locations"
    );
}

#[test]
fn every_reference_in_a_country_set_resolves() {
    let batch = country(9, 12_345);
    assert_eq!(batch.pupils.len(), 12_345);
    let problems = check::problems(&batch);
    assert!(
        problems.is_empty(),
        "{:#?}",
        &problems[..problems.len().min(20)]
    );
    assert!(batch.users.is_empty());
}

#[test]
fn the_same_seed_gives_the_same_country() {
    assert_eq!(country(4, 3_000), country(4, 3_000));
    assert_ne!(country(4, 3_000), country(5, 3_000));
}

#[test]
fn tiny_countries_are_generated_too() {
    assert_eq!(country(1, 0).pupils.len(), 0);
    assert_eq!(country(1, 1).pupils.len(), 1);
    assert_eq!(country(1, 7).pupils.len(), 7);
    assert!(check::problems(&country(1, 7)).is_empty());
}
