#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use proptest::prelude::*;

fn parse(text: &str) -> Result<Vec<AbsenceRecord>, ImportError> {
    parse_csv_bytes("verzuim.csv", text.as_bytes())
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn a_bulk_file_is_read() {
    let r = parse(
        "\u{feff}leerling,datum,uren,soort,grond\r\n\
         123456782,2026-03-06,5.5,ongeoorloofd,\r\n\
         \"7\",\"2026-03-06\",\"15,5\",\"geoorloofd\",\"13a\"\r\n\
         7,2026-03-09,16,ziek,11d\n\
         8,2026-03-09,0.25,Te laat,\n\
         \n",
    )
    .unwrap();
    assert_eq!(r.len(), 4);
    assert_eq!(r[0].pupil, PupilKey(123456782));
    assert_eq!(r[0].minutes, 330);
    assert_eq!(r[1].minutes, 930);
    assert_eq!(
        r[1].kind,
        AbsenceKind::Geoorloofd(Some(LeaveGround::Art13a))
    );
    assert_eq!(r[2].minutes, 960);
    assert_eq!(r[2].kind, AbsenceKind::Ziek);
    assert_eq!(r[3].minutes, 15);
    assert_eq!(r[3].kind, AbsenceKind::TeLaat);
}

#[test]
fn semicolons_minutes_and_any_column_order() {
    let r = parse("soort;minuten;datum;leerling\nongeoorloofd;50;2025-09-01;1\n").unwrap();
    assert_eq!(r[0].minutes, 50);
    assert_eq!(r[0].kind, AbsenceKind::Ongeoorloofd);
}

#[test]
fn the_first_bad_row_stops_the_import_with_file_line_and_field() {
    let h = "leerling,datum,uren,soort,grond\n";
    assert_eq!(
        err(&format!(
            "{h}1,2025-09-01,6,ongeoorloofd,\n1,2025-09-31,6,ziek,\n1,x,6,ziek,\n"
        )),
        "verzuim.csv:3: datum: 2025-09-31 bestaat niet"
    );
    assert_eq!(
        err(&format!("{h}1,01-09-2025,6,ziek,\n")),
        "verzuim.csv:2: datum: \"01-09-2025\" is geen datum (verwacht JJJJ-MM-DD, zoals 2026-03-06)"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,1.33,ziek,\n")),
        "verzuim.csv:2: uren: 1.33 uur is geen heel aantal minuten; gebruik de kolom minuten"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,0,ziek,\n")),
        "verzuim.csv:2: uren: 0: een verzuimregel heeft meer dan 0 minuten"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,25,ziek,\n")),
        "verzuim.csv:2: uren: 25: meer dan 24 uur op één dag"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,-1,ziek,\n")),
        "verzuim.csv:2: uren: \"-1\" is geen aantal uren (zoals 5 of 5,5)"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,6,spijbelen,\n")),
        "verzuim.csv:2: soort: onbekende soort \"spijbelen\" (toegestaan: ongeoorloofd, ziek, geoorloofd, te laat)"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,6,ongeoorloofd,14\n")),
        "verzuim.csv:2: grond: een grond hoort alleen bij geoorloofd verzuim (ziek: leeg of 11d), niet bij ongeoorloofd"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,6,geoorloofd,11d\n")),
        "verzuim.csv:2: grond: ziekte (art. 11 onder d) heeft een eigen soort: ziek"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,6,geoorloofd,12\n")),
        "verzuim.csv:2: grond: onbekende grond \"12\" (toegestaan: 11a, 11b, 11c, 11e, 11f, 11g, 13a, 14; ziekte is 11d)"
    );
    assert_eq!(
        err(&format!("{h}1,2025-09-01,6,ziek\n")),
        "verzuim.csv:2: : verwacht 5 velden, gevonden 4"
    );
    assert_eq!(
        err(&format!("{h}A12,2025-09-01,6,ziek,\n")),
        "verzuim.csv:2: leerling: \"A12\" is geen leerlingnummer (alleen cijfers, hoogstens 18)"
    );
}

#[test]
fn a_bad_header_is_refused() {
    assert_eq!(
        err(""),
        "verzuim.csv:1: : kopregel ontbreekt (verwacht: leerling, datum, uren of minuten, soort, grond)"
    );
    assert_eq!(
        err("leerling,datum,uren\n"),
        "verzuim.csv:1: soort: kolom ontbreekt"
    );
    assert_eq!(
        err("leerling,datum,soort\n"),
        "verzuim.csv:1: uren: kolom uren of minuten ontbreekt"
    );
    assert_eq!(
        err("leerling,datum,uren,minuten,soort\n"),
        "verzuim.csv:1: minuten: geef uren of minuten, niet beide"
    );
    assert_eq!(
        err("leerling,datum,uren,soort,school\n"),
        "verzuim.csv:1: school: onbekende kolom (toegestaan: leerling, datum, uren of minuten, soort, grond)"
    );
}

#[test]
fn line_numbers_hold_across_the_parallel_chunks() {
    // Over 1 MiB, so the body is split between threads.
    let mut text = String::from("leerling,datum,uren,soort,grond\n");
    for i in 0..60_000 {
        text.push_str(&format!("{i},2025-09-01,6,ziek,\n"));
    }
    text.push_str("5,2025-09-01,6,zeik,\n");
    for i in 0..10 {
        text.push_str(&format!("{i},2025-09-02,6,ziek,\n"));
    }
    assert!(text.len() > 1 << 20);
    let e = err(&text);
    assert!(e.starts_with("verzuim.csv:60002: soort:"), "{e}");
    text = text.replace("zeik", "ziek");
    assert_eq!(parse(&text).unwrap().len(), 60_011);
}

/// Hands out a few bytes at a time, as a pipe may.
struct Trickle<'a>(&'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.0.len()).min(7);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn small_blocks_give_the_same_records_and_line_numbers() {
    let mut text = String::from("leerling,datum,uren,soort,grond\r\n");
    for i in 0..5_000 {
        text.push_str(&format!(
            "{i},2025-09-{:02},{}.5,ongeoorloofd,\r\n",
            1 + i % 28,
            i % 7
        ));
    }
    let whole = parse(&text).unwrap();
    for block in [64, 100, 4096] {
        let r = parse_blocks("v.csv", Trickle(text.as_bytes()), 0, block, 0).unwrap();
        assert!(
            r == whole,
            "block {block}: {} records instead of {}",
            r.len(),
            whole.len()
        );
    }
    let bad = text.replacen("4321,", "43x1,", 1);
    for block in [64, 4096] {
        let e = parse_blocks("v.csv", Trickle(bad.as_bytes()), 0, block, 0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "v.csv:4323: leerling: \"43x1\" is geen leerlingnummer (alleen cijfers, hoogstens 18)"
        );
    }
    // A line longer than the block grows the buffer.
    let long = format!(
        "leerling,datum,uren,soort,grond\n1,2025-09-01,6,ziek,{}\n",
        " ".repeat(300)
    );
    assert_eq!(
        parse_blocks("v.csv", long.as_bytes(), 0, 64, 0)
            .unwrap()
            .len(),
        1
    );
    let e = parse_blocks("v.csv", &b"leerling,datum\n"[..], 0, 64, 0).unwrap_err();
    assert_eq!(e.to_string(), "v.csv:1: soort: kolom ontbreekt");
}

