//! One import run: files read one after another into one batch, each resolved against the
//! register and against the files read before it. A file that fails leaves nothing behind.

use crate::absences;
use crate::read_csv::CsvRows;
use crate::read_json::read_document;
use crate::rows::{self, Ctx};
use crate::{EntityKind, Format, ImportError, Known};
use continuum_store::RegisterBatch;
use std::path::{Path, PathBuf};

/// Reads exchange files into a [`RegisterBatch`]. On an error, the file's records are
/// taken out again; the caller stores nothing and reports the error.
#[derive(Debug, Clone)]
pub struct Importer {
    known: Known,
    batch: RegisterBatch,
}

/// Where the batch stood before a file, to undo the file.
struct Mark {
    organisations: usize,
    classes: usize,
    workers: usize,
    pupils: usize,
    facts: usize,
    agreements: usize,
    absences: usize,
}

/// Whole-file problems have no line of their own.
const WHOLE_FILE: u64 = 0;
const FILE_FIELD: &str = "bestand";

impl Importer {
    pub fn new(known: Known) -> Importer {
        Importer {
            known,
            batch: RegisterBatch::default(),
        }
    }

    /// Reads one file; the format from its extension, the entity of a CSV file from its
    /// stem (`pupils.csv`, `leerlingen.csv`) unless `kind` says otherwise.
    pub fn read_file(&mut self, path: &Path, kind: Option<EntityKind>) -> Result<(), ImportError> {
        let label = path.display().to_string();
        let whole = |reason: String| ImportError::new(&label, WHOLE_FILE, FILE_FIELD, reason);
        let format = Format::from_path(path)
            .ok_or_else(|| whole("onbekend bestandstype (verwacht .csv of .json)".to_owned()))?;
        let bytes =
            std::fs::read(path).map_err(|e| whole(format!("kan niet worden gelezen: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let before = e.as_bytes().get(..valid).unwrap_or_default();
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            ImportError::new(&label, line as u64, FILE_FIELD, "geen geldige UTF-8")
        })?;
        self.read_str(&label, &text, format, kind)
    }

    /// Reads several files in the order the register needs them: JSON documents first, then
    /// CSV files by entity (organisations before classes before pupils …), whatever the
    /// order given (a shell's `*.csv` is alphabetical).
    pub fn read_files(&mut self, paths: &[PathBuf]) -> Result<(), ImportError> {
        let mut ordered: Vec<&PathBuf> = paths.iter().collect();
        ordered.sort_by_key(|p| match Format::from_path(p) {
            Some(Format::Json) => 0,
            // Absence records refer to pupils: after every entity.
            _ if absences::is_absence_file(p) => EntityKind::ALL.len() + 1,
            _ => kind_from_stem(p).map_or(usize::MAX, |k| 1 + k as usize),
        });
        ordered
            .into_iter()
            .try_for_each(|p| self.read_file(p, None))
    }

    /// Reads one file's text. `file_label` is what errors name as the file; the entity of
    /// a CSV text is `kind`, or else follows from the label's stem. A JSON document names
    /// its entities itself; `kind` is ignored.
    pub fn read_str(
        &mut self,
        file_label: &str,
        text: &str,
        format: Format,
        kind: Option<EntityKind>,
    ) -> Result<(), ImportError> {
        if format == Format::Csv
            && kind.is_none()
            && absences::is_absence_file(Path::new(file_label))
        {
            return self.read_absences(file_label, text.as_bytes());
        }
        let kind = kind.or_else(|| kind_from_stem(Path::new(file_label)));
        let mark = self.mark();
        let mut ctx = Ctx {
            known: &mut self.known,
            batch: &mut self.batch,
        };
        let result = match format {
            Format::Json => read_document(file_label, text, &mut ctx),
            Format::Csv => match kind {
                None => Err(ImportError::new(
                    file_label,
                    WHOLE_FILE,
                    FILE_FIELD,
                    "onbekend soort bestand: noem het naar wat het bevat (pupils.csv, \
                     leerlingen.csv, …) of geef de soort op",
                )),
                Some(kind) => CsvRows::open(file_label, text, rows::columns(kind))
                    .and_then(|mut rows| rows::read(kind, &mut rows, &mut ctx)),
            },
        };
        if result.is_err() {
            self.undo(mark);
        }
        result
    }

    /// Reads an absence file (`verzuim.csv`, `absences.csv`; the bulk format of
    /// docs/formats/verzuim.md): every `leerling` must be a pupil of the register or of the
    /// files read before.
    pub fn read_absences(&mut self, file_label: &str, bytes: &[u8]) -> Result<(), ImportError> {
        absences::read(file_label, bytes, &self.known, &mut self.batch)
    }

    /// What has been read so far.
    pub fn batch(&self) -> &RegisterBatch {
        &self.batch
    }

    pub fn finish(self) -> RegisterBatch {
        self.batch
    }

    fn mark(&self) -> Mark {
        let b = &self.batch;
        Mark {
            organisations: b.organisations.len(),
            classes: b.classes.len(),
            workers: b.workers.len(),
            pupils: b.pupils.len(),
            facts: b.facts.len(),
            agreements: b.agreements.len(),
            absences: b.absences.len(),
        }
    }

    /// Takes out what was read since `mark`, in the batch and in `known`.
    fn undo(&mut self, mark: Mark) {
        let b = &mut self.batch;
        for (id, o) in b
            .organisations
            .get(mark.organisations..)
            .unwrap_or_default()
        {
            if let Some(code) = o.details.code() {
                self.known.remove_org(o.details.kind(), &code, *id);
            }
        }
        for (id, p) in b.pupils.get(mark.pupils..).unwrap_or_default() {
            self.known.remove_pupil(p.pgn.as_str(), *id);
        }
        for (id, c) in b.classes.get(mark.classes..).unwrap_or_default() {
            self.known
                .remove_class(c.school, c.school_year, &c.name, *id);
        }
        b.organisations.truncate(mark.organisations);
        b.classes.truncate(mark.classes);
        b.workers.truncate(mark.workers);
        b.pupils.truncate(mark.pupils);
        b.facts.truncate(mark.facts);
        b.agreements.truncate(mark.agreements);
        b.absences.truncate(mark.absences);
    }
}

fn kind_from_stem(path: &Path) -> Option<EntityKind> {
    EntityKind::parse(path.file_stem()?.to_str()?)
}

#[cfg(test)]
mod tests;
