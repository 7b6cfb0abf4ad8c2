// The register of organisations, classes, workers and agreements: not a pupil's data,
// readable by every signed-in user. Inserts are bulk-shaped so that single writes and
// imports share them.

/// Rows per INSERT statement: below both engines' limits on bound parameters.
const CHUNK: usize = 1000;

struct Stamp<'a> {
    at: DateTime<Utc>,
    by: &'a str,
}

async fn insert_organisations(tx: &mut Tx, rows: &[(OrgId, i64, &Organisation)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO organisations (id, version, kind, name, code, swv_id, municipality_id, zorgkantoor_id, body, valid_from, valid_until, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, org)| {
            let (swv, municipality, zk) = match &org.details {
                OrgDetails::School { swv, municipality, .. } => (Some(swv.0), Some(municipality.0), None),
                OrgDetails::Gemeente { zorgkantoor, .. } => (None, None, Some(zorgkantoor.0)),
                _ => (None, None, None),
            };
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(org.details.kind().code())
                .push_bind(org.name.clone())
                .push_bind(org.details.code())
                .push_bind(swv)
                .push_bind(municipality)
                .push_bind(zk)
                .push_bind(Json(*org))
                .push_bind(org.period.start())
                .push_bind(until(&org.period))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

async fn insert_classes(tx: &mut Tx, rows: &[(ClassId, i64, &SchoolClass)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO classes (id, version, school_id, school_year, name, body, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, c)| {
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(c.school.0)
                .push_bind(c.school_year.0)
                .push_bind(c.name.clone())
                .push_bind(Json(*c))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

async fn insert_workers(tx: &mut Tx, rows: &[(WorkerId, i64, &Worker)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO workers (id, version, provider_id, body, valid_from, valid_until, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, w)| {
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(w.provider.0)
                .push_bind(Json(*w))
                .push_bind(w.period.start())
                .push_bind(until(&w.period))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

async fn insert_agreements(tx: &mut Tx, rows: &[(AgreementId, i64, &Agreement)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO agreements (id, version, school_id, body, valid_from, valid_until, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, a)| {
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(a.school.0)
                .push_bind(Json(*a))
                .push_bind(a.period.start())
                .push_bind(until(&a.period))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// Checks that every organisation a record refers to exists and is of the right kind.
async fn require_org(tx: &mut Tx, id: OrgId, kind: OrgKind, field: &str) -> Result<()> {
    let found: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    match found {
        Some(k) if k == kind.code() => Ok(()),
        Some(k) => Err(StoreError::Conflict(format!("{field}: {id} is een {k}, geen {}", kind.code()))),
        None => Err(StoreError::Conflict(format!("{field}: organisatie {id} bestaat niet"))),
    }
}

async fn check_org_refs(tx: &mut Tx, org: &Organisation) -> Result<()> {
    match &org.details {
        OrgDetails::School { board, swv, municipality, .. } => {
            require_org(tx, *board, OrgKind::Schoolbestuur, "board").await?;
            require_org(tx, *swv, OrgKind::Swv, "swv").await?;
            require_org(tx, *municipality, OrgKind::Gemeente, "municipality").await
        }
        OrgDetails::Gemeente { zorgkantoor, .. } => require_org(tx, *zorgkantoor, OrgKind::Zorgkantoor, "zorgkantoor").await,
        _ => Ok(()),
    }
}

impl SqlStore {
    async fn list_versioned<Id, T: DeserializeOwned>(&self, sql: &'static str, key: Uuid, id: fn(Uuid) -> Id) -> Result<Vec<Versioned<Id, T>>> {
        let rows = sqlx::query(sql).bind(key).fetch_all(&self.pool).await.map_err(db_err)?;
        decode_all(&rows, id)
    }
}
