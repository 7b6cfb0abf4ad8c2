//! The conformance suite. Every function is one behaviour a user relies on; the test
//! files run each against every backend.

use crate::fixture::{actor, d, region, school_year, today};
use continuum_domain::ids::*;
use continuum_domain::period::Period;
use continuum_domain::register::*;
use continuum_domain::role::Role;
use continuum_store::*;

pub use crate::exemptions_suite::*;

pub async fn organisation_changes_are_versions_and_history_stays(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let v1 = s.organisation(r.tilburg).await.unwrap();
    assert_eq!(v1.version, Version(1));
    let mut changed = v1.record.clone();
    changed.name = "Gemeente Tilburg (nieuw)".into();
    let v2 = s
        .put_organisation(r.tilburg, changed.clone(), Some(Version(1)), "tester")
        .await
        .unwrap();
    assert_eq!(v2.version, Version(2));
    assert_eq!(
        s.organisation(r.tilburg).await.unwrap().record.name,
        "Gemeente Tilburg (nieuw)"
    );
    let history = s.organisation_history(r.tilburg).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.version.0).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(history[1].record.name, "Gemeente Tilburg");
    assert_eq!(history[0].recorded_by, "tester");
}

pub async fn a_stale_version_is_refused_and_loses_nothing(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let base = s.organisation(r.dongen).await.unwrap();
    let mut a = base.record.clone();
    a.name = "Dongen A".into();
    let mut b = base.record.clone();
    b.name = "Dongen B".into();
    s.put_organisation(r.dongen, a, Some(base.version), "alice")
        .await
        .unwrap();
    let err = s
        .put_organisation(r.dongen, b, Some(base.version), "bob")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::StaleVersion {
                current: Version(2)
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        s.organisation(r.dongen).await.unwrap().record.name,
        "Dongen A"
    );
}

pub async fn concurrent_edits_of_one_record_let_exactly_one_win(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let base = s.organisation(r.dongen).await.unwrap();
    let attempts = (0..6).map(|i| {
        let mut o = base.record.clone();
        o.name = format!("Dongen {i}");
        s.put_organisation(r.dongen, o, Some(base.version), "racer")
    });
    let results = futures_join_all(attempts).await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let stale = results
        .iter()
        .filter(|r| matches!(r, Err(StoreError::StaleVersion { .. })))
        .count();
    assert_eq!((wins, stale), (1, 5), "{results:?}");
    assert_eq!(s.organisation_history(r.dongen).await.unwrap().len(), 2);
}

async fn futures_join_all<F: std::future::Future>(fs: impl Iterator<Item = F>) -> Vec<F::Output> {
    // Polls all futures concurrently without pulling in a futures crate.
    let mut pinned: Vec<_> = fs.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, slot) in pinned.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *slot = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|o| o.expect("all ready")).collect()
}

pub async fn related_organisations_read_the_file_and_strangers_get_not_found(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    for org in [
        r.so_school,
        r.swv,
        r.tilburg,
        r.zorgkantoor,
        r.insurer,
        r.provider,
        r.parents,
    ] {
        let role = if org == r.parents {
            Role::Ouder
        } else {
            Role::Medewerker
        };
        let file = s.pupil_file(&actor(org, role), r.sanne).await.unwrap();
        assert_eq!(file.pupil.record.given_name, "Sanne");
        assert!(!file.relations.is_empty());
        assert_eq!(file.facts.len(), 7);
    }
    // Dongen is not Sanne's municipality; the regular school is not hers.
    for org in [r.dongen, r.po_school, r.board] {
        let err = s
            .pupil_file(&actor(org, Role::Medewerker), r.sanne)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound), "{org:?}: {err:?}");
    }
    // A pupil that does not exist answers the same.
    let err = s
        .pupil_file(
            &actor(r.so_school, Role::Medewerker),
            PupilId::from_u128(777),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound));
}

pub async fn every_read_write_and_refusal_lands_in_the_pupils_audit_log(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    s.pupil_file(&actor(r.so_school, Role::Medewerker), r.sanne)
        .await
        .unwrap();
    let _ = s
        .pupil_file(&actor(r.dongen, Role::Medewerker), r.sanne)
        .await;
    let tlv = PupilFact {
        pupil: r.sanne,
        period: school_year(),
        fact: Fact::Tlv {
            swv: r.swv,
            category: TlvCategory::Midden,
            emb: false,
        },
    };
    s.update_fact(
        &actor(r.swv, Role::Registrator),
        r.sanne_tlv,
        Version(1),
        tlv,
    )
    .await
    .unwrap();
    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    let summary: Vec<(AuditAction, AuditOutcome, Option<OrgId>)> = log
        .iter()
        .map(|e| (e.action, e.outcome, e.organisation))
        .collect();
    assert_eq!(summary[0].0, AuditAction::Import);
    assert!(summary.contains(&(AuditAction::Read, AuditOutcome::Allowed, Some(r.so_school))));
    assert!(summary.contains(&(AuditAction::Read, AuditOutcome::Refused, Some(r.dongen))));
    assert!(summary.contains(&(AuditAction::Update, AuditOutcome::Allowed, Some(r.swv))));
    assert!(
        log.iter()
            .all(|e| e.pupil == Some(r.sanne) && !e.purpose.is_empty() && !e.origin.is_empty())
    );
    // The export itself is logged too.
    let again = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    assert_eq!(again.last().map(|e| e.action), Some(AuditAction::Export));
    assert!(again.len() > log.len());
}

