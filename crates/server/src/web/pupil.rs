use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::rules::ReasonRow;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::register::{Fact, FactKind, PupilFact};
use continuum_store::HistoryItem;
use std::collections::HashMap;
use uuid::Uuid;

pub struct FactRow {
    pub what: String,
    pub organisation: String,
    pub period: String,
    pub current: bool,
    pub version: i64,
}

pub struct Section {
    pub title: String,
    pub rows: Vec<FactRow>,
}

/// The leerplicht status from the rules engine, with its reasoning.
pub struct LeerplichtView {
    pub summary: String,
    pub steps: Vec<ReasonRow>,
}

pub struct HistoryRow {
    pub at: String,
    pub by: String,
    pub subject: String,
    pub version: i64,
    pub summary: String,
}

/// One absence record as the page shows it.
pub struct AbsenceRow {
    pub date: String,
    /// Hours in Dutch notation: `5,5`.
    pub hours: String,
    pub kind: String,
    /// The ground of authorised absence with its article, or empty.
    pub ground: String,
}

#[derive(Template)]
#[template(path = "pupil.html")]
struct PupilPage {
    chrome: Chrome,
    id: String,
    name: String,
    pgn_masked: String,
    birth_date: String,
    municipality: String,
    insurer: String,
    relations: Vec<String>,
    /// Parents and a beheerder may download the audit log.
    can_export_audit: bool,
    leerplicht: Result<LeerplichtView, String>,
    aan_zet: Vec<crate::aan_zet::AanZetRow>,
    sections: Vec<Section>,
    /// The absence records, newest first; `None` when the actor's relation does not see
    /// absence (then the section is left out).
    absences: Option<Vec<AbsenceRow>>,
    /// The school's registrator records absence here: today, and the grounds of leave.
    record_absence: Option<(String, Vec<(String, String)>)>,
    /// Exemptions and arrangements, when the actor's relation reads them.
    register: Option<super::exemption::PupilSection>,
    history: Vec<HistoryRow>,
}

/// Leerplicht status on `on` from the birth date (Leerplichtwet 1969 art. 3, 4a, 4b).
/// School years attended and diplomas are not in the register yet; the rule then assumes
/// none, which can only make the end date later, never earlier.
fn leerplicht_view(
    birth_date: chrono::NaiveDate,
    on: chrono::NaiveDate,
) -> Result<LeerplichtView, String> {
    use continuum_rules::leerplichtwet::{LeerplichtFacts, Status, leerplicht_status};
    let params = crate::rules::params().map_err(|e| e.to_string())?;
    let facts = LeerplichtFacts {
        birth_date,
        ..LeerplichtFacts::default()
    };
    let mut trace = continuum_rules::Trace::default();
    let answer = leerplicht_status(&facts, on, params, &mut trace).map_err(|e| e.to_string())?;
    let until = |d: Option<chrono::NaiveDate>| {
        d.map(|d| format!(" tot en met {}", nl_date(d)))
            .unwrap_or_default()
    };
    let summary = match answer.status {
        Status::NogNietLeerplichtig => format!(
            "Nog niet leerplichtig; leerplichtig vanaf {}",
            nl_date(answer.leerplicht.start())
        ),
        Status::Leerplichtig => format!("Leerplichtig{}", until(answer.leerplicht.end())),
        Status::Kwalificatieplichtig => {
            format!("Kwalificatieplichtig{}", until(answer.period.end()))
        }
        Status::NietMeer => "Niet meer leerplichtig of kwalificatieplichtig".to_owned(),
    };
    let steps = trace
        .steps
        .into_iter()
        .map(|s| ReasonRow::from_step(s, on))
        .collect();
    Ok(LeerplichtView { summary, steps })
}

fn period_text(f: &PupilFact) -> String {
    match f.period.end() {
        Some(e) => format!("{} t/m {}", nl_date(f.period.start()), nl_date(e)),
        None => format!("vanaf {}", nl_date(f.period.start())),
    }
}

