#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::params::Params;
use crate::trace::{NoTrace, Trace};
use serde::Deserialize;

/// A date in a case file (TOML's local date).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "toml::value::Datetime")]
struct D(Date);

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
    birth_date: D,
    school_years: Option<CaseSchoolYears>,
    primary_school_finished_early: Option<String>,
    startkwalificatie_on: Option<D>,
    vso_uitstroomprofiel: Option<Uitstroomprofiel>,
    praktijkonderwijs_diploma_on: Option<D>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseSchoolYears {
    full_years: u32,
    by_end_of: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    status: Option<Status>,
    from: Option<D>,
    until: Option<D>,
    leerplicht_end: Option<D>,
    kwalificatieplicht_end: Option<D>,
    #[serde(default)]
    no_kwalificatieplicht: bool,
    #[serde(default)]
    cites: Vec<String>,
    error: Option<String>,
    error_text: Option<String>,
}

fn school_year(label: &str) -> SchoolYear {
    SchoolYear::parse(label).unwrap_or_else(|| panic!("not a school year: {label}"))
}

impl Case {
    fn facts(&self) -> LeerplichtFacts {
        LeerplichtFacts {
            birth_date: self.birth_date.0,
            school_years: self.school_years.as_ref().map(|s| SchoolYearsAttended {
                full_years: s.full_years,
                by_end_of: school_year(&s.by_end_of),
            }),
            primary_school_finished_early: self
                .primary_school_finished_early
                .as_deref()
                .map(school_year),
            startkwalificatie_on: self.startkwalificatie_on.map(|d| d.0),
            vso_uitstroomprofiel: self.vso_uitstroomprofiel,
            praktijkonderwijs_diploma_on: self.praktijkonderwijs_diploma_on.map(|d| d.0),
        }
    }

    /// Every way the answer differs from the expectation.
    fn check(&self, p: &Params) -> Vec<String> {
        let facts = self.facts();
        let mut trace = Trace::new();
        let got = leerplicht_status(&facts, self.on.0, p, &mut trace);
        let untraced = leerplicht_status(&facts, self.on.0, p, &mut NoTrace);
        let mut wrong = Vec::new();
        if got != untraced {
            wrong.push(format!("traced {got:?} differs from untraced {untraced:?}"));
        }
        let e = &self.expect;
        let answer = match (got, &e.error) {
            (Err(err), Some(code)) => {
                if err.code() != code {
                    wrong.push(format!("error code {} instead of {code}", err.code()));
                }
                let text = err.to_string();
                if let Some(part) = e.error_text.as_deref().filter(|p| !text.contains(p)) {
                    wrong.push(format!("error \"{text}\" does not contain \"{part}\""));
                }
                return wrong;
            }
            (Err(err), None) => {
                wrong.push(format!("error {err}"));
                return wrong;
            }
            (Ok(a), Some(code)) => {
                wrong.push(format!("expected error {code}, got {a:?}"));
                return wrong;
            }
            (Ok(a), None) => a,
        };
        let mut expect = |what: &str, want: String, got: String| {
            if want != got {
                wrong.push(format!("{what}: expected {want}, got {got}"));
            }
        };
        if let Some(s) = e.status {
            expect("status", format!("{s:?}"), format!("{:?}", answer.status));
        }
        if let Some(d) = e.from {
            expect("from", d.0.to_string(), answer.period.start().to_string());
        }
        // No `until` in the case: the status must be open-ended.
        let until = answer.period.end().map(|d| d.to_string());
        expect(
            "until",
            format!("{:?}", e.until.map(|d| d.0.to_string())),
            format!("{until:?}"),
        );
        if let Some(d) = e.leerplicht_end {
            let got = answer
                .leerplicht
                .end()
                .map(|d| d.to_string())
                .unwrap_or_default();
            expect("leerplicht_end", d.0.to_string(), got);
        }
        let kp_end = answer.kwalificatieplicht.and_then(|k| k.end());
        if let Some(d) = e.kwalificatieplicht_end {
            expect(
                "kwalificatieplicht_end",
                format!("{:?}", Some(d.0)),
                format!("{kp_end:?}"),
            );
        }
        if e.no_kwalificatieplicht {
            expect(
                "kwalificatieplicht",
                "None".into(),
                format!("{:?}", answer.kwalificatieplicht),
            );
        }
        let cited = trace.cited();
        for c in e.cites.iter().filter(|c| !cited.contains(c)) {
            wrong.push(format!("does not cite {c} (cites {cited:?})"));
        }
        wrong
    }
}