pub async fn writes_follow_the_relation_and_the_role(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let tlv = |swv| PupilFact {
        pupil: r.sanne,
        period: school_year(),
        fact: Fact::Tlv {
            swv,
            category: TlvCategory::Hoog,
            emb: true,
        },
    };
    // The SWV's registrator records a TLV; its medewerker may not; the municipality may not.
    s.add_fact(
        &actor(r.swv, Role::Registrator),
        FactId::from_u128(5001),
        tlv(r.swv),
    )
    .await
    .unwrap();
    let e = s
        .add_fact(
            &actor(r.swv, Role::Medewerker),
            FactId::from_u128(5002),
            tlv(r.swv),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .add_fact(
            &actor(r.tilburg, Role::Registrator),
            FactId::from_u128(5003),
            tlv(r.swv),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    // A stranger learns nothing, not even that the pupil exists.
    let e = s
        .add_fact(
            &actor(r.dongen, Role::Registrator),
            FactId::from_u128(5004),
            tlv(r.swv),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let file = s
        .pupil_file(&actor(r.swv, Role::Medewerker), r.sanne)
        .await
        .unwrap();
    assert_eq!(
        file.facts
            .iter()
            .filter(|f| f.record.fact.kind() == FactKind::Tlv)
            .count(),
        2
    );
}

pub async fn a_pupil_change_is_a_new_version_in_the_history(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let school = actor(r.so_school, Role::Registrator);
    let file = s.pupil_file(&school, r.sanne).await.unwrap();
    let mut moved = file.pupil.record.clone();
    moved.municipality = r.dongen;
    let v2 = s
        .update_pupil(&school, r.sanne, file.pupil.version, moved)
        .await
        .unwrap();
    assert_eq!(v2.version, Version(2));
    // Tilburg no longer sees her; Dongen now does.
    assert!(matches!(
        s.pupil_file(&actor(r.tilburg, Role::Medewerker), r.sanne)
            .await,
        Err(StoreError::NotFound)
    ));
    s.pupil_file(&actor(r.dongen, Role::Medewerker), r.sanne)
        .await
        .unwrap();
    let history = s.pupil_history(&school, r.sanne).await.unwrap();
    let pupil_versions: Vec<i64> = history
        .iter()
        .filter_map(|h| match h {
            HistoryItem::Pupil(v) => Some(v.version.0),
            _ => None,
        })
        .collect();
    assert_eq!(pupil_versions, vec![2, 1]);
    let e = s
        .update_pupil(&school, r.sanne, Version(1), file.pupil.record)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::StaleVersion { .. }), "{e:?}");
}

pub async fn a_school_lists_its_pupils_by_class_and_others_see_only_their_own(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let (rows, total) = s
        .pupils_of_school(
            &actor(r.so_school, Role::Medewerker),
            r.so_school,
            today(),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(rows[0].id, r.sanne);
    assert_eq!(rows[0].class_name.as_deref(), Some("SO-1"));
    // The insurer has a relation with Sanne (Zvw indication) and sees her in the list;
    // Dongen has none and sees an empty list.
    let (rows, _) = s
        .pupils_of_school(
            &actor(r.insurer, Role::Medewerker),
            r.so_school,
            today(),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let (rows, total) = s
        .pupils_of_school(
            &actor(r.dongen, Role::Medewerker),
            r.so_school,
            today(),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert_eq!((rows.len(), total), (0, 0));
    // After the school year the enrolment has ended.
    let (rows, _) = s
        .pupils_of_school(
            &actor(r.so_school, Role::Medewerker),
            r.so_school,
            d(2027, 8, 1),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert!(rows.is_empty());
}

pub async fn a_school_registers_a_new_pupil_with_its_enrolment(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let id = PupilId::from_u128(9001);
    let pupil = Pupil {
        pgn: continuum_domain::pgn::Pgn::parse("999999990").unwrap(),
        given_name: "Noor".into(),
        family_name: "Bakker".into(),
        birth_date: d(2018, 1, 5),
        municipality: r.tilburg,
        insurer: None,
        period: Period::from(d(2018, 1, 5)),
    };
    let enrol = PupilFact {
        pupil: id,
        period: school_year(),
        fact: Fact::Enrolment {
            school: r.so_school,
            class: Some(r.class_so2),
        },
    };
    let file = s
        .create_pupil(
            &actor(r.so_school, Role::Registrator),
            id,
            pupil.clone(),
            enrol.clone(),
        )
        .await
        .unwrap();
    assert_eq!(file.pupil.record, pupil);
    // Another school cannot enrol a pupil at this one.
    let other = PupilFact {
        pupil: PupilId::from_u128(9002),
        ..enrol.clone()
    };
    let e = s
        .create_pupil(
            &actor(r.po_school, Role::Registrator),
            PupilId::from_u128(9002),
            pupil.clone(),
            other,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)));
    // When the regular school registers a PGN the register knows (a change of school), it
    // enrols that same pupil: no second pupil, no "already exists" answer to probe BSNs with.
    let at_po = PupilFact {
        pupil: PupilId::from_u128(9003),
        period: school_year(),
        fact: Fact::Enrolment {
            school: r.po_school,
            class: None,
        },
    };
    let renamed = Pupil {
        given_name: "Iemand".into(),
        ..pupil.clone()
    };
    let file = s
        .create_pupil(
            &actor(r.po_school, Role::Registrator),
            PupilId::from_u128(9003),
            renamed,
            at_po,
        )
        .await
        .unwrap();
    assert_eq!(file.pupil.id, id);
    assert_eq!(
        file.pupil.record.given_name, "Noor",
        "the known record is kept"
    );
    let schools: Vec<Option<OrgId>> = file
        .facts
        .iter()
        .filter(|f| f.record.fact.kind() == FactKind::Enrolment)
        .map(|f| f.record.fact.organisation())
        .collect();
    assert_eq!(schools, vec![Some(r.so_school), Some(r.po_school)]);
    let log = s
        .audit_of_pupil(&actor(r.so_school, Role::Beheerder), id)
        .await
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.object == "fact:enrolment" && e.organisation == Some(r.po_school))
    );
}

pub async fn an_import_with_a_dangling_reference_stores_nothing(s: &dyn Store) {
    let mut r = region();
    // The last fact points at a provider that is not in the batch.
    r.batch.facts.push((
        FactId::from_u128(8001),
        PupilFact {
            pupil: r.sanne,
            period: school_year(),
            fact: Fact::ProviderAssignment {
                provider: OrgId::from_u128(4242),
            },
        },
    ));
    let e = s.import(r.batch, "test").await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.contains("fact.organisation")),
        "{e:?}"
    );
    let (orgs, total) = s.organisations(None, Page::new(1, 10)).await.unwrap();
    assert_eq!((orgs.len(), total), (0, 0));
    assert!(
        s.export_all("test", "test")
            .await
            .unwrap()
            .pupils
            .is_empty()
    );
}

