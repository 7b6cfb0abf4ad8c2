//! The errors of an import (`FILE:LINE: field: reason`, reason in Dutch) and of an export.

use std::path::PathBuf;

/// The first bad row of an import. `line` is the 1-based physical line where the bad record
/// starts (for CSV the header is line 1); 0 when the problem is the whole file (it cannot be
/// read, or its name says nothing about what it holds). `field` is the CSV column or JSON
/// key. Never holds a full PGN: a bad `pgn` is reported by its field, not its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {field}: {reason}")]
pub struct ImportError {
    pub file: String,
    pub line: u64,
    pub field: String,
    pub reason: String,
}

impl ImportError {
    pub(crate) fn new(
        file: &str,
        line: u64,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        ImportError {
            file: file.to_owned(),
            line,
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// A bad value in one column of a row; the reader of the file adds the file, the line and
/// the column's name in that format.
#[derive(Debug)]
pub(crate) struct FieldError {
    /// Index into the entity's column table.
    pub col: usize,
    pub reason: String,
}

impl FieldError {
    pub(crate) fn new(col: usize, reason: impl Into<String>) -> Self {
        FieldError {
            col,
            reason: reason.into(),
        }
    }
}

/// Why a batch could not be written out.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A record the exchange format cannot express, e.g. a worker of a provider without an
    /// AGB code, or a reference to a record that is not in the batch.
    #[error("{entity}: {reason}")]
    Unrepresentable {
        entity: &'static str,
        reason: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A value as it may appear in an error message: runs of nine or more digits (a BSN or
/// onderwijsnummer typed into the wrong column) are masked, long values are cut.
pub(crate) fn shown(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(40));
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 9 {
            out.push_str("*****");
            out.push_str(&digits[digits.len() - 4..]);
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in value.chars().take(40) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    if value.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_displays_as_file_line_field_reason() {
        let e = ImportError::new("pupils.csv", 4, "pgn", "voldoet niet aan de 11-proef");
        assert_eq!(
            e.to_string(),
            "pupils.csv:4: pgn: voldoet niet aan de 11-proef"
        );
    }

    #[test]
    fn shown_values_hide_numbers_that_could_be_a_bsn() {
        assert_eq!(shown("GM9999"), "GM9999");
        assert_eq!(shown("123456782"), "*****6782");
        assert_eq!(shown("x 1234567890 y"), "x *****7890 y");
        assert_eq!(shown(&"a".repeat(50)), format!("{}…", "a".repeat(40)));
    }
}
