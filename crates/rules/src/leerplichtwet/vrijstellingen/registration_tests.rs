#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::fixtures::{d, exemption, request, statement};
use super::*;
use crate::Params;
use crate::leerplichtwet::{Completeness, Element};
use crate::trace::{NoTrace, Trace};
use continuum_domain::Date;
use continuum_domain::exemption::{Exemption, ExemptionGround, Renewal, RequestStep};
use continuum_domain::period::{Period, SchoolYear};

fn params() -> Params {
    Params::embedded().unwrap()
}

fn missing(err: RegisterError) -> Vec<Element> {
    match err {
        RegisterError::Incomplete { missing } => missing.into_iter().map(|m| m.element).collect(),
        other => panic!("expected incomplete, got {other:?}"),
    }
}

#[test]
fn a_complete_request_is_registered_with_its_whole_dossier() {
    let mut req = request();
    let mut trace = Trace::new();
    let ex = register(&req, d(2026, 6, 20), &params(), &mut trace).unwrap();
    assert_eq!(ex.ground, ExemptionGround::Art5OnderA);
    assert_eq!(ex.period, req.notification.period);
    assert_eq!(ex.notified_on, d(2026, 6, 15));
    let dossier = ex.dossier.as_ref().unwrap();
    assert_eq!(dossier.casusregisseur, req.casusregisseur.clone().unwrap());
    assert_eq!(dossier.evaluations, req.evaluations);
    assert_eq!(dossier.development_offers, req.development_offers);
    assert_eq!(ex.problems(), vec![]);
    assert!(trace.cited().contains(&"BWBR0002628 art. 7".to_owned()));
    req.mark_registered(d(2026, 6, 20)).unwrap();
    assert_eq!(req.step(), RequestStep::Registered);
    let again = register(&req, d(2026, 6, 21), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(again, RegisterError::AlreadyDecided);
    assert_eq!(again.code(), "vrijstelling.al_besloten");
}

#[test]
fn the_gate_lists_every_missing_part_at_once() {
    let mut req = request();
    req.perspective = None;
    req.casusregisseur = None;
    assert_eq!(req.step(), RequestStep::AwaitingPerspective);
    let err = register(&req, d(2026, 6, 20), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(err.code(), "vrijstelling.onvolledig");
    assert!(
        err.to_string().contains("onderwijskundig perspectief"),
        "{err}"
    );
    assert_eq!(
        missing(err),
        [Element::NoEducationalPerspective, Element::NoCasusregisseur]
    );

    let mut req = request();
    req.statement = None;
    req.notification.by_parent = false;
    req.notification.period = Period::new(d(2026, 8, 1), Some(d(2027, 1, 31))).unwrap();
    let err = register(&req, d(2026, 6, 20), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(
        missing(err),
        [
            Element::NotByParent,
            Element::NoStatement,
            Element::DurationTooShort
        ]
    );
}

#[test]
fn the_treating_physician_and_an_old_statement_are_refused() {
    let mut req = request();
    let s = req.statement.as_mut().unwrap();
    s.treating_physician = true;
    s.date = d(2026, 3, 14);
    let err = register(&req, d(2026, 6, 20), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(
        missing(err),
        [Element::TreatingPhysician, Element::StatementTooOld]
    );
}

#[test]
fn impossible_input_is_a_rule_error_naming_the_field() {
    let mut req = request();
    req.statement.as_mut().unwrap().date = d(2026, 6, 16);
    let err = register(&req, d(2026, 6, 20), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(err.code(), "regel.ongeldige_invoer");
    assert!(err.to_string().starts_with("statement.date"), "{err}");
}

fn renewal(on: Date, statement_on: Option<Date>) -> Renewal {
    Renewal {
        school_year: SchoolYear(2027),
        notified_on: on,
        by_parent: true,
        statement: statement_on.map(statement),
    }
}

fn renewal_elements(ex: &Exemption, r: &Renewal) -> Vec<Element> {
    match check_renewal(ex, r, r.notified_on, &params(), &mut NoTrace).unwrap() {
        Completeness::Complete => Vec::new(),
        Completeness::Incomplete { missing } => missing.into_iter().map(|m| m.element).collect(),
    }
}

#[test]
fn a_renewal_needs_a_fresh_statement_in_time_unless_the_child_will_never_be_fit() {
    let ex = exemption(); // until 2028-07-31: the last school year is exactly one year
    assert_eq!(
        renewal_elements(&ex, &renewal(d(2027, 5, 1), Some(d(2027, 4, 1)))),
        []
    );
    assert_eq!(
        renewal_elements(&ex, &renewal(d(2027, 5, 1), None)),
        [Element::NoStatement]
    );
    assert_eq!(
        renewal_elements(&ex, &renewal(d(2027, 7, 1), Some(d(2027, 6, 1)))),
        [Element::LateRenewal]
    );
    // The statement of registration is 2026-05-01, a year old: fine when it says "never".
    let mut never = exemption();
    never.dossier.as_mut().unwrap().statement.never_fit = true;
    assert_eq!(renewal_elements(&never, &renewal(d(2027, 7, 20), None)), []);
}

#[test]
fn a_last_part_shorter_than_a_year_is_not_reported_at_renewal() {
    let mut ex = exemption();
    ex.period = Period::new(d(2026, 8, 1), Some(d(2027, 12, 31))).unwrap();
    assert_eq!(
        renewal_elements(&ex, &renewal(d(2027, 5, 1), Some(d(2027, 4, 1)))),
        []
    );
}

#[test]
fn only_an_exemption_under_5_onder_a_has_its_renewal_checked_this_way() {
    let mut ex = exemption();
    ex.ground = ExemptionGround::Art5OnderB;
    ex.dossier = None;
    let r = renewal(d(2027, 5, 1), None);
    let err = check_renewal(&ex, &r, d(2027, 5, 1), &params(), &mut NoTrace).unwrap_err();
    assert_eq!(err.code(), "regel.ongeldige_invoer");
    assert!(err.to_string().contains("art. 5 onder b"));
}
