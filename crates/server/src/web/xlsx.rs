//! Excel downloads: every list that exports as CSV also exports as a workbook with the
//! same columns. The CSV stays the source (one writer per list); this turns it into one
//! worksheet with a bold header, whole numbers as numbers and everything else as text —
//! ids, dates and amounts with a decimal comma stay exactly as the CSV has them.

use super::WebError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook};

/// The largest body a CSV list may have before it is turned into a workbook.
const MAX_CSV: usize = 64 * 1024 * 1024;

/// A workbook with one sheet holding `csv` (comma- or semicolon-separated: the header
/// line decides).
pub fn from_csv(csv: &str, sheet: &str) -> Result<Vec<u8>, String> {
    let header = csv.lines().next().unwrap_or_default();
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| e.to_string())?;
        let row = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, cell) in record.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| e.to_string())?;
            let written = if r == 0 {
                ws.write_string_with_format(row, col, cell, &bold)
                    .map(|_| ())
            } else if let Some(n) = whole_number(cell) {
                ws.write_number(row, col, n).map(|_| ())
            } else {
                ws.write_string(row, col, cell).map(|_| ())
            };
            written.map_err(|e| e.to_string())?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    ws.autofit();
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// A whole number Excel holds exactly (|n| < 2^53), written without leading zeros — a
/// code like `0855` or a BSN stays text.
fn whole_number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    cell.parse::<i64>().ok().map(|n| n as f64)
}

/// Turns a CSV download (the response of a list's `.csv` handler) into an Excel one.
pub async fn convert(csv: Result<Response, WebError>, name: &str) -> Result<Response, WebError> {
    let csv = csv?;
    if csv.status() != StatusCode::OK {
        return Ok(csv);
    }
    let bytes = axum::body::to_bytes(csv.into_body(), MAX_CSV)
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let text = std::str::from_utf8(&bytes).map_err(|e| WebError::Internal(e.to_string()))?;
    let book = from_csv(text, name).map_err(WebError::Internal)?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}.xlsx\""))
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        book,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_become_numbers_and_codes_stay_text() {
        assert_eq!(whole_number("990"), Some(990.0));
        assert_eq!(whole_number("-5"), Some(-5.0));
        assert_eq!(whole_number("0"), Some(0.0));
        for text in [
            "0855",
            "123,45",
            "2026-11-04",
            "",
            "-",
            "1234567890123456",
            "12a",
        ] {
            assert_eq!(whole_number(text), None, "{text}");
        }
    }

    #[test]
    fn a_workbook_is_a_zip_with_the_sheet() {
        let book = from_csv("maand;bedrag\n2026-09;1234,56\n", "afrekening").unwrap();
        assert_eq!(&book[..2], b"PK");
        let comma = from_csv("a,b\n1,x\n", "lijst").unwrap();
        assert_eq!(&comma[..2], b"PK");
        assert!(
            from_csv("a\n", "naam/met/slash").is_err(),
            "sheet names are checked"
        );
    }
}
