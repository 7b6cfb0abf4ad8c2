// The vrijstellingenregister: exemptions (Leerplichtwet art. 5, 5a, 15) and requests for
// an exemption under art. 5 onder a, both versioned. The municipality that holds a record
// (the pupil's municipality of residence when it was made) reads it and — a registrator —
// changes it; the pupil's school of enrolment, its SWV, the municipality of residence and
// the parents read it (`Action::ReadExemption`). Every read, change and refusal is in the
// pupil's audit log.

use continuum_domain::exemption::{Dossier5a, Exemption, ExemptionRequest};
use continuum_domain::ids::ExemptionId;
use continuum_store::{EnrolmentRow, ExemptionFile, ExemptionFilter, RequestFile};

const EXEMPTION_OBJECT: &str = "exemption";

/// `sql` followed by a bound list of ids and a closing parenthesis.
fn in_list(sql: impl Into<String>, ids: impl IntoIterator<Item = Uuid>) -> QueryBuilder<Db> {
    let mut q = QueryBuilder::<Db>::new(sql);
    let mut sep = q.separated(", ");
    for id in ids {
        sep.push_bind(id);
    }
    sep.push_unseparated(")");
    q
}

/// The names a file shows beside the ids: pupils (family name, given name, birth date)
/// and organisations.
#[derive(Default)]
struct Names {
    pupils: HashMap<PupilId, (String, String, Date)>,
    orgs: HashMap<OrgId, String>,
}

impl Names {
    async fn load(tx: &mut Tx, pupils: &[PupilId], orgs: &[OrgId]) -> Result<Names> {
        let mut n = Names::default();
        for chunk in pupils.chunks(500) {
            let mut q = in_list(format!("SELECT {VERSIONED} FROM pupils WHERE is_current AND id IN ("), chunk.iter().map(|p| p.0));
            let rows: Vec<Versioned<PupilId, Pupil>> = decode_all(&q.build().fetch_all(&mut **tx).await.map_err(db_err)?, PupilId)?;
            n.pupils.extend(rows.into_iter().map(|p| (p.id, (p.record.family_name, p.record.given_name, p.record.birth_date))));
        }
        for chunk in orgs.chunks(500) {
            let mut q = in_list("SELECT id, name FROM organisations WHERE is_current AND id IN (", chunk.iter().map(|o| o.0));
            for row in q.build().fetch_all(&mut **tx).await.map_err(db_err)? {
                n.orgs.insert(OrgId(row.try_get("id").map_err(db_err)?), row.try_get("name").map_err(db_err)?);
            }
        }
        Ok(n)
    }

    fn pupil_name(&self, id: PupilId) -> String {
        self.pupils.get(&id).map_or_else(|| "(onbekend)".to_owned(), |(family, given, _)| format!("{given} {family}"))
    }

    fn birth_date(&self, id: PupilId) -> Date {
        self.pupils.get(&id).map_or(Date::MIN, |p| p.2)
    }

    /// Sorts by family name, then given name: how a register is read.
    fn sort_key(&self, id: PupilId) -> (String, String, PupilId) {
        let (family, given) = self.pupils.get(&id).map_or((String::new(), String::new()), |p| (p.0.clone(), p.1.clone()));
        (family, given, id)
    }

    fn org(&self, id: OrgId) -> String {
        self.orgs.get(&id).cloned().unwrap_or_else(|| "(onbekend)".to_owned())
    }
}

fn dedup<T: Ord + Copy>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = items.into_iter().collect();
    v.sort();
    v.dedup();
    v
}

/// Both engines keep microseconds: what is returned is what a later read gives.
fn stamp_of(actor: &Actor) -> DateTime<Utc> {
    chrono::SubsecRound::trunc_subsecs(actor.now, 6)
}

fn refused_by_problems(problems: &[continuum_domain::validation::FieldError]) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Err(StoreError::Conflict(list.join("; ")))
}

