//! Export then import gives the same register (new ids; no users, no parents' households).

use super::example::all_files;
use super::*;
use crate::{write_csv_dir, write_json};

#[test]
fn csv_files_written_out_read_back_into_the_same_records() {
    let first = import_csv(Known::default(), &all_files()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut paths = write_csv_dir(&first, dir.path()).unwrap();
    assert_eq!(paths.len(), 11);
    paths.reverse();
    let mut importer = Importer::new(Known::default());
    importer.read_files(&paths).unwrap();
    let second = importer.finish();
    assert_eq!(second.counts(), first.counts());
    // The JSON export holds every field, by code instead of id: equal means equal records.
    assert_eq!(write_json(&second).unwrap(), write_json(&first).unwrap());
    let pupils = std::fs::read_to_string(dir.path().join("pupils.csv")).unwrap();
    assert!(
        pupils.contains("100000004,Noor,\"Bos, van den\",2015-01-20,GM0855,3311,2015-01-20,\n")
    );
    let indications = std::fs::read_to_string(dir.path().join("indications.csv")).unwrap();
    assert!(indications.contains(",zvw,3311,zin,verpleging,2.5,2.25,2026-08-01,2027-07-31\n"));
}

#[test]
fn the_fixture_region_survives_a_json_round_trip_without_its_parents() {
    let region = region().batch;
    let json = write_json(&region).unwrap();
    assert!(!json.contains("Ouders van Sanne"));
    let mut importer = Importer::new(Known::default());
    importer
        .read_str("export.json", &json, Format::Json, None)
        .unwrap();
    let back = importer.finish();
    assert_eq!(back.organisations.len(), region.organisations.len() - 1);
    assert_eq!(back.facts.len(), region.facts.len() - 1);
    assert_eq!(write_json(&back).unwrap(), json);
}

#[test]
fn a_class_of_another_school_year_is_exported_with_its_year() {
    let files = [
        (
            "classes.csv",
            "school,school_year,name\n12AB00,2025-2026,SO-3\n",
        ),
        (
            "enrolments.csv",
            "pgn,school,class,school_year,valid_from\n111222333,12AB00,SO-3,2025-2026,2024-08-01\n",
        ),
    ];
    let mut batch = region().batch;
    batch.append(import_csv(region_known(), &files).unwrap());
    let dir = tempfile::tempdir().unwrap();
    write_csv_dir(&batch, dir.path()).unwrap();
    let enrolments = std::fs::read_to_string(dir.path().join("enrolments.csv")).unwrap();
    assert!(enrolments.contains("111222333,12AB00,SO-3,2025-2026,2024-08-01,\n"));
    assert!(enrolments.contains("123456782,12AB00,SO-1,,2026-08-01,2027-07-31\n"));
}

#[test]
fn a_record_the_files_cannot_express_stops_the_export() {
    let mut batch = region().batch;
    let r = region();
    batch.organisations.retain(|(id, _)| *id != r.insurer);
    let e = write_json(&batch).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("pupils: verwijst naar organisatie "),
        "{e}"
    );
}
