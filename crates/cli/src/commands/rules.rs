//! `continuum rules <rule> [FILE]`: evaluates a rule for one case (a JSON object) or many
//! (JSON Lines, a JSON array, or CSV) without a server, and writes one JSON answer per
//! case — with the reasoning and its legal basis when `--trace` is given. The first bad
//! case stops the run with `FILE:LINE: field: reason`. Formats: docs/formats/rules.md.

use anyhow::Context;
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};
use continuum_rules::leerplichtwet::{
    LeerplichtFacts, LeerplichtStatus, SchoolYearsAttended, Uitstroomprofiel, leerplicht_status,
};
use continuum_rules::{NoTrace, Params, Trace};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The rule to evaluate.
    #[arg(value_enum)]
    pub rule: Rule,
    /// Cases: a .json file (one object or an array), .jsonl (one object per line) or .csv;
    /// `-` or nothing for JSON Lines on standard input.
    pub file: Option<PathBuf>,
    /// Evaluation date for cases that do not give their own `on` (default: today).
    #[arg(long)]
    pub on: Option<Date>,
    /// Add the reasoning, step by step with its legal basis, to every answer.
    #[arg(long)]
    pub trace: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
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

/// A case of the rules that take a JSON object: `{"id", "on", "case": {…}}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wrapped {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    on: Option<Date>,
    case: serde_json::Value,
}

/// The answer of such a rule, with its reasoning on request.
#[derive(Serialize)]
struct WrappedAnswer {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    on: Date,
    answer: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<continuum_rules::Step>>,
}

/// Runs `$eval` with a full trace when asked, else with `NoTrace` (which builds nothing).
macro_rules! traced {
    ($with:expr, |$t:ident| $eval:expr) => {
        if $with {
            let mut $t = Trace::default();
            $eval.map(|a| (a, Some(std::mem::take(&mut $t.steps))))
        } else {
            let mut $t = NoTrace;
            $eval.map(|a| (a, None))
        }
    };
}

fn input<T: serde::de::DeserializeOwned>(
    label: &str,
    line: u64,
    v: serde_json::Value,
) -> anyhow::Result<T> {
    serde_json::from_value(v).map_err(|e| {
        bad(
            label,
            line,
            &format!("case.{}", field_of(&e.to_string())),
            e,
        )
    })
}

/// The field a serde message names (`unknown field `x``, `missing field `x``).
fn field_of(msg: &str) -> String {
    msg.split('`').nth(1).map(str::to_owned).unwrap_or_default()
}

fn eval_wrapped(
    rule: Rule,
    label: &str,
    line: u64,
    case: serde_json::Value,
    on: Date,
    p: &Params,
    with_trace: bool,
) -> anyhow::Result<(serde_json::Value, Option<Vec<continuum_rules::Step>>)> {
    use continuum_rules::emb::{EmbClaim, allocate_emb};
    use continuum_rules::leerplichtwet::{VrijstellingRequest, check_vrijstelling};
    use continuum_rules::passend_onderwijs::{TlvFacts, check_tlv};
    use continuum_rules::voorliggendheid::{ResponsibilityFacts, responsibility};
    let err = |e| rule_error(label, line, e);
    Ok(match rule {
        Rule::AanZet => {
            let facts: ResponsibilityFacts = input(label, line, case)?;
            let (r, steps) =
                traced!(with_trace, |t| responsibility(&facts, on, p, &mut t)).map_err(err)?;
            let answer = serde_json::json!({
                "domain": r.domain, "domainLabel": r.domain.label(), "payer": r.payer, "route": r.route,
                "hasIndication": r.has_indication, "contact": r.contact(),
            });
            (answer, steps)
        }
        Rule::Emb => {
            let claims: Vec<EmbClaim> = input(label, line, case)?;
            let (a, steps) =
                traced!(with_trace, |t| allocate_emb(&claims, on, p, &mut t)).map_err(err)?;
            (serde_json::to_value(a)?, steps)
        }
        Rule::Vrijstelling => {
            let req: VrijstellingRequest = input(label, line, case)?;
            let (a, steps) =
                traced!(with_trace, |t| check_vrijstelling(&req, on, p, &mut t)).map_err(err)?;
            (serde_json::to_value(a)?, steps)
        }
        Rule::Tlv => {
            let tlv: TlvFacts = input(label, line, case)?;
            let (a, steps) =
                traced!(with_trace, |t| check_tlv(&tlv, on, p, &mut t)).map_err(err)?;
            (serde_json::to_value(a)?, steps)
        }
        Rule::Leerplicht => {
            anyhow::bail!("leerplicht heeft zijn eigen invoer (zie docs/formats/rules.md)")
        }
    })
}

