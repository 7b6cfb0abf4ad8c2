//! Bad input, one case per rule: the exact message a user sees, with its line.
//! Files are read against the fixture region (GM0855 Tilburg, GM0766 Dongen, ZK14, UZOVI
//! 3311, SWV PO 30-07, board 41234, SO school 12AB00 with classes SO-1 and SO-2 in
//! 2026-2027, PO school 34CD00, provider 12345678, pupils 123456782 and 111222333).

use super::*;

const PUPILS: &str =
    "pgn,given_name,family_name,birth_date,municipality,insurer,valid_from,valid_until\n";
const ORGS: &str = "kind,code,name,valid_from,valid_until,zorgkantoor,region_name,school_type,cluster,board,swv,municipality\n";
const ENROL: &str = "pgn,school,class,school_year,valid_from,valid_until\n";
const IND: &str =
    "pgn,law,funder,delivery,category,hours_per_week,hours_in_school_time,valid_from,valid_until\n";

/// (file, text after the header, header, expected message)
fn cases() -> Vec<(&'static str, String, &'static str)> {
    let c = |file: &'static str, header: &str, rows: &str, expected: &'static str| {
        (file, format!("{header}{rows}"), expected)
    };
    vec![
        // --- pupils ---
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-09-09,GM0855,,,\n234567818,Mees,Visser,2016-09-09,GM0855,,,\n234567890,Fenna,Visser,2016-09-09,GM0855,,,\n",
            "pupils.csv:4: pgn: voldoet niet aan de 11-proef",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "23456780,Lotte,Visser,2016-09-09,GM0855,,,\n",
            "pupils.csv:2: pgn: moet 9 cijfers hebben, heeft er 8",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "123456782,Sanne,de Vries,2016-03-14,GM0855,,,\n",
            "pupils.csv:2: pgn: bestaat al",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-09-09,GM0855,,,\n234567806,Lotte,Visser,2016-09-09,GM0855,,,\n",
            "pupils.csv:3: pgn: bestaat al",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-09-09,GM9999,,,\n",
            "pupils.csv:2: municipality: onbekende gemeente 'GM9999'",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-09-09,ZK14,,,\n",
            "pupils.csv:2: municipality: 'ZK14' is een zorgkantoor, geen gemeente",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,,2016-09-09,GM0855,,,\n",
            "pupils.csv:2: family_name: verplicht veld ontbreekt",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-13-09,GM0855,,,\n",
            "pupils.csv:2: birth_date: '2016-13-09' is geen datum (verwacht JJJJ-MM-DD)",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,9-9-2016,GM0855,,,\n",
            "pupils.csv:2: birth_date: '9-9-2016' is geen datum (verwacht JJJJ-MM-DD)",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser,2016-09-09,GM0855,,,2016-01-01\n",
            "pupils.csv:2: valid_until: einddatum 2016-01-01 ligt voor begindatum 2016-09-09",
        ),
        // A quoted field may hold a newline: the next record starts a line further down.
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,\"Visser\nde Jong\",2016-09-09,GM0855,,,\n234567818,Mees,Visser,2016-09-09,GM0855,9999,,\n",
            "pupils.csv:4: insurer: onbekende zorgverzekeraar '9999'",
        ),
        c(
            "pupils.csv",
            PUPILS,
            "234567806,Lotte,Visser\n",
            "pupils.csv:2: rij: heeft 3 velden, de kopregel 8",
        ),
        c(
            "pupils.csv",
            "pgn,given_nme,family_name,birth_date,municipality\n",
            "",
            "pupils.csv:1: given_nme: onbekende kolom",
        ),
        c(
            "pupils.csv",
            "pgn,given_name,family_name,municipality\n",
            "",
            "pupils.csv:1: birth_date: verplichte kolom ontbreekt",
        ),
        c(
            "pupils.csv",
            "pgn,given_name,given_name,family_name,birth_date,municipality\n",
            "",
            "pupils.csv:1: given_name: kolom staat er twee keer in",
        ),
        c(
            "pupils.csv",
            "pgn;given_name;family_name;birth_date;municipality\n",
            "",
            "pupils.csv:1: kopregel: kolommen moeten met komma's gescheiden zijn, niet met puntkomma's",
        ),
        c(
            "pupils.csv",
            "",
            "",
            "pupils.csv:1: kopregel: kopregel ontbreekt",
        ),
        c(
            "lijst.csv",
            PUPILS,
            "",
            "lijst.csv:0: bestand: onbekend soort bestand: noem het naar wat het bevat (pupils.csv, leerlingen.csv, …) of geef de soort op",
        ),
        // --- organisations ---
        c(
            "organisations.csv",
            ORGS,
            "gemeente,GM0855,Tilburg,2020-01-01,,ZK14,,,,,,\n",
            "organisations.csv:2: code: bestaat al",
        ),
        c(
            "organisations.csv",
            ORGS,
            "stad,GM0001,X,2020-01-01,,ZK14,,,,,,\n",
            "organisations.csv:2: kind: onbekende waarde 'stad' (verwacht gemeente, zorgkantoor, zorgverzekeraar, swv, schoolbestuur, school of zorgaanbieder)",
        ),
        c(
            "organisations.csv",
            ORGS,
            "ouders,,Ouders van Lotte,2020-01-01,,,,,,,,\n",
            "organisations.csv:2: kind: ouders worden niet geïmporteerd",
        ),
        c(
            "organisations.csv",
            ORGS,
            "gemeente,GM001,X,2020-01-01,,ZK14,,,,,,\n",
            "organisations.csv:2: code: 'GM001' is geen geldige CBS-gemeentecode: verwacht GM gevolgd door 4 cijfers",
        ),
        c(
            "organisations.csv",
            ORGS,
            "gemeente,GM0001,X,2020-01-01,,ZK14,,po,,,,\n",
            "organisations.csv:2: school_type: hoort niet bij een gemeente",
        ),
        c(
            "organisations.csv",
            ORGS,
            "school,56EF00,X,2020-01-01,,,,po,3,41234,PO 30-07,GM0855\n",
            "organisations.csv:2: cluster: alleen voor so en vso",
        ),
        c(
            "organisations.csv",
            ORGS,
            "school,56EF00,X,2020-01-01,,,,vso,,41234,PO 30-07,GM0855\n",
            "organisations.csv:2: cluster: verplicht voor so en vso",
        ),
        c(
            "organisations.csv",
            ORGS,
            "school,56EF00,X,2020-01-01,,,,so,5,41234,PO 30-07,GM0855\n",
            "organisations.csv:2: cluster: cluster 5 bestaat niet (1 tot en met 4)",
        ),
        c(
            "organisations.csv",
            ORGS,
            "school,56EF00,X,2020-01-01,,,,so,3,41234,GM0855,GM0855\n",
            "organisations.csv:2: swv: 'GM0855' is een gemeente, geen samenwerkingsverband",
        ),
        // --- classes ---
        c(
            "classes.csv",
            "school,school_year,name\n",
            "12AB00,2026-2027,SO-1\n",
            "classes.csv:2: name: bestaat al",
        ),
        c(
            "classes.csv",
            "school,school_year,name\n",
            "12AB00,2026/2027,SO-3\n",
            "classes.csv:2: school_year: '2026/2027' is geen schooljaar (verwacht bijv. 2026-2027)",
        ),
        // --- enrolments ---
        c(
            "enrolments.csv",
            ENROL,
            "123456782,12AB00,,,2026-08-01,2026-01-01\n",
            "enrolments.csv:2: valid_until: einddatum 2026-01-01 ligt voor begindatum 2026-08-01",
        ),
        c(
            "enrolments.csv",
            ENROL,
            "234567806,12AB00,,,2026-08-01,\n",
            "enrolments.csv:2: pgn: onbekende leerling",
        ),
        c(
            "enrolments.csv",
            ENROL,
            "111222333,34CD00,SO-1,,2026-08-01,\n",
            "enrolments.csv:2: class: klas 'SO-1' bestaat niet bij deze school in schooljaar 2026-2027",
        ),
        c(
            "enrolments.csv",
            ENROL,
            "123456782,12AB00,SO-1,,2027-08-01,\n",
            "enrolments.csv:2: class: klas 'SO-1' bestaat niet bij deze school in schooljaar 2027-2028",
        ),
        c(
            "enrolments.csv",
            ENROL,
            "123456782,12AB00,,2026-2027,2027-08-01,\n",
            "enrolments.csv:2: school_year: alleen samen met een klas",
        ),
        c(
            "enrolments.csv",
            ENROL,
            "123456782,12345678,,,2026-08-01,\n",
            "enrolments.csv:2: school: '12345678' is een zorgaanbieder, geen school",
        ),
        // --- tlvs, indications, needs, assignments, agreements ---
        c(
            "tlvs.csv",
            "pgn,swv,category,emb,valid_from\n",
            "123456782,PO 30-07,hoog,misschien,2026-08-01\n",
            "tlvs.csv:2: emb: 'misschien' is geen ja/nee-waarde (verwacht true, false, ja of nee)",
        ),
        c(
            "indications.csv",
            IND,
            "123456782,wlz,3311,zin,verzorging,6,4,2026-08-01,\n",
            "indications.csv:2: funder: '3311' is een zorgverzekeraar, geen zorgkantoor",
        ),
        c(
            "indications.csv",
            IND,
            "123456782,jeugdwet,ZK14,zin,gedrag,6,4,2026-08-01,\n",
            "indications.csv:2: funder: 'ZK14' is een zorgkantoor, geen gemeente",
        ),
        c(
            "indications.csv",
            IND,
            "123456782,wlz,ZK14,zin,verzorging,4,\"4,5\",2026-08-01,\n",
            "indications.csv:2: hours_in_school_time: 4,5 uur is meer dan de 4 uur per week",
        ),
        c(
            "indications.csv",
            IND,
            "123456782,wlz,ZK14,zin,onderwijsondersteuning,4,4,2026-08-01,\n",
            "indications.csv:2: category: onderwijsondersteuning valt onder geen zorgwet",
        ),
        c(
            "indications.csv",
            IND,
            "123456782,wet,ZK14,zin,verzorging,4,4,2026-08-01,\n",
            "indications.csv:2: law: onbekende waarde 'wet' (verwacht wlz, zvw, jeugdwet of wmo)",
        ),
        c(
            "needs.csv",
            "pgn,category,mode,required_qualification,valid_from\n",
            "123456782,verpleging,individual,Voorbehouden!,2026-08-01\n",
            "needs.csv:2: required_qualification: 'Voorbehouden!' is geen kwalificatiecode (kleine letters, cijfers, _ of -)",
        ),
        c(
            "provider_assignments.csv",
            "pgn,provider,valid_from\n",
            "123456782,1234567,2026-08-01\n",
            "provider_assignments.csv:2: provider: '1234567' is geen geldige AGB-code: verwacht 8 cijfers",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties\n",
            "12AB00,2026-08-01,gemeente GM0855 financier\n",
            "agreements.csv:2: parties: partij 1: 'gemeente GM0855 financier' heeft niet de vorm soort:code=rol",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier;zorgkantoor:GM0766=financier\n",
            "agreements.csv:2: parties: partij 2: 'GM0766' is een gemeente, geen zorgkantoor",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties\n",
            "12AB00,2026-08-01,\n",
            "agreements.csv:2: parties: verplicht veld ontbreekt",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,categories\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier,verzorging;toveren\n",
            "agreements.csv:2: categories: onbekende categorie 'toveren' (verwacht begeleiding, gedrag, psychisch, sociaal, verzorging, paramedisch, verpleging, geneeskundig)",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,categories\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier,onderwijsondersteuning\n",
            "agreements.csv:2: categories: onderwijsondersteuning hoort bij de school en het samenwerkingsverband, niet bij een afspraak over zorg",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,tariffs\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier,gemeente:GM0766=64\n",
            "agreements.csv:2: tariffs: 'gemeente:GM0766=64': is geen partij van deze afspraak",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,tariffs\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier,gemeente:GM0855=64.555\n",
            "agreements.csv:2: tariffs: 'gemeente:GM0855=64.555': '64.555' is geen bedrag of getal met hoogstens twee decimalen",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,allocation_key,shares\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier;zorgkantoor:ZK14=financier,vaste_percentages,gemeente:GM0855=60;zorgkantoor:ZK14=30\n",
            "agreements.csv:2: shares: de percentages tellen op tot 90,00 %, niet tot 100 %",
        ),
        c(
            "agreements.csv",
            "school,valid_from,parties,allocation_key\n",
            "12AB00,2026-08-01,gemeente:GM0855=financier,naar_rato\n",
            "agreements.csv:2: allocation_key: onbekende waarde 'naar_rato' (verwacht uren_maal_tarief, leerlingen of vaste_percentages)",
        ),
        c(
            "classes.csv",
            "school,school_year,name,lesson_times\n",
            "12AB00,2027-2028,SO-9,ma 08:30-12:00;ma 11:00-14:00\n",
            "classes.csv:2: lesson_times: ma 08:30-12:00 en ma 11:00-14:00 overlappen",
        ),
        c(
            "needs.csv",
            "pgn,category,mode,valid_from,blocks\n",
            "123456782,gedrag,group,2026-08-01,wo 12:00-11:30\n",
            "needs.csv:2: blocks: 'wo 12:00-11:30': het einde ligt niet na het begin",
        ),
        c(
            "workers.csv",
            "provider,name,valid_from,weekdays\n",
            "12345678,Joost Smit,2024-01-01,ma;zaterdag\n",
            "workers.csv:2: weekdays: 'zaterdag' is geen dag (ma, di, wo, do, vr, za, zo)",
        ),
        c(
            "workers.csv",
            "provider,name,valid_from,hourly_cost\n",
            "12345678,Joost Smit,2024-01-01,€ 64\n",
            "workers.csv:2: hourly_cost: '€ 64' is geen bedrag of getal met hoogstens twee decimalen",
        ),
    ]
}

