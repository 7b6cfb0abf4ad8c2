//! Property tests over generated timelines: folding never panics, a refused entry changes
//! nothing, the timeline holds exactly the applied entries, and a stored timeline replays
//! (also through JSON) to the same case.

use super::*;
use crate::Date;
use crate::ids::{ActionId, CaseId, DocumentId, OrgId, PupilId};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

fn org(n: u8) -> OrgId {
    OrgId::from_u128(u128::from(n) + 1)
}

fn day(n: u16) -> Date {
    Date::from_ymd_opt(2026, 9, 1).unwrap() + Duration::days(i64::from(n))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("Gesprek gevoerd".to_owned()),
        1 => Just(String::new()),
        1 => Just("  ".to_owned()),
    ]
}

fn orgs() -> impl Strategy<Value = OrgId> {
    (0u8..4).prop_map(org)
}

fn dates() -> impl Strategy<Value = Date> {
    (0u16..200).prop_map(day)
}

fn event() -> impl Strategy<Value = CaseEvent> {
    use CaseEvent::*;
    let action = (0u8..4).prop_map(|n| ActionId::from_u128(u128::from(n)));
    let domain = prop_oneof![
        Just(EscalationDomain::Onderwijs),
        Just(EscalationDomain::Jeugdhulp)
    ];
    let conf = (0..Confidentiality::ALL.len()).prop_map(|i| Confidentiality::ALL[i]);
    let status = (0..CaseStatus::ALL.len()).prop_map(|i| CaseStatus::ALL[i]);
    let result = (0..CaseResult::ALL.len()).prop_map(|i| CaseResult::ALL[i]);
    prop_oneof![
        (orgs(), text()).prop_map(|(org, role)| PartyInvolved { org, role }),
        (orgs(), text()).prop_map(|(org, role)| PartyLeft { org, role }),
        (text(), orgs()).prop_map(|(name, org)| RegisseurNamed { name, org }),
        text().prop_map(|note| ParentsInvolved { note }),
        (any::<bool>(), text(), dates()).prop_map(|(given, scope, on)| ConsentRecorded {
            given,
            scope,
            on
        }),
        (text(), dates()).prop_map(|(view, on)| PupilHeard { view, on }),
        (action.clone(), text(), orgs(), dates()).prop_map(
            |(action, description, owner, deadline)| {
                ActionAgreed {
                    action,
                    description,
                    owner,
                    deadline,
                }
            }
        ),
        (action.clone(), dates()).prop_map(|(action, on)| ActionDone { action, on }),
        (action, text()).prop_map(|(action, reason)| ActionCancelled { action, reason }),
        ((0u8..3), text(), conf.clone(), dates()).prop_map(|(n, title, confidentiality, on)| {
            DocumentAdded {
                document: DocumentId::from_u128(u128::from(n)),
                title: title.clone(),
                kind: title,
                confidentiality,
                on,
            }
        }),
        (text(), conf).prop_map(|(text, confidentiality)| NoteAdded {
            text,
            confidentiality
        }),
        (status, text()).prop_map(|(to, note)| StatusChanged { to, note }),
        ((0u32..6), dates(), text()).prop_map(|(weeks, on, reason)| ExtensionGranted {
            weeks,
            on,
            reason
        }),
        (domain.clone(), text()).prop_map(|(domain, note)| GapRecorded { domain, note }),
        (text(), dates()).prop_map(|(offer, on)| OfferMade { offer, on }),
        (orgs(), domain, text(), any::<bool>()).prop_map(|(to, domain, reason, automatic)| {
            Escalated {
                to,
                domain,
                basis: reason.clone(),
                reason,
                automatic,
            }
        }),
        (orgs(), text(), dates()).prop_map(|(decided_by, decision, on)| DecisionRecorded {
            decided_by,
            decision,
            on,
            basis: None
        }),
        (text(), dates()).prop_map(|(offer, on)| ParentsRefused {
            offer,
            on,
            note: String::new()
        }),
        (orgs(), orgs(), dates(), text()).prop_map(|(from, to, on, reason)| Transferred {
            from,
            to,
            on,
            reason
        }),
        (text(), dates(), any::<bool>()).prop_map(|(reason, on, automatic)| DisputeReferred {
            geschillenregeling: reason.clone(),
            reason,
            on,
            automatic
        }),
        (result, dates(), text()).prop_map(|(result, on, explanation)| Closed {
            result,
            on,
            explanation
        }),
        (dates(), text()).prop_map(|(on, reason)| Reopened { on, reason }),
        Just(Opened {
            case_type: CaseType::Overig,
            pupil: PupilId::from_u128(1),
            municipality: org(0),
            registered_on: day(0),
            reason: "x".to_owned(),
        }),
    ]
}

/// Entries with mostly rising `at`, now and then one that goes back in time.
fn entries() -> impl Strategy<Value = Vec<CaseEntry>> {
    let step = (-5i64..120, event(), orgs());
    prop::collection::vec(step, 0..60).prop_map(|steps| {
        let mut at: DateTime<Utc> = DateTime::from_timestamp(1_788_000_000, 0).unwrap();
        steps
            .into_iter()
            .map(|(minutes, event, org)| {
                at += Duration::minutes(minutes);
                CaseEntry {
                    at,
                    by: Actor {
                        name: "medewerker".to_owned(),
                        org,
                    },
                    event,
                }
            })
            .collect()
    })
}

fn opening(case_type: CaseType) -> CaseEntry {
    CaseEntry {
        at: DateTime::from_timestamp(1_787_000_000, 0).unwrap(),
        by: Actor::automatic(org(0)),
        event: CaseEvent::Opened {
            case_type,
            pupil: PupilId::from_u128(1),
            municipality: org(0),
            registered_on: day(0),
            reason: "Aangemeld".to_owned(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn folding_any_sequence_never_panics_and_keeps_exactly_the_applied_entries(
        type_index in 0..CaseType::ALL.len(),
        rest in entries(),
    ) {
        let id = CaseId::from_u128(9);
        let mut case = Case::open(id, &opening(CaseType::ALL[type_index])).unwrap();
        let mut applied = 1;
        for e in &rest {
            let before = case.clone();
            match case.apply(e) {
                Ok(()) => {
                    applied += 1;
                    prop_assert_eq!(case.timeline().last(), Some(e));
                }
                Err(err) => {
                    prop_assert_eq!(&case, &before, "refused {:?} changed the case", err);
                    prop_assert!(!err.to_string().is_empty());
                    prop_assert!(err.code().starts_with("zaak."));
                }
            }
            prop_assert_eq!(case.timeline().len(), applied);
            prop_assert_eq!(case.is_closed(), case.status() == CaseStatus::Afgesloten);
            prop_assert_eq!(case.is_closed(), case.result().is_some());
        }
        let json = serde_json::to_string(case.timeline()).unwrap();
        let stored: Vec<CaseEntry> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&Case::replay(id, &stored).unwrap(), &case);
        if let Some(c) = case.closure() {
            prop_assert!(c.result.fits(case.case_type()));
            prop_assert_eq!(case.open_actions().count(), 0);
        }
    }
}
