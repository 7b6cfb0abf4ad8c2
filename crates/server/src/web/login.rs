//! Signing in and out. The login form is protected against login CSRF with a
//! double-submit token: a random cookie that the form must repeat.

use super::{WebError, WebUser, html};
use crate::AppState;
use crate::auth::{self, AuthError};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

const LOGIN_CSRF_COOKIE: &str = "continuum_inlog_csrf";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf: String,
    error: Option<String>,
    login: String,
}

fn login_page(
    csrf: String,
    error: Option<String>,
    login: String,
    status: StatusCode,
) -> Result<Response, WebError> {
    let mut r = html(&LoginPage {
        csrf: csrf.clone(),
        error,
        login,
    })?;
    *r.status_mut() = status;
    let cookie = format!(
        "{LOGIN_CSRF_COOKIE}={csrf}; Path=/inloggen; HttpOnly; SameSite=Strict; Max-Age=3600"
    );
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|e| WebError::Internal(e.to_string()))?,
    );
    Ok(r)
}

pub async fn form() -> Result<Response, WebError> {
    let csrf = auth::new_token().map_err(|e| WebError::Internal(e.to_string()))?;
    login_page(csrf, None, String::new(), StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    csrf: String,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    if auth::cookie(&headers, LOGIN_CSRF_COOKIE).as_deref() != Some(f.csrf.as_str())
        || f.csrf.is_empty()
    {
        return Err(WebError::BadRequest(
            "Het formulier is verlopen. Laad de inlogpagina opnieuw.".into(),
        ));
    }
    match auth::sign_in(&state, &f.login, &f.password).await {
        Ok((token, _, _)) => {
            let mut r = Redirect::to("/").into_response();
            let c = auth::session_cookie(&token, state.secure_cookies);
            r.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_str(&c).map_err(|e| WebError::Internal(e.to_string()))?,
            );
            Ok(r)
        }
        Err(AuthError::BadCredentials) => {
            let csrf = auth::new_token().map_err(|e| WebError::Internal(e.to_string()))?;
            login_page(
                csrf,
                Some("Onbekende gebruikersnaam of onjuist wachtwoord.".into()),
                f.login,
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(AuthError::Store(e)) => Err(e.into()),
        Err(AuthError::Hash(e)) => Err(WebError::Internal(e)),
    }
}

/// A form that carries only the session's CSRF token.
#[derive(Deserialize)]
pub struct CsrfForm {
    pub(crate) csrf: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    super::check_csrf(&f.csrf, &me)?;
    state.store.delete_session(&me.session.token_hash).await?;
    let mut r = Redirect::to("/inloggen").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&auth::clear_cookie())
            .map_err(|e| WebError::Internal(e.to_string()))?,
    );
    Ok(r)
}
