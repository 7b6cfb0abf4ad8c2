//! The absence file of an import (`verzuim.csv`, `absences.csv`): the bulk format of
//! `continuum-verzuim` (docs/formats/verzuim.md), parsed by its fast parser; each
//! `leerling` (the PGN) is resolved to a pupil of the register or of the files read before.

use crate::ImportError;
use crate::error::ExportError;
use crate::error::shown;
use crate::known::Known;
use continuum_domain::absence::{Absence, AbsenceKind};
use continuum_domain::ids::PupilId;
use continuum_store::RegisterBatch;
use std::collections::HashMap;
use std::path::Path;

/// The file stems of an absence file.
pub(crate) const STEMS: [&str; 2] = ["verzuim", "absences"];

/// The name `continuum export` gives the absence file.
pub(crate) const EXPORT_NAME: &str = "verzuim.csv";

pub(crate) fn is_absence_file(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| STEMS.iter().any(|k| s.eq_ignore_ascii_case(k)))
}

/// Reads an absence file into `batch.absences`; the first bad row stops it and adds nothing.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    known: &Known,
    batch: &mut RegisterBatch,
) -> Result<(), ImportError> {
    let records = continuum_verzuim::parse_csv_bytes(file, bytes).map_err(|e| match e {
        continuum_verzuim::ImportError::Row {
            file,
            line,
            field,
            reason,
        } => ImportError::new(&file, line as u64, field, reason),
        continuum_verzuim::ImportError::Io { file, message } => {
            ImportError::new(&file, 0, "bestand", message)
        }
    })?;
    let line = |i: usize| continuum_verzuim::record_line(bytes, i).unwrap_or(0) as u64;
    let mut out: Vec<(PupilId, Absence)> = Vec::with_capacity(records.len());
    // (pupil, date, kind) → the line that recorded it, for a second record of the same.
    let mut seen: HashMap<(PupilId, continuum_domain::Date, &'static str), usize> =
        HashMap::with_capacity(records.len());
    let mut pgn = String::with_capacity(18);
    for (i, r) in records.iter().enumerate() {
        pgn.clear();
        use std::fmt::Write;
        let _ = write!(pgn, "{:09}", r.pupil.0);
        let Some(pupil) = known.pupil(&pgn) else {
            return Err(ImportError::new(
                file,
                line(i),
                "leerling",
                format!("onbekende leerling '{}'", shown(&pgn)),
            ));
        };
        if let Some(first) = seen.insert((pupil, r.date, r.kind.as_str()), i) {
            return Err(ImportError::new(
                file,
                line(i),
                "soort",
                format!(
                    "deze leerling heeft op {} al verzuim '{}' (regel {})",
                    r.date,
                    r.kind.as_str(),
                    line(first)
                ),
            ));
        }
        out.push((
            pupil,
            Absence {
                date: r.date,
                minutes: r.minutes,
                kind: r.kind,
            },
        ));
    }
    batch.absences.extend(out);
    Ok(())
}

/// The absence records of `batch` as an absence file: `leerling,datum,minuten,soort,grond`
/// (minutes, so that every value is exact). Records of pupils not in the batch are an error.
pub(crate) fn write_csv(batch: &RegisterBatch, path: &Path) -> Result<(), ExportError> {
    let pgns: HashMap<PupilId, &str> = batch
        .pupils
        .iter()
        .map(|(id, p)| (*id, p.pgn.as_str()))
        .collect();
    let mut text = String::with_capacity(32 * (batch.absences.len() + 1));
    text.push_str("leerling,datum,minuten,soort,grond\n");
    for (pupil, a) in &batch.absences {
        let pgn = pgns
            .get(pupil)
            .ok_or_else(|| ExportError::Unrepresentable {
                entity: "verzuim",
                reason: format!("verwijst naar leerling {pupil}, die niet in de export zit"),
            })?;
        let ground = match a.kind {
            AbsenceKind::Geoorloofd(Some(g)) => g.code(),
            _ => "",
        };
        use std::fmt::Write;
        let _ = writeln!(
            text,
            "{pgn},{},{},{},{ground}",
            a.date.format("%Y-%m-%d"),
            a.minutes,
            a.kind.as_str()
        );
    }
    std::fs::write(path, text).map_err(|source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    })
}
