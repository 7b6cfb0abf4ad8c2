//! CSV: one entity per file, comma separated, UTF-8, a header row of snake_case names.
//! Records are read into one reused `StringRecord`; line numbers come from the csv
//! reader's record positions, so a quoted field with an embedded newline counts right.

use crate::ImportError;
use crate::error::{FieldError, shown};
use crate::row::{Col, RawParty, Row, Rows};
use csv::{ReaderBuilder, StringRecord};

/// The field name used for problems of a whole record rather than one column.
const RECORD: &str = "rij";

pub(crate) struct CsvRows<'t> {
    file: &'t str,
    text: &'t str,
    cols: &'static [Col],
    /// For each column of the entity, its index in the file's records.
    map: Vec<Option<usize>>,
}

impl<'t> CsvRows<'t> {
    /// Reads the header: every column must be known, appear once, and every required
    /// column must be there.
    pub(crate) fn open(
        file: &'t str,
        text: &'t str,
        cols: &'static [Col],
    ) -> Result<CsvRows<'t>, ImportError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header_error = |field: &str, reason: &str| ImportError::new(file, 1, field, reason);
        let mut reader = ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| csv_error(file, &e))?;
        if header.len() <= 1 && header.get(0).is_none_or(|h| h.trim().is_empty()) {
            return Err(header_error("kopregel", "kopregel ontbreekt"));
        }
        if header.len() == 1 && header.get(0).is_some_and(|h| h.contains(';')) {
            return Err(header_error(
                "kopregel",
                "kolommen moeten met komma's gescheiden zijn, niet met puntkomma's",
            ));
        }
        let mut map = vec![None; cols.len()];
        for (j, name) in header.iter().enumerate() {
            let name = name.trim();
            if name.is_empty() {
                return Err(header_error(
                    &format!("kolom {}", j + 1),
                    "kolom zonder naam",
                ));
            }
            let Some(i) = cols.iter().position(|c| c.csv == name) else {
                return Err(header_error(&shown(name), "onbekende kolom"));
            };
            if map[i].is_some() {
                return Err(header_error(name, "kolom staat er twee keer in"));
            }
            map[i] = Some(j);
        }
        if let Some(c) = cols
            .iter()
            .zip(&map)
            .find(|(c, m)| c.required && m.is_none())
        {
            return Err(header_error(c.0.csv, "verplichte kolom ontbreekt"));
        }
        Ok(CsvRows {
            file,
            text,
            cols,
            map,
        })
    }
}

impl Rows for CsvRows<'_> {
    fn each(
        &mut self,
        f: &mut dyn FnMut(&dyn Row) -> Result<(), FieldError>,
    ) -> Result<(), ImportError> {
        let mut reader = ReaderBuilder::new().from_reader(self.text.as_bytes());
        let mut record = StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => return Err(csv_error(self.file, &e)),
            }
            // A row of only separators (spreadsheets write them at the end) is no record.
            if record.iter().all(|v| v.trim().is_empty()) {
                continue;
            }
            let row = CsvRow {
                record: &record,
                map: &self.map,
            };
            if let Err(e) = f(&row) {
                let line = record.position().map_or(0, |p| p.line());
                let field = self.cols.get(e.col).map_or(RECORD, |c| c.csv);
                return Err(ImportError::new(self.file, line, field, e.reason));
            }
        }
    }
}

fn csv_error(file: &str, e: &csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| p.line());
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("heeft {len} velden, de kopregel {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "geen geldige UTF-8".to_owned(),
        _ => "ongeldige CSV".to_owned(),
    };
    ImportError::new(file, line, RECORD, reason)
}

struct CsvRow<'r> {
    record: &'r StringRecord,
    map: &'r [Option<usize>],
}

impl Row for CsvRow<'_> {
    fn text(&self, col: usize) -> Option<&str> {
        let j = (*self.map.get(col)?)?;
        let v = self.record.get(j)?.trim();
        (!v.is_empty()).then_some(v)
    }

    fn list(&self, col: usize) -> Vec<&str> {
        self.text(col).map_or_else(Vec::new, |v| {
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// `kind:code=role` separated by `;`.
    fn parties(&self, col: usize) -> Result<Vec<RawParty<'_>>, String> {
        let Some(v) = self.text(col) else {
            return Ok(Vec::new());
        };
        v.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(n, item)| {
                let parsed = item.split_once(':').and_then(|(kind, rest)| {
                    let (code, role) = rest.split_once('=')?;
                    Some(RawParty {
                        kind: kind.trim(),
                        code: code.trim(),
                        role: role.trim(),
                    })
                });
                parsed.ok_or_else(|| {
                    format!(
                        "partij {}: '{}' heeft niet de vorm soort:code=rol",
                        n + 1,
                        shown(item)
                    )
                })
            })
            .collect()
    }
}