#[test]
fn a_missing_file_is_an_io_error() {
    let e = parse_csv("/nonexistent/verzuim.csv").unwrap_err();
    assert_eq!(e.code(), "verzuim.bestand_onleesbaar");
}

proptest! {
    #[test]
    fn hours_in_hundredths_convert_exactly(whole in 0u32..24, quarter in 0u32..4) {
        let minutes = whole * 60 + quarter * 15;
        prop_assume!(minutes > 0);
        let text = format!("leerling,datum,uren,soort\n1,2025-09-01,{whole}.{:02},ziek\n", quarter * 25);
        let r = parse(&text).unwrap();
        prop_assert_eq!(u32::from(r[0].minutes), minutes);
        prop_assert_eq!(crate::record::hours_nl(minutes).replace(',', "."), {
            let s = format!("{whole}.{:02}", quarter * 25);
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        });
    }
}

#[test]
fn record_line_skips_blank_lines() {
    let text =
        "leerling,datum,uren,soort,grond\r\n1,2026-03-06,5,ziek,\r\n\r\n2,2026-03-06,5,ziek,\n";
    assert_eq!(parse(text).unwrap().len(), 2);
    assert_eq!(record_line(text.as_bytes(), 0), Some(2));
    assert_eq!(record_line(text.as_bytes(), 1), Some(4));
    assert_eq!(record_line(text.as_bytes(), 2), None);
}
