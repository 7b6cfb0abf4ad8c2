//! Errors of the web pages: a Dutch page with the code and an instance id, or a redirect
//! to the login page when the session is gone.

use super::html;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use continuum_store::StoreError;

#[derive(Debug)]
pub enum WebError {
    SignIn,
    NotFound,
    Forbidden(String),
    BadRequest(String),
    Unavailable(String),
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Forbidden(m) => WebError::Forbidden(m),
            StoreError::StaleVersion { .. } | StoreError::Conflict(_) => {
                WebError::BadRequest(e.to_string())
            }
            StoreError::Unavailable(m) => WebError::Unavailable(m),
            StoreError::Internal(m) => WebError::Internal(m),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    code: &'a str,
    instance: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let instance = uuid::Uuid::new_v4().to_string();
        let (status, title, code, message) = match self {
            WebError::SignIn => return Redirect::to("/inloggen").into_response(),
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "niet-gevonden",
                "Deze pagina bestaat niet, of u heeft er geen toegang toe.".to_owned(),
            ),
            WebError::Forbidden(m) => (
                StatusCode::FORBIDDEN,
                "Niet toegestaan",
                "niet-toegestaan",
                m,
            ),
            WebError::BadRequest(m) => (
                StatusCode::BAD_REQUEST,
                "Dat ging niet",
                "ongeldige-invoer",
                m,
            ),
            WebError::Unavailable(m) => {
                tracing::warn!(%instance, error = %m, "opslag onbereikbaar");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Even niet beschikbaar",
                    "onbereikbaar",
                    "De gegevens zijn even niet bereikbaar. Probeer het zo opnieuw.".to_owned(),
                )
            }
            WebError::Internal(m) => {
                tracing::error!(%instance, error = %m, "interne fout");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Er ging iets mis",
                    "interne-fout",
                    "Er ging iets mis aan onze kant.".to_owned(),
                )
            }
        };
        let page = ErrorPage {
            title,
            message,
            code,
            instance,
        };
        match html(&page) {
            Ok(mut r) => {
                *r.status_mut() = status;
                r
            }
            Err(_) => (status, title.to_owned()).into_response(),
        }
    }
}
