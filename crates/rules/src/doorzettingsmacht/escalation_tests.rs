#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::doorzettingsmacht::case_deadlines;
use crate::trace::{NoTrace, Trace};
use chrono::{DateTime, Duration, Utc};
use continuum_domain::case::{Actor, CaseEntry, CaseResult, CaseStatus, YouthHelpHolder};
use continuum_domain::ids::{CaseId, PupilId};
use serde::Deserialize;

/// The organisations of the world the cases file describes.
fn org(name: &str) -> OrgId {
    let n = match name {
        "gemeente_a" => 1,
        "centrum_a" => 2,
        "swv_a" => 3,
        "gemeente_b" => 4,
        "swv_b" => 5,
        other => panic!("unknown organisation {other}"),
    };
    OrgId::from_u128(n)
}

fn name_of(id: OrgId) -> &'static str {
    ["gemeente_a", "centrum_a", "swv_a", "gemeente_b", "swv_b"]
        .into_iter()
        .find(|n| org(n) == id)
        .unwrap_or("?")
}

fn region_a(weeks: u32, youth: Option<&str>) -> OogoEscalation {
    let youth_help = match youth {
        None | Some("woonplaats") => YouthHelpHolder::Woonplaats,
        Some("centrum") => YouthHelpHolder::Gemeente {
            municipality: org("centrum_a"),
        },
        Some(other) => panic!("unknown youth holder {other}"),
    };
    OogoEscalation::new(
        org("swv_a"),
        vec![org("gemeente_a"), org("centrum_a")],
        org("swv_a"),
        youth_help,
        weeks,
        "Geschillencommissie OOGO regio A".to_owned(),
    )
    .unwrap()
}

fn region_b() -> OogoEscalation {
    OogoEscalation::new(
        org("swv_b"),
        vec![org("gemeente_b")],
        org("swv_b"),
        YouthHelpHolder::Woonplaats,
        10,
        "Geschillenregeling regio B".to_owned(),
    )
    .unwrap()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(rename = "type")]
    case_type: CaseType,
    registered_on: D,
    today: D,
    weeks: Option<u32>,
    youth: Option<String>,
    oogo: Option<String>,
    #[serde(default)]
    steps: Vec<CaseStep>,
    pending: Option<String>,
    expect: Expect,
}

/// One thing that happened, in the words of the cases file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseStep {
    on: D,
    extension: Option<u32>,
    offer: Option<String>,
    refused: Option<String>,
    decision: Option<String>,
    escalated_to: Option<String>,
    transferred_to: Option<String>,
    gap: Option<EscalationDomain>,
    referred: Option<bool>,
    closed: Option<CaseResult>,
    reopened: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    due: Option<bool>,
    to: Option<String>,
    domain: Option<EscalationDomain>,
    deadline: Option<D>,
    since: Option<D>,
    #[serde(default)]
    cites: Vec<String>,
    timeline: Option<usize>,
    deadlines: Option<Vec<D>>,
    error: Option<String>,
    error_text: Option<String>,
}

impl CaseStep {
    fn event(&self, case: &continuum_domain::case::Case) -> CaseEvent {
        let on = self.on.0;
        let text = |s: &String| s.clone();
        let mut events = Vec::new();
        if let Some(weeks) = self.extension {
            events.push(CaseEvent::ExtensionGranted {
                weeks,
                on,
                reason: "Onderzoek naar de ondersteuningsbehoefte".to_owned(),
            });
        }
        if let Some(offer) = self.offer.as_ref().map(text) {
            events.push(CaseEvent::OfferMade { offer, on });
        }
        if let Some(offer) = self.refused.as_ref().map(text) {
            events.push(CaseEvent::ParentsRefused {
                offer,
                on,
                note: "De ouders willen dit niet".to_owned(),
            });
        }
        if let Some(decision) = self.decision.as_ref().map(text) {
            events.push(CaseEvent::DecisionRecorded {
                decided_by: case
                    .round()
                    .escalation
                    .map_or(case.municipality(), |e| e.to),
                decision,
                on,
                basis: None,
            });
        }
        if let Some(to) = &self.escalated_to {
            events.push(CaseEvent::Escalated {
                to: org(to),
                domain: EscalationDomain::Onderwijs,
                reason: "Vastgelopen".to_owned(),
                basis: "OOGO-afspraak".to_owned(),
                automatic: false,
            });
        }
        if let Some(to) = &self.transferred_to {
            events.push(CaseEvent::Transferred {
                from: case.municipality(),
                to: org(to),
                on,
                reason: "Verhuisd volgens de BRP".to_owned(),
            });
        }
        if let Some(domain) = self.gap {
            events.push(CaseEvent::GapRecorded {
                domain,
                note: "Wat ontbreekt".to_owned(),
            });
        }
        if self.referred == Some(true) {
            events.push(CaseEvent::DisputeReferred {
                geschillenregeling: "Geschillencommissie OOGO regio A".to_owned(),
                reason: "Geen overeenstemming".to_owned(),
                on,
                automatic: false,
            });
        }
        if let Some(result) = self.closed {
            events.push(CaseEvent::Closed {
                result,
                on,
                explanation: "Zie de tijdlijn".to_owned(),
            });
        }
        if self.reopened == Some(true) {
            events.push(CaseEvent::Reopened {
                on,
                reason: "Weer thuis".to_owned(),
            });
        }
        assert_eq!(events.len(), 1, "a step does one thing: {self:?}");
        events.remove(0)
    }
}

