//! The only place that picks HTTP statuses for the API: `ApiError` answers as
//! `application/problem+json` (RFC 9457) with a stable code in `type`.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use continuum_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid input field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct InvalidParam {
    /// The field, as a JSON path or parameter name (`period.end`, `pageSize`).
    pub name: String,
    pub reason: String,
}

/// An error answer (RFC 9457 problem details).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// A stable code for the kind of problem: `/problemen/<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// This occurrence: quote it when asking for help; the log has the details.
    pub instance: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{detail}")]
    BadRequest {
        detail: String,
        invalid_params: Vec<InvalidParam>,
    },
    /// Well-formed, but the rules engine's check refuses it (an exemption request that is
    /// not complete): `invalid_params` lists every missing element by its field.
    #[error("{detail}")]
    Unprocessable {
        detail: String,
        invalid_params: Vec<InvalidParam>,
    },
    #[error("niet aangemeld")]
    Unauthenticated,
    #[error("{0}")]
    Forbidden(String),
    #[error("niet gevonden")]
    NotFound,
    #[error("{0}")]
    Conflict(String),
    #[error("gewijzigd sinds u het las (huidige versie {current})")]
    PreconditionFailed { current: i64 },
    #[error("If-Match ontbreekt")]
    PreconditionRequired,
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(name: impl Into<String>, reason: impl Into<String>) -> ApiError {
        let (name, reason) = (name.into(), reason.into());
        ApiError::BadRequest {
            detail: format!("{name}: {reason}"),
            invalid_params: vec![InvalidParam { name, reason }],
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        match self {
            ApiError::BadRequest { .. } => (
                StatusCode::BAD_REQUEST,
                "ongeldige-invoer",
                "Ongeldige invoer",
            ),
            ApiError::Unprocessable { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "onvolledig",
                "Niet volledig",
            ),
            ApiError::Unauthenticated => {
                (StatusCode::UNAUTHORIZED, "niet-aangemeld", "Niet aangemeld")
            }
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "niet-toegestaan", "Niet toegestaan"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "niet-gevonden", "Niet gevonden"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            ApiError::PreconditionFailed { .. } => (
                StatusCode::PRECONDITION_FAILED,
                "verouderde-versie",
                "Verouderde versie",
            ),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "versie-ontbreekt",
                "Versie ontbreekt",
            ),
            ApiError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "onbereikbaar",
                "Tijdelijk niet beschikbaar",
            ),
            ApiError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "interne-fout",
                "Interne fout",
            ),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.parts().0
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Forbidden(m) => ApiError::Forbidden(m),
            StoreError::StaleVersion { current } => {
                ApiError::PreconditionFailed { current: current.0 }
            }
            StoreError::Conflict(m) => ApiError::Conflict(m),
            StoreError::Unavailable(m) => ApiError::Unavailable(m),
            StoreError::Internal(m) => ApiError::Internal(m),
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> ApiError {
        ApiError::invalid("body", r.body_text())
    }
}
impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        ApiError::invalid("query", r.body_text())
    }
}
impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> ApiError {
        ApiError::invalid("path", r.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, title) = self.parts();
        let instance = format!("urn:uuid:{}", uuid::Uuid::new_v4());
        let detail = match &self {
            // Unexpected failures say only what happened, not how: details go to the log.
            ApiError::Internal(m) => {
                tracing::error!(%instance, error = %m, "interne fout");
                "Er ging iets mis aan onze kant. Noem de instance-code als u hulp vraagt."
                    .to_owned()
            }
            ApiError::Unavailable(m) => {
                tracing::warn!(%instance, error = %m, "opslag onbereikbaar");
                "De opslag is tijdelijk niet bereikbaar. Probeer het zo opnieuw.".to_owned()
            }
            other => other.to_string(),
        };
        let invalid_params = match self {
            ApiError::BadRequest { invalid_params, .. }
            | ApiError::Unprocessable { invalid_params, .. } => invalid_params,
            _ => Vec::new(),
        };
        let body = Problem {
            kind: format!("/problemen/{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            instance,
            invalid_params,
        };
        let mut res = (status, axum::Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}

/// `axum::Json` whose rejections are problems.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `axum::extract::Query` whose rejections are problems.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// `axum::extract::Path` whose rejections are problems.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);
