//! The demo region: deterministic, big and varied enough, and sound.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod check;

use std::collections::{BTreeSet, HashMap, HashSet};

use check::figures::{figures, school_details};
use chrono::Datelike;
use continuum_demo::reference::{municipalities, municipality_rows, zorgkantoor_code};
use continuum_demo::{Demo, region};
use continuum_domain::register::{CareLaw, Fact, OrgKind, SchoolType};
use continuum_domain::role::Role;

#[test]
fn the_same_seed_gives_the_same_region_and_another_seed_another() {
    let a = region(2026);
    let b = region(2026);
    assert_eq!(a, b);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let pgns = |d: &Demo| {
        d.batch
            .pupils
            .iter()
            .map(|(_, p)| p.pgn.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(pgns(&a), pgns(&b));
    let c = region(2027);
    assert_ne!(pgns(&a), pgns(&c));
}

#[test]
fn every_row_of_the_municipality_file_is_read_and_its_region_has_a_code() {
    let rows = municipalities();
    assert_eq!(rows.len(), municipality_rows());
    assert!(rows.len() >= 30, "{} municipalities", rows.len());
    let codes: HashSet<_> = rows.iter().map(|m| m.cbs_code.clone()).collect();
    assert_eq!(codes.len(), rows.len(), "CBS codes are unique");
    for m in &rows {
        assert!(
            zorgkantoor_code(&m.zorgkantoorregio).is_some(),
            "{}",
            m.zorgkantoorregio
        );
    }
    let tilburg = rows
        .iter()
        .find(|m| m.cbs_code.as_str() == "GM0855")
        .unwrap();
    assert_eq!(
        (tilburg.name.as_str(), tilburg.zorgkantoorregio.as_str()),
        ("Tilburg", "Midden-Brabant")
    );
}

#[test]
fn the_region_has_the_schools_pupils_and_places_the_demo_needs() {
    for seed in [1, 2026, 42] {
        let f = figures(&region(seed));
        println!("seed {seed}: {f:#?}");
        assert!(f.special_schools >= 3, "{f:?}");
        assert!(f.schools > f.special_schools, "also regular schools");
        assert!(f.pupils >= 500 && f.special_pupils >= 300, "{f:?}");
        assert!(f.classes >= 40, "{f:?}");
        assert!(f.municipalities >= 25, "{f:?}");
        assert!(f.zorgkantoor_regions >= 2, "{f:?}");
        assert!((8..=15).contains(&f.emb), "{f:?}");
    }
}

#[test]
fn cluster_schools_are_so_or_vso_with_cluster_3_and_4_and_classes_of_8_to_14() {
    let demo = region(7);
    let schools = school_details(&demo);
    let clusters: BTreeSet<u8> = schools.values().filter_map(|(_, c)| *c).collect();
    assert_eq!(clusters, BTreeSet::from([3, 4]));
    for (t, c) in schools.values() {
        assert_eq!(c.is_some(), matches!(t, SchoolType::So | SchoolType::Vso));
    }
    let mut per_class: HashMap<_, usize> = HashMap::new();
    for (_, f) in &demo.batch.facts {
        if let Fact::Enrolment {
            school,
            class: Some(class),
        } = &f.fact
        {
            assert!(schools.contains_key(school));
            *per_class.entry(*class).or_default() += 1;
        }
    }
    for (id, class) in &demo.batch.classes {
        let n = per_class.get(id).copied().unwrap_or(0);
        if schools[&class.school].1.is_some() {
            assert!((8..=14).contains(&n), "{} has {n} pupils", class.name);
        } else {
            assert!(n > 0, "{} is empty", class.name);
        }
    }
}

#[test]
fn ages_fit_the_school_type() {
    let demo = region(3);
    let schools = school_details(&demo);
    let births: HashMap<_, _> = demo
        .batch
        .pupils
        .iter()
        .map(|(id, p)| (*id, p.birth_date))
        .collect();
    for (_, f) in &demo.batch.facts {
        if let Fact::Enrolment { school, .. } = &f.fact {
            let age = 2026 - births[&f.pupil].year() - i32::from(births[&f.pupil].ordinal() > 274);
            let (lo, hi) = match schools[school].0 {
                SchoolType::So | SchoolType::Po => (3, 12),
                SchoolType::Sbo => (5, 12),
                SchoolType::Vso => (12, 20),
                SchoolType::Vo => (12, 18),
            };
            assert!(
                (lo..=hi).contains(&age),
                "{:?} pupil aged {age}",
                schools[school].0
            );
        }
    }
}

#[test]
fn every_reference_in_the_region_resolves() {
    for seed in [0, 1, 99, u64::MAX] {
        let demo = region(seed);
        let problems = check::problems(&demo.batch);
        assert!(problems.is_empty(), "seed {seed}: {problems:#?}");
        assert!(demo.batch.users.is_empty());
        assert_eq!(demo.batch.agreements.len(), 2);
    }
}

#[test]
fn every_demo_login_has_an_existing_organisation_and_the_parent_a_child() {
    let demo = region(2026);
    let orgs: HashMap<_, _> = demo
        .batch
        .organisations
        .iter()
        .map(|(id, o)| (*id, o))
        .collect();
    let mut logins = HashSet::new();
    for l in &demo.logins {
        let org = orgs
            .get(&l.org)
            .unwrap_or_else(|| panic!("{} has no organisation", l.login));
        assert_eq!(org.name, l.org_name);
        assert!(logins.insert(l.login.clone()), "{} twice", l.login);
        assert!(!l.password.is_empty() && !l.note.is_empty() && !l.display_name.is_empty());
    }
    let has = |role: Role, kind: OrgKind| {
        demo.logins
            .iter()
            .any(|l| l.role == role && orgs[&l.org].details.kind() == kind)
    };
    for (role, kind) in [
        (Role::Registrator, OrgKind::School),
        (Role::Medewerker, OrgKind::School),
        (Role::Registrator, OrgKind::Swv),
        (Role::Registrator, OrgKind::Gemeente),
        (Role::Registrator, OrgKind::Zorgkantoor),
        (Role::Registrator, OrgKind::Zorgverzekeraar),
        (Role::Medewerker, OrgKind::Zorgaanbieder),
        (Role::Beheerder, OrgKind::School),
        (Role::Ouder, OrgKind::Ouders),
    ] {
        assert!(has(role, kind), "a {role:?} of a {kind:?}");
    }
    let ouder = demo.logins.iter().find(|l| l.role == Role::Ouder).unwrap();
    let child = demo.batch.facts.iter().find_map(|(_, f)| match f.fact {
        Fact::Guardianship { parents } if parents == ouder.org => Some(f.pupil),
        _ => None,
    });
    let child = child.expect("the parent login's household has a child");
    assert!(demo.batch.pupils.iter().any(|(id, _)| *id == child));
    // The municipality login is where pupils live; the insurer and zorgkantoor see some.
    let gemeente = demo
        .logins
        .iter()
        .find(|l| l.login == "gemeente@demo")
        .unwrap();
    assert!(
        demo.batch
            .pupils
            .iter()
            .filter(|(_, p)| p.municipality == gemeente.org)
            .count()
            > 50
    );
    for (login, law) in [
        ("zorgkantoor@demo", CareLaw::Wlz),
        ("verzekeraar@demo", CareLaw::Zvw),
    ] {
        let org = demo.logins.iter().find(|l| l.login == login).unwrap().org;
        assert!(demo.batch.facts.iter().any(|(_, f)| matches!(f.fact, Fact::Indication { law: l, funder, .. } if l == law && funder == org)));
    }
    for l in &demo.logins {
        println!(
            "| {} | {} | {} | {:?} | {} | {} |",
            l.login, l.password, l.display_name, l.role, l.org_name, l.note
        );
    }
}

#[test]
fn pgns_are_unique_and_valid() {
    let demo = region(12);
    let mut seen = HashSet::new();
    for (_, p) in &demo.batch.pupils {
        assert!(continuum_domain::pgn::Pgn::parse(p.pgn.as_str()).is_ok());
        assert!(seen.insert(p.pgn.as_str().to_owned()));
    }
}

#[test]
fn a_few_dozen_pupils_have_absence_on_school_days_and_one_is_truant() {
    use continuum_domain::absence::AbsenceKind;
    use continuum_verzuim::{Calendar, Region};
    let calendar = Calendar::embedded().unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    let until = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    for seed in [1, 2026] {
        let demo = region(seed);
        let school = demo
            .logins
            .iter()
            .find(|l| l.login == "school@demo")
            .unwrap()
            .org;
        let pupils: BTreeSet<_> = demo.batch.absences.iter().map(|(p, _)| *p).collect();
        assert!((30..=60).contains(&pupils.len()), "{}", pupils.len());
        let mut seen = HashSet::new();
        for (p, a) in &demo.batch.absences {
            assert!(a.date >= first && a.date <= until, "{}", a.date);
            assert!(
                calendar.is_school_day(a.date, Region::Zuid, None).unwrap(),
                "{}",
                a.date
            );
            assert!(a.minutes > 0 && a.minutes <= 330);
            assert!(seen.insert((*p, a.date)), "one record per pupil and day");
        }
        // Enrolled at the school on each day of its absence.
        let enrolled_at = |p, d| {
            demo.batch.facts.iter().any(|(_, f)| {
                f.pupil == p && f.period.contains(d) && matches!(f.fact, Fact::Enrolment { .. })
            })
        };
        assert!(
            demo.batch
                .absences
                .iter()
                .all(|(p, a)| enrolled_at(*p, a.date))
        );
        // A pupil of the demo school with 16 or more unauthorised hours in four weeks.
        let truant = pupils.iter().any(|p| {
            let at_school = demo.batch.facts.iter().any(|(_, f)| {
                f.pupil == *p && matches!(f.fact, Fact::Enrolment { school: s, .. } if s == school)
            });
            let minutes: u32 = demo
                .batch
                .absences
                .iter()
                .filter(|(q, a)| {
                    q == p
                        && a.kind == AbsenceKind::Ongeoorloofd
                        && (until - a.date).num_days() < 28
                })
                .map(|(_, a)| u32::from(a.minutes))
                .sum();
            at_school && minutes >= 16 * 60
        });
        assert!(truant);
    }
}
