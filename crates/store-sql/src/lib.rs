#![doc = include_str!("../README.md")]

use continuum_store::{Store, StoreError};
use std::sync::Arc;

/// Opens the store a database URL names: `sqlite://PATH` (created when missing) or
/// `postgres://…`. Runs the migrations.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::SqlStore::connect(url).await?))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Arc::new(
            sqlite::SqlStore::open_file(std::path::Path::new(path)).await?,
        ))
    } else {
        Err(StoreError::Unavailable(format!(
            "onbekend soort database-URL (verwacht sqlite://PAD of postgres://…): {}",
            redact(url)
        )))
    }
}

/// A database URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

pub mod sqlite {
    //! SQLite: one file, WAL journal, foreign keys on, writers serialised by `BEGIN IMMEDIATE`.
    use sqlx::sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
    };
    use std::str::FromStr;

    type Db = sqlx::Sqlite;
    const BACKEND: &str = "sqlite";
    /// SQLite has no row locks; `BEGIN IMMEDIATE` already holds the database's write lock.
    const FOR_UPDATE: &str = "";
    static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

    async fn begin(
        pool: &sqlx::Pool<Db>,
    ) -> std::result::Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    impl SqlStore {
        /// Opens (and creates when missing) the database file and migrates it.
        pub async fn open_file(
            path: &std::path::Path,
        ) -> std::result::Result<SqlStore, StoreError> {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Unavailable(format!("{}: {e}", dir.display())))?;
            }
            let opts = SqliteConnectOptions::from_str("sqlite://")
                .map_err(unavailable)?
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(10))
                // Ids are random UUIDs, so bulk inserts land all over the B-trees: a page
                // cache of 64 MiB (default 2 MiB) keeps them in memory (see docs/benchmarks/import.md).
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory");
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .connect_with(opts)
                .await
                .map_err(unavailable)?;
            SqlStore::with_pool(pool).await
        }
    }

    include!("common/mod.rs");
}

pub mod postgres {
    //! PostgreSQL: row locks with `FOR UPDATE`, native `UUID`, `DATE`, `TIMESTAMPTZ`, `JSONB`.
    use sqlx::postgres::PgPoolOptions;

    type Db = sqlx::Postgres;
    const BACKEND: &str = "postgres";
    const FOR_UPDATE: &str = " FOR UPDATE";
    static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

    async fn begin(
        pool: &sqlx::Pool<Db>,
    ) -> std::result::Result<sqlx::Transaction<'static, Db>, sqlx::Error> {
        pool.begin().await
    }

    impl SqlStore {
        pub async fn connect(url: &str) -> std::result::Result<SqlStore, StoreError> {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(std::time::Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|e| StoreError::Unavailable(format!("{}: {e}", super::redact(url))))?;
            SqlStore::with_pool(pool).await
        }
    }

    include!("common/mod.rs");
}
