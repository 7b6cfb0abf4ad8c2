use super::*;
use crate::register::HoursPerWeek;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn statement(date: Date, never_fit: bool) -> Statement5a {
    Statement5a {
        by: StatementBy::Arts,
        name: "dr. A. Jansen (jeugdarts GGD)".to_owned(),
        designated_by_municipality: true,
        treating_physician: false,
        date,
        never_fit,
    }
}

fn dossier() -> Dossier5a {
    Dossier5a {
        statement: statement(d(2026, 5, 1), false),
        perspective: EducationalPerspective {
            swv: OrgId::from_u128(2),
            date: d(2026, 5, 20),
            summary: "Geen passend aanbod in de regio op dit moment.".to_owned(),
        },
        casusregisseur: Casusregisseur {
            name: "J. de Vries".to_owned(),
            organisation: OrgId::from_u128(1),
        },
        evaluations: vec![Evaluation::planned(d(2027, 2, 1))],
        development_offers: vec![DevelopmentOffer {
            provider: None,
            description: "Zorgboerderij, dagbesteding met leeractiviteiten".to_owned(),
            hours_per_week: HoursPerWeek(1200),
            from: d(2026, 8, 1),
        }],
    }
}

fn exemption() -> Exemption {
    Exemption {
        pupil: PupilId::from_u128(7),
        municipality: OrgId::from_u128(1),
        ground: ExemptionGround::Art5OnderA,
        period: Period::new(d(2026, 8, 1), Some(d(2028, 7, 31))).unwrap(),
        notified_on: d(2026, 6, 15),
        renewals: Vec::new(),
        dossier: Some(dossier()),
    }
}

fn renewal(year: i32, on: Date) -> Renewal {
    Renewal {
        school_year: SchoolYear(year),
        notified_on: on,
        by_parent: true,
        statement: None,
    }
}

#[test]
fn a_complete_exemption_has_no_problems_and_round_trips_through_json() {
    let e = exemption();
    assert_eq!(e.problems(), vec![]);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["ground"], "5_onder_a");
    assert_eq!(json["dossier"]["statement"]["by"], "arts");
    assert_eq!(json["dossier"]["casusregisseur"]["name"], "J. de Vries");
    assert_eq!(serde_json::from_value::<Exemption>(json).unwrap(), e);
}

#[test]
fn art_5_onder_a_needs_a_dossier_and_other_grounds_have_none() {
    let mut e = exemption();
    e.dossier = None;
    assert_eq!(e.problems()[0].field, "dossier");
    let mut e = exemption();
    e.ground = ExemptionGround::Art5OnderB;
    assert_eq!(e.problems()[0].field, "dossier");
    let period = Period::from(d(2026, 8, 1));
    let refused = Exemption::without_dossier(
        PupilId::from_u128(7),
        OrgId::from_u128(1),
        ExemptionGround::Art5OnderA,
        period,
        d(2026, 6, 1),
    );
    assert_eq!(refused.unwrap_err().field, "ground");
    let ok = Exemption::without_dossier(
        PupilId::from_u128(7),
        OrgId::from_u128(1),
        ExemptionGround::Art5OnderC,
        period,
        d(2026, 6, 1),
    )
    .unwrap();
    assert_eq!(ok.problems(), vec![]);
    assert!(!ok.never_fit());
}

#[test]
fn a_renewal_is_recorded_once_per_school_year_the_exemption_runs_in() {
    let mut e = exemption();
    e.record_renewal(renewal(2027, d(2027, 5, 1))).unwrap();
    let twice = e.record_renewal(renewal(2027, d(2027, 6, 1))).unwrap_err();
    assert_eq!(twice.field, "renewals[1].schoolYear");
    assert!(twice.message.contains("2027-2028"));
    let outside = e.record_renewal(renewal(2030, d(2030, 5, 1))).unwrap_err();
    assert!(outside.message.contains("loopt niet"));
    assert_eq!(e.renewals.len(), 1);
    assert_eq!(
        e.renewal_for(SchoolYear(2027)).unwrap().notified_on,
        d(2027, 5, 1)
    );
}

