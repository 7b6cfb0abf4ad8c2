//! Cases given as JSON, answers written as JSON: the one entry that `continuum rules …` and
//! the API's `POST /rules/{rule}/evaluations` share, so both read the same case the same way
//! and refuse the same bad input with the same field name. Formats: docs/formats/rules.md.

use crate::error::RuleError;
use crate::leerplichtwet::{
    LeerplichtFacts, LeerplichtStatus, SchoolYearsAttended, Uitstroomprofiel, leerplicht_status,
};
use crate::params::Params;
use crate::trace::{NoTrace, Step, Trace};
use crate::{Citation, emb, leerplichtwet, passend_onderwijs, voorliggendheid};
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// The rules that can be evaluated on a case given as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RuleName {
    /// Leerplicht and kwalificatieplicht status (Leerplichtwet 1969 art. 3, 4a, 4b).
    Leerplicht,
    /// Wie is aan zet: law, payer, route and contact for a need (DOMAIN §3.3).
    AanZet,
    /// EMB-regeling: a year's budget over the EMB pupils, exact to the cent.
    Emb,
    /// Exemption 5 onder a: is the request complete and lawful?
    Vrijstelling,
    /// TLV: validity and category checks.
    Tlv,
}

impl RuleName {
    pub const ALL: [RuleName; 5] = [
        RuleName::Leerplicht,
        RuleName::AanZet,
        RuleName::Emb,
        RuleName::Vrijstelling,
        RuleName::Tlv,
    ];

