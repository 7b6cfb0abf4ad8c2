// Verzuimmeldingen: a school's absence reports. A report is seen by two organisations
// only — the school that made it and the municipality that holds it now — whatever
// their relation with the pupil; everyone else is told it does not exist. Every read,
// change and refusal is in the audit log under the pupil.

const REPORT_OBJECT: &str = "absence_report";

/// A report row before names and history are added.
struct ReportRow {
    id: ReportId,
    version: i64,
    report: AbsenceReport,
    created_at: DateTime<Utc>,
}

fn decode_report(row: &DbRow) -> Result<ReportRow> {
    let Json(report): Json<AbsenceReport> = row.try_get("body").map_err(|e| internal("report body", e))?;
    Ok(ReportRow {
        id: ReportId(row.try_get("id").map_err(db_err)?),
        version: row.try_get("version").map_err(db_err)?,
        report,
        created_at: row.try_get("created_at").map_err(db_err)?,
    })
}

const REPORT_COLUMNS: &str = "id, version, body, created_at";

async fn load_report(tx: &mut Tx, id: ReportId, lock: bool) -> Result<Option<ReportRow>> {
    let sql = format!("SELECT {REPORT_COLUMNS} FROM absence_reports WHERE id = $1{}", if lock { FOR_UPDATE } else { "" });
    let row = sqlx::query(AssertSqlSafe(sql)).bind(id.0).fetch_optional(&mut **tx).await.map_err(db_err)?;
    row.map(|r| decode_report(&r)).transpose()
}

/// Which side of the report the actor is on, if any.
fn report_side(actor: &Actor, report: &AbsenceReport) -> Option<ReportSide> {
    if actor.org == report.school {
        Some(ReportSide::School)
    } else if actor.org == report.municipality {
        Some(ReportSide::Gemeente)
    } else {
        None
    }
}

/// Adds names and history to report rows, in the order given.
async fn report_files(tx: &mut Tx, rows: Vec<ReportRow>) -> Result<Vec<ReportFile>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut events: HashMap<ReportId, Vec<ReportEvent>> = HashMap::new();
    let mut names: HashMap<Uuid, String> = HashMap::new();
    for chunk in rows.chunks(500) {
        let mut q = QueryBuilder::<Db>::new("SELECT report_id, body FROM absence_report_events WHERE report_id IN (");
        let mut sep = q.separated(", ");
        for r in chunk {
            sep.push_bind(r.id.0);
        }
        sep.push_unseparated(") ORDER BY report_id, seq");
        for row in q.build().fetch_all(&mut **tx).await.map_err(db_err)? {
            let Json(e): Json<ReportEvent> = row.try_get("body").map_err(|e| internal("report event", e))?;
            events.entry(ReportId(row.try_get("report_id").map_err(db_err)?)).or_default().push(e);
        }
        let mut q = QueryBuilder::<Db>::new(format!("SELECT {VERSIONED} FROM pupils WHERE is_current AND id IN ("));
        let mut sep = q.separated(", ");
        for r in chunk {
            sep.push_bind(r.report.pupil.0);
        }
        sep.push_unseparated(")");
        let pupils: Vec<Versioned<PupilId, Pupil>> = decode_all(&q.build().fetch_all(&mut **tx).await.map_err(db_err)?, PupilId)?;
        names.extend(pupils.into_iter().map(|p| (p.id.0, p.record.full_name())));
        let mut q = QueryBuilder::<Db>::new("SELECT id, name FROM organisations WHERE is_current AND id IN (");
        let mut sep = q.separated(", ");
        for r in chunk {
            sep.push_bind(r.report.school.0);
            sep.push_bind(r.report.municipality.0);
        }
        sep.push_unseparated(")");
        for row in q.build().fetch_all(&mut **tx).await.map_err(db_err)? {
            names.insert(row.try_get("id").map_err(db_err)?, row.try_get("name").map_err(db_err)?);
        }
    }
    let name = |id: Uuid| names.get(&id).cloned().unwrap_or_else(|| String::from("(onbekend)"));
    Ok(rows
        .into_iter()
        .map(|r| ReportFile {
            id: r.id,
            version: Version(r.version),
            pupil_name: name(r.report.pupil.0),
            school_name: name(r.report.school.0),
            municipality_name: name(r.report.municipality.0),
            events: events.remove(&r.id).unwrap_or_default(),
            created_at: r.created_at,
            report: r.report,
        })
        .collect())
}

