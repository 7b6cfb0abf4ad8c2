//! The access matrix: role × relation × read/write, and the derivation of relations.

use super::*;
use crate::ids::PupilId;
use crate::period::Period;
use crate::pgn::Pgn;
use crate::register::{DeliveryForm, HoursPerWeek, NeedCategory, TlvCategory};

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

struct World {
    school: OrgId,
    swv: OrgId,
    gemeente: OrgId,
    zorgkantoor: OrgId,
    insurer: OrgId,
    provider: OrgId,
    parents: OrgId,
    stranger: OrgId,
}

impl OrgLinks for World {
    fn swv_of_school(&self, school: OrgId) -> Option<OrgId> {
        (school == self.school).then_some(self.swv)
    }
    fn zorgkantoor_of_municipality(&self, m: OrgId) -> Option<OrgId> {
        (m == self.gemeente).then_some(self.zorgkantoor)
    }
}

fn world() -> World {
    let mut n = 0u128;
    let mut next = || {
        n += 1;
        OrgId::from_u128(n)
    };
    World {
        school: next(),
        swv: next(),
        gemeente: next(),
        zorgkantoor: next(),
        insurer: next(),
        provider: next(),
        parents: next(),
        stranger: next(),
    }
}

fn pupil(w: &World) -> Pupil {
    Pupil {
        pgn: Pgn::parse("123456782").unwrap(),
        given_name: "Sanne".into(),
        family_name: "de Vries".into(),
        birth_date: d(2015, 3, 14),
        municipality: w.gemeente,
        insurer: Some(w.insurer),
        period: Period::from(d(2015, 3, 14)),
    }
}

fn fact(period: Period, fact: Fact) -> PupilFact {
    PupilFact {
        pupil: PupilId::from_u128(99),
        period,
        fact,
    }
}

fn indication(law: CareLaw, funder: OrgId) -> Fact {
    Fact::Indication {
        law,
        funder,
        delivery: DeliveryForm::Zin,
        category: NeedCategory::Verzorging,
        hours_per_week: HoursPerWeek(400),
        hours_in_school_time: HoursPerWeek(200),
    }
}

fn full_file(w: &World) -> Vec<PupilFact> {
    let year = Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap();
    vec![
        fact(
            year,
            Fact::Enrolment {
                school: w.school,
                class: None,
            },
        ),
        fact(
            year,
            Fact::Tlv {
                swv: w.swv,
                category: TlvCategory::Hoog,
                emb: false,
            },
        ),
        fact(year, indication(CareLaw::Wlz, w.zorgkantoor)),
        fact(year, indication(CareLaw::Zvw, w.insurer)),
        fact(
            year,
            Fact::ProviderAssignment {
                provider: w.provider,
            },
        ),
        fact(
            Period::from(d(2015, 3, 14)),
            Fact::Guardianship { parents: w.parents },
        ),
    ]
}

#[test]
fn every_related_organisation_has_its_relation_and_a_stranger_has_none() {
    let w = world();
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 11, 23));
    let expect = [
        (w.school, Relation::SchoolOfEnrolment),
        (w.swv, Relation::SwvOfSchool),
        (w.gemeente, Relation::MunicipalityOfResidence),
        (w.zorgkantoor, Relation::ZorgkantoorWlz),
        (w.insurer, Relation::InsurerZvw),
        (w.provider, Relation::AssignedProvider),
        (w.parents, Relation::Parents),
    ];
    for e in expect {
        assert!(rel.contains(&e), "missing {e:?}");
    }
    assert_eq!(rel.len(), expect.len());
    assert!(rel.iter().all(|(o, _)| *o != w.stranger));
}

#[test]
fn relations_end_with_the_facts_they_rest_on() {
    let w = world();
    // After the school year: enrolment, TLV, indications and assignment have ended.
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2027, 8, 1));
    let orgs: Vec<OrgId> = rel.iter().map(|(o, _)| *o).collect();
    assert_eq!(orgs.len(), 2, "{rel:?}");
    assert!(orgs.contains(&w.gemeente) && orgs.contains(&w.parents));
    // Before the enrolment started neither the school nor its SWV sees the pupil.
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 7, 31));
    assert!(!rel.iter().any(|(o, _)| *o == w.school || *o == w.swv));
}

