//! Export: a batch written back out as the exchange files, so that importing them into an
//! empty register gives the same records (with new ids; users and parents' households,
//! which the files do not carry, left out).

mod json;

use crate::EntityKind;
use crate::error::ExportError;
use crate::rows;
use continuum_domain::Date;
use continuum_domain::ids::{ClassId, OrgId, PupilId};
use continuum_domain::register::{HoursPerWeek, OrgKind, Organisation, SchoolClass};
use continuum_store::RegisterBatch;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use json::write_json;

/// One value of an exported row.
pub(crate) enum Out {
    Empty,
    Text(String),
    Date(Option<Date>),
    Int(u32),
    Bool(bool),
    Hours(HoursPerWeek),
    List(Vec<String>),
    /// `[kind, code, role]`.
    Parties(Vec<[String; 3]>),
}

impl Out {
    pub(crate) fn text(s: &str) -> Out {
        Out::Text(s.to_owned())
    }
    pub(crate) fn opt(s: Option<String>) -> Out {
        s.map_or(Out::Empty, Out::Text)
    }
    /// The value as a CSV field.
    fn csv(&self) -> Cow<'_, str> {
        match self {
            Out::Empty | Out::Date(None) => Cow::Borrowed(""),
            Out::Text(s) => Cow::Borrowed(s),
            Out::Date(Some(d)) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Out::Int(n) => Cow::Owned(n.to_string()),
            Out::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Out::Hours(h) => Cow::Owned(hours(*h)),
            Out::List(items) => Cow::Owned(items.join(";")),
            Out::Parties(ps) => Cow::Owned(
                ps.iter()
                    .map(|[kind, code, role]| format!("{kind}:{code}={role}"))
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
        }
    }
}

/// Hours with a decimal point (`2.5`), so that the CSV field needs no quotes;
/// `HoursPerWeek::parse` reads it back.
fn hours(h: HoursPerWeek) -> String {
    let (whole, frac) = (h.0 / 100, h.0 % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

/// The public codes of what records refer to, by id.
pub(crate) struct Refs<'b> {
    orgs: HashMap<OrgId, &'b Organisation>,
    pupils: HashMap<PupilId, &'b str>,
    classes: HashMap<ClassId, &'b SchoolClass>,
}

impl<'b> Refs<'b> {
    fn new(batch: &'b RegisterBatch) -> Refs<'b> {
        Refs {
            orgs: batch.organisations.iter().map(|(id, o)| (*id, o)).collect(),
            pupils: batch
                .pupils
                .iter()
                .map(|(id, p)| (*id, p.pgn.as_str()))
                .collect(),
            classes: batch.classes.iter().map(|(id, c)| (*id, c)).collect(),
        }
    }
    /// The kind and code of an organisation a record refers to.
    pub(crate) fn org_code(&self, id: OrgId) -> Result<(OrgKind, String), String> {
        let o = self
            .orgs
            .get(&id)
            .ok_or_else(|| format!("verwijst naar organisatie {id}, die niet in de export zit"))?;
        let code = o
            .details
            .code()
            .ok_or_else(|| format!("'{}' heeft geen code om naar te verwijzen", o.name))?;
        Ok((o.details.kind(), code))
    }
    pub(crate) fn org(&self, id: OrgId) -> Result<Out, String> {
        self.org_code(id).map(|(_, code)| Out::Text(code))
    }
    pub(crate) fn pgn(&self, id: PupilId) -> Result<String, String> {
        self.pupils
            .get(&id)
            .map(|s| (*s).to_owned())
            .ok_or_else(|| format!("verwijst naar leerling {id}, die niet in de export zit"))
    }
    pub(crate) fn class(&self, id: ClassId) -> Result<&'b SchoolClass, String> {
        self.classes
            .get(&id)
            .copied()
            .ok_or_else(|| format!("verwijst naar klas {id}, die niet in de export zit"))
    }
}

/// One entity's exported rows.
pub(crate) type Table = (EntityKind, Vec<Vec<Out>>);

/// Every entity's rows, in import order; the first record the format cannot express stops it.
pub(crate) fn tables(batch: &RegisterBatch) -> Result<Vec<Table>, ExportError> {
    let refs = Refs::new(batch);
    EntityKind::ALL
        .into_iter()
        .map(|kind| {
            rows::export(kind, batch, &refs)
                .map(|rows| (kind, rows))
                .map_err(|reason| ExportError::Unrepresentable {
                    entity: kind.file_stem(),
                    reason,
                })
        })
        .collect()
}

/// Writes one CSV file per entity (`organisations.csv`, `pupils.csv`, …, and the absence
/// records as `verzuim.csv`; all of them, a header only when there are no records) into `dir`, creating it when needed. Returns the
/// paths in import order. Nothing is written when a record cannot be expressed.
pub fn write_csv_dir(batch: &RegisterBatch, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let tables = tables(batch)?;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| ExportError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut paths = Vec::with_capacity(tables.len());
    for (kind, rows) in tables {
        let path = dir.join(format!("{}.csv", kind.file_stem()));
        let mut w = csv::Writer::from_path(&path).map_err(|e| io(&path)(e.into()))?;
        let cols = rows::columns(kind);
        w.write_record(cols.iter().map(|c| c.csv))
            .map_err(|e| io(&path)(e.into()))?;
        for row in &rows {
            w.write_record(row.iter().map(|v| v.csv().into_owned()))
                .map_err(|e| io(&path)(e.into()))?;
        }
        w.flush().map_err(io(&path))?;
        paths.push(path);
    }
    // The absence records last: they refer to pupils (a header only when there are none).
    let path = dir.join(crate::absences::EXPORT_NAME);
    crate::absences::write_csv(batch, &path)?;
    paths.push(path);
    Ok(paths)
}
