use crate::helpers::TestApp;
use axum::http::StatusCode;
use continuum_domain::role::Role;
use serde_json::json;

#[tokio::test]
async fn a_school_reads_its_pupils_file_with_an_etag() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.so_school, Role::Medewerker).await;
    let res = app
        .get(&format!("/api/v1/pupils/{}", r.sanne), Some(&token))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"1\""));
    assert_eq!(res.header("api-version").as_deref(), Some("1.0.0"));
    let body = res.json();
    assert_eq!(body["pupil"]["givenName"], "Sanne");
    assert_eq!(body["pupil"]["birthDate"], "2016-03-14");
    assert_eq!(body["relations"], json!(["school_of_enrolment"]));
    assert_eq!(body["facts"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn an_organisation_without_a_relation_gets_404_as_if_the_pupil_did_not_exist() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.dongen, Role::Registrator).await;
    let hidden = app
        .get(&format!("/api/v1/pupils/{}", r.sanne), Some(&token))
        .await;
    let missing = app
        .get(
            &format!("/api/v1/pupils/{}", uuid::Uuid::new_v4()),
            Some(&token),
        )
        .await;
    for res in [&hidden, &missing] {
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(
            res.header("content-type").as_deref(),
            Some("application/problem+json")
        );
        assert_eq!(res.json()["type"], "/problemen/niet-gevonden");
    }
    // Same body apart from the instance id: nothing tells the two apart.
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut().unwrap().remove("instance");
        v
    };
    assert_eq!(strip(hidden.json()), strip(missing.json()));
}

#[tokio::test]
async fn without_a_token_the_api_answers_401_problem() {
    let app = TestApp::new().await;
    let res = app
        .get(&format!("/api/v1/pupils/{}", app.region.sanne), None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(res.json()["status"], 401);
    let res = app
        .get(
            &format!("/api/v1/pupils/{}", app.region.sanne),
            Some("not-a-token"),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn two_users_editing_one_pupil_lose_nothing_the_second_gets_412() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.so_school, Role::Registrator).await;
    let path = format!("/api/v1/pupils/{}", r.sanne);
    let file = app.get(&path, Some(&token)).await;
    let etag = file.header("etag").unwrap();
    let mut pupil = file.json()["pupil"].clone();
    for k in ["id", "version", "recordedAt", "recordedBy"] {
        pupil.as_object_mut().unwrap().remove(k);
    }
    let mut first = pupil.clone();
    first["familyName"] = json!("de Vries-Jansen");
    let mut second = pupil.clone();
    second["givenName"] = json!("Sanna");

    let missing = app.send_json("PUT", &path, &token, &first, None).await;
    assert_eq!(missing.status, StatusCode::PRECONDITION_REQUIRED);
    let ok = app
        .send_json("PUT", &path, &token, &first, Some(&etag))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.header("etag").as_deref(), Some("\"2\""));
    let stale = app
        .send_json("PUT", &path, &token, &second, Some(&etag))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.json()["type"], "/problemen/verouderde-versie");
    let now = app.get(&path, Some(&token)).await.json();
    assert_eq!(
        (
            now["pupil"]["givenName"].as_str(),
            now["pupil"]["familyName"].as_str()
        ),
        (Some("Sanne"), Some("de Vries-Jansen"))
    );
    let versions = app
        .get(&format!("{path}/versions"), Some(&token))
        .await
        .json();
    assert_eq!(
        versions
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["subject"] == "pupil")
            .count(),
        2
    );
}

