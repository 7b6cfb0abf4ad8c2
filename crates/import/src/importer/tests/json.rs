//! The JSON document: same fields as the CSV columns, lowerCamelCase; errors name the line
//! where the offending element starts.

use super::*;

fn import_json(known: Known, text: &str) -> Result<RegisterBatch, String> {
    let mut importer = Importer::new(known);
    importer
        .read_str("register.json", text, Format::Json, None)
        .map_err(|e| e.to_string())?;
    Ok(importer.finish())
}

const DOCUMENT: &str = r#"{
  "formatVersion": "continuum-register/1",
  "pupils": [
    {"pgn": "234567806", "givenName": "Lotte", "familyName": "Visser",
     "birthDate": "2016-09-09", "municipality": "GM0855"}
  ],
  "organisations": [
    {"kind": "zorgaanbieder", "code": "87654321", "name": "Zorg Zuid", "validFrom": "2020-01-01"}
  ],
  "workers": [
    {"provider": "87654321", "name": "Sem de Wit", "qualifications": ["voorbehouden"],
     "validFrom": "2024-01-01"}
  ],
  "tlvs": [
    {"pgn": "234567806", "swv": "PO 30-07", "category": "laag", "emb": true, "validFrom": "2026-08-01"}
  ],
  "indications": [
    {"pgn": "234567806", "law": "wmo", "funder": "GM0855", "delivery": "zin",
     "category": "begeleiding", "hoursPerWeek": 2.5, "hoursInSchoolTime": 2,
     "validFrom": "2026-08-01", "validUntil": null}
  ],
  "agreements": [
    {"school": "12AB00", "validFrom": "2026-08-01", "scope": "ZiO",
     "parties": [{"kind": "gemeente", "code": "GM0855", "role": "financier"},
                 {"kind": "zorgaanbieder", "code": "87654321", "role": "zorgaanbieder"}]}
  ]
}
"#;

#[test]
fn a_document_is_read_in_entity_order_whatever_its_key_order() {
    let batch = import_json(region_known(), DOCUMENT).unwrap();
    let c = batch.counts();
    assert_eq!(
        (c.organisations, c.workers, c.pupils, c.facts, c.agreements),
        (1, 1, 1, 2, 1)
    );
    assert_eq!(batch.workers[0].1.provider, batch.organisations[0].0);
    assert_eq!(
        batch.agreements[0].1.parties[1].organisation,
        batch.organisations[0].0
    );
}

/// (document, expected message)
fn cases() -> Vec<(String, &'static str)> {
    let with = |from: &str, to: &str| DOCUMENT.replacen(from, to, 1);
    vec![
        (
            with(
                r#""municipality": "GM0855"}"#,
                r#""municipality": "GM0855"},
    {"pgn": "234567890", "givenName": "Fenna", "familyName": "Visser",
     "birthDate": "2016-09-09", "municipality": "GM0855"}"#,
            ),
            "register.json:6: pgn: voldoet niet aan de 11-proef",
        ),
        (
            with(r#""hoursInSchoolTime": 2"#, r#""hoursInSchoolTime": 3"#),
            "register.json:18: hoursInSchoolTime: 3 uur is meer dan de 2,5 uur per week",
        ),
        (
            with(r#""givenName""#, r#""givenNme""#),
            "register.json:4: givenNme: onbekend veld",
        ),
        (
            with(r#""pupils""#, r#""leerlingen""#),
            "register.json:3: leerlingen: onbekend veld",
        ),
        (
            with("continuum-register/1", "continuum-register/2"),
            "register.json:2: formatVersion: verwacht \"continuum-register/1\"",
        ),
        (
            with(r#"["voorbehouden"]"#, r#""voorbehouden""#),
            "register.json:11: qualifications: verwacht een lijst van teksten",
        ),
        (
            with(r#""role": "financier"}"#, r#""rol": "financier"}"#),
            "register.json:23: parties: partij 1: onbekend veld 'rol'",
        ),
        (
            with(r#""laag", "emb""#, r#""laag" "emb""#),
            "register.json:15: document: ongeldige JSON (kolom 64)",
        ),
        (
            with(r#""tlvs": ["#, r#""tlvs": {"#).replacen(
                r#""2026-08-01"}
  ],"#,
                r#""2026-08-01"}
  },"#,
                1,
            ),
            "register.json:15: document: ongeldige JSON (kolom 5)",
        ),
        (
            with(
                r#""organisations": ["#,
                r#""organisations": 3, "classes": ["#,
            ),
            "register.json:7: organisations: verwacht een lijst",
        ),
        (
            with(
                r#""validFrom": "2020-01-01""#,
                r#""validFrom": "2020-01-01", "name": "Zorg Noord""#,
            ),
            "register.json:8: name: staat er twee keer in",
        ),
        (
            "[]".to_owned(),
            "register.json:1: document: verwacht een JSON-object",
        ),
        (
            "{\n  \"pupils\": [\n".to_owned(),
            "register.json:3: document: JSON houdt onverwacht op",
        ),
    ]
}

#[test]
fn each_bad_document_names_the_line_where_the_element_starts() {
    for (text, expected) in cases() {
        let got = import_json(region_known(), &text);
        assert_eq!(got.err().as_deref(), Some(expected), "\n{text}");
        assert_no_pgn(expected);
    }
}

#[test]
fn an_empty_document_is_an_empty_batch() {
    let batch = import_json(Known::default(), "{}").unwrap();
    assert_eq!(batch, RegisterBatch::default());
}
