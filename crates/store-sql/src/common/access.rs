// Access and audit at the store boundary: a pupil's data is loaded, the actor's
// relations are derived by `continuum_domain::access`, and the outcome is written to the
// audit log — in the same transaction when allowed, in its own when refused (a refusal
// must be logged even though nothing else happens).

/// School → SWV and municipality → zorgkantoor, for the organisations around one pupil.
#[derive(Default)]
struct Links {
    swv: HashMap<OrgId, OrgId>,
    zorgkantoor: HashMap<OrgId, OrgId>,
}

impl OrgLinks for Links {
    fn swv_of_school(&self, school: OrgId) -> Option<OrgId> {
        self.swv.get(&school).copied()
    }
    fn zorgkantoor_of_municipality(&self, municipality: OrgId) -> Option<OrgId> {
        self.zorgkantoor.get(&municipality).copied()
    }
}

async fn links_for(tx: &mut Tx, orgs: &[OrgId]) -> Result<Links> {
    let mut links = Links::default();
    if orgs.is_empty() {
        return Ok(links);
    }
    let mut q = QueryBuilder::<Db>::new(
        "SELECT id, swv_id, zorgkantoor_id FROM organisations WHERE is_current AND id IN (",
    );
    let mut sep = q.separated(", ");
    for o in orgs {
        sep.push_bind(o.0);
    }
    sep.push_unseparated(")");
    for row in q.build().fetch_all(&mut **tx).await.map_err(db_err)? {
        let id = OrgId(row.try_get("id").map_err(db_err)?);
        if let Some(swv) = row.try_get::<Option<Uuid>, _>("swv_id").map_err(db_err)? {
            links.swv.insert(id, OrgId(swv));
        }
        if let Some(zk) = row.try_get::<Option<Uuid>, _>("zorgkantoor_id").map_err(db_err)? {
            links.zorgkantoor.insert(id, OrgId(zk));
        }
    }
    Ok(links)
}

/// The organisations whose links the relations of these pupils and facts depend on.
fn linked_orgs<'a>(pupils: impl Iterator<Item = &'a Pupil>, facts: impl Iterator<Item = &'a PupilFact>) -> Vec<OrgId> {
    let mut out: Vec<OrgId> = pupils.map(|p| p.municipality).collect();
    out.extend(facts.filter_map(|f| match f.fact {
        Fact::Enrolment { school, .. } => Some(school),
        _ => None,
    }));
    out.sort();
    out.dedup();
    out
}

async fn load_pupil(tx: &mut Tx, id: PupilId) -> Result<Option<Versioned<PupilId, Pupil>>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {VERSIONED} FROM pupils WHERE id = $1 AND is_current")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    row.map(|r| decode(&r, PupilId)).transpose()
}

async fn load_facts(tx: &mut Tx, id: PupilId) -> Result<Vec<Versioned<FactId, PupilFact>>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {VERSIONED} FROM pupil_facts WHERE pupil_id = $1 AND is_current ORDER BY valid_from, id"
    )))
    .bind(id.0)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    decode_all(&rows, FactId)
}

async fn write_audit(tx: &mut Tx, actor: &Actor, action: AuditAction, object: &str, pupils: &[Option<PupilId>], outcome: AuditOutcome) -> Result<()> {
    for chunk in pupils.chunks(1000) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO audit_log (at, user_id, user_name, org_id, org_name, role, action, object, pupil_id, purpose, outcome, origin) ",
        );
        q.push_values(chunk, |mut b, pupil| {
            b.push_bind(actor.now)
                .push_bind(actor.user.0)
                .push_bind(actor.user_name.clone())
                .push_bind(actor.org.0)
                .push_bind(actor.org_name.clone())
                .push_bind(actor.role.code())
                .push_bind(action.code())
                .push_bind(object.to_owned())
                .push_bind(pupil.map(|p| p.0))
                .push_bind(actor.purpose.clone())
                .push_bind(match outcome {
                    AuditOutcome::Allowed => "allowed",
                    AuditOutcome::Refused => "refused",
                })
                .push_bind(actor.origin.clone());
        });
        q.build().execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(())
}

/// A pupil's current record, facts and the actor's relations, after the access check.
struct Checked {
    tx: Tx,
    pupil: Versioned<PupilId, Pupil>,
    facts: Vec<Versioned<FactId, PupilFact>>,
    relations: Vec<access::Relation>,
}

