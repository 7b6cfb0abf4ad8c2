#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::super::fixtures::{d, exemption, statement};
use super::*;
use crate::cases::{self, D};
use crate::trace::Trace;
use continuum_domain::exemption::Renewal;
use continuum_domain::period::Period;
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    on: D,
    ground: Option<ExemptionGround>,
    start: Option<D>,
    end: Option<D>,
    #[serde(default)]
    open_ended: bool,
    #[serde(default)]
    never_fit: bool,
    #[serde(default)]
    renewals: Vec<CaseRenewal>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseRenewal {
    school_year: i32,
    notified_on: D,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    school_year: i32,
    deadline: D,
    status: String,
    reason: Option<String>,
    notified_on: Option<D>,
    signal: Option<String>,
    #[serde(default)]
    cites: Vec<String>,
}

impl Case {
    fn exemption(&self) -> Exemption {
        let mut ex = exemption();
        if let Some(g) = self.ground {
            ex.ground = g;
            if !g.has_dossier() {
                ex.dossier = None;
            }
        }
        let start = self.start.map_or(ex.period.start(), |d| d.0);
        let end = if self.open_ended {
            None
        } else {
            self.end.map(|d| d.0).or(ex.period.end())
        };
        ex.period = Period::new(start, end).unwrap();
        if let Some(dos) = ex.dossier.as_mut() {
            dos.statement.never_fit = self.never_fit;
        }
        // Pushed directly: a case may hold a renewal the register would refuse.
        ex.renewals = self
            .renewals
            .iter()
            .map(|r| Renewal {
                school_year: SchoolYear(r.school_year),
                notified_on: r.notified_on.0,
                by_parent: true,
                statement: None,
            })
            .collect();
        ex
    }
}

fn json_str<T: Serialize>(v: &T, key: &str) -> Option<String> {
    serde_json::to_value(v).unwrap()[key]
        .as_str()
        .map(str::to_owned)
}

impl cases::Case for Case {
    fn name(&self) -> &str {
        &self.name
    }
    fn pending(&self) -> Option<&str> {
        self.pending.as_deref()
    }
    fn check(&self) -> Vec<String> {
        let ex = self.exemption();
        let p = Params::embedded().unwrap();
        let on = self.on.0;
        let mut trace = Trace::new();
        let got = match renewal_due(&ex, on, &p, &mut trace) {
            Ok(c) => c,
            Err(e) => return vec![format!("error {e}")],
        };
        let mut wrong = Vec::new();
        if got != renewal_due(&ex, on, &p, &mut NoTrace).unwrap() {
            wrong.push("traced and untraced answers differ".to_owned());
        }
        let e = &self.expect;
        if got.school_year != SchoolYear(e.school_year) {
            wrong.push(format!(
                "school_year: expected {}, got {:?}",
                e.school_year, got.school_year
            ));
        }
        if got.deadline != e.deadline.0 {
            wrong.push(format!(
                "deadline: expected {}, got {}",
                e.deadline.0, got.deadline
            ));
        }
        let status = json_str(&got.status, "status");
        if status.as_deref() != Some(e.status.as_str()) {
            wrong.push(format!(
                "status: expected {}, got {:?}",
                e.status, got.status
            ));
        }
        let reason = match got.status {
            RenewalStatus::NotNeeded { reason } => {
                json_str(&serde_json::json!({ "r": reason }), "r")
            }
            _ => None,
        };
        if reason != e.reason {
            wrong.push(format!("reason: expected {:?}, got {reason:?}", e.reason));
        }
        let notified = match got.status {
            RenewalStatus::Received { notified_on }
            | RenewalStatus::ReceivedLate { notified_on } => Some(notified_on),
            _ => None,
        };
        if notified != e.notified_on.map(|d| d.0) {
            wrong.push(format!(
                "notified_on: expected {:?}, got {notified:?}",
                e.notified_on
            ));
        }
        let signals = renewal_signals([(ExemptionId::from_u128(1), &ex)], on, &p).unwrap();
        let kind = signals.first().and_then(|s| json_str(s, "kind"));
        if kind != e.signal || signals.len() > 1 {
            wrong.push(format!("signal: expected {:?}, got {signals:?}", e.signal));
        }
        if signals.iter().any(|s| s.message.is_empty()) {
            wrong.push("a signal without message".to_owned());
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_renewal_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("renewal.cases.toml")).unwrap();
    cases::run_all("renewal.cases.toml", &file.case, 20);
}

#[test]
fn a_signal_names_the_exemption_the_year_and_the_deadline_in_dutch() {
    let p = Params::embedded().unwrap();
    let ex = exemption();
    let id = ExemptionId::from_u128(42);
    let s = renewal_signals([(id, &ex)], d(2027, 7, 1), &p).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].exemption, id);
    assert_eq!(s[0].pupil, ex.pupil);
    assert_eq!(
        s[0].message,
        "De kennisgeving voor schooljaar 2027-2028 ontbreekt. Die moest vóór 1 juli 2027 binnen zijn (vrijstelling art. 5 onder a)."
    );
    let json = serde_json::to_value(&s[0]).unwrap();
    assert_eq!(json["kind"], "ontbreekt");
    assert_eq!(json["basis"]["article"], "6");
    let check =
        serde_json::to_value(renewal_due(&ex, d(2027, 7, 1), &p, &mut NoTrace).unwrap()).unwrap();
    assert_eq!(check["status"], "missing");
    assert_eq!(check["deadline"], "2027-07-01");
}

