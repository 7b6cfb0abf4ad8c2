// Arrangements of a school: onderwijszorgarrangementen and reduced teaching time, versioned.
// The school records them (a registrator, for pupils enrolled there today); the school and
// its SWV see every pupil named; a municipality sees its residents in them, parents their
// child's own arrangement (never a group's) — each only the pupils it has a relation
// with. Every read, change and refusal is in the audit log of the pupils shown.

use continuum_domain::arrangement::{Arrangement, ArrangementKind};
use continuum_domain::ids::ArrangementId;
use continuum_store::{ArrangementFile, ArrangementFilter};

const ARRANGEMENT_OBJECT: &str = "arrangement";

/// What a reader sees of an arrangement.
enum View {
    /// The pupils it may see, and how many it may not.
    Shown(Vec<PupilId>, u32),
    Hidden,
    /// A relation with a pupil in it, but not one that reads arrangements.
    Forbidden,
}

async fn arrangement_view(tx: &mut Tx, actor: &Actor, a: &Arrangement) -> Result<View> {
    if actor.org == a.school {
        return Ok(View::Shown(a.pupils.clone(), 0));
    }
    if links_for(tx, &[a.school]).await?.swv_of_school(a.school) == Some(actor.org) {
        return Ok(View::Shown(a.pupils.clone(), 0));
    }
    if a.pupils.is_empty() {
        return Ok(View::Hidden);
    }
    let ids = dedup(a.pupils.iter().map(|p| p.0));
    let judged = judged(tx, actor, &ids, Action::ReadArrangement).await?;
    let decision = |p: &PupilId| judged.iter().find(|(id, _, _, _)| id == p).map(|j| j.3);
    let shown: Vec<PupilId> = a.pupils.iter().filter(|p| decision(p) == Some(Decision::Allowed)).copied().collect();
    if shown.is_empty() {
        return Ok(if a.pupils.iter().any(|p| decision(p) == Some(Decision::Forbidden)) { View::Forbidden } else { View::Hidden });
    }
    // Parents see an arrangement for their child alone, not the group it is part of.
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
        .bind(actor.org.0)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?;
    if kind.as_deref() == Some(OrgKind::Ouders.code()) && !matches!(a.kind, ArrangementKind::Individueel | ArrangementKind::OnderwijstijdOntheffing) {
        return Ok(View::Hidden);
    }
    let hidden = u32::try_from(a.pupils.len() - shown.len()).unwrap_or(u32::MAX);
    Ok(View::Shown(shown, hidden))
}

async fn insert_arrangement(tx: &mut Tx, actor: &Actor, id: ArrangementId, expected: Option<Version>, a: &Arrangement) -> Result<Versioned<ArrangementId, Arrangement>> {
    let version = next_version(tx, "arrangements", id.0, expected).await?;
    let at = stamp_of(actor);
    sqlx::query(
        "INSERT INTO arrangements (id, version, school_id, kind, valid_from, valid_until, body, recorded_at, recorded_by, is_current) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.0)
    .bind(version)
    .bind(a.school.0)
    .bind(a.kind.code())
    .bind(a.period.start())
    .bind(until(&a.period))
    .bind(Json(a))
    .bind(at)
    .bind(actor.user_name.clone())
    .bind(true)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    sqlx::query("DELETE FROM arrangement_pupils WHERE arrangement_id = $1").bind(id.0).execute(&mut **tx).await.map_err(db_err)?;
    for p in dedup(a.pupils.iter().copied()) {
        sqlx::query("INSERT INTO arrangement_pupils (arrangement_id, pupil_id) VALUES ($1, $2)").bind(id.0).bind(p.0).execute(&mut **tx).await.map_err(db_err)?;
    }
    Ok(Versioned { id, version: Version(version), recorded_at: at, recorded_by: actor.user_name.clone(), record: a.clone() })
}

/// The files of arrangement versions as the actor sees them (each already judged).
async fn arrangement_files(tx: &mut Tx, rows: Vec<(Versioned<ArrangementId, Arrangement>, Vec<PupilId>, u32)>) -> Result<Vec<ArrangementFile>> {
    let pupils = dedup(rows.iter().flat_map(|(_, shown, _)| shown.iter().copied()));
    let names = Names::load(tx, &pupils, &dedup(rows.iter().map(|(v, _, _)| v.record.school))).await?;
    Ok(rows
        .into_iter()
        .map(|(mut v, shown, hidden)| {
            let school_name = names.org(v.record.school);
            let pupil_names = shown.iter().map(|p| names.pupil_name(*p)).collect();
            v.record.pupils = shown;
            ArrangementFile { arrangement: v, school_name, pupil_names, hidden_pupils: hidden }
        })
        .collect())
}

fn audited_pupils<'a>(pupils: impl IntoIterator<Item = &'a PupilId>) -> Vec<Option<PupilId>> {
    let mut out: Vec<Option<PupilId>> = dedup(pupils.into_iter().copied()).into_iter().map(Some).collect();
    if out.is_empty() {
        out.push(None);
    }
    out
}