async fn insert_report_event(tx: &mut Tx, id: ReportId, seq: i64, event: &ReportEvent) -> Result<()> {
    sqlx::query("INSERT INTO absence_report_events (report_id, seq, at, body) VALUES ($1, $2, $3, $4)")
        .bind(id.0)
        .bind(i32::try_from(seq).map_err(|e| internal("report event seq", e))?)
        .bind(event.at)
        .bind(Json(event))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

fn report_event(actor: &Actor, change: ReportChange) -> ReportEvent {
    ReportEvent { at: actor.now, by: actor.user_name.clone(), org: actor.org, org_name: actor.org_name.clone(), change }
}

impl SqlStore {
    async fn do_create_absence_report(&self, actor: &Actor, id: ReportId, mut report: AbsenceReport) -> Result<ReportFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Create, REPORT_OBJECT);
        let mut tx = self.tx().await?;
        let pupil = match decide_in(&mut tx, actor, report.pupil, Action::WriteAbsence, None).await? {
            Ok((pupil, _, _)) if report.school == actor.org => pupil,
            Ok(_) => {
                drop(tx);
                self.refuse(actor, AUDIT, Some(report.pupil)).await?;
                return Err(StoreError::Forbidden("u meldt alleen verzuim namens uw eigen school".into()));
            }
            Err(refusal) => {
                drop(tx);
                self.refuse(actor, AUDIT, Some(report.pupil)).await?;
                return Err(refusal);
            }
        };
        if report.status != ReportStatus::Geregistreerd {
            return Err(StoreError::Conflict(format!("een nieuwe melding heeft de status {}", ReportStatus::Geregistreerd)));
        }
        let existing: Option<i32> = sqlx::query_scalar("SELECT 1 FROM absence_reports WHERE pupil_id = $1 AND type = $2 AND signal_on = $3")
            .bind(report.pupil.0)
            .bind(report.kind.code())
            .bind(report.signal_on)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if existing.is_some() {
            return Err(StoreError::Conflict(format!(
                "deze {} van {} is al gemeld",
                report.kind.label().to_lowercase(),
                report.signal_on.format("%d-%m-%Y")
            )));
        }
        // DUO routes a report to the municipality of residence (art. 21a).
        report.municipality = pupil.record.municipality;
        // Both engines keep microseconds: what is returned is what a later read gives.
        let created_at = chrono::SubsecRound::trunc_subsecs(actor.now, 6);
        sqlx::query(
            "INSERT INTO absence_reports (id, version, pupil_id, school_id, municipality_id, type, status, signal_on, body, created_at) \
             VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.0)
        .bind(report.pupil.0)
        .bind(report.school.0)
        .bind(report.municipality.0)
        .bind(report.kind.code())
        .bind(report.status.code())
        .bind(report.signal_on)
        .bind(Json(&report))
        .bind(created_at)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let event = report_event(actor, ReportChange::Registered { municipality: report.municipality });
        insert_report_event(&mut tx, id, 1, &event).await?;
        write_audit(&mut tx, actor, AuditAction::Create, REPORT_OBJECT, &[Some(report.pupil)], AuditOutcome::Allowed).await?;
        let row = ReportRow { id, version: 1, report, created_at };
        let file = report_files(&mut tx, vec![row]).await?.pop().ok_or_else(|| internal("report", "lost"))?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_absence_reports(&self, actor: &Actor, filter: ReportFilter, page: Page) -> Result<(Vec<ReportFile>, u64)> {
        let mut tx = self.tx().await?;
        const WHERE: &str = "WHERE (school_id = $1 OR municipality_id = $1) AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR type = $3)";
        let total: i64 = sqlx::query_scalar(AssertSqlSafe(format!("SELECT COUNT(*) FROM absence_reports {WHERE}")))
            .bind(actor.org.0)
            .bind(filter.status.map(|s| s.code()))
            .bind(filter.kind.map(|k| k.code()))
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REPORT_COLUMNS} FROM absence_reports {WHERE} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5"
        )))
        .bind(actor.org.0)
        .bind(filter.status.map(|s| s.code()))
        .bind(filter.kind.map(|k| k.code()))
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let rows = rows.iter().map(decode_report).collect::<Result<Vec<_>>>()?;
        let mut audited: Vec<Option<PupilId>> = rows.iter().map(|r| Some(r.report.pupil)).collect();
        audited.sort();
        audited.dedup();
        if audited.is_empty() {
            audited.push(None);
        }
        write_audit(&mut tx, actor, AuditAction::Search, REPORT_OBJECT, &audited, AuditOutcome::Allowed).await?;
        let files = report_files(&mut tx, rows).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((files, u64::try_from(total).unwrap_or(0)))
    }

    async fn do_absence_report(&self, actor: &Actor, id: ReportId) -> Result<ReportFile> {
        let mut tx = self.tx().await?;
        let Some(row) = load_report(&mut tx, id, false).await? else {
            drop(tx);
            self.refuse(actor, (AuditAction::Read, REPORT_OBJECT), None).await?;
            return Err(StoreError::NotFound);
        };
        if report_side(actor, &row.report).is_none() {
            drop(tx);
            self.refuse(actor, (AuditAction::Read, REPORT_OBJECT), Some(row.report.pupil)).await?;
            return Err(StoreError::NotFound);
        }
        write_audit(&mut tx, actor, AuditAction::Read, REPORT_OBJECT, &[Some(row.report.pupil)], AuditOutcome::Allowed).await?;
        let file = report_files(&mut tx, vec![row]).await?.pop().ok_or_else(|| internal("report", "lost"))?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_change_absence_report(&self, actor: &Actor, id: ReportId, expected: Version, action: ReportAction) -> Result<ReportFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Update, REPORT_OBJECT);
        let mut tx = self.tx().await?;
        let Some(mut row) = load_report(&mut tx, id, true).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        let pupil = row.report.pupil;
        let Some(side) = report_side(actor, &row.report) else {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::NotFound);
        };
        if !actor.role.may_write() {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::Forbidden(format!("uw rol ({}) mag meldingen niet behandelen", actor.role.label())));
        }
        if row.version != expected.0 {
            return Err(StoreError::StaleVersion { current: Version(row.version) });
        }
        let change = match action {
            ReportAction::Status { to, note } => match row.report.change_status(side, to) {
                Ok(ReportChange::Status { from, to, .. }) => ReportChange::Status { from, to, note },
                Ok(other) => other,
                Err(e) => return Err(StoreError::Conflict(e.to_string())),
            },
            ReportAction::Forward { to, note } => {
                let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
                    .bind(to.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if kind.as_deref() != Some(OrgKind::Gemeente.code()) {
                    return Err(StoreError::Conflict("de melding kan alleen naar een gemeente worden doorgestuurd".into()));
                }
                match row.report.forward(side, to) {
                    Ok(ReportChange::Forwarded { from, to, .. }) => ReportChange::Forwarded { from, to, note },
                    Ok(other) => other,
                    Err(e) => return Err(StoreError::Conflict(e.to_string())),
                }
            }
        };
        row.version += 1;
        sqlx::query("UPDATE absence_reports SET version = $2, municipality_id = $3, status = $4, body = $5 WHERE id = $1")
            .bind(id.0)
            .bind(row.version)
            .bind(row.report.municipality.0)
            .bind(row.report.status.code())
            .bind(Json(&row.report))
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let seq: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM absence_report_events WHERE report_id = $1")
            .bind(id.0)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
        insert_report_event(&mut tx, id, seq + 1, &report_event(actor, change)).await?;
        write_audit(&mut tx, actor, AuditAction::Update, REPORT_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        let file = report_files(&mut tx, vec![row]).await?.pop().ok_or_else(|| internal("report", "lost"))?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }
}
