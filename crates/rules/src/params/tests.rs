#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::citation::Citation;
use crate::error::RuleError;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// Loads `text` as file `t.toml` whose only parameter `p` is a number of years.
fn load(text: &str) -> Result<Dated<u32>, ParamsError> {
    let mut f = ParamFile::parse("t.toml", text)?;
    let p = f.take::<u32>("p", Unit::Years)?;
    f.finish()?;
    Ok(p)
}

fn refused(text: &str) -> String {
    match load(text) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(e) => e.to_string(),
    }
}

const LAW: &str =
    "[law]\nbwb = \"BWBR0002628\"\ntext_versions = [2026-08-01]\nchecked_on = 2026-11-23\n";

#[test]
fn the_embedded_files_load_and_every_parameter_is_cited() {
    let p = Params::embedded().unwrap();
    assert_eq!(
        p.leerplichtwet.start_age.at(d(2026, 9, 1)).unwrap().value,
        5
    );
    assert_eq!(
        p.emb_regeling
            .cap_per_pupil
            .at(d(2026, 9, 1))
            .unwrap()
            .value,
        Cents(800_000)
    );
    assert_eq!(
        p.emb_regeling
            .budget_per_year
            .at(d(2026, 12, 31))
            .unwrap()
            .value,
        Cents(1_000_000_000)
    );
    assert_eq!(
        p.passend_onderwijs
            .zorgplicht_term
            .at(d(2026, 9, 1))
            .unwrap()
            .value,
        6
    );
    assert_eq!(
        p.passend_onderwijs
            .zorgplicht_extension
            .at(d(2026, 9, 1))
            .unwrap()
            .value,
        4
    );
    let v = p.verzuim.report_hours.at(d(2026, 9, 1)).unwrap();
    assert_eq!(
        (v.value, v.cite.key()),
        (16, "BWBR0002628 art. 21a lid 1".to_owned())
    );
    assert_eq!(p.verzuim.report_window.at(d(2026, 9, 1)).unwrap().value, 4);
    assert_eq!(
        p.verzuim.thuiszitter_weeks.at(d(2026, 9, 1)).unwrap().value,
        4
    );
    assert_eq!(p.verzuim.at_home_months.at(d(2026, 9, 1)).unwrap().value, 3);
    assert_eq!(
        p.verzuim.mazl_sick_times.at(d(2026, 9, 1)).unwrap().value,
        4
    );
    assert_eq!(
        p.verzuim.mazl_sick_window.at(d(2026, 9, 1)).unwrap().value,
        12
    );
    assert_eq!(
        p.vrijstelling
            .statement_max_age
            .at(d(2026, 9, 1))
            .unwrap()
            .value,
        3
    );
    let renewal = p.vrijstelling.renewal_before.at(d(2026, 9, 1)).unwrap();
    assert_eq!(renewal.value.in_year(2027), Some(d(2027, 7, 1)));
    assert_eq!(
        renewal.cite.to_string(),
        "Leerplichtwet 1969, art. 6 lid 2 onder b (BWBR0002628)"
    );
    assert_eq!(
        p.text_versions().get(&Law::Leerplichtwet),
        Some(&vec![d(2026, 8, 1)])
    );
    let v = p.jeugdwet.jeugdige_age_limit.at(d(2026, 9, 1)).unwrap();
    assert_eq!(
        (v.value, v.cite.key()),
        (18, "BWBR0034925 art. 1.1".to_owned())
    );
    assert_eq!(
        p.text_versions().get(&Law::Jeugdwet),
        Some(&vec![d(2026, 1, 1)])
    );
}

#[test]
fn the_emb_regeling_has_no_value_after_2026() {
    let p = Params::embedded().unwrap();
    let err = p.emb_regeling.cap_per_pupil.at(d(2027, 1, 1)).unwrap_err();
    assert_eq!(
        err,
        RuleError::NoPeriod {
            param: "emb_regeling.cap_per_pupil".into(),
            on: d(2027, 1, 1)
        }
    );
    assert_eq!(err.code(), "params.geen_periode");
    assert_eq!(
        err.to_string(),
        "geen waarde van parameter emb_regeling.cap_per_pupil bekend op 2027-01-01"
    );
}

#[test]
fn the_embedded_files_were_compared_with_the_law_within_a_year() {
    let p = Params::embedded().unwrap();
    // Time is read here, in a test, never in the rules.
    let today = chrono::Utc::now().date_naive();
    for (file, law, checked) in p.stale(today) {
        eprintln!("warning: {file} ({law}) last compared with the law text on {checked}");
    }
    assert!(p.stale(d(2026, 11, 23)).is_empty());
    assert_eq!(p.stale(d(2027, 11, 24)).len(), 5);
}

