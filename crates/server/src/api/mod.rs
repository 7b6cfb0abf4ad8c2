//! `/api/v1`: the register as JSON. Routes and the OpenAPI document come from the same
//! handler attributes (utoipa-axum), so the document cannot drift from the router;
//! `openapi::finish` adds what every operation shares (errors, the version header).

mod absence_reports;
mod absences;
mod arrangements;
pub(crate) mod cases;
mod dto;
mod exemption_dto;
mod exemption_requests;
mod exemption_signals;
mod exemptions;
mod openapi;
mod organisations;
mod page;
mod pupils;
mod responsibilities;
mod rule_evaluations;
mod sessions;

pub use dto::*;
pub use page::{PageLinks, PageQuery};

use crate::AppState;
use crate::problem::ApiError;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::routing::get;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every API route with its OpenAPI operation.
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(sessions::sign_in))
        .routes(routes!(sessions::sign_out))
        .routes(routes!(organisations::list))
        .routes(routes!(organisations::one))
        .routes(routes!(organisations::versions))
        .routes(routes!(organisations::classes))
        .routes(routes!(organisations::school_pupils))
        .routes(routes!(organisations::workers))
        .routes(routes!(organisations::agreements))
        .routes(routes!(pupils::create))
        .routes(routes!(pupils::one, pupils::replace))
        .routes(routes!(pupils::versions))
        .routes(routes!(pupils::add_fact))
        .routes(routes!(pupils::replace_fact))
        .routes(routes!(pupils::audit_log))
        .routes(routes!(absences::list, absences::add))
        .routes(routes!(absence_reports::signals))
        .routes(routes!(absence_reports::list, absence_reports::create))
        .routes(routes!(absence_reports::one))
        .routes(routes!(absence_reports::change_status))
        .routes(routes!(absence_reports::forward))
        .routes(routes!(cases::list, cases::open))
        .routes(routes!(cases::one))
        .routes(routes!(cases::record))
        .routes(routes!(cases::add_document))
        .routes(routes!(cases::document))
        .routes(routes!(cases::oogo_list))
        .routes(routes!(cases::oogo_put))
        .routes(routes!(cases::notifications))
        .routes(routes!(exemptions::list, exemptions::create))
        .routes(routes!(exemptions::one, exemptions::replace))
        .routes(routes!(exemptions::versions))
        .routes(routes!(exemptions::add_renewal))
        .routes(routes!(exemption_signals::signals))
        .routes(routes!(exemption_signals::article_25_count))
        .routes(routes!(
            exemption_requests::list,
            exemption_requests::create
        ))
        .routes(routes!(
            exemption_requests::one,
            exemption_requests::replace
        ))
        .routes(routes!(exemption_requests::register))
        .routes(routes!(exemption_requests::refuse))
        .routes(routes!(arrangements::list, arrangements::create))
        .routes(routes!(arrangements::one, arrangements::replace))
        .routes(routes!(arrangements::versions))
        .routes(routes!(arrangements::reminders))
        .routes(routes!(responsibilities::list))
        .routes(routes!(rule_evaluations::evaluate_rule))
}

pub fn router() -> axum::Router<AppState> {
    let (router, doc) = routes().split_for_parts();
    let doc = openapi::finish(doc);
    let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
    router
        .route(
            "/openapi.json",
            get(move || {
                let json = json.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], json) }
            }),
        )
        // A case document of 10 MiB is about 14 MiB as base64 in JSON.
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024))
}

/// The document as served, for tests and `continuum openapi`.
pub fn openapi_json() -> String {
    let (_, doc) = routes().split_for_parts();
    serde_json::to_string_pretty(&openapi::finish(doc)).unwrap_or_default()
}

/// `ETag: "<version>"` for a record.
pub fn etag(version: i64) -> (header::HeaderName, HeaderValue) {
    (
        header::ETAG,
        HeaderValue::from_str(&format!("\"{version}\""))
            .unwrap_or(HeaderValue::from_static("\"0\"")),
    )
}

/// The version a client read, from `If-Match`; required for every change (428 without).
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let raw = headers
        .get(header::IF_MATCH)
        .ok_or(ApiError::PreconditionRequired)?;
    let s = raw.to_str().unwrap_or_default().trim();
    let s = s.strip_prefix("W/").unwrap_or(s).trim_matches('"');
    s.parse().map_err(|_| {
        ApiError::invalid(
            "If-Match",
            "verwacht de ETag van de laatst gelezen versie, bijv. \"3\"",
        )
    })
}
