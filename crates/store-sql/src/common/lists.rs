// Lists of pupils: a school's pupils on a date, and the pupils of the acting organisation.
// Both judge every pupil with `continuum_domain::access` on the actor's today — a list's
// date only selects enrolments, it never widens who may be seen.

/// Candidate pupils for an organisation: every way a relation can start (see
/// `continuum_domain::access::relations`). The domain rule then decides on each.
const CANDIDATES: &str = "\
    SELECT f.pupil_id AS id FROM pupil_facts f WHERE f.is_current AND f.org_id = $1 \
      AND f.valid_from <= $2 AND (f.valid_until IS NULL OR f.valid_until >= $2) \
    UNION SELECT p.id FROM pupils p WHERE p.is_current AND (p.municipality_id = $1 OR p.insurer_id = $1) \
    UNION SELECT f.pupil_id FROM pupil_facts f JOIN organisations s ON s.id = f.org_id AND s.is_current \
      WHERE f.is_current AND f.kind = 'enrolment' AND s.swv_id = $1 \
      AND f.valid_from <= $2 AND (f.valid_until IS NULL OR f.valid_until >= $2) \
    UNION SELECT p.id FROM pupils p JOIN organisations m ON m.id = p.municipality_id AND m.is_current \
      WHERE p.is_current AND m.zorgkantoor_id = $1";

/// The pupils among `ids` that the actor may read today, with their current facts.
async fn readable(tx: &mut Tx, actor: &Actor, ids: &[Uuid]) -> Result<Vec<(PupilId, Pupil, Vec<PupilFact>)>> {
    Ok(judged(tx, actor, ids, Action::Read)
        .await?
        .into_iter()
        .filter(|(_, _, _, d)| *d == Decision::Allowed)
        .map(|(id, p, facts, _)| (id, p, facts))
        .collect())
}

/// The pupils among `ids` that exist, with their current facts and the decision on
/// `action` for the actor today.
async fn judged(tx: &mut Tx, actor: &Actor, ids: &[Uuid], action: Action) -> Result<Vec<(PupilId, Pupil, Vec<PupilFact>, Decision)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let in_list = |sql: String| {
            let mut q = QueryBuilder::<Db>::new(sql);
            let mut sep = q.separated(", ");
            for id in chunk {
                sep.push_bind(*id);
            }
            sep.push_unseparated(")");
            q
        };
        let mut q = in_list(format!("SELECT {VERSIONED} FROM pupils WHERE is_current AND id IN ("));
        let pupils: Vec<Versioned<PupilId, Pupil>> = decode_all(&q.build().fetch_all(&mut **tx).await.map_err(db_err)?, PupilId)?;
        let mut q = in_list(format!("SELECT {VERSIONED} FROM pupil_facts WHERE is_current AND pupil_id IN ("));
        let facts: Vec<Versioned<FactId, PupilFact>> = decode_all(&q.build().fetch_all(&mut **tx).await.map_err(db_err)?, FactId)?;
        let mut by_pupil: HashMap<PupilId, Vec<PupilFact>> = HashMap::new();
        for f in facts {
            by_pupil.entry(f.record.pupil).or_default().push(f.record);
        }
        let links = links_for(tx, &linked_orgs(pupils.iter().map(|p| &p.record), by_pupil.values().flatten())).await?;
        for p in pupils {
            let facts = by_pupil.remove(&p.id).unwrap_or_default();
            let rel = access::relations(&p.record, &facts, &links, actor.today);
            let decision = access::decide(actor.org, actor.role, &rel, action, None);
            out.push((p.id, p.record, facts, decision));
        }
    }
    Ok(out)
}

fn row(id: PupilId, p: Pupil, class: Option<ClassId>, class_name: Option<String>) -> PupilRow {
    PupilRow { id, given_name: p.given_name, family_name: p.family_name, birth_date: p.birth_date, class, class_name }
}

/// Sorts, pages, audits the pupils shown (one `search` entry even when none are) and commits.
async fn finish_list(mut tx: Tx, actor: &Actor, object: &str, mut rows: Vec<PupilRow>, page: Page) -> Result<(Vec<PupilRow>, u64)> {
    rows.sort_by(|a, b| {
        let class = match (a.class_name.as_deref(), b.class_name.as_deref()) {
            (Some(x), Some(y)) => natural_cmp(x, y),
            (x, y) => x.cmp(&y),
        };
        class.then_with(|| (&a.family_name, &a.given_name, a.id).cmp(&(&b.family_name, &b.given_name, b.id)))
    });
    let total = rows.len() as u64;
    let shown: Vec<PupilRow> = rows.into_iter().skip(page.offset() as usize).take(page.limit() as usize).collect();
    let mut audited: Vec<Option<PupilId>> = shown.iter().map(|r| Some(r.id)).collect();
    if audited.is_empty() {
        audited.push(None);
    }
    write_audit(&mut tx, actor, AuditAction::Search, object, &audited, AuditOutcome::Allowed).await?;
    tx.commit().await.map_err(db_err)?;
    Ok((shown, total))
}

impl SqlStore {
    async fn do_pupils_of_school(&self, actor: &Actor, school: OrgId, on: Date, page: Page) -> Result<(Vec<PupilRow>, u64)> {
        let mut tx = self.tx().await?;
        let enrolled = sqlx::query(
            "SELECT f.pupil_id, f.class_id, c.name AS class_name FROM pupil_facts f \
             LEFT JOIN classes c ON c.id = f.class_id AND c.is_current \
             WHERE f.is_current AND f.kind = 'enrolment' AND f.org_id = $1 \
               AND f.valid_from <= $2 AND (f.valid_until IS NULL OR f.valid_until >= $2)",
        )
        .bind(school.0)
        .bind(on)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        let mut class_of: HashMap<Uuid, (Option<ClassId>, Option<String>)> = HashMap::new();
        for r in &enrolled {
            let id: Uuid = r.try_get("pupil_id").map_err(db_err)?;
            let class = r.try_get::<Option<Uuid>, _>("class_id").map_err(db_err)?.map(ClassId);
            class_of.insert(id, (class, r.try_get("class_name").map_err(db_err)?));
        }
        let ids: Vec<Uuid> = class_of.keys().copied().collect();
        let rows = readable(&mut tx, actor, &ids)
            .await?
            .into_iter()
            .map(|(id, p, _)| {
                let (class, name) = class_of.remove(&id.0).unwrap_or((None, None));
                row(id, p, class, name)
            })
            .collect();
        finish_list(tx, actor, "school_pupils", rows, page).await
    }

    async fn do_pupils_of_actor(&self, actor: &Actor, page: Page) -> Result<(Vec<PupilRow>, u64)> {
        let mut tx = self.tx().await?;
        let ids: Vec<Uuid> = sqlx::query_scalar(CANDIDATES).bind(actor.org.0).bind(actor.today).fetch_all(&mut *tx).await.map_err(db_err)?;
        let rows = readable(&mut tx, actor, &ids)
            .await?
            .into_iter()
            .map(|(id, p, facts)| {
                let class = facts.iter().find_map(|f| match f.fact {
                    Fact::Enrolment { class, .. } if f.period.contains(actor.today) => class,
                    _ => None,
                });
                row(id, p, class, None)
            })
            .collect();
        finish_list(tx, actor, "my_pupils", rows, page).await
    }
}