#[test]
fn a_value_takes_effect_on_its_date_and_the_previous_one_ends_the_day_before() {
    let p = load(&format!(
        "{LAW}[p]\nunit = \"years\"\nmeaning = \"m\"\n\
         [[p.values]]\nfrom = 2020-01-01\nuntil = 2030-07-31\nvalue = 16\ncite = {{ article = \"3\", lid = 1 }}\n\
         [[p.values]]\nfrom = 2030-08-01\nvalue = 17\ncite = {{ policy = \"seed 004\" }}\n"
    ))
    .unwrap();
    let before = p.at(d(2030, 7, 31)).unwrap();
    assert_eq!(
        (before.value, before.cite.key()),
        (16, "BWBR0002628 art. 3 lid 1".to_owned())
    );
    let after = p.at(d(2030, 8, 1)).unwrap();
    assert_eq!(
        (after.value, after.cite),
        (17, &Citation::policy("seed 004"))
    );
    assert_eq!(p.at(d(2999, 1, 1)).unwrap().value, 17);
    assert_eq!(
        p.at(d(2019, 12, 31)).unwrap_err().to_string(),
        "geen waarde van parameter t.p bekend op 2019-12-31"
    );
    assert_eq!(p.name(), "t.p");
    assert_eq!(p.unit(), Unit::Years);
}

#[test]
fn values_may_come_in_any_order_in_the_file() {
    let p = load(
        "[p]\nunit = \"years\"\nmeaning = \"m\"\n\
         [[p.values]]\nfrom = 2030-01-01\nvalue = 2\ncite = { policy = \"s\" }\n\
         [[p.values]]\nfrom = 2020-01-01\nuntil = 2029-12-31\nvalue = 1\ncite = { policy = \"s\" }\n",
    )
    .unwrap();
    assert_eq!(p.at(d(2025, 1, 1)).unwrap().value, 1);
    assert_eq!(p.at(d(2030, 1, 1)).unwrap().value, 2);
}

const HEAD: &str = "[p]\nunit = \"years\"\nmeaning = \"m\"\n[[p.values]]\n";

#[test]
fn an_unknown_key_is_refused_with_file_line_and_field() {
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvaleu = 5\ncite = {{ policy = \"s\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:6: p.values[0].valeu: onbekende sleutel (toegestaan: from, until, value, cite)"
    );
    let e = refused("[p]\nunit = \"years\"\nmeening = \"m\"\n");
    assert_eq!(
        e,
        "t.toml:3: p.meening: onbekende sleutel (toegestaan: unit, meaning, values)"
    );
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ policy = \"s\", page = 3 }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:7: p.values[0].cite.page: onbekende sleutel (toegestaan: law, article, lid, onder, policy)"
    );
    let e = refused(&format!(
        "[law]\nbwb = \"BWBR0002628\"\ntext_version = [2026-08-01]\n{HEAD}"
    ));
    assert_eq!(
        e,
        "t.toml:3: law.text_version: onbekende sleutel (toegestaan: bwb, text_versions, checked_on)"
    );
}

#[test]
fn an_unknown_parameter_is_refused() {
    let text = format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ policy = \"s\" }}\n[q]\nunit = \"years\"\nmeaning = \"m\"\n[[q.values]]\nfrom = 2020-01-01\nvalue = 5\ncite = {{ policy = \"s\" }}\n"
    );
    assert_eq!(
        refused(&text),
        "t.toml:8: q: onbekende parameter: geen regel gebruikt deze naam"
    );
}

#[test]
fn overlapping_periods_are_refused() {
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ policy = \"s\" }}\n\
         [[p.values]]\nfrom = 2024-01-01\nvalue = 6\ncite = {{ policy = \"s\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:10: p.values[1].from: periode vanaf 2024-01-01 overlapt met de periode vanaf 2020-01-01 (regel 6)"
    );
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nuntil = 2024-01-01\nvalue = 5\ncite = {{ policy = \"s\" }}\n\
         [[p.values]]\nfrom = 2024-01-01\nvalue = 6\ncite = {{ policy = \"s\" }}\n"
    ));
    assert!(
        e.starts_with("t.toml:11: p.values[1].from: periode vanaf 2024-01-01 overlapt"),
        "{e}"
    );
}

#[test]
fn a_value_without_a_citation_is_refused() {
    let e = refused(&format!("{HEAD}from = 2020-01-01\nvalue = 5\n"));
    assert_eq!(
        e,
        "t.toml:6: p.values[0].cite: waarde zonder bron: cite ontbreekt"
    );
}

#[test]
fn an_unknown_unit_is_refused_and_so_is_a_unit_the_rule_does_not_expect() {
    let e = refused("[p]\nunit = \"furlongs\"\nmeaning = \"m\"\n");
    assert!(
        e.starts_with(
            "t.toml:2: p.unit: onbekende eenheid \"furlongs\" (bekend: years, school years,"
        ),
        "{e}"
    );
    let e = refused(
        "[p]\nunit = \"weeks\"\nmeaning = \"m\"\n[[p.values]]\nfrom = 2020-01-01\nvalue = 5\ncite = { policy = \"s\" }\n",
    );
    assert_eq!(
        e,
        "t.toml:2: p.unit: eenheid \"weeks\" waar de regel \"years\" verwacht"
    );
}

