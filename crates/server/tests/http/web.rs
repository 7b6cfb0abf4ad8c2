use crate::helpers::{PASSWORD, TestApp, login_of};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use continuum_domain::role::Role;

/// Signs in through the login form, as a browser would; returns the session cookie.
pub(crate) async fn sign_in(
    app: &TestApp,
    login: &str,
    password: &str,
) -> Result<String, crate::helpers::Reply> {
    let form = app
        .send(Request::get("/inloggen").body(Body::empty()).unwrap())
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let cookie = form.header("set-cookie").unwrap();
    let csrf_cookie = cookie.split(';').next().unwrap().to_owned();
    let csrf = csrf_cookie.split_once('=').unwrap().1.to_owned();
    assert!(form.text().contains(&format!("value=\"{csrf}\"")));
    let body = format!(
        "login={}&password={}&csrf={csrf}",
        login.replace('@', "%40"),
        password
    );
    let res = app
        .send(
            Request::post("/inloggen")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, csrf_cookie)
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    if res.status != StatusCode::SEE_OTHER {
        return Err(res);
    }
    Ok(res
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned())
}

/// Signs in as a user of `org` in `role` and opens `path`.
pub(crate) async fn page_as(
    app: &TestApp,
    org: continuum_domain::ids::OrgId,
    role: Role,
    path: &str,
) -> crate::helpers::Reply {
    let cookie = sign_in(app, &login_of(org, role), PASSWORD)
        .await
        .ok()
        .unwrap();
    page(app, path, &cookie).await
}

/// The session's CSRF token as a page's forms carry it.
pub(crate) fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF token in {html}"))
        .to_owned()
}

pub(crate) async fn page(app: &TestApp, path: &str, cookie: &str) -> crate::helpers::Reply {
    app.send(
        Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn without_a_session_pages_redirect_to_the_login() {
    let app = TestApp::new().await;
    let res = app
        .send(Request::get("/").body(Body::empty()).unwrap())
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location").as_deref(), Some("/inloggen"));
}

#[tokio::test]
async fn a_wrong_password_shows_a_dutch_error_and_no_session() {
    let app = TestApp::new().await;
    let res = sign_in(
        &app,
        &login_of(app.region.so_school, Role::Medewerker),
        "fout",
    )
    .await
    .unwrap_err();
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        res.text()
            .contains("Onbekende gebruikersnaam of onjuist wachtwoord")
    );
}

#[tokio::test]
async fn a_login_without_the_forms_csrf_token_is_refused() {
    let app = TestApp::new().await;
    let body = format!(
        "login={}&password={PASSWORD}&csrf=guess",
        login_of(app.region.so_school, Role::Medewerker).replace('@', "%40")
    );
    let res = app
        .send(
            Request::post("/inloggen")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.header("set-cookie").is_none());
}

#[tokio::test]
async fn a_school_sees_its_pupils_by_class_and_opens_a_file() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.so_school, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let home = page(&app, "/", &cookie).await;
    assert!(
        home.text()
            .contains(&format!("/scholen/{}/leerlingen", r.so_school))
    );
    let list = page(
        &app,
        &format!("/scholen/{}/leerlingen", r.so_school),
        &cookie,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    let html = list.text();
    assert!(
        html.contains("Klas SO-1") && html.contains("Sanne de Vries"),
        "{html}"
    );
    let file = page(&app, &format!("/leerlingen/{}", r.sanne), &cookie).await;
    let html = file.text();
    assert!(html.contains("<h1>Sanne de Vries</h1>"));
    assert!(
        html.contains("*****6782") && !html.contains("123456782"),
        "the BSN is masked"
    );
    assert!(html.contains("Wet langdurige zorg") && html.contains("TLV categorie hoog"));
    // The need says when in the week the care is given.
    assert!(
        html.contains("Verpleging (individueel), vraagt kwalificatie &#39;voorbehouden&#39;; op ma 11:30-12:00, wo 11:30-12:00"),
        "{html}"
    );
    assert!(html.contains("Geschiedenis"));
}

#[tokio::test]
async fn another_municipality_gets_the_not_found_page_for_the_file() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.dongen, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let file = page(&app, &format!("/leerlingen/{}", r.sanne), &cookie).await;
    assert_eq!(file.status, StatusCode::NOT_FOUND);
    assert!(file.text().contains("Niet gevonden") && !file.text().contains("Sanne"));
    let list = page(
        &app,
        &format!("/scholen/{}/leerlingen", r.so_school),
        &cookie,
    )
    .await;
    assert!(!list.text().contains("Sanne"));
}

