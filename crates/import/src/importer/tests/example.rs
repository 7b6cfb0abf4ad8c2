//! A complete small set of CSV files, as a school region would send them.

use super::*;
use continuum_domain::register::{
    AllocationKey, CareLaw, Fact, FactKind, NeedCategory, OrgDetails, OrgKind,
};

pub(super) const ORGANISATIONS: &str = "\
kind,code,name,valid_from,valid_until,zorgkantoor,region_name,school_type,cluster,board,swv,municipality
school,12AB00,SO De Regenboog,2020-01-01,,,,so,3,41234,PO 30-07,GM0855
zorgkantoor,ZK14,Zorgkantoor Midden-Brabant,2020-01-01,,,Midden-Brabant,,,,,
gemeente,GM0855,Gemeente Tilburg,2020-01-01,,ZK14,,,,,,
zorgverzekeraar,3311,Zorgverzekeraar Zuid,2020-01-01,,,,,,,,
swv,PO 30-07,SWV PO Midden-Brabant,2020-01-01,,,,,,,,
schoolbestuur,41234,Stichting SO Brabant,2020-01-01,2030-12-31,,,,,,,
zorgaanbieder,12345678,Zorggroep De Linde,2020-01-01,,,,,,,,
school,34CD00,Basisschool De Linde,2020-01-01,,,,po,,41234,PO 30-07,GM0855
";

pub(super) const CLASSES: &str = "\
school,school_year,name,lesson_times
12AB00,2026-2027,SO-1,ma 08:30-14:30;wo 08:30-12:30;di 8:30-14:30
12AB00,2026-2027,SO-2,
";

pub(super) const WORKERS: &str = "\
provider,name,qualifications,valid_from,valid_until,weekdays,max_hours_per_week,max_hours_per_day,hourly_cost
12345678,Fatima Bakker,voorbehouden;tillen,2024-01-01,,ma;di;do,24,6,\"64,50\"
12345678,Joost Smit,,2024-01-01,2027-07-31,,,,
";

pub(super) const PUPILS: &str = "\
pgn,given_name,family_name,birth_date,municipality,insurer,valid_from,valid_until
123456782,Sanne,de Vries,2016-03-14,GM0855,3311,,
111222333,Daan,Jansen,2017-06-02,GM0855,,2021-08-01,
100000004,Noor,\"Bos, van den\",2015-01-20,GM0855,3311,,
";

pub(super) const ENROLMENTS: &str = "\
pgn,school,class,valid_from,valid_until
123456782,12AB00,SO-1,2026-08-01,2027-07-31
111222333,34CD00,,2026-08-01,
100000004,12AB00,SO-2,2026-08-01,
";

pub(super) const TLVS: &str = "\
pgn,swv,category,emb,valid_from,valid_until
123456782,PO 30-07,hoog,nee,2026-08-01,2027-07-31
100000004,PO 30-07,midden,,2026-08-01,2028-07-31
";

pub(super) const INDICATIONS: &str = "\
pgn,law,funder,delivery,category,hours_per_week,hours_in_school_time,valid_from,valid_until
123456782,wlz,ZK14,zin,verzorging,6,4,2026-08-01,2027-07-31
123456782,zvw,3311,zin,verpleging,\"2,5\",2.25,2026-08-01,2027-07-31
100000004,jeugdwet,GM0855,pgb,gedrag,3,0,2026-08-01,
";

pub(super) const NEEDS: &str = "\
pgn,category,mode,required_qualification,valid_from,valid_until,blocks
123456782,verpleging,individual,voorbehouden,2026-08-01,2027-07-31,wo 11:30-12:00;ma 11:30-12:00
100000004,gedrag,group,,2026-08-01,,
";

pub(super) const PROVIDER_ASSIGNMENTS: &str = "\
pgn,provider,valid_from,valid_until
123456782,12345678,2026-08-01,
";

pub(super) const AGREEMENTS: &str = "\
school,valid_from,valid_until,scope,parties,categories,allocation_key,tariffs,shares
12AB00,2026-08-01,2027-07-31,Zorg in onderwijstijd,gemeente:GM0855=financier;zorgkantoor:ZK14=financier;zorgaanbieder:12345678=zorgaanbieder,verzorging;verpleging,vaste_percentages,gemeente:GM0855=64;zorgkantoor:ZK14=66.5,gemeente:GM0855=60;zorgkantoor:ZK14=40
";

