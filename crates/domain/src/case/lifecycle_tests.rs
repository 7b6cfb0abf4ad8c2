//! How a case moves and ends: closing with a result, refusals, decisions, escalation and
//! referral, transfer to another municipality, reopening.

use super::tests::{GEMEENTE_A, GEMEENTE_B, SWV, Story, action, d};
use super::*;

#[test]
fn nothing_is_recorded_on_a_closed_case_until_it_is_reopened() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.close(CaseResult::NaarSchool).unwrap();
    assert_eq!(s.case.status(), CaseStatus::Afgesloten);
    assert_eq!(s.case.result(), Some(CaseResult::NaarSchool));
    let e = s.agree(1, GEMEENTE_A, d(2026, 12, 1)).unwrap_err();
    assert_eq!(e, CaseError::CaseClosed);
    let e = s
        .record(CaseEvent::Reopened {
            on: d(2026, 10, 1),
            reason: "te vroeg".to_owned(),
        })
        .unwrap_err();
    assert_eq!(e.field(), "on");
    s.record(CaseEvent::Reopened {
        on: d(2026, 12, 1),
        reason: "Weer thuis sinds 20 november".to_owned(),
    })
    .unwrap();
    assert_eq!(s.case.status(), CaseStatus::InBehandeling);
    assert_eq!(s.case.result(), None);
    assert_eq!(s.case.round().started_on, d(2026, 12, 1));
    s.agree(1, GEMEENTE_A, d(2026, 12, 15)).unwrap();
}

#[test]
fn a_case_does_not_close_with_open_actions_or_without_an_explanation() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.agree(1, GEMEENTE_A, d(2026, 9, 15)).unwrap();
    assert_eq!(
        s.close(CaseResult::NaarSchool).unwrap_err(),
        CaseError::OpenActions { open: 1 }
    );
    s.record(CaseEvent::ActionCancelled {
        action: action(1),
        reason: "Niet meer nodig: leerling is terug".to_owned(),
    })
    .unwrap();
    let e = s
        .record(CaseEvent::Closed {
            result: CaseResult::NaarSchool,
            on: d(2026, 11, 1),
            explanation: " ".to_owned(),
        })
        .unwrap_err();
    assert_eq!(
        e,
        CaseError::Blank {
            field: "explanation"
        }
    );
    s.close(CaseResult::NaarSchool).unwrap();
}

#[test]
fn closing_because_parents_refuse_needs_their_refusal_in_the_timeline() {
    let mut s = Story::open(CaseType::Zorgplicht);
    assert_eq!(
        s.close(CaseResult::OudersWeigeren).unwrap_err(),
        CaseError::RefusalNotRecorded
    );
    assert_eq!(s.refuse().unwrap_err(), CaseError::NoOpenOffer);
    s.offer();
    s.refuse().unwrap();
    assert_eq!(s.refuse().unwrap_err(), CaseError::NoOpenOffer);
    assert_eq!(
        s.close(CaseResult::IntegraalAanbod).unwrap_err(),
        CaseError::OfferRefused
    );
    s.close(CaseResult::OudersWeigeren).unwrap();
    let labels: Vec<&str> = s.case.timeline().iter().map(|e| e.event.label()).collect();
    assert_eq!(
        labels,
        [
            "Zaak geopend",
            "Integraal aanbod gedaan",
            "Ouders weigeren",
            "Zaak afgesloten"
        ]
    );
}

#[test]
fn a_decision_does_not_close_the_case_and_the_parents_may_still_refuse_it() {
    let mut s = Story::open(CaseType::Thuiszitter);
    assert_eq!(
        s.close(CaseResult::IntegraalAanbod).unwrap_err(),
        CaseError::NoOffer
    );
    let stranger = CaseEvent::DecisionRecorded {
        decided_by: SWV,
        decision: "Besluit".to_owned(),
        on: d(2026, 10, 1),
        basis: None,
    };
    assert_eq!(s.record(stranger).unwrap_err().field(), "decidedBy");
    s.record(CaseEvent::Escalated {
        to: SWV,
        domain: EscalationDomain::Onderwijs,
        reason: "Geen integraal aanbod binnen 8 weken".to_owned(),
        basis: "OOGO-afspraak; beleid (seed 000; seed 001)".to_owned(),
        automatic: true,
    })
    .unwrap();
    assert_eq!(s.case.status(), CaseStatus::Geescaleerd);
    assert!(s.case.involves(SWV), "the holder is involved to decide");
    let again = CaseEvent::Escalated {
        to: SWV,
        domain: EscalationDomain::Onderwijs,
        reason: "nog eens".to_owned(),
        basis: "x".to_owned(),
        automatic: false,
    };
    assert_eq!(s.record(again).unwrap_err(), CaseError::AlreadyEscalated);
    s.record(CaseEvent::DecisionRecorded {
        decided_by: SWV,
        decision: "School X laat de leerling toe met een arrangement".to_owned(),
        on: d(2026, 11, 2),
        basis: Some("doorzettingsmacht onderwijs".to_owned()),
    })
    .unwrap();
    assert_eq!(s.case.status(), CaseStatus::BesluitGenomen);
    assert!(!s.case.is_closed());
    let early = CaseEvent::ParentsRefused {
        offer: "Besluit van het SWV".to_owned(),
        on: d(2026, 11, 1),
        note: String::new(),
    };
    assert_eq!(s.record(early).unwrap_err().code(), "zaak.te_vroeg");
    s.record(CaseEvent::ParentsRefused {
        offer: "Besluit van het SWV".to_owned(),
        on: d(2026, 11, 3),
        note: "Ouders willen thuisonderwijs".to_owned(),
    })
    .unwrap();
    assert!(matches!(s.case.round().offer, OfferState::Refused { .. }));
    s.close(CaseResult::OudersWeigeren).unwrap();
}

