//! JSON: one `continuum-register/1` document, `{"formatVersion": …, "organisations": […],
//! "pupils": […], …}`. Arrays are read as raw slices of the input, so that an error can
//! name the line where the offending element starts.

use crate::error::{FieldError, shown};
use crate::row::{Col, RawParty, Row, Rows, Shape};
use crate::rows::{self, Ctx};
use crate::{EntityKind, FORMAT_VERSION, ImportError};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;

/// The field name used for problems of the document as a whole.
const DOCUMENT: &str = "document";

/// Reads a whole document; entities in the fixed order of [`EntityKind::ALL`].
pub(crate) fn read_document(file: &str, text: &str, ctx: &mut Ctx) -> Result<(), ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let top: Entries<&RawValue> = serde_json::from_str(text).map_err(|e| {
        let reason = match e.classify() {
            serde_json::error::Category::Eof => "JSON houdt onverwacht op".to_owned(),
            serde_json::error::Category::Data => "verwacht een JSON-object".to_owned(),
            _ => format!("ongeldige JSON (kolom {})", e.column()),
        };
        ImportError::new(file, e.line() as u64, DOCUMENT, reason)
    })?;
    let mut arrays: Vec<Option<&RawValue>> = vec![None; EntityKind::ALL.len()];
    for (n, (key, raw)) in top.0.iter().enumerate() {
        let at =
            |reason: &str| ImportError::new(file, line_of(text, raw.get()), shown(key), reason);
        if top.0[..n].iter().any(|(k, _)| k == key) {
            return Err(at("staat er twee keer in"));
        }
        if key == "formatVersion" {
            if serde_json::from_str::<&str>(raw.get()).ok() != Some(FORMAT_VERSION) {
                return Err(at(&format!("verwacht \"{FORMAT_VERSION}\"")));
            }
        } else if let Some(kind) = EntityKind::from_json_key(key) {
            arrays[kind as usize] = Some(raw);
        } else {
            return Err(at("onbekend veld"));
        }
    }
    for (kind, raw) in EntityKind::ALL.into_iter().zip(arrays) {
        let Some(raw) = raw else { continue };
        let elements: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
            ImportError::new(
                file,
                line_of(text, raw.get()),
                kind.json_key(),
                "verwacht een lijst",
            )
        })?;
        let mut rows = JsonRows {
            file,
            text,
            kind,
            cols: rows::columns(kind),
            elements,
        };
        rows::read(kind, &mut rows, ctx)?;
    }
    Ok(())
}

/// The 1-based line of `part`, a slice of `text`.
fn line_of(text: &str, part: &str) -> u64 {
    let offset = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

struct JsonRows<'t> {
    file: &'t str,
    text: &'t str,
    kind: EntityKind,
    cols: &'static [Col],
    elements: Vec<&'t RawValue>,
}

impl Rows for JsonRows<'_> {
    fn each(
        &mut self,
        f: &mut dyn FnMut(&dyn Row) -> Result<(), FieldError>,
    ) -> Result<(), ImportError> {
        for el in &self.elements {
            let line = || line_of(self.text, el.get());
            let entries: Entries<Value> = serde_json::from_str(el.get()).map_err(|_| {
                ImportError::new(
                    self.file,
                    line(),
                    self.kind.json_key(),
                    "verwacht een object",
                )
            })?;
            let row = JsonRow::new(self.cols, entries)
                .map_err(|(field, reason)| ImportError::new(self.file, line(), field, reason))?;
            f(&row).map_err(|e| {
                let field = self.cols.get(e.col).map_or(DOCUMENT, |c| c.json);
                ImportError::new(self.file, line(), field, e.reason)
            })?;
        }
        Ok(())
    }
}

enum Cell {
    Absent,
    Text(String),
    List(Vec<String>),
    Parties(Vec<[String; 3]>),
}

struct JsonRow {
    cells: Vec<Cell>,
}

impl JsonRow {
    /// Checks the keys against the columns and each value against the column's shape.
    fn new(cols: &[Col], entries: Entries<Value>) -> Result<JsonRow, (String, String)> {
        let mut cells: Vec<Cell> = cols.iter().map(|_| Cell::Absent).collect();
        let mut seen = vec![false; cols.len()];
        for (key, value) in entries.0 {
            let Some(i) = cols.iter().position(|c| c.json == key) else {
                return Err((shown(&key), "onbekend veld".to_owned()));
            };
            if std::mem::replace(&mut seen[i], true) {
                return Err((key, "staat er twee keer in".to_owned()));
            }
            cells[i] = cell(cols[i].shape, value).map_err(|reason| (key, reason))?;
        }
        Ok(JsonRow { cells })
    }
}

fn cell(shape: Shape, value: Value) -> Result<Cell, String> {
    match (shape, value) {
        (_, Value::Null) => Ok(Cell::Absent),
        (Shape::Text, Value::String(s)) => Ok(Cell::Text(s)),
        (Shape::Text, Value::Number(n)) => Ok(Cell::Text(n.to_string())),
        (Shape::Text, Value::Bool(b)) => Ok(Cell::Text(b.to_string())),
        (Shape::Text, _) => Err("verwacht een tekst, getal of true/false".to_owned()),
        (Shape::List, Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                _ => Err("verwacht een lijst van teksten".to_owned()),
            })
            .collect::<Result<_, _>>()
            .map(Cell::List),
        (Shape::List, _) => Err("verwacht een lijst van teksten".to_owned()),
        (Shape::Parties, Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(n, v)| party(v).map_err(|r| format!("partij {}: {r}", n + 1)))
            .collect::<Result<_, _>>()
            .map(Cell::Parties),
        (Shape::Parties, _) => Err("verwacht een lijst van {kind, code, role}".to_owned()),
    }
}

fn party(v: Value) -> Result<[String; 3], String> {
    let Value::Object(map) = v else {
        return Err("verwacht een object {kind, code, role}".to_owned());
    };
    if let Some(k) = map
        .keys()
        .find(|k| !["kind", "code", "role"].contains(&k.as_str()))
    {
        return Err(format!("onbekend veld '{}'", shown(k)));
    }
    let field = |name: &str| match map.get(name) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{name} moet een tekst zijn")),
        None => Err(format!("{name} ontbreekt")),
    };
    Ok([field("kind")?, field("code")?, field("role")?])
}

impl Row for JsonRow {
    fn text(&self, col: usize) -> Option<&str> {
        match self.cells.get(col) {
            Some(Cell::Text(s)) => Some(s.trim()).filter(|s| !s.is_empty()),
            _ => None,
        }
    }
    fn list(&self, col: usize) -> Vec<&str> {
        match self.cells.get(col) {
            Some(Cell::List(items)) => items
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    }
    fn parties(&self, col: usize) -> Result<Vec<RawParty<'_>>, String> {
        match self.cells.get(col) {
            Some(Cell::Parties(ps)) => Ok(ps
                .iter()
                .map(|[kind, code, role]| RawParty {
                    kind: kind.trim(),
                    code: code.trim(),
                    role: role.trim(),
                })
                .collect()),
            _ => Ok(Vec::new()),
        }
    }
}

/// A JSON object's members in document order, duplicates kept (serde_json's maps would
/// silently keep the last).
struct Entries<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V_<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<V>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V_(std::marker::PhantomData))
    }
}