pub(super) fn all_files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("organisations.csv", ORGANISATIONS),
        ("classes.csv", CLASSES),
        ("workers.csv", WORKERS),
        ("pupils.csv", PUPILS),
        ("enrolments.csv", ENROLMENTS),
        ("tlvs.csv", TLVS),
        ("indications.csv", INDICATIONS),
        ("needs.csv", NEEDS),
        ("provider_assignments.csv", PROVIDER_ASSIGNMENTS),
        ("agreements.csv", AGREEMENTS),
    ]
}

#[test]
fn a_complete_set_resolves_across_files_into_one_batch() {
    let batch = import_csv(Known::default(), &all_files()).unwrap();
    let c = batch.counts();
    assert_eq!(
        (
            c.organisations,
            c.classes,
            c.workers,
            c.pupils,
            c.facts,
            c.agreements
        ),
        (8, 2, 2, 3, 11, 1)
    );
    let id_of = |kind: OrgKind, code: &str| {
        batch
            .organisations
            .iter()
            .find(|(_, o)| o.details.kind() == kind && o.details.code().as_deref() == Some(code))
            .map(|(id, _)| *id)
            .unwrap()
    };
    let tilburg = id_of(OrgKind::Gemeente, "GM0855");
    let so = id_of(OrgKind::School, "12AB00");
    // The school row above its gemeente, board and SWV still found them (two passes).
    let Some((_, school)) = batch.organisations.iter().find(|(id, _)| *id == so) else {
        panic!("school missing")
    };
    let OrgDetails::School {
        municipality,
        board,
        cluster,
        ..
    } = &school.details
    else {
        panic!("not a school")
    };
    assert_eq!(*municipality, tilburg);
    assert_eq!(*board, id_of(OrgKind::Schoolbestuur, "41234"));
    assert_eq!(cluster.map(|c| c.number()), Some(3));

    let sanne = batch
        .pupils
        .iter()
        .find(|(_, p)| p.given_name == "Sanne")
        .unwrap()
        .0;
    let so1 = batch
        .classes
        .iter()
        .find(|(_, c)| c.name == "SO-1")
        .unwrap()
        .0;
    let sanne_facts: Vec<&Fact> = batch
        .facts
        .iter()
        .filter(|(_, f)| f.pupil == sanne)
        .map(|(_, f)| &f.fact)
        .collect();
    assert!(sanne_facts.contains(&&Fact::Enrolment {
        school: so,
        class: Some(so1)
    }));
    let wlz = sanne_facts
        .iter()
        .find(|f| {
            matches!(
                f,
                Fact::Indication {
                    law: CareLaw::Wlz,
                    ..
                }
            )
        })
        .unwrap();
    assert_eq!(
        wlz.organisation(),
        Some(id_of(OrgKind::Zorgkantoor, "ZK14"))
    );
    let zvw_hours = sanne_facts.iter().find_map(|f| match f {
        Fact::Indication {
            law: CareLaw::Zvw,
            hours_per_week,
            hours_in_school_time,
            ..
        } => Some((hours_per_week.0, hours_in_school_time.0)),
        _ => None,
    });
    assert_eq!(zvw_hours, Some((250, 225)));
    let kinds: Vec<FactKind> = sanne_facts.iter().map(|f| f.kind()).collect();
    assert_eq!(kinds.len(), 6);
    let noor = batch
        .pupils
        .iter()
        .find(|(_, p)| p.given_name == "Noor")
        .unwrap();
    assert_eq!(noor.1.family_name, "Bos, van den");
    assert_eq!(noor.1.period.start(), noor.1.birth_date);
    // The agreement covers the care categories it lists, no others, with a tariff and a
    // share for each funder.
    let agreement = &batch.agreements[0].1;
    assert_eq!(
        agreement.categories,
        vec![NeedCategory::Verzorging, NeedCategory::Verpleging]
    );
    assert_eq!(agreement.allocation_key, AllocationKey::FixedPercentages);
    let terms: Vec<(Option<i64>, Option<u32>)> = agreement
        .parties
        .iter()
        .map(|p| (p.tariff_per_hour.map(|c| c.0), p.share_basis_points))
        .collect();
    assert_eq!(
        terms,
        vec![
            (Some(6_400), Some(6_000)),
            (Some(6_650), Some(4_000)),
            (None, None)
        ]
    );
    // Lesson times come sorted; a need's blocks too; a worker's days and limits.
    let so1_times: Vec<String> = batch
        .classes
        .iter()
        .find(|(_, c)| c.name == "SO-1")
        .unwrap()
        .1
        .lesson_times
        .iter()
        .map(|b| b.to_string())
        .collect();
    assert_eq!(
        so1_times,
        ["ma 08:30-14:30", "di 08:30-14:30", "wo 08:30-12:30"]
    );
    let blocks = sanne_facts.iter().find_map(|f| match f {
        Fact::Need { blocks, .. } => Some(blocks.iter().map(|b| b.to_string()).collect::<Vec<_>>()),
        _ => None,
    });
    assert_eq!(
        blocks,
        Some(vec![
            "ma 11:30-12:00".to_owned(),
            "wo 11:30-12:00".to_owned()
        ])
    );
    let fatima = &batch
        .workers
        .iter()
        .find(|(_, w)| w.name == "Fatima Bakker")
        .unwrap()
        .1;
    assert_eq!(
        (
            fatima.weekdays.iter().map(|d| d.iso()).collect::<Vec<_>>(),
            fatima.max_hours_per_week.map(|h| h.0),
            fatima.max_hours_per_day.map(|h| h.0),
            fatima.hourly_cost.map(|c| c.0)
        ),
        (vec![1, 2, 4], Some(2_400), Some(600), Some(6_450))
    );
}