#[test]
fn a_never_fit_statement_in_a_renewal_ends_the_yearly_renewals() {
    let p = Params::embedded().unwrap();
    let mut ex = exemption();
    ex.period = Period::from(d(2026, 8, 1));
    let mut s = statement(d(2027, 4, 1));
    s.never_fit = true;
    ex.record_renewal(Renewal {
        school_year: SchoolYear(2027),
        notified_on: d(2027, 4, 10),
        by_parent: true,
        statement: Some(s),
    })
    .unwrap();
    let c = renewal_due(&ex, d(2028, 7, 1), &p, &mut NoTrace).unwrap();
    assert_eq!(
        c.status,
        RenewalStatus::NotNeeded {
            reason: NoRenewalReason::NeverFit
        }
    );
}

fn any_ground() -> impl Strategy<Value = ExemptionGround> {
    proptest::sample::select(ExemptionGround::ALL.to_vec())
}

proptest! {
    /// Never a reminder or a missing renewal for a "never fit" exemption, nor for a school
    /// year the exemption does not reach: the school year a signal names always overlaps
    /// the exemption and is not its first.
    #[test]
    fn no_signal_for_never_fit_or_for_a_year_the_exemption_does_not_reach(
        start in 0u64..2000, length in proptest::option::of(0u64..1500), on in 0u64..3000,
        never_fit: bool, ground in any_ground(), renewed in proptest::option::of(0i32..6),
    ) {
        let p = Params::embedded().unwrap();
        let base = d(2024, 1, 1);
        let start = base + chrono::Days::new(start);
        let mut ex = exemption();
        ex.ground = ground;
        if !ground.has_dossier() { ex.dossier = None; }
        ex.period = Period::new(start, length.map(|l| start + chrono::Days::new(l))).unwrap();
        if let Some(dos) = ex.dossier.as_mut() { dos.statement.never_fit = never_fit; }
        if let Some(y) = renewed {
            ex.renewals.push(Renewal { school_year: SchoolYear(2024 + y), notified_on: base, by_parent: true, statement: None });
        }
        let on = base + chrono::Days::new(on);
        let check = renewal_due(&ex, on, &p, &mut NoTrace).unwrap();
        let signals = renewal_signals([(ExemptionId::from_u128(1), &ex)], on, &p).unwrap();
        let open = matches!(check.status, RenewalStatus::Due | RenewalStatus::Missing);
        if ex.never_fit() || !ground.yearly_notification() {
            prop_assert!(!open);
            prop_assert!(signals.is_empty());
        }
        if open {
            let year = check.school_year.period();
            prop_assert!(ex.period.overlaps(&year));
            prop_assert!(ex.period.start() < year.start());
            prop_assert!(ex.renewal_for(check.school_year).is_none());
        }
        for s in &signals {
            prop_assert!(ex.period.end().is_none_or(|e| e >= s.school_year.period().start()));
        }
        // Missing only once the deadline has passed; due only before it.
        match check.status {
            RenewalStatus::Missing => prop_assert!(on >= check.deadline),
            RenewalStatus::Due => prop_assert!(on < check.deadline),
            _ => {}
        }
    }
}