#[tokio::test]
async fn a_parent_downloads_the_audit_log_of_the_child() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.parents, Role::Ouder), PASSWORD)
        .await
        .ok()
        .unwrap();
    let csv = page(
        &app,
        &format!("/leerlingen/{}/auditlog.csv", r.sanne),
        &cookie,
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let text = csv.text();
    assert!(text.starts_with("tijdstip;gebruiker;organisatie;rol;handeling"));
    assert!(text.contains("ingelezen"));
}

#[tokio::test]
async fn signing_out_needs_the_sessions_csrf_token_and_ends_the_session() {
    let app = TestApp::new().await;
    let cookie = sign_in(
        &app,
        &login_of(app.region.so_school, Role::Medewerker),
        PASSWORD,
    )
    .await
    .ok()
    .unwrap();
    let forged = app
        .send(
            Request::post("/uitloggen")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("csrf=guess"))
                .unwrap(),
        )
        .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(page(&app, "/", &cookie).await.status, StatusCode::OK);
    let home = page(&app, "/", &cookie).await.text();
    let csrf = csrf_of(&home);
    let out = app
        .send(
            Request::post("/uitloggen")
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={csrf}")))
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(page(&app, "/", &cookie).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_parent_sees_only_the_own_child_on_the_start_page() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.parents, Role::Ouder), PASSWORD)
        .await
        .ok()
        .unwrap();
    let home = page(&app, "/", &cookie).await.text();
    assert!(home.contains("Uw kind"));
    assert!(home.contains(&format!("/leerlingen/{}", r.sanne)));
    assert!(!home.contains("Daan"));
}

#[tokio::test]
async fn a_municipality_sees_its_residents_on_the_start_page() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.dongen, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let home = page(&app, "/", &cookie).await.text();
    assert!(
        home.contains("Uw leerlingen (1)")
            && home.contains("Daan Jansen")
            && !home.contains("Sanne"),
        "{home}"
    );
}

#[tokio::test]
async fn the_pupil_file_shows_the_leerplicht_status_with_its_articles() {
    let app = TestApp::new().await;
    let r = &app.region;
    let html = page_as(
        &app,
        r.so_school,
        Role::Medewerker,
        &format!("/leerlingen/{}", r.sanne),
    )
    .await
    .text();
    // Sanne, born 14 March 2016, turns 16 in school year 2031-2032 (art. 3 lid 1 onder b).
    assert!(
        html.contains("Leerplichtig tot en met 31-07-2032"),
        "{html}"
    );
    assert!(html.contains("https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3"));
}

#[tokio::test]
async fn wie_is_aan_zet_names_law_payer_route_and_contact_for_each_need() {
    let app = TestApp::new().await;
    let r = &app.region;
    let html = page_as(
        &app,
        r.parents,
        Role::Ouder,
        &format!("/leerlingen/{}", r.sanne),
    )
    .await
    .text();
    let section = html
        .split("<h2 id=\"aan-zet\">Wie is aan zet?</h2>")
        .nth(1)
        .unwrap()
        .split("<section")
        .next()
        .unwrap();
    // Sanne needs nursing and has a Wlz indication: the Wlz goes first (DOMAIN §3.3), paid
    // by the zorgkantoor of her region, through the school's agreement with it.
    assert!(section.contains("<h3>Verpleging</h3>"), "{section}");
    assert!(
        section.contains("<dt>Wet</dt><dd>Wet langdurige zorg</dd>"),
        "{section}"
    );
    assert!(
        section.contains("<dt>Betaalt</dt><dd>Zorgkantoor Midden-Brabant</dd>"),
        "{section}"
    );
    assert!(
        section.contains("collectief, via de afspraak van de school"),
        "{section}"
    );
    assert!(section.contains("Neem contact op met"), "{section}");
    assert!(
        section.contains("https://wetten.overheid.nl/"),
        "the reasoning links to the law: {section}"
    );
}