#[test]
fn zorgkantoor_and_insurer_see_the_pupil_only_with_an_indication_under_their_law() {
    let w = world();
    let year = Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap();
    let only_jeugdwet = vec![fact(year, indication(CareLaw::Jeugdwet, w.gemeente))];
    let rel = relations(&pupil(&w), &only_jeugdwet, &w, d(2026, 11, 23));
    assert!(
        !rel.iter()
            .any(|(o, _)| *o == w.zorgkantoor || *o == w.insurer)
    );
}

/// The matrix: for each relation and role, may it read, write the pupil's record, and
/// write each kind of fact (naming its own organisation)?
#[test]
fn matrix_of_role_relation_and_action() {
    use FactKind::*;
    let w = world();
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 11, 23));
    // (organisation, kinds its registrator may write, may write the pupil record)
    let table: [(OrgId, &[FactKind], bool); 8] = [
        (
            w.school,
            &[Enrolment, Need, Guardianship, ProviderAssignment],
            true,
        ),
        (w.swv, &[Tlv, Need], false),
        (w.gemeente, &[Indication, ProviderAssignment], true),
        (w.zorgkantoor, &[Indication, ProviderAssignment], false),
        (w.insurer, &[Indication, ProviderAssignment], false),
        (w.provider, &[], false),
        (w.parents, &[], false),
        (w.stranger, &[], false),
    ];
    for (org, writes, writes_pupil) in table {
        for role in Role::ALL {
            let read = decide(org, role, &rel, Action::Read, None);
            if org == w.stranger {
                assert_eq!(read, Decision::Hidden);
                for kind in FactKind::ALL {
                    assert_eq!(
                        decide(org, role, &rel, Action::WriteFact(kind), Some(org)),
                        Decision::Hidden
                    );
                }
                assert_eq!(
                    decide(org, role, &rel, Action::WritePupil, None),
                    Decision::Hidden
                );
                continue;
            }
            assert_eq!(read, Decision::Allowed, "{role:?} of {org:?} reads");
            for kind in FactKind::ALL {
                let expected = if role == Role::Registrator && writes.contains(&kind) {
                    Decision::Allowed
                } else {
                    Decision::Forbidden
                };
                assert_eq!(
                    decide(org, role, &rel, Action::WriteFact(kind), Some(org)),
                    expected,
                    "{role:?} of {org:?} writes {kind:?}"
                );
            }
            let expected = if role == Role::Registrator && writes_pupil {
                Decision::Allowed
            } else {
                Decision::Forbidden
            };
            assert_eq!(
                decide(org, role, &rel, Action::WritePupil, None),
                expected,
                "{role:?} of {org:?} writes pupil"
            );
        }
    }
}

#[test]
fn an_organisation_records_only_its_own_decisions() {
    let w = world();
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 11, 23));
    // The municipality may not record an indication in the zorgkantoor's name.
    assert_eq!(
        decide(
            w.gemeente,
            Role::Registrator,
            &rel,
            Action::WriteFact(FactKind::Indication),
            Some(w.zorgkantoor)
        ),
        Decision::Forbidden
    );
    // The school may not enrol the pupil at another school.
    assert_eq!(
        decide(
            w.school,
            Role::Registrator,
            &rel,
            Action::WriteFact(FactKind::Enrolment),
            Some(w.stranger)
        ),
        Decision::Forbidden
    );
}

#[test]
fn only_parents_and_a_beheerder_export_the_audit_log() {
    assert!(may_export_audit(Role::Ouder, &[Relation::Parents]));
    assert!(may_export_audit(
        Role::Beheerder,
        &[Relation::SchoolOfEnrolment]
    ));
    assert!(!may_export_audit(
        Role::Registrator,
        &[Relation::SchoolOfEnrolment]
    ));
    assert!(!may_export_audit(
        Role::Medewerker,
        &[Relation::AssignedProvider]
    ));
    assert!(!may_export_audit(Role::Beheerder, &[]));
}

#[test]
fn the_full_pgn_is_for_school_swv_municipality_and_parents_only() {
    for r in [
        Relation::SchoolOfEnrolment,
        Relation::SwvOfSchool,
        Relation::MunicipalityOfResidence,
        Relation::Parents,
    ] {
        assert!(sees_full_pgn(&[r]), "{r:?}");
    }
    for r in [
        Relation::ZorgkantoorWlz,
        Relation::InsurerZvw,
        Relation::AssignedProvider,
    ] {
        assert!(!sees_full_pgn(&[r]), "{r:?}");
    }
}

