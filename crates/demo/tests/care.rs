//! The care of the demo region's cluster 3/4 pupils follows the Berenschot study and the
//! rules of voorliggendheid.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod check;

use std::collections::{BTreeMap, HashMap, HashSet};

use check::figures::figures;
use chrono::Datelike;
use continuum_demo::{BERENSCHOT_SHARES, region};
use continuum_domain::ids::PupilId;
use continuum_domain::register::{CareLaw, DeliveryForm, Fact, NeedCategory, TlvCategory};

#[test]
fn care_law_shares_are_close_to_72_and_74_percent() {
    for seed in 1..=6 {
        let f = figures(&region(seed));
        assert!(
            (f.need_share - 0.72).abs() <= 0.03,
            "seed {seed}: need {:.3}",
            f.need_share
        );
        assert!(
            (f.jeugdwet_share - 0.74).abs() <= 0.03,
            "seed {seed}: jeugdwet {:.3}",
            f.jeugdwet_share
        );
    }
}

#[test]
fn care_time_follows_the_berenschot_categories() {
    // Care time in school per category, averaged over five regions.
    let norm: u32 = BERENSCHOT_SHARES.iter().map(|(_, w)| w).sum();
    let seeds = [1, 2, 3, 4, 5];
    let mut shares: BTreeMap<NeedCategory, f64> = BTreeMap::new();
    for seed in seeds {
        let f = figures(&region(seed));
        let total: u32 = f.category_hours.values().sum();
        for (category, hours) in f.category_hours {
            *shares.entry(category).or_default() +=
                f64::from(hours) / f64::from(total) / seeds.len() as f64;
        }
    }
    for (category, weight) in BERENSCHOT_SHARES {
        let share = shares.get(&category).copied().unwrap_or(0.0);
        let want = f64::from(weight) / f64::from(norm);
        println!(
            "{category:?}: {:.1}% (Berenschot {:.1}%)",
            share * 100.0,
            want * 100.0
        );
        assert!(share > 0.0, "{category:?} occurs");
        assert!(
            (share - want).abs() <= 0.03,
            "{category:?}: {share:.3} vs {want:.3}"
        );
    }
}

#[test]
fn emb_pupils_have_a_high_tlv_for_their_whole_career_and_wlz_care() {
    let demo = region(5);
    let mut wlz = HashSet::new();
    for (_, f) in &demo.batch.facts {
        if let Fact::Indication {
            law: CareLaw::Wlz, ..
        } = f.fact
        {
            wlz.insert(f.pupil);
        }
    }
    let mut n = 0;
    for (_, f) in &demo.batch.facts {
        if let Fact::Tlv {
            emb: true,
            category,
            ..
        } = f.fact
        {
            n += 1;
            assert_eq!(category, TlvCategory::Hoog);
            assert!(wlz.contains(&f.pupil));
            let years = f.period.end().unwrap().year() - f.period.start().year();
            assert!(years >= 8, "an EMB TLV spans the career, not {years} years");
        }
    }
    assert!(n >= 8);
}

#[test]
fn needs_mirror_the_indications_and_zin_care_has_a_provider() {
    let demo = region(8);
    let mut needs: HashMap<PupilId, Vec<(NeedCategory, Option<String>)>> = HashMap::new();
    let mut assigned = HashSet::new();
    for (_, f) in &demo.batch.facts {
        match &f.fact {
            Fact::Need {
                category,
                required_qualification,
                ..
            } => needs.entry(f.pupil).or_default().push((
                *category,
                required_qualification
                    .as_ref()
                    .map(|q| q.as_str().to_owned()),
            )),
            Fact::ProviderAssignment { .. } => {
                assigned.insert(f.pupil);
            }
            _ => {}
        }
    }
    let (mut zin, mut pgb) = (0, 0);
    for (_, f) in &demo.batch.facts {
        if let Fact::Indication {
            category,
            delivery,
            law,
            ..
        } = &f.fact
        {
            let need = needs[&f.pupil]
                .iter()
                .find(|(c, _)| c == category)
                .expect("a need per category");
            if matches!(
                category,
                NeedCategory::Verpleging | NeedCategory::Geneeskundig
            ) {
                assert_eq!(need.1.as_deref(), Some("voorbehouden"));
            }
            assert!(*law != CareLaw::Wmo || category != &NeedCategory::Verpleging);
            match delivery {
                DeliveryForm::Zin => {
                    zin += 1;
                    assert!(assigned.contains(&f.pupil));
                }
                DeliveryForm::Pgb => pgb += 1,
            }
        }
    }
    assert!(
        pgb > 0 && zin > 8 * pgb,
        "mostly ZIN, a few PGB: {zin} / {pgb}"
    );
}

#[test]
fn no_category_is_paid_twice_and_adults_get_wmo_instead_of_jeugdwet() {
    let demo = region(21);
    let births: HashMap<_, _> = demo
        .batch
        .pupils
        .iter()
        .map(|(id, p)| (*id, p.birth_date))
        .collect();
    let mut seen: HashSet<(PupilId, NeedCategory)> = HashSet::new();
    let mut wmo = 0;
    for (_, f) in &demo.batch.facts {
        if let Fact::Indication { law, category, .. } = f.fact {
            assert!(
                seen.insert((f.pupil, category)),
                "{category:?} under two laws"
            );
            let birth = births[&f.pupil];
            let adult = birth
                .with_year(birth.year() + 18)
                .is_none_or(|d| d <= chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
            match law {
                CareLaw::Jeugdwet => assert!(!adult, "Jeugdwet for an adult"),
                CareLaw::Wmo => {
                    assert!(adult, "Wmo for a child");
                    wmo += 1;
                }
                CareLaw::Wlz | CareLaw::Zvw => {}
            }
        }
    }
    assert!(wmo > 0, "some VSO pupils of 18 and over have Wmo support");
}