#[test]
fn files_can_refer_to_what_is_already_stored() {
    let r = region();
    let files = [
        (
            "leerlingen.csv",
            "pgn,given_name,family_name,birth_date,municipality\n234567806,Lotte,Visser,2016-09-09,GM0766\n",
        ),
        (
            "inschrijvingen.csv",
            "pgn,school,class,valid_from\n234567806,12AB00,SO-2,2026-09-01\n123456782,34CD00,,2027-08-01\n",
        ),
    ];
    let batch = import_csv(region_known(), &files).unwrap();
    assert_eq!(batch.pupils[0].1.municipality, r.dongen);
    let pupils: Vec<_> = batch.facts.iter().map(|(_, f)| f.pupil).collect();
    assert_eq!(pupils[1], r.sanne);
    assert_eq!(
        batch.facts[0].1.fact,
        Fact::Enrolment {
            school: r.so_school,
            class: Some(r.class_so2)
        }
    );
}

#[test]
fn a_failed_file_leaves_nothing_behind_and_can_be_read_again_when_fixed() {
    let mut importer = Importer::new(Known::default());
    let orgs = Some(EntityKind::Organisations);
    importer
        .read_str("orgs.csv", ORGANISATIONS, Format::Csv, orgs)
        .unwrap();
    let bad = format!("{PUPILS}234567806,Lotte,Visser,2016-09-09,GM9999,,,\n");
    let e = importer
        .read_str("pupils.csv", &bad, Format::Csv, None)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "pupils.csv:5: municipality: onbekende gemeente 'GM9999'"
    );
    assert!(importer.batch().pupils.is_empty());
    importer
        .read_str("pupils.csv", PUPILS, Format::Csv, None)
        .unwrap();
    assert_eq!(importer.finish().pupils.len(), 3);
}

#[test]
fn a_failed_organisations_file_releases_the_codes_it_reserved() {
    let mut importer = Importer::new(Known::default());
    let orgs = Some(EntityKind::Organisations);
    let bad = format!("{ORGANISATIONS}gemeente,GM0766,Gemeente Dongen,2020-01-01,,ZK99,,,,,,\n");
    let e = importer
        .read_str("organisations.csv", &bad, Format::Csv, orgs)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "organisations.csv:10: zorgkantoor: onbekend zorgkantoor 'ZK99'"
    );
    importer
        .read_str("organisations.csv", ORGANISATIONS, Format::Csv, orgs)
        .unwrap();
    assert_eq!(importer.finish().organisations.len(), 8);
}

#[test]
fn read_files_puts_csv_files_in_the_order_the_register_needs() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, text) in all_files() {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        paths.push(path);
    }
    paths.sort(); // as a shell's *.csv: agreements.csv first
    let mut importer = Importer::new(Known::default());
    importer.read_files(&paths).unwrap();
    assert_eq!(importer.finish().counts().facts, 11);
}
