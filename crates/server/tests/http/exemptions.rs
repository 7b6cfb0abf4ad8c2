//! The vrijstellingenregister, arrangements and the yearly count of art. 25 through the API
//! and the pages: the completeness check's gate, renewal signals, validation naming the
//! field, exemptions respected by the verzuim signals, and access by relation.

use crate::helpers::{PASSWORD, TestApp, login_of};
use crate::web::{csrf_of, page, page_as, sign_in};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use continuum_domain::period::SchoolYear;
use continuum_domain::role::Role;
use serde_json::{Value, json};

fn names(problem: &Value) -> Vec<String> {
    let mut v: Vec<String> = problem["invalidParams"]
        .as_array()
        .unwrap_or_else(|| panic!("no invalidParams in {problem}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    v.sort();
    v
}

fn statement(treating: bool) -> Value {
    json!({ "by": "arts", "name": "J. de Graaf, jeugdarts GGD", "designatedByMunicipality": true,
            "treatingPhysician": treating, "date": "2026-09-20" })
}

fn parts(r: &continuum_store_tests::fixture::Region, treating: bool) -> Value {
    json!({
        "statement": statement(treating),
        "perspective": { "swv": r.swv, "date": "2026-10-10", "summary": "Geen passend aanbod in de regio." },
        "casusregisseur": { "name": "A. Yilmaz", "organisation": r.tilburg },
        "evaluations": [{ "plannedOn": "2027-05-01" }],
        "developmentOffers": [{ "description": "Zorgboerderij De Hoeve", "hoursPerWeek": "12.5", "from": "2026-11-01" }]
    })
}

/// Opens a request 5 onder a for Sanne as the municipality and returns its id.
async fn open_request(app: &TestApp, token: &str, by_parent: bool, end: Option<&str>) -> String {
    let r = &app.region;
    let body = json!({ "pupil": r.sanne, "notification": {
        "receivedOn": "2026-10-01", "byParent": by_parent, "period": { "start": "2026-11-01", "end": end } } });
    let res = app
        .send_json("POST", "/api/v1/exemption-requests", token, &body, None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"1\""));
    res.json()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_request_5_onder_a_is_registered_only_when_complete_and_the_refusal_names_what_is_missing()
 {
    let app = TestApp::new().await;
    let r = &app.region;
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    // Not by a parent, shorter than a year, nothing collected yet.
    let id = open_request(&app, &gemeente, false, Some("2027-03-31")).await;
    let path = format!("/api/v1/exemption-requests/{id}");
    let got = app.get(&path, Some(&gemeente)).await.json();
    assert_eq!(got["step"], "wacht_op_verklaring");
    let expected = vec![
        "casusregisseur",
        "notification.byParent",
        "notification.period",
        "perspective",
        "statement",
    ];
    let mut missing: Vec<String> = got["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    missing.sort();
    assert_eq!(missing, expected);

    let register = format!("{path}/registrations");
    let res = app
        .send_json("POST", &register, &gemeente, &json!({}), None)
        .await;
    assert_eq!(res.status, StatusCode::PRECONDITION_REQUIRED);
    let res = app
        .send_json("POST", &register, &gemeente, &json!({}), Some("\"1\""))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text()
    );
    assert_eq!(
        res.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    let problem = res.json();
    assert_eq!(problem["type"], "/problemen/onvolledig");
    assert_eq!(names(&problem), expected);
    assert!(
        problem["invalidParams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["reason"].as_str().unwrap().contains("ouder of verzorger")),
        "{problem}"
    );
    // Nothing was stored.
    let res = app
        .get(&format!("/api/v1/exemptions/{id}"), Some(&gemeente))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // A statement of the treating physician is not lawful (art. 7); a bad field is a 400.
    let mut bad = parts(r, true);
    bad["statement"]["by"] = json!("tandarts");
    let res = app
        .send_json("PUT", &path, &gemeente, &bad, Some("\"1\""))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(names(&res.json()), vec!["statement.by"]);
    let res = app
        .send_json("PUT", &path, &gemeente, &parts(r, true), Some("\"1\""))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["step"], "klaar_voor_toets");
    let res = app
        .send_json("POST", &register, &gemeente, &json!({}), Some("\"2\""))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        names(&res.json()),
        vec![
            "notification.byParent",
            "notification.period",
            "statement.treatingPhysician"
        ]
    );

    // A complete request passes the gate: the exemption has the request's id.
    let good = open_request(&app, &gemeente, true, None).await;
    let good_path = format!("/api/v1/exemption-requests/{good}");
    let res = app
        .send_json(
            "PUT",
            &good_path,
            &gemeente,
            &parts(r, false),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert!(res.json()["missing"].as_array().unwrap().is_empty());
    // Another municipality and another school do not learn of the request.
    for org in [r.dongen, r.po_school] {
        let other = app.token(org, Role::Registrator).await;
        assert_eq!(
            app.get(&good_path, Some(&other)).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let res = app
        .send_json(
            "POST",
            &format!("{good_path}/registrations"),
            &gemeente,
            &json!({}),
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(
        res.header("location"),
        Some(format!("/api/v1/exemptions/{good}"))
    );
    let ex = res.json();
    assert_eq!(ex["ground"], "5_onder_a");
    assert_eq!(ex["dossier"]["casusregisseur"]["name"], "A. Yilmaz");
    assert_eq!(
        ex["dossier"]["developmentOffers"][0]["hoursPerWeek"],
        "12.5"
    );
    let after = app.get(&good_path, Some(&gemeente)).await.json();
    assert_eq!(after["step"], "geregistreerd");
    assert_eq!(after["decision"]["kind"], "geregistreerd");
    // A registered request is decided: no second registration, no refusal.
    let res = app
        .send_json(
            "POST",
            &format!("{good_path}/refusals"),
            &gemeente,
            &json!({ "reason": "te laat" }),
            Some("\"3\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());

    // The yearly renewal of a 5 onder a exemption needs a fresh statement: 422 names it.
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/exemptions/{good}/renewals"),
            &gemeente,
            &json!({ "schoolYear": "2027-2028", "notifiedOn": "2027-06-01", "byParent": true }),
            Some("\"1\""),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        res.text()
    );
    assert_eq!(names(&res.json()), vec!["statement"]);
}

#[tokio::test]
async fn the_register_signals_a_missing_renewal_until_it_is_recorded() {
    let app = TestApp::new().await;
    let r = &app.region;
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    // Art. 5 onder a is not registered directly.
    let body = |ground: &str| json!({ "pupil": r.sanne, "ground": ground, "period": { "start": "2025-08-01" }, "notifiedOn": "2025-06-15" });
    let res = app
        .send_json(
            "POST",
            "/api/v1/exemptions",
            &gemeente,
            &body("5_onder_a"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(names(&res.json()), vec!["ground"]);
    let res = app
        .send_json(
            "POST",
            "/api/v1/exemptions",
            &gemeente,
            &body("5_onder_b"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let ex = res.json();
    let id = ex["id"].as_str().unwrap().to_owned();
    // On 23 November 2026 the renewal for 2026-2027 (due before 1 July 2026) is missing.
    assert_eq!(ex["renewal"]["status"], "ontbreekt");
    assert_eq!(ex["renewal"]["schoolYear"], "2026-2027");
    let signals = app
        .get("/api/v1/exemption-signals", Some(&gemeente))
        .await
        .json();
    assert_eq!(signals["renewals"][0]["exemption"], id);
    assert_eq!(signals["renewals"][0]["kind"], "ontbreekt");
    assert!(
        signals["renewals"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 juli 2026")
    );

    let renewals = format!("/api/v1/exemptions/{id}/renewals");
    let renewal =
        |year: &str| json!({ "schoolYear": year, "notifiedOn": "2026-08-15", "byParent": true });
    let res = app
        .send_json(
            "POST",
            &renewals,
            &gemeente,
            &renewal("2026-2027"),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"2\""));
    // Received (late); now the next one is expected before 1 July 2027.
    assert_eq!(res.json()["renewal"]["status"], "verwacht");
    let signals = app
        .get("/api/v1/exemption-signals", Some(&gemeente))
        .await
        .json();
    assert!(
        signals["renewals"].as_array().unwrap().is_empty(),
        "{signals}"
    );
    // One renewal per school year, and only for a year the exemption runs in.
    let res = app
        .send_json(
            "POST",
            &renewals,
            &gemeente,
            &renewal("2026-2027"),
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(names(&res.json()), vec!["schoolYear"]);
    let res = app
        .send_json(
            "POST",
            &renewals,
            &gemeente,
            &renewal("2027-2028"),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::PRECONDITION_FAILED);

    // The school and the parents read it, a provider of the pupil is refused, a stranger
    // is told it does not exist; only the municipality changes it.
    let one = format!("/api/v1/exemptions/{id}");
    for (org, role, status) in [
        (r.so_school, Role::Medewerker, StatusCode::OK),
        (r.parents, Role::Ouder, StatusCode::OK),
        (r.swv, Role::Medewerker, StatusCode::OK),
        (r.provider, Role::Medewerker, StatusCode::FORBIDDEN),
        (r.po_school, Role::Registrator, StatusCode::NOT_FOUND),
        (r.dongen, Role::Registrator, StatusCode::NOT_FOUND),
    ] {
        let t = app.token(org, role).await;
        assert_eq!(app.get(&one, Some(&t)).await.status, status, "{org:?}");
    }
    let school = app.token(r.so_school, Role::Registrator).await;
    let res = app
        .send_json(
            "PUT",
            &one,
            &school,
            &json!({ "period": { "start": "2025-08-01", "end": "2027-07-31" } }),
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    let res = app
        .send_json(
            "PUT",
            &one,
            &gemeente,
            &json!({ "period": { "start": "2025-08-01", "end": "2027-07-31" }, "evaluations": [{ "plannedOn": "2027-01-01" }] }),
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(names(&res.json()), vec!["evaluations"]);
    let versions = app.get(&format!("{one}/versions"), Some(&gemeente)).await;
    assert_eq!(versions.json().as_array().unwrap().len(), 2);
}

/// Every school day from 28 September to 20 November 2026, unauthorised: more than four
/// weeks at home.
fn weeks_at_home() -> Value {
    let cal = continuum_verzuim::Calendar::embedded().unwrap();
    let days = cal
        .school_days(SchoolYear(2026), continuum_verzuim::Region::Zuid, None)
        .unwrap();
    let from = chrono::NaiveDate::from_ymd_opt(2026, 9, 28).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    Value::Array(
        days.into_iter()
            .filter(|d| from <= *d && *d <= to)
            .map(|d| json!({ "date": d.to_string(), "minutes": 330, "kind": "ongeoorloofd" }))
            .collect(),
    )
}

#[tokio::test]
async fn an_exempt_pupil_is_no_thuiszitter_in_the_signals_nor_in_the_yearly_count() {
    let app = TestApp::new().await;
    let r = &app.region;
    let school = app.token(r.so_school, Role::Registrator).await;
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/absences", r.sanne),
            &school,
            &weeks_at_home(),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let signals_path = format!("/api/v1/organisations/{}/absence-signals", r.so_school);
    let thuiszitter = |signals: &Value| {
        signals
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["signal"] == "langdurig relatief verzuim")
    };
    assert!(thuiszitter(
        &app.get(&signals_path, Some(&school)).await.json()
    ));
    let count_path = "/api/v1/article-25-counts/2026-2027";
    let count = app.get(count_path, Some(&gemeente)).await;
    assert_eq!(count.status, StatusCode::OK, "{}", count.text());
    let count = count.json();
    assert_eq!(count["thuiszitters"], 1, "{count}");
    assert_eq!(
        count["residents"], 1,
        "Sanne lives in Tilburg, Daan in Dongen"
    );
    assert_eq!(count["absoluutVerzuim"], 0);
    assert_eq!(count["referenceDate"], "2026-11-23");

    // An exemption (art. 5 onder b) from 1 September: no thuiszitter any more.
    let res = app
        .send_json(
            "POST",
            "/api/v1/exemptions",
            &gemeente,
            &json!({ "pupil": r.sanne, "ground": "5_onder_b", "period": { "start": "2026-09-01" }, "notifiedOn": "2026-08-20" }),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert!(!thuiszitter(
        &app.get(&signals_path, Some(&school)).await.json()
    ));
    let count = app.get(count_path, Some(&gemeente)).await.json();
    assert_eq!(count["thuiszitters"], 0, "{count}");
    let b = count["exemptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["ground"] == "5_onder_b")
        .unwrap()
        .clone();
    assert_eq!(
        (b["inForce"].clone(), b["started"].clone()),
        (json!(1), json!(1))
    );

    // Only for a municipality; the school year must be a school year that has begun.
    assert_eq!(
        app.get(count_path, Some(&school)).await.status,
        StatusCode::NOT_FOUND
    );
    for (year, status) in [
        ("2026", StatusCode::BAD_REQUEST),
        ("2027-2028", StatusCode::BAD_REQUEST),
    ] {
        let res = app
            .get(
                &format!("/api/v1/article-25-counts/{year}"),
                Some(&gemeente),
            )
            .await;
        assert_eq!(res.status, status, "{year}: {}", res.text());
        assert_eq!(names(&res.json()), vec!["schoolYear"]);
    }
}

fn reduced_time(end: &str, permission_end: &str) -> Value {
    json!({
        "kind": "onderwijstijd_ontheffing",
        "pupils": [],
        "period": { "start": "2026-09-01", "end": end },
        "description": "Vier ochtenden per week op school.",
        "reducedTime": { "schoolType": "so", "teachingHoursPerWeek": "15",
            "permissions": [{ "period": { "start": "2026-09-01", "end": permission_end }, "grantedOn": "2026-08-25", "reference": "INSP-2026-0318" }] }
    })
}

#[tokio::test]
async fn an_arrangement_names_every_wrong_field_and_a_permission_ending_soon_is_reminded() {
    let app = TestApp::new().await;
    let r = &app.region;
    let school = app.token(r.so_school, Role::Registrator).await;
    let with = |mut v: Value| {
        v["school"] = json!(r.so_school);
        v["pupils"] = json!([r.sanne]);
        v
    };
    // A permission longer than a school year, hours that are no number, an unknown kind.
    let mut bad = with(reduced_time("2027-12-31", "2027-12-31"));
    let res = app
        .send_json("POST", "/api/v1/arrangements", &school, &bad, None)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(
        names(&res.json()),
        vec!["reducedTime.permissions[0].period"]
    );
    bad["reducedTime"]["teachingHoursPerWeek"] = json!("veel");
    bad["kind"] = json!("x");
    let res = app
        .send_json("POST", "/api/v1/arrangements", &school, &bad, None)
        .await;
    assert_eq!(
        names(&res.json()),
        vec!["kind", "reducedTime.teachingHoursPerWeek"]
    );
    // A group of one is no group; the field is named.
    let group = with(
        json!({ "kind": "groep", "partners": [r.swv], "period": { "start": "2026-09-01" }, "description": "Zorgboerderij" }),
    );
    let res = app
        .send_json("POST", "/api/v1/arrangements", &school, &group, None)
        .await;
    assert_eq!(names(&res.json()), vec!["pupils"]);

    let res = app
        .send_json(
            "POST",
            "/api/v1/arrangements",
            &school,
            &with(reduced_time("2027-01-08", "2027-01-08")),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let id = res.json()["id"].as_str().unwrap().to_owned();
    let reminders = app
        .get("/api/v1/arrangement-reminders", Some(&school))
        .await
        .json();
    assert_eq!(reminders[0]["arrangement"], id);
    assert_eq!(reminders[0]["daysLeft"], 46);

    // Renewed with a new permission for the rest of the school year: no reminder now.
    let mut renewed = with(reduced_time("2027-07-31", "2027-01-08"));
    renewed["reducedTime"]["permissions"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "period": { "start": "2027-01-09", "end": "2027-07-31" }, "grantedOn": "2026-12-15", "reference": "INSP-2026-0577" }));
    let one = format!("/api/v1/arrangements/{id}");
    let res = app
        .send_json("PUT", &one, &school, &renewed, Some("\"1\""))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"2\""));
    let reminders = app
        .get("/api/v1/arrangement-reminders", Some(&school))
        .await
        .json();
    assert!(reminders.as_array().unwrap().is_empty(), "{reminders}");
    // The municipality of residence and the parents read it; another school does not.
    for (org, role, status) in [
        (r.tilburg, Role::Medewerker, StatusCode::OK),
        (r.parents, Role::Ouder, StatusCode::OK),
        (r.po_school, Role::Registrator, StatusCode::NOT_FOUND),
    ] {
        let t = app.token(org, role).await;
        assert_eq!(app.get(&one, Some(&t)).await.status, status, "{org:?}");
    }
    let versions = app
        .get(&format!("{one}/versions"), Some(&school))
        .await
        .json();
    assert_eq!(versions.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_register_pages_are_for_the_municipality_and_the_exemption_page_for_those_around_the_pupil()
 {
    let app = TestApp::new().await;
    let r = &app.region;
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let res = app
        .send_json(
            "POST",
            "/api/v1/exemptions",
            &gemeente,
            &json!({ "pupil": r.sanne, "ground": "5_onder_b", "period": { "start": "2025-08-01" }, "notifiedOn": "2025-06-15" }),
            None,
        )
        .await;
    let id = res.json()["id"].as_str().unwrap().to_owned();

    let register = page_as(&app, r.tilburg, Role::Registrator, "/vrijstellingen").await;
    assert_eq!(register.status, StatusCode::OK);
    let html = register.text();
    assert!(html.contains("Kennisgeving ontbreekt"), "{html}");
    let home = page_as(&app, r.tilburg, Role::Registrator, "/")
        .await
        .text();
    assert!(
        home.contains("1 kennisgeving voor verlenging nodig of ontbrekend"),
        "{home}"
    );
    assert!(html.contains(&format!("/vrijstellingen/{id}")), "{html}");
    let csv = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/vrijstellingen.csv?grond=5_onder_b",
    )
    .await;
    assert!(
        csv.text()
            .starts_with("vrijstelling_id,leerling_id,leerling,")
    );
    assert!(
        csv.text()
            .contains(",5_onder_b,2025-08-01,,2025-06-15,2026-2027,ontbreekt,")
    );
    let signals = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/vrijstellingen/signalen.csv",
    )
    .await;
    assert!(
        signals.text().contains(&format!(
            "{id},{},Sanne de Vries,kennisgeving_ontbreekt,2026-07-01,",
            r.sanne
        )),
        "{}",
        signals.text()
    );
    let requests = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/vrijstellingen/aanvragen.csv",
    )
    .await;
    assert!(
        requests
            .text()
            .starts_with("aanvraag_id,leerling_id,leerling,kennisgeving_op,")
    );
    for path in [
        "/vrijstellingen",
        "/vrijstellingen/signalen.csv",
        "/vrijstellingen/aanvragen.csv",
    ] {
        let school = page_as(&app, r.so_school, Role::Registrator, path).await;
        assert_eq!(school.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Another municipality has a register of its own, without this pupil.
    let dongen = page_as(&app, r.dongen, Role::Registrator, "/vrijstellingen").await;
    assert_eq!(dongen.status, StatusCode::OK);
    assert!(!dongen.text().contains(&id), "{}", dongen.text());

    let one = format!("/vrijstellingen/{id}");
    let parent = page_as(&app, r.parents, Role::Ouder, &one).await;
    assert_eq!(parent.status, StatusCode::OK);
    assert!(parent.text().contains("Uw kind hoeft niet naar school"));
    assert!(
        !parent.text().contains("Kennisgeving vastleggen"),
        "read only"
    );
    let school = page_as(&app, r.so_school, Role::Medewerker, &one).await;
    assert_eq!(school.status, StatusCode::OK);
    let stranger = page_as(&app, r.po_school, Role::Registrator, &one).await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    // The pupil's file links to it for the parents.
    let file = page_as(
        &app,
        r.parents,
        Role::Ouder,
        &format!("/leerlingen/{}", r.sanne),
    )
    .await;
    assert!(file.text().contains(&one), "{}", file.text());

    // The yearly count as a page, a CSV and a PDF, for the municipality only.
    let count = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/leerplicht/artikel25?schooljaar=2025-2026",
    )
    .await;
    assert_eq!(count.status, StatusCode::OK);
    assert!(count.text().contains("Jaartelling leerplicht 2025-2026"));
    let csv = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/leerplicht/artikel25.csv?schooljaar=2025-2026",
    )
    .await;
    assert!(
        csv.text()
            .contains("2025-2026,Gemeente Tilburg,2026-07-31,vrijstelling,5_onder_b,"),
        "{}",
        csv.text()
    );
    let pdf = page_as(
        &app,
        r.tilburg,
        Role::Medewerker,
        "/leerplicht/artikel25.pdf?schooljaar=2025-2026",
    )
    .await;
    assert_eq!(
        pdf.header("content-type").as_deref(),
        Some("application/pdf")
    );
    assert!(pdf.body.starts_with(b"%PDF"));
    for path in [
        "/leerplicht/artikel25.xlsx?schooljaar=2025-2026",
        "/vrijstellingen.xlsx?grond=5_onder_b",
        "/vrijstellingen/signalen.xlsx",
        "/vrijstellingen/aanvragen.xlsx",
    ] {
        let book = page_as(&app, r.tilburg, Role::Medewerker, path).await;
        assert_eq!(book.status, StatusCode::OK, "{path}");
        assert!(book.body.starts_with(b"PK"), "{path}");
    }
    let school = page_as(
        &app,
        r.so_school,
        Role::Registrator,
        "/leerplicht/artikel25",
    )
    .await;
    assert_eq!(school.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn registering_an_incomplete_request_on_the_page_lists_what_is_missing_and_stores_nothing() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.tilburg, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let new = page(
        &app,
        &format!("/vrijstellingen/nieuw?leerling={}", r.sanne),
        &cookie,
    )
    .await;
    assert_eq!(new.status, StatusCode::OK);
    let csrf = csrf_of(&new.text());
    let post = |path: String, body: String| {
        Request::post(path)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    let res = app
        .send(post(
            "/vrijstellingen/aanvragen".into(),
            format!(
                "csrf={csrf}&leerling={}&ontvangen=2026-10-01&ouder=on&van=2026-11-01&tot=",
                r.sanne
            ),
        ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let location = res.header("location").unwrap();
    let html = page(&app, &location, &cookie).await.text();
    assert!(
        html.contains("De verklaring van een door de gemeente aangewezen arts"),
        "{html}"
    );
    let res = app
        .send(post(
            format!("{location}/registreren"),
            format!("csrf={csrf}&versie=1"),
        ))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(
        html.contains("De vrijstelling is niet geregistreerd."),
        "{html}"
    );
    assert!(
        html.contains("Het onderwijskundig perspectief van het samenwerkingsverband ontbreekt.")
    );
    let id = location.rsplit('/').next().unwrap();
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let res = app
        .get(&format!("/api/v1/exemptions/{id}"), Some(&gemeente))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Another municipality does not see the request page.
    let other = page_as(&app, r.dongen, Role::Registrator, &location).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_school_lists_its_arrangements_with_csv_and_its_swv_reads_them_but_another_school_not() {
    let app = TestApp::new().await;
    let r = &app.region;
    let school = app.token(r.so_school, Role::Registrator).await;
    let mut body = reduced_time("2027-01-08", "2027-01-08");
    body["school"] = json!(r.so_school);
    body["pupils"] = json!([r.sanne]);
    let res = app
        .send_json("POST", "/api/v1/arrangements", &school, &body, None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let path = format!("/scholen/{}/arrangementen", r.so_school);
    let own = page_as(&app, r.so_school, Role::Registrator, &path).await;
    assert_eq!(own.status, StatusCode::OK);
    let html = own.text();
    assert!(html.contains("Loopt binnenkort af"), "{html}");
    assert!(html.contains("nog 46 dagen"), "{html}");
    assert!(
        html.contains("Arrangement vastleggen"),
        "a registrator gets the form"
    );
    let swv = page_as(&app, r.swv, Role::Medewerker, &path).await;
    assert_eq!(swv.status, StatusCode::OK);
    assert!(swv.text().contains("Sanne de Vries"));
    assert!(!swv.text().contains("Arrangement vastleggen"));
    let csv = page_as(&app, r.so_school, Role::Medewerker, &format!("{path}.csv")).await;
    assert!(csv.text().starts_with("arrangement_id,soort,school,"));
    assert!(
        csv.text()
            .contains(",onderwijstijd_ontheffing,SO De Regenboog,")
    );
    for org in [r.po_school, r.tilburg] {
        let res = page_as(&app, org, Role::Registrator, &path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{org:?}");
    }
}

#[tokio::test]
async fn the_answers_of_the_register_fit_the_declared_schemas() {
    use crate::openapi::{check, response_schema};
    let app = TestApp::new().await;
    let r = &app.region;
    let doc: Value = serde_json::from_str(&continuum_server::api::openapi_json()).unwrap();
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let school = app.token(r.so_school, Role::Registrator).await;
    let mut errs = Vec::new();
    let id = open_request(&app, &gemeente, true, None).await;
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/exemption-requests/{id}/registrations"),
            &gemeente,
            &json!({}),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let op = "/exemption-requests/{id}/registrations";
    check(
        &doc,
        response_schema(&doc, op, "post", "422"),
        &res.json(),
        "422",
        &mut errs,
    );
    let res = app
        .send_json(
            "PUT",
            &format!("/api/v1/exemption-requests/{id}"),
            &gemeente,
            &parts(r, false),
            Some("\"1\""),
        )
        .await;
    let path = "/exemption-requests/{id}";
    check(
        &doc,
        response_schema(&doc, path, "put", "200"),
        &res.json(),
        "PUT request",
        &mut errs,
    );
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/exemption-requests/{id}/registrations"),
            &gemeente,
            &json!({}),
            Some("\"2\""),
        )
        .await;
    check(
        &doc,
        response_schema(&doc, op, "post", "201"),
        &res.json(),
        "201",
        &mut errs,
    );
    let mut body = reduced_time("2027-01-08", "2027-01-08");
    body["school"] = json!(r.so_school);
    body["pupils"] = json!([r.sanne]);
    let res = app
        .send_json("POST", "/api/v1/arrangements", &school, &body, None)
        .await;
    check(
        &doc,
        response_schema(&doc, "/arrangements", "post", "201"),
        &res.json(),
        "POST arrangement",
        &mut errs,
    );
    let cases = [
        (&gemeente, "/api/v1/exemptions".to_owned(), "/exemptions"),
        (
            &gemeente,
            format!("/api/v1/exemptions/{id}/versions"),
            "/exemptions/{id}/versions",
        ),
        (
            &gemeente,
            "/api/v1/exemption-requests".to_owned(),
            "/exemption-requests",
        ),
        (
            &gemeente,
            "/api/v1/exemption-signals".to_owned(),
            "/exemption-signals",
        ),
        (
            &gemeente,
            "/api/v1/article-25-counts/2026-2027".to_owned(),
            "/article-25-counts/{schoolYear}",
        ),
        (&school, "/api/v1/arrangements".to_owned(), "/arrangements"),
        (
            &school,
            "/api/v1/arrangement-reminders".to_owned(),
            "/arrangement-reminders",
        ),
    ];
    for (token, url, path) in cases {
        let res = app.get(&url, Some(token)).await;
        assert_eq!(res.status, StatusCode::OK, "{url}: {}", res.text());
        check(
            &doc,
            response_schema(&doc, path, "get", "200"),
            &res.json(),
            &url,
            &mut errs,
        );
    }
    assert!(errs.is_empty(), "{errs:#?}");
}