    /// The name on the command line and in the API path.
    pub fn code(self) -> &'static str {
        match self {
            RuleName::Leerplicht => "leerplicht",
            RuleName::AanZet => "aan-zet",
            RuleName::Emb => "emb",
            RuleName::Vrijstelling => "vrijstelling",
            RuleName::Tlv => "tlv",
        }
    }

    pub fn parse(code: &str) -> Option<RuleName> {
        RuleName::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl fmt::Display for RuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a case cannot be evaluated: the field (a path inside the case, `need.category`,
/// `birth_date`; `on` for the evaluation date) and the reason, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseError {
    pub field: String,
    pub reason: String,
}

impl CaseError {
    fn new(field: impl Into<String>, reason: impl Into<String>) -> CaseError {
        CaseError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl From<RuleError> for CaseError {
    fn from(e: RuleError) -> CaseError {
        match &e {
            RuleError::InvalidInput { field, reason } => CaseError::new(*field, reason.clone()),
            RuleError::NoPeriod { .. } => CaseError::new("on", e.to_string()),
        }
    }
}

/// One step of the reasoning as written out: the step, its basis in words
/// (`Leerplichtwet 1969, art. 3 lid 1 (BWBR0002628)`) and the link to the text of the law
/// valid on the evaluation date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceStep {
    pub description: String,
    pub inputs: Vec<(String, String)>,
    pub outcome: String,
    pub basis: Citation,
    pub cited: String,
    pub url: Option<String>,
}

/// The steps of a trace with their links for `on`.
pub fn trace_steps(steps: Vec<Step>, on: Date) -> Vec<TraceStep> {
    steps
        .into_iter()
        .map(|s| TraceStep {
            cited: s.basis.to_string(),
            url: s.basis.url(on),
            description: s.description,
            inputs: s.inputs,
            outcome: s.outcome,
            basis: s.basis,
        })
        .collect()
}

/// A rule's answer, with the reasoning when it was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub answer: Value,
    pub trace: Option<Vec<TraceStep>>,
}

/// Runs `$eval` with a full trace when asked, else with `NoTrace` (which builds nothing).
macro_rules! traced {
    ($with:expr, $on:expr, |$t:ident| $eval:expr) => {
        if $with {
            let mut $t = Trace::default();
            $eval.map(|a| (a, Some(trace_steps(std::mem::take(&mut $t.steps), $on))))
        } else {
            let mut $t = NoTrace;
            $eval.map(|a| (a, None))
        }
    };
}

/// Reads `case` as the input of `rule` and evaluates it on `on`. Unknown fields, missing
/// fields and wrong values are refused with the field's name.
pub fn evaluate(
    rule: RuleName,
    case: Value,
    on: Date,
    p: &Params,
    with_trace: bool,
) -> Result<Evaluated, CaseError> {
    let to_json = |v: Result<Value, serde_json::Error>| {
        v.map_err(|e| CaseError::new("answer", format!("niet te schrijven: {e}")))
    };
    let (answer, trace) = match rule {
        RuleName::Leerplicht => {
            let facts = leerplicht_facts_from_json(&case)?;
            let (a, trace) = traced!(with_trace, on, |t| leerplicht_status(&facts, on, p, &mut t))?;
            (leerplicht_answer(&a), trace)
        }
        RuleName::AanZet => {
            let facts: voorliggendheid::ResponsibilityFacts = typed(case)?;
            let (r, trace) = traced!(with_trace, on, |t| voorliggendheid::responsibility(
                &facts, on, p, &mut t
            ))?;
            let answer = serde_json::json!({
                "domain": r.domain, "domainLabel": r.domain.label(), "payer": r.payer,
                "route": r.route, "hasIndication": r.has_indication, "contact": r.contact(),
            });
            (answer, trace)
        }
        RuleName::Emb => {
            let claims: Vec<emb::EmbClaim> = typed(case)?;
            let (a, trace) = traced!(with_trace, on, |t| emb::allocate_emb(
                &claims, on, p, &mut t
            ))?;
            (to_json(serde_json::to_value(a))?, trace)
        }
        RuleName::Vrijstelling => {
            let req: leerplichtwet::VrijstellingRequest = typed(case)?;
            let (a, trace) = traced!(with_trace, on, |t| leerplichtwet::check_vrijstelling(
                &req, on, p, &mut t
            ))?;
            (to_json(serde_json::to_value(a))?, trace)
        }
        RuleName::Tlv => {
            let tlv: passend_onderwijs::TlvFacts = typed(case)?;
            let (a, trace) = traced!(with_trace, on, |t| passend_onderwijs::check_tlv(
                &tlv, on, p, &mut t
            ))?;
            (to_json(serde_json::to_value(a))?, trace)
        }
    };
    Ok(Evaluated { answer, trace })
}

/// A case in the shape of the rule's Rust type (snake_case, unknown fields refused).
fn typed<T: serde::de::DeserializeOwned>(case: Value) -> Result<T, CaseError> {
    serde_path_to_error::deserialize(case).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.into_inner().to_string();
        // serde names a missing or unknown field between backticks; the path ends at its parent.
        let named = msg.split('`').nth(1).filter(|_| msg.contains(" field `"));
        let field = match (path.as_str(), named) {
            (".", Some(f)) => f.to_owned(),
            (".", None) => "case".to_owned(),
            (p, Some(f)) if !p.ends_with(f) => format!("{p}.{f}"),
            (p, _) => p.to_owned(),
        };
        CaseError::new(field, translate(&msg))
    })
}

/// serde's English messages, in the words a Dutch user reads.
fn translate(msg: &str) -> String {
    if msg.starts_with("unknown field") {
        let expected = msg
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .replace('`', "")
            .replace("one of ", "");
        format!("onbekend veld; bekend zijn: {expected}")
    } else if msg.starts_with("missing field") {
        "verplicht veld ontbreekt".to_owned()
    } else if msg.starts_with("unknown variant") {
        let (got, expected) = (
            msg.split('`').nth(1).unwrap_or(""),
            msg.split("expected ")
                .nth(1)
                .unwrap_or("")
                .replace('`', "")
                .replace("one of ", ""),
        );
        format!("'{got}' is onbekend; kies uit: {expected}")
    } else {
        format!("ongeldige waarde ({msg})")
    }
}

/// The fields of a leerplicht case, the same in CSV (header) and JSON (keys). `id` and `on`
/// belong to the case's envelope, not to the facts.
pub const LEERPLICHT_FIELDS: [&str; 7] = [
    "birth_date",
    "full_school_years",
    "by_end_of",
    "primary_school_finished_early",
    "startkwalificatie_on",
    "vso_uitstroomprofiel",
    "praktijkonderwijs_diploma_on",
];

