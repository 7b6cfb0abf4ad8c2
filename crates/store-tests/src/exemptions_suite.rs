//! The conformance suite of the vrijstellingenregister and of arrangements: who reads and
//! writes, what is kept as versions, and that every read, change and refusal is audited.

use crate::fixture::{Region, actor, d, region, school_year};
use continuum_domain::Date;
use continuum_domain::arrangement::{Arrangement, ArrangementKind, Permission, ReducedTime};
use continuum_domain::exemption::{
    Casusregisseur, EducationalPerspective, Evaluation, Exemption, ExemptionGround,
    ExemptionRequest, Notification, Renewal, RequestStep, Statement5a, StatementBy,
};
use continuum_domain::ids::*;
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::*;
use continuum_domain::role::Role;
use continuum_store::*;

/// An exemption under art. 5 onder b for Sanne (lives in Tilburg), from 1 August 2025.
pub fn exemption_5b(r: &Region) -> Exemption {
    Exemption::without_dossier(
        r.sanne,
        // Set by the store to the municipality of residence.
        r.dongen,
        ExemptionGround::Art5OnderB,
        Period::from(d(2025, 8, 1)),
        d(2025, 6, 15),
    )
    .unwrap()
}

/// The parents' notification for an exemption under art. 5 onder a, received 1 October
/// 2026, from 1 November 2026 for two years.
pub fn request_5a(r: &Region) -> ExemptionRequest {
    ExemptionRequest::new(
        r.sanne,
        r.tilburg,
        Notification {
            received_on: d(2026, 10, 1),
            by_parent: true,
            period: Period::new(d(2026, 11, 1), Some(d(2028, 10, 31))).unwrap(),
        },
    )
}

pub fn statement(on: Date) -> Statement5a {
    Statement5a {
        by: StatementBy::Arts,
        name: "J. de Graaf, jeugdarts GGD".into(),
        designated_by_municipality: true,
        treating_physician: false,
        date: on,
        never_fit: false,
    }
}

fn audit_count(
    log: &[AuditEntry],
    object: &str,
    action: AuditAction,
    outcome: AuditOutcome,
) -> usize {
    log.iter()
        .filter(|e| e.object == object && e.action == action && e.outcome == outcome)
        .count()
}

