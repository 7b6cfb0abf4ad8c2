// Cases (zaken): event-sourced. The entries are the case; `cases` and `case_access` are
// projections rebuilt from the fold after every append, in the same transaction. Who sees
// a case: its municipality, its parties, its regisseur's organisation and every
// organisation that recorded in it — except a former municipality that is not a party
// (the case moved with the child) — and the pupil's parents, who see it without the
// notes and documents marked more confidential than `beperkt_openbaar`.

const CASE_OBJECT: &str = "case";

/// The clearance of parents: what a ZGW case shows the persons it is about.
const PARENTS_CLEARANCE: Confidentiality = Confidentiality::BeperktOpenbaar;

async fn load_entries(tx: &mut Tx, id: CaseId) -> Result<Vec<CaseEntry>> {
    let rows = sqlx::query("SELECT body FROM case_entries WHERE case_id = $1 ORDER BY seq")
        .bind(id.0)
        .fetch_all(&mut **tx)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|r| {
            let Json(e): Json<CaseEntry> = r.try_get("body").map_err(|e| internal("case entry", e))?;
            Ok(e)
        })
        .collect()
}

fn replay(id: CaseId, entries: &[CaseEntry]) -> Result<Case> {
    Case::replay(id, entries).map_err(|e| internal("case timeline", e))
}

/// The organisations that see the case.
fn case_access_orgs(case: &Case) -> Vec<OrgId> {
    // A former municipality keeps access only as an explicit party: the case moved with the
    // child, and so does who directs it.
    let mut current: Vec<OrgId> = vec![case.municipality()];
    current.extend(case.parties().iter().map(|p| p.org));
    let former: Vec<OrgId> = case.transfers().map(|(from, _, _)| from).collect();
    let mut out = current.clone();
    out.extend(
        case.regisseur()
            .map(|r| r.org)
            .into_iter()
            .chain(case.timeline().iter().map(|e| e.by.org))
            .filter(|o| !former.contains(o) || current.contains(o)),
    );
    out.sort();
    out.dedup();
    out
}

/// The case without the entries above the parents' clearance.
fn for_parents(id: CaseId, entries: &[CaseEntry]) -> Result<Case> {
    let shown: Vec<CaseEntry> = entries
        .iter()
        .filter(|e| match &e.event {
            CaseEvent::NoteAdded { confidentiality, .. } | CaseEvent::DocumentAdded { confidentiality, .. } => {
                *confidentiality <= PARENTS_CLEARANCE
            }
            _ => true,
        })
        .cloned()
        .collect();
    replay(id, &shown)
}

