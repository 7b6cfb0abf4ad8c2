//! Cases as stories: a helper records events as a casusregisseur would.

use super::*;
use crate::Date;
use crate::ids::{ActionId, CaseId, DocumentId, OrgId, PupilId};
use chrono::{DateTime, Duration, Utc};

pub(super) const GEMEENTE_A: OrgId = OrgId(uuid::Uuid::from_u128(0xA));
pub(super) const GEMEENTE_B: OrgId = OrgId(uuid::Uuid::from_u128(0xB));
pub(super) const SWV: OrgId = OrgId(uuid::Uuid::from_u128(0xC));
pub(super) const SCHOOL: OrgId = OrgId(uuid::Uuid::from_u128(0xD));

pub(super) fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

pub(super) fn action(n: u128) -> ActionId {
    ActionId::from_u128(n)
}

pub(super) struct Story {
    pub(super) case: Case,
    at: DateTime<Utc>,
}

impl Story {
    pub(super) fn open(case_type: CaseType) -> Story {
        let at = DateTime::parse_from_rfc3339("2026-09-01T08:00:00Z")
            .unwrap()
            .to_utc();
        let first = CaseEntry {
            at,
            by: Actor {
                name: "L. Jansen, leerplichtambtenaar".to_owned(),
                org: GEMEENTE_A,
            },
            event: CaseEvent::Opened {
                case_type,
                pupil: PupilId::from_u128(1),
                municipality: GEMEENTE_A,
                registered_on: d(2026, 9, 1),
                reason: "Meer dan vier weken niet op school".to_owned(),
            },
        };
        Story {
            case: Case::open(CaseId::from_u128(7), &first).unwrap(),
            at,
        }
    }

    pub(super) fn entry(&mut self, event: CaseEvent) -> CaseEntry {
        self.at += Duration::minutes(1);
        CaseEntry {
            at: self.at,
            by: Actor {
                name: "L. Jansen".to_owned(),
                org: GEMEENTE_A,
            },
            event,
        }
    }

    pub(super) fn record(&mut self, event: CaseEvent) -> Result<(), CaseError> {
        let e = self.entry(event);
        self.case.apply(&e)
    }

    pub(super) fn involve(&mut self, org: OrgId, role: &str) {
        self.record(CaseEvent::PartyInvolved {
            org,
            role: role.to_owned(),
        })
        .unwrap();
    }

    pub(super) fn agree(&mut self, n: u128, owner: OrgId, deadline: Date) -> Result<(), CaseError> {
        self.record(CaseEvent::ActionAgreed {
            action: action(n),
            description: format!("afspraak {n}"),
            owner,
            deadline,
        })
    }

    pub(super) fn offer(&mut self) {
        self.record(CaseEvent::OfferMade {
            offer: "Plaats op SO De Brug met begeleiding in de klas".to_owned(),
            on: d(2026, 10, 1),
        })
        .unwrap();
    }

    pub(super) fn refuse(&mut self) -> Result<(), CaseError> {
        self.record(CaseEvent::ParentsRefused {
            offer: "Plaats op SO De Brug".to_owned(),
            on: d(2026, 10, 5),
            note: "Ouders willen een school dichter bij huis".to_owned(),
        })
    }

    pub(super) fn close(&mut self, result: CaseResult) -> Result<(), CaseError> {
        self.record(CaseEvent::Closed {
            result,
            on: d(2026, 11, 1),
            explanation: "Zie tijdlijn".to_owned(),
        })
    }
}

#[test]
fn a_new_case_is_received_and_its_timeline_starts_with_the_opening() {
    let s = Story::open(CaseType::Thuiszitter);
    assert_eq!(s.case.status(), CaseStatus::Ontvangen);
    assert_eq!(s.case.timeline().len(), 1);
    assert_eq!(s.case.version(), 1);
    assert_eq!(s.case.round().started_on, d(2026, 9, 1));
    assert!(s.case.involves(GEMEENTE_A) && !s.case.involves(SWV));
}