/// The facts of a leerplicht case from its fields as text (a CSV row, a JSON object).
pub fn leerplicht_facts(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<LeerplichtFacts, CaseError> {
    let date = |f: &str| -> Result<Option<Date>, CaseError> {
        get(f)
            .map(|v| {
                v.parse::<Date>().map_err(|_| {
                    CaseError::new(f, format!("'{v}' is geen bestaande datum (JJJJ-MM-DD)"))
                })
            })
            .transpose()
    };
    let year = |f: &str| -> Result<Option<SchoolYear>, CaseError> {
        get(f)
            .map(|v| {
                SchoolYear::parse(&v).ok_or_else(|| {
                    CaseError::new(f, format!("'{v}' is geen schooljaar (bijv. 2025-2026)"))
                })
            })
            .transpose()
    };
    let birth_date =
        date("birth_date")?.ok_or_else(|| CaseError::new("birth_date", "verplicht"))?;
    let full = get("full_school_years")
        .map(|v| {
            v.parse::<u32>()
                .map_err(|_| CaseError::new("full_school_years", format!("'{v}' is geen aantal")))
        })
        .transpose()?;
    let school_years = match (full, year("by_end_of")?) {
        (None, None) => None,
        (Some(full_years), Some(by_end_of)) => Some(SchoolYearsAttended {
            full_years,
            by_end_of,
        }),
        (Some(_), None) => {
            return Err(CaseError::new(
                "by_end_of",
                "hoort bij full_school_years: tot en met welk schooljaar?",
            ));
        }
        (None, Some(_)) => {
            return Err(CaseError::new("full_school_years", "hoort bij by_end_of"));
        }
    };
    let profile = match get("vso_uitstroomprofiel").as_deref() {
        None => None,
        Some("vervolgonderwijs") => Some(Uitstroomprofiel::Vervolgonderwijs),
        Some("arbeidsmarkt") => Some(Uitstroomprofiel::Arbeidsmarkt),
        Some("dagbesteding") => Some(Uitstroomprofiel::Dagbesteding),
        Some(v) => {
            return Err(CaseError::new(
                "vso_uitstroomprofiel",
                format!("'{v}' is onbekend; kies vervolgonderwijs, arbeidsmarkt of dagbesteding"),
            ));
        }
    };
    Ok(LeerplichtFacts {
        birth_date,
        school_years,
        primary_school_finished_early: year("primary_school_finished_early")?,
        startkwalificatie_on: date("startkwalificatie_on")?,
        vso_uitstroomprofiel: profile,
        praktijkonderwijs_diploma_on: date("praktijkonderwijs_diploma_on")?,
    })
}

/// A leerplicht case as a JSON object of `LEERPLICHT_FIELDS` (strings, numbers or null).
pub fn leerplicht_facts_from_json(case: &Value) -> Result<LeerplichtFacts, CaseError> {
    let obj = case
        .as_object()
        .ok_or_else(|| CaseError::new("case", "verwacht een object"))?;
    if let Some(k) = obj
        .keys()
        .find(|k| !LEERPLICHT_FIELDS.contains(&k.as_str()))
    {
        return Err(unknown_leerplicht_field(k));
    }
    let get = |f: &str| match obj.get(f) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_owned()),
        Some(other) => Some(other.to_string()),
    };
    leerplicht_facts(&get)
}

/// The error for a field a leerplicht case does not know.
pub fn unknown_leerplicht_field(name: &str) -> CaseError {
    CaseError::new(
        name,
        format!(
            "onbekend veld; bekend zijn {}",
            LEERPLICHT_FIELDS.join(", ")
        ),
    )
}

#[derive(Serialize)]
struct PeriodOut {
    start: Date,
    end: Option<Date>,
}

impl From<Period> for PeriodOut {
    fn from(p: Period) -> Self {
        PeriodOut {
            start: p.start(),
            end: p.end(),
        }
    }
}