pub async fn an_export_gives_back_what_was_imported(s: &dyn Store) {
    let r = region();
    let batch = r.batch.clone();
    s.import(r.batch, "test").await.unwrap();
    let out = s.export_all("test", "test").await.unwrap();
    let sorted = |mut v: Vec<(FactId, PupilFact)>| {
        v.sort_by_key(|(id, _)| *id);
        v
    };
    assert_eq!(sorted(out.facts), sorted(batch.facts));
    assert_eq!(out.pupils.len(), batch.pupils.len());
    assert_eq!(out.organisations.len(), batch.organisations.len());
    for (id, o) in &batch.organisations {
        assert!(out.organisations.contains(&(*id, o.clone())), "{id}");
    }
    // The export is in every exported pupil's audit log, with who and why.
    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    assert!(log.iter().any(|e| e.action == AuditAction::Export
        && e.object == "register"
        && e.user_name == "test"
        && e.purpose == "test"));
}

pub async fn sessions_live_in_the_store_and_expire(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let user = s
        .create_user(NewUser {
            id: UserId::from_u128(1),
            org: r.so_school,
            login: "juf@regenboog".into(),
            display_name: "Juf Anna".into(),
            role: Role::Registrator,
            password_hash: "$argon2id$fake".into(),
        })
        .await
        .unwrap();
    let (found, hash) = s.user_by_login("juf@regenboog").await.unwrap().unwrap();
    assert_eq!(
        (found.clone(), hash.as_str()),
        (user.clone(), "$argon2id$fake")
    );
    // Whole microseconds: what PostgreSQL keeps of a timestamp.
    let now = chrono::SubsecRound::trunc_subsecs(actor(r.so_school, Role::Medewerker).now, 6);
    let session = Session {
        token_hash: "abc".into(),
        user: user.id,
        csrf_token: "csrf".into(),
        created_at: now,
        expires_at: now + chrono::Duration::hours(8),
    };
    s.create_session(session.clone()).await.unwrap();
    let (got, u) = s
        .session("abc", now + chrono::Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((got, u), (session, user));
    assert!(
        s.session("abc", now + chrono::Duration::hours(9))
            .await
            .unwrap()
            .is_none()
    );
    s.delete_session("abc").await.unwrap();
    assert!(s.session("abc", now).await.unwrap().is_none());
    assert!(s.user_by_login("niemand").await.unwrap().is_none());
}

pub async fn each_organisation_lists_exactly_the_pupils_it_has_a_relation_with(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let ids = |org, role| async move {
        let (rows, total) = s
            .pupils_of_actor(&actor(org, role), Page::new(1, 50))
            .await
            .unwrap();
        assert_eq!(rows.len() as u64, total);
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    // Sanne: SO school, SWV, Tilburg, zorgkantoor (Wlz), insurer (Zvw), provider, parents.
    // Daan: regular school (same SWV), Dongen; same insurer but no Zvw indication.
    assert_eq!(ids(r.so_school, Role::Medewerker).await, vec![r.sanne]);
    assert_eq!(ids(r.po_school, Role::Medewerker).await, vec![r.daan]);
    let mut swv = ids(r.swv, Role::Medewerker).await;
    swv.sort();
    let mut both = vec![r.sanne, r.daan];
    both.sort();
    assert_eq!(swv, both, "the SWV sees the pupils of both its schools");
    assert_eq!(ids(r.tilburg, Role::Medewerker).await, vec![r.sanne]);
    assert_eq!(ids(r.dongen, Role::Medewerker).await, vec![r.daan]);
    assert_eq!(ids(r.zorgkantoor, Role::Medewerker).await, vec![r.sanne]);
    assert_eq!(ids(r.insurer, Role::Medewerker).await, vec![r.sanne]);
    assert_eq!(ids(r.provider, Role::Medewerker).await, vec![r.sanne]);
    assert_eq!(ids(r.parents, Role::Ouder).await, vec![r.sanne]);
    assert!(ids(r.board, Role::Medewerker).await.is_empty());
}

pub async fn a_school_names_each_class_of_a_year_once(s: &dyn Store) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let twin = SchoolClass {
        school: r.so_school,
        school_year: continuum_domain::period::SchoolYear(2026),
        name: "SO-1".into(),
        lesson_times: vec![],
    };
    let e = s
        .put_class(ClassId::from_u128(6001), twin.clone(), None, "test")
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let next_year = SchoolClass {
        school_year: continuum_domain::period::SchoolYear(2027),
        ..twin
    };
    s.put_class(ClassId::from_u128(6002), next_year.clone(), None, "test")
        .await
        .unwrap();
    // Newest year first, and names as people sort them: SO-2 before SO-10.
    for (n, name) in [(6003, "SO-10"), (6004, "SO-2")] {
        let class = SchoolClass {
            name: name.into(),
            ..next_year.clone()
        };
        s.put_class(ClassId::from_u128(n), class, None, "test")
            .await
            .unwrap();
    }
    let names: Vec<(i32, String)> = s
        .classes_of_school(r.so_school)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.record.school_year.0, c.record.name))
        .collect();
    let want: Vec<(i32, String)> = [
        (2027, "SO-1"),
        (2027, "SO-2"),
        (2027, "SO-10"),
        (2026, "SO-1"),
        (2026, "SO-2"),
    ]
    .into_iter()
    .map(|(y, n)| (y, n.to_owned()))
    .collect();
    assert_eq!(names, want);
}