pub async fn the_municipality_keeps_the_exemption_register_and_those_around_the_pupil_read_it(
    s: &dyn Store,
) {
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let tilburg = actor(r.tilburg, Role::Registrator);
    let id = ExemptionId::new_random();
    let ex = exemption_5b(&r);

    // Only a registrator of the municipality of residence registers.
    for (who, not_found) in [
        (actor(r.tilburg, Role::Medewerker), false),
        (actor(r.so_school, Role::Registrator), false),
        (actor(r.dongen, Role::Registrator), true),
    ] {
        let e = s.create_exemption(&who, id, ex.clone()).await.unwrap_err();
        if not_found {
            assert!(matches!(e, StoreError::NotFound), "{e:?}");
        } else {
            assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        }
    }
    // Art. 5 onder a does not enter the register without its request.
    let mut a = ex.clone();
    a.ground = ExemptionGround::Art5OnderA;
    let e = s.create_exemption(&tilburg, id, a).await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.contains("aanvraag")),
        "{e:?}"
    );

    let made = s.create_exemption(&tilburg, id, ex.clone()).await.unwrap();
    assert_eq!(
        made.exemption.record.municipality, r.tilburg,
        "municipality of residence"
    );
    assert_eq!(made.exemption.version, Version(1));
    assert_eq!(made.pupil_name, "Sanne de Vries");
    assert_eq!(made.municipality_name, "Gemeente Tilburg");
    let e = s
        .create_exemption(&tilburg, id, ex.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");

    // The municipality, the school, its SWV and the parents read it; care partners with a
    // relation are refused; strangers are told it does not exist.
    for who in [
        tilburg.clone(),
        actor(r.so_school, Role::Medewerker),
        actor(r.swv, Role::Medewerker),
        actor(r.parents, Role::Ouder),
    ] {
        assert_eq!(s.exemption(&who, id).await.unwrap(), made, "{:?}", who.org);
    }
    for who in [
        actor(r.provider, Role::Medewerker),
        actor(r.zorgkantoor, Role::Medewerker),
    ] {
        let e = s.exemption(&who, id).await.unwrap_err();
        assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    }
    for who in [
        actor(r.dongen, Role::Registrator),
        actor(r.po_school, Role::Registrator),
    ] {
        let e = s.exemption(&who, id).await.unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
    }
    let e = s
        .exemption(&tilburg, ExemptionId::new_random())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    // The register lists what the municipality holds, with filters.
    let list = |f| s.exemptions(&tilburg, f, Page::new(1, 50));
    assert_eq!(list(ExemptionFilter::default()).await.unwrap().1, 1);
    let by_ground = |g| ExemptionFilter {
        ground: Some(g),
        in_force_on: None,
    };
    assert_eq!(
        list(by_ground(ExemptionGround::Art5OnderB))
            .await
            .unwrap()
            .1,
        1
    );
    assert_eq!(list(by_ground(ExemptionGround::Art15)).await.unwrap().1, 0);
    let on = |day| ExemptionFilter {
        ground: None,
        in_force_on: Some(day),
    };
    assert_eq!(list(on(d(2025, 7, 31))).await.unwrap().1, 0);
    assert_eq!(list(on(d(2026, 11, 23))).await.unwrap().1, 1);
    let (other, total) = s
        .exemptions(
            &actor(r.dongen, Role::Registrator),
            ExemptionFilter::default(),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert!(other.is_empty() && total == 0);

    // A renewal is a new version; the old one stays in the history.
    let mut renewed = made.exemption.record.clone();
    renewed
        .record_renewal(Renewal {
            school_year: SchoolYear(2026),
            notified_on: d(2026, 6, 20),
            by_parent: true,
            statement: None,
        })
        .unwrap();
    let e = s
        .change_exemption(
            &actor(r.so_school, Role::Registrator),
            id,
            Version(1),
            renewed.clone(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .change_exemption(
            &actor(r.tilburg, Role::Medewerker),
            id,
            Version(1),
            renewed.clone(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let v2 = s
        .change_exemption(&tilburg, id, Version(1), renewed.clone())
        .await
        .unwrap();
    assert_eq!(v2.exemption.version, Version(2));
    let e = s
        .change_exemption(&tilburg, id, Version(1), renewed.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            StoreError::StaleVersion {
                current: Version(2)
            }
        ),
        "{e:?}"
    );
    // Ground and pupil stay; a renewal received is not taken back.
    let mut other_ground = renewed.clone();
    other_ground.ground = ExemptionGround::Art5OnderC;
    let e = s
        .change_exemption(&tilburg, id, Version(2), other_ground)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("ground")),
        "{e:?}"
    );
    let e = s
        .change_exemption(&tilburg, id, Version(2), made.exemption.record.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("renewals")),
        "{e:?}"
    );
    let history = s.exemption_history(&tilburg, id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|f| f.exemption.version)
            .collect::<Vec<_>>(),
        vec![Version(2), Version(1)]
    );
    assert!(history[1].exemption.record.renewals.is_empty());
    let e = s
        .exemption_history(&actor(r.dongen, Role::Medewerker), id)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    // The school reads its pupils' exemptions at once, for its verzuim signals; a school
    // that is a stranger to one of them gets nothing.
    let got = s
        .exemptions_of_pupils(&actor(r.so_school, Role::Medewerker), &[r.sanne])
        .await
        .unwrap();
    assert_eq!(got, vec![(id, renewed.clone())]);
    let e = s
        .exemptions_of_pupils(&actor(r.po_school, Role::Medewerker), &[r.sanne, r.daan])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    let n = |a, o| audit_count(&log, "exemption", a, o);
    assert_eq!(n(AuditAction::Create, AuditOutcome::Allowed), 1);
    assert_eq!(n(AuditAction::Create, AuditOutcome::Refused), 3);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Allowed), 1);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Refused), 2);
    assert!(n(AuditAction::Read, AuditOutcome::Allowed) >= 6);
    assert!(n(AuditAction::Read, AuditOutcome::Refused) >= 6);
    assert!(n(AuditAction::Search, AuditOutcome::Allowed) >= 1);
}

