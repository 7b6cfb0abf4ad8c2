//! TestApp: the real router on a fresh SQLite store with the fixture region and one
//! signed-in user per organisation.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::TimeZone;
use continuum_domain::ids::{OrgId, UserId};
use continuum_domain::role::Role;
use continuum_server::{AppState, FixedClock, app};
use continuum_store::NewUser;
use continuum_store_tests::databases::{self, TestDb};
use continuum_store_tests::fixture::{self, Region};
use http_body_util::BodyExt;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

pub const PASSWORD: &str = "geheim-wachtwoord";

pub struct TestApp {
    pub router: axum::Router,
    /// The state behind the router, for jobs the server runs on its own (escalation).
    pub state: AppState,
    pub region: Region,
    _db: TestDb,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

/// One argon2id hash shared by all test users: hashing is deliberately slow.
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| continuum_server::auth::hash_password(PASSWORD).unwrap())
        .clone()
}

pub fn login_of(org: OrgId, role: Role) -> String {
    format!("{}-{}@test", role.code(), &org.to_string()[..8])
}

impl TestApp {
    pub async fn new() -> TestApp {
        let db = databases::sqlite().await;
        let region = fixture::region();
        let mut batch = region.batch.clone();
        let mut n = 0u128;
        for (org, _) in &region.batch.organisations {
            for role in Role::ALL {
                n += 1;
                batch.users.push(NewUser {
                    id: UserId::from_u128(0x5000 + n),
                    org: *org,
                    login: login_of(*org, role),
                    display_name: format!("Test {}", role.code()),
                    role,
                    password_hash: password_hash(),
                });
            }
        }
        db.store.import(batch, "test").await.unwrap();
        let mut state = AppState::new(Arc::clone(&db.store));
        state.clock = Arc::new(FixedClock(
            chrono::Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
        ));
        TestApp {
            router: app(state.clone()),
            state,
            region,
            _db: db,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut req = Request::get(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn send_json(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: &serde_json::Value,
        if_match: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(m) = if_match {
            req = req.header(header::IF_MATCH, m);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap())
            .await
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn token(&self, org: OrgId, role: Role) -> String {
        let body = serde_json::json!({ "login": login_of(org, role), "password": PASSWORD });
        let req = Request::post("/api/v1/sessions")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let r = self.send(req).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        r.json()["token"].as_str().unwrap().to_owned()
    }
}