fn describe(f: &PupilFact, classes: &HashMap<Uuid, String>) -> String {
    match &f.fact {
        Fact::Enrolment { class, .. } => match class.and_then(|c| classes.get(&c.0)) {
            Some(name) => format!("Ingeschreven, klas {name}"),
            None => "Ingeschreven".to_owned(),
        },
        Fact::Tlv { category, emb, .. } => format!(
            "TLV categorie {}{}",
            category.code(),
            if *emb { ", EMB" } else { "" }
        ),
        Fact::Indication {
            law,
            delivery,
            category,
            hours_per_week,
            hours_in_school_time,
            ..
        } => format!(
            "{}: {} — {} uur per week, waarvan {} in schooltijd ({})",
            law.label(),
            category.label(),
            hours_per_week,
            hours_in_school_time,
            delivery.code().to_uppercase()
        ),
        Fact::Need {
            category,
            mode,
            required_qualification,
            blocks,
        } => format!(
            "{} ({}){}{}",
            category.label(),
            match mode {
                continuum_domain::register::NeedMode::Individual => "individueel",
                continuum_domain::register::NeedMode::Group => "in een groep",
            },
            required_qualification
                .as_ref()
                .map(|q| format!(", vraagt kwalificatie '{}'", q.as_str()))
                .unwrap_or_default(),
            if blocks.is_empty() {
                String::new()
            } else {
                let times: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
                format!("; op {}", times.join(", "))
            }
        ),
        Fact::ProviderAssignment { .. } => "Levert zorg aan deze leerling".to_owned(),
        Fact::Guardianship { .. } => "Ouders of verzorgers".to_owned(),
    }
}

async fn org_name(
    state: &AppState,
    id: Option<OrgId>,
    cache: &mut HashMap<OrgId, String>,
) -> String {
    let Some(id) = id else { return String::new() };
    if let Some(n) = cache.get(&id) {
        return n.clone();
    }
    let n = state
        .store
        .organisation(id)
        .await
        .map(|o| o.record.name)
        .unwrap_or_else(|_| "(onbekend)".into());
    cache.insert(id, n.clone());
    n
}

pub async fn file(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "dossier inzien")
        .await;
    let file = state.store.pupil_file(&actor, PupilId(id)).await?;
    let history = state.store.pupil_history(&actor, PupilId(id)).await?;
    let mut names = HashMap::new();
    let mut classes = HashMap::new();
    for f in &file.facts {
        if let Fact::Enrolment {
            school,
            class: Some(_),
        } = f.record.fact
        {
            for c in state.store.classes_of_school(school).await? {
                classes.insert(
                    c.id.0,
                    format!("{} ({})", c.record.name, c.record.school_year.label()),
                );
            }
        }
    }
    let mut sections = Vec::new();
    for kind in FactKind::ALL {
        let mut rows = Vec::new();
        for f in file.facts.iter().filter(|f| f.record.fact.kind() == kind) {
            rows.push(FactRow {
                what: describe(&f.record, &classes),
                organisation: org_name(&state, f.record.fact.organisation(), &mut names).await,
                period: period_text(&f.record),
                current: f.record.period.contains(actor.today),
                version: f.version.0,
            });
        }
        let title = match kind {
            FactKind::Enrolment => "Inschrijvingen",
            FactKind::Tlv => "Toelaatbaarheidsverklaringen (TLV)",
            FactKind::Indication => "Indicaties",
            FactKind::Need => "Ondersteuningsbehoeften in schooltijd",
            FactKind::ProviderAssignment => "Zorgaanbieders",
            FactKind::Guardianship => "Ouders of verzorgers",
        };
        sections.push(Section {
            title: title.to_owned(),
            rows,
        });
    }
    let p = &file.pupil.record;
    let municipality = org_name(&state, Some(p.municipality), &mut names).await;
    let insurer = org_name(&state, p.insurer, &mut names).await;
    let history = history
        .into_iter()
        .map(|h| match h {
            HistoryItem::Pupil(v) => HistoryRow {
                at: v.recorded_at.format("%d-%m-%Y %H:%M").to_string(),
                by: v.recorded_by,
                subject: "Leerling".into(),
                version: v.version.0,
                summary: format!(
                    "{}, woont in {}",
                    v.record.full_name(),
                    names
                        .get(&v.record.municipality)
                        .cloned()
                        .unwrap_or_default()
                ),
            },
            HistoryItem::Fact(v) => HistoryRow {
                at: v.recorded_at.format("%d-%m-%Y %H:%M").to_string(),
                by: v.recorded_by,
                subject: v.record.fact.kind().label().into(),
                version: v.version.0,
                summary: format!(
                    "{} ({})",
                    describe(&v.record, &classes),
                    period_text(&v.record)
                ),
            },
        })
        .collect();
    let aan_zet = crate::aan_zet::answers(&state, &file, actor.today).await;
    let absences = if file.relations.iter().any(|r| r.reads_absence()) {
        let records = state.store.absences_of_pupil(&actor, PupilId(id)).await?;
        Some(records.into_iter().map(absence_row).collect())
    } else {
        None
    };
    let register = super::exemption::pupil_section(&state, &actor, &file).await?;
    let chrome = Chrome::of(&state, &me).await;
    html(&PupilPage {
        chrome,
        id: id.to_string(),
        name: p.full_name(),
        pgn_masked: p.pgn.masked(),
        can_export_audit: continuum_domain::access::may_export_audit(me.user.role, &file.relations),
        birth_date: nl_date(p.birth_date),
        municipality,
        insurer: if insurer.is_empty() {
            "onbekend".into()
        } else {
            insurer
        },
        relations: file
            .relations
            .iter()
            .map(|r| r.label().to_owned())
            .collect(),
        leerplicht: leerplicht_view(p.birth_date, actor.today),
        aan_zet,
        sections,
        absences,
        record_absence: (me.user.role.may_write()
            && file
                .relations
                .contains(&continuum_domain::access::Relation::SchoolOfEnrolment))
        .then(|| {
            (
                actor.today.to_string(),
                continuum_domain::absence::LeaveGround::ALL
                    .into_iter()
                    .map(|g| {
                        (
                            g.code().to_owned(),
                            format!("{}: {}", g.article_nl(), g.label_nl()),
                        )
                    })
                    .collect(),
            )
        }),
        register,
        history,
    })
}