impl Case {
    fn build(&self) -> Result<continuum_domain::case::Case, String> {
        let start: DateTime<Utc> = DateTime::from_timestamp(1_788_000_000, 0).unwrap();
        let entry = |i: i64, event| CaseEntry {
            at: start + Duration::minutes(i),
            by: Actor {
                name: "L. Jansen".to_owned(),
                org: org("gemeente_a"),
            },
            event,
        };
        let opened = CaseEvent::Opened {
            case_type: self.case_type,
            pupil: PupilId::from_u128(1),
            municipality: org("gemeente_a"),
            registered_on: self.registered_on.0,
            reason: "Aangemeld".to_owned(),
        };
        let mut case = continuum_domain::case::Case::open(CaseId::from_u128(1), &entry(0, opened))
            .map_err(|e| format!("opening refused: {e}"))?;
        for (i, step) in self.steps.iter().enumerate() {
            let e = entry(i as i64 + 1, step.event(&case));
            case.apply(&e)
                .map_err(|err| format!("step {} refused: {err}", i + 1))?;
        }
        Ok(case)
    }

    fn agreement(&self, case: &continuum_domain::case::Case) -> Option<OogoEscalation> {
        let a = region_a(self.weeks.unwrap_or(8), self.youth.as_deref());
        match self.oogo.as_deref() {
            Some("none") => None,
            Some("a") => Some(a),
            None => [a, region_b()]
                .into_iter()
                .find(|o| o.covers(case.municipality())),
            Some(other) => panic!("unknown oogo {other}"),
        }
    }
}

