// The `Store` trait, delegating to the topic files.

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        BACKEND
    }

    async fn put_organisation(&self, id: OrgId, org: Organisation, expected: Option<Version>, by: &str) -> Result<Versioned<OrgId, Organisation>> {
        let mut tx = self.tx().await?;
        check_org_refs(&mut tx, &org).await?;
        let version = next_version(&mut tx, "organisations", id.0, expected).await?;
        let at = Utc::now();
        insert_organisations(&mut tx, &[(id, version, &org)], &Stamp { at, by }).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: by.to_owned(), record: org })
    }

    async fn organisation(&self, id: OrgId) -> Result<Versioned<OrgId, Organisation>> {
        let row = sqlx::query("SELECT id, version, recorded_at, recorded_by, body FROM organisations WHERE id = $1 AND is_current")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?
            .ok_or(StoreError::NotFound)?;
        decode(&row, OrgId)
    }

    async fn organisations(&self, kind: Option<OrgKind>, page: Page) -> Result<(Vec<Versioned<OrgId, Organisation>>, u64)> {
        let kind = kind.map(|k| k.code());
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations WHERE is_current AND ($1 IS NULL OR kind = $1)")
            .bind(kind)
            .fetch_one(&self.pool)
            .await
            .map_err(db_err)?;
        let rows = sqlx::query(
            "SELECT id, version, recorded_at, recorded_by, body FROM organisations \
             WHERE is_current AND ($1 IS NULL OR kind = $1) ORDER BY kind, name, id LIMIT $2 OFFSET $3",
        )
        .bind(kind)
        .bind(page.limit())
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        Ok((decode_all(&rows, OrgId)?, u64::try_from(total).unwrap_or(0)))
    }

    async fn organisation_history(&self, id: OrgId) -> Result<Vec<Versioned<OrgId, Organisation>>> {
        let v = self
            .list_versioned("SELECT id, version, recorded_at, recorded_by, body FROM organisations WHERE id = $1 ORDER BY version DESC", id.0, OrgId)
            .await?;
        if v.is_empty() { Err(StoreError::NotFound) } else { Ok(v) }
    }

    async fn put_class(&self, id: ClassId, class: SchoolClass, expected: Option<Version>, by: &str) -> Result<Versioned<ClassId, SchoolClass>> {
        let mut tx = self.tx().await?;
        require_org(&mut tx, class.school, OrgKind::School, "school").await?;
        let version = next_version(&mut tx, "classes", id.0, expected).await?;
        let at = Utc::now();
        insert_classes(&mut tx, &[(id, version, &class)], &Stamp { at, by }).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: by.to_owned(), record: class })
    }

    async fn classes_of_school(&self, school: OrgId) -> Result<Vec<Versioned<ClassId, SchoolClass>>> {
        let mut classes: Vec<Versioned<ClassId, SchoolClass>> = self
            .list_versioned(
                "SELECT id, version, recorded_at, recorded_by, body FROM classes WHERE school_id = $1 AND is_current ORDER BY school_year DESC, name",
                school.0,
                ClassId,
            )
            .await?;
        // Newest year first, then as people sort names: SO-2 before SO-10.
        classes.sort_by(|a, b| {
            b.record.school_year.cmp(&a.record.school_year).then_with(|| natural_cmp(&a.record.name, &b.record.name))
        });
        Ok(classes)
    }

    async fn put_worker(&self, id: WorkerId, worker: Worker, expected: Option<Version>, by: &str) -> Result<Versioned<WorkerId, Worker>> {
        let mut tx = self.tx().await?;
        require_org(&mut tx, worker.provider, OrgKind::Zorgaanbieder, "provider").await?;
        let version = next_version(&mut tx, "workers", id.0, expected).await?;
        let at = Utc::now();
        insert_workers(&mut tx, &[(id, version, &worker)], &Stamp { at, by }).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: by.to_owned(), record: worker })
    }

    async fn workers_of_provider(&self, provider: OrgId) -> Result<Vec<Versioned<WorkerId, Worker>>> {
        self.list_versioned(
            "SELECT id, version, recorded_at, recorded_by, body FROM workers WHERE provider_id = $1 AND is_current ORDER BY id",
            provider.0,
            WorkerId,
        )
        .await
    }

    async fn put_agreement(&self, id: AgreementId, agreement: Agreement, expected: Option<Version>, by: &str) -> Result<Versioned<AgreementId, Agreement>> {
        let mut tx = self.tx().await?;
        require_org(&mut tx, agreement.school, OrgKind::School, "school").await?;
        for (i, p) in agreement.parties.iter().enumerate() {
            let found: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
                .bind(p.organisation.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if found.is_none() {
                return Err(StoreError::Conflict(format!("parties[{i}].organisation: {} bestaat niet", p.organisation)));
            }
        }
        let version = next_version(&mut tx, "agreements", id.0, expected).await?;
        let at = Utc::now();
        insert_agreements(&mut tx, &[(id, version, &agreement)], &Stamp { at, by }).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: by.to_owned(), record: agreement })
    }

    async fn agreements_of_school(&self, school: OrgId) -> Result<Vec<Versioned<AgreementId, Agreement>>> {
        self.list_versioned(
            "SELECT id, version, recorded_at, recorded_by, body FROM agreements WHERE school_id = $1 AND is_current ORDER BY valid_from DESC",
            school.0,
            AgreementId,
        )
        .await
    }

    async fn residences_of_school(&self, school: OrgId, on: Date) -> Result<Vec<(OrgId, u64)>> {
        let rows = sqlx::query(
            "SELECT p.municipality_id, COUNT(DISTINCT p.id) AS pupils FROM pupil_facts f \
             JOIN pupils p ON p.id = f.pupil_id AND p.is_current \
             WHERE f.is_current AND f.kind = 'enrolment' AND f.org_id = $1 \
               AND f.valid_from <= $2 AND (f.valid_until IS NULL OR f.valid_until >= $2) \
             GROUP BY p.municipality_id ORDER BY p.municipality_id",
        )
        .bind(school.0)
        .bind(on)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        rows.iter()
            .map(|r| {
                let id: Uuid = r.try_get("municipality_id").map_err(db_err)?;
                let n: i64 = r.try_get("pupils").map_err(db_err)?;
                Ok((OrgId(id), u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }

    async fn create_pupil(&self, actor: &Actor, id: PupilId, pupil: Pupil, enrolment: PupilFact) -> Result<PupilFile> {
        self.do_create_pupil(actor, id, pupil, enrolment).await
    }
    async fn pupil_file(&self, actor: &Actor, id: PupilId) -> Result<PupilFile> {
        self.do_pupil_file(actor, id).await
    }
    async fn update_pupil(&self, actor: &Actor, id: PupilId, expected: Version, pupil: Pupil) -> Result<Versioned<PupilId, Pupil>> {
        self.do_update_pupil(actor, id, expected, pupil).await
    }
    async fn add_fact(&self, actor: &Actor, id: FactId, fact: PupilFact) -> Result<Versioned<FactId, PupilFact>> {
        self.do_put_fact(actor, id, None, fact).await
    }
    async fn update_fact(&self, actor: &Actor, id: FactId, expected: Version, fact: PupilFact) -> Result<Versioned<FactId, PupilFact>> {
        self.do_put_fact(actor, id, Some(expected), fact).await
    }
    async fn pupil_history(&self, actor: &Actor, id: PupilId) -> Result<Vec<HistoryItem>> {
        self.do_pupil_history(actor, id).await
    }
    async fn pupils_of_school(&self, actor: &Actor, school: OrgId, on: Date, page: Page) -> Result<(Vec<PupilRow>, u64)> {
        self.do_pupils_of_school(actor, school, on, page).await
    }
    async fn pupils_of_actor(&self, actor: &Actor, page: Page) -> Result<(Vec<PupilRow>, u64)> {
        self.do_pupils_of_actor(actor, page).await
    }
    async fn record_absences(&self, actor: &Actor, records: Vec<(PupilId, Absence)>) -> Result<usize> {
        self.do_record_absences(actor, records).await
    }
    async fn absences_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<Absence>> {
        self.do_absences_of_pupil(actor, id).await
    }
    async fn absences_of_pupils(&self, actor: &Actor, ids: &[PupilId], from: Date, to: Date) -> Result<Vec<(PupilId, Absence)>> {
        self.do_absences_of_pupils(actor, ids, from, to).await
    }
    async fn create_absence_report(&self, actor: &Actor, id: ReportId, report: AbsenceReport) -> Result<ReportFile> {
        self.do_create_absence_report(actor, id, report).await
    }
    async fn absence_reports(&self, actor: &Actor, filter: ReportFilter, page: Page) -> Result<(Vec<ReportFile>, u64)> {
        self.do_absence_reports(actor, filter, page).await
    }
    async fn absence_report(&self, actor: &Actor, id: ReportId) -> Result<ReportFile> {
        self.do_absence_report(actor, id).await
    }
    async fn change_absence_report(&self, actor: &Actor, id: ReportId, expected: Version, action: ReportAction) -> Result<ReportFile> {
        self.do_change_absence_report(actor, id, expected, action).await
    }
    async fn open_case(&self, actor: &Actor, id: CaseId, opened: CaseEvent) -> Result<CaseFile> {
        self.do_open_case(actor, id, opened).await
    }
    async fn record_case_event(&self, actor: &Actor, id: CaseId, expected: u64, event: CaseEvent, notify: Vec<(OrgId, String)>) -> Result<CaseFile> {
        self.do_record_case_event(actor, id, expected, event, notify).await
    }
    async fn add_case_document(&self, actor: &Actor, id: CaseId, expected: u64, event: CaseEvent, content: DocumentContent) -> Result<CaseFile> {
        self.do_add_case_document(actor, id, expected, event, content).await
    }
    async fn case_document(&self, actor: &Actor, id: CaseId, document: DocumentId) -> Result<DocumentContent> {
        self.do_case_document(actor, id, document).await
    }
    async fn case(&self, actor: &Actor, id: CaseId) -> Result<CaseFile> {
        self.do_case(actor, id).await
    }
    async fn cases(&self, actor: &Actor, open_only: bool) -> Result<Vec<CaseFile>> {
        self.do_cases(actor, open_only).await
    }
    async fn open_cases(&self) -> Result<Vec<Case>> {
        self.do_open_cases().await
    }
    async fn put_oogo(&self, actor: &Actor, oogo: OogoEscalation) -> Result<Versioned<OrgId, OogoEscalation>> {
        self.do_put_oogo(actor, oogo).await
    }
    async fn oogo_agreements(&self) -> Result<Vec<Versioned<OrgId, OogoEscalation>>> {
        self.do_oogo_agreements().await
    }
    async fn notifications(&self, actor: &Actor) -> Result<Vec<Notification>> {
        self.do_notifications(actor).await
    }
    async fn create_exemption(&self, actor: &Actor, id: ExemptionId, exemption: Exemption) -> Result<ExemptionFile> {
        self.do_create_exemption(actor, id, exemption).await
    }
    async fn change_exemption(&self, actor: &Actor, id: ExemptionId, expected: Version, exemption: Exemption) -> Result<ExemptionFile> {
        self.do_change_exemption(actor, id, expected, exemption).await
    }
    async fn exemption(&self, actor: &Actor, id: ExemptionId) -> Result<ExemptionFile> {
        one_file(self.do_exemption(actor, id, false).await?)
    }
    async fn exemption_history(&self, actor: &Actor, id: ExemptionId) -> Result<Vec<ExemptionFile>> {
        self.do_exemption(actor, id, true).await
    }
    async fn exemptions(&self, actor: &Actor, filter: ExemptionFilter, page: Page) -> Result<(Vec<ExemptionFile>, u64)> {
        self.do_exemptions(actor, filter, page).await
    }
    async fn exemptions_of_pupils(&self, actor: &Actor, ids: &[PupilId]) -> Result<Vec<(ExemptionId, Exemption)>> {
        self.do_exemptions_of_pupils(actor, ids).await
    }
    async fn create_exemption_request(&self, actor: &Actor, id: ExemptionId, request: ExemptionRequest) -> Result<RequestFile> {
        self.do_create_exemption_request(actor, id, request).await
    }
    async fn change_exemption_request(&self, actor: &Actor, id: ExemptionId, expected: Version, request: ExemptionRequest) -> Result<RequestFile> {
        self.do_change_exemption_request(actor, id, expected, request).await
    }
    async fn exemption_request(&self, actor: &Actor, id: ExemptionId) -> Result<RequestFile> {
        self.do_exemption_request(actor, id).await
    }
    async fn exemption_requests(&self, actor: &Actor, page: Page) -> Result<(Vec<RequestFile>, u64)> {
        self.do_exemption_requests(actor, page).await
    }
    async fn register_exemption(&self, actor: &Actor, id: ExemptionId, expected: Version, exemption: Exemption, on: Date) -> Result<ExemptionFile> {
        self.do_register_exemption(actor, id, expected, exemption, on).await
    }
    async fn create_arrangement(&self, actor: &Actor, id: ArrangementId, arrangement: Arrangement) -> Result<ArrangementFile> {
        self.do_create_arrangement(actor, id, arrangement).await
    }
    async fn change_arrangement(&self, actor: &Actor, id: ArrangementId, expected: Version, arrangement: Arrangement) -> Result<ArrangementFile> {
        self.do_change_arrangement(actor, id, expected, arrangement).await
    }
    async fn arrangement(&self, actor: &Actor, id: ArrangementId) -> Result<ArrangementFile> {
        one_file(self.do_arrangement(actor, id, false).await?)
    }
    async fn arrangement_history(&self, actor: &Actor, id: ArrangementId) -> Result<Vec<ArrangementFile>> {
        self.do_arrangement(actor, id, true).await
    }
    async fn arrangements(&self, actor: &Actor, filter: ArrangementFilter, page: Page) -> Result<(Vec<ArrangementFile>, u64)> {
        self.do_arrangements(actor, filter, page).await
    }
    async fn enrolments_of_pupils(&self, actor: &Actor, ids: &[PupilId]) -> Result<Vec<EnrolmentRow>> {
        self.do_enrolments_of_pupils(actor, ids).await
    }
    async fn audit_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<AuditEntry>> {
        self.do_audit_of_pupil(actor, id).await
    }

    async fn create_user(&self, user: NewUser) -> Result<UserRecord> {
        self.do_create_user(user).await
    }
    async fn user_by_login(&self, login: &str) -> Result<Option<(UserRecord, String)>> {
        self.do_user_by_login(login).await
    }
    async fn users_of_organisation(&self, org: OrgId) -> Result<Vec<UserRecord>> {
        let rows = sqlx::query("SELECT * FROM users WHERE org_id = $1 ORDER BY login")
            .bind(org.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        rows.iter().map(decode_user).collect()
    }
    async fn create_session(&self, s: Session) -> Result<()> {
        // Expired sessions open nothing (`session` checks the time) but should not pile up.
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(s.created_at)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(s.token_hash)
            .bind(s.user.0)
            .bind(s.csrf_token)
            .bind(s.created_at)
            .bind(s.expires_at)
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<(Session, UserRecord)>> {
        self.do_session(token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await
            .map_err(db_err)?;
        Ok(())
    }
    async fn user(&self, id: UserId) -> Result<UserRecord> {
        let row = sqlx::query("SELECT * FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&self.pool)
            .await
            .map_err(db_err)?
            .ok_or(StoreError::NotFound)?;
        decode_user(&row)
    }

    async fn import(&self, batch: RegisterBatch, by: &str) -> Result<ImportCounts> {
        self.do_import(batch, by).await
    }
    async fn export_all(&self, by: &str, purpose: &str) -> Result<RegisterBatch> {
        self.do_export_all(by, purpose).await
    }
}