#[test]
fn until_before_from_is_refused() {
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nuntil = 2019-12-31\nvalue = 5\ncite = {{ policy = \"s\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:6: p.values[0].until: until 2019-12-31 ligt voor from 2020-01-01"
    );
}

#[test]
fn wrong_types_missing_fields_and_unknown_laws_are_refused() {
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = \"vijf\"\ncite = {{ policy = \"s\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:6: p.values[0].value: verwacht een geheel getal van 0 of meer"
    );
    let e = refused(&format!(
        "{HEAD}from = \"2020-01-01\"\nvalue = 5\ncite = {{ policy = \"s\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:5: p.values[0].from: verwacht een datum als 2026-08-01"
    );
    let e = refused(&format!("{HEAD}value = 5\ncite = {{ policy = \"s\" }}\n"));
    assert_eq!(e, "t.toml:4: p.values[0].from: ontbreekt");
    let e = refused("[p]\nunit = \"years\"\nmeaning = \"m\"\n");
    assert_eq!(e, "t.toml:1: p.values: ontbreekt");
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ article = \"3\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:7: p.values[0].cite: artikel zonder wet: geef cite.law of een [law]-sectie"
    );
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ law = \"BWBR1234567\", article = \"3\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:7: p.values[0].cite.law: onbekende wet \"BWBR1234567\" (verwacht het BWB-id van een bekende wet)"
    );
    let e = refused("[law]\nbwb = \"BWBR1234567\"\n");
    assert_eq!(
        e,
        "t.toml:2: law.bwb: onbekende wet \"BWBR1234567\" (verwacht het BWB-id van een bekende wet)"
    );
    let e = refused(&format!(
        "{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ policy = \"s\", article = \"3\" }}\n"
    ));
    assert_eq!(
        e,
        "t.toml:7: p.values[0].cite: cite noemt een artikel of een beleidsbron, niet beide"
    );
    let e = refused(
        "[r]\nunit = \"years\"\nmeaning = \"m\"\n[[r.values]]\nfrom = 2020-01-01\nvalue = 5\ncite = { policy = \"s\" }\n",
    );
    assert_eq!(e, "t.toml:1: p: ontbreekt");
}

#[test]
fn a_file_that_is_not_toml_is_refused_with_its_line() {
    let e = refused("[p]\nunit = \"years\"\nmeaning = m\n");
    assert!(e.starts_with("t.toml:3: : geen geldige TOML:"), "{e}");
}

#[test]
fn an_article_cites_the_law_of_the_file_unless_it_names_another() {
    let p = load(&format!(
        "{LAW}{HEAD}from = 2020-01-01\nvalue = 5\ncite = {{ law = \"BWBR0003549\", article = 14, lid = 1, onder = \"b\" }}\n"
    ))
    .unwrap();
    assert_eq!(
        p.values()[0].cite.key(),
        "BWBR0003549 art. 14 lid 1 onder b"
    );
}

#[test]
fn all_files_must_be_present_agree_on_text_versions_and_no_other_file_is_read() {
    let mut files = EMBEDDED.to_vec();
    files.pop();
    let e = Params::from_texts(&files).unwrap_err().to_string();
    assert_eq!(e, "jeugdwet.toml:1: : bestand ontbreekt");

    let mut files = EMBEDDED.to_vec();
    files.push(("extra.toml", ""));
    let e = Params::from_texts(&files).unwrap_err().to_string();
    assert_eq!(e, "extra.toml:1: : onbekend parameterbestand");

    let changed = EMBEDDED[3].1.replace(
        "text_versions = [2026-08-01]",
        "text_versions = [2025-01-01, 2026-08-01]",
    );
    let mut files = EMBEDDED.to_vec();
    files[3] = (EMBEDDED[3].0, &changed);
    let e = Params::from_texts(&files).unwrap_err().to_string();
    assert_eq!(
        e,
        "verzuim.toml:6: law.text_versions: text_versions van Leerplichtwet 1969 verschillen van die in leerplichtwet.toml"
    );

    let unsorted = EMBEDDED[0].1.replace(
        "text_versions = [2026-08-01]",
        "text_versions = [2026-08-01, 2020-01-01]",
    );
    let mut files = EMBEDDED.to_vec();
    files[0] = (EMBEDDED[0].0, &unsorted);
    let e = Params::from_texts(&files).unwrap_err().to_string();
    assert_eq!(
        e,
        "leerplichtwet.toml:8: law.text_versions: text_versions moeten oplopen en mogen niet leeg zijn"
    );
}

#[test]
fn a_day_of_year_is_written_with_two_leading_dashes() {
    let ok = |s: &str| MonthDay::from_toml(&DeValue::String(s.into()));
    use toml::de::DeValue;
    assert_eq!(ok("--07-01"), Some(MonthDay { month: 7, day: 1 }));
    assert_eq!(ok("07-01"), None);
    assert_eq!(ok("--02-29"), None);
    assert_eq!(ok("--13-01"), None);
    assert_eq!(MonthDay { month: 7, day: 1 }.to_string(), "--07-01");
}