pub async fn a_past_date_does_not_show_a_school_its_former_pupils(s: &dyn Store) {
    let mut r = region();
    // Femke was at the SO school until July 2025 and is now at the regular school.
    let femke = PupilId::from_u128(7001);
    r.batch.pupils.push((
        femke,
        Pupil {
            pgn: continuum_domain::pgn::Pgn::parse("999999990").unwrap(),
            given_name: "Femke".into(),
            family_name: "Smits".into(),
            birth_date: d(2015, 9, 9),
            municipality: r.dongen,
            insurer: None,
            period: Period::from(d(2015, 9, 9)),
        },
    ));
    let past = Period::new(d(2024, 8, 1), Some(d(2025, 7, 31))).unwrap();
    r.batch.facts.push((
        FactId::from_u128(7002),
        PupilFact {
            pupil: femke,
            period: past,
            fact: Fact::Enrolment {
                school: r.so_school,
                class: None,
            },
        },
    ));
    r.batch.facts.push((
        FactId::from_u128(7003),
        PupilFact {
            pupil: femke,
            period: school_year(),
            fact: Fact::Enrolment {
                school: r.po_school,
                class: None,
            },
        },
    ));
    s.import(r.batch, "test").await.unwrap();
    let listed = |org, on| async move {
        let (rows, _) = s
            .pupils_of_school(
                &actor(org, Role::Medewerker),
                r.so_school,
                on,
                Page::new(1, 50),
            )
            .await
            .unwrap();
        rows.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert!(
        listed(r.so_school, d(2025, 1, 1)).await.is_empty(),
        "former pupil listed by a past date"
    );
    assert!(
        listed(r.swv, d(2025, 1, 1)).await.contains(&femke),
        "the SWV still has a relation through the regular school"
    );
    assert!(matches!(
        s.pupil_file(&actor(r.so_school, Role::Medewerker), femke)
            .await,
        Err(StoreError::NotFound)
    ));
    let (rows, _) = s
        .pupils_of_school(
            &actor(r.po_school, Role::Medewerker),
            r.po_school,
            today(),
            Page::new(1, 50),
        )
        .await
        .unwrap();
    assert!(rows.iter().any(|row| row.id == femke));
}

pub async fn an_import_that_enrols_a_pupil_at_a_municipality_stores_nothing(s: &dyn Store) {
    let mut r = region();
    // An enrolment must name a school: at a municipality it would hand out the school's access.
    r.batch.facts.push((
        FactId::from_u128(8101),
        PupilFact {
            pupil: r.daan,
            period: school_year(),
            fact: Fact::Enrolment {
                school: r.tilburg,
                class: None,
            },
        },
    ));
    let e = s.import(r.batch, "test").await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict(m) if m.starts_with("fact.organisation")),
        "{e:?}"
    );
    assert!(!e.to_string().contains("111222333"));
    assert!(s.export_all("test", "test").await.unwrap().facts.is_empty());
}

pub async fn a_zorgkantoor_records_the_first_wlz_indication_of_a_pupil_in_its_region(
    s: &dyn Store,
) {
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let wlz = PupilFact {
        pupil: r.daan,
        period: school_year(),
        fact: Fact::Indication {
            law: CareLaw::Wlz,
            funder: r.zorgkantoor,
            delivery: DeliveryForm::Zin,
            category: NeedCategory::Begeleiding,
            hours_per_week: HoursPerWeek(500),
            hours_in_school_time: HoursPerWeek(300),
        },
    };
    // Before: the zorgkantoor does not see Daan; the insurer may not record a Wlz indication.
    assert!(matches!(
        s.pupil_file(&actor(r.zorgkantoor, Role::Medewerker), r.daan)
            .await,
        Err(StoreError::NotFound)
    ));
    let by_insurer = PupilFact {
        fact: Fact::Indication {
            law: CareLaw::Wlz,
            funder: r.insurer,
            delivery: DeliveryForm::Zin,
            category: NeedCategory::Begeleiding,
            hours_per_week: HoursPerWeek(500),
            hours_in_school_time: HoursPerWeek(300),
        },
        ..wlz.clone()
    };
    assert!(
        s.add_fact(
            &actor(r.insurer, Role::Registrator),
            FactId::from_u128(8201),
            by_insurer
        )
        .await
        .is_err()
    );
    s.add_fact(
        &actor(r.zorgkantoor, Role::Registrator),
        FactId::from_u128(8202),
        wlz,
    )
    .await
    .unwrap();
    // After: the indication is the zorgkantoor's relation with Daan.
    let file = s
        .pupil_file(&actor(r.zorgkantoor, Role::Medewerker), r.daan)
        .await
        .unwrap();
    assert_eq!(
        file.relations,
        vec![continuum_domain::access::Relation::ZorgkantoorWlz]
    );
}

pub async fn a_school_counts_where_its_pupils_live_without_naming_them(s: &dyn Store) {
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let on = today();
    // Sanne lives in Tilburg and is enrolled at the SO school; Daan at the PO school.
    assert_eq!(
        s.residences_of_school(r.so_school, on).await.unwrap(),
        vec![(r.tilburg, 1)]
    );
    assert_eq!(
        s.residences_of_school(r.po_school, on).await.unwrap().len(),
        1
    );
    // Before the enrolment nobody.
    let long_ago = continuum_domain::Date::from_ymd_opt(2000, 1, 1).unwrap();
    assert!(
        s.residences_of_school(r.so_school, long_ago)
            .await
            .unwrap()
            .is_empty()
    );
    // Counting names nobody, so no pupil's audit log grows.
    let reader = actor(r.so_school, continuum_domain::role::Role::Beheerder);
    let before = s.audit_of_pupil(&reader, r.sanne).await.unwrap().len();
    s.residences_of_school(r.so_school, on).await.unwrap();
    let after = s.audit_of_pupil(&reader, r.sanne).await.unwrap().len();
    // Reading the log is itself logged: one more entry, not two.
    assert_eq!(after, before + 1);
}

fn absence(
    date: continuum_domain::Date,
    minutes: u16,
    kind: continuum_domain::absence::AbsenceKind,
) -> continuum_domain::absence::Absence {
    continuum_domain::absence::Absence {
        date,
        minutes,
        kind,
    }
}