impl SqlStore {
    /// Checks a new version of an arrangement by the actor: its own school, a registrator,
    /// the structure, the partners, and every pupil enrolled at the school today.
    async fn check_arrangement_write(&self, tx: Tx, actor: &Actor, a: &Arrangement, audit: (AuditAction, &str)) -> Result<Tx> {
        let mut tx = tx;
        if a.school != actor.org {
            drop(tx);
            self.refuse(actor, audit, a.pupils.first().copied()).await?;
            return Err(StoreError::Forbidden("u legt alleen arrangementen van uw eigen school vast".into()));
        }
        if !actor.role.may_write() {
            drop(tx);
            self.refuse(actor, audit, a.pupils.first().copied()).await?;
            return Err(StoreError::Forbidden(format!("uw rol ({}) mag geen arrangementen vastleggen", actor.role.label())));
        }
        require_org(&mut tx, a.school, OrgKind::School, "school").await?;
        refused_by_problems(&a.problems())?;
        for (i, p) in a.partners.iter().enumerate() {
            let found: Option<String> = sqlx::query_scalar("SELECT kind FROM organisations WHERE id = $1 AND is_current")
                .bind(p.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(db_err)?;
            if found.is_none() {
                return Err(StoreError::Conflict(format!("partners[{i}]: organisatie {p} bestaat niet")));
            }
        }
        let ids = dedup(a.pupils.iter().map(|p| p.0));
        if ids.is_empty() {
            return Ok(tx);
        }
        self.all_judged(tx, actor, &ids, Action::WriteArrangement, audit).await
    }

    async fn do_create_arrangement(&self, actor: &Actor, id: ArrangementId, a: Arrangement) -> Result<ArrangementFile> {
        let tx = self.tx().await?;
        let mut tx = self.check_arrangement_write(tx, actor, &a, (AuditAction::Create, ARRANGEMENT_OBJECT)).await?;
        let v = insert_arrangement(&mut tx, actor, id, None, &a).await?;
        write_audit(&mut tx, actor, AuditAction::Create, ARRANGEMENT_OBJECT, &audited_pupils(&a.pupils), AuditOutcome::Allowed).await?;
        let shown = a.pupils.clone();
        let file = one_file(arrangement_files(&mut tx, vec![(v, shown, 0)]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_change_arrangement(&self, actor: &Actor, id: ArrangementId, expected: Version, a: Arrangement) -> Result<ArrangementFile> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Update, ARRANGEMENT_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ArrangementId, Arrangement>(&mut tx, "arrangements", id.0, ArrangementId, true).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        if cur.record.school != actor.org {
            let view = arrangement_view(&mut tx, actor, &cur.record).await?;
            drop(tx);
            self.refuse(actor, AUDIT, cur.record.pupils.first().copied()).await?;
            return Err(match view {
                View::Shown(..) => StoreError::Forbidden("alleen de school legt haar arrangementen vast".into()),
                View::Forbidden => StoreError::Forbidden("de relatie van uw organisatie met deze leerling geeft geen inzage in arrangementen".into()),
                View::Hidden => StoreError::NotFound,
            });
        }
        if cur.version != expected {
            return Err(StoreError::StaleVersion { current: cur.version });
        }
        if a.school != cur.record.school || a.kind != cur.record.kind {
            return Err(StoreError::Conflict("kind: de school en de soort van een arrangement veranderen niet; leg zo nodig een nieuw arrangement vast".into()));
        }
        let mut tx = self.check_arrangement_write(tx, actor, &a, AUDIT).await?;
        let v = insert_arrangement(&mut tx, actor, id, Some(expected), &a).await?;
        write_audit(&mut tx, actor, AuditAction::Update, ARRANGEMENT_OBJECT, &audited_pupils(&a.pupils), AuditOutcome::Allowed).await?;
        let shown = a.pupils.clone();
        let file = one_file(arrangement_files(&mut tx, vec![(v, shown, 0)]).await?)?;
        tx.commit().await.map_err(db_err)?;
        Ok(file)
    }

    async fn do_arrangement(&self, actor: &Actor, id: ArrangementId, history: bool) -> Result<Vec<ArrangementFile>> {
        const AUDIT: (AuditAction, &str) = (AuditAction::Read, ARRANGEMENT_OBJECT);
        let mut tx = self.tx().await?;
        let Some(cur) = load_current::<ArrangementId, Arrangement>(&mut tx, "arrangements", id.0, ArrangementId, false).await? else {
            drop(tx);
            self.refuse(actor, AUDIT, None).await?;
            return Err(StoreError::NotFound);
        };
        let shown = match arrangement_view(&mut tx, actor, &cur.record).await? {
            View::Shown(shown, _) => shown,
            refused => {
                drop(tx);
                self.refuse(actor, AUDIT, cur.record.pupils.first().copied()).await?;
                return Err(match refused {
                    View::Forbidden => StoreError::Forbidden("de relatie van uw organisatie met deze leerling geeft geen inzage in arrangementen".into()),
                    _ => StoreError::NotFound,
                });
            }
        };
        let versions = if history { load_versions(&mut tx, "arrangements", id.0, ArrangementId).await? } else { vec![cur] };
        let mut rows = Vec::new();
        let mut audited = shown;
        for v in versions {
            // Each version as this reader may see it; a version it sees nothing of is left out.
            if let View::Shown(s, hidden) = arrangement_view(&mut tx, actor, &v.record).await? {
                audited.extend(s.iter().copied());
                rows.push((v, s, hidden));
            }
        }
        write_audit(&mut tx, actor, AuditAction::Read, ARRANGEMENT_OBJECT, &audited_pupils(&audited), AuditOutcome::Allowed).await?;
        let files = arrangement_files(&mut tx, rows).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(files)
    }

    async fn do_arrangements(&self, actor: &Actor, filter: ArrangementFilter, page: Page) -> Result<(Vec<ArrangementFile>, u64)> {
        let mut tx = self.tx().await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {VERSIONED} FROM arrangements WHERE is_current AND (school_id = $1 \
               OR school_id IN (SELECT id FROM organisations WHERE is_current AND swv_id = $1) \
               OR id IN (SELECT arrangement_id FROM arrangement_pupils WHERE pupil_id IN ({CANDIDATES})))"
        )))
        .bind(actor.org.0)
        .bind(actor.today)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let rows: Vec<Versioned<ArrangementId, Arrangement>> = decode_all(&rows, ArrangementId)?;
        let mut seen = Vec::new();
        for v in rows {
            let a = &v.record;
            if filter.school.is_some_and(|s| s != a.school)
                || filter.pupil.is_some_and(|p| !a.pupils.contains(&p))
                || filter.kind.is_some_and(|k| k != a.kind)
                || filter.in_force_on.is_some_and(|d| !a.period.contains(d))
            {
                continue;
            }
            if let View::Shown(shown, hidden) = arrangement_view(&mut tx, actor, a).await? {
                seen.push((v, shown, hidden));
            }
        }
        seen.sort_by_key(|(v, _, _)| (std::cmp::Reverse(v.record.period.start()), v.id));
        let total = seen.len() as u64;
        let shown: Vec<_> = seen.into_iter().skip(usize::try_from(page.offset()).unwrap_or(usize::MAX)).take(usize::try_from(page.limit()).unwrap_or(usize::MAX)).collect();
        let audited = audited_pupils(shown.iter().flat_map(|(_, s, _)| s.iter()));
        write_audit(&mut tx, actor, AuditAction::Search, ARRANGEMENT_OBJECT, &audited, AuditOutcome::Allowed).await?;
        let files = arrangement_files(&mut tx, shown).await?;
        tx.commit().await.map_err(db_err)?;
        Ok((files, total))
    }
}
