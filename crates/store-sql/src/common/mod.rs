// Compiled once per backend: `lib.rs` includes this file into `sqlite` and `postgres`,
// which each define `Db`, `BACKEND`, `FOR_UPDATE`, `MIGRATOR` and `begin`. The SQL here
// is the portable subset both engines understand ($N placeholders, partial indexes,
// RETURNING); dates, ids and JSON bind to each engine's native types.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use continuum_domain::Date;
use continuum_domain::absence::{Absence, AbsenceKind, LeaveGround};
use continuum_domain::absence_report::{AbsenceReport, ReportChange, ReportEvent, ReportSide, ReportStatus};
use continuum_domain::access::{self, Action, Decision, OrgLinks};
use continuum_domain::case::{Case, CaseEntry, CaseEvent, Confidentiality, OogoEscalation};
use continuum_domain::ids::{AgreementId, CaseId, ClassId, DocumentId, FactId, NotificationId, OrgId, PupilId, ReportId, UserId, WorkerId};
use continuum_domain::natural::natural_cmp;
use continuum_domain::period::Period;
use continuum_domain::register::{
    Agreement, Fact, OrgDetails, OrgKind, Organisation, Pupil, PupilFact, SchoolClass, Version, Versioned, Worker,
};
use continuum_domain::role::Role;
use continuum_store::{
    Actor, AuditAction, AuditEntry, AuditOutcome, CaseFile, DocumentContent, HistoryItem, ImportCounts, NewUser, Notification, Page, PupilFile, PupilRow,
    RegisterBatch, ReportAction, ReportFile, ReportFilter, Session, Store, StoreError, UserRecord,
};
use serde::de::DeserializeOwned;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, QueryBuilder, Row};
use std::collections::HashMap;
use uuid::Uuid;

type Result<T> = std::result::Result<T, StoreError>;
type Tx = sqlx::Transaction<'static, Db>;
type DbRow = <Db as sqlx::Database>::Row;

/// The store on one database pool.
pub struct SqlStore {
    pool: sqlx::Pool<Db>,
}

fn unavailable(e: sqlx::Error) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn db_err(e: sqlx::Error) -> StoreError {
    match e {
        // The database's own message names tables and values: it stays in the log.
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            tracing::info!(error = %d.message(), "unique violation");
            StoreError::Conflict("dit gegeven bestaat al".into())
        }
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            StoreError::Conflict(format!("verwijst naar iets dat niet bestaat: {}", d.message()))
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => unavailable(e),
        other => StoreError::Internal(other.to_string()),
    }
}

fn internal(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("{what}: {e}"))
}

impl SqlStore {
    async fn with_pool(pool: sqlx::Pool<Db>) -> Result<SqlStore> {
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Unavailable(format!("migraties mislukt: {e}")))?;
        Ok(SqlStore { pool })
    }

    /// The underlying pool, for tests and benchmarks that inspect the database directly.
    pub fn pool(&self) -> &sqlx::Pool<Db> {
        &self.pool
    }

    async fn tx(&self) -> Result<Tx> {
        begin(&self.pool).await.map_err(db_err)
    }
}

include!("rows.rs");
include!("access.rs");
include!("register.rs");
include!("pupils.rs");
include!("lists.rs");
include!("users.rs");
include!("absences.rs");
include!("reports.rs");
include!("cases.rs");
include!("exemptions.rs");
include!("exemption_requests.rs");
include!("arrangements.rs");
include!("bulk.rs");
include!("store_impl.rs");