#[test]
fn a_case_must_begin_with_its_opening() {
    let mut s = Story::open(CaseType::Thuiszitter);
    let note = s.entry(CaseEvent::NoteAdded {
        text: "x".to_owned(),
        confidentiality: Confidentiality::Intern,
    });
    assert_eq!(
        Case::open(CaseId::from_u128(1), &note).unwrap_err(),
        CaseError::NotOpened
    );
    let again = s.case.timeline()[0].clone();
    assert_eq!(s.case.apply(&again).unwrap_err(), CaseError::AlreadyOpened);
}

#[test]
fn an_action_needs_an_involved_owner_a_unique_id_and_a_real_deadline() {
    let mut s = Story::open(CaseType::Thuiszitter);
    let e = s.agree(1, SCHOOL, d(2026, 9, 15)).unwrap_err();
    assert_eq!((e.code(), e.field()), ("zaak.niet_betrokken", "owner"));
    s.involve(SCHOOL, "school");
    s.agree(1, SCHOOL, d(2026, 9, 15)).unwrap();
    let e = s.agree(1, SCHOOL, d(2026, 9, 20)).unwrap_err();
    assert_eq!(e, CaseError::DuplicateAction { action: action(1) });
    let e = s.agree(2, SCHOOL, d(2026, 8, 31)).unwrap_err();
    assert_eq!(e.field(), "deadline");
    assert_eq!(
        e.to_string(),
        "deadline: 2026-08-31 ligt voor 2026-09-01, de dag van aanmelding"
    );
}

#[test]
fn an_action_is_done_once_and_an_unknown_action_is_refused() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.agree(1, GEMEENTE_A, d(2026, 9, 15)).unwrap();
    let done = |n| CaseEvent::ActionDone {
        action: action(n),
        on: d(2026, 9, 10),
    };
    s.record(done(1)).unwrap();
    assert_eq!(
        s.record(done(1)).unwrap_err().code(),
        "zaak.afspraak_niet_open"
    );
    assert_eq!(
        s.record(done(9)).unwrap_err().code(),
        "zaak.onbekende_afspraak"
    );
}

#[test]
fn in_behandeling_is_the_only_status_set_by_hand() {
    let mut s = Story::open(CaseType::Overig);
    let to = |to| CaseEvent::StatusChanged {
        to,
        note: String::new(),
    };
    assert_eq!(
        s.record(to(CaseStatus::Afgesloten)).unwrap_err(),
        CaseError::StatusNotSettable
    );
    s.record(to(CaseStatus::InBehandeling)).unwrap();
    assert_eq!(
        s.record(to(CaseStatus::InBehandeling)).unwrap_err(),
        CaseError::SameStatus
    );
}

#[test]
fn an_entry_recorded_before_the_previous_one_is_refused() {
    let mut s = Story::open(CaseType::Overig);
    let mut e = s.entry(CaseEvent::ParentsInvolved {
        note: "Gesprek met moeder".to_owned(),
    });
    e.at -= Duration::hours(1);
    assert_eq!(s.case.apply(&e).unwrap_err().field(), "at");
}

#[test]
fn a_refused_entry_leaves_the_case_as_it_was() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.involve(SCHOOL, "school");
    s.agree(1, SCHOOL, d(2026, 9, 20)).unwrap();
    let before = s.case.clone();
    let leave = CaseEvent::PartyLeft {
        org: SCHOOL,
        role: "school".to_owned(),
    };
    let e = s.record(leave.clone()).unwrap_err();
    assert_eq!(
        e,
        CaseError::OwnerHasOpenActions {
            org: SCHOOL,
            open: 1
        }
    );
    assert_eq!(s.case, before);
    s.record(CaseEvent::ActionDone {
        action: action(1),
        on: d(2026, 9, 18),
    })
    .unwrap();
    s.record(leave).unwrap();
    assert!(!s.case.involves(SCHOOL));
}

