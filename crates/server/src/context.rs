//! Shared state and the per-request context: the clock, the store, the acting user.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use chrono::{DateTime, Utc};
use continuum_domain::Date;
use continuum_store::{Actor, Store, UserRecord};
use std::sync::Arc;

/// Where the server reads the time: the real clock, or a fixed one in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// The date relations are judged on: the civil date in the Netherlands.
    fn today(&self) -> Date {
        self.now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive()
    }
}

pub struct SystemClock;
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still, for tests.
pub struct FixedClock(pub DateTime<Utc>);
impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    /// Mark cookies `Secure` (behind HTTPS). Off for the demo on localhost.
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState {
            store,
            clock: Arc::new(SystemClock),
            secure_cookies: false,
        }
    }

    /// The actor for a signed-in user, with the request's origin and purpose.
    pub async fn actor(&self, user: &UserRecord, origin: String, purpose: &str) -> Actor {
        let org_name = match self.store.organisation(user.org).await {
            Ok(o) => o.record.name,
            Err(_) => String::from("(onbekende organisatie)"),
        };
        let now = self.clock.now();
        Actor {
            user: user.id,
            user_name: user.login.clone(),
            org: user.org,
            org_name,
            role: user.role,
            origin,
            purpose: purpose.to_owned(),
            today: self.clock.today(),
            now,
        }
    }
}

/// The client address of a request, for the audit log.
pub fn origin(parts: &axum::http::request::Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "onbekend".to_owned())
}

/// Every response carries the full API version (NL API Design Rules, /core/version-header),
/// and nothing but the stylesheet may be cached: pages and answers hold children's data.
pub async fn response_headers(req: Request, next: Next) -> Response {
    let cacheable = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    headers.insert("API-Version", HeaderValue::from_static(crate::API_VERSION));
    if !cacheable {
        headers.insert(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        );
    }
    headers.insert(
        "X-Content-Type-Options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("Referrer-Policy", HeaderValue::from_static("same-origin"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn today_at(y: i32, m: u32, d: u32, h: u32, min: u32) -> Date {
        FixedClock(Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()).today()
    }

    #[test]
    fn today_is_the_dutch_civil_date_in_summer_and_winter() {
        let d = |y, m, day| Date::from_ymd_opt(y, m, day).unwrap();
        // Summer time (UTC+2): 22:30 UTC on 31 July is already 1 August in Amsterdam.
        assert_eq!(today_at(2026, 7, 31, 22, 30), d(2026, 8, 1));
        assert_eq!(today_at(2026, 7, 31, 21, 59), d(2026, 7, 31));
        // Winter time (UTC+1).
        assert_eq!(today_at(2026, 12, 31, 23, 0), d(2027, 1, 1));
        assert_eq!(today_at(2026, 12, 31, 22, 59), d(2026, 12, 31));
    }
}
