//! The batch as one `continuum-register/1` document: keys in column order, empty values
//! left out, hours as JSON numbers written from their decimal text (never through a float).

use super::Table as Exported;
use super::{Out, tables};
use crate::error::ExportError;
use crate::row::Col;
use crate::{FORMAT_VERSION, rows};
use continuum_store::RegisterBatch;
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};

pub fn write_json(batch: &RegisterBatch) -> Result<String, ExportError> {
    let tables = tables(batch)?;
    let mut text = serde_json::to_string_pretty(&Document(&tables)).map_err(|e| {
        ExportError::Unrepresentable {
            entity: "document",
            reason: e.to_string(),
        }
    })?;
    text.push('\n');
    Ok(text)
}

struct Document<'a>(&'a [Exported]);
struct Table<'a>(&'static [Col], &'a [Vec<Out>]);
struct Object<'a>(&'static [Col], &'a [Out]);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len() + 1))?;
        map.serialize_entry("formatVersion", FORMAT_VERSION)?;
        for (kind, rows) in self.0 {
            map.serialize_entry(kind.json_key(), &Table(rows::columns(*kind), rows))?;
        }
        map.end()
    }
}

impl Serialize for Table<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for row in self.1 {
            seq.serialize_element(&Object(self.0, row))?;
        }
        seq.end()
    }
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (col, value) in self.0.iter().zip(self.1) {
            match value {
                Out::Empty | Out::Date(None) => {}
                Out::Text(t) => map.serialize_entry(col.json, t)?,
                Out::Date(Some(d)) => {
                    map.serialize_entry(col.json, &d.format("%Y-%m-%d").to_string())?
                }
                Out::Int(n) => map.serialize_entry(col.json, n)?,
                Out::Bool(b) => map.serialize_entry(col.json, b)?,
                Out::Hours(h) => {
                    let raw = serde_json::value::RawValue::from_string(super::hours(*h))
                        .map_err(S::Error::custom)?;
                    map.serialize_entry(col.json, &raw)?
                }
                Out::List(items) => map.serialize_entry(col.json, items)?,
                Out::Parties(ps) => map.serialize_entry(col.json, &Parties(ps))?,
            }
        }
        map.end()
    }
}

struct Parties<'a>(&'a [[String; 3]]);

impl Serialize for Parties<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for [kind, code, role] in self.0 {
            let party = [("kind", kind), ("code", code), ("role", role)];
            seq.serialize_element(&PartyObject(&party))?;
        }
        seq.end()
    }
}

struct PartyObject<'a>(&'a [(&'static str, &'a String); 3]);

impl Serialize for PartyObject<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
