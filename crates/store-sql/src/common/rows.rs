// Reading rows into versioned domain records, and the version bookkeeping every
// register table shares.

/// The columns every versioned table has, in the order `decode` reads them.
const VERSIONED: &str = "id, version, recorded_at, recorded_by, body";

fn decode<Id, T: DeserializeOwned>(row: &DbRow, id: fn(Uuid) -> Id) -> Result<Versioned<Id, T>> {
    let Json(record): Json<T> = row.try_get("body").map_err(|e| internal("body", e))?;
    Ok(Versioned {
        id: id(row.try_get("id").map_err(db_err)?),
        version: Version(row.try_get("version").map_err(db_err)?),
        recorded_at: row.try_get("recorded_at").map_err(db_err)?,
        recorded_by: row.try_get("recorded_by").map_err(db_err)?,
        record,
    })
}

fn decode_all<Id, T: DeserializeOwned>(rows: &[DbRow], id: fn(Uuid) -> Id) -> Result<Vec<Versioned<Id, T>>> {
    rows.iter().map(|r| decode(r, id)).collect()
}

/// The version the next write of `id` gets: 1 for a new record (which must not exist
/// yet), current + 1 for a change (which must name the current version). Marks the
/// current version as superseded. Table names are this crate's constants, never input.
async fn next_version(tx: &mut Tx, table: &'static str, id: Uuid, expected: Option<Version>) -> Result<i64> {
    let sql = format!("SELECT version FROM {table} WHERE id = $1 AND is_current{FOR_UPDATE}");
    let current: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    match (expected, current) {
        (None, None) => Ok(1),
        (None, Some(_)) => Err(StoreError::Conflict(format!("{id} bestaat al"))),
        (Some(_), None) => {
            // On PostgreSQL a concurrent writer may have superseded the row we waited
            // for: the locked read then sees no current version, but a fresh read does.
            let sql = format!("SELECT version FROM {table} WHERE id = $1 AND is_current");
            let now: Option<i64> = sqlx::query_scalar(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **tx).await.map_err(db_err)?;
            Err(match now {
                Some(c) => StoreError::StaleVersion { current: Version(c) },
                None => StoreError::NotFound,
            })
        }
        (Some(e), Some(c)) if e.0 != c => Err(StoreError::StaleVersion { current: Version(c) }),
        (Some(_), Some(c)) => {
            let sql = format!("UPDATE {table} SET is_current = FALSE WHERE id = $1 AND version = $2");
            sqlx::query(AssertSqlSafe(sql)).bind(id).bind(c).execute(&mut **tx).await.map_err(db_err)?;
            Ok(c + 1)
        }
    }
}

fn until(p: &Period) -> Option<Date> {
    p.end()
}