pub async fn a_request_5_onder_a_is_kept_step_by_step_and_registered_only_as_it_reads(
    s: &dyn Store,
) {
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let tilburg = actor(r.tilburg, Role::Registrator);
    let id = ExemptionId::new_random();
    let e = s
        .create_exemption_request(&actor(r.so_school, Role::Registrator), id, request_5a(&r))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let opened = s
        .create_exemption_request(&tilburg, id, request_5a(&r))
        .await
        .unwrap();
    assert_eq!(opened.request.record.step(), RequestStep::AwaitingStatement);
    assert_eq!(opened.request.version, Version(1));

    // Each step is a new version.
    let mut req = opened.request.record.clone();
    req.statement = Some(statement(d(2026, 9, 20)));
    let v2 = s
        .change_exemption_request(&tilburg, id, Version(1), req.clone())
        .await
        .unwrap();
    assert_eq!(v2.request.record.step(), RequestStep::AwaitingPerspective);
    let mut moved = req.clone();
    moved.pupil = r.daan;
    let e = s
        .change_exemption_request(&tilburg, id, Version(2), moved)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("pupil")),
        "{e:?}"
    );

    // Registration needs every part, and stores exactly what the request describes.
    let incomplete = Exemption::without_dossier(
        r.sanne,
        r.tilburg,
        ExemptionGround::Art5OnderB,
        req.notification.period,
        req.notification.received_on,
    )
    .unwrap();
    let e = s
        .register_exemption(&tilburg, id, Version(2), incomplete, d(2026, 11, 23))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.contains("niet volledig")),
        "{e:?}"
    );
    req.perspective = Some(EducationalPerspective {
        swv: r.swv,
        date: d(2026, 10, 10),
        summary: "Geen passend aanbod in de regio.".into(),
    });
    req.casusregisseur = Some(Casusregisseur {
        name: "A. Yilmaz".into(),
        organisation: r.tilburg,
    });
    req.evaluations.push(Evaluation::planned(d(2027, 5, 1)));
    let v3 = s
        .change_exemption_request(&tilburg, id, Version(2), req.clone())
        .await
        .unwrap();
    assert_eq!(v3.request.record.step(), RequestStep::ReadyForCheck);
    let mut exemption = Exemption {
        pupil: r.sanne,
        municipality: r.tilburg,
        ground: ExemptionGround::Art5OnderA,
        period: req.notification.period,
        notified_on: req.notification.received_on,
        renewals: Vec::new(),
        dossier: Some(continuum_domain::exemption::Dossier5a {
            statement: req.statement.clone().unwrap(),
            perspective: req.perspective.clone().unwrap(),
            casusregisseur: req.casusregisseur.clone().unwrap(),
            evaluations: req.evaluations.clone(),
            development_offers: Vec::new(),
        }),
    };
    let mut longer = exemption.clone();
    longer.period = Period::from(d(2026, 11, 1));
    let e = s
        .register_exemption(&tilburg, id, Version(3), longer, d(2026, 11, 23))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.contains("niet overeen")),
        "{e:?}"
    );
    let e = s.exemption(&tilburg, id).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "nothing stored: {e:?}");
    let e = s
        .register_exemption(
            &actor(r.tilburg, Role::Medewerker),
            id,
            Version(3),
            exemption.clone(),
            d(2026, 11, 23),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let registered = s
        .register_exemption(&tilburg, id, Version(3), exemption.clone(), d(2026, 11, 23))
        .await
        .unwrap();
    assert_eq!(registered.exemption.id, id);
    assert_eq!(registered.exemption.record, exemption);
    let after = s.exemption_request(&tilburg, id).await.unwrap();
    assert_eq!(after.request.record.step(), RequestStep::Registered);
    assert_eq!(after.request.version, Version(4));
    // Decided is decided.
    let e = s
        .change_exemption_request(&tilburg, id, Version(4), req.clone())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("decision")),
        "{e:?}"
    );
    exemption.renewals.clear();
    let e = s
        .register_exemption(&tilburg, id, Version(4), exemption, d(2026, 11, 23))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");

    // A refusal is recorded on a request of its own; the list shows open requests first.
    let other = ExemptionId::new_random();
    let opened = s
        .create_exemption_request(&tilburg, other, request_5a(&r))
        .await
        .unwrap();
    let mut refused = opened.request.record.clone();
    refused
        .refuse(d(2026, 11, 23), "De ouders trokken de kennisgeving in.")
        .unwrap();
    let third = ExemptionId::new_random();
    s.create_exemption_request(&tilburg, third, request_5a(&r))
        .await
        .unwrap();
    let done = s
        .change_exemption_request(&tilburg, other, Version(1), refused)
        .await
        .unwrap();
    assert_eq!(done.request.record.step(), RequestStep::Refused);
    let (list, total) = s
        .exemption_requests(&tilburg, Page::new(1, 50))
        .await
        .unwrap();
    assert_eq!(total, 3);
    assert_eq!(list[0].request.id, third, "the open request first");
    let (none, _) = s
        .exemption_requests(&actor(r.dongen, Role::Registrator), Page::new(1, 50))
        .await
        .unwrap();
    assert!(none.is_empty());
    // The school reads the request of its pupil; another school does not learn of it.
    s.exemption_request(&actor(r.so_school, Role::Medewerker), third)
        .await
        .unwrap();
    let e = s
        .exemption_request(&actor(r.po_school, Role::Medewerker), third)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    let n = |a, o| audit_count(&log, "exemption_request", a, o);
    assert_eq!(n(AuditAction::Create, AuditOutcome::Allowed), 3);
    assert_eq!(n(AuditAction::Create, AuditOutcome::Refused), 1);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Allowed), 4);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Refused), 1);
    assert_eq!(n(AuditAction::Read, AuditOutcome::Refused), 1);
    assert_eq!(
        audit_count(
            &log,
            "exemption",
            AuditAction::Create,
            AuditOutcome::Allowed
        ),
        1
    );
}