#[test]
fn a_transfer_moves_the_case_with_its_whole_timeline() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.agree(1, GEMEENTE_A, d(2026, 9, 20)).unwrap();
    let before = s.case.timeline().to_vec();
    let wrong = CaseEvent::Transferred {
        from: GEMEENTE_B,
        to: GEMEENTE_A,
        on: d(2026, 10, 1),
        reason: "x".to_owned(),
    };
    assert_eq!(s.record(wrong).unwrap_err().code(), "zaak.andere_gemeente");
    s.record(CaseEvent::Transferred {
        from: GEMEENTE_A,
        to: GEMEENTE_B,
        on: d(2026, 10, 1),
        reason: "Verhuisd volgens de BRP".to_owned(),
    })
    .unwrap();
    assert_eq!(s.case.municipality(), GEMEENTE_B);
    assert_eq!(&s.case.timeline()[..before.len()], &before[..]);
    assert_eq!(
        s.case.registered_on(),
        d(2026, 9, 1),
        "the term keeps running"
    );
    assert_eq!(s.case.open_actions().count(), 1);
    assert_eq!(
        s.case.transfers().collect::<Vec<_>>(),
        [(GEMEENTE_A, GEMEENTE_B, d(2026, 10, 1))]
    );
}

#[test]
fn a_zio_dispute_goes_to_the_geschillenregeling_and_is_never_escalated() {
    let mut s = Story::open(CaseType::ZioGeschil);
    let e = s
        .record(CaseEvent::Escalated {
            to: SWV,
            domain: EscalationDomain::Jeugdhulp,
            reason: "r".to_owned(),
            basis: "b".to_owned(),
            automatic: false,
        })
        .unwrap_err();
    assert_eq!(e.code(), "zaak.past_niet_bij_soort");
    let refer = CaseEvent::DisputeReferred {
        geschillenregeling: "Geschillencommissie OOGO regio".to_owned(),
        reason: "Geen overeenstemming over de verdeelsleutel".to_owned(),
        on: d(2026, 10, 1),
        automatic: false,
    };
    s.record(refer.clone()).unwrap();
    assert_eq!(s.case.status(), CaseStatus::GeschilVoorgelegd);
    assert_eq!(s.record(refer).unwrap_err(), CaseError::AlreadyReferred);
    assert_eq!(
        s.close(CaseResult::NaarSchool).unwrap_err().code(),
        "zaak.resultaat_past_niet"
    );
    s.close(CaseResult::GeschilBeslecht).unwrap();

    let mut t = Story::open(CaseType::Thuiszitter);
    let refer = CaseEvent::DisputeReferred {
        geschillenregeling: "x".to_owned(),
        reason: "y".to_owned(),
        on: d(2026, 10, 1),
        automatic: false,
    };
    assert_eq!(
        t.record(refer).unwrap_err().code(),
        "zaak.past_niet_bij_soort"
    );
}

#[test]
fn only_a_zorgplicht_term_is_extended_and_only_once() {
    let ext = || CaseEvent::ExtensionGranted {
        weeks: 4,
        on: d(2026, 10, 1),
        reason: "Onderzoek naar de ondersteuningsbehoefte loopt".to_owned(),
    };
    let mut t = Story::open(CaseType::Thuiszitter);
    assert_eq!(
        t.record(ext()).unwrap_err().code(),
        "zaak.past_niet_bij_soort"
    );
    let mut s = Story::open(CaseType::Zorgplicht);
    let zero = CaseEvent::ExtensionGranted {
        weeks: 0,
        on: d(2026, 10, 1),
        reason: "r".to_owned(),
    };
    assert_eq!(s.record(zero).unwrap_err().field(), "weeks");
    s.record(ext()).unwrap();
    assert_eq!(s.case.extension().map(|e| e.weeks), Some(4));
    assert_eq!(s.record(ext()).unwrap_err(), CaseError::AlreadyExtended);
}
