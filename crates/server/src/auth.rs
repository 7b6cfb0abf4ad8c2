//! Passwords (argon2id) and server-side sessions. The cookie or bearer token is 32 random
//! bytes; the store keeps only its SHA-256, so a copy of the database opens no session.

use crate::AppState;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use continuum_store::{Session, UserRecord};
use sha2::{Digest, Sha256};

/// How long a session lasts without signing in again.
pub const SESSION_HOURS: i64 = 8;
pub const COOKIE: &str = "continuum_sessie";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Unknown login or wrong password: the same answer for both.
    #[error("onbekende gebruikersnaam of onjuist wachtwoord")]
    BadCredentials,
    #[error(transparent)]
    Store(#[from] continuum_store::StoreError),
    #[error("wachtwoord kon niet worden verwerkt: {0}")]
    Hash(String),
}

/// An argon2id hash (PHC string) of a password, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| AuthError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&bytes).map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// 32 random bytes as hex.
pub fn new_token() -> Result<String, AuthError> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(hex::encode(buf))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Checks the password and opens a session. Returns the token to hand to the client.
pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: &str,
) -> Result<(String, Session, UserRecord), AuthError> {
    let found = state.store.user_by_login(login.trim()).await?;
    let Some((user, phc)) = found else {
        // Spend the same time on an unknown login as on a known one.
        let _ = verify_password(password, DUMMY_HASH);
        return Err(AuthError::BadCredentials);
    };
    if !verify_password(password, &phc) {
        return Err(AuthError::BadCredentials);
    }
    let token = new_token()?;
    let now = state.clock.now();
    let session = Session {
        token_hash: token_hash(&token),
        user: user.id,
        csrf_token: new_token()?,
        created_at: now,
        expires_at: now + chrono::Duration::hours(SESSION_HOURS),
    };
    state.store.create_session(session.clone()).await?;
    Ok((token, session, user))
}

/// argon2id of a random password nobody knows, to verify against for unknown logins.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0tXf0C3mYJ7mbb4vYtPNnPGvJqBgGNf3c8z5Zqk2sWM";

/// The signed-in user of a request, found by its session token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: UserRecord,
    pub session: Session,
    pub origin: String,
}

/// Finds the session for a raw token, if it is current.
pub async fn session_for(
    state: &AppState,
    token: &str,
) -> Result<Option<(Session, UserRecord)>, continuum_store::StoreError> {
    state
        .store
        .session(&token_hash(token), state.clock.now())
        .await
}

/// The value of a cookie, if the request has it.
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The token of the session cookie, if the request has one.
pub fn cookie_token(parts: &Parts) -> Option<String> {
    cookie(&parts.headers, COOKIE)
}

/// The bearer token of an API request, if it has one.
pub fn bearer_token(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
}

/// `Set-Cookie` value for a session token.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        SESSION_HOURS * 3600
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// API authentication: `Authorization: Bearer <token>`. Rejects with a problem (401).
pub struct ApiUser(pub SignedIn);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = crate::problem::ApiError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or(crate::problem::ApiError::Unauthenticated)?;
        match session_for(state, &token).await? {
            Some((session, user)) => Ok(ApiUser(SignedIn {
                user,
                session,
                origin: crate::context::origin(parts),
            })),
            None => Err(crate::problem::ApiError::Unauthenticated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong horse", &h));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_only_as_hash() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
