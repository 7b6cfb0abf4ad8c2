use crate::AppState;
use crate::auth::{self, ApiUser, AuthError};
use crate::problem::{ApiError, Json};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignIn {
    pub login: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionDto {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: Uuid,
    pub organisation: Uuid,
    pub role: String,
}

/// Sign in with login and password; answers a session token.
#[utoipa::path(post, path = "/sessions", operation_id = "signIn", tag = "sessies", request_body = SignIn,
    responses((status = 201, description = "Aangemeld", body = SessionDto)))]
pub async fn sign_in(
    State(state): State<AppState>,
    Json(body): Json<SignIn>,
) -> Result<(StatusCode, Json<SessionDto>), ApiError> {
    match auth::sign_in(&state, &body.login, &body.password).await {
        Ok((token, session, user)) => Ok((
            StatusCode::CREATED,
            Json(SessionDto {
                token,
                expires_at: session.expires_at,
                user: user.id.0,
                organisation: user.org.0,
                role: user.role.code().into(),
            }),
        )),
        Err(AuthError::BadCredentials) => Err(ApiError::Unauthenticated),
        Err(AuthError::Store(e)) => Err(e.into()),
        Err(AuthError::Hash(e)) => Err(ApiError::Internal(e)),
    }
}

/// Sign out: ends the session of the token used.
#[utoipa::path(delete, path = "/sessions/current", operation_id = "signOut", tag = "sessies", security(("sessie" = [])),
    responses((status = 204, description = "Afgemeld")))]
pub async fn sign_out(
    State(state): State<AppState>,
    ApiUser(me): ApiUser,
) -> Result<StatusCode, ApiError> {
    state.store.delete_session(&me.session.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
