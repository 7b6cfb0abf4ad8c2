#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::params::PassendOnderwijs;
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
    registered_on: D,
    extension_weeks: Option<u32>,
    extension_on: Option<D>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    term_ends: Option<D>,
    deadline: Option<D>,
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
        let extension = self.extension_weeks.map(|weeks| Extension {
            weeks,
            on: self
                .extension_on
                .expect("extension_on with extension_weeks")
                .0,
            reason: "onderzoek loopt".to_owned(),
        });
        let p = Params::embedded().unwrap();
        let mut trace = Trace::new();
        let on = self.registered_on.0;
        let got = zorgplicht_deadline(on, extension.as_ref(), &p, &mut trace);
        let untraced = zorgplicht_deadline(on, extension.as_ref(), &p, &mut NoTrace);
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
        if let Some(want) = e.term_ends.filter(|w| w.0 != answer.term_ends) {
            wrong.push(format!(
                "term_ends: expected {}, got {}",
                want.0, answer.term_ends
            ));
        }
        if let Some(want) = e.deadline.filter(|w| w.0 != answer.deadline) {
            wrong.push(format!(
                "deadline: expected {}, got {}",
                want.0, answer.deadline
            ));
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_zorgplicht_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("zorgplicht.cases.toml")).unwrap();
    cases::run_all("zorgplicht.cases.toml", &file.case, 10);
}

#[test]
fn a_longer_term_in_the_parameter_file_takes_effect_for_registrations_from_its_date() {
    let text = include_str!("../../../../params/passend_onderwijs.toml").replacen(
        "from = 2014-08-01                   # Wet passend onderwijs in force\nvalue = 6",
        "from = 2014-08-01                   # Wet passend onderwijs in force\nuntil = 2027-07-31\nvalue = 6\ncite = { article = \"40\", lid = 4 }\n[[zorgplicht_term.values]]\nfrom = 2027-08-01\nvalue = 8",
        1,
    );
    let p = crate::params::embedded_with(PassendOnderwijs::FILE, &text).unwrap();
    let d = |y, m, day| Date::from_ymd_opt(y, m, day).unwrap();
    let before = zorgplicht_deadline(d(2027, 7, 31), None, &p, &mut NoTrace).unwrap();
    let after = zorgplicht_deadline(d(2027, 8, 1), None, &p, &mut NoTrace).unwrap();
    assert_eq!(before.deadline, d(2027, 9, 11));
    assert_eq!(after.deadline, d(2027, 9, 26));
}