/// The answer of the leerplicht rule: `status`, the period it holds (`from`, `until`), and
/// the whole leerplicht and kwalificatieplicht periods.
pub fn leerplicht_answer(a: &LeerplichtStatus) -> Value {
    serde_json::json!({
        "status": a.status,
        "from": a.period.start(),
        "until": a.period.end(),
        "leerplicht": PeriodOut::from(a.leerplicht),
        "kwalificatieplicht": a.kwalificatieplicht.map(PeriodOut::from),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn on() -> Date {
        Date::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn eval(rule: RuleName, case: Value) -> Result<Evaluated, CaseError> {
        evaluate(rule, case, on(), &Params::embedded().unwrap(), true)
    }

    #[test]
    fn a_leerplicht_case_gives_status_periods_and_linked_steps() {
        let e = eval(RuleName::Leerplicht, json!({"birth_date": "2016-03-14"})).unwrap();
        assert_eq!(e.answer["status"], "leerplichtig");
        assert_eq!(e.answer["leerplicht"]["start"], "2021-04-01");
        let trace = e.trace.unwrap();
        let first = &trace[0];
        assert_eq!(
            first.url.as_deref(),
            Some("https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3")
        );
        assert!(
            first.cited.starts_with("Leerplichtwet 1969, art. 3"),
            "{}",
            first.cited
        );
    }

    /// Point 6 of the rules issue: wrong input names the field.
    #[test]
    fn wrong_input_names_the_field() {
        let care = |need: Value, municipality: Value| {
            json!({
                "need": need, "birth_date": "2016-03-14",
                "municipality": municipality, "insurer": null, "zorgkantoor": null,
                "school": null, "swv": null, "zio_agreements": []
            })
        };
        let utrecht =
            json!({"id": "01890000-0000-7000-8000-000000000001", "name": "Gemeente Utrecht"});
        let cases: [(RuleName, Value, &str, &str); 9] = [
            (
                RuleName::Leerplicht,
                json!({"birth_date": "2016-02-30"}),
                "birth_date",
                "geen bestaande datum",
            ),
            (
                RuleName::Leerplicht,
                json!({"born": "2016-02-03"}),
                "born",
                "onbekend veld",
            ),
            (
                RuleName::Leerplicht,
                json!({"birth_date": "2016-02-03", "full_school_years": 3}),
                "by_end_of",
                "hoort bij",
            ),
            (
                RuleName::Leerplicht,
                json!({"birth_date": "2027-02-03"}),
                "on",
                "voor de geboortedatum",
            ),
            (
                RuleName::AanZet,
                care(json!({"category": "toveren"}), utrecht.clone()),
                "need.category",
                "'toveren' is onbekend",
            ),
            // An unknown municipality: none given while the need falls under the Jeugdwet.
            (
                RuleName::AanZet,
                care(json!({"category": "gedrag"}), Value::Null),
                "municipality",
                "ontbreekt",
            ),
            (
                RuleName::AanZet,
                care(
                    json!({"category": "gedrag"}),
                    json!({"id": "01890000-0000-7000-8000-000000000001", "name": " "}),
                ),
                "municipality.name",
                "naam",
            ),
            (
                RuleName::Tlv,
                json!({"unknown": 1}),
                "unknown",
                "onbekend veld",
            ),
            (
                RuleName::Tlv,
                json!({"category": "laag", "period": {"start": "2026-08-01", "end": "2026-07-31"}, "career_end": null}),
                "period",
                "ligt voor begindatum",
            ),
        ];
        for (rule, case, field, reason) in cases {
            let err = eval(rule, case.clone()).unwrap_err();
            assert_eq!(err.field, field, "{rule} {case}: {err}");
            assert!(err.reason.contains(reason), "{rule} {case}: {err}");
        }
    }

    #[test]
    fn a_date_outside_every_parameter_period_names_on() {
        let params = Params::embedded().unwrap();
        let long_ago = Date::from_ymd_opt(1950, 1, 1).unwrap();
        let err = evaluate(
            RuleName::Leerplicht,
            json!({"birth_date": "1940-01-01"}),
            long_ago,
            &params,
            false,
        )
        .unwrap_err();
        assert_eq!(err.field, "on");
        assert!(err.reason.contains("geen waarde van parameter"), "{err}");
    }

    #[test]
    fn rule_names_round_trip() {
        for r in RuleName::ALL {
            assert_eq!(RuleName::parse(r.code()), Some(r));
        }
        assert_eq!(RuleName::parse("toveren"), None);
    }
}
