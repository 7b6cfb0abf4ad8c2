#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn the_embedded_calendar_covers_two_school_years() {
    let cal = Calendar::embedded().unwrap();
    assert_eq!(cal.school_years(), &[SchoolYear(2025), SchoolYear(2026)]);
    assert_eq!(cal.period().start(), d(2025, 8, 1));
    assert_eq!(cal.period().end(), Some(d(2027, 7, 31)));
}

#[test]
fn school_days_per_region_agree_with_gen_data() {
    // gen_data.py: school_days={'noord': 196, 'midden': 201, 'zuid': 206}.
    let cal = Calendar::embedded().unwrap();
    let n = |r| cal.school_days(SchoolYear(2025), r, None).unwrap().len();
    assert_eq!(n(Region::Noord), 196);
    assert_eq!(n(Region::Midden), 201);
    assert_eq!(n(Region::Zuid), 206);
    let first = |r| cal.school_days(SchoolYear(2025), r, None).unwrap()[0];
    assert_eq!(first(Region::Noord), d(2025, 8, 25));
    assert_eq!(first(Region::Midden), d(2025, 9, 1));
    assert_eq!(first(Region::Zuid), d(2025, 8, 18));
}

#[test]
fn holidays_weekends_and_public_holidays_are_no_school_days() {
    let cal = Calendar::embedded().unwrap();
    let sd = |day, r| cal.is_school_day(day, r, None).unwrap();
    assert!(sd(d(2025, 10, 13), Region::Midden));
    assert!(!sd(d(2025, 10, 13), Region::Zuid)); // herfstvakantie zuid
    assert!(!sd(d(2025, 10, 20), Region::Midden));
    assert!(!sd(d(2025, 9, 6), Region::Midden)); // Saturday
    assert!(!sd(d(2026, 4, 6), Region::Noord)); // Tweede Paasdag
    assert!(!sd(d(2026, 5, 14), Region::Zuid)); // Hemelvaartsdag
    assert!(sd(d(2026, 8, 31), Region::Midden)); // first day of 2026-2027
    assert!(!sd(d(2026, 8, 28), Region::Midden));
}

#[test]
fn teaching_weeks_skip_holiday_weeks() {
    let cal = Calendar::embedded().unwrap();
    let weeks = cal
        .teaching_weeks(SchoolYear(2025), Region::Midden, None)
        .unwrap();
    assert_eq!(weeks[0], d(2025, 9, 1));
    assert!(weeks.contains(&d(2025, 10, 13)));
    assert!(!weeks.contains(&d(2025, 10, 20)));
    assert!(weeks.contains(&d(2025, 10, 27)));
    // 201 school days; the meivakantie and kerstvakantie weeks are out.
    assert!(!weeks.contains(&d(2025, 12, 22)));
    assert!(!weeks.contains(&d(2026, 4, 27)));
    assert_eq!(weeks.len(), 41);
}

#[test]
fn a_date_outside_the_calendar_is_an_error() {
    let cal = Calendar::embedded().unwrap();
    let e = cal
        .is_school_day(d(2024, 9, 2), Region::Noord, None)
        .unwrap_err();
    assert_eq!(e.code(), "kalender.buiten_kalender");
    assert_eq!(
        e.to_string(),
        "2024-09-02 ligt buiten de schoolkalender (2025-08-01 t/m 2027-07-31)"
    );
    let e = cal
        .school_days(SchoolYear(2030), Region::Noord, None)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "schooljaar 2030-2031 staat niet in de schoolkalender"
    );
    let mut cal = cal;
    assert!(cal.add_days_off(SchoolCode(1), [d(2030, 1, 1)]).is_err());
}

#[test]
fn a_school_day_off_counts_for_that_school_only() {
    let mut cal = Calendar::embedded().unwrap();
    cal.add_days_off(SchoolCode(9), [d(2025, 9, 10)]).unwrap();
    assert!(
        !cal.is_school_day(d(2025, 9, 10), Region::Noord, Some(SchoolCode(9)))
            .unwrap()
    );
    assert!(
        cal.is_school_day(d(2025, 9, 10), Region::Noord, Some(SchoolCode(8)))
            .unwrap()
    );
    assert!(
        cal.is_school_day(d(2025, 9, 10), Region::Noord, None)
            .unwrap()
    );
}

fn load_err(text: &str) -> String {
    Calendar::from_toml("kal.toml", text)
        .unwrap_err()
        .to_string()
}

const HEAD: &str = "[source]\npolicy = \"test\"\nchecked_on = 2026-11-23\n";

#[test]
fn a_bad_calendar_file_is_refused_with_file_line_and_field() {
    let text = format!("{HEAD}\n[[school_year]]\nyear = \"2025-2027\"\n");
    assert_eq!(
        load_err(&text),
        "kal.toml:6: school_year[0].year: verwacht een schooljaar als \"2025-2026\""
    );

    let text = format!(
        "{HEAD}\n[[school_year]]\nyear = \"2025-2026\"\n\n[[school_year]]\nyear = \"2027-2028\"\n"
    );
    assert_eq!(
        load_err(&text),
        "kal.toml:9: school_year[1].year: schooljaren moeten aaneensluitend oplopen: 2027-2028 volgt niet op 2025-2026"
    );

    let text = format!(
        "{HEAD}\n[[school_year]]\nyear = \"2025-2026\"\n[[school_year.holiday]]\nname = \"x\"\nnoord = [2025-10-26, 2025-10-18]\nmidden = [2025-10-18, 2025-10-26]\nzuid = [2025-10-18, 2025-10-26]\n"
    );
    assert_eq!(
        load_err(&text),
        "kal.toml:9: school_year[0].holiday[0].noord: laatste dag 2025-10-18 ligt voor eerste dag 2025-10-26"
    );

    let text = format!(
        "{HEAD}\n[[school_year]]\nyear = \"2025-2026\"\npublic_holidays = [{{ date = 2027-01-01, name = \"x\" }}]\n"
    );
    assert_eq!(
        load_err(&text),
        "kal.toml:7: school_year[0].public_holidays[0].date: 2027-01-01 ligt niet in schooljaar 2025-2026"
    );

    let text = format!("{HEAD}\n[[school_year]]\nyear = \"2025-2026\"\nvakantie = 1\n");
    let e = load_err(&text);
    assert!(
        e.starts_with("kal.toml:7: : geen geldige schoolkalender: unknown field `vakantie`"),
        "{e}"
    );

    let text = format!(
        "{HEAD}\n[[school_year]]\nyear = \"2025-2026\"\n[[school_year.holiday]]\nname = \"x\"\nnoord = [2025-10-18]\nmidden = [2025-10-18, 2025-10-26]\nzuid = [2025-10-18, 2025-10-26]\n"
    );
    assert_eq!(
        load_err(&text),
        "kal.toml:9: school_year[0].holiday[0].noord: verwacht [eerste dag, laatste dag]"
    );
}

#[test]
fn luxe_days_lie_next_to_a_holiday() {
    let cal = Calendar::embedded().unwrap();
    let t = cal.table(Region::Midden, None, 2);
    let near = |day| t.near_holiday[usize::from(cal.index_of(day).unwrap())] != 0;
    assert!(near(d(2025, 10, 16)));
    assert!(near(d(2025, 10, 17)));
    assert!(!near(d(2025, 10, 15)));
    assert!(near(d(2025, 10, 27)));
    assert!(near(d(2025, 10, 28)));
    assert!(!near(d(2025, 10, 29)));
    // Hemelvaartsdag is a public holiday, not a school holiday.
    assert!(!near(d(2026, 5, 13)));
}
