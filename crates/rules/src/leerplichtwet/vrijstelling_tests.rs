#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::trace::{NoTrace, Trace};
use serde::Deserialize;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// The complete first request every case starts from (see the head of the cases file).
fn complete_request() -> VrijstellingRequest {
    VrijstellingRequest {
        invoked_by_parent: true,
        notified_on: d(2026, 6, 15),
        renewal: false,
        statement: Some(Statement {
            by: StatementBy::Arts,
            designated_by_municipality: true,
            treating_physician: false,
            date: d(2026, 5, 1),
            never_fit: false,
        }),
        period: Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap(),
        educational_perspective: true,
        casusregisseur: Some("J. de Vries (leerplichtambtenaar)".to_owned()),
    }
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
    on: D,
    invoked_by_parent: Option<bool>,
    notified_on: Option<D>,
    renewal: Option<bool>,
    #[serde(default)]
    no_statement: bool,
    statement_by: Option<StatementBy>,
    designated: Option<bool>,
    treating: Option<bool>,
    statement_date: Option<D>,
    never_fit: Option<bool>,
    period_start: Option<D>,
    period_end: Option<D>,
    #[serde(default)]
    open_ended: bool,
    educational_perspective: Option<bool>,
    casusregisseur: Option<String>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    complete: bool,
    #[serde(default)]
    missing: Vec<Element>,
    missing_cites: Option<Vec<String>>,
    #[serde(default)]
    cites: Vec<String>,
    error: Option<String>,
    error_text: Option<String>,
}

impl Case {
    fn request(&self) -> VrijstellingRequest {
        let mut r = complete_request();
        let set = |target: &mut bool, v: Option<bool>| *target = v.unwrap_or(*target);
        set(&mut r.invoked_by_parent, self.invoked_by_parent);
        set(&mut r.renewal, self.renewal);
        set(&mut r.educational_perspective, self.educational_perspective);
        r.notified_on = self.notified_on.map_or(r.notified_on, |d| d.0);
        if let Some(s) = r.statement.as_mut() {
            s.by = self.statement_by.unwrap_or(s.by);
            set(&mut s.designated_by_municipality, self.designated);
            set(&mut s.treating_physician, self.treating);
            set(&mut s.never_fit, self.never_fit);
            s.date = self.statement_date.map_or(s.date, |d| d.0);
        }
        if self.no_statement {
            r.statement = None;
        }
        let start = self.period_start.map_or(r.period.start(), |d| d.0);
        let end = if self.open_ended {
            None
        } else {
            self.period_end.map(|d| d.0).or(r.period.end())
        };
        r.period = Period::new(start, end).unwrap();
        if let Some(name) = &self.casusregisseur {
            r.casusregisseur = Some(name.clone());
        }
        r
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
        let req = self.request();
        let p = Params::embedded().unwrap();
        let mut trace = Trace::new();
        let got = check_vrijstelling(&req, self.on.0, &p, &mut trace);
        let untraced = check_vrijstelling(&req, self.on.0, &p, &mut NoTrace);
        let mut wrong = Vec::new();
        if got != untraced {
            wrong.push(format!("traced {got:?} differs from untraced {untraced:?}"));
        }
        let e = &self.expect;
        let answer = match (got, &e.error) {
            (Err(err), Some(code)) => {
                cases::check_error(&err, code, e.error_text.as_deref(), &mut wrong);
                return wrong;
            }
            (Err(err), None) => return vec![format!("error {err}")],
            (Ok(a), Some(code)) => return vec![format!("expected error {code}, got {a:?}")],
            (Ok(a), None) => a,
        };
        let missing = match &answer {
            Completeness::Complete => Vec::new(),
            Completeness::Incomplete { missing } => missing.clone(),
        };
        if e.complete != (answer == Completeness::Complete) {
            wrong.push(format!("complete: expected {}, got {answer:?}", e.complete));
        }
        let elements: Vec<Element> = missing.iter().map(|m| m.element).collect();
        if elements != e.missing {
            wrong.push(format!(
                "missing: expected {:?}, got {elements:?}",
                e.missing
            ));
        }
        let keys: Vec<String> = missing.iter().map(|m| m.basis.key()).collect();
        if let Some(want) = e.missing_cites.as_ref().filter(|w| **w != keys) {
            wrong.push(format!("missing_cites: expected {want:?}, got {keys:?}"));
        }
        if missing.iter().any(|m| m.explanation.is_empty()) {
            wrong.push("an element without explanation".to_owned());
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_vrijstelling_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("vrijstelling.cases.toml")).unwrap();
    cases::run_all("vrijstelling.cases.toml", &file.case, 20);
}

#[test]
fn the_answer_serialises_with_its_status_and_every_element_cited() {
    let p = Params::embedded().unwrap();
    let mut req = complete_request();
    req.casusregisseur = None;
    let answer = check_vrijstelling(&req, d(2026, 6, 20), &p, &mut NoTrace).unwrap();
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(json["status"], "incomplete");
    assert_eq!(json["missing"][0]["element"], "no_casusregisseur");
    assert_eq!(json["missing"][0]["basis"]["kind"], "policy");
    let complete = check_vrijstelling(&complete_request(), d(2026, 6, 20), &p, &mut NoTrace);
    assert_eq!(
        serde_json::to_value(complete.unwrap()).unwrap(),
        serde_json::json!({"status": "complete"})
    );
}

#[test]
fn the_three_months_come_from_the_parameter_file() {
    let original = include_str!("../../../../params/vrijstelling.toml");
    let old = "from = 1985-08-01\nvalue = 3\n";
    assert!(original.contains(old), "vrijstelling.toml changed shape");
    let new = "from = 1985-08-01\nuntil = 2026-12-31\nvalue = 3\ncite = { article = \"7\" }\n\
               [[statement_max_age.values]]\nfrom = 2027-01-01\nvalue = 6\n";
    let p = crate::params::embedded_with("vrijstelling.toml", &original.replace(old, new)).unwrap();
    let mut req = complete_request();
    req.statement.as_mut().unwrap().date = d(2026, 2, 1); // four and a half months old
    let is_complete =
        |on| check_vrijstelling(&req, on, &p, &mut NoTrace).unwrap() == Completeness::Complete;
    assert!(!is_complete(d(2026, 12, 31)));
    assert!(is_complete(d(2027, 1, 1)));
}