#[derive(serde::Deserialize)]
pub struct AbsenceForm {
    csrf: String,
    datum: chrono::NaiveDate,
    soort: String,
    minuten: u16,
    #[serde(default)]
    grond: String,
}

/// `POST /leerlingen/{id}/verzuim`: the school records one absence.
pub async fn record_absence(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<AbsenceForm>,
) -> Result<axum::response::Response, WebError> {
    use continuum_domain::absence::{Absence, AbsenceKind, LeaveGround};
    super::check_csrf(&form.csrf, &me)?;
    if !(1..=1440).contains(&form.minuten) {
        return Err(WebError::BadRequest(
            "minuten: vul hele minuten in, 1 tot en met 1440".into(),
        ));
    }
    let ground = match form.grond.trim() {
        "" => None,
        g => Some(
            LeaveGround::parse(g)
                .ok_or_else(|| WebError::BadRequest("grond: onbekend artikel".into()))?,
        ),
    };
    let kind = AbsenceKind::parse(&form.soort, ground).ok_or_else(|| {
        WebError::BadRequest(
            "soort: een reden (artikel) hoort alleen bij geoorloofd verzuim".into(),
        )
    })?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "verzuim vastleggen")
        .await;
    state
        .store
        .record_absences(
            &actor,
            vec![(
                PupilId(id),
                Absence {
                    date: form.datum,
                    minutes: form.minuten,
                    kind,
                },
            )],
        )
        .await?;
    Ok(axum::response::Redirect::to(&format!("/leerlingen/{id}#verzuim")).into_response())
}

fn absence_row(a: continuum_domain::absence::Absence) -> AbsenceRow {
    use continuum_domain::absence::hours_nl;
    AbsenceRow {
        date: nl_date(a.date),
        hours: hours_nl(u32::from(a.minutes)),
        kind: a.kind.label_nl().to_owned(),
        ground: a
            .kind
            .ground()
            .map(|g| format!("{} (Leerplichtwet {})", g.label_nl(), g.article_nl()))
            .unwrap_or_default(),
    }
}

/// The pupil's audit log as CSV, for a parent's data-access request.
pub async fn audit_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "auditlog exporteren (inzageverzoek)",
        )
        .await;
    let entries = state.store.audit_of_pupil(&actor, PupilId(id)).await?;
    let mut out = String::from(
        "tijdstip;gebruiker;organisatie;rol;handeling;onderdeel;doel;resultaat;herkomst\n",
    );
    // No separators or line breaks inside a cell, and no cell a spreadsheet would run as
    // a formula (=, +, -, @ at the start).
    let clean = |s: &str| {
        let s = s.replace([';', '\n', '\r'], " ");
        if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s
        }
    };
    for e in entries {
        out.push_str(&format!(
            "{};{};{};{};{};{};{};{};{}\n",
            e.at.to_rfc3339(),
            clean(&e.user_name),
            clean(&e.organisation_name),
            e.role.map(|r| r.code()).unwrap_or(""),
            e.action.label(),
            clean(&e.object),
            clean(&e.purpose),
            match e.outcome {
                continuum_store::AuditOutcome::Allowed => "toegestaan",
                continuum_store::AuditOutcome::Refused => "geweigerd",
            },
            clean(&e.origin)
        ));
    }
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"auditlog.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}