#[test]
fn consent_counts_the_parents_latest_word_per_scope() {
    let mut s = Story::open(CaseType::Thuiszitter);
    assert_eq!(s.case.consent("delen met zorgaanbieder"), None);
    for given in [true, false] {
        s.record(CaseEvent::ConsentRecorded {
            given,
            scope: "delen met zorgaanbieder".to_owned(),
            on: d(2026, 9, 3),
        })
        .unwrap();
    }
    assert_eq!(s.case.consent("delen met zorgaanbieder"), Some(false));
    assert_eq!(s.case.consents().len(), 1);
    assert!(s.case.parents_involved());
}

#[test]
fn documents_are_shown_up_to_the_readers_clearance() {
    let mut s = Story::open(CaseType::Vrijstelling5a);
    for (n, c) in [
        (1, Confidentiality::Intern),
        (2, Confidentiality::Vertrouwelijk),
    ] {
        s.record(CaseEvent::DocumentAdded {
            document: DocumentId::from_u128(n),
            title: format!("document {n}"),
            kind: "verklaring jeugdarts".to_owned(),
            confidentiality: c,
            on: d(2026, 9, 2),
        })
        .unwrap();
    }
    let seen: Vec<_> = s
        .case
        .documents_up_to(Confidentiality::Zaakvertrouwelijk)
        .collect();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].id, DocumentId::from_u128(1));
}

#[test]
fn deadlines_are_the_open_actions_earliest_first() {
    let mut s = Story::open(CaseType::Thuiszitter);
    s.agree(1, GEMEENTE_A, d(2026, 10, 1)).unwrap();
    s.agree(2, GEMEENTE_A, d(2026, 9, 15)).unwrap();
    s.agree(3, GEMEENTE_A, d(2026, 9, 20)).unwrap();
    s.record(CaseEvent::ActionDone {
        action: action(3),
        on: d(2026, 9, 19),
    })
    .unwrap();
    let json = serde_json::to_value(s.case.actions()).unwrap();
    assert_eq!(json[2]["state"], "done");
    assert_eq!(json[2]["on"], "2026-09-19");
    assert_eq!(json[0]["state"], "open");
    let due: Vec<Date> = s.case.deadlines().iter().map(|d| d.due).collect();
    let first = serde_json::to_value(&s.case.deadlines()[0]).unwrap();
    assert_eq!(first["kind"], "action");
    assert_eq!(first["action"], action(2).to_string());
    assert_eq!(due, [d(2026, 9, 15), d(2026, 10, 1)]);
    assert!(s.case.deadlines()[0].overdue(d(2026, 9, 16)));
    assert!(!s.case.deadlines()[0].overdue(d(2026, 9, 15)));
}

#[test]
fn a_serialised_timeline_replays_to_the_same_case() {
    let mut s = Story::open(CaseType::Zorgplicht);
    s.involve(SCHOOL, "school");
    s.record(CaseEvent::RegisseurNamed {
        name: "L. Jansen".to_owned(),
        org: GEMEENTE_A,
    })
    .unwrap();
    s.record(CaseEvent::PupilHeard {
        view: "Ik wil naar een school waar het rustig is".to_owned(),
        on: d(2026, 9, 10),
    })
    .unwrap();
    s.agree(1, SCHOOL, d(2026, 9, 20)).unwrap();
    s.offer();
    let json = serde_json::to_string(s.case.timeline()).unwrap();
    let back: Vec<CaseEntry> = serde_json::from_str(&json).unwrap();
    let replayed = Case::replay(s.case.id(), &back).unwrap();
    assert_eq!(replayed, s.case);
    let mut broken = back.clone();
    broken.swap(1, 4);
    let e = Case::replay(s.case.id(), &broken).unwrap_err();
    assert_eq!(e.index, 1);
    assert_eq!(
        Case::replay(s.case.id(), &[]).unwrap_err().error,
        CaseError::NotOpened
    );
}
