//! The Dutch web UI: server-rendered pages (askama templates in `templates/`), no
//! JavaScript. Cookie sessions; every form carries a CSRF token.

mod arrangements;
mod artikel25;
mod cases;
mod error;
mod exemption;
mod exemption_lists;
mod exemption_request;
mod exemptions;
mod forms;
mod home;
mod login;
mod oogo;
mod pupil;
mod school;
mod verzuim;
mod xlsx;
mod zio;

pub use error::WebError;

use crate::AppState;
use crate::auth::{self, SignedIn};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(home::page))
        .route("/inloggen", get(login::form).post(login::submit))
        .route("/uitloggen", post(login::sign_out))
        .route("/scholen/{id}/leerlingen", get(school::pupils))
        .route("/scholen/{id}/zio", get(zio::page))
        .route("/scholen/{id}/zio/plan", post(zio::plan))
        .route(
            "/scholen/{id}/zio/afspraak",
            get(zio::agreement_page).post(zio::draw_up),
        )
        .route("/scholen/{id}/zio/afspraak.pdf", get(zio::agreement_pdf))
        .route("/scholen/{id}/zio/afrekening", get(zio::settlement_page))
        .route("/scholen/{id}/zio/afrekening.csv", get(zio::settlement_csv))
        .route("/scholen/{id}/zio/afrekening.xlsx", get(settlement_xlsx))
        .route("/zio/dekking", get(zio::coverage_page))
        .route("/zio/dekking.csv", get(zio::coverage_csv))
        .route("/zio/dekking.xlsx", get(coverage_xlsx))
        .route("/scholen/{id}/verzuim", get(verzuim::school_page))
        .route("/scholen/{id}/verzuim/melden", post(verzuim::report))
        .route("/meldingen", get(verzuim::list))
        .route("/meldingen.csv", get(verzuim::list_csv))
        .route("/meldingen.xlsx", get(reports_xlsx))
        .route("/meldingen/{id}", get(verzuim::one))
        .route("/meldingen/{id}/status", post(verzuim::change_status))
        .route("/meldingen/{id}/doorsturen", post(verzuim::forward))
        .route("/zaken", get(cases::list).post(cases::open))
        .route("/zaken.csv", get(cases::list_csv))
        .route("/zaken.xlsx", get(cases_xlsx))
        .route("/oogo", get(oogo::page))
        .route("/oogo/{swv}", post(oogo::change))
        .route("/zaken/{id}", get(cases::one))
        .route("/zaken/{id}/vastleggen", post(cases::record))
        .route(
            "/zaken/{id}/documenten",
            post(cases::add_document).layer(axum::extract::DefaultBodyLimit::max(11 * 1024 * 1024)),
        )
        .route("/zaken/{id}/documenten/{document}", get(cases::document))
        .route(
            "/vrijstellingen",
            get(exemptions::register_page).post(exemptions::create),
        )
        .route("/vrijstellingen.csv", get(exemptions::register_csv))
        .route("/vrijstellingen.xlsx", get(register_xlsx))
        .route("/vrijstellingen/signalen.xlsx", get(exemption_signals_xlsx))
        .route(
            "/vrijstellingen/aanvragen.xlsx",
            get(exemption_requests_xlsx),
        )
        .route("/leerplicht/artikel25.xlsx", get(artikel25_xlsx))
        .route("/scholen/{id}/arrangementen.xlsx", get(arrangements_xlsx))
        .route("/vrijstellingen/nieuw", get(exemptions::new_page))
        .route(
            "/vrijstellingen/signalen.csv",
            get(exemption_lists::signals_csv),
        )
        .route(
            "/vrijstellingen/aanvragen.csv",
            get(exemption_lists::requests_csv),
        )
        .route("/vrijstellingen/{id}", get(exemption::one))
        .route(
            "/vrijstellingen/{id}/kennisgeving",
            post(exemption::add_renewal),
        )
        .route(
            "/vrijstellingen/{id}/evaluatie",
            post(exemption::evaluation),
        )
        .route("/vrijstellingen/{id}/aanbod", post(exemption::offer))
        .route("/vrijstellingen/{id}/einde", post(exemption::end))
        .route("/vrijstellingen/aanvragen", post(exemption_request::create))
        .route(
            "/vrijstellingen/aanvragen/{id}",
            get(exemption_request::page),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/verklaring",
            post(exemption_request::statement),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/perspectief",
            post(exemption_request::perspective),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/casusregisseur",
            post(exemption_request::casusregisseur),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/evaluatie",
            post(exemption_request::evaluation),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/aanbod",
            post(exemption_request::offer),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/registreren",
            post(exemption_request::register),
        )
        .route(
            "/vrijstellingen/aanvragen/{id}/afwijzen",
            post(exemption_request::refuse),
        )
        .route("/leerplicht/artikel25", get(artikel25::page))
        .route("/leerplicht/artikel25.csv", get(artikel25::csv))
        .route("/leerplicht/artikel25.pdf", get(artikel25::pdf))
        .route(
            "/scholen/{id}/arrangementen",
            get(arrangements::school_page).post(arrangements::create),
        )
        .route(
            "/scholen/{id}/arrangementen.csv",
            get(arrangements::school_csv),
        )
        .route("/arrangementen/{id}", get(arrangements::one))
        .route("/arrangementen/{id}/verlengen", post(arrangements::renew))
        .route("/leerlingen/{id}", get(pupil::file))
        .route("/leerlingen/{id}/verzuim", post(pupil::record_absence))
        .route("/leerlingen/{id}/auditlog.csv", get(pupil::audit_csv))
        .route("/static/continuum.css", get(stylesheet))
}

