//! The demo's vrijstellingenregister and arrangements pass the rules engine's checks and
//! show each signal the pages are meant to show.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use continuum_domain::Date;
use continuum_domain::exemption::ExemptionGround;
use continuum_domain::register::Fact;
use continuum_rules::leerplichtwet::{RenewalSignalKind, check_renewal, register, renewal_signals};
use continuum_rules::passend_onderwijs::{expiry_reminders, validate_arrangement};
use continuum_rules::{NoTrace, Params};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_demo_register_passes_the_rules_and_raises_the_signals_it_is_for() {
    let demo = continuum_demo::region(2026);
    let reg = &demo.register;
    let p = &Params::embedded().unwrap();
    let on = d(2026, 11, 23);
    let gemeente = demo
        .logins
        .iter()
        .find(|l| l.login == "gemeente@demo")
        .unwrap()
        .org;
    let school = demo
        .logins
        .iter()
        .find(|l| l.login == "school@demo")
        .unwrap()
        .org;
    assert_eq!(
        (reg.municipality, reg.school),
        (Some(gemeente), Some(school))
    );

    // The request to register is complete; the other waits for the perspective.
    let (to_register, open): (Vec<_>, Vec<_>) = reg.requests.iter().partition(|r| r.register);
    assert_eq!((to_register.len(), open.len()), (1, 1));
    let exemption = register(&to_register[0].request, on, p, &mut NoTrace).unwrap();
    assert!(register(&open[0].request, on, p, &mut NoTrace).is_err());
    let (id, renewal) = &reg.renewals[0];
    assert_eq!(*id, to_register[0].id);
    assert!(matches!(
        check_renewal(&exemption, renewal, on, p, &mut NoTrace).unwrap(),
        continuum_rules::leerplichtwet::Completeness::Complete
    ));

    // One exemption under 5 onder b lacks its renewal for 2026-2027; one is under art. 15.
    let grounds: Vec<ExemptionGround> = reg.exemptions.iter().map(|(_, e)| e.ground).collect();
    assert_eq!(
        grounds,
        vec![ExemptionGround::Art5OnderB, ExemptionGround::Art15]
    );
    let signals = renewal_signals(reg.exemptions.iter().map(|(id, e)| (*id, e)), on, p).unwrap();
    assert_eq!(signals.len(), 1);
    assert_eq!(signals[0].kind, RenewalSignalKind::Ontbreekt);
    for (_, e) in &reg.exemptions {
        assert!(e.problems().is_empty());
        assert_eq!(e.municipality, gemeente);
        assert!(
            demo.batch
                .pupils
                .iter()
                .any(|(id, p)| *id == e.pupil && p.municipality == gemeente)
        );
    }

    // The arrangements are valid, name pupils of the school, and the reduced teaching
    // time ends within the reminder period.
    for (_, a) in &reg.arrangements {
        assert_eq!(validate_arrangement(a, on, p).unwrap(), vec![], "{a:?}");
        for pupil in &a.pupils {
            assert!(demo.batch.facts.iter().any(|(_, f)| f.pupil == *pupil
                && f.period.contains(on)
                && matches!(f.fact, Fact::Enrolment { school: s, .. } if s == school)));
        }
    }
    let reminders =
        expiry_reminders(reg.arrangements.iter().map(|(id, a)| (*id, a)), on, p).unwrap();
    assert_eq!(reminders.len(), 1);
}