/// Reads `{"id", "on", "case"}` objects: a JSON document (one or an array) or JSON Lines.
fn read_wrapped(label: &str, text: &str) -> anyhow::Result<Vec<Located<Wrapped>>> {
    let mut out = Vec::new();
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || label.ends_with(".json") {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(label, e.line() as u64, "document", e))?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for (i, item) in items.into_iter().enumerate() {
            let case: Wrapped = serde_json::from_value(item)
                .map_err(|e| bad(label, 0, &format!("[{i}].{}", field_of(&e.to_string())), e))?;
            out.push(Located { line: 0, case });
        }
        return Ok(out);
    }
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let case: Wrapped =
            serde_json::from_str(line).map_err(|e| bad(label, n, &field_of(&e.to_string()), e))?;
        out.push(Located { line: n, case });
    }
    Ok(out)
}

/// A case for the leerplicht rule, after reading.
struct LeerplichtCase {
    /// The caller's own reference, copied into the answer.
    id: Option<String>,
    on: Option<Date>,
    facts: LeerplichtFacts,
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

#[derive(Serialize)]
struct LeerplichtAnswer {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    on: Date,
    status: String,
    /// The period the status holds.
    from: Date,
    until: Option<Date>,
    leerplicht: PeriodOut,
    kwalificatieplicht: Option<PeriodOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<continuum_rules::Step>>,
}

/// A case with where it came from, for error messages.
struct Located<T> {
    line: u64,
    case: T,
}

fn bad(file: &str, line: u64, field: &str, reason: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(continuum_import::ImportError {
        file: file.to_owned(),
        line,
        field: field.to_owned(),
        reason: reason.to_string()
    })
}

/// The fields of a leerplicht case, the same in CSV (header) and JSON (keys).
const FIELDS: [&str; 9] = [
    "id",
    "on",
    "birth_date",
    "full_school_years",
    "by_end_of",
    "primary_school_finished_early",
    "startkwalificatie_on",
    "vso_uitstroomprofiel",
    "praktijkonderwijs_diploma_on",
];

/// Builds a case from its fields as text; an error names the field and the reason.
fn case_from_fields(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<LeerplichtCase, (String, String)> {
    let err = |f: &str, r: String| (f.to_owned(), r);
    let date = |f: &str| -> Result<Option<Date>, (String, String)> {
        get(f)
            .map(|v| {
                v.parse::<Date>()
                    .map_err(|_| err(f, format!("'{v}' is geen bestaande datum (JJJJ-MM-DD)")))
            })
            .transpose()
    };
    let year = |f: &str| -> Result<Option<SchoolYear>, (String, String)> {
        get(f)
            .map(|v| {
                SchoolYear::parse(&v)
                    .ok_or_else(|| err(f, format!("'{v}' is geen schooljaar (bijv. 2025-2026)")))
            })
            .transpose()
    };
    let birth_date = date("birth_date")?.ok_or_else(|| err("birth_date", "verplicht".into()))?;
    let full = get("full_school_years")
        .map(|v| {
            v.parse::<u32>()
                .map_err(|_| err("full_school_years", format!("'{v}' is geen aantal")))
        })
        .transpose()?;
    let school_years = match (full, year("by_end_of")?) {
        (None, None) => None,
        (Some(full_years), Some(by_end_of)) => Some(SchoolYearsAttended {
            full_years,
            by_end_of,
        }),
        (Some(_), None) => {
            return Err(err(
                "by_end_of",
                "hoort bij full_school_years: tot en met welk schooljaar?".into(),
            ));
        }
        (None, Some(_)) => return Err(err("full_school_years", "hoort bij by_end_of".into())),
    };
    let profile = match get("vso_uitstroomprofiel").as_deref() {
        None => None,
        Some("vervolgonderwijs") => Some(Uitstroomprofiel::Vervolgonderwijs),
        Some("arbeidsmarkt") => Some(Uitstroomprofiel::Arbeidsmarkt),
        Some("dagbesteding") => Some(Uitstroomprofiel::Dagbesteding),
        Some(v) => {
            return Err(err(
                "vso_uitstroomprofiel",
                format!("'{v}' is onbekend; kies vervolgonderwijs, arbeidsmarkt of dagbesteding"),
            ));
        }
    };
    Ok(LeerplichtCase {
        id: get("id"),
        on: date("on")?,
        facts: LeerplichtFacts {
            birth_date,
            school_years,
            primary_school_finished_early: year("primary_school_finished_early")?,
            startkwalificatie_on: date("startkwalificatie_on")?,
            vso_uitstroomprofiel: profile,
            praktijkonderwijs_diploma_on: date("praktijkonderwijs_diploma_on")?,
        },
    })
}

fn unknown_field(name: &str) -> (String, String) {
    (
        name.to_owned(),
        format!("onbekend veld; bekend zijn {}", FIELDS.join(", ")),
    )
}

/// One JSON object as a case; `prefix` places the field inside an array.
fn case_from_json(
    value: &serde_json::Value,
    prefix: &str,
) -> Result<LeerplichtCase, (String, String)> {
    let obj = value
        .as_object()
        .ok_or_else(|| (format!("{prefix}case"), "verwacht een object".to_owned()))?;
    if let Some(k) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        let (f, r) = unknown_field(k);
        return Err((format!("{prefix}{f}"), r));
    }
    let get = |f: &str| match obj.get(f) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s.trim().to_owned()),
        Some(other) => Some(other.to_string()),
    };
    case_from_fields(&get).map_err(|(f, r)| (format!("{prefix}{f}"), r))
}