fn reduced_time(r: &Region, end: Date) -> Arrangement {
    Arrangement {
        kind: ArrangementKind::OnderwijstijdOntheffing,
        school: r.so_school,
        pupils: vec![r.sanne],
        partners: vec![],
        period: Period::new(d(2026, 8, 24), Some(end)).unwrap(),
        description: "Drie ochtenden per week naar school.".into(),
        reduced_time: Some(ReducedTime {
            school_type: SchoolType::So,
            teaching_hours_per_week: HoursPerWeek(1_200),
            permissions: vec![Permission {
                period: Period::new(d(2026, 8, 24), Some(end)).unwrap(),
                granted_on: d(2026, 7, 1),
                reference: "INSP-2026-0042".into(),
            }],
        }),
    }
}

pub async fn a_school_records_arrangements_and_each_reader_sees_only_its_own_pupils(s: &dyn Store) {
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let school = actor(r.so_school, Role::Registrator);
    // A second pupil of the SO school, living in Dongen.
    let noor = PupilId::from_u128(9101);
    s.create_pupil(
        &school,
        noor,
        Pupil {
            pgn: continuum_domain::pgn::Pgn::parse("999999990").unwrap(),
            given_name: "Noor".into(),
            family_name: "Bakker".into(),
            birth_date: d(2018, 1, 5),
            municipality: r.dongen,
            insurer: None,
            period: Period::from(d(2018, 1, 5)),
        },
        PupilFact {
            pupil: noor,
            period: school_year(),
            fact: Fact::Enrolment {
                school: r.so_school,
                class: Some(r.class_so2),
            },
        },
    )
    .await
    .unwrap();
    let group = Arrangement {
        kind: ArrangementKind::Groep,
        school: r.so_school,
        pupils: vec![r.sanne, noor],
        partners: vec![r.swv, r.provider],
        period: school_year(),
        description: "Zorgboerderij op woensdag, met leerdoelen.".into(),
        reduced_time: None,
    };
    let individual = reduced_time(&r, d(2027, 7, 16));
    let (gid, iid) = (ArrangementId::new_random(), ArrangementId::new_random());

    // Only a registrator of the school itself, only for its own pupils, only well-formed.
    let e = s
        .create_arrangement(&actor(r.so_school, Role::Medewerker), gid, group.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .create_arrangement(&actor(r.po_school, Role::Registrator), gid, group.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let mut stranger = group.clone();
    stranger.pupils.push(r.daan);
    let e = s
        .create_arrangement(&school, gid, stranger)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let mut one = group.clone();
    one.pupils.truncate(1);
    let e = s.create_arrangement(&school, gid, one).await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("pupils")),
        "{e:?}"
    );

    let g = s
        .create_arrangement(&school, gid, group.clone())
        .await
        .unwrap();
    assert_eq!(g.arrangement.record, group);
    assert_eq!(g.pupil_names, vec!["Sanne de Vries", "Noor Bakker"]);
    s.create_arrangement(&school, iid, individual.clone())
        .await
        .unwrap();

    // The school and its SWV see everyone; a municipality its own residents; the parents
    // their child's own arrangement but not the group; a provider of Sanne is refused.
    let seen = |f: ArrangementFile| (f.arrangement.record.pupils, f.hidden_pupils);
    for who in [school.clone(), actor(r.swv, Role::Medewerker)] {
        assert_eq!(
            seen(s.arrangement(&who, gid).await.unwrap()),
            (vec![r.sanne, noor], 0)
        );
    }
    assert_eq!(
        seen(
            s.arrangement(&actor(r.tilburg, Role::Medewerker), gid)
                .await
                .unwrap()
        ),
        (vec![r.sanne], 1)
    );
    assert_eq!(
        seen(
            s.arrangement(&actor(r.dongen, Role::Medewerker), gid)
                .await
                .unwrap()
        ),
        (vec![noor], 1)
    );
    let parents = actor(r.parents, Role::Ouder);
    assert!(matches!(
        s.arrangement(&parents, gid).await.unwrap_err(),
        StoreError::NotFound
    ));
    assert_eq!(
        seen(s.arrangement(&parents, iid).await.unwrap()),
        (vec![r.sanne], 0)
    );
    let e = s
        .arrangement(&actor(r.provider, Role::Medewerker), iid)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .arrangement(&actor(r.po_school, Role::Registrator), iid)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");

    let count = |who: Actor, filter: ArrangementFilter| async move {
        s.arrangements(&who, filter, Page::new(1, 50))
            .await
            .unwrap()
            .1
    };
    let all = ArrangementFilter::default();
    assert_eq!(count(school.clone(), all).await, 2);
    assert_eq!(count(actor(r.swv, Role::Medewerker), all).await, 2);
    assert_eq!(count(actor(r.tilburg, Role::Medewerker), all).await, 2);
    assert_eq!(count(actor(r.dongen, Role::Medewerker), all).await, 1);
    assert_eq!(count(parents.clone(), all).await, 1);
    assert_eq!(count(actor(r.po_school, Role::Registrator), all).await, 0);
    let reduced = ArrangementFilter {
        kind: Some(ArrangementKind::OnderwijstijdOntheffing),
        ..all
    };
    assert_eq!(count(school.clone(), reduced).await, 1);
    let of_noor = ArrangementFilter {
        pupil: Some(noor),
        ..all
    };
    assert_eq!(count(school.clone(), of_noor).await, 1, "the group only");
    let later = ArrangementFilter {
        in_force_on: Some(d(2027, 7, 20)),
        ..all
    };
    assert_eq!(count(school.clone(), later).await, 1, "the group only");

    // A renewed permission is a new version; school and kind stay.
    let mut renewed = reduced_time(&r, d(2027, 7, 16));
    renewed.period = Period::new(d(2026, 8, 24), Some(d(2028, 7, 14))).unwrap();
    if let Some(rt) = renewed.reduced_time.as_mut() {
        rt.permissions.push(Permission {
            period: Period::new(d(2027, 7, 17), Some(d(2028, 7, 14))).unwrap(),
            granted_on: d(2027, 6, 1),
            reference: "INSP-2027-0107".into(),
        });
    }
    let e = s
        .change_arrangement(
            &actor(r.tilburg, Role::Registrator),
            iid,
            Version(1),
            renewed.clone(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let v2 = s
        .change_arrangement(&school, iid, Version(1), renewed.clone())
        .await
        .unwrap();
    assert_eq!(v2.arrangement.version, Version(2));
    let e = s
        .change_arrangement(&school, iid, Version(1), renewed.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::StaleVersion { .. }), "{e:?}");
    let mut other_kind = renewed.clone();
    other_kind.kind = ArrangementKind::Individueel;
    let e = s
        .change_arrangement(&school, iid, Version(2), other_kind)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let history = s.arrangement_history(&parents, iid).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0].arrangement.record.period.end(),
        Some(d(2028, 7, 14))
    );
    assert_eq!(
        history[1].arrangement.record.period.end(),
        Some(d(2027, 7, 16))
    );

    let log = s.audit_of_pupil(&parents, r.sanne).await.unwrap();
    let n = |a, o| audit_count(&log, "arrangement", a, o);
    assert_eq!(n(AuditAction::Create, AuditOutcome::Allowed), 2);
    assert!(n(AuditAction::Create, AuditOutcome::Refused) >= 2);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Allowed), 1);
    assert_eq!(n(AuditAction::Update, AuditOutcome::Refused), 1);
    assert!(n(AuditAction::Read, AuditOutcome::Allowed) >= 5);
    assert!(n(AuditAction::Read, AuditOutcome::Refused) >= 2);
    assert!(n(AuditAction::Search, AuditOutcome::Allowed) >= 4);
}

pub async fn a_municipality_reads_the_enrolments_of_its_residents_and_no_others(s: &dyn Store) {
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let tilburg = actor(r.tilburg, Role::Medewerker);
    let rows = s.enrolments_of_pupils(&tilburg, &[r.sanne]).await.unwrap();
    assert_eq!(
        rows,
        vec![EnrolmentRow {
            pupil: r.sanne,
            school: r.so_school,
            period: school_year()
        }]
    );
    let e = s
        .enrolments_of_pupils(&tilburg, &[r.sanne, r.daan])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    assert!(
        s.enrolments_of_pupils(&tilburg, &[])
            .await
            .unwrap()
            .is_empty()
    );
    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    assert_eq!(
        audit_count(
            &log,
            "enrolment",
            AuditAction::Search,
            AuditOutcome::Allowed
        ),
        1
    );
}