async fn load_current<Id, T: DeserializeOwned>(tx: &mut Tx, table: &'static str, id: Uuid, make: fn(Uuid) -> Id, lock: bool) -> Result<Option<Versioned<Id, T>>> {
    let sql = format!("SELECT {VERSIONED} FROM {table} WHERE id = $1 AND is_current{}", if lock { FOR_UPDATE } else { "" });
    let row = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **tx).await.map_err(db_err)?;
    row.map(|r| decode(&r, make)).transpose()
}

async fn load_versions<Id, T: DeserializeOwned>(tx: &mut Tx, table: &'static str, id: Uuid, make: fn(Uuid) -> Id) -> Result<Vec<Versioned<Id, T>>> {
    let sql = format!("SELECT {VERSIONED} FROM {table} WHERE id = $1 ORDER BY version DESC");
    let rows = sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_all(&mut **tx).await.map_err(db_err)?;
    decode_all(&rows, make)
}

/// May the actor read (or, with `write`, change) a record of the register that `holder`
/// keeps about `pupil`? The holder always reads, and a registrator of it writes; others
/// read by their relation with the pupil and never write. `NotFound` for a stranger.
async fn register_access(tx: &mut Tx, actor: &Actor, holder: OrgId, pupil: PupilId, write: bool) -> Result<std::result::Result<(), StoreError>> {
    if actor.org == holder {
        return Ok(if write && !actor.role.may_write() {
            Err(StoreError::Forbidden(format!("uw rol ({}) mag het vrijstellingenregister niet wijzigen", actor.role.label())))
        } else {
            Ok(())
        });
    }
    let read = decide_in(tx, actor, pupil, Action::ReadExemption, None).await?;
    Ok(match (read, write) {
        (Ok(_), false) => Ok(()),
        (Ok(_), true) => Err(StoreError::Forbidden("alleen de gemeente die het vrijstellingenregister voor deze leerling bijhoudt, kan dit wijzigen".into())),
        (Err(e), _) => Err(e),
    })
}

async fn insert_exemption(tx: &mut Tx, actor: &Actor, id: ExemptionId, expected: Option<Version>, ex: &Exemption) -> Result<Versioned<ExemptionId, Exemption>> {
    let version = next_version(tx, "exemptions", id.0, expected).await?;
    let at = stamp_of(actor);
    sqlx::query(
        "INSERT INTO exemptions (id, version, pupil_id, municipality_id, ground, valid_from, valid_until, body, recorded_at, recorded_by, is_current) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.0)
    .bind(version)
    .bind(ex.pupil.0)
    .bind(ex.municipality.0)
    .bind(ex.ground.code())
    .bind(ex.period.start())
    .bind(until(&ex.period))
    .bind(Json(ex))
    .bind(at)
    .bind(actor.user_name.clone())
    .bind(true)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: actor.user_name.clone(), record: ex.clone() })
}

async fn exemption_files(tx: &mut Tx, rows: Vec<Versioned<ExemptionId, Exemption>>) -> Result<Vec<ExemptionFile>> {
    let names = Names::load(tx, &dedup(rows.iter().map(|r| r.record.pupil)), &dedup(rows.iter().map(|r| r.record.municipality))).await?;
    Ok(rows
        .into_iter()
        .map(|r| ExemptionFile {
            pupil_name: names.pupil_name(r.record.pupil),
            birth_date: names.birth_date(r.record.pupil),
            municipality_name: names.org(r.record.municipality),
            exemption: r,
        })
        .collect())
}

fn one_file<T>(files: Vec<T>) -> Result<T> {
    files.into_iter().next().ok_or_else(|| internal("file", "lost"))
}