#[tokio::test]
async fn bad_input_names_every_wrong_field() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.swv, Role::Registrator).await;
    let body = json!({ "kind": "tlv", "period": { "start": "2026-08-01", "end": "2026-01-01" }, "swv": r.swv.0, "tlvCategory": "extra" });
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &token,
            &body,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    let names: Vec<String> = res.json()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, vec!["period.end", "tlvCategory"]);
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &token,
            &json!({"kind": "tlv", "bogus": 1}),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        res.header("content-type").as_deref(),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn the_swv_records_a_tlv_and_the_municipality_may_not() {
    let app = TestApp::new().await;
    let r = &app.region;
    let body = json!({ "kind": "tlv", "period": { "start": "2026-08-01", "end": "2027-07-31" }, "swv": r.swv.0, "tlvCategory": "hoog", "emb": true });
    let swv = app.token(r.swv, Role::Registrator).await;
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &swv,
            &body,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()["tlvCategory"], "hoog");
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &gemeente,
            &body,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn lists_are_paged_with_links() {
    let app = TestApp::new().await;
    let token = app.token(app.region.so_school, Role::Medewerker).await;
    let p1 = app
        .get("/api/v1/organisations?pageSize=3", Some(&token))
        .await
        .json();
    assert_eq!(p1["items"].as_array().unwrap().len(), 3);
    assert_eq!(p1["totalItems"], 10);
    assert_eq!(
        p1["_links"]["next"]["href"],
        "/api/v1/organisations?page=2&pageSize=3"
    );
    assert!(p1["_links"].get("prev").is_none());
    let p4 = app
        .get("/api/v1/organisations?page=4&pageSize=3", Some(&token))
        .await
        .json();
    assert_eq!(p4["items"].as_array().unwrap().len(), 1);
    assert!(p4["_links"].get("next").is_none());
    let bad = app
        .get("/api/v1/organisations?pageSize=0", Some(&token))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["invalidParams"][0]["name"], "pageSize");
    let schools = app
        .get("/api/v1/organisations?kind=school", Some(&token))
        .await
        .json();
    assert_eq!(schools["totalItems"], 2);
}

#[tokio::test]
async fn a_parent_exports_who_looked_at_the_childs_file() {
    let app = TestApp::new().await;
    let r = &app.region;
    let school = app.token(r.so_school, Role::Medewerker).await;
    app.get(&format!("/api/v1/pupils/{}", r.sanne), Some(&school))
        .await;
    let parent = app.token(r.parents, Role::Ouder).await;
    let log = app
        .get(
            &format!("/api/v1/pupils/{}/audit-log", r.sanne),
            Some(&parent),
        )
        .await
        .json();
    let entries = log.as_array().unwrap();
    assert!(entries.iter().any(|e| e["action"] == "read"
        && e["outcome"] == "allowed"
        && e["organisation"] == "SO De Regenboog"));
}

