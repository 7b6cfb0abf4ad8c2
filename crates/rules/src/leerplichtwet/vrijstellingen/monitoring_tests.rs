#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::super::fixtures::{d, exemption};
use super::*;
use continuum_domain::exemption::{Evaluation, ExemptionGround};

fn kinds(ex: &Exemption, on: Date) -> Vec<MonitoringKind> {
    let p = Params::embedded().unwrap();
    evaluations_due([(ExemptionId::from_u128(1), ex)], on, &p)
        .unwrap()
        .into_iter()
        .map(|s| s.kind)
        .collect()
}

#[test]
fn a_planned_evaluation_shows_up_four_weeks_ahead() {
    let ex = exemption(); // evaluation planned on 2027-02-01
    assert_eq!(kinds(&ex, d(2027, 1, 3)), []);
    let planned = MonitoringKind::EvaluatieGepland {
        planned_on: d(2027, 2, 1),
    };
    assert_eq!(kinds(&ex, d(2027, 1, 4)), [planned]);
    assert_eq!(kinds(&ex, d(2027, 2, 1)), [planned]);
}

#[test]
fn an_evaluation_not_held_after_its_date_is_late() {
    let ex = exemption();
    assert_eq!(
        kinds(&ex, d(2027, 2, 2)),
        [MonitoringKind::EvaluatieTeLaat {
            planned_on: d(2027, 2, 1)
        }]
    );
    let p = Params::embedded().unwrap();
    let s = evaluations_due([(ExemptionId::from_u128(1), &ex)], d(2027, 2, 2), &p).unwrap();
    assert_eq!(
        s[0].message,
        "De evaluatie van 1 februari 2027 is nog niet gehouden. Plan die zo snel mogelijk."
    );
    let json = serde_json::to_value(&s[0]).unwrap();
    assert_eq!(json["kind"], "evaluatie_te_laat");
    assert_eq!(json["planned_on"], "2027-02-01");
    assert_eq!(json["basis"]["source"], "seed 000");
}

#[test]
fn without_a_next_evaluation_or_a_development_offer_the_casusregisseur_is_told() {
    let mut ex = exemption();
    let dossier = ex.dossier.as_mut().unwrap();
    dossier.evaluations[0].held_on = Some(d(2027, 2, 1));
    dossier.development_offers.clear();
    assert_eq!(
        kinds(&ex, d(2027, 3, 1)),
        [
            MonitoringKind::GeenEvaluatieGepland,
            MonitoringKind::GeenOntwikkelingsaanbod
        ]
    );
    ex.dossier
        .as_mut()
        .unwrap()
        .evaluations
        .push(Evaluation::planned(d(2027, 9, 1)));
    assert_eq!(
        kinds(&ex, d(2027, 3, 1)),
        [MonitoringKind::GeenOntwikkelingsaanbod]
    );
}

#[test]
fn only_exemptions_under_5_onder_a_in_force_are_monitored() {
    let ex = exemption();
    assert_eq!(kinds(&ex, d(2026, 7, 31)), []);
    assert_eq!(kinds(&ex, d(2028, 8, 1)), []);
    let mut other = exemption();
    other.ground = ExemptionGround::Art5OnderB;
    assert_eq!(kinds(&other, d(2027, 2, 2)), []);
}
