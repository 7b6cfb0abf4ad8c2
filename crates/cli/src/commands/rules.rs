//! `continuum rules <rule> [FILE]`: evaluates a rule for one case (a JSON object) or many
//! (JSON Lines, a JSON array, or CSV) without a server, and writes one JSON answer per
//! case — with the reasoning and its legal basis when `--trace` is given. The first bad
//! case stops the run with `FILE:LINE: field: reason`. Formats: docs/formats/rules.md.

use anyhow::Context;
use continuum_domain::Date;
use continuum_rules::json::{
    CaseError, Evaluated, LEERPLICHT_FIELDS, RuleName, TraceStep, evaluate, leerplicht_answer,
    leerplicht_facts, trace_steps,
};
use continuum_rules::leerplichtwet::{LeerplichtBatch, LeerplichtFacts, leerplicht_status};
use continuum_rules::{Params, Trace};
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

impl Rule {
    fn name(self) -> RuleName {
        match self {
            Rule::Leerplicht => RuleName::Leerplicht,
            Rule::AanZet => RuleName::AanZet,
            Rule::Emb => RuleName::Emb,
            Rule::Vrijstelling => RuleName::Vrijstelling,
            Rule::Tlv => RuleName::Tlv,
        }
    }
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
    trace: Option<Vec<TraceStep>>,
}

/// The field a serde message names (`unknown field `x``, `missing field `x``).
fn field_of(msg: &str) -> String {
    msg.split('`').nth(1).map(str::to_owned).unwrap_or_default()
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

/// The answer of the leerplicht rule: the case's id and date, then the rule's answer.
#[derive(Serialize)]
struct LeerplichtAnswer {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    on: Date,
    #[serde(flatten)]
    answer: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<TraceStep>>,
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

/// `id` and `on`, then the facts: the columns of a leerplicht CSV, the keys of its JSON.
fn is_leerplicht_field(name: &str) -> bool {
    name == "id" || name == "on" || LEERPLICHT_FIELDS.contains(&name)
}

/// Builds a case from its fields as text; an error names the field and the reason.
fn case_from_fields(get: &dyn Fn(&str) -> Option<String>) -> Result<LeerplichtCase, CaseError> {
    let on = get("on")
        .map(|v| {
            v.parse::<Date>().map_err(|_| CaseError {
                field: "on".into(),
                reason: format!("'{v}' is geen bestaande datum (JJJJ-MM-DD)"),
            })
        })
        .transpose()?;
    Ok(LeerplichtCase {
        id: get("id"),
        on,
        facts: leerplicht_facts(get)?,
    })
}

/// One JSON object as a case; `prefix` places the field inside an array.
fn case_from_json(value: &serde_json::Value, prefix: &str) -> Result<LeerplichtCase, CaseError> {
    let in_place = |e: CaseError| CaseError {
        field: format!("{prefix}{}", e.field),
        reason: e.reason,
    };
    let obj = value.as_object().ok_or_else(|| {
        in_place(CaseError {
            field: "case".into(),
            reason: "verwacht een object".into(),
        })
    })?;
    if let Some(k) = obj.keys().find(|k| !is_leerplicht_field(k)) {
        return Err(in_place(unknown_field(k)));
    }
    let get = |f: &str| match obj.get(f) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s.trim().to_owned()),
        Some(other) => Some(other.to_string()),
    };
    case_from_fields(&get).map_err(in_place)
}

fn unknown_field(name: &str) -> CaseError {
    CaseError {
        field: name.to_owned(),
        reason: format!(
            "onbekend veld; bekend zijn id, on, {}",
            LEERPLICHT_FIELDS.join(", ")
        ),
    }
}

fn read_cases(
    label: &str,
    text: &str,
    csv_input: bool,
) -> anyhow::Result<Vec<Located<LeerplichtCase>>> {
    let mut out = Vec::new();
    let at = |line: u64| move |e: CaseError| bad(label, line, &e.field, e.reason);
    if csv_input {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| bad(label, 1, "kopregel", e))?
            .clone();
        if let Some(h) = headers.iter().find(|h| !is_leerplicht_field(h)) {
            return Err(at(1)(unknown_field(h)));
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
            let case = case_from_fields(&get).map_err(at(line))?;
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
            let case = case_from_json(item, &format!("[{i}].")).map_err(at(0))?;
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
        let case = case_from_json(&value, "").map_err(at(n))?;
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
            let Evaluated { answer, trace } =
                evaluate(args.rule.name(), case.case, on, &params, args.trace).map_err(|e| {
                    // The facts sit under `case`; the evaluation date is the envelope's.
                    let field = if e.field == "on" {
                        e.field
                    } else {
                        format!("case.{}", e.field)
                    };
                    bad(&label, line, &field, e.reason)
                })?;
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
    let mut batches = std::collections::HashMap::new();
    for Located { line, case } in cases {
        let on = case.on.unwrap_or(today);
        let (status, steps) = if args.trace {
            let mut t = Trace::default();
            let a = leerplicht_status(&case.facts, on, &params, &mut t)
                .map_err(|e| rule_error(&label, line, e))?;
            (a, Some(trace_steps(t.steps, on)))
        } else {
            let batch = batches
                .entry(on)
                .or_insert_with(|| LeerplichtBatch::new(on, &params));
            let a = batch
                .status(&case.facts)
                .map_err(|e| rule_error(&label, line, e))?;
            (a, None)
        };
        answers.push(LeerplichtAnswer {
            id: case.id,
            on,
            answer: leerplicht_answer(&status),
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
    let e = CaseError::from(e);
    bad(file, line, &e.field, e.reason)
}