async fn write_case_projection(tx: &mut Tx, case: &Case, at: DateTime<Utc>, new: bool) -> Result<()> {
    let version = i64::try_from(case.version()).map_err(|e| internal("case version", e))?;
    if new {
        sqlx::query(
            "INSERT INTO cases (id, version, pupil_id, municipality_id, case_type, status, closed, registered_on, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(case.id().0)
        .bind(version)
        .bind(case.pupil().0)
        .bind(case.municipality().0)
        .bind(case.case_type().code())
        .bind(case.status().code())
        .bind(case.is_closed())
        .bind(case.registered_on())
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    } else {
        sqlx::query("UPDATE cases SET version = $2, municipality_id = $3, status = $4, closed = $5, updated_at = $6 WHERE id = $1")
            .bind(case.id().0)
            .bind(version)
            .bind(case.municipality().0)
            .bind(case.status().code())
            .bind(case.is_closed())
            .bind(at)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
        sqlx::query("DELETE FROM case_access WHERE case_id = $1").bind(case.id().0).execute(&mut **tx).await.map_err(db_err)?;
    }
    let orgs = case_access_orgs(case);
    let mut q = QueryBuilder::<Db>::new("INSERT INTO case_access (case_id, org_id) ");
    q.push_values(&orgs, |mut b, o| {
        b.push_bind(case.id().0).push_bind(o.0);
    });
    q.build().execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

async fn insert_case_entry(tx: &mut Tx, id: CaseId, seq: u64, entry: &CaseEntry) -> Result<()> {
    sqlx::query("INSERT INTO case_entries (case_id, seq, at, by_name, by_org, kind, body) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id.0)
        .bind(i32::try_from(seq).map_err(|e| internal("case entry seq", e))?)
        .bind(entry.at)
        .bind(entry.by.name.clone())
        .bind(entry.by.org.0)
        .bind(entry.event.code())
        .bind(Json(entry))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

async fn insert_notifications(tx: &mut Tx, case: Option<CaseId>, at: DateTime<Utc>, notify: &[(OrgId, String)]) -> Result<()> {
    if notify.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::<Db>::new("INSERT INTO notifications (id, org_id, at, case_id, message) ");
    q.push_values(notify, |mut b, (org, message)| {
        b.push_bind(NotificationId::new_random().0)
            .push_bind(org.0)
            .push_bind(at)
            .push_bind(case.map(|c| c.0))
            .push_bind(message.clone());
    });
    q.build().execute(&mut **tx).await.map_err(db_err)?;
    Ok(())
}

async fn pupil_name(tx: &mut Tx, id: PupilId) -> Result<String> {
    Ok(load_pupil(tx, id).await?.map(|p| p.record.full_name()).unwrap_or_else(|| String::from("(onbekend)")))
}

fn entry_of(actor: &Actor, event: CaseEvent) -> CaseEntry {
    CaseEntry {
        // Both engines keep microseconds; the JSON keeps what the columns keep.
        at: chrono::SubsecRound::trunc_subsecs(actor.now, 6),
        by: continuum_domain::case::Actor { name: actor.user_name.clone(), org: actor.org },
        event,
    }
}

fn case_error(e: continuum_domain::case::CaseError) -> StoreError {
    StoreError::Conflict(e.to_string())
}

/// Whether the actor's organisation sees the case through `case_access`.
async fn has_case_access(tx: &mut Tx, id: CaseId, org: OrgId) -> Result<bool> {
    let hit: Option<i32> = sqlx::query_scalar("SELECT 1 FROM case_access WHERE case_id = $1 AND org_id = $2")
        .bind(id.0)
        .bind(org.0)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(hit.is_some())
}

/// The pupil of a case, when it exists.
async fn case_pupil(tx: &mut Tx, id: CaseId, lock: bool) -> Result<Option<(PupilId, i64)>> {
    let sql = format!("SELECT pupil_id, version FROM cases WHERE id = $1{}", if lock { FOR_UPDATE } else { "" });
    let row = sqlx::query(AssertSqlSafe(sql)).bind(id.0).fetch_optional(&mut **tx).await.map_err(db_err)?;
    row.map(|r| Ok((PupilId(r.try_get("pupil_id").map_err(db_err)?), r.try_get::<i64, _>("version").map_err(db_err)?)))
        .transpose()
}

/// Is the actor a parent of the pupil (the parents' account)?
async fn is_parent_of(tx: &mut Tx, actor: &Actor, pupil: PupilId) -> Result<bool> {
    if actor.role != Role::Ouder {
        return Ok(false);
    }
    Ok(match decide_in(tx, actor, pupil, Action::Read, None).await? {
        Ok((_, _, relations)) => relations.contains(&access::Relation::Parents),
        Err(_) => false,
    })
}

impl SqlStore {
    async fn do_open_case(&self, actor: &Actor, id: CaseId, opened: CaseEvent) -> Result<CaseFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Create, CASE_OBJECT);
        let CaseEvent::Opened { pupil, municipality, .. } = &opened else {
            return Err(StoreError::Conflict("type: een zaak begint met het openen ervan".into()));
        };
        let (pupil, municipality) = (*pupil, *municipality);
        let mut tx = self.tx().await?;
        let (record, relations) = match decide_in(&mut tx, actor, pupil, Action::Read, None).await? {
            Ok((record, _, relations)) => (record, relations),
            Err(refusal) => {
                drop(tx);
                self.refuse(actor, AUDIT, Some(pupil)).await?;
                return Err(refusal);
            }
        };
        let opener = relations.iter().any(|r| {
            matches!(r, access::Relation::MunicipalityOfResidence | access::Relation::SchoolOfEnrolment | access::Relation::SwvOfSchool)
        });
        if !opener || !actor.role.may_write() {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::Forbidden(
                "een zaak opent de woongemeente, de school of het samenwerkingsverband, met de rol registrator".into(),
            ));
        }
        if municipality != record.record.municipality {
            return Err(StoreError::Conflict(
                "municipality: de zaak hoort bij de woongemeente van de leerling".into(),
            ));
        }
        let entry = entry_of(actor, opened);
        let case = Case::open(id, &entry).map_err(case_error)?;
        write_case_projection(&mut tx, &case, entry.at, true).await?;
        insert_case_entry(&mut tx, id, 1, &entry).await?;
        write_audit(&mut tx, actor, AuditAction::Create, CASE_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(CaseFile { case, pupil_name: record.record.full_name() })
    }

    async fn do_record_case_event(&self, actor: &Actor, id: CaseId, expected: u64, event: CaseEvent, notify: Vec<(OrgId, String)>) -> Result<CaseFile> {
        self.append_case_event(actor, id, expected, event, notify, None).await
    }

    async fn do_add_case_document(&self, actor: &Actor, id: CaseId, expected: u64, event: CaseEvent, content: DocumentContent) -> Result<CaseFile> {
        if !matches!(event, CaseEvent::DocumentAdded { .. }) {
            return Err(StoreError::Conflict("type: inhoud hoort bij een document_added".into()));
        }
        if content.bytes.is_empty() {
            return Err(StoreError::Conflict("content: het document is leeg".into()));
        }
        self.append_case_event(actor, id, expected, event, Vec::new(), Some(content)).await
    }

    async fn do_case_document(&self, actor: &Actor, id: CaseId, document: DocumentId) -> Result<DocumentContent> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, "case_document");
        let file = match self.do_case(actor, id).await {
            Ok(f) => f,
            Err(e) => return Err(e),
        };
        // Parents get the case without documents above their clearance, so these are unknown.
        if !file.case.documents().iter().any(|d| d.id == document) {
            self.refuse(actor, AUDIT, Some(file.case.pupil())).await?;
            return Err(StoreError::NotFound);
        }
        let mut tx = self.tx().await?;
        let row = sqlx::query("SELECT filename, content_type, content FROM case_documents WHERE case_id = $1 AND document_id = $2")
            .bind(id.0)
            .bind(document.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        let Some(row) = row else {
            // Recorded without content (a paper document): nothing to hand out.
            return Err(StoreError::NotFound);
        };
        let content = DocumentContent {
            filename: row.try_get("filename").map_err(db_err)?,
            content_type: row.try_get("content_type").map_err(db_err)?,
            bytes: row.try_get("content").map_err(db_err)?,
        };
        write_audit(&mut tx, actor, AuditAction::Read, "case_document", &[Some(file.case.pupil())], AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(content)
    }

    async fn append_case_event(
        &self,
        actor: &Actor,
        id: CaseId,
        expected: u64,
        event: CaseEvent,
        notify: Vec<(OrgId, String)>,
        content: Option<DocumentContent>,
    ) -> Result<CaseFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Update, CASE_OBJECT);
        let mut tx = self.tx().await?;
        let Some((pupil, version)) = case_pupil(&mut tx, id, true).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        if !has_case_access(&mut tx, id, actor.org).await? {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::NotFound);
        }
        if !actor.role.may_write() {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::Forbidden(format!("uw rol ({}) legt niets vast in een zaak", actor.role.label())));
        }
        if u64::try_from(version).ok() != Some(expected) {
            return Err(StoreError::StaleVersion { current: Version(version) });
        }
        if let CaseEvent::Transferred { to, .. } = &event {
            let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
                .bind(to.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if kind.as_deref() != Some(OrgKind::Gemeente.code()) {
                return Err(StoreError::Conflict("to: een zaak gaat alleen over naar een gemeente".into()));
            }
        }
        let entries = load_entries(&mut tx, id).await?;
        let mut case = replay(id, &entries)?;
        let mut entry = entry_of(actor, event);
        // A clock that steps back (another server, a correction) must not refuse the entry:
        // the timeline's order is the order of recording.
        if let Some(last) = entries.last() {
            entry.at = entry.at.max(last.at);
        }
        case.apply(&entry).map_err(case_error)?;
        insert_case_entry(&mut tx, id, case.version(), &entry).await?;
        write_case_projection(&mut tx, &case, entry.at, false).await?;
        insert_notifications(&mut tx, Some(id), entry.at, &notify).await?;
        if let (Some(content), CaseEvent::DocumentAdded { document, .. }) = (&content, &entry.event) {
            use sha2::Digest;
            sqlx::query(
                "INSERT INTO case_documents (case_id, document_id, filename, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id.0)
            .bind(document.0)
            .bind(content.filename.clone())
            .bind(content.content_type.clone())
            .bind(i64::try_from(content.bytes.len()).map_err(|e| internal("document size", e))?)
            .bind(hex::encode(sha2::Sha256::digest(&content.bytes)))
            .bind(content.bytes.clone())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        write_audit(&mut tx, actor, AuditAction::Update, CASE_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        let pupil_name = pupil_name(&mut tx, pupil).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(CaseFile { case, pupil_name })
    }

    async fn do_case(&self, actor: &Actor, id: CaseId) -> Result<CaseFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, CASE_OBJECT);
        let mut tx = self.tx().await?;
        let Some((pupil, _)) = case_pupil(&mut tx, id, false).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        let entries = load_entries(&mut tx, id).await?;
        let case = if has_case_access(&mut tx, id, actor.org).await? && actor.role != Role::Ouder {
            replay(id, &entries)?
        } else if is_parent_of(&mut tx, actor, pupil).await? {
            for_parents(id, &entries)?
        } else {
            drop(tx);
            self.refuse(actor, AUDIT, Some(pupil)).await?;
            return Err(StoreError::NotFound);
        };
        write_audit(&mut tx, actor, AuditAction::Read, CASE_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        let pupil_name = pupil_name(&mut tx, pupil).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(CaseFile { case, pupil_name })
    }

    async fn do_cases(&self, actor: &Actor, open_only: bool) -> Result<Vec<CaseFile>> {
        let mut tx = self.tx().await?;
        let ids: Vec<(Uuid, Uuid)> = if actor.role == Role::Ouder {
            // Parents: the cases of their children.
            let (children, _) = {
                let ids: Vec<Uuid> = sqlx::query_scalar(CANDIDATES).bind(actor.org.0).bind(actor.today).fetch_all(&mut *tx).await.map_err(db_err)?;
                let rows = readable(&mut tx, actor, &ids).await?;
                (rows.into_iter().map(|(id, _, _)| id.0).collect::<Vec<Uuid>>(), ())
            };
            let mut out = Vec::new();
            for child in children {
                let rows = sqlx::query("SELECT id, pupil_id FROM cases WHERE pupil_id = $1 AND ($2 = FALSE OR closed = FALSE)")
                    .bind(child)
                    .bind(open_only)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(db_err)?;
                for r in rows {
                    out.push((r.try_get("id").map_err(db_err)?, r.try_get("pupil_id").map_err(db_err)?));
                }
            }
            out
        } else {
            let rows = sqlx::query(
                "SELECT c.id, c.pupil_id FROM cases c JOIN case_access a ON a.case_id = c.id \
                 WHERE a.org_id = $1 AND ($2 = FALSE OR c.closed = FALSE) ORDER BY c.registered_on DESC, c.id",
            )
            .bind(actor.org.0)
            .bind(open_only)
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
            rows.iter()
                .map(|r| Ok((r.try_get("id").map_err(db_err)?, r.try_get("pupil_id").map_err(db_err)?)))
                .collect::<Result<_>>()?
        };
        let mut out = Vec::with_capacity(ids.len());
        for (id, pupil) in &ids {
            let entries = load_entries(&mut tx, CaseId(*id)).await?;
            let case = if actor.role == Role::Ouder { for_parents(CaseId(*id), &entries)? } else { replay(CaseId(*id), &entries)? };
            out.push(CaseFile { case, pupil_name: pupil_name(&mut tx, PupilId(*pupil)).await? });
        }
        let mut audited: Vec<Option<PupilId>> = ids.iter().map(|(_, p)| Some(PupilId(*p))).collect();
        audited.sort();
        audited.dedup();
        if audited.is_empty() {
            audited.push(None);
        }
        write_audit(&mut tx, actor, AuditAction::Search, CASE_OBJECT, &audited, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(out)
    }

    async fn do_open_cases(&self) -> Result<Vec<Case>> {
        let mut tx = self.tx().await?;
        let ids: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM cases WHERE closed = FALSE ORDER BY id")
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let entries = load_entries(&mut tx, CaseId(id)).await?;
            out.push(replay(CaseId(id), &entries)?);
        }
        tx.commit().await.map_err(db_err)?;
        Ok(out)
    }

    async fn do_put_oogo(&self, actor: &Actor, oogo: OogoEscalation) -> Result<Versioned<OrgId, OogoEscalation>> {
        let party = actor.org == oogo.swv() || oogo.municipalities().contains(&actor.org);
        if !party || !actor.role.may_write() {
            return Err(StoreError::Forbidden(
                "een OOGO-afspraak legt het samenwerkingsverband of een deelnemende gemeente vast, met de rol registrator".into(),
            ));
        }
        let mut tx = self.tx().await?;
        let current: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT version FROM oogo_agreements WHERE swv_id = $1 AND is_current{FOR_UPDATE}"
        )))
        .bind(oogo.swv().0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if let Some(v) = current {
            sqlx::query("UPDATE oogo_agreements SET is_current = FALSE WHERE swv_id = $1 AND version = $2")
                .bind(oogo.swv().0)
                .bind(v)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        let version = current.unwrap_or(0) + 1;
        let at = chrono::SubsecRound::trunc_subsecs(actor.now, 6);
        sqlx::query("INSERT INTO oogo_agreements (swv_id, version, body, recorded_at, recorded_by, is_current) VALUES ($1, $2, $3, $4, $5, TRUE)")
            .bind(oogo.swv().0)
            .bind(version)
            .bind(Json(&oogo))
            .bind(at)
            .bind(actor.user_name.clone())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id: oogo.swv(), version: Version(version), recorded_at: at, recorded_by: actor.user_name.clone(), record: oogo })
    }

    async fn do_oogo_agreements(&self) -> Result<Vec<Versioned<OrgId, OogoEscalation>>> {
        let rows = sqlx::query("SELECT swv_id AS id, version, recorded_at, recorded_by, body FROM oogo_agreements WHERE is_current ORDER BY swv_id")
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        decode_all(&rows, OrgId)
    }

    async fn do_notifications(&self, actor: &Actor) -> Result<Vec<Notification>> {
        let rows = sqlx::query("SELECT id, org_id, at, case_id, message FROM notifications WHERE org_id = $1 ORDER BY at DESC, id")
            .bind(actor.org.0)
            .fetch_all(&self.pool)
            .await
            .map_err(db_err)?;
        rows.iter()
            .map(|r| {
                Ok(Notification {
                    id: NotificationId(r.try_get("id").map_err(db_err)?),
                    at: r.try_get("at").map_err(db_err)?,
                    org: OrgId(r.try_get("org_id").map_err(db_err)?),
                    case: r.try_get::<Option<Uuid>, _>("case_id").map_err(db_err)?.map(CaseId),
                    message: r.try_get("message").map_err(db_err)?,
                })
            })
            .collect()
    }
}