#[tokio::test]
async fn a_school_sees_its_care_in_school_time_per_class_and_others_do_not() {
    let app = TestApp::new().await;
    let r = &app.region;
    let path = format!("/scholen/{}/zio", r.so_school);
    let res = page_as(&app, r.so_school, Role::Medewerker, &path).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    // Sanne's nursing, with its blocks, the funder and route from wie is aan zet.
    let row = html
        .split("<tr>")
        .find(|row| row.contains("Sanne de Vries"))
        .unwrap_or_else(|| panic!("{html}"));
    for part in [
        "Verpleging",
        "ma 11:30-12:00, wo 11:30-12:00",
        "individueel, kwalificatie voorbehouden",
        "Zorgkantoor Midden-Brabant",
        "collectief (ZiO-afspraak)",
    ] {
        assert!(row.contains(part), "{part} in {row}");
    }
    // Today: one pupil with care in SO-1, her own care worker, one provider, one funder.
    assert!(
        html.contains("<tr><td>SO-1</td><td>1</td><td>1</td><td>1</td><td>1</td></tr>"),
        "{html}"
    );
    // The care provider in the agreement is a candidate.
    assert!(
        html.contains("Zorgaanbieders die u kunt inzetten: Zorggroep"),
        "{html}"
    );
    // Another school's or a municipality's users get the not-found page.
    for org in [r.po_school, r.tilburg] {
        let res = page_as(&app, org, Role::Medewerker, &path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn funders_and_schools_see_which_funders_an_agreement_covers() {
    let app = TestApp::new().await;
    let r = &app.region;
    // The SO school (cluster 3): Sanne lives in Tilburg (a party), whose zorgkantoor is a
    // party too; the SWV is not.
    let res = page_as(&app, r.so_school, Role::Medewerker, "/zio/dekking").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    assert!(
        html.contains("<strong>1</strong> financier zonder afspraak"),
        "{html}"
    );
    let csv = page_as(&app, r.tilburg, Role::Medewerker, "/zio/dekking.csv").await;
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    // A municipality sees its own line only.
    let text = csv.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with("12AB00;"), "{text}");
    assert!(
        lines[1].ends_with(";gemeente;Gemeente Tilburg;1;ja"),
        "{text}"
    );
    // The SWV sees its gap.
    let swv = page_as(&app, r.swv, Role::Medewerker, "/zio/dekking.csv")
        .await
        .text();
    assert!(
        swv.lines()
            .nth(1)
            .unwrap_or("")
            .ends_with(";samenwerkingsverband;SWV Primair Onderwijs Midden-Brabant;1;nee"),
        "{swv}"
    );
}

#[tokio::test]
async fn a_school_plans_its_week_and_sees_fixed_workers_roster_and_shares() {
    let app = TestApp::new().await;
    let r = &app.region;
    let cookie = sign_in(&app, &login_of(r.so_school, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let path = format!("/scholen/{}/zio/plan", r.so_school);
    let post = |body: String| {
        Request::post(path.as_str())
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    // Without the session's CSRF token nothing is planned.
    assert_eq!(
        app.send(post("csrf=guess".into())).await.status,
        StatusCode::BAD_REQUEST
    );
    let zio = page(&app, &format!("/scholen/{}/zio", r.so_school), &cookie)
        .await
        .text();
    let csrf = csrf_of(&zio);
    let res = app.send(post(format!("csrf={csrf}"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    // One need, one qualified worker: the proven optimum, one worker in SO-1.
    assert!(html.contains("Beste rooster (bewezen)"), "{html}");
    assert!(
        html.contains("Vaste zorgverleners: Fatima Yilmaz."),
        "{html}"
    );
    assert!(html.contains("maandag 11:30 (30 min)"), "{html}");
    assert!(html.contains("<td>Sanne de Vries</td>"), "{html}");
    // The chart is an image with a title, with a table of the same numbers beside it.
    assert!(html.contains("role=\"img\" aria-labelledby=\"grafiek-titel\""));
    assert!(
        html.contains("<tr><td>SO-1</td><td>1</td><td>1</td></tr>"),
        "{html}"
    );
    // Budget: 1 hour a week of nursing for the zorgkantoor at its agreed € 66,00 an hour.
    assert!(
        html.contains("Totaal: <strong>€ 66,00</strong> per lesweek"),
        "{html}"
    );
    // And for the school year: the week's budget times its teaching weeks in region zuid.
    let weeks: i64 = html
        .split(" lesweken in de vakantieregio")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no teaching weeks in {html}"));
    assert!((36..=42).contains(&weeks), "{weeks}");
    let year_total = continuum_domain::money::Cents(6600 * weeks).to_string();
    assert!(
        html.contains(&format!(
            "<strong>{year_total}</strong> in schooljaar 2026-2027"
        )),
        "{html}"
    );
    // Another organisation cannot plan the school.
    let other = sign_in(&app, &login_of(r.tilburg, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let other_csrf = csrf_of(&page(&app, "/", &other).await.text());
    let res = app
        .send(
            Request::post(path.as_str())
                .header(header::COOKIE, &other)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={other_csrf}")))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_school_draws_up_the_agreement_from_its_plan_as_a_new_version_to_print_and_sign() {
    let app = TestApp::new().await;
    let r = &app.region;
    let path = format!("/scholen/{}/zio/afspraak", r.so_school);
    let registrator = sign_in(&app, &login_of(r.so_school, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let before = page(&app, &path, &registrator).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text());
    assert!(before.text().contains("Versie 1"));
    assert!(before.text().contains("nog geen rooster vastgelegd"));
    let csrf = csrf_of(&before.text());
    let drawn = app
        .send(
            Request::post(path.as_str())
                .header(header::COOKIE, &registrator)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={csrf}")))
                .unwrap(),
        )
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER, "{}", drawn.text());
    let html = page(&app, &path, &registrator).await.text();
    for part in [
        "Versie 2",
        "Zorggroep De Linde",
        "Het gezamenlijke budget is € 66,00 per lesweek",
        "6. Afspraak is realisatie",
        "7. Persoonsgebonden budget",
        "8. Geschillen en doorzettingsmacht",
        "9. Gegevens delen",
        "Partijen evalueren de afspraak op",
        "blijft bij de school en het samenwerkingsverband",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    // A funder that is a party reads it, and downloads the PDF.
    let tilburg = sign_in(&app, &login_of(r.tilburg, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    assert_eq!(page(&app, &path, &tilburg).await.status, StatusCode::OK);
    let pdf = page(&app, &format!("{path}.pdf"), &tilburg).await;
    assert_eq!(
        pdf.header("content-type").as_deref(),
        Some("application/pdf")
    );
    assert!(pdf.body.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.body.len() > 1_000);
    // Not a party: not found. A school medewerker may read but not draw up.
    let dongen = sign_in(&app, &login_of(r.dongen, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    assert_eq!(
        page(&app, &path, &dongen).await.status,
        StatusCode::NOT_FOUND
    );
    let medewerker = sign_in(&app, &login_of(r.so_school, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let html = page(&app, &path, &medewerker).await.text();
    assert!(!html.contains("Afspraak opstellen uit het rooster"));
    let res = app
        .send(
            Request::post(path.as_str())
                .header(header::COOKIE, &medewerker)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={}", csrf_of(&html))))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_settlement_follows_the_agreement_per_funder_per_month_to_the_cent() {
    let app = TestApp::new().await;
    let r = &app.region;
    let base = format!("/scholen/{}/zio", r.so_school);
    let registrator = sign_in(&app, &login_of(r.so_school, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    // Before the agreement is drawn up from a plan there is nothing to settle.
    let early = page(&app, &format!("{base}/afrekening"), &registrator)
        .await
        .text();
    assert!(early.contains("Nog geen afrekening"), "{early}");
    let csrf = csrf_of(
        &page(&app, &format!("{base}/afspraak"), &registrator)
            .await
            .text(),
    );
    let drawn = app
        .send(
            Request::post(format!("{base}/afspraak").as_str())
                .header(header::COOKIE, &registrator)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(format!("csrf={csrf}")))
                .unwrap(),
        )
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER);
    let html = page(&app, &format!("{base}/afrekening"), &registrator)
        .await
        .text();
    assert!(!html.contains("Nog geen afrekening"), "{html}");
    // The zorgkantoor: € 66 a teaching week for Sanne's nursing, the whole school year.
    let csv = page(&app, &format!("{base}/afrekening.csv"), &registrator)
        .await
        .text();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "maand;financier;wet;productcategorie;omschrijving;bedrag"
    );
    assert_eq!(lines.len(), 1 + 12, "twelve months: {csv}");
    assert!(
        lines[1].starts_with("2026-08;Zorgkantoor Midden-Brabant;wlz;;;"),
        "{csv}"
    );
    // The same list as an Excel workbook (a zip file), for the same readers.
    let book = page(&app, &format!("{base}/afrekening.xlsx"), &registrator).await;
    assert_eq!(book.status, StatusCode::OK);
    assert_eq!(
        book.header("content-type").as_deref(),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(&book.body[..2], b"PK");
    assert!(
        book.header("content-disposition")
            .unwrap()
            .contains("zio-afrekening.xlsx")
    );
    // "Periode … tot en met …: 39 lesweken."
    let weeks: i64 = html
        .split(" lesweken.")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{html}"));
    assert!((36..=42).contains(&weeks), "{weeks} teaching weeks");
    let total: i64 = lines[1..]
        .iter()
        .map(|l| {
            let euros = l.rsplit(';').next().unwrap();
            let (e, c) = euros.split_once(',').unwrap();
            e.parse::<i64>().unwrap() * 100 + c.parse::<i64>().unwrap()
        })
        .sum();
    assert_eq!(
        total,
        6_600 * weeks,
        "the months add up to the agreed share"
    );
    // The zorgkantoor sees its share in the school's agreement on its funder page.
    let zk = sign_in(&app, &login_of(r.zorgkantoor, Role::Medewerker), PASSWORD)
        .await
        .ok()
        .unwrap();
    let funder = page(&app, "/zio/dekking", &zk).await.text();
    assert!(funder.contains("Samen € 66,00 per lesweek."), "{funder}");
    assert!(
        funder.contains(">SO De Regenboog</a></td><td>€ 66,00</td>"),
        "{funder}"
    );
}

#[tokio::test]
async fn the_pupil_file_lists_absence_newest_first_for_those_who_may_read_it() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.so_school, Role::Registrator).await;
    let records = serde_json::json!([
        { "date": "2026-09-07", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-10-12", "minutes": 300, "kind": "geoorloofd", "ground": "14" },
        { "date": "2026-10-13", "minutes": 15, "kind": "te_laat" }
    ]);
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/absences", r.sanne),
            &token,
            &records,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    let path = format!("/leerlingen/{}", r.sanne);
    let html = page_as(&app, r.tilburg, Role::Medewerker, &path)
        .await
        .text();
    assert!(html.contains("<h2 id=\"verzuim\">Verzuim</h2>"), "{html}");
    assert!(
        html.contains(
            "<caption class=\"visually-hidden\">Verzuim per dag, nieuwste eerst</caption>"
        )
    );
    let late = html
        .find("<td>13-10-2026</td><td>0,25</td><td>Te laat</td>")
        .unwrap();
    let leave = html
        .find("<td>12-10-2026</td><td>5</td><td>Geoorloofd afwezig</td><td>verlof voor gewichtige omstandigheden (Leerplichtwet art. 14)</td>")
        .unwrap();
    let first = html
        .find("<td>07-09-2026</td><td>5,5</td><td>Ongeoorloofd afwezig</td>")
        .unwrap();
    assert!(late < leave && leave < first, "newest first");
    // A care provider has a relation with Sanne but does not see absence.
    let html = page_as(&app, r.provider, Role::Medewerker, &path)
        .await
        .text();
    assert!(!html.contains("id=\"verzuim\""), "{html}");
}

/// POSTs a form as the signed-in browser; the reply.
async fn post_form(app: &TestApp, path: &str, cookie: &str, body: String) -> crate::helpers::Reply {
    app.send(
        Request::post(path)
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_school_reports_from_its_signals_and_the_municipality_handles_it_and_opens_a_case() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.so_school, Role::Registrator).await;
    let days = serde_json::json!([
        { "date": "2026-11-02", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-11-03", "minutes": 330, "kind": "ongeoorloofd" },
        { "date": "2026-11-04", "minutes": 330, "kind": "ongeoorloofd" }
    ]);
    let res = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/absences", r.sanne),
            &token,
            &days,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());

    // The school sees the signal with its basis and reports it with one click.
    let school = sign_in(&app, &login_of(r.so_school, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let verzuim = format!("/scholen/{}/verzuim", r.so_school);
    let html = page(&app, &verzuim, &school).await.text();
    assert!(html.contains("16-uursmelding"), "{html}");
    assert!(html.contains("art. 21a"), "{html}");
    assert!(html.contains("Melden als 16-uursmelding"), "{html}");
    let csrf = csrf_of(&html);
    let melden = format!("{verzuim}/melden");
    let res = post_form(
        &app,
        &melden,
        &school,
        format!(
            "csrf=guess&leerling={}&soort=16_uur&datum=2026-11-04",
            r.sanne
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = post_form(
        &app,
        &melden,
        &school,
        format!(
            "csrf={csrf}&leerling={}&soort=16_uur&datum=2026-11-04&toelichting=ouders+gebeld",
            r.sanne
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let report = res.header("location").unwrap();
    assert!(report.starts_with("/meldingen/"), "{report}");
    let html = page(&app, &verzuim, &school).await.text();
    assert!(html.contains("16-uursmelding: Geregistreerd"), "{html}");
    // Another municipality learns nothing; Tilburg (residence) sees and takes it up.
    let dongen = sign_in(&app, &login_of(r.dongen, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    assert_eq!(
        page(&app, &report, &dongen).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        page(&app, &verzuim, &dongen).await.status,
        StatusCode::NOT_FOUND
    );
    let tilburg = sign_in(&app, &login_of(r.tilburg, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    // The start page counts the new report by type.
    let home = page(&app, "/", &tilburg).await.text();
    assert!(
        home.contains("href=\"/meldingen?status=geregistreerd&amp;soort=16_uur\">1</a>"),
        "{home}"
    );
    let list = page(&app, "/meldingen", &tilburg).await.text();
    assert!(
        list.contains("Sanne de Vries") && list.contains("SO De Regenboog"),
        "{list}"
    );
    let book = page(&app, "/meldingen.xlsx?status=geregistreerd", &tilburg).await;
    assert_eq!((book.status, &book.body[..2]), (StatusCode::OK, &b"PK"[..]));
    let book = page(&app, "/meldingen.xlsx", &dongen).await;
    assert_eq!(
        book.status,
        StatusCode::OK,
        "an empty list for a stranger, not an error"
    );
    let csv = page(&app, "/meldingen.csv?status=geregistreerd", &tilburg).await;
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(csv.text().lines().count(), 2, "{}", csv.text());
    assert!(
        csv.text()
            .lines()
            .nth(1)
            .unwrap()
            .contains(",16_uur,geregistreerd,"),
        "{}",
        csv.text()
    );
    let html = page(&app, &report, &tilburg).await.text();
    assert!(
        html.contains("Behandelen") && html.contains("Doorsturen"),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let res = post_form(
        &app,
        &format!("{report}/status"),
        &tilburg,
        format!("csrf={csrf}&versie=1&status=in_behandeling&toelichting=huisbezoek"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let html = page(&app, &report, &tilburg).await.text();
    assert!(
        html.contains("Status van Geregistreerd naar In behandeling"),
        "{html}"
    );
    // A stale form is refused, not applied.
    let res = post_form(
        &app,
        &format!("{report}/status"),
        &tilburg,
        format!("csrf={csrf}&versie=1&status=afgesloten"),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);

    // From the report the municipality opens a case and records in it.
    assert!(html.contains("Zaak openen"), "{html}");
    let res = post_form(
        &app,
        "/zaken",
        &tilburg,
        format!("csrf={csrf}&leerling={}&soort=overig&datum=2026-11-23&reden=16-uursmelding+van+SO+De+Regenboog", r.sanne),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let case = res.header("location").unwrap();
    let html = page(&app, &case, &tilburg).await.text();
    assert!(html.contains("Overige zaak: Sanne de Vries"), "{html}");
    assert!(html.contains("Casusregisseur benoemen"), "{html}");
    let res = post_form(
        &app,
        &format!("{case}/vastleggen"),
        &tilburg,
        format!("csrf={csrf}&versie=1&soort=afspraak&tekst=Gesprek+met+ouders+en+school&organisatie={}&datum=2026-12-01", r.tilburg),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let res = post_form(
        &app,
        &format!("{case}/vastleggen"),
        &tilburg,
        format!("csrf={csrf}&versie=2&soort=gehoord&tekst=Ik+vind+school+te+druk&datum=2026-11-23"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let html = page(&app, &case, &tilburg).await.text();
    assert!(html.contains("Gesprek met ouders en school"), "{html}");
    assert!(html.contains("“Ik vind school te druk”"), "{html}");
    // Without an OOGO agreement the page says so instead of hiding the term.
    assert!(html.contains("De termijnen zijn niet te bepalen"), "{html}");
    let list = page(&app, "/zaken", &tilburg).await.text();
    assert!(list.contains("Sanne de Vries"), "{list}");
    let home = page(&app, "/", &tilburg).await.text();
    assert!(home.contains(">1 open</a>"), "{home}");
    assert_eq!(
        page(&app, &case, &dongen).await.status,
        StatusCode::NOT_FOUND
    );
    // A form with a missing field is refused with the field's name, and nothing is recorded.
    let res = post_form(
        &app,
        &format!("{case}/vastleggen"),
        &tilburg,
        format!("csrf={csrf}&versie=3&soort=afspraak&tekst=x"),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(
        res.text().contains("organisatie: vul dit in"),
        "{}",
        res.text()
    );
}

#[tokio::test]
async fn a_region_changes_its_doorzettingsmacht_term_and_the_cases_export_as_csv() {
    let app = TestApp::new().await;
    let r = &app.region;
    let token = app.token(r.swv, Role::Registrator).await;
    let oogo = serde_json::json!({ "swv": r.swv, "municipalities": [r.tilburg, r.dongen], "education": r.swv,
        "youthHelp": { "kind": "woonplaats" }, "weeksWithoutOffer": 6, "geschillenregeling": "Geschillencommissie" });
    let res = app
        .send_json(
            "PUT",
            &format!("/api/v1/oogo-agreements/{}", r.swv),
            &token,
            &oogo,
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    // The school reads it but may not change it.
    let school = sign_in(&app, &login_of(r.so_school, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let html = page(&app, "/oogo", &school).await.text();
    assert!(html.contains("6 weken zonder integraal aanbod"), "{html}");
    assert!(!html.contains("Afspraak wijzigen"), "{html}");
    let csrf = csrf_of(&html);
    let res = post_form(
        &app,
        &format!("/oogo/{}", r.swv),
        &school,
        format!("csrf={csrf}&weken=8&geschillenregeling=x"),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Tilburg, party to the agreement, records a new version; 0 weeks is refused.
    let tilburg = sign_in(&app, &login_of(r.tilburg, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let html = page(&app, "/oogo", &tilburg).await.text();
    assert!(html.contains("Afspraak wijzigen"), "{html}");
    let csrf = csrf_of(&html);
    let res = post_form(
        &app,
        &format!("/oogo/{}", r.swv),
        &tilburg,
        format!("csrf={csrf}&weken=0&geschillenregeling=x"),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text().contains("weeksWithoutOffer"), "{}", res.text());
    let res = post_form(
        &app,
        &format!("/oogo/{}", r.swv),
        &tilburg,
        format!("csrf={csrf}&weken=8&geschillenregeling=Commissie+regio+Tilburg"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let html = page(&app, "/oogo", &tilburg).await.text();
    assert!(
        html.contains("8 weken zonder integraal aanbod") && html.contains("Versie</dt><dd>2"),
        "{html}"
    );
    // The cases export: one line per case, with its next deadline from the new term.
    let res = post_form(
        &app,
        "/zaken",
        &tilburg,
        format!(
            "csrf={csrf}&leerling={}&soort=thuiszitter&datum=2026-11-02&reden=thuis",
            r.sanne
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let csv = page(&app, "/zaken.csv", &tilburg).await;
    assert_eq!(
        csv.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    let text = csv.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("zaak_id,leerling_id,leerling,soort,status"),
        "{text}"
    );
    assert!(
        lines[1].contains(",Sanne de Vries,thuiszitter,ontvangen,"),
        "{text}"
    );
    assert!(
        lines[1].contains(",2026-12-28,"),
        "2 November + 8 weeks: {text}"
    );
    assert_eq!(
        page(&app, "/zaken.csv", &school)
            .await
            .text()
            .lines()
            .count(),
        1
    );
}

#[tokio::test]
async fn the_school_records_absence_on_the_pupils_file() {
    let app = TestApp::new().await;
    let r = &app.region;
    let path = format!("/leerlingen/{}", r.sanne);
    let school = sign_in(&app, &login_of(r.so_school, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let html = page(&app, &path, &school).await.text();
    assert!(html.contains("Verzuim vastleggen"), "{html}");
    let csrf = csrf_of(&html);
    let form_path = format!("{path}/verzuim");
    // A ground with another kind than geoorloofd is refused; nothing is stored.
    let res = post_form(
        &app,
        &form_path,
        &school,
        format!("csrf={csrf}&datum=2026-11-16&soort=ziek&minuten=330&grond=14"),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let res = post_form(
        &app,
        &form_path,
        &school,
        format!("csrf={csrf}&datum=2026-11-16&soort=geoorloofd&minuten=330&grond=14"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let html = page(&app, &path, &school).await.text();
    assert!(html.contains("<td>16-11-2026</td><td>5,5</td>"), "{html}");
    assert!(html.contains("art. 14"), "{html}");
    // The same day and kind again: refused, not replaced.
    let res = post_form(
        &app,
        &form_path,
        &school,
        format!("csrf={csrf}&datum=2026-11-16&soort=geoorloofd&minuten=60"),
    )
    .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    // The municipality reads absence but records none, and gets no form.
    let tilburg = sign_in(&app, &login_of(r.tilburg, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let html = page(&app, &path, &tilburg).await.text();
    assert!(
        html.contains("16-11-2026") && !html.contains("Verzuim vastleggen"),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let res = post_form(
        &app,
        &form_path,
        &tilburg,
        format!("csrf={csrf}&datum=2026-11-17&soort=ziek&minuten=60"),
    )
    .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_document_is_uploaded_to_a_case_and_downloaded_again() {
    let app = TestApp::new().await;
    let r = &app.region;
    let tilburg = sign_in(&app, &login_of(r.tilburg, Role::Registrator), PASSWORD)
        .await
        .ok()
        .unwrap();
    let csrf = csrf_of(&page(&app, "/zaken", &tilburg).await.text());
    let res = post_form(
        &app,
        "/zaken",
        &tilburg,
        format!(
            "csrf={csrf}&leerling={}&soort=thuiszitter&datum=2026-11-02&reden=thuis",
            r.sanne
        ),
    )
    .await;
    let case = res.header("location").unwrap();
    let boundary = "grens42";
    let part = |name: &str, value: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    };
    let mut body = String::new();
    for (k, v) in [
        ("csrf", csrf.as_str()),
        ("versie", "1"),
        ("tekst", "Verslag huisbezoek"),
        ("soort_document", "verslag"),
        ("vertrouwelijkheid", "zaakvertrouwelijk"),
        ("datum", "2026-11-04"),
    ] {
        body.push_str(&part(k, v));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"huisbezoek.txt\"\r\nContent-Type: text/plain\r\n\r\nMoeder en Sanne thuis gesproken.\r\n--{boundary}--\r\n"
    ));
    let res = app
        .send(
            Request::post(format!("{case}/documenten"))
                .header(header::COOKIE, &tilburg)
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let html = page(&app, &case, &tilburg).await.text();
    let link = html
        .split(&format!("href=\"{case}/documenten/"))
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no document link in {html}"));
    assert!(html.contains(">Verslag huisbezoek</a>"), "{html}");
    let got = page(&app, &format!("{case}/documenten/{link}"), &tilburg).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.text(), "Moeder en Sanne thuis gesproken.");
    assert_eq!(
        got.header("content-disposition").as_deref(),
        Some("attachment; filename=\"huisbezoek.txt\"")
    );
}
