//! Throwaway databases: a temporary SQLite file, or a fresh PostgreSQL database that is
//! dropped when the handle goes out of scope.

use continuum_store::Store;
use std::sync::Arc;

pub struct TestDb {
    pub store: Arc<dyn Store>,
    /// The URL of this test's own database.
    pub url: String,
    _sqlite_dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.sqlite").display());
    let store = continuum_store_sql::open(&url).await.expect("open sqlite");
    TestDb {
        store,
        url,
        _sqlite_dir: Some(dir),
        postgres: None,
    }
}

/// The admin URL of the PostgreSQL server for tests: `CONTINUUM_TEST_DATABASE_URL`.
/// `None` outside CI when it is not set; under `CI=true` its absence is a failure.
pub fn postgres_url() -> Option<String> {
    match std::env::var("CONTINUUM_TEST_DATABASE_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "CI=true but CONTINUUM_TEST_DATABASE_URL is not set: the PostgreSQL store tests are mandatory in CI"
            )
        }
        _ => None,
    }
}

pub async fn postgres(admin_url: &str) -> TestDb {
    use sqlx::Connection;
    let name = format!("continuum_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .unwrap_or_else(|e| {
            panic!("PostgreSQL at CONTINUUM_TEST_DATABASE_URL is not reachable: {e}")
        });
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let url = match admin_url.rfind('/') {
        Some(i) if admin_url[..i].contains("://") && i > admin_url.find("://").unwrap_or(0) + 2 => {
            let query = admin_url[i..]
                .find('?')
                .map(|q| &admin_url[i + q..])
                .unwrap_or("");
            format!("{}/{name}{query}", &admin_url[..i])
        }
        _ => format!("{admin_url}/{name}"),
    };
    let store = continuum_store_sql::open(&url)
        .await
        .expect("open postgres");
    TestDb {
        store,
        url,
        _sqlite_dir: None,
        postgres: Some((admin_url.to_owned(), name)),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop the database from a thread of its own: Drop cannot await.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async {
                use sqlx::Connection;
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut admin)
                    .await;
                }
            });
        })
        .join();
    }
}