// The Excel downloads: the list's CSV handler (same access checks and audit), as a workbook.
async fn reports_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
    q: axum::extract::Query<verzuim::ReportsQuery>,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(verzuim::list_csv(state, user, q).await, "verzuimmeldingen").await
}

async fn cases_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(cases::list_csv(state, user).await, "zaken").await
}

async fn coverage_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(zio::coverage_csv(state, user).await, "zio-dekking").await
}

async fn settlement_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
    id: axum::extract::Path<uuid::Uuid>,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(zio::settlement_csv(state, user, id).await, "zio-afrekening").await
}

async fn register_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
    q: axum::extract::Query<exemptions::RegisterQuery>,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(
        exemptions::register_csv(state, user, q).await,
        "vrijstellingen",
    )
    .await
}

async fn exemption_signals_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(
        exemption_lists::signals_csv(state, user).await,
        "vrijstellingen-signalen",
    )
    .await
}

async fn exemption_requests_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(
        exemption_lists::requests_csv(state, user).await,
        "vrijstellingen-aanvragen",
    )
    .await
}

async fn artikel25_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
    q: axum::extract::Query<artikel25::YearQuery>,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(artikel25::csv(state, user, q).await, "artikel25").await
}

async fn arrangements_xlsx(
    state: axum::extract::State<AppState>,
    user: WebUser,
    id: axum::extract::Path<uuid::Uuid>,
) -> Result<axum::response::Response, WebError> {
    xlsx::convert(
        arrangements::school_csv(state, user, id).await,
        "arrangementen",
    )
    .await
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        include_str!("../../static/continuum.css"),
    )
}

/// The signed-in user of a page; without a valid session the page redirects to login.
pub struct WebUser(pub SignedIn);

impl FromRequestParts<AppState> for WebUser {
    type Rejection = WebError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = auth::cookie_token(parts).ok_or(WebError::SignIn)?;
        match auth::session_for(state, &token).await? {
            Some((session, user)) => Ok(WebUser(SignedIn {
                user,
                session,
                origin: crate::context::origin(parts),
            })),
            None => Err(WebError::SignIn),
        }
    }
}

/// What every page's layout needs to know about the signed-in user.
pub struct Chrome {
    pub user_name: String,
    pub org_name: String,
    pub role: String,
    pub csrf: String,
}

impl Chrome {
    pub async fn of(state: &AppState, me: &SignedIn) -> Chrome {
        let org_name = state
            .store
            .organisation(me.user.org)
            .await
            .map(|o| o.record.name)
            .unwrap_or_default();
        Chrome {
            user_name: me.user.display_name.clone(),
            org_name,
            role: me.user.role.label().to_owned(),
            csrf: me.session.csrf_token.clone(),
        }
    }
}

/// Renders a template to an HTML response.
pub fn html<T: askama::Template>(t: &T) -> Result<axum::response::Response, WebError> {
    let body = t.render().map_err(|e| WebError::Internal(e.to_string()))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response())
}

/// Refuses a form whose CSRF token is not the session's.
pub(crate) fn check_csrf(given: &str, me: &crate::auth::SignedIn) -> Result<(), WebError> {
    if given == me.session.csrf_token {
        Ok(())
    } else {
        Err(WebError::BadRequest(
            "Het formulier is verlopen. Probeer het opnieuw.".into(),
        ))
    }
}

/// Dutch date: 23-11-2026.
pub fn nl_date(d: chrono::NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}
