// Import and export of whole batches. An import is one transaction: the first refused
// row rolls everything back.

impl SqlStore {
    async fn do_import(&self, batch: RegisterBatch, by: &str) -> Result<ImportCounts> {
        let counts = batch.counts();
        let at = Utc::now();
        let s = Stamp { at, by };
        let mut tx = self.tx().await?;
        let orgs: Vec<_> = batch.organisations.iter().map(|(id, o)| (*id, 1, o)).collect();
        insert_organisations(&mut tx, &orgs, &s).await?;
        let classes: Vec<_> = batch.classes.iter().map(|(id, c)| (*id, 1, c)).collect();
        insert_classes(&mut tx, &classes, &s).await?;
        let workers: Vec<_> = batch.workers.iter().map(|(id, w)| (*id, 1, w)).collect();
        insert_workers(&mut tx, &workers, &s).await?;
        let pupils: Vec<_> = batch.pupils.iter().map(|(id, p)| (*id, 1, p)).collect();
        insert_pupils(&mut tx, &pupils, &s).await?;
        let facts: Vec<_> = batch.facts.iter().map(|(id, f)| (*id, 1, f)).collect();
        insert_facts(&mut tx, &facts, &s).await?;
        let agreements: Vec<_> = batch.agreements.iter().map(|(id, a)| (*id, 1, a)).collect();
        insert_agreements(&mut tx, &agreements, &s).await?;
        insert_users(&mut tx, &batch.users, at).await?;
        insert_absences(&mut tx, &batch.absences, &s).await?;
        check_references(&mut tx).await?;
        // Every pupil whose data this import wrote gets an entry in its audit log.
        let mut touched: Vec<PupilId> = batch.pupils.iter().map(|(id, _)| *id).collect();
        touched.extend(batch.facts.iter().map(|(_, f)| f.pupil));
        touched.extend(batch.absences.iter().map(|(p, _)| *p));
        touched.sort();
        touched.dedup();
        let importer = operator(by, "gegevens inlezen in het register", at);
        let touched: Vec<Option<PupilId>> = touched.into_iter().map(Some).collect();
        write_audit(&mut tx, &importer, AuditAction::Import, "pupil", &touched, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(counts)
    }

    async fn do_export_all(&self, by: &str, purpose: &str) -> Result<RegisterBatch> {
        async fn all<Id, T: DeserializeOwned>(pool: &sqlx::Pool<Db>, sql: &'static str, id: fn(Uuid) -> Id) -> Result<Vec<(Id, T)>> {
            let rows = sqlx::query(sql).fetch_all(pool).await.map_err(db_err)?;
            Ok(decode_all(&rows, id)?.into_iter().map(|v| (v.id, v.record)).collect())
        }
        let p = &self.pool;
        let batch = RegisterBatch {
            organisations: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM organisations WHERE is_current ORDER BY kind, code, id", OrgId).await?,
            classes: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM classes WHERE is_current ORDER BY school_id, name, id", ClassId).await?,
            workers: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM workers WHERE is_current ORDER BY provider_id, id", WorkerId).await?,
            pupils: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM pupils WHERE is_current ORDER BY pgn", PupilId).await?,
            facts: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM pupil_facts WHERE is_current ORDER BY pupil_id, kind, valid_from, id", FactId).await?,
            agreements: all(p, "SELECT id, version, recorded_at, recorded_by, body FROM agreements WHERE is_current ORDER BY school_id, id", AgreementId).await?,
            // Users are not exported: their password hashes stay in the database.
            users: Vec::new(),
            absences: all_absences(p).await?,
        };
        if !batch.pupils.is_empty() {
            let mut tx = self.tx().await?;
            let pupils: Vec<Option<PupilId>> = batch.pupils.iter().map(|(id, _)| Some(*id)).collect();
            write_audit(&mut tx, &operator(by, purpose, Utc::now()), AuditAction::Export, "register", &pupils, AuditOutcome::Allowed).await?;
            tx.commit().await.map_err(db_err)?;
        }
        Ok(batch)
    }
}

/// After a bulk insert: every reference must resolve to a current record of the right
/// kind. One query per reference kind, so a 100,000-pupil import stays fast.
async fn check_references(tx: &mut Tx) -> Result<()> {
    const CHECKS: [(&str, &str); 13] = [
        ("school.swv", "SELECT o.name FROM organisations o WHERE o.is_current AND o.kind = 'school' AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = o.swv_id AND s.is_current AND s.kind = 'swv') LIMIT 1"),
        ("school.municipality", "SELECT o.name FROM organisations o WHERE o.is_current AND o.kind = 'school' AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = o.municipality_id AND s.is_current AND s.kind = 'gemeente') LIMIT 1"),
        ("municipality.zorgkantoor", "SELECT o.name FROM organisations o WHERE o.is_current AND o.kind = 'gemeente' AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = o.zorgkantoor_id AND s.is_current AND s.kind = 'zorgkantoor') LIMIT 1"),
        ("class.school", "SELECT c.name FROM classes c WHERE c.is_current AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = c.school_id AND s.is_current AND s.kind = 'school') LIMIT 1"),
        ("worker.provider", "SELECT w.recorded_by FROM workers w WHERE w.is_current AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = w.provider_id AND s.is_current AND s.kind = 'zorgaanbieder') LIMIT 1"),
        ("pupil.municipality", "SELECT 'leerling' FROM pupils p WHERE p.is_current AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = p.municipality_id AND s.is_current AND s.kind = 'gemeente') LIMIT 1"),
        ("fact.pupil", "SELECT f.kind FROM pupil_facts f WHERE f.is_current AND NOT EXISTS (SELECT 1 FROM pupils p WHERE p.id = f.pupil_id AND p.is_current) LIMIT 1"),
        ("fact.organisation", "SELECT f.kind FROM pupil_facts f WHERE f.is_current AND f.org_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = f.org_id AND s.is_current) LIMIT 1"),
        ("fact.organisation", "SELECT f.kind FROM pupil_facts f JOIN organisations o ON o.id = f.org_id AND o.is_current WHERE f.is_current AND NOT ( \
            (f.kind = 'enrolment' AND o.kind = 'school') OR (f.kind = 'tlv' AND o.kind = 'swv') \
            OR (f.kind = 'indication' AND o.kind IN ('gemeente', 'zorgkantoor', 'zorgverzekeraar')) \
            OR (f.kind = 'provider_assignment' AND o.kind = 'zorgaanbieder') OR (f.kind = 'guardianship' AND o.kind = 'ouders')) LIMIT 1"),
        ("pupil.insurer", "SELECT 'leerling' FROM pupils p WHERE p.is_current AND p.insurer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = p.insurer_id AND s.is_current AND s.kind = 'zorgverzekeraar') LIMIT 1"),
        ("agreement.school", "SELECT a.recorded_by FROM agreements a WHERE a.is_current AND NOT EXISTS (SELECT 1 FROM organisations s WHERE s.id = a.school_id AND s.is_current AND s.kind = 'school') LIMIT 1"),
        ("absence.pupil", "SELECT a.kind FROM absences a WHERE NOT EXISTS (SELECT 1 FROM pupils p WHERE p.id = a.pupil_id AND p.is_current) LIMIT 1"),
        ("enrolment.class", "SELECT f.kind FROM pupil_facts f WHERE f.is_current AND f.class_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM classes c WHERE c.id = f.class_id AND c.is_current AND c.school_id = f.org_id) LIMIT 1"),
    ];
    for (what, sql) in CHECKS {
        let bad: Option<String> = sqlx::query_scalar(sql).fetch_optional(&mut **tx).await.map_err(db_err)?;
        if let Some(example) = bad {
            return Err(StoreError::Conflict(format!("{what}: verwijst naar iets dat niet bestaat of van een andere soort is (bij {example})")));
        }
    }
    Ok(())
}

/// The operator at the command line, for the audit log of bulk work.
fn operator(by: &str, purpose: &str, at: DateTime<Utc>) -> Actor {
    Actor {
        user: UserId(Uuid::nil()),
        user_name: by.to_owned(),
        org: OrgId(Uuid::nil()),
        org_name: "beheer (opdrachtregel)".to_owned(),
        role: Role::Beheerder,
        origin: "cli".to_owned(),
        purpose: purpose.to_owned(),
        today: at.date_naive(),
        now: at,
    }
}
