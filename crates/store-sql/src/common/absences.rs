// Absence records (verzuim): written by the school of enrolment, read by those whose
// relation sees absence (`access::Relation::reads_absence`), every call audited.

/// The kind column: the word of the bulk file with `_` for the space (`te_laat`).
fn absence_kind_code(kind: AbsenceKind) -> &'static str {
    match kind {
        AbsenceKind::TeLaat => "te_laat",
        k => k.as_str(),
    }
}

async fn insert_absences(tx: &mut Tx, rows: &[(PupilId, Absence)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO absences (pupil_id, date, kind, ground, minutes, recorded_at, recorded_by) ",
        );
        q.push_values(chunk, |mut b, (pupil, a)| {
            b.push_bind(pupil.0)
                .push_bind(a.date)
                .push_bind(absence_kind_code(a.kind))
                .push_bind(a.kind.ground().map(|g| g.code()))
                .push_bind(i32::from(a.minutes))
                .push_bind(s.at)
                .push_bind(s.by.to_owned());
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

fn decode_absence(row: &DbRow) -> Result<(PupilId, Absence)> {
    let kind: String = row.try_get("kind").map_err(db_err)?;
    let ground: Option<String> = row.try_get("ground").map_err(db_err)?;
    let ground = match ground {
        Some(g) => Some(LeaveGround::parse(&g).ok_or_else(|| internal("absence ground", &g))?),
        None => None,
    };
    let kind = AbsenceKind::parse(&kind, ground).ok_or_else(|| internal("absence kind", &kind))?;
    let minutes: i32 = row.try_get("minutes").map_err(db_err)?;
    Ok((
        PupilId(row.try_get("pupil_id").map_err(db_err)?),
        Absence {
            date: row.try_get("date").map_err(db_err)?,
            minutes: u16::try_from(minutes).map_err(|e| internal("absence minutes", e))?,
            kind,
        },
    ))
}

const ABSENCE_COLUMNS: &str = "pupil_id, date, kind, ground, minutes";

impl SqlStore {
    async fn do_record_absences(&self, actor: &Actor, records: Vec<(PupilId, Absence)>) -> Result<usize> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Create, "absence");
        if records.is_empty() {
            return Ok(0);
        }
        let mut seen = std::collections::HashSet::new();
        for (pupil, a) in &records {
            if !seen.insert((*pupil, a.date, absence_kind_code(a.kind))) {
                return Err(StoreError::Conflict(format!(
                    "verzuim van {} ({}) staat twee keer in de opgave",
                    a.date,
                    a.kind.as_str()
                )));
            }
        }
        let mut pupils: Vec<PupilId> = records.iter().map(|(p, _)| *p).collect();
        pupils.sort();
        pupils.dedup();
        let mut tx = self.tx().await?;
        for pupil in &pupils {
            let facts = match decide_in(&mut tx, actor, *pupil, Action::WriteAbsence, None).await? {
                Ok((_, facts, _)) => facts,
                Err(refusal) => {
                    drop(tx);
                    self.refuse(actor, AUDIT, Some(*pupil)).await?;
                    return Err(refusal);
                }
            };
            // Only for the days the pupil was enrolled at the actor's school.
            for (_, a) in records.iter().filter(|(p, _)| p == pupil) {
                let enrolled = facts.iter().any(|f| {
                    matches!(f.record.fact, Fact::Enrolment { school, .. } if school == actor.org) && f.record.period.contains(a.date)
                });
                if !enrolled {
                    drop(tx);
                    self.refuse(actor, AUDIT, Some(*pupil)).await?;
                    return Err(StoreError::Forbidden(format!(
                        "de leerling was op {} niet ingeschreven bij uw school",
                        a.date.format("%d-%m-%Y")
                    )));
                }
                let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM absences WHERE pupil_id = $1 AND date = $2 AND kind = $3")
                    .bind(pupil.0)
                    .bind(a.date)
                    .bind(absence_kind_code(a.kind))
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db_err)?;
                if exists.is_some() {
                    return Err(StoreError::Conflict(format!(
                        "er is al verzuim ({}) vastgelegd op {}",
                        a.kind.as_str(),
                        a.date.format("%d-%m-%Y")
                    )));
                }
            }
        }
        insert_absences(&mut tx, &records, &Stamp { at: actor.now, by: &actor.user_name }).await?;
        let touched: Vec<Option<PupilId>> = pupils.into_iter().map(Some).collect();
        write_audit(&mut tx, actor, AuditAction::Create, "absence", &touched, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(records.len())
    }

    async fn do_absences_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<Absence>> {
        let mut c = self.checked(actor, id, Action::ReadAbsence, None, (AuditAction::Read, "absence")).await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {ABSENCE_COLUMNS} FROM absences WHERE pupil_id = $1 ORDER BY date DESC, kind"
        )))
        .bind(id.0)
        .fetch_all(&mut *c.tx)
        .await
        .map_err(db_err)?;
        let out = rows.iter().map(|r| decode_absence(r).map(|(_, a)| a)).collect::<Result<Vec<_>>>()?;
        write_audit(&mut c.tx, actor, AuditAction::Read, "absence", &[Some(id)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(out)
    }
}

impl SqlStore {
    async fn do_absences_of_pupils(&self, actor: &Actor, ids: &[PupilId], from: Date, to: Date) -> Result<Vec<(PupilId, Absence)>> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, "absence");
        let mut ids: Vec<Uuid> = ids.iter().map(|p| p.0).collect();
        ids.sort();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.tx().await?;
        let judged = judged(&mut tx, actor, &ids, Action::ReadAbsence).await?;
        let refused = ids.iter().find(|id| {
            !judged.iter().any(|(p, _, _, d)| p.0 == **id && *d == Decision::Allowed)
        });
        if let Some(id) = refused {
            let forbidden = judged.iter().any(|(p, _, _, d)| p.0 == *id && *d == Decision::Forbidden);
            drop(tx);
            self.refuse(actor, AUDIT, Some(PupilId(*id))).await?;
            return Err(if forbidden {
                StoreError::Forbidden("de relatie van uw organisatie met deze leerling geeft geen inzage in verzuim".into())
            } else {
                StoreError::NotFound
            });
        }
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let mut q = QueryBuilder::<Db>::new(format!("SELECT {ABSENCE_COLUMNS} FROM absences WHERE date >= "));
            q.push_bind(from).push(" AND date <= ").push_bind(to).push(" AND pupil_id IN (");
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            sep.push_unseparated(") ORDER BY pupil_id, date, kind");
            for row in q.build().fetch_all(&mut *tx).await.map_err(db_err)? {
                out.push(decode_absence(&row)?);
            }
        }
        let audited: Vec<Option<PupilId>> = ids.into_iter().map(|id| Some(PupilId(id))).collect();
        write_audit(&mut tx, actor, AuditAction::Read, "absence", &audited, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(out)
    }
}

/// Every absence record, for the export.
async fn all_absences(pool: &sqlx::Pool<Db>) -> Result<Vec<(PupilId, Absence)>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ABSENCE_COLUMNS} FROM absences ORDER BY pupil_id, date, kind"
    )))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(decode_absence).collect()
}