pub async fn the_school_records_absence_and_those_who_follow_it_read_it(s: &dyn Store) {
    use continuum_domain::absence::{AbsenceKind, LeaveGround};
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let school = actor(r.so_school, Role::Registrator);
    let first = absence(d(2026, 9, 7), 330, AbsenceKind::Ongeoorloofd);
    let second = absence(
        d(2026, 10, 12),
        300,
        AbsenceKind::Geoorloofd(Some(LeaveGround::Art14)),
    );
    let n = s
        .record_absences(&school, vec![(r.sanne, first), (r.sanne, second)])
        .await
        .unwrap();
    assert_eq!(n, 2);
    // Newest first, for the school, the municipality and the parents.
    for reader in [
        actor(r.so_school, Role::Medewerker),
        actor(r.tilburg, Role::Medewerker),
        actor(r.swv, Role::Medewerker),
        actor(r.parents, Role::Ouder),
    ] {
        assert_eq!(
            s.absences_of_pupil(&reader, r.sanne).await.unwrap(),
            vec![second, first]
        );
    }
    // A care provider has a relation but does not see absence; a stranger learns nothing.
    let e = s
        .absences_of_pupil(&actor(r.provider, Role::Medewerker), r.sanne)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .absences_of_pupil(&actor(r.po_school, Role::Registrator), r.sanne)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    // Only a registrator of the school of enrolment writes.
    let third = absence(d(2026, 11, 2), 60, AbsenceKind::TeLaat);
    let e = s
        .record_absences(&actor(r.tilburg, Role::Registrator), vec![(r.sanne, third)])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .record_absences(
            &actor(r.so_school, Role::Medewerker),
            vec![(r.sanne, third)],
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .record_absences(
            &actor(r.po_school, Role::Registrator),
            vec![(r.sanne, third)],
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    // Not for a day before the enrolment; a second record of a day and kind is refused; in
    // both cases nothing of the list is stored.
    let before = absence(d(2026, 7, 1), 60, AbsenceKind::Ziek);
    let e = s
        .record_absences(&school, vec![(r.sanne, third), (r.sanne, before)])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let again = absence(d(2026, 9, 7), 60, AbsenceKind::Ongeoorloofd);
    let e = s
        .record_absences(&school, vec![(r.sanne, third), (r.sanne, again)])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let e = s
        .record_absences(&school, vec![(r.sanne, third), (r.sanne, third)])
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    // Another kind on the same day is a record of its own.
    let sick = absence(d(2026, 9, 7), 60, AbsenceKind::Ziek);
    assert_eq!(
        s.record_absences(&school, vec![(r.sanne, sick)])
            .await
            .unwrap(),
        1
    );
    let all = s.absences_of_pupil(&school, r.sanne).await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(!all.contains(&third));
    // Every write, read and refusal is in the pupil's audit log.
    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    let count = |action: AuditAction, outcome: AuditOutcome| {
        log.iter()
            .filter(|e| e.object == "absence" && e.action == action && e.outcome == outcome)
            .count()
    };
    assert_eq!(count(AuditAction::Create, AuditOutcome::Allowed), 2);
    assert!(count(AuditAction::Create, AuditOutcome::Refused) >= 4);
    assert!(count(AuditAction::Read, AuditOutcome::Allowed) >= 5);
    assert_eq!(count(AuditAction::Read, AuditOutcome::Refused), 2);
}

pub async fn an_import_stores_absences_all_or_nothing_and_the_export_gives_them_back(
    s: &dyn Store,
) {
    use continuum_domain::absence::{AbsenceKind, LeaveGround};
    let r = region();
    let mut bad = r.batch.clone();
    bad.absences = vec![
        (r.sanne, absence(d(2026, 9, 7), 330, AbsenceKind::Ziek)),
        (
            PupilId::from_u128(0xDEAD),
            absence(d(2026, 9, 7), 60, AbsenceKind::Ziek),
        ),
    ];
    let e = s.import(bad, "test").await.unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    assert!(
        s.export_all("test", "test")
            .await
            .unwrap()
            .pupils
            .is_empty()
    );

    let mut batch = r.batch.clone();
    batch.absences = vec![
        (r.sanne, absence(d(2026, 9, 7), 330, AbsenceKind::Ziek)),
        (r.sanne, absence(d(2026, 9, 8), 45, AbsenceKind::TeLaat)),
        (
            r.daan,
            absence(
                d(2026, 10, 1),
                300,
                AbsenceKind::Geoorloofd(Some(LeaveGround::Art13a)),
            ),
        ),
        (
            r.daan,
            absence(d(2026, 10, 2), 300, AbsenceKind::Geoorloofd(None)),
        ),
    ];
    let counts = s.import(batch.clone(), "test").await.unwrap();
    assert_eq!(counts.absences, 4);
    let mut out = s.export_all("test", "test").await.unwrap().absences;
    let key = |(p, a): &(PupilId, continuum_domain::absence::Absence)| (*p, a.date);
    out.sort_by_key(key);
    batch.absences.sort_by_key(key);
    assert_eq!(out, batch.absences);
}

fn report_of(
    r: &crate::fixture::Region,
    kind: continuum_domain::absence_report::ReportType,
    on: continuum_domain::Date,
) -> continuum_domain::absence_report::AbsenceReport {
    continuum_domain::absence_report::AbsenceReport {
        pupil: r.sanne,
        school: r.so_school,
        // The store routes to the municipality of residence, whatever this says.
        municipality: r.dongen,
        kind,
        signal_on: on,
        period: Period::new(d(2026, 9, 7), Some(on)).unwrap(),
        minutes: 960,
        times: 0,
        basis: "Leerplichtwet 1969, art. 21a".into(),
        note: Some("moeder is bereikt".into()),
        status: continuum_domain::absence_report::ReportStatus::Geregistreerd,
    }
}

pub async fn a_school_reports_absence_to_the_municipality_of_residence_which_handles_or_forwards_it(
    s: &dyn Store,
) {
    use continuum_domain::absence_report::{ReportChange, ReportStatus, ReportType};
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let school = actor(r.so_school, Role::Registrator);
    let tilburg = actor(r.tilburg, Role::Registrator);
    let dongen = actor(r.dongen, Role::Registrator);
    let id = ReportId::new_random();
    let report = report_of(&r, ReportType::Melding16Uur, d(2026, 10, 2));

    // Only a registrator of the school of enrolment reports, for its own school.
    for (who, want_not_found) in [
        (actor(r.so_school, Role::Medewerker), false),
        (actor(r.tilburg, Role::Registrator), false),
        (actor(r.po_school, Role::Registrator), true),
    ] {
        let e = s
            .create_absence_report(&who, id, report.clone())
            .await
            .unwrap_err();
        if want_not_found {
            assert!(matches!(e, StoreError::NotFound), "{e:?}");
        } else {
            assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
        }
    }
    let mut for_other_school = report.clone();
    for_other_school.school = r.po_school;
    let e = s
        .create_absence_report(&school, id, for_other_school)
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");

    let made = s
        .create_absence_report(&school, id, report.clone())
        .await
        .unwrap();
    assert_eq!(made.report.municipality, r.tilburg, "routed to residence");
    assert_eq!(made.report.status, ReportStatus::Geregistreerd);
    assert_eq!(made.version, Version(1));
    assert_eq!(made.pupil_name, "Sanne de Vries");
    assert_eq!(made.events.len(), 1);
    assert_eq!(
        made.events[0].change,
        ReportChange::Registered {
            municipality: r.tilburg
        }
    );
    // The same signal is reported once.
    let e = s
        .create_absence_report(&school, ReportId::new_random(), report.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");

    // The school and the municipality see it; the SWV, Dongen and other schools do not.
    for who in [&school, &tilburg] {
        assert_eq!(s.absence_report(who, id).await.unwrap(), made);
        let (list, total) = s
            .absence_reports(who, ReportFilter::default(), Page::new(1, 50))
            .await
            .unwrap();
        assert_eq!((list.len(), total), (1, 1));
    }
    for stranger in [
        actor(r.swv, Role::Registrator),
        dongen.clone(),
        actor(r.po_school, Role::Registrator),
    ] {
        let e = s.absence_report(&stranger, id).await.unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
        let (list, total) = s
            .absence_reports(&stranger, ReportFilter::default(), Page::new(1, 50))
            .await
            .unwrap();
        assert!(list.is_empty() && total == 0);
    }
    // The filter selects on status and type.
    let filtered = |status, kind| ReportFilter { status, kind };
    for (f, n) in [
        (filtered(Some(ReportStatus::Geregistreerd), None), 1),
        (filtered(Some(ReportStatus::Afgesloten), None), 0),
        (filtered(None, Some(ReportType::LuxeVerzuim)), 0),
        (filtered(None, Some(ReportType::Melding16Uur)), 1),
    ] {
        assert_eq!(
            s.absence_reports(&tilburg, f, Page::new(1, 50))
                .await
                .unwrap()
                .1,
            n
        );
    }

    // The municipality takes it up; the school may only withdraw; a medewerker changes nothing.
    let e = s
        .change_absence_report(
            &school,
            id,
            Version(1),
            ReportAction::Status {
                to: ReportStatus::Afgesloten,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let e = s
        .change_absence_report(
            &actor(r.tilburg, Role::Medewerker),
            id,
            Version(1),
            ReportAction::Status {
                to: ReportStatus::InBehandeling,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let taken = s
        .change_absence_report(
            &tilburg,
            id,
            Version(1),
            ReportAction::Status {
                to: ReportStatus::InBehandeling,
                note: Some("gesprek gepland".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(taken.report.status, ReportStatus::InBehandeling);
    assert_eq!(taken.version, Version(2));
    // A change on a version read before is refused.
    let e = s
        .change_absence_report(
            &tilburg,
            id,
            Version(1),
            ReportAction::Status {
                to: ReportStatus::Afgesloten,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::StaleVersion { current } if current == Version(2)),
        "{e:?}"
    );
    // Forwarding: only to a municipality; afterwards Dongen holds it and Tilburg no longer sees it.
    let e = s
        .change_absence_report(
            &tilburg,
            id,
            Version(2),
            ReportAction::Forward {
                to: r.swv,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let forwarded = s
        .change_absence_report(
            &tilburg,
            id,
            Version(2),
            ReportAction::Forward {
                to: r.dongen,
                note: Some("verhuisd".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(forwarded.report.municipality, r.dongen);
    assert_eq!(forwarded.report.status, ReportStatus::Geregistreerd);
    let e = s.absence_report(&tilburg, id).await.unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let at_dongen = s.absence_report(&dongen, id).await.unwrap();
    assert_eq!(at_dongen.events.len(), 3, "history kept");
    assert_eq!(
        at_dongen.events[2].change,
        ReportChange::Forwarded {
            from: r.tilburg,
            to: r.dongen,
            note: Some("verhuisd".into())
        }
    );
    assert_eq!(at_dongen.events[1].org, r.tilburg);
    // The school still sees it, and withdraws it; then nothing changes any more.
    let withdrawn = s
        .change_absence_report(
            &school,
            id,
            Version(3),
            ReportAction::Status {
                to: ReportStatus::Ingetrokken,
                note: Some("verkeerde leerling".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(withdrawn.report.status, ReportStatus::Ingetrokken);
    let e = s
        .change_absence_report(
            &dongen,
            id,
            Version(4),
            ReportAction::Status {
                to: ReportStatus::InBehandeling,
                note: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");

    // Every read, change and refusal is in the pupil's audit log.
    let log = s
        .audit_of_pupil(&actor(r.parents, Role::Ouder), r.sanne)
        .await
        .unwrap();
    let count = |action: AuditAction, outcome: AuditOutcome| {
        log.iter()
            .filter(|e| e.object == "absence_report" && e.action == action && e.outcome == outcome)
            .count()
    };
    assert_eq!(count(AuditAction::Create, AuditOutcome::Allowed), 1);
    assert_eq!(count(AuditAction::Create, AuditOutcome::Refused), 4);
    assert_eq!(count(AuditAction::Update, AuditOutcome::Allowed), 3);
    assert!(count(AuditAction::Update, AuditOutcome::Refused) >= 1);
    assert!(count(AuditAction::Read, AuditOutcome::Refused) >= 4);
    assert!(count(AuditAction::Read, AuditOutcome::Allowed) >= 3);
    assert!(count(AuditAction::Search, AuditOutcome::Allowed) >= 2);
}

pub async fn a_school_reads_the_absence_of_its_pupils_at_once_and_a_stranger_nothing(
    s: &dyn Store,
) {
    use continuum_domain::absence::AbsenceKind;
    let r = region();
    s.import(r.batch, "test").await.unwrap();
    let school = actor(r.so_school, Role::Registrator);
    let a = absence(d(2026, 9, 7), 330, AbsenceKind::Ongeoorloofd);
    let b = absence(d(2026, 10, 12), 60, AbsenceKind::Ziek);
    s.record_absences(&school, vec![(r.sanne, a), (r.sanne, b)])
        .await
        .unwrap();
    let got = s
        .absences_of_pupils(&school, &[r.sanne, r.sanne], d(2026, 9, 1), d(2026, 9, 30))
        .await
        .unwrap();
    assert_eq!(got, vec![(r.sanne, a)], "only the window");
    assert!(
        s.absences_of_pupils(&school, &[], d(2026, 9, 1), d(2026, 9, 30))
            .await
            .unwrap()
            .is_empty()
    );
    // One pupil the actor may not see refuses the whole call.
    let e = s
        .absences_of_pupils(
            &actor(r.po_school, Role::Registrator),
            &[r.sanne],
            d(2026, 9, 1),
            d(2026, 12, 31),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let e = s
        .absences_of_pupils(
            &actor(r.provider, Role::Medewerker),
            &[r.sanne],
            d(2026, 9, 1),
            d(2026, 12, 31),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
}

pub async fn a_case_is_its_timeline_seen_by_those_involved_and_it_moves_with_the_child(
    s: &dyn Store,
) {
    use continuum_domain::case::{
        CaseEvent, CaseResult, CaseStatus, CaseType, Confidentiality, EscalationDomain,
    };
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let tilburg = actor(r.tilburg, Role::Registrator);
    let school = actor(r.so_school, Role::Registrator);
    let id = CaseId::new_random();
    let opened = |municipality| CaseEvent::Opened {
        case_type: CaseType::Thuiszitter,
        pupil: r.sanne,
        municipality,
        registered_on: d(2026, 10, 5),
        reason: "langdurig relatief verzuim".into(),
    };
    // Only a registrator of the municipality of residence, the school or the SWV opens;
    // the case belongs to the municipality of residence.
    let e = s
        .open_case(&actor(r.provider, Role::Registrator), id, opened(r.tilburg))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .open_case(&actor(r.tilburg, Role::Medewerker), id, opened(r.tilburg))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .open_case(&actor(r.dongen, Role::Registrator), id, opened(r.dongen))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::NotFound), "{e:?}");
    let e = s
        .open_case(&school, id, opened(r.dongen))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(m) if m.starts_with("municipality:")));
    let file = s.open_case(&school, id, opened(r.tilburg)).await.unwrap();
    assert_eq!(file.case.status(), CaseStatus::Ontvangen);
    assert_eq!(file.case.version(), 1);
    assert_eq!(file.pupil_name, "Sanne de Vries");

    // The municipality and the school (it recorded) see it; the SWV not yet, a stranger never.
    for who in [&tilburg, &school] {
        assert_eq!(s.case(who, id).await.unwrap().case.version(), 1);
        assert_eq!(s.cases(who, true).await.unwrap().len(), 1);
    }
    for stranger in [
        actor(r.swv, Role::Registrator),
        actor(r.dongen, Role::Registrator),
    ] {
        assert!(matches!(
            s.case(&stranger, id).await.unwrap_err(),
            StoreError::NotFound
        ));
        assert!(s.cases(&stranger, false).await.unwrap().is_empty());
    }
    // Events are checked by the fold; a stale version is refused.
    let mut v = 1;
    let mut record = |who: Actor, event: CaseEvent| {
        let version = v;
        v += 1;
        async move { s.record_case_event(&who, id, version, event, vec![]).await }
    };
    record(
        tilburg.clone(),
        CaseEvent::RegisseurNamed {
            name: "J. Bakker".into(),
            org: r.tilburg,
        },
    )
    .await
    .unwrap();
    record(
        tilburg.clone(),
        CaseEvent::PartyInvolved {
            org: r.swv,
            role: "onderwijsconsulent".into(),
        },
    )
    .await
    .unwrap();
    record(
        tilburg.clone(),
        CaseEvent::NoteAdded {
            text: "zorgen over thuissituatie".into(),
            confidentiality: Confidentiality::Vertrouwelijk,
        },
    )
    .await
    .unwrap();
    record(
        tilburg.clone(),
        CaseEvent::PupilHeard {
            view: "Ik wil naar een kleine klas.".into(),
            on: d(2026, 10, 12),
        },
    )
    .await
    .unwrap();
    let file = s.case(&actor(r.swv, Role::Medewerker), id).await.unwrap();
    assert_eq!(file.case.version(), 5, "the SWV is a party now");
    let e = s
        .record_case_event(
            &tilburg,
            id,
            5,
            CaseEvent::Closed {
                result: CaseResult::OudersWeigeren,
                on: d(2026, 10, 20),
                explanation: "x".into(),
            },
            vec![],
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let e = s
        .record_case_event(
            &tilburg,
            id,
            3,
            CaseEvent::ParentsInvolved {
                note: "gesprek".into(),
            },
            vec![],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, StoreError::StaleVersion { current } if current == Version(5)),
        "{e:?}"
    );
    let e = s
        .record_case_event(
            &actor(r.tilburg, Role::Medewerker),
            id,
            5,
            CaseEvent::ParentsInvolved {
                note: "gesprek".into(),
            },
            vec![],
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");

    // Parents see their child's case without the confidential note.
    let parents = actor(r.parents, Role::Ouder);
    let seen = s.case(&parents, id).await.unwrap();
    assert_eq!(seen.case.version(), 4);
    assert!(
        !seen
            .case
            .timeline()
            .iter()
            .any(|e| matches!(e.event, CaseEvent::NoteAdded { .. }))
    );
    assert_eq!(s.cases(&parents, false).await.unwrap().len(), 1);

    // An escalation notifies; the holder reads its message.
    s.record_case_event(
        &tilburg,
        id,
        5,
        CaseEvent::Escalated {
            to: r.swv,
            domain: EscalationDomain::Onderwijs,
            reason: "geen aanbod".into(),
            basis: "OOGO".into(),
            automatic: false,
        },
        vec![(r.swv, "Een zaak is naar u geëscaleerd.".into())],
    )
    .await
    .unwrap();
    let note = s
        .notifications(&actor(r.swv, Role::Medewerker))
        .await
        .unwrap();
    assert_eq!(note.len(), 1);
    assert_eq!(note[0].case, Some(id));
    assert!(s.notifications(&tilburg).await.unwrap().is_empty());

    // The child moves: Dongen holds the case with its whole history; Tilburg no longer sees it.
    s.record_case_event(
        &tilburg,
        id,
        6,
        CaseEvent::Transferred {
            from: r.tilburg,
            to: r.swv,
            on: d(2026, 11, 1),
            reason: "verhuisd".into(),
        },
        vec![],
    )
    .await
    .map(|_| ())
    .unwrap_err();
    let moved = s
        .record_case_event(
            &tilburg,
            id,
            6,
            CaseEvent::Transferred {
                from: r.tilburg,
                to: r.dongen,
                on: d(2026, 11, 1),
                reason: "verhuisd".into(),
            },
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(moved.case.municipality(), r.dongen);
    let at_dongen = s
        .case(&actor(r.dongen, Role::Medewerker), id)
        .await
        .unwrap();
    assert_eq!(at_dongen.case.version(), 7);
    assert_eq!(at_dongen.case.timeline()[0].by.org, r.so_school);
    assert!(matches!(
        s.case(&tilburg, id).await.unwrap_err(),
        StoreError::NotFound
    ));
    assert_eq!(s.open_cases().await.unwrap().len(), 1);

    // Every read, write and refusal is in the pupil's audit log.
    let log = s.audit_of_pupil(&parents, r.sanne).await.unwrap();
    let count = |action: AuditAction, outcome: AuditOutcome| {
        log.iter()
            .filter(|e| e.object == "case" && e.action == action && e.outcome == outcome)
            .count()
    };
    assert_eq!(count(AuditAction::Create, AuditOutcome::Allowed), 1);
    assert_eq!(count(AuditAction::Create, AuditOutcome::Refused), 3);
    assert_eq!(count(AuditAction::Update, AuditOutcome::Allowed), 6);
    assert!(count(AuditAction::Update, AuditOutcome::Refused) >= 1);
    assert!(count(AuditAction::Read, AuditOutcome::Refused) >= 2);
    assert!(count(AuditAction::Read, AuditOutcome::Allowed) >= 4);
}

pub async fn a_region_records_who_holds_doorzettingsmacht(s: &dyn Store) {
    use continuum_domain::case::{OogoEscalation, YouthHelpHolder};
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let oogo = OogoEscalation::new(
        r.swv,
        vec![r.tilburg, r.dongen],
        r.swv,
        YouthHelpHolder::Woonplaats,
        6,
        "Geschillencommissie OOGO regio Tilburg".into(),
    )
    .unwrap();
    let e = s
        .put_oogo(&actor(r.so_school, Role::Registrator), oogo.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let e = s
        .put_oogo(&actor(r.swv, Role::Medewerker), oogo.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Forbidden(_)), "{e:?}");
    let v1 = s
        .put_oogo(&actor(r.swv, Role::Registrator), oogo.clone())
        .await
        .unwrap();
    assert_eq!(v1.version, Version(1));
    let longer = OogoEscalation::new(
        r.swv,
        vec![r.tilburg, r.dongen],
        r.swv,
        YouthHelpHolder::Woonplaats,
        8,
        "Geschillencommissie OOGO regio Tilburg".into(),
    )
    .unwrap();
    let v2 = s
        .put_oogo(&actor(r.tilburg, Role::Registrator), longer.clone())
        .await
        .unwrap();
    assert_eq!(v2.version, Version(2));
    let all = s.oogo_agreements().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].record, longer);
    assert_eq!(all[0].version, Version(2));
}

pub async fn a_case_keeps_its_documents_and_parents_see_only_what_is_meant_for_them(s: &dyn Store) {
    use continuum_domain::case::{CaseEvent, CaseType, Confidentiality};
    let r = region();
    s.import(r.batch.clone(), "test").await.unwrap();
    let tilburg = actor(r.tilburg, Role::Registrator);
    let id = CaseId::new_random();
    s.open_case(
        &tilburg,
        id,
        CaseEvent::Opened {
            case_type: CaseType::Thuiszitter,
            pupil: r.sanne,
            municipality: r.tilburg,
            registered_on: d(2026, 10, 5),
            reason: "thuis".into(),
        },
    )
    .await
    .unwrap();
    let doc = |title: &str, confidentiality| CaseEvent::DocumentAdded {
        document: DocumentId::new_random(),
        title: title.into(),
        kind: "verslag".into(),
        confidentiality,
        on: d(2026, 10, 6),
    };
    let content = |text: &str| DocumentContent {
        filename: "verslag.txt".into(),
        content_type: "text/plain".into(),
        bytes: text.as_bytes().to_vec(),
    };
    let plan = doc("Plan van aanpak", Confidentiality::BeperktOpenbaar);
    let medical = doc("Verslag jeugdarts", Confidentiality::Vertrouwelijk);
    let id_of = |e: &CaseEvent| match e {
        CaseEvent::DocumentAdded { document, .. } => *document,
        _ => unreachable!(),
    };
    let (plan_id, medical_id) = (id_of(&plan), id_of(&medical));
    // Empty content or another event is refused, and nothing is stored.
    let e = s
        .add_case_document(&tilburg, id, 1, plan.clone(), content(""))
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    let e = s
        .add_case_document(
            &tilburg,
            id,
            1,
            CaseEvent::ParentsInvolved { note: "x".into() },
            content("x"),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, StoreError::Conflict(_)), "{e:?}");
    s.add_case_document(
        &tilburg,
        id,
        1,
        plan,
        content("plan: eerst een kleine groep"),
    )
    .await
    .unwrap();
    let file = s
        .add_case_document(&tilburg, id, 2, medical, content("vertrouwelijk"))
        .await
        .unwrap();
    assert_eq!(file.case.documents().len(), 2);
    // The municipality reads both; parents only the plan; strangers nothing.
    assert_eq!(
        s.case_document(&tilburg, id, medical_id)
            .await
            .unwrap()
            .bytes,
        b"vertrouwelijk"
    );
    let parents = actor(r.parents, Role::Ouder);
    let plan_content = s.case_document(&parents, id, plan_id).await.unwrap();
    assert_eq!(plan_content.bytes, b"plan: eerst een kleine groep");
    assert_eq!(plan_content.content_type, "text/plain");
    for (who, doc) in [
        (parents.clone(), medical_id),
        (actor(r.dongen, Role::Registrator), plan_id),
    ] {
        let e = s.case_document(&who, id, doc).await.unwrap_err();
        assert!(matches!(e, StoreError::NotFound), "{e:?}");
    }
    let log = s.audit_of_pupil(&parents, r.sanne).await.unwrap();
    let reads = |outcome| {
        log.iter()
            .filter(|e| {
                e.object == "case_document" && e.action == AuditAction::Read && e.outcome == outcome
            })
            .count()
    };
    assert_eq!(reads(AuditOutcome::Allowed), 2);
    assert_eq!(
        reads(AuditOutcome::Refused),
        1,
        "the parents' attempt; the stranger is refused reading the case"
    );
}