#[test]
fn each_bad_input_names_file_line_field_and_reason() {
    for (file, text, expected) in cases() {
        let got = import_csv(region_known(), &[(file, &text)]);
        assert_eq!(got.err().as_deref(), Some(expected), "{file}:\n{text}");
        assert_no_pgn(expected);
    }
}

#[test]
fn a_bad_value_in_a_wrong_column_is_not_shown_when_it_could_be_a_bsn() {
    let text = format!("{PUPILS}234567806,Lotte,Visser,2016-09-09,123456782,,,\n");
    let e = import_csv(region_known(), &[("pupils.csv", &text)]).unwrap_err();
    assert_eq!(
        e,
        "pupils.csv:2: municipality: '*****6782' is geen geldige CBS-gemeentecode: verwacht GM gevolgd door 4 cijfers"
    );
}

#[test]
fn blank_lines_and_rows_of_only_commas_are_skipped_but_counted() {
    let text = format!("{PUPILS}\n,,,,,,,\n234567806,Lotte,Visser,2016-09-09,GM9999,,,\n");
    let e = import_csv(region_known(), &[("pupils.csv", &text)]).unwrap_err();
    assert_eq!(e, "pupils.csv:4: municipality: onbekende gemeente 'GM9999'");
}

#[test]
fn a_file_that_cannot_be_read_is_reported_on_line_zero() {
    let mut importer = Importer::new(Known::default());
    let e = importer
        .read_file(Path::new("/nonexistent/pupils.csv"), None)
        .unwrap_err();
    assert_eq!((e.line, e.field.as_str()), (0, "bestand"));
    assert!(
        e.to_string()
            .starts_with("/nonexistent/pupils.csv:0: bestand: kan niet worden gelezen")
    );
}

#[test]
fn invalid_utf8_is_reported_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("leerlingen.csv");
    let mut bytes = PUPILS.as_bytes().to_vec();
    bytes.extend_from_slice(b"234567806,Lotte,Vi\xffsser,2016-09-09,GM0855,,,\n");
    std::fs::write(&path, bytes).unwrap();
    let e = Importer::new(region_known())
        .read_file(&path, None)
        .unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (2, "geen geldige UTF-8"));
}