#[tokio::test]
async fn a_school_registers_a_pupil_through_the_api() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.so_school, Role::Registrator).await;
    let body = json!({
        "pupil": { "pgn": "999999990", "givenName": "Noor", "familyName": "Bakker", "birthDate": "2018-01-05", "municipality": r.tilburg.0 },
        "school": r.so_school.0, "class": r.class_so2.0, "enrolment": { "start": "2026-11-23" }
    });
    let res = app
        .send_json("POST", "/api/v1/pupils", &token, &body, None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let location = res.header("location").unwrap();
    assert_eq!(
        app.get(&location, Some(&token)).await.json()["pupil"]["givenName"],
        "Noor"
    );
    let list = app
        .get(
            &format!("/api/v1/organisations/{}/pupils", r.so_school),
            Some(&token),
        )
        .await
        .json();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["givenName"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Sanne", "Noor"], "by class: SO-1 before SO-2");
}

#[tokio::test]
async fn a_provider_lists_its_own_workers_and_nobody_else_does() {
    let app = TestApp::new().await;
    let r = &app.region;
    let own = app.token(r.provider, Role::Medewerker).await;
    let res = app
        .get(
            &format!("/api/v1/organisations/{}/workers", r.provider),
            Some(&own),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.json()[0]["qualifications"], json!(["voorbehouden"]));
    let school = app.token(r.so_school, Role::Registrator).await;
    let res = app
        .get(
            &format!("/api/v1/organisations/{}/workers", r.provider),
            Some(&school),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_schools_agreements_name_their_parties() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.tilburg, Role::Medewerker).await;
    let res = app
        .get(
            &format!("/api/v1/organisations/{}/agreements", r.so_school),
            Some(&token),
        )
        .await
        .json();
    let roles: Vec<&str> = res[0]["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        vec!["financier (Jeugdwet)", "financier (Wlz)", "zorgaanbieder"]
    );
    assert_eq!(res[0]["period"]["start"], "2026-08-01");
}

#[tokio::test]
async fn a_provider_may_read_the_file_but_not_export_its_audit_log() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.provider, Role::Medewerker).await;
    let file = app
        .get(&format!("/api/v1/pupils/{}", r.sanne), Some(&token))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    let log = app
        .get(
            &format!("/api/v1/pupils/{}/audit-log", r.sanne),
            Some(&token),
        )
        .await;
    assert_eq!(log.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_bsn_is_shown_in_full_only_to_those_who_need_it() {
    let app = TestApp::new().await;
    let r = &app.region;
    let pgn = |token: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/pupils/{}", r.sanne), Some(&token))
                .await
                .json()["pupil"]["pgn"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(
        pgn(app.token(r.so_school, Role::Medewerker).await).await,
        "123456782"
    );
    assert_eq!(
        pgn(app.token(r.tilburg, Role::Medewerker).await).await,
        "123456782"
    );
    for org in [r.provider, r.insurer, r.zorgkantoor] {
        assert_eq!(
            pgn(app.token(org, Role::Medewerker).await).await,
            "*****6782"
        );
    }
    let school = app.token(r.so_school, Role::Medewerker).await;
    let history = app
        .get(
            &format!("/api/v1/pupils/{}/versions", r.sanne),
            Some(&school),
        )
        .await;
    assert!(!history.text().contains("123456782"));
    let res = app
        .get(&format!("/api/v1/pupils/{}", r.sanne), Some(&school))
        .await;
    assert_eq!(res.header("cache-control").as_deref(), Some("no-store"));
}

#[tokio::test]
async fn the_api_says_who_is_aan_zet_for_each_need_with_the_reasoning_on_request() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.parents, Role::Ouder).await;
    let path = format!("/api/v1/pupils/{}/responsibilities", r.sanne);
    let plain = app.get(&path, Some(&token)).await.json();
    assert_eq!(plain[0]["need"], "verpleging");
    assert_eq!(
        (
            plain[0]["domain"].as_str(),
            plain[0]["payerName"].as_str(),
            plain[0]["route"].as_str()
        ),
        (
            Some("wlz"),
            Some("Zorgkantoor Midden-Brabant"),
            Some("collectief")
        )
    );
    assert!(plain[0]["trace"].is_null());
    let traced = app
        .get(&format!("{path}?trace=true"), Some(&token))
        .await
        .json();
    let steps = traced[0]["trace"].as_array().unwrap();
    assert!(steps.iter().any(|s| {
        s["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://wetten.overheid.nl/BWBR"))
    }));
    // A stranger learns nothing.
    let other = app.token(r.dongen, Role::Medewerker).await;
    assert_eq!(
        app.get(&path, Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn any_signed_in_user_evaluates_a_rule_on_a_case_of_their_own() {
    let app = TestApp::new().await;
    let token = app.token(app.region.tilburg, Role::Medewerker).await;
    let case = json!({ "on": "2026-09-01", "trace": true, "case": { "birth_date": "2021-03-14" } });
    let res = app
        .send_json(
            "POST",
            "/api/v1/rules/leerplicht/evaluations",
            &token,
            &case,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let body = res.json();
    assert_eq!(
        (
            body["answer"]["status"].as_str(),
            body["answer"]["from"].as_str()
        ),
        (Some("leerplichtig"), Some("2026-04-01"))
    );
    let first = &body["trace"][0];
    assert_eq!(
        first["url"],
        "https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3"
    );
    assert!(
        first["basis"].as_str().unwrap().contains("art. 3"),
        "{first}"
    );

    // A wrong field is named, inside the case; the evaluation date as `on`.
    let aan_zet =
        json!({ "case": { "need": { "category": "toveren" }, "birth_date": "2016-05-10" } });
    let res = app
        .send_json(
            "POST",
            "/api/v1/rules/aan-zet/evaluations",
            &token,
            &aan_zet,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "case.need.category");
    let emb_after = json!({ "on": "2027-01-01", "case": [] });
    let res = app
        .send_json(
            "POST",
            "/api/v1/rules/emb/evaluations",
            &token,
            &emb_after,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "on");

    // An unknown rule does not exist; without a session there is no answer.
    let res = app
        .send_json(
            "POST",
            "/api/v1/rules/toveren/evaluations",
            &token,
            &case,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .send_json(
            "POST",
            "/api/v1/rules/leerplicht/evaluations",
            "nope",
            &case,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_school_records_absence_and_the_municipality_reads_it_but_may_not_write() {
    let app = TestApp::new().await;
    let r = &app.region;
    let path = format!("/api/v1/pupils/{}/absences", r.sanne);
    let school = app.token(r.so_school, Role::Registrator).await;
    // One record, then a list (all or nothing).
    let one = json!({ "date": "2026-09-07", "minutes": 330, "kind": "ongeoorloofd" });
    let res = app.send_json("POST", &path, &school, &one, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    assert_eq!(res.json()[0]["minutes"], 330);
    let list = json!([
        { "date": "2026-10-12", "minutes": 300, "kind": "geoorloofd", "ground": "14" },
        { "date": "2026-10-13", "minutes": 20, "kind": "te_laat" }
    ]);
    let res = app.send_json("POST", &path, &school, &list, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    // The same day and kind again: 409, and nothing of the list is stored.
    let again = json!([
        { "date": "2026-10-14", "minutes": 60, "kind": "ziek" },
        { "date": "2026-09-07", "minutes": 60, "kind": "ongeoorloofd" }
    ]);
    let res = app.send_json("POST", &path, &school, &again, None).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    // Bad fields are named, each with its place in the list.
    let bad = json!([
        { "date": "2026-10-14", "minutes": 0, "kind": "ziek" },
        { "date": "2026-10-14", "minutes": 60, "kind": "vrij" },
        { "date": "2026-10-14", "minutes": 60, "kind": "ziek", "ground": "14" }
    ]);
    let res = app.send_json("POST", &path, &school, &bad, None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    let names: Vec<String> = res.json()["invalidParams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["[0].minutes", "[1].kind", "[2].ground"]);
    // The municipality reads, newest first, but may not write.
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    let res = app.get(&path, Some(&gemeente)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(
        res.json(),
        json!([
            { "date": "2026-10-13", "minutes": 20, "kind": "te_laat", "ground": null },
            { "date": "2026-10-12", "minutes": 300, "kind": "geoorloofd", "ground": "14" },
            { "date": "2026-09-07", "minutes": 330, "kind": "ongeoorloofd", "ground": null }
        ])
    );
    let res = app.send_json("POST", &path, &gemeente, &one, None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    assert_eq!(
        res.header("content-type").as_deref(),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn a_stranger_gets_404_for_absence_and_a_provider_403() {
    let app = TestApp::new().await;
    let r = &app.region;
    let path = format!("/api/v1/pupils/{}/absences", r.sanne);
    let stranger = app.token(r.dongen, Role::Registrator).await;
    let res = app.get(&path, Some(&stranger)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let body = json!({ "date": "2026-09-07", "minutes": 60, "kind": "ziek" });
    let res = app.send_json("POST", &path, &stranger, &body, None).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let provider = app.token(r.provider, Role::Medewerker).await;
    let res = app.get(&path, Some(&provider)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_school_reports_a_signal_and_the_municipality_handles_and_forwards_it() {
    let app = TestApp::new().await;
    let r = &app.region;
    let school = app.token(r.so_school, Role::Registrator).await;
    // 5.5 hours unauthorised on four school days: 16 hours are passed on the third.
    let days = json!([
        { "date": "2026-11-02", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-11-03", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-11-04", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-11-05", "minutes": 330, "kind": "ongeoorloofd" }
    ]);
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/absences", r.sanne),
            &school,
            &days,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());

    let signals_path = format!("/api/v1/organisations/{}/absence-signals", r.so_school);
    let res = app.get(&signals_path, Some(&school)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let signals = res.json();
    let melding = signals
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["signal"] == "16-uursmelding")
        .unwrap_or_else(|| panic!("no 16-uursmelding in {signals}"));
    assert_eq!(melding["pupil"], r.sanne.to_string());
    assert_eq!(melding["on"], "2026-11-04");
    assert_eq!(melding["from"], "2026-11-02");
    assert_eq!(melding["minutes"], 990);
    assert_eq!(melding["reportType"], "16_uur");
    assert!(
        melding["basis"].as_str().unwrap().contains("21a"),
        "{melding}"
    );
    assert!(melding["report"].is_null());
    // Another organisation does not see the school's signals.
    let gemeente = app.token(r.tilburg, Role::Registrator).await;
    assert_eq!(
        app.get(&signals_path, Some(&gemeente)).await.status,
        StatusCode::NOT_FOUND
    );

    // Only a signal the scan raises can be reported, and only once.
    let body = |on: &str| json!({ "pupil": r.sanne, "type": "16_uur", "signalOn": on, "note": "ouders gebeld" });
    let res = app
        .send_json(
            "POST",
            "/api/v1/absence-reports",
            &school,
            &body("2026-11-05"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    let res = app
        .send_json(
            "POST",
            "/api/v1/absence-reports",
            &school,
            &json!({ "pupil": r.sanne, "type": "vakantie", "signalOn": "2026-11-04" }),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "type");
    let res = app
        .send_json(
            "POST",
            "/api/v1/absence-reports",
            &school,
            &body("2026-11-04"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let report = res.json();
    let id = report["id"].as_str().unwrap().to_owned();
    assert_eq!(
        res.header("location"),
        Some(format!("/api/v1/absence-reports/{id}"))
    );
    assert_eq!(
        report["municipality"],
        r.tilburg.to_string(),
        "to the municipality of residence"
    );
    assert_eq!(report["status"], "geregistreerd");
    assert_eq!(report["type"], "16_uur");
    assert_eq!(report["note"], "ouders gebeld");
    let res = app
        .send_json(
            "POST",
            "/api/v1/absence-reports",
            &school,
            &body("2026-11-04"),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    let res = app.get(&signals_path, Some(&school)).await;
    let reported = res.json();
    assert!(
        reported
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["report"] == id.as_str() && s["reportStatus"] == "geregistreerd"),
        "{reported}"
    );

    // The municipality lists and takes it up; a stranger sees nothing.
    let res = app
        .get(
            "/api/v1/absence-reports?status=geregistreerd",
            Some(&gemeente),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["totalItems"], 1);
    let res = app
        .get("/api/v1/absence-reports?status=open", Some(&gemeente))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let dongen = app.token(r.dongen, Role::Registrator).await;
    assert_eq!(
        app.get("/api/v1/absence-reports", Some(&dongen))
            .await
            .json()["totalItems"],
        0
    );
    let one = format!("/api/v1/absence-reports/{id}");
    assert_eq!(
        app.get(&one, Some(&dongen)).await.status,
        StatusCode::NOT_FOUND
    );
    let status_path = format!("{one}/status-changes");
    let take = json!({ "status": "in_behandeling", "note": "huisbezoek" });
    let res = app
        .send_json("POST", &status_path, &gemeente, &take, None)
        .await;
    assert_eq!(res.status, StatusCode::PRECONDITION_REQUIRED);
    let res = app
        .send_json("POST", &status_path, &gemeente, &take, Some("\"1\""))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"2\""));
    assert_eq!(res.json()["status"], "in_behandeling");
    // The school may not close it; a stale version is refused.
    let close = json!({ "status": "afgesloten" });
    let res = app
        .send_json("POST", &status_path, &school, &close, Some("\"2\""))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    let res = app
        .send_json("POST", &status_path, &gemeente, &close, Some("\"1\""))
        .await;
    assert_eq!(
        res.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        res.text()
    );

    // Forwarded to Dongen: there it is Geregistreerd again, Tilburg no longer sees it.
    let fwd = json!({ "municipality": r.dongen, "note": "verhuisd per 1 november" });
    let res = app
        .send_json(
            "POST",
            &format!("{one}/forwards"),
            &gemeente,
            &fwd,
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(
        app.get(&one, Some(&gemeente)).await.status,
        StatusCode::NOT_FOUND
    );
    let res = app.get(&one, Some(&dongen)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let at_dongen = res.json();
    assert_eq!(at_dongen["status"], "geregistreerd");
    let kinds: Vec<&str> = at_dongen["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["geregistreerd", "status", "doorgestuurd"]);
    assert_eq!(
        at_dongen["events"][2]["fromMunicipality"],
        r.tilburg.to_string()
    );
    // The school still follows it, and withdraws it.
    let res = app
        .send_json(
            "POST",
            &status_path,
            &school,
            &json!({ "status": "ingetrokken", "note": "dubbel" }),
            Some("\"3\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "ingetrokken");
}

#[tokio::test]
async fn an_overdue_case_escalates_on_its_own_to_the_party_the_oogo_names() {
    let app = TestApp::new().await;
    let r = &app.region;
    let tilburg = app.token(r.tilburg, Role::Registrator).await;
    let swv = app.token(r.swv, Role::Registrator).await;
    let open = json!({ "caseType": "thuiszitter", "pupil": r.sanne, "registeredOn": "2026-09-01", "reason": "thuis sinds de zomer" });
    let bad = json!({ "caseType": "ruzie", "pupil": r.sanne, "registeredOn": "2026-09-01", "reason": "x" });
    let res = app
        .send_json("POST", "/api/v1/cases", &tilburg, &bad, None)
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "caseType");
    let res = app
        .send_json("POST", "/api/v1/cases", &tilburg, &open, None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let case = res.json();
    let id = case["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/cases/{id}");
    assert_eq!(case["municipality"], r.tilburg.to_string());
    assert_eq!(case["status"], "ontvangen");
    // Without an OOGO agreement for the region the deadline cannot be known: said, not hidden.
    assert!(
        case["deadlineProblem"].as_str().unwrap().contains("oogo"),
        "{case}"
    );
    let run = continuum_server::cases::escalate_overdue(
        &app.state,
        chrono::Utc::now(),
        continuum_domain::Date::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .await
    .unwrap();
    assert!(run.escalated.is_empty());
    assert_eq!(run.problems.len(), 1);

    // The region records who holds doorzettingsmacht, after 6 weeks without an offer.
    let oogo = |weeks: u32| {
        json!({ "swv": r.swv, "municipalities": [r.tilburg, r.dongen], "education": r.swv,
                "youthHelp": { "kind": "woonplaats" }, "weeksWithoutOffer": weeks,
                "geschillenregeling": "Geschillencommissie OOGO regio Tilburg" })
    };
    let oogo_path = format!("/api/v1/oogo-agreements/{}", r.swv);
    let res = app.send_json("PUT", &oogo_path, &swv, &oogo(0), None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "weeksWithoutOffer");
    let school = app.token(r.so_school, Role::Registrator).await;
    let res = app
        .send_json("PUT", &oogo_path, &school, &oogo(6), None)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text());
    let res = app.send_json("PUT", &oogo_path, &swv, &oogo(6), None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let case = app.get(&path, Some(&tilburg)).await.json();
    let offer = case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "integral_offer")
        .cloned();
    assert_eq!(offer.unwrap()["due"], "2026-10-13", "{case}");

    // Events are checked: an unknown type names `type`, an unknown action is refused.
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &json!({ "type": "feest" }),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "type");
    let done = json!({ "type": "action_done", "action": "01a20000-0000-7000-8000-000000000001", "on": "2026-10-01" });
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &done,
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    let heard = json!({ "type": "pupil_heard", "view": "Ik wil weer naar school, maar niet naar de grote klas.", "on": "2026-10-02" });
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &heard,
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.header("etag").as_deref(), Some("\"2\""));

    // The job escalates the overdue case to the SWV, which is told and now sees the case.
    assert_eq!(
        app.get(&path, Some(&swv)).await.status,
        StatusCode::NOT_FOUND
    );
    let run = continuum_server::cases::escalate_overdue(
        &app.state,
        chrono::Utc::now(),
        continuum_domain::Date::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(run.escalated.len(), 1, "{:?}", run.problems);
    assert_eq!(run.escalated[0].1.since.to_string(), "2026-10-14");
    let case = app.get(&path, Some(&swv)).await;
    assert_eq!(case.status, StatusCode::OK, "{}", case.text());
    let case = case.json();
    assert_eq!(case["status"], "geescaleerd");
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"]["type"], "escalated");
    assert_eq!(last["event"]["automatic"], true);
    assert_eq!(last["event"]["to"], r.swv.to_string());
    let notes = app.get("/api/v1/notifications", Some(&swv)).await.json();
    assert_eq!(notes.as_array().unwrap().len(), 1);
    assert_eq!(notes[0]["case"], id.as_str());
    // Once escalated it does not escalate again.
    let run = continuum_server::cases::escalate_overdue(
        &app.state,
        chrono::Utc::now(),
        continuum_domain::Date::from_ymd_opt(2026, 11, 24).unwrap(),
    )
    .await
    .unwrap();
    assert!(run.escalated.is_empty() && run.problems.is_empty());
    // The decision is recorded; the parents' refusal too; the case closes only with it in the timeline.
    let decision = json!({ "type": "decision_recorded", "decidedBy": r.swv, "decision": "Plaatsing op SO De Regenboog met zorg in de klas", "on": "2026-11-24", "basis": "OOGO" });
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &swv,
            &decision,
            Some("\"3\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let close = json!({ "type": "closed", "result": "ouders_weigeren", "on": "2026-11-25", "explanation": "ouders willen thuisonderwijs" });
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &close,
            Some("\"4\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.text());
    let refused = json!({ "type": "parents_refused", "offer": "Plaatsing op SO De Regenboog", "on": "2026-11-25", "note": "gesprek met beide ouders" });
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &refused,
            Some("\"4\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let res = app
        .send_json(
            "POST",
            &format!("{path}/events"),
            &tilburg,
            &close,
            Some("\"5\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    assert_eq!(res.json()["status"], "afgesloten");
}

#[tokio::test]
async fn a_case_takes_documents_and_hands_them_out_by_confidentiality() {
    let app = TestApp::new().await;
    let r = &app.region;
    let tilburg = app.token(r.tilburg, Role::Registrator).await;
    let open = json!({ "caseType": "thuiszitter", "pupil": r.sanne, "registeredOn": "2026-11-02", "reason": "thuis" });
    let res = app
        .send_json("POST", "/api/v1/cases", &tilburg, &open, None)
        .await;
    let id = res.json()["id"].as_str().unwrap().to_owned();
    let docs = format!("/api/v1/cases/{id}/documents");
    let doc = |title: &str, conf: &str, content: &str| {
        json!({ "title": title, "kind": "verslag", "confidentiality": conf, "on": "2026-11-03",
                "filename": "C:\\stukken\\plan.txt", "contentType": "text/plain", "content": content })
    };
    // "Plan: kleine groep." in base64.
    let plan = "UGxhbjoga2xlaW5lIGdyb2VwLg==";
    let res = app
        .send_json(
            "POST",
            &docs,
            &tilburg,
            &doc("Plan", "beperkt_openbaar", "***"),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.text());
    assert_eq!(res.json()["invalidParams"][0]["name"], "content");
    let res = app
        .send_json(
            "POST",
            &docs,
            &tilburg,
            &doc("Plan", "geheimzinnig", plan),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.json()["invalidParams"][0]["name"], "confidentiality");
    let res = app
        .send_json(
            "POST",
            &docs,
            &tilburg,
            &doc("Plan", "beperkt_openbaar", plan),
            Some("\"1\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let res = app
        .send_json(
            "POST",
            &docs,
            &tilburg,
            &doc("Verslag jeugdarts", "vertrouwelijk", plan),
            Some("\"2\""),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let documents = res.json()["state"]["documents"].clone();
    let id_of = |title: &str| {
        documents
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == title)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (plan_id, medical_id) = (id_of("Plan"), id_of("Verslag jeugdarts"));
    let got = app.get(&format!("{docs}/{plan_id}"), Some(&tilburg)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, b"Plan: kleine groep.");
    assert_eq!(got.header("content-type").as_deref(), Some("text/plain"));
    assert_eq!(
        got.header("content-disposition").as_deref(),
        Some("attachment; filename=\"plan.txt\"")
    );
    // Parents get the plan, not the confidential report; a stranger gets nothing.
    let parents = app.token(r.parents, Role::Ouder).await;
    assert_eq!(
        app.get(&format!("{docs}/{plan_id}"), Some(&parents))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("{docs}/{medical_id}"), Some(&parents))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let dongen = app.token(r.dongen, Role::Registrator).await;
    assert_eq!(
        app.get(&format!("{docs}/{plan_id}"), Some(&dongen))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}
