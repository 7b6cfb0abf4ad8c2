//! No input makes the import panic: every prefix of every example file, and every example
//! with one character replaced by a separator, a quote or a line break.

use super::example::all_files;
use super::*;

fn survives(importer: &Importer, file: &str, text: &str, format: Format) {
    let mut importer = importer.clone();
    let before = importer.batch().counts();
    if importer.read_str(file, text, format, None).is_err() {
        assert_eq!(
            importer.batch().counts(),
            before,
            "a failed file left records behind"
        );
    }
}

fn variants(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        out.push(text[..i].to_owned());
        for r in [",", ";", "\"", "\n", ":", "="] {
            out.push(format!("{}{r}{}", &text[..i], &text[i + c.len_utf8()..]));
        }
    }
    out
}

#[test]
fn no_prefix_or_mutation_of_a_csv_file_makes_the_import_panic() {
    let mut importer = Importer::new(Known::default());
    for (file, text) in all_files() {
        for variant in variants(text) {
            survives(&importer, file, &variant, Format::Csv);
        }
        importer.read_str(file, text, Format::Csv, None).unwrap();
    }
}

#[test]
fn no_prefix_or_mutation_of_a_json_document_makes_the_import_panic() {
    let base = Importer::new(Known::default());
    let json = crate::write_json(&region().batch).unwrap();
    for variant in variants(&json) {
        survives(&base, "register.json", &variant, Format::Json);
    }
}
