//! What the `*.cases.toml` tests share: dates as TOML writes them, the loop that runs every
//! case and reports every failing one by name, and the check of an expected error. A case
//! the code does not yet satisfy carries `pending = "why"`; a pending case that passes fails
//! the test, so the mark goes when the code catches up (STYLE §3).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use crate::error::RuleError;
use crate::trace::Trace;
use continuum_domain::Date;
use serde::Deserialize;

/// A date in a case file (TOML's local date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "toml::value::Datetime")]
pub struct D(pub Date);

impl TryFrom<toml::value::Datetime> for D {
    type Error = String;
    fn try_from(dt: toml::value::Datetime) -> Result<D, String> {
        let d = dt
            .date
            .filter(|_| dt.time.is_none())
            .ok_or("expected a date")?;
        Date::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            .map(D)
            .ok_or_else(|| "no such date".to_owned())
    }
}

pub trait Case {
    fn name(&self) -> &str;
    fn pending(&self) -> Option<&str>;
    /// Every way the answer differs from the expectation; empty when it holds.
    fn check(&self) -> Vec<String>;
}

/// Runs every case and fails with the names and differences of all that do not hold.
pub fn run_all<C: Case>(file: &str, cases: &[C], at_least: usize) {
    let mut failures = Vec::new();
    for case in cases {
        let wrong = case.check();
        match (case.pending(), wrong.is_empty()) {
            (None, false) => {
                failures.push(format!("{}:\n    {}", case.name(), wrong.join("\n    ")))
            }
            (Some(why), true) => failures.push(format!(
                "{}: passes but is marked pending ({why})",
                case.name()
            )),
            _ => {}
        }
    }
    assert!(cases.len() >= at_least, "{file} lost cases");
    assert!(
        failures.is_empty(),
        "{file}: {} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Compares an error with the expected code and a part of its message.
pub fn check_error(err: &RuleError, code: &str, text: Option<&str>, wrong: &mut Vec<String>) {
    if err.code() != code {
        wrong.push(format!(
            "error code {} instead of {code} ({err})",
            err.code()
        ));
    }
    let message = err.to_string();
    if let Some(part) = text.filter(|p| !message.contains(p)) {
        wrong.push(format!("error \"{message}\" does not contain \"{part}\""));
    }
}

/// Every expected citation key must be in the trace.
pub fn check_cites(trace: &Trace, cites: &[String], wrong: &mut Vec<String>) {
    let cited = trace.cited();
    for c in cites.iter().filter(|c| !cited.contains(c)) {
        wrong.push(format!("does not cite {c} (cites {cited:?})"));
    }
}
