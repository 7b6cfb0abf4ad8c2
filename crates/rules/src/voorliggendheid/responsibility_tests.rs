#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::params::Params;
use crate::trace::{NoTrace, Trace};
use crate::voorliggendheid::facts::ZioAgreementRef;
use continuum_domain::ids::OrgId;
use serde::Deserialize;
use std::sync::OnceLock;

/// A stable id per name, so cases can speak of organisations by name.
fn org(name: &str) -> OrgId {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    OrgId::from_u128(u128::from(hash) << 64 | u128::from(hash.rotate_left(17)))
}

fn party(name: &str) -> Party {
    Party {
        id: org(name),
        name: name.to_owned(),
    }
}

fn params() -> &'static Params {
    static P: OnceLock<Params> = OnceLock::new();
    P.get_or_init(|| Params::embedded().unwrap())
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
    need: NeedCategory,
    #[serde(default)]
    education_related: bool,
    #[serde(default)]
    medical: bool,
    #[serde(default)]
    indications: Vec<CaseIndication>,
    #[serde(default)]
    agreements: Vec<CaseAgreement>,
    municipality: Option<String>,
    insurer: Option<String>,
    zorgkantoor: Option<String>,
    school: Option<String>,
    swv: Option<String>,
    #[serde(default)]
    missing: Vec<String>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseIndication {
    law: CareLaw,
    funder: String,
    delivery: DeliveryForm,
    category: NeedCategory,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseAgreement {
    name: String,
    funders: Vec<String>,
    categories: Vec<NeedCategory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    domain: Option<Domain>,
    payer: Option<String>,
    payer_kind: Option<String>,
    route: Option<String>,
    contact: Option<String>,
    #[serde(default)]
    cites: Vec<String>,
    error: Option<String>,
    error_text: Option<String>,
}

impl Case {
    fn facts(&self) -> ResponsibilityFacts {
        let known = |field: &str, name: &Option<String>, default: &str| {
            let missing = self.missing.iter().any(|m| m == field);
            (!missing).then(|| std::sync::Arc::new(party(name.as_deref().unwrap_or(default))))
        };
        ResponsibilityFacts {
            need: Need {
                category: self.need,
                education_related: self.education_related,
                medical: self.medical,
            },
            birth_date: self.birth_date.0,
            indications: self
                .indications
                .iter()
                .map(|i| IndicationRef {
                    law: i.law,
                    funder: org(&i.funder),
                    delivery: i.delivery,
                    category: i.category,
                })
                .collect(),
            municipality: known("municipality", &self.municipality, "Tilburg"),
            insurer: known("insurer", &self.insurer, "CZ"),
            zorgkantoor: known(
                "zorgkantoor",
                &self.zorgkantoor,
                "Zorgkantoor Midden-Brabant",
            ),
            school: known("school", &self.school, "De Bolster"),
            swv: known("swv", &self.swv, "Plein013"),
            zio_agreements: self
                .agreements
                .iter()
                .map(|a| ZioAgreementRef {
                    name: a.name.clone(),
                    funders: a.funders.iter().map(|f| org(f)).collect(),
                    categories: a.categories.clone(),
                })
                .collect(),
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
        let facts = self.facts();
        let p = params();
        let mut trace = Trace::new();
        let got = responsibility(&facts, self.on.0, p, &mut trace);
        let untraced = responsibility(&facts, self.on.0, p, &mut NoTrace);
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
        let mut expect = |what: &str, want: Option<String>, got: String| {
            if let Some(want) = want.filter(|w| *w != got) {
                wrong.push(format!("{what}: expected {want}, got {got}"));
            }
        };
        let code = |v: serde_json::Value| v.as_str().unwrap_or_default().to_owned();
        expect(
            "domain",
            e.domain.map(|d| format!("{d:?}")),
            format!("{:?}", answer.domain),
        );
        expect("payer", e.payer.clone(), answer.payer.name.to_owned());
        expect(
            "payer_kind",
            e.payer_kind.clone(),
            code(serde_json::to_value(answer.payer.kind).unwrap()),
        );
        expect("route", e.route.clone(), answer.route.code().to_owned());
        expect("contact", e.contact.clone(), answer.contact());
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_responsibility_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("responsibility.cases.toml")).unwrap();
    cases::run_all("responsibility.cases.toml", &file.case, 30);
}

fn jeugdwet_case() -> ResponsibilityFacts {
    ResponsibilityFacts {
        need: Need {
            category: NeedCategory::Begeleiding,
            education_related: false,
            medical: false,
        },
        birth_date: Date::from_ymd_opt(2016, 5, 10).unwrap(),
        indications: vec![],
        municipality: Some(std::sync::Arc::new(party("Tilburg"))),
        insurer: Some(std::sync::Arc::new(party("CZ"))),
        zorgkantoor: None,
        school: Some(std::sync::Arc::new(party("De Bolster"))),
        swv: Some(std::sync::Arc::new(party("Plein013"))),
        zio_agreements: vec![],
    }
}

#[test]
fn every_step_walks_the_order_and_links_to_the_law_text_of_the_evaluation_date() {
    let on = Date::from_ymd_opt(2026, 9, 1).unwrap();
    let mut trace = Trace::new();
    responsibility(&jeugdwet_case(), on, params(), &mut trace).unwrap();
    let questions: Vec<&str> = trace.steps.iter().map(|s| s.description.as_str()).collect();
    assert_eq!(questions.len(), 6, "{questions:?}");
    assert!(questions[0].contains("onderwijs"));
    assert!(questions[1].contains("Wlz"));
    assert!(questions[2].contains("verpleging"));
    assert!(questions[3].contains("jeugdige"));
    assert!(trace.steps.iter().all(|s| !s.outcome.is_empty()));
    assert_eq!(
        trace.steps[3].basis.url(on).unwrap(),
        "https://wetten.overheid.nl/BWBR0034925/2026-01-01#Artikel1.1"
    );
}

#[test]
fn the_answer_serialises_with_the_contact_sentence() {
    let on = Date::from_ymd_opt(2026, 9, 1).unwrap();
    let facts = jeugdwet_case();
    let answer = responsibility(&facts, on, params(), &mut NoTrace).unwrap();
    let json = serde_json::to_value(answer).unwrap();
    assert_eq!(json["domain"], "jeugdwet");
    assert_eq!(json["payer"]["kind"], "gemeente");
    assert_eq!(json["payer"]["name"], "Tilburg");
    assert_eq!(json["route"]["kind"], "individueel_zin");
    assert_eq!(
        json["contact"],
        "Neem contact op met de gemeente Tilburg (Jeugdwet). Vraag daar hulp voor uw kind aan."
    );
}

#[test]
fn the_input_reads_from_json_and_refuses_unknown_need_categories() {
    let json = r#"{"need":{"category":"begeleiding"},"birth_date":"2016-05-10",
        "municipality":{"id":"0195f0c4-0000-7000-8000-000000000001","name":"Tilburg"},
        "insurer":null,"zorgkantoor":null,"school":null,"swv":null}"#;
    let facts: ResponsibilityFacts = serde_json::from_str(json).unwrap();
    assert_eq!(facts.need.category, NeedCategory::Begeleiding);
    let bad = json.replace("begeleiding", "bestaat_niet");
    let err = serde_json::from_str::<ResponsibilityFacts>(&bad).unwrap_err();
    assert!(err.to_string().contains("unknown variant"), "{err}");
}

/// Raising the Jeugdwet age limit to 21 from 2027-01-01 in the parameter file — no code
/// change — keeps a 19-year-old under the Jeugdwet from that day.
#[test]
fn a_changed_age_limit_takes_effect_on_its_date_without_code_change() {
    let original = include_str!("../../../../params/jeugdwet.toml");
    let old = "from = 2015-01-01                   # Jeugdwet in force\nvalue = 18\n";
    assert!(original.contains(old), "jeugdwet.toml changed shape");
    let new = "from = 2015-01-01\nuntil = 2026-12-31\nvalue = 18\ncite = { article = \"1.1\" }\n\
               [[jeugdige_age_limit.values]]\nfrom = 2027-01-01\nvalue = 21\n";
    let p = crate::params::embedded_with("jeugdwet.toml", &original.replace(old, new)).unwrap();
    let mut facts = jeugdwet_case();
    facts.birth_date = Date::from_ymd_opt(2007, 6, 1).unwrap();
    let before = Date::from_ymd_opt(2026, 12, 31).unwrap();
    let after = Date::from_ymd_opt(2027, 1, 1).unwrap();
    let domain = |on| responsibility(&facts, on, &p, &mut NoTrace).unwrap().domain;
    assert_eq!(domain(before), Domain::Wmo);
    assert_eq!(domain(after), Domain::Jeugdwet);
}
