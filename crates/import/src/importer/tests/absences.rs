//! The absence file (`verzuim.csv`): the bulk format of continuum-verzuim, pupils by PGN.

use super::example::all_files;
use super::*;
use crate::write_csv_dir;
use continuum_domain::absence::{AbsenceKind, LeaveGround};

const VERZUIM: &str = "leerling,datum,uren,soort,grond\n\
    123456782,2026-09-07,5.5,ongeoorloofd,\n\
    \n\
    111222333,2026-09-08,\"2,25\",geoorloofd,13a\n\
    123456782,2026-09-09,0.25,te laat,\n";

#[test]
fn an_absence_file_adds_records_for_known_pupils() {
    let batch = import_csv(region_known(), &[("verzuim.csv", VERZUIM)]).unwrap();
    let r = region();
    assert_eq!(batch.absences.len(), 3);
    assert_eq!(batch.absences[0].0, r.sanne);
    assert_eq!(batch.absences[0].1.minutes, 330);
    assert_eq!(batch.absences[1].0, r.daan);
    assert_eq!(
        batch.absences[1].1.kind,
        AbsenceKind::Geoorloofd(Some(LeaveGround::Art13a))
    );
    assert_eq!(batch.absences[2].1.kind, AbsenceKind::TeLaat);
    // The English name is accepted as well.
    let batch = import_csv(region_known(), &[("absences.csv", VERZUIM)]).unwrap();
    assert_eq!(batch.absences.len(), 3);
}

#[test]
fn an_unknown_pupil_names_its_line_and_stores_nothing() {
    let text = format!("{VERZUIM}999999999,2026-09-10,1,ziek,\n");
    let mut importer = Importer::new(region_known());
    let e = importer
        .read_str("verzuim.csv", &text, Format::Csv, None)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "verzuim.csv:6: leerling: onbekende leerling '*****9999'");
    assert_no_pgn(&e);
    assert!(importer.finish().absences.is_empty());
}

#[test]
fn a_bad_row_and_a_second_record_of_a_day_are_refused_with_their_line() {
    let bad = "leerling,datum,uren,soort,grond\n123456782,2026-09-07,5.5,vrij,\n";
    let e = import_csv(region_known(), &[("verzuim.csv", bad)]).unwrap_err();
    assert!(e.starts_with("verzuim.csv:2: soort: "), "{e}");
    let twice = format!("{VERZUIM}123456782,2026-09-07,1,ongeoorloofd,\n");
    let e = import_csv(region_known(), &[("verzuim.csv", &twice)]).unwrap_err();
    assert!(e.starts_with("verzuim.csv:6: soort: "), "{e}");
    assert!(e.contains("(regel 2)"), "{e}");
}

#[test]
fn absence_records_survive_an_export_and_an_import() {
    let verzuim = "leerling,datum,uren,soort,grond\n\
        100000004,2026-09-07,5.5,ongeoorloofd,\n\
        100000004,2026-09-08,16,geoorloofd,14\n\
        100000004,2026-09-08,1,ziek,\n";
    let mut files = all_files();
    files.push(("verzuim.csv", verzuim));
    let first = import_csv(Known::default(), &files).unwrap();
    assert_eq!(first.absences.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let paths = write_csv_dir(&first, dir.path()).unwrap();
    let mut importer = Importer::new(Known::default());
    importer.read_files(&paths).unwrap();
    let second = importer.finish();
    assert_eq!(second.counts(), first.counts());
    let kinds = |b: &RegisterBatch| b.absences.iter().map(|(_, a)| *a).collect::<Vec<_>>();
    assert_eq!(kinds(&second), kinds(&first));
    let written = std::fs::read_to_string(dir.path().join("verzuim.csv")).unwrap();
    assert_eq!(
        written,
        "leerling,datum,minuten,soort,grond\n\
         100000004,2026-09-07,330,ongeoorloofd,\n\
         100000004,2026-09-08,960,geoorloofd,14\n\
         100000004,2026-09-08,60,ziek,\n"
    );
}