impl cases::Case for Case {
    fn name(&self) -> &str {
        &self.name
    }
    fn pending(&self) -> Option<&str> {
        self.pending.as_deref()
    }
    fn check(&self) -> Vec<String> {
        let case = match self.build() {
            Ok(c) => c,
            Err(e) => return vec![e],
        };
        let oogo = self.agreement(&case);
        let p = Params::embedded().unwrap();
        let today = self.today.0;
        let mut trace = Trace::new();
        let got = escalation_due(&case, oogo.as_ref(), &p, today, &mut trace);
        let untraced = escalation_due(&case, oogo.as_ref(), &p, today, &mut NoTrace);
        let mut wrong = Vec::new();
        if got != untraced {
            wrong.push(format!("traced {got:?} differs from untraced {untraced:?}"));
        }
        let e = &self.expect;
        if let Some(want) = e.timeline.filter(|n| *n != case.timeline().len()) {
            wrong.push(format!(
                "timeline: expected {want} entries, got {}",
                case.timeline().len()
            ));
        }
        if let Some(want) = &e.deadlines {
            match case_deadlines(&case, oogo.as_ref(), &p, &mut NoTrace) {
                Ok(list) => {
                    let got: Vec<Date> = list.iter().map(|d| d.deadline.due).collect();
                    let want: Vec<Date> = want.iter().map(|d| d.0).collect();
                    if got != want {
                        wrong.push(format!("deadlines: expected {want:?}, got {got:?}"));
                    }
                }
                Err(err) => wrong.push(format!("deadlines: error {err}")),
            }
        }
        let answer = match (got, &e.error) {
            (Err(err), Some(code)) => {
                cases::check_error(&err, code, e.error_text.as_deref(), &mut wrong);
                return wrong;
            }
            (Err(err), None) => return vec![format!("error {err}")],
            (Ok(a), Some(code)) => return vec![format!("expected error {code}, got {a:?}")],
            (Ok(a), None) => a,
        };
        if let Some(want) = e.due.filter(|w| *w != answer.is_some()) {
            wrong.push(format!("due: expected {want}, got {answer:?}"));
        }
        if let Some(due) = &answer {
            check_due(due, e, &mut wrong);
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

fn check_due(due: &EscalationDue, e: &Expect, wrong: &mut Vec<String>) {
    let (to, domain) = match &due.route {
        EscalationRoute::Doorzettingsmacht { to, domain } => (name_of(*to), Some(*domain)),
        EscalationRoute::Geschillenregeling { .. } => ("geschillenregeling", None),
    };
    if let Some(want) = e.to.as_ref().filter(|w| *w != to) {
        wrong.push(format!("to: expected {want}, got {to}"));
    }
    if let Some(want) = e.domain.filter(|w| Some(*w) != domain) {
        wrong.push(format!("domain: expected {want:?}, got {domain:?}"));
    }
    if let Some(want) = e.deadline.filter(|w| w.0 != due.deadline) {
        wrong.push(format!(
            "deadline: expected {}, got {}",
            want.0, due.deadline
        ));
    }
    if let Some(want) = e.since.filter(|w| w.0 != due.since) {
        wrong.push(format!("since: expected {}, got {}", want.0, due.since));
    }
    if due.reason.is_empty() || due.message().is_empty() {
        wrong.push("an escalation without a reason or message".to_owned());
    }
}

#[test]
fn every_case_in_escalation_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("escalation.cases.toml")).unwrap();
    cases::run_all("escalation.cases.toml", &file.case, 30);
}

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// The whole loop the server runs: the rule says the case is due, its event is recorded
/// automatically, and the case is then escalated, involves the holder and is not due again.
#[test]
fn an_overdue_case_escalates_on_its_own_and_is_then_not_due_again() {
    let file: CaseFile = toml::from_str(include_str!("escalation.cases.toml")).unwrap();
    let story = file
        .case
        .iter()
        .find(|c| {
            c.name
                .starts_with("thuiszitter, 8 weeks agreed: the day after")
        })
        .unwrap();
    let mut case = story.build().unwrap();
    let oogo = story.agreement(&case).unwrap();
    let p = Params::embedded().unwrap();
    let today = d(2026, 10, 28);
    let due = escalation_due(&case, Some(&oogo), &p, today, &mut NoTrace)
        .unwrap()
        .unwrap();
    assert_eq!(due.notify, [org("swv_a"), org("gemeente_a")]);
    assert!(
        due.message().contains("doorzettingsmacht voor onderwijs"),
        "{}",
        due.message()
    );
    assert!(due.message().contains("Ouders mogen een besluit weigeren"));
    let entry = CaseEntry {
        at: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        by: Actor::automatic(case.municipality()),
        event: due.event(today),
    };
    case.apply(&entry).unwrap();
    assert_eq!(case.status(), CaseStatus::Geescaleerd);
    assert!(case.involves(org("swv_a")));
    let basis = match &case.timeline()[1].event {
        CaseEvent::Escalated {
            basis, automatic, ..
        } => {
            assert!(automatic);
            basis.clone()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        basis,
        "OOGO-afspraak over doorzettingsmacht; beleid (seed 000; seed 001)"
    );
    assert_eq!(
        escalation_due(&case, Some(&oogo), &p, today, &mut NoTrace),
        Ok(None)
    );
}

#[test]
fn a_zio_dispute_is_referred_on_its_own_and_its_answer_serialises() {
    let file: CaseFile = toml::from_str(include_str!("escalation.cases.toml")).unwrap();
    let story = file
        .case
        .iter()
        .find(|c| c.case_type == CaseType::ZioGeschil && c.steps.is_empty())
        .unwrap();
    let mut case = story.build().unwrap();
    let oogo = story.agreement(&case).unwrap();
    let p = Params::embedded().unwrap();
    let today = d(2026, 10, 28);
    let due = escalation_due(&case, Some(&oogo), &p, today, &mut NoTrace)
        .unwrap()
        .unwrap();
    let json = serde_json::to_value(&due).unwrap();
    assert_eq!(json["route"]["kind"], "geschillenregeling");
    assert_eq!(json["since"], "2026-10-28");
    assert_eq!(json["basis"]["source"], "seed 004");
    let entry = CaseEntry {
        at: DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
        by: Actor::automatic(case.municipality()),
        event: due.event(today),
    };
    case.apply(&entry).unwrap();
    assert_eq!(case.status(), CaseStatus::GeschilVoorgelegd);
}

#[test]
fn the_deadlines_of_a_case_serialise_flat_with_their_basis() {
    let file: CaseFile = toml::from_str(include_str!("escalation.cases.toml")).unwrap();
    let story = file
        .case
        .iter()
        .find(|c| {
            c.name
                .starts_with("zorgplicht extended by 4 weeks: not due")
        })
        .unwrap();
    let case = story.build().unwrap();
    let oogo = story.agreement(&case).unwrap();
    let p = Params::embedded().unwrap();
    let list = case_deadlines(&case, Some(&oogo), &p, &mut NoTrace).unwrap();
    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(json[0]["kind"], "zorgplicht_decision");
    assert_eq!(json[0]["due"], "2026-11-10");
    assert_eq!(
        json[0]["description"],
        "Besluit van het schoolbestuur over toelating (verlengd met 4 weken)"
    );
    assert_eq!(json[0]["basis"]["law"], "BWBR0003420");
    assert_eq!(json[1]["kind"], "integral_offer");
    assert_eq!(json[1]["basis"]["source"], "seed 000; seed 001");
    assert_eq!(json[1]["owner"], org("gemeente_a").to_string());
}
