#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use continuum_domain::arrangement::{Permission, ReducedTime};
use continuum_domain::period::Period;
use continuum_domain::register::HoursPerWeek;
use serde::Deserialize;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
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
    kind: Option<ArrangementKind>,
    school_type: Option<SchoolType>,
    start: Option<D>,
    end: Option<D>,
    #[serde(default)]
    open_ended: bool,
    permissions: Option<Vec<CasePermission>>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasePermission {
    start: D,
    end: D,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    days_left: Option<u32>,
    #[serde(default)]
    problems: Vec<String>,
    basis: Option<String>,
}

fn permission(start: Date, end: Date) -> Permission {
    Permission {
        period: Period::new(start, Some(end)).unwrap(),
        granted_on: start,
        reference: "IvhO-2026-0042".to_owned(),
    }
}

/// Reduced teaching time at a primary school, 2026-08-01 to 2027-07-31.
fn reduced_time() -> Arrangement {
    Arrangement {
        kind: ArrangementKind::OnderwijstijdOntheffing,
        school: OrgId::from_u128(10),
        pupils: vec![PupilId::from_u128(7)],
        partners: Vec::new(),
        period: Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap(),
        description: "Drie ochtenden per week les.".to_owned(),
        reduced_time: Some(ReducedTime {
            school_type: SchoolType::Po,
            teaching_hours_per_week: HoursPerWeek(1200),
            permissions: vec![permission(d(2026, 8, 1), d(2027, 7, 31))],
        }),
    }
}

impl Case {
    fn arrangement(&self) -> Arrangement {
        let mut a = reduced_time();
        if let Some(kind) = self.kind.filter(|k| k.is_onderwijszorgarrangement()) {
            a.kind = kind;
            a.pupils.push(PupilId::from_u128(8));
            a.partners.push(OrgId::from_u128(20));
            a.reduced_time = None;
        }
        let start = self.start.map_or(a.period.start(), |d| d.0);
        let end = if self.open_ended {
            None
        } else {
            self.end.map(|d| d.0).or(a.period.end())
        };
        a.period = Period::new(start, end).unwrap();
        if let Some(r) = a.reduced_time.as_mut() {
            r.school_type = self.school_type.unwrap_or(r.school_type);
            if let Some(ps) = &self.permissions {
                r.permissions = ps.iter().map(|p| permission(p.start.0, p.end.0)).collect();
            }
        }
        a
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
        let a = self.arrangement();
        let p = Params::embedded().unwrap();
        let on = self.on.0;
        let mut wrong = Vec::new();
        let problems: Vec<String> = validate_arrangement(&a, on, &p)
            .unwrap()
            .into_iter()
            .map(|e| e.field)
            .collect();
        if problems != self.expect.problems {
            wrong.push(format!(
                "problems: expected {:?}, got {problems:?}",
                self.expect.problems
            ));
        }
        let reminders = expiry_reminders([(ArrangementId::from_u128(1), &a)], on, &p).unwrap();
        let days = reminders.first().map(|r| r.days_left);
        if days != self.expect.days_left {
            wrong.push(format!(
                "days_left: expected {:?}, got {days:?}",
                self.expect.days_left
            ));
        }
        if let Some(key) = &self.expect.basis {
            let got = legal_basis(&a).key();
            if &got != key {
                wrong.push(format!("basis: expected {key}, got {got}"));
            }
            if reminders
                .iter()
                .any(|r| r.basis.first().map(Citation::key) != Some(got.clone()))
            {
                wrong.push("the reminder does not cite the legal basis first".to_owned());
            }
        }
        wrong
    }
}

#[test]
fn every_case_in_arrangement_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("arrangement.cases.toml")).unwrap();
    cases::run_all("arrangement.cases.toml", &file.case, 14);
}

