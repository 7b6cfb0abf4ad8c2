#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::trace::{NoTrace, Trace};
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
    category: TlvCategory,
    #[serde(default)]
    emb: bool,
    start: D,
    end: Option<D>,
    career_end: Option<D>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    validity: Option<String>,
    violations: Option<Vec<TlvViolationKind>>,
    #[serde(default)]
    cites: Vec<String>,
    error: Option<String>,
    error_text: Option<String>,
}

impl cases::Case for Case {
    fn name(&self) -> &str {
        &self.name
    }
    fn pending(&self) -> Option<&str> {
        self.pending.as_deref()
    }
    fn check(&self) -> Vec<String> {
        let facts = TlvFacts {
            category: self.category,
            emb: self.emb,
            period: Period::new(self.start.0, self.end.map(|d| d.0)).unwrap(),
            career_end: self.career_end.map(|d| d.0),
        };
        let p = Params::embedded().unwrap();
        let mut trace = Trace::new();
        let got = check_tlv(&facts, self.on.0, &p, &mut trace);
        let untraced = check_tlv(&facts, self.on.0, &p, &mut NoTrace);
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
        let validity = serde_json::to_value(answer.validity).unwrap();
        if let Some(want) = e.validity.as_ref().filter(|w| validity != **w) {
            wrong.push(format!("validity: expected {want}, got {validity}"));
        }
        let kinds: Vec<TlvViolationKind> = answer.violations.iter().map(|v| v.kind).collect();
        if let Some(want) = e.violations.as_ref().filter(|w| **w != kinds) {
            wrong.push(format!("violations: expected {want:?}, got {kinds:?}"));
        }
        if answer
            .violations
            .iter()
            .any(|v| v.explanation.is_empty() || v.basis.key() != "seed 000")
        {
            wrong.push("a violation without explanation or without seed 000".to_owned());
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_tlv_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("tlv.cases.toml")).unwrap();
    cases::run_all("tlv.cases.toml", &file.case, 12);
}

#[test]
fn a_tlv_reads_from_json_and_its_check_serialises() {
    let json = r#"{"category":"hoog","emb":true,"period":{"start":"2026-08-01","end":"2028-07-31"},
        "career_end":"2034-07-31"}"#;
    let facts: TlvFacts = serde_json::from_str(json).unwrap();
    let p = Params::embedded().unwrap();
    let on = Date::from_ymd_opt(2026, 9, 1).unwrap();
    let check = check_tlv(&facts, on, &p, &mut NoTrace).unwrap();
    let out = serde_json::to_value(&check).unwrap();
    assert_eq!(out["validity"], "valid");
    assert_eq!(out["category"], "hoog");
    assert_eq!(out["violations"][0]["kind"], "emb_not_whole_career");
    assert_eq!(out["violations"][0]["basis"]["source"], "seed 000");
    let bad = json.replace("hoog", "extra");
    assert!(serde_json::from_str::<TlvFacts>(&bad).is_err());
    let backwards = json.replace("2028-07-31", "2025-07-31");
    assert!(serde_json::from_str::<TlvFacts>(&backwards).is_err());
}