/// Loads the pupil in `tx` and decides `action` for the actor: the pupil, its facts and
/// the actor's relations, or the refusal to answer (`NotFound` when there is no relation
/// or no pupil, `Forbidden` when the relation or role does not allow it). The caller
/// audits a refusal in its own transaction.
#[allow(clippy::type_complexity)]
async fn decide_in(
    tx: &mut Tx,
    actor: &Actor,
    id: PupilId,
    action: Action,
    new_fact: Option<&Fact>,
) -> Result<std::result::Result<(Versioned<PupilId, Pupil>, Vec<Versioned<FactId, PupilFact>>, Vec<access::Relation>), StoreError>> {
    let Some(pupil) = load_pupil(tx, id).await? else {
        return Ok(Err(StoreError::NotFound));
    };
    let facts = load_facts(tx, id).await?;
    let links = links_for(tx, &linked_orgs(std::iter::once(&pupil.record), facts.iter().map(|f| &f.record))).await?;
    let facts_now: Vec<PupilFact> = facts.iter().map(|f| f.record.clone()).collect();
    let mut all = access::relations(&pupil.record, &facts_now, &links, actor.today);
    // A Wlz or Zvw indication by the pupil's own zorgkantoor or insurer carries its relation.
    if let Some(created) = new_fact.and_then(|f| access::relation_created_by(&pupil.record, f, &links)) {
        all.push(created);
    }
    let fact_org = new_fact.and_then(Fact::organisation);
    Ok(match access::decide(actor.org, actor.role, &all, action, fact_org) {
        Decision::Allowed => {
            let relations = all.iter().filter(|(o, _)| *o == actor.org).map(|(_, r)| *r).collect();
            Ok((pupil, facts, relations))
        }
        Decision::Hidden => Err(StoreError::NotFound),
        Decision::Forbidden => Err(StoreError::Forbidden(format!(
            "uw rol ({}) of de relatie van uw organisatie met deze leerling staat dit niet toe",
            actor.role.label()
        ))),
    })
}

impl SqlStore {
    /// Opens a transaction, loads the pupil and decides `action` for the actor. Refusals
    /// are audited and answered with `NotFound` (no relation: existence is not revealed)
    /// or `Forbidden` (a relation, but not this right).
    async fn checked(&self, actor: &Actor, id: PupilId, action: Action, new_fact: Option<&Fact>, audit: (AuditAction, &str)) -> Result<Checked> {
        let mut tx = self.tx().await?;
        match decide_in(&mut tx, actor, id, action, new_fact).await? {
            Ok((pupil, facts, relations)) => Ok(Checked { tx, pupil, facts, relations }),
            Err(refusal) => {
                drop(tx);
                self.refuse(actor, audit, Some(id)).await?;
                Err(refusal)
            }
        }
    }

    async fn refuse(&self, actor: &Actor, (action, object): (AuditAction, &str), pupil: Option<PupilId>) -> Result<()> {
        let mut tx = self.tx().await?;
        write_audit(&mut tx, actor, action, object, &[pupil], AuditOutcome::Refused).await?;
        tx.commit().await.map_err(db_err)
    }
}

fn decode_audit(row: &DbRow) -> Result<AuditEntry> {
    let role: Option<String> = row.try_get("role").map_err(db_err)?;
    let action: String = row.try_get("action").map_err(db_err)?;
    let outcome: String = row.try_get("outcome").map_err(db_err)?;
    Ok(AuditEntry {
        seq: row.try_get("seq").map_err(db_err)?,
        at: row.try_get("at").map_err(db_err)?,
        user: row.try_get::<Option<Uuid>, _>("user_id").map_err(db_err)?.map(UserId),
        user_name: row.try_get("user_name").map_err(db_err)?,
        organisation: row.try_get::<Option<Uuid>, _>("org_id").map_err(db_err)?.map(OrgId),
        organisation_name: row.try_get("org_name").map_err(db_err)?,
        role: role.as_deref().and_then(Role::parse),
        action: AuditAction::parse(&action).ok_or_else(|| internal("audit action", &action))?,
        object: row.try_get("object").map_err(db_err)?,
        pupil: row.try_get::<Option<Uuid>, _>("pupil_id").map_err(db_err)?.map(PupilId),
        purpose: row.try_get("purpose").map_err(db_err)?,
        outcome: if outcome == "allowed" { AuditOutcome::Allowed } else { AuditOutcome::Refused },
        origin: row.try_get("origin").map_err(db_err)?,
    })
}