#[test]
fn a_reminder_reads_in_dutch_and_cites_the_lead_time_as_continuum_policy() {
    let p = Params::embedded().unwrap();
    let a = reduced_time();
    let r = expiry_reminders([(ArrangementId::from_u128(9), &a)], d(2027, 7, 30), &p).unwrap();
    assert_eq!(
        r[0].message,
        "De toestemming van de inspectie voor minder onderwijstijd loopt af op 31 juli 2027 (nog 1 dag). Vraag op tijd een nieuwe toestemming aan, of spreek af hoe de leerling daarna weer alle lessen volgt."
    );
    assert_eq!(r[0].arrangement, ArrangementId::from_u128(9));
    assert_eq!(r[0].pupils, a.pupils);
    assert_eq!(r[0].basis[1].key(), "continuum-beleid: herinneringstermijn");
    let json = serde_json::to_value(&r[0]).unwrap();
    assert_eq!(json["kind"], "onderwijstijd_ontheffing");
    assert_eq!(json["ends_on"], "2027-07-31");

    let mut g = a.clone();
    g.kind = ArrangementKind::Individueel;
    g.reduced_time = None;
    g.partners = vec![OrgId::from_u128(20)];
    let r = expiry_reminders([(ArrangementId::from_u128(9), &g)], d(2027, 7, 31), &p).unwrap();
    assert_eq!(
        r[0].message,
        "Het individuele onderwijszorgarrangement loopt vandaag af (31 juli 2027). Spreek met de partners af of en hoe het verdergaat."
    );
}

#[test]
fn a_too_long_permission_is_explained_with_its_last_allowed_day() {
    let p = Params::embedded().unwrap();
    let mut a = reduced_time();
    a.period = Period::new(d(2026, 8, 1), Some(d(2027, 12, 31))).unwrap();
    a.reduced_time.as_mut().unwrap().permissions = vec![permission(d(2026, 8, 1), d(2027, 12, 31))];
    let e = validate_arrangement(&a, d(2026, 9, 1), &p).unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].message,
        "Een toestemming van de inspectie geldt voor ten hoogste één schooljaar: deze kan lopen tot en met 31 juli 2027. Vraag daarna een nieuwe toestemming aan."
    );
}

#[test]
fn the_longest_permission_comes_from_the_parameter_file() {
    let original = include_str!("../../../../params/arrangementen.toml");
    let old = "from = 2018-08-01\nvalue = 1\n";
    assert!(original.contains(old), "arrangementen.toml changed shape");
    let new = "from = 2018-08-01\nuntil = 2027-07-31\nvalue = 1\ncite = { policy = \"seed 000\" }\n\
               [[ontheffing_max_duration.values]]\nfrom = 2027-08-01\nvalue = 2\n";
    let p =
        crate::params::embedded_with("arrangementen.toml", &original.replace(old, new)).unwrap();
    let mut a = reduced_time();
    a.period = Period::new(d(2026, 8, 1), Some(d(2028, 7, 31))).unwrap();
    a.reduced_time.as_mut().unwrap().permissions = vec![permission(d(2026, 8, 1), d(2028, 7, 31))];
    assert_eq!(
        validate_arrangement(&a, d(2027, 7, 31), &p).unwrap().len(),
        1
    );
    assert_eq!(validate_arrangement(&a, d(2027, 8, 1), &p).unwrap(), vec![]);
}

#[test]
fn before_the_first_value_of_the_lead_time_the_answer_is_an_error_not_a_default() {
    let p = Params::embedded().unwrap();
    let a = reduced_time();
    let err =
        expiry_reminders([(ArrangementId::from_u128(1), &a)], d(2018, 7, 31), &p).unwrap_err();
    assert_eq!(err.code(), "params.geen_periode");
}

#[test]
fn the_new_parameters_load_with_their_values_and_citations() {
    let p = Params::embedded().unwrap();
    let on = d(2026, 9, 1);
    let a = &p.arrangementen;
    let v = a.ontheffing_max_duration.at(on).unwrap();
    assert_eq!((v.value, v.cite.key()), (1, "seed 000".to_owned()));
    let v = a.expiry_reminder.at(on).unwrap();
    assert_eq!(v.value, 8);
    assert!(v.cite.key().starts_with("continuum-beleid"));
    let v = &p.vrijstelling;
    assert_eq!(v.renewal_reminder.at(on).unwrap().value, 8);
    assert_eq!(v.evaluation_reminder.at(on).unwrap().value, 4);
}
