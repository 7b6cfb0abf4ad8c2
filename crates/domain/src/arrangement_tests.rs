use super::*;

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

fn year(y: i32) -> Period {
    Period::new(d(y, 8, 1), Some(d(y + 1, 7, 31))).unwrap()
}

fn permission(period: Period) -> Permission {
    Permission {
        period,
        granted_on: period.start(),
        reference: "IvhO-2026-123".to_owned(),
    }
}

fn reduced_time() -> Arrangement {
    Arrangement {
        kind: ArrangementKind::OnderwijstijdOntheffing,
        school: OrgId::from_u128(10),
        pupils: vec![PupilId::from_u128(7)],
        partners: Vec::new(),
        period: year(2026),
        description: "Drie ochtenden per week les, daarna zorg thuis.".to_owned(),
        reduced_time: Some(ReducedTime {
            school_type: SchoolType::Po,
            teaching_hours_per_week: HoursPerWeek(1200),
            permissions: vec![permission(year(2026))],
        }),
    }
}

fn group() -> Arrangement {
    Arrangement {
        kind: ArrangementKind::Groep,
        school: OrgId::from_u128(10),
        pupils: vec![PupilId::from_u128(7), PupilId::from_u128(8)],
        partners: vec![OrgId::from_u128(20)],
        period: year(2026),
        description: "Groep van de zorgboerderij op school".to_owned(),
        reduced_time: None,
    }
}

fn fields(a: &Arrangement) -> Vec<String> {
    a.problems().into_iter().map(|p| p.field).collect()
}

#[test]
fn valid_arrangements_have_no_problems_and_round_trip_through_json() {
    for a in [reduced_time(), group()] {
        assert_eq!(a.problems(), vec![]);
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(serde_json::from_value::<Arrangement>(json).unwrap(), a);
    }
    let json = serde_json::to_value(reduced_time()).unwrap();
    assert_eq!(json["kind"], "onderwijstijd_ontheffing");
    assert_eq!(json["reducedTime"]["schoolType"], "po");
    assert_eq!(json["reducedTime"]["teachingHoursPerWeek"], 1200);
}

#[test]
fn the_number_of_pupils_fits_the_kind() {
    let mut a = group();
    a.pupils.pop();
    assert_eq!(fields(&a), ["pupils"]);
    let mut a = reduced_time();
    a.pupils.push(PupilId::from_u128(8));
    assert_eq!(fields(&a), ["pupils"]);
    let mut a = group();
    a.kind = ArrangementKind::School;
    a.pupils.clear();
    assert_eq!(fields(&a), Vec::<String>::new());
    let mut a = group();
    a.pupils.push(PupilId::from_u128(7));
    assert_eq!(fields(&a), ["pupils[2]"]);
}

#[test]
fn an_onderwijszorgarrangement_names_a_partner_and_a_description() {
    let mut a = group();
    a.partners.clear();
    a.description = " ".to_owned();
    assert_eq!(fields(&a), ["partners", "description"]);
}

#[test]
fn reduced_time_belongs_to_its_own_kind() {
    let mut a = reduced_time();
    a.reduced_time = None;
    assert_eq!(fields(&a), ["reducedTime"]);
    let mut a = group();
    a.reduced_time = reduced_time().reduced_time;
    assert_eq!(fields(&a), ["reducedTime"]);
}

#[test]
fn reduced_time_needs_hours_an_end_and_permissions_covering_the_whole_period() {
    let mut a = reduced_time();
    a.reduced_time.as_mut().unwrap().teaching_hours_per_week = HoursPerWeek(0);
    assert_eq!(fields(&a), ["reducedTime.teachingHoursPerWeek"]);

    let mut a = reduced_time();
    a.period = Period::from(d(2026, 8, 1));
    assert_eq!(fields(&a), ["period.end"]);

    // Two school years, permission only for the first: the gap is named by its first day.
    let mut a = reduced_time();
    a.period = Period::new(d(2026, 8, 1), Some(d(2028, 7, 31))).unwrap();
    let problems = a.problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "reducedTime.permissions");
    assert!(
        problems[0].message.contains("1 augustus 2027"),
        "{}",
        problems[0].message
    );
    // The renewal closes the gap.
    a.reduced_time
        .as_mut()
        .unwrap()
        .permissions
        .push(permission(year(2027)));
    assert_eq!(fields(&a), Vec::<String>::new());

    let mut a = reduced_time();
    let r = a.reduced_time.as_mut().unwrap();
    r.permissions[0].reference = String::new();
    r.permissions.push(permission(
        Period::new(d(2027, 7, 1), Some(d(2027, 7, 31))).unwrap(),
    ));
    assert_eq!(
        fields(&a),
        [
            "reducedTime.permissions[0].reference",
            "reducedTime.permissions[1].period"
        ]
    );

    let mut a = reduced_time();
    a.reduced_time.as_mut().unwrap().permissions[0].period = Period::from(d(2026, 8, 1));
    assert_eq!(fields(&a), ["reducedTime.permissions[0].period.end"]);
}

#[test]
fn the_permission_on_a_date_is_the_one_covering_it() {
    let r = reduced_time().reduced_time.unwrap();
    assert!(r.permission_on(d(2026, 8, 1)).is_some());
    assert!(r.permission_on(d(2027, 8, 1)).is_none());
    assert_eq!(reduced_time().expires_on(), Some(d(2027, 7, 31)));
}

#[test]
fn kinds_round_trip_by_code() {
    for k in ArrangementKind::ALL {
        assert_eq!(ArrangementKind::parse(k.code()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.code());
        assert!(!k.label_nl().is_empty());
    }
}

proptest::proptest! {
    /// The gap reported is exactly the first day of the arrangement no permission covers,
    /// however the permissions are ordered or overlap.
    #[test]
    fn the_first_uncovered_day_matches_a_day_by_day_search(
        spans in proptest::collection::vec((0u64..120, 0u64..60), 0..5), length in 0u64..150,
    ) {
        let base = d(2026, 8, 1);
        let day = |n: u64| base + chrono::Days::new(n);
        let permissions: Vec<Permission> = spans
            .iter()
            .map(|(s, l)| permission(Period::new(day(*s), Some(day(s + l))).unwrap()))
            .collect();
        let expected = (0..=length)
            .map(day)
            .find(|x| !permissions.iter().any(|p| p.period.contains(*x)));
        proptest::prop_assert_eq!(first_uncovered_day(base, day(length), &permissions), expected);
    }
}