#[test]
fn art_15_is_not_renewed_every_year() {
    let mut e = Exemption::without_dossier(
        PupilId::from_u128(7),
        OrgId::from_u128(1),
        ExemptionGround::Art15,
        Period::from(d(2026, 8, 1)),
        d(2026, 6, 1),
    )
    .unwrap();
    let err = e.record_renewal(renewal(2027, d(2027, 5, 1))).unwrap_err();
    assert!(err.message.contains("art. 15"));
}

#[test]
fn never_fit_follows_the_latest_statement() {
    let mut e = exemption();
    assert!(!e.never_fit());
    let mut r = renewal(2027, d(2027, 5, 1));
    r.statement = Some(statement(d(2027, 4, 20), true));
    e.record_renewal(r).unwrap();
    assert!(e.never_fit());
    e.dossier.as_mut().unwrap().statement.never_fit = true;
    e.renewals[0].statement.as_mut().unwrap().never_fit = false;
    assert!(
        !e.never_fit(),
        "a later statement that does not say never counts"
    );
}

#[test]
fn blank_names_and_descriptions_are_named_by_field() {
    let mut e = exemption();
    let dos = e.dossier.as_mut().unwrap();
    dos.statement.name = " ".to_owned();
    dos.casusregisseur.name = String::new();
    dos.development_offers[0].description = String::new();
    dos.evaluations[0].held_on = Some(d(2026, 1, 1));
    let fields: Vec<String> = e.problems().into_iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [
            "dossier.statement.name",
            "dossier.casusregisseur.name",
            "dossier.evaluations[0].heldOn",
            "dossier.developmentOffers[0].description"
        ]
    );
}

#[test]
fn the_development_offer_on_a_date_is_the_latest_started() {
    let mut dos = dossier();
    let mut later = dos.development_offers[0].clone();
    later.from = d(2027, 1, 1);
    later.hours_per_week = HoursPerWeek(1600);
    dos.development_offers.push(later);
    assert_eq!(dos.development_offer_on(d(2026, 7, 31)), None);
    assert_eq!(
        dos.development_offer_on(d(2026, 12, 31))
            .unwrap()
            .hours_per_week,
        HoursPerWeek(1200)
    );
    assert_eq!(
        dos.development_offer_on(d(2027, 1, 1))
            .unwrap()
            .hours_per_week,
        HoursPerWeek(1600)
    );
}

#[test]
fn the_step_of_a_request_is_the_first_part_still_missing() {
    let notification = Notification {
        received_on: d(2026, 6, 15),
        by_parent: true,
        period: Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap(),
    };
    let mut r = ExemptionRequest::new(PupilId::from_u128(7), OrgId::from_u128(1), notification);
    assert_eq!(r.step(), RequestStep::AwaitingStatement);
    // Parts may come in any order; the step is the first one missing.
    r.casusregisseur = Some(dossier().casusregisseur);
    assert_eq!(r.step(), RequestStep::AwaitingStatement);
    r.statement = Some(statement(d(2026, 5, 1), false));
    assert_eq!(r.step(), RequestStep::AwaitingPerspective);
    r.perspective = Some(dossier().perspective);
    assert_eq!(r.step(), RequestStep::ReadyForCheck);
    r.casusregisseur.as_mut().unwrap().name = "  ".to_owned();
    assert_eq!(r.step(), RequestStep::AwaitingCasusregisseur);

    assert_eq!(
        r.refuse(d(2026, 7, 1), " ").unwrap_err().field,
        "decision.reason"
    );
    r.refuse(d(2026, 7, 1), "De ouders trekken de kennisgeving in.")
        .unwrap();
    assert_eq!(r.step(), RequestStep::Refused);
    assert_eq!(
        r.mark_registered(d(2026, 7, 2)).unwrap_err().field,
        "decision"
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["decision"]["kind"], "refused");
    assert_eq!(serde_json::from_value::<ExemptionRequest>(json).unwrap(), r);
    for s in RequestStep::ALL {
        assert!(!s.label_nl().is_empty() && !s.code().is_empty());
    }
}