impl SqlStore {
    async fn do_create_exemption(&self, actor: &Actor, id: ExemptionId, mut ex: Exemption) -> Result<ExemptionFile> {
        let mut tx = self.tx().await?;
        let pupil = match decide_in(&mut tx, actor, ex.pupil, Action::WriteExemption, None).await? {
            Ok((pupil, _, _)) => pupil,
            Err(refusal) => {
                drop(tx);
                self.refuse(actor, (AuditAction::Create, EXEMPTION_OBJECT), Some(ex.pupil)).await?;
                return Err(refusal);
            }
        };
        if ex.ground.has_dossier() {
            return Err(StoreError::Conflict(
                "ground: een vrijstelling op grond van art. 5 onder a komt in het register via een aanvraag met verklaring, perspectief en casusregisseur".into(),
            ));
        }
        // Art. 6 lid 1: the municipality where the child lives.
        ex.municipality = pupil.record.municipality;
        refused_by_problems(&ex.problems())?;
        let v = insert_exemption(&mut tx, actor, id, None, &ex).await?;
        write_audit(&mut tx, actor, AuditAction::Create, EXEMPTION_OBJECT, &[Some(ex.pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(exemption_files(&mut tx, vec![v]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_change_exemption(&self, actor: &Actor, id: ExemptionId, expected: Version, ex: Exemption) -> Result<ExemptionFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Update, EXEMPTION_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ExemptionId, Exemption>(&mut tx, "exemptions", id.0, ExemptionId, true).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        let was = &cur.record;
        if let Err(e) = register_access(&mut tx, actor, was.municipality, was.pupil, true).await? {
            drop(tx);
            self.refuse(actor, AUDIT, Some(was.pupil)).await?;
            return Err(e);
        }
        if cur.version != expected {
            return Err(StoreError::StaleVersion { current: cur.version });
        }
        for (field, same) in [
            ("pupil", ex.pupil == was.pupil),
            ("municipality", ex.municipality == was.municipality),
            ("ground", ex.ground == was.ground),
            ("notifiedOn", ex.notified_on == was.notified_on),
        ] {
            if !same {
                return Err(StoreError::Conflict(format!("{field}: verandert niet; registreer zo nodig een nieuwe vrijstelling")));
            }
        }
        if !ex.renewals.starts_with(&was.renewals) {
            return Err(StoreError::Conflict("renewals: een ontvangen jaarlijkse kennisgeving wordt niet gewijzigd of verwijderd".into()));
        }
        refused_by_problems(&ex.problems())?;
        let v = insert_exemption(&mut tx, actor, id, Some(expected), &ex).await?;
        write_audit(&mut tx, actor, AuditAction::Update, EXEMPTION_OBJECT, &[Some(ex.pupil)], AuditOutcome::Allowed).await?;
        let file = one_file(exemption_files(&mut tx, vec![v]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_exemption(&self, actor: &Actor, id: ExemptionId, history: bool) -> Result<Vec<ExemptionFile>> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, EXEMPTION_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ExemptionId, Exemption>(&mut tx, "exemptions", id.0, ExemptionId, false).await? else {
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
        let rows = if history { load_versions(&mut tx, "exemptions", id.0, ExemptionId).await? } else { vec![cur] };
        write_audit(&mut tx, actor, AuditAction::Read, EXEMPTION_OBJECT, &[Some(pupil)], AuditOutcome::Allowed).await?;
        let files = exemption_files(&mut tx, rows).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(files)
    }

    async fn do_exemptions(&self, actor: &Actor, filter: ExemptionFilter, page: Page) -> Result<(Vec<ExemptionFile>, u64)> {
        let mut tx = self.tx().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSIONED} FROM exemptions WHERE is_current AND municipality_id = $1 AND ($2 IS NULL OR ground = $2) \
             AND ($3 IS NULL OR (valid_from <= $3 AND (valid_until IS NULL OR valid_until >= $3)))"
        )))
        .bind(actor.org.0)
        .bind(filter.ground.map(|g| g.code()))
        .bind(filter.in_force_on)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let rows: Vec<Versioned<ExemptionId, Exemption>> = decode_all(&rows, ExemptionId)?;
        let names = Names::load(&mut tx, &dedup(rows.iter().map(|r| r.record.pupil)), &[]).await?;
        let mut rows = rows;
        rows.sort_by_key(|r| (names.sort_key(r.record.pupil), r.record.period.start(), r.id));
        let total = rows.len() as u64;
        let shown: Vec<_> = rows.into_iter().skip(usize::try_from(page.offset()).unwrap_or(usize::MAX)).take(usize::try_from(page.limit()).unwrap_or(usize::MAX)).collect();
        let mut audited: Vec<Option<PupilId>> = dedup(shown.iter().map(|r| r.record.pupil)).into_iter().map(Some).collect();
        if audited.is_empty() {
            audited.push(None);
        }
        write_audit(&mut tx, actor, AuditAction::Search, EXEMPTION_OBJECT, &audited, AuditOutcome::Allowed).await?;
        let files = exemption_files(&mut tx, shown).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((files, total))
    }

    /// Every pupil of `ids` must allow `action` to the actor: the first that does not
    /// refuses the call (audited), with `NotFound` or `Forbidden`.
    async fn all_judged(&self, tx: Tx, actor: &Actor, ids: &[Uuid], action: Action, audit: (AuditAction, &str)) -> Result<Tx> {
        let mut tx = tx;
        let judged = judged(&mut tx, actor, ids, action).await?;
        let refused = ids.iter().find(|id| !judged.iter().any(|(p, _, _, d)| p.0 == **id && *d == Decision::Allowed));
        if let Some(id) = refused {
            let forbidden = judged.iter().any(|(p, _, _, d)| p.0 == *id && *d == Decision::Forbidden);
            drop(tx);
            self.refuse(actor, audit, Some(PupilId(*id))).await?;
            return Err(if forbidden {
                StoreError::Forbidden("de relatie van uw organisatie met deze leerling staat dit niet toe".into())
            } else {
                StoreError::NotFound
            });
        }
        Ok(tx)
    }

    async fn do_exemptions_of_pupils(&self, actor: &Actor, ids: &[PupilId]) -> Result<Vec<(ExemptionId, Exemption)>> {
        let ids = dedup(ids.iter().map(|p| p.0));
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.tx().await?;
        let mut tx = self.all_judged(tx, actor, &ids, Action::ReadExemption, (AuditAction::Read, EXEMPTION_OBJECT)).await?;
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let mut q = in_list(format!("SELECT {VERSIONED} FROM exemptions WHERE is_current AND pupil_id IN ("), chunk.iter().copied());
            let rows: Vec<Versioned<ExemptionId, Exemption>> = decode_all(&q.build().fetch_all(&mut *tx).await.map_err(db_err)?, ExemptionId)?;
            out.extend(rows.into_iter().map(|v| (v.id, v.record)));
        }
        out.sort_by_key(|(id, e)| (e.pupil, e.period.start(), *id));
        let audited: Vec<Option<PupilId>> = ids.into_iter().map(|id| Some(PupilId(id))).collect();
        write_audit(&mut tx, actor, AuditAction::Read, EXEMPTION_OBJECT, &audited, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(out)
    }

    async fn do_enrolments_of_pupils(&self, actor: &Actor, ids: &[PupilId]) -> Result<Vec<EnrolmentRow>> {
        let ids = dedup(ids.iter().map(|p| p.0));
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.tx().await?;
        let mut tx = self.all_judged(tx, actor, &ids, Action::Read, (AuditAction::Search, "enrolment")).await?;
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let mut q = in_list(format!("SELECT {VERSIONED} FROM pupil_facts WHERE is_current AND kind = 'enrolment' AND pupil_id IN ("), chunk.iter().copied());
            let facts: Vec<Versioned<FactId, PupilFact>> = decode_all(&q.build().fetch_all(&mut *tx).await.map_err(db_err)?, FactId)?;
            out.extend(facts.into_iter().filter_map(|f| match f.record.fact {
                Fact::Enrolment { school, .. } => Some(EnrolmentRow { pupil: f.record.pupil, school, period: f.record.period }),
                _ => None,
            }));
        }
        out.sort_by_key(|e| (e.pupil, e.period.start(), e.school));
        let audited: Vec<Option<PupilId>> = ids.into_iter().map(|id| Some(PupilId(id))).collect();
        write_audit(&mut tx, actor, AuditAction::Search, "enrolment", &audited, AuditOutcome::Allowed).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(out)
    }
}
