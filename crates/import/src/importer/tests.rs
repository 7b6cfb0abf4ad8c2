//! The import as a user meets it: files in, a batch or one `FILE:LINE: field: reason` out.

mod absences;
mod bad_input;
mod example;
mod json;
mod robustness;
mod round_trip;

use super::*;
use continuum_store_tests::fixture::region;

/// Imports CSV texts `(file name, text)` in the order given into `known`.
fn import_csv(known: Known, files: &[(&str, &str)]) -> Result<RegisterBatch, String> {
    let mut importer = Importer::new(known);
    for (name, text) in files {
        importer
            .read_str(name, text, Format::Csv, None)
            .map_err(|e| e.to_string())?;
    }
    Ok(importer.finish())
}

/// The register of the store-tests fixture: a small region around Tilburg.
fn region_known() -> Known {
    Known::from_batch(&region().batch)
}

/// Fails when a message holds a run of nine digits: a PGN must never be shown.
fn assert_no_pgn(message: &str) {
    let mut run = 0;
    for c in message.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 9, "message shows a PGN: {message}");
    }
}
