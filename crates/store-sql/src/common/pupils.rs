// A pupil's data: every read and write passes `SqlStore::checked` and is audited.

async fn insert_pupils(tx: &mut Tx, rows: &[(PupilId, i64, &Pupil)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO pupils (id, version, pgn, municipality_id, insurer_id, body, valid_from, valid_until, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, p)| {
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(p.pgn.as_str().to_owned())
                .push_bind(p.municipality.0)
                .push_bind(p.insurer.map(|i| i.0))
                .push_bind(Json(*p))
                .push_bind(p.period.start())
                .push_bind(until(&p.period))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

async fn insert_facts(tx: &mut Tx, rows: &[(FactId, i64, &PupilFact)], s: &Stamp<'_>) -> Result<()> {
    for chunk in rows.chunks(CHUNK) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO pupil_facts (id, version, pupil_id, kind, org_id, class_id, body, valid_from, valid_until, recorded_at, recorded_by, is_current) ",
        );
        q.push_values(chunk, |mut b, (id, version, f)| {
            let class = match f.fact {
                Fact::Enrolment { class, .. } => class.map(|c| c.0),
                _ => None,
            };
            b.push_bind(id.0)
                .push_bind(*version)
                .push_bind(f.pupil.0)
                .push_bind(f.fact.kind().code())
                .push_bind(f.fact.organisation().map(|o| o.0))
                .push_bind(class)
                .push_bind(Json(*f))
                .push_bind(f.period.start())
                .push_bind(until(&f.period))
                .push_bind(s.at)
                .push_bind(s.by.to_owned())
                .push_bind(true);
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// The organisations a pupil record and a fact refer to must exist with the right kind.
async fn check_pupil_refs(tx: &mut Tx, p: &Pupil) -> Result<()> {
    require_org(tx, p.municipality, OrgKind::Gemeente, "municipality").await?;
    if let Some(i) = p.insurer {
        require_org(tx, i, OrgKind::Zorgverzekeraar, "insurer").await?;
    }
    Ok(())
}

async fn check_fact_refs(tx: &mut Tx, f: &PupilFact) -> Result<()> {
    match &f.fact {
        Fact::Enrolment { school, class } => {
            require_org(tx, *school, OrgKind::School, "school").await?;
            if let Some(c) = class {
                let owner: Option<Uuid> = sqlx::query_scalar("SELECT school_id FROM classes WHERE id = $1 AND is_current")
                    .bind(c.0)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(db_err)?;
                if owner != Some(school.0) {
                    return Err(StoreError::Conflict(format!("class: klas {c} hoort niet bij school {school}")));
                }
            }
            Ok(())
        }
        Fact::Tlv { swv, .. } => require_org(tx, *swv, OrgKind::Swv, "swv").await,
        Fact::Indication { funder, law, .. } => {
            let kind = match law {
                continuum_domain::register::CareLaw::Wlz => OrgKind::Zorgkantoor,
                continuum_domain::register::CareLaw::Zvw => OrgKind::Zorgverzekeraar,
                _ => OrgKind::Gemeente,
            };
            require_org(tx, *funder, kind, "funder").await
        }
        Fact::ProviderAssignment { provider } => require_org(tx, *provider, OrgKind::Zorgaanbieder, "provider").await,
        Fact::Guardianship { parents } => require_org(tx, *parents, OrgKind::Ouders, "parents").await,
        Fact::Need { .. } => Ok(()),
    }
}

impl SqlStore {
    async fn do_create_pupil(&self, actor: &Actor, id: PupilId, pupil: Pupil, enrolment: PupilFact) -> Result<PupilFile> {
        let school = match enrolment.fact {
            Fact::Enrolment { school, .. } if enrolment.pupil == id => school,
            _ => return Err(StoreError::Conflict("een nieuwe leerling begint met een inschrijving".into())),
        };
        // Only a registrator of the school itself registers a pupil there.
        if school != actor.org || !actor.role.may_write() {
            self.refuse(actor, (AuditAction::Create, "pupil"), None).await?;
            return Err(StoreError::Forbidden("alleen een registrator van de school schrijft een leerling in".into()));
        }
        let mut tx = self.tx().await?;
        let s = Stamp { at: actor.now, by: &actor.user_name };
        check_pupil_refs(&mut tx, &pupil).await?;
        check_fact_refs(&mut tx, &enrolment).await?;
        let known: Option<Uuid> = sqlx::query_scalar("SELECT id FROM pupils WHERE pgn = $1 AND is_current")
            .bind(pupil.pgn.as_str().to_owned())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if let Some(existing) = known {
            // The register already knows this PGN: the school enrols that pupil (a change of
            // school), as DUO's register does. A "already exists" answer instead would let
            // anyone test BSNs; the new enrolment is audited and visible to every party.
            let existing = PupilId(existing);
            let enrolment = PupilFact { pupil: existing, ..enrolment };
            insert_facts(&mut tx, &[(FactId::new_random(), 1, &enrolment)], &s).await?;
            write_audit(&mut tx, actor, AuditAction::Create, "fact:enrolment", &[Some(existing)], AuditOutcome::Allowed).await?;
            tx.commit().await.map_err(db_err)?;
            return self.do_pupil_file(actor, existing).await;
        }
        next_version(&mut tx, "pupils", id.0, None).await?;
        insert_pupils(&mut tx, &[(id, 1, &pupil)], &s).await?;
        let fact_id = FactId::new_random();
        insert_facts(&mut tx, &[(fact_id, 1, &enrolment)], &s).await?;
        write_audit(&mut tx, actor, AuditAction::Create, "pupil", &[Some(id)], AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        self.do_pupil_file(actor, id).await
    }

    async fn do_pupil_file(&self, actor: &Actor, id: PupilId) -> Result<PupilFile> {
        let mut c = self.checked(actor, id, Action::Read, None, (AuditAction::Read, "pupil")).await?;
        write_audit(&mut c.tx, actor, AuditAction::Read, "pupil", &[Some(id)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(PupilFile { pupil: c.pupil, facts: c.facts, relations: c.relations })
    }

    async fn do_update_pupil(&self, actor: &Actor, id: PupilId, expected: Version, pupil: Pupil) -> Result<Versioned<PupilId, Pupil>> {
        let mut c = self.checked(actor, id, Action::WritePupil, None, (AuditAction::Update, "pupil")).await?;
        check_pupil_refs(&mut c.tx, &pupil).await?;
        let version = next_version(&mut c.tx, "pupils", id.0, Some(expected)).await?;
        insert_pupils(&mut c.tx, &[(id, version, &pupil)], &Stamp { at: actor.now, by: &actor.user_name }).await?;
        write_audit(&mut c.tx, actor, AuditAction::Update, "pupil", &[Some(id)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: actor.now, recorded_by: actor.user_name.clone(), record: pupil })
    }

    async fn do_put_fact(&self, actor: &Actor, id: FactId, expected: Option<Version>, fact: PupilFact) -> Result<Versioned<FactId, PupilFact>> {
        let kind = fact.fact.kind();
        let object = format!("fact:{}", kind.code());
        let action = if expected.is_some() { AuditAction::Update } else { AuditAction::Create };
        let mut c = self
            .checked(actor, fact.pupil, Action::WriteFact(kind), Some(&fact.fact), (action, &object))
            .await?;
        if expected.is_some() {
            // A fact stays with its pupil, its kind and its organisation; a change is a
            // new version of it (`checked` loaded this pupil's facts only).
            let old = c.facts.iter().find(|f| f.id == id).ok_or(StoreError::NotFound)?;
            if old.record.fact.kind() != kind || old.record.fact.organisation() != fact.fact.organisation() {
                return Err(StoreError::Conflict("een gegeven verandert niet van soort of van organisatie".into()));
            }
        }
        check_fact_refs(&mut c.tx, &fact).await?;
        let version = next_version(&mut c.tx, "pupil_facts", id.0, expected).await?;
        insert_facts(&mut c.tx, &[(id, version, &fact)], &Stamp { at: actor.now, by: &actor.user_name }).await?;
        write_audit(&mut c.tx, actor, action, &object, &[Some(fact.pupil)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(Versioned { id, version: Version(version), recorded_at: actor.now, recorded_by: actor.user_name.clone(), record: fact })
    }

    async fn do_pupil_history(&self, actor: &Actor, id: PupilId) -> Result<Vec<HistoryItem>> {
        let mut c = self.checked(actor, id, Action::Read, None, (AuditAction::Read, "history")).await?;
        let pupils = sqlx::query(AssertSqlSafe(format!("SELECT {VERSIONED} FROM pupils WHERE id = $1")))
            .bind(id.0)
            .fetch_all(&mut *c.tx)
            .await
            .map_err(db_err)?;
        let facts = sqlx::query(AssertSqlSafe(format!("SELECT {VERSIONED} FROM pupil_facts WHERE pupil_id = $1")))
            .bind(id.0)
            .fetch_all(&mut *c.tx)
            .await
            .map_err(db_err)?;
        let mut items: Vec<HistoryItem> = decode_all(&pupils, PupilId)?.into_iter().map(HistoryItem::Pupil).collect();
        items.extend(decode_all(&facts, FactId)?.into_iter().map(HistoryItem::Fact));
        items.sort_by(|a, b| b.recorded_at().cmp(&a.recorded_at()).then(b.version().cmp(&a.version())));
        write_audit(&mut c.tx, actor, AuditAction::Read, "history", &[Some(id)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(items)
    }

    async fn do_audit_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<AuditEntry>> {
        let c = self.checked(actor, id, Action::Read, None, (AuditAction::Export, "audit")).await?;
        // The log names other organisations' staff and addresses: it is for the parents'
        // data-access request and for an organisation's beheerder, not for every reader.
        if !access::may_export_audit(actor.role, &c.relations) {
            drop(c);
            self.refuse(actor, (AuditAction::Export, "audit"), Some(id)).await?;
            return Err(StoreError::Forbidden("het auditlog is voor de ouders en voor de beheerder van uw organisatie".into()));
        }
        let mut c = c;
        let rows = sqlx::query("SELECT * FROM audit_log WHERE pupil_id = $1 ORDER BY seq")
            .bind(id.0)
            .fetch_all(&mut *c.tx)
            .await
            .map_err(db_err)?;
        let entries = rows.iter().map(decode_audit).collect::<Result<Vec<_>>>()?;
        write_audit(&mut c.tx, actor, AuditAction::Export, "audit", &[Some(id)], AuditOutcome::Allowed).await?;
        c.tx.commit().await.map_err(db_err)?;
        Ok(entries)
    }
}
