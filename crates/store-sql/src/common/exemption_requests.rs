// Requests for an exemption under art. 5 onder a, kept step by step (versioned) by the
// municipality of residence, and their registration: the exemption the rules engine's gate
// built is stored under the request's id together with the decision on the request.

const REQUEST_OBJECT: &str = "exemption_request";

async fn insert_request(tx: &mut Tx, actor: &Actor, id: ExemptionId, expected: Option<Version>, req: &ExemptionRequest) -> Result<Versioned<ExemptionId, ExemptionRequest>> {
    let version = next_version(tx, "exemption_requests", id.0, expected).await?;
    let at = stamp_of(actor);
    sqlx::query(
        "INSERT INTO exemption_requests (id, version, pupil_id, municipality_id, step, received_on, body, recorded_at, recorded_by, is_current) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.0)
    .bind(version)
    .bind(req.pupil.0)
    .bind(req.municipality.0)
    .bind(req.step().code())
    .bind(req.notification.received_on)
    .bind(Json(req))
    .bind(at)
    .bind(actor.user_name.clone())
    .bind(true)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: actor.user_name.clone(), record: req.clone() })
}

async fn request_files(tx: &mut Tx, rows: Vec<Versioned<ExemptionId, ExemptionRequest>>) -> Result<Vec<RequestFile>> {
    let names = Names::load(tx, &dedup(rows.iter().map(|r| r.record.pupil)), &dedup(rows.iter().map(|r| r.record.municipality))).await?;
    Ok(rows
        .into_iter()
        .map(|r| RequestFile {
            pupil_name: names.pupil_name(r.record.pupil),
            birth_date: names.birth_date(r.record.pupil),
            municipality_name: names.org(r.record.municipality),
            request: r,
        })
        .collect())
}

/// The exemption a complete request becomes — what `continuum_rules`' gate builds. The
/// store compares it with what the server hands in, so a registration cannot store
/// anything else than the request describes.
fn exemption_of_request(req: &ExemptionRequest) -> Option<Exemption> {
    Some(Exemption {
        pupil: req.pupil,
        municipality: req.municipality,
        ground: continuum_domain::exemption::ExemptionGround::Art5OnderA,
        period: req.notification.period,
        notified_on: req.notification.received_on,
        renewals: Vec::new(),
        dossier: Some(Dossier5a {
            statement: req.statement.clone()?,
            perspective: req.perspective.clone()?,
            casusregisseur: req.casusregisseur.clone()?,
            evaluations: req.evaluations.clone(),
            development_offers: req.development_offers.clone(),
        }),
    })
}