#[test]
fn the_funder_of_the_pupils_region_or_insurance_may_record_the_first_indication() {
    let w = world();
    let p = pupil(&w);
    let wlz = indication(CareLaw::Wlz, w.zorgkantoor);
    let zvw = indication(CareLaw::Zvw, w.insurer);
    assert_eq!(
        relation_created_by(&p, &wlz, &w),
        Some((w.zorgkantoor, Relation::ZorgkantoorWlz))
    );
    assert_eq!(
        relation_created_by(&p, &zvw, &w),
        Some((w.insurer, Relation::InsurerZvw))
    );
    // Another zorgkantoor, another insurer, or another kind of fact: no relation of its own.
    assert_eq!(
        relation_created_by(&p, &indication(CareLaw::Wlz, w.stranger), &w),
        None
    );
    assert_eq!(
        relation_created_by(&p, &indication(CareLaw::Zvw, w.stranger), &w),
        None
    );
    assert_eq!(
        relation_created_by(
            &p,
            &Fact::Enrolment {
                school: w.school,
                class: None
            },
            &w
        ),
        None
    );
    let rel = vec![relation_created_by(&p, &wlz, &w).unwrap()];
    assert_eq!(
        decide(
            w.zorgkantoor,
            Role::Registrator,
            &rel,
            Action::WriteFact(FactKind::Indication),
            Some(w.zorgkantoor)
        ),
        Decision::Allowed
    );
}

/// Absence: the school, its SWV, the municipality and the parents read it; only a
/// registrator of the school records it; a stranger learns nothing.
#[test]
fn matrix_of_absence_read_and_write() {
    let w = world();
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 11, 23));
    // (organisation, reads absence, its registrator writes absence)
    let table: [(OrgId, bool, bool); 7] = [
        (w.school, true, true),
        (w.swv, true, false),
        (w.gemeente, true, false),
        (w.zorgkantoor, false, false),
        (w.insurer, false, false),
        (w.provider, false, false),
        (w.parents, true, false),
    ];
    for (org, reads, writes) in table {
        for role in Role::ALL {
            let expected = if reads {
                Decision::Allowed
            } else {
                Decision::Forbidden
            };
            assert_eq!(
                decide(org, role, &rel, Action::ReadAbsence, None),
                expected,
                "{role:?} of {org:?} reads absence"
            );
            let expected = if writes && role == Role::Registrator {
                Decision::Allowed
            } else {
                Decision::Forbidden
            };
            assert_eq!(
                decide(org, role, &rel, Action::WriteAbsence, None),
                expected,
                "{role:?} of {org:?} writes absence"
            );
        }
    }
    for role in Role::ALL {
        for action in [Action::ReadAbsence, Action::WriteAbsence] {
            assert_eq!(
                decide(w.stranger, role, &rel, action, None),
                Decision::Hidden
            );
        }
    }
}

/// Exemptions and arrangements: the school, its SWV, the municipality and the parents read
/// them; a registrator of the municipality writes exemptions, one of the school writes
/// arrangements; care partners see neither; a stranger learns nothing.
#[test]
fn matrix_of_exemption_and_arrangement_read_and_write() {
    let w = world();
    let rel = relations(&pupil(&w), &full_file(&w), &w, d(2026, 11, 23));
    // (organisation, reads both, writes exemptions, writes arrangements)
    let table: [(OrgId, bool, bool, bool); 7] = [
        (w.school, true, false, true),
        (w.swv, true, false, false),
        (w.gemeente, true, true, false),
        (w.zorgkantoor, false, false, false),
        (w.insurer, false, false, false),
        (w.provider, false, false, false),
        (w.parents, true, false, false),
    ];
    let verdict = |ok: bool| {
        if ok {
            Decision::Allowed
        } else {
            Decision::Forbidden
        }
    };
    for (org, reads, writes_ex, writes_arr) in table {
        for role in Role::ALL {
            let registrator = role == Role::Registrator;
            for (action, want) in [
                (Action::ReadExemption, reads),
                (Action::ReadArrangement, reads),
                (Action::WriteExemption, writes_ex && registrator),
                (Action::WriteArrangement, writes_arr && registrator),
            ] {
                assert_eq!(
                    decide(org, role, &rel, action, None),
                    verdict(want),
                    "{role:?} of {org:?}: {action:?}"
                );
            }
        }
    }
    for role in Role::ALL {
        for action in [
            Action::ReadExemption,
            Action::WriteExemption,
            Action::ReadArrangement,
            Action::WriteArrangement,
        ] {
            assert_eq!(
                decide(w.stranger, role, &rel, action, None),
                Decision::Hidden
            );
        }
    }
}