fn read_cases(
    label: &str,
    text: &str,
    csv_input: bool,
) -> anyhow::Result<Vec<Located<LeerplichtCase>>> {
    let mut out = Vec::new();
    if csv_input {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| bad(label, 1, "kopregel", e))?
            .clone();
        if let Some(h) = headers.iter().find(|h| !FIELDS.contains(h)) {
            let (f, r) = unknown_field(h);
            return Err(bad(label, 1, &f, r));
        }
        for record in reader.records() {
            let record =
                record.map_err(|e| bad(label, e.position().map_or(0, |p| p.line()), "rij", e))?;
            let line = record.position().map_or(0, |p| p.line());
            let get = |f: &str| {
                headers
                    .iter()
                    .position(|h| h == f)
                    .and_then(|i| record.get(i))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            let case = case_from_fields(&get).map_err(|(f, r)| bad(label, line, &f, r))?;
            out.push(Located { line, case });
        }
        return Ok(out);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || label.ends_with(".json") {
        // One JSON document: an object or an array of objects.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| bad(label, e.line() as u64, "document", e))?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for (i, item) in items.iter().enumerate() {
            let case =
                case_from_json(item, &format!("[{i}].")).map_err(|(f, r)| bad(label, 0, &f, r))?;
            out.push(Located { line: 0, case });
        }
        return Ok(out);
    }
    for (i, line) in text.lines().enumerate() {
        let n = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(label, n, "regel", e))?;
        let case = case_from_json(&value, "").map_err(|(f, r)| bad(label, n, &f, r))?;
        out.push(Located { line: n, case });
    }
    Ok(out)
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let (label, text) = match &args.file {
        Some(p) if p.as_os_str() != "-" => (
            p.display().to_string(),
            std::fs::read_to_string(p).with_context(|| p.display().to_string())?,
        ),
        _ => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s)?;
            ("<stdin>".to_owned(), s)
        }
    };
    let csv_input = label.ends_with(".csv");
    let params = Params::embedded()?;
    let today = args.on.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive()
    });
    if args.rule != Rule::Leerplicht {
        if csv_input {
            return Err(bad(
                &label,
                0,
                "bestand",
                "CSV alleen voor leerplicht; gebruik JSON of JSON Lines",
            ));
        }
        let mut answers = Vec::new();
        for Located { line, case } in read_wrapped(&label, &text)? {
            let on = case.on.unwrap_or(today);
            let (answer, trace) =
                eval_wrapped(args.rule, &label, line, case.case, on, &params, args.trace)?;
            answers.push(WrappedAnswer {
                id: case.id,
                on,
                answer,
                trace,
            });
        }
        return write_lines(&answers);
    }
    let cases = read_cases(&label, &text, csv_input)?;
    let bar = ProgressBar::new(cases.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} gevallen {per_sec}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Evaluate everything first: a bad case stops the run before any answer is written.
    let mut answers = Vec::with_capacity(cases.len());
    for Located { line, case } in cases {
        let on = case.on.unwrap_or(today);
        let (answer, steps): (LeerplichtStatus, Option<Vec<_>>) = if args.trace {
            let mut t = Trace::default();
            let a = leerplicht_status(&case.facts, on, &params, &mut t)
                .map_err(|e| rule_error(&label, line, e))?;
            (a, Some(t.steps))
        } else {
            (
                leerplicht_status(&case.facts, on, &params, &mut NoTrace)
                    .map_err(|e| rule_error(&label, line, e))?,
                None,
            )
        };
        answers.push(LeerplichtAnswer {
            id: case.id,
            on,
            status: serde_json::to_value(answer.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            from: answer.period.start(),
            until: answer.period.end(),
            leerplicht: answer.leerplicht.into(),
            kwalificatieplicht: answer.kwalificatieplicht.map(Into::into),
            trace: steps,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    write_lines(&answers)
}

/// Writes every answer as one JSON line.
fn write_lines<T: Serialize>(answers: &[T]) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for answer in answers {
        serde_json::to_writer(&mut out, answer)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn rule_error(file: &str, line: u64, e: continuum_rules::RuleError) -> anyhow::Error {
    match &e {
        continuum_rules::RuleError::InvalidInput { field, reason } => {
            bad(file, line, field, reason)
        }
        continuum_rules::RuleError::NoPeriod { .. } => bad(file, line, "on", &e),
        #[allow(unreachable_patterns)] // RuleError may grow
        _ => bad(file, line, "case", &e),
    }
}