impl SqlStore {
    async fn do_create_exemption_request(&self, actor: &Actor, id: ExemptionId, mut req: ExemptionRequest) -> Result<RequestFile> {
        let mut tx = self.tx().await?;
        let pupil = match decide_in(&mut tx, actor, req.pupil, Action::WriteExemption, None).await? {
            Ok((pupil, _, _)) => pupil,
            Err(refusal) => {
                drop(tx);
                self.refuse(actor, (AuditAction::Create, REQUEST_OBJECT), Some(req.pupil)).await?;
                return Err(refusal);
            }
        };
        if req.decision.is_some() {
            return Err(StoreError::Conflict("decision: een nieuwe aanvraag is nog niet beslist".into()));
        }
        req.municipality = pupil.record.municipality;
        let v = insert_request(&mut tx, actor, id, None, &req).await?;
        write_audit(&mut tx, actor, AuditAction::Create, REQUEST_OBJECT, &[Some(req.pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(request_files(&mut tx, vec![v]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    /// Loads the current request for a change by the actor, after the access check.
    async fn request_for_change(&self, actor: &Actor, id: ExemptionId, expected: Version) -> Result<(Tx, Versioned<ExemptionId, ExemptionRequest>)> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Update, REQUEST_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ExemptionId, ExemptionRequest>(&mut tx, "exemption_requests", id.0, ExemptionId, true).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        if let Err(e) = register_access(&mut tx, actor, cur.record.municipality, cur.record.pupil, true).await? {
            drop(tx);
            self.refuse(actor, AUDIT, Some(cur.record.pupil)).await?;
            return Err(e);
        }
        if cur.version != expected {
            return Err(StoreError::StaleVersion { current: cur.version });
        }
        if cur.record.decision.is_some() {
            return Err(StoreError::Conflict("decision: over deze aanvraag is al besloten".into()));
        }
        Ok((tx, cur))
    }

    async fn do_change_exemption_request(&self, actor: &Actor, id: ExemptionId, expected: Version, req: ExemptionRequest) -> Result<RequestFile> {
        let (mut tx, cur) = self.request_for_change(actor, id, expected).await?;
        let was = &cur.record;
        for (field, same) in [("pupil", req.pupil == was.pupil), ("municipality", req.municipality == was.municipality), ("notification", req.notification == was.notification)] {
            if !same {
                return Err(StoreError::Conflict(format!("{field}: verandert niet; begin zo nodig een nieuwe aanvraag")));
            }
        }
        if matches!(req.decision, Some(continuum_domain::exemption::Decision::Registered { .. })) {
            return Err(StoreError::Conflict("decision: een aanvraag wordt geregistreerd via de toets op volledigheid".into()));
        }
        let v = insert_request(&mut tx, actor, id, Some(expected), &req).await?;
        write_audit(&mut tx, actor, AuditAction::Update, REQUEST_OBJECT, &[Some(req.pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(request_files(&mut tx, vec![v]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_exemption_request(&self, actor: &Actor, id: ExemptionId) -> Result<RequestFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, REQUEST_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ExemptionId, ExemptionRequest>(&mut tx, "exemption_requests", id.0, ExemptionId, false).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        let pupil = cur.record.pupil;
        if let Err(e) = register_access(&mut tx, actor, cur.record.municipality, pupil, false).await? {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(e);
        }
        write_audit(&mut tx, actor, AuditAction::Read, REQUEST_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(request_files(&mut tx, vec![cur]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_exemption_requests(&self, actor: &Actor, page: Page) -> Result<(Vec<RequestFile>, u64)> {
        let mut tx = self.tx().await?;
        let rows = sqlx::query(AssertSqlSafe(format!("SELECT {VERSIONED} FROM exemption_requests WHERE is_current AND municipality_id = $1")))
            .bind(actor.org.0)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut rows: Vec<Versioned<ExemptionId, ExemptionRequest>> = decode_all(&rows, ExemptionId)?;
        // Open requests first, then the newest notification first.
        rows.sort_by_key(|r| (r.record.decision.is_some(), std::cmp::Reverse(r.record.notification.received_on), r.id));
        let total = rows.len() as u64;
        let shown: Vec<_> = rows.into_iter().skip(usize::try_from(page.offset()).unwrap_or(usize::MAX)).take(usize::try_from(page.limit()).unwrap_or(usize::MAX)).collect();
        let mut audited: Vec<Option<PupilId>> = dedup(shown.iter().map(|r| r.record.pupil)).into_iter().map(Some).collect();
        if audited.is_empty() {
            audited.push(None);
        }
        write_audit(&mut tx, actor, AuditAction::Search, REQUEST_OBJECT, &audited, AuditOutcome::Allowed).await?;
        let files = request_files(&mut tx, shown).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((files, total))
    }

    async fn do_register_exemption(&self, actor: &Actor, id: ExemptionId, expected: Version, ex: Exemption, on: Date) -> Result<ExemptionFile> {
        let (mut tx, cur) = self.request_for_change(actor, id, expected).await?;
        let mut req = cur.record;
        match exemption_of_request(&req) {
            None => return Err(StoreError::Conflict("de aanvraag is niet volledig: verklaring, perspectief of casusregisseur ontbreekt".into())),
            Some(want) if want != ex => return Err(StoreError::Conflict("de vrijstelling komt niet overeen met de aanvraag".into())),
            Some(_) => {}
        }
        req.mark_registered(on).map_err(|e| StoreError::Conflict(e.to_string()))?;
        insert_request(&mut tx, actor, id, Some(expected), &req).await?;
        let v = insert_exemption(&mut tx, actor, id, None, &ex).await?;
        write_audit(&mut tx, actor, AuditAction::Update, REQUEST_OBJECT, &[Some(req.pupil)], AuditOutcome::Allowed).await?;
        write_audit(&mut tx, actor, AuditAction::Create, EXEMPTION_OBJECT, &[Some(ex.pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(exemption_files(&mut tx, vec![v]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }
}