#[test]
fn every_case_in_leerplicht_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("leerplicht.cases.toml")).unwrap();
    let p = Params::embedded().unwrap();
    let mut failures = Vec::new();
    for case in &file.case {
        let wrong = case.check(&p);
        match (&case.pending, wrong.is_empty()) {
            (None, false) => failures.push(format!("{}:\n    {}", case.name, wrong.join("\n    "))),
            (Some(why), true) => failures.push(format!(
                "{}: passes but is marked pending ({why})",
                case.name
            )),
            _ => {}
        }
    }
    assert!(file.case.len() >= 20, "the cases file lost cases");
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_step_of_a_trace_links_to_the_law_text_of_the_evaluation_date() {
    let p = Params::embedded().unwrap();
    let on = Date::from_ymd_opt(2026, 9, 1).unwrap();
    let facts = LeerplichtFacts::born(Date::from_ymd_opt(2021, 3, 14).unwrap());
    let mut trace = Trace::new();
    leerplicht_status(&facts, on, &p, &mut trace).unwrap();
    assert_eq!(trace.steps.len(), 5);
    assert_eq!(
        trace.steps[0].basis.url(on).unwrap(),
        "https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3"
    );
    assert!(
        trace
            .steps
            .iter()
            .all(|s| !s.description.is_empty() && !s.outcome.is_empty())
    );
    assert_eq!(trace.steps[0].outcome, "leerplichtig vanaf 2026-04-01");
}

/// Raising the end age to 17 from 1 August 2030 in the parameter file — no code change —
/// keeps a child who turned 16 in March 2030 leerplichtig from that day on.
#[test]
fn a_changed_parameter_takes_effect_on_its_date_without_code_change() {
    let original = include_str!("../../../../params/leerplichtwet.toml");
    let old = "[[end_age.values]]\nfrom = 1985-08-01\nvalue = 16\n";
    assert!(original.contains(old), "leerplichtwet.toml changed shape");
    let new = "[[end_age.values]]\nfrom = 1985-08-01\nuntil = 2030-07-31\nvalue = 16\n\
               cite = { article = \"3\", lid = 1, onder = \"b\" }\n\
               [[end_age.values]]\nfrom = 2030-08-01\nvalue = 17\n";
    let changed = original.replace(old, new);
    let p = crate::params::embedded_with("leerplichtwet.toml", &changed).unwrap();
    let facts = LeerplichtFacts::born(Date::from_ymd_opt(2014, 3, 1).unwrap());
    let before = Date::from_ymd_opt(2030, 7, 31).unwrap();
    let after = Date::from_ymd_opt(2030, 8, 1).unwrap();

    let on_before = leerplicht_status(&facts, before, &p, &mut NoTrace).unwrap();
    assert_eq!(on_before.status, Status::Leerplichtig);
    assert_eq!(on_before.leerplicht.end(), Some(before));

    let on_after = leerplicht_status(&facts, after, &p, &mut NoTrace).unwrap();
    assert_eq!(on_after.status, Status::Leerplichtig);
    assert_eq!(on_after.leerplicht.end(), Date::from_ymd_opt(2031, 7, 31));

    // With the file as it is, the same child is kwalificatieplichtig on that day.
    let today = Params::embedded().unwrap();
    let as_is = leerplicht_status(&facts, after, &today, &mut NoTrace).unwrap();
    assert_eq!(as_is.status, Status::Kwalificatieplichtig);
}

#[test]
fn the_29_february_birthday_is_1_march_in_a_common_year() {
    let leap = Date::from_ymd_opt(2020, 2, 29).unwrap();
    assert_eq!(
        birthday(leap, 5).unwrap(),
        Date::from_ymd_opt(2025, 3, 1).unwrap()
    );
    assert_eq!(
        birthday(leap, 4).unwrap(),
        leap + chrono::Days::new(365 * 4 + 1)
    );
}
