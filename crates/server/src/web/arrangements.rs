//! Arrangements of a school (`/scholen/{id}/arrangementen`, also as CSV): the list with
//! reminders before an arrangement or permission ends, a form for a new one, and one
//! arrangement with its history and the renewal of its permission (`/arrangementen/{id}`).

use super::check_csrf;
use super::forms::{form_date, form_hours, form_opt_date, form_period};
use super::verzuim::period_nl;
use super::{Chrome, WebError, WebUser, html, nl_date};
use crate::AppState;
use crate::arrangements as glue;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use continuum_domain::arrangement::{Arrangement, ArrangementKind, Permission, ReducedTime};
use continuum_domain::ids::{ArrangementId, OrgId, PupilId};
use continuum_domain::period::Period;
use continuum_domain::register::{OrgDetails, OrgKind, SchoolType, Version};
use continuum_rules::passend_onderwijs::legal_basis;
use continuum_store::{ArrangementFile, ArrangementFilter, Page};
use uuid::Uuid;

pub struct ArrangementRow {
    pub id: String,
    pub kind: String,
    pub pupils: String,
    pub period: String,
    pub permission: String,
    pub description: String,
}

fn pupils_text(f: &ArrangementFile) -> String {
    let mut names = f.pupil_names.join(", ");
    if f.hidden_pupils > 0 {
        if !names.is_empty() {
            names.push_str(", ");
        }
        names.push_str(&format!("en {} andere leerling(en)", f.hidden_pupils));
    }
    if names.is_empty() {
        "de hele school".into()
    } else {
        names
    }
}

fn permission_text(a: &Arrangement) -> String {
    match &a.reduced_time {
        None => String::new(),
        Some(r) => {
            let last = r.permissions.iter().max_by_key(|p| p.period.start());
            let hours = format!("{} uur onderwijs per week", r.teaching_hours_per_week);
            match last {
                Some(p) => format!(
                    "{hours}; toestemming {} ({})",
                    p.reference,
                    period_nl(p.period.start(), p.period.end())
                ),
                None => hours,
            }
        }
    }
}

impl From<&ArrangementFile> for ArrangementRow {
    fn from(f: &ArrangementFile) -> Self {
        let a = &f.arrangement.record;
        ArrangementRow {
            id: f.arrangement.id.to_string(),
            kind: a.kind.label_nl().to_owned(),
            pupils: pupils_text(f),
            period: period_nl(a.period.start(), a.period.end()),
            permission: permission_text(a),
            description: a.description.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "school_arrangements.html")]
struct SchoolPage {
    chrome: Chrome,
    school_id: String,
    school_name: String,
    may_write: bool,
    rows: Vec<ArrangementRow>,
    reminders: Vec<(String, String, String)>,
    kinds: Vec<(String, String)>,
    pupils: Vec<(String, String)>,
    partners: Vec<(String, String)>,
    school_type: String,
}

/// The school, when the user works for it or for its SWV; otherwise not found.
async fn school_for(
    state: &AppState,
    me: &crate::auth::SignedIn,
    id: Uuid,
) -> Result<(OrgId, String, Option<SchoolType>), WebError> {
    let school = state
        .store
        .organisation(OrgId(id))
        .await
        .map_err(|_| WebError::NotFound)?;
    let OrgDetails::School {
        swv, school_type, ..
    } = school.record.details
    else {
        return Err(WebError::NotFound);
    };
    if me.user.org != school.id && me.user.org != swv {
        return Err(WebError::NotFound);
    }
    Ok((school.id, school.record.name, Some(school_type)))
}

/// `GET /scholen/{id}/arrangementen`.
pub async fn school_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let (school, school_name, school_type) = school_for(&state, &me, id).await?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangementen bekijken")
        .await;
    let filter = ArrangementFilter {
        school: Some(school),
        ..ArrangementFilter::default()
    };
    let (files, _) = state
        .store
        .arrangements(&actor, filter, Page::all())
        .await?;
    let reminders = glue::reminders(&files, &actor)?
        .into_iter()
        .map(|r| {
            let name = files
                .iter()
                .find(|f| f.arrangement.id == r.arrangement)
                .map(pupils_text)
                .unwrap_or_default();
            (r.arrangement.to_string(), name, r.message)
        })
        .collect();
    let may_write = me.user.org == school && me.user.role.may_write();
    let (pupils, partners) = if may_write {
        let (rows, _) = state
            .store
            .pupils_of_school(&actor, school, actor.today, Page::all())
            .await?;
        let pupils = rows
            .into_iter()
            .map(|r| {
                (
                    r.id.to_string(),
                    format!("{} {}", r.given_name, r.family_name),
                )
            })
            .collect();
        let (orgs, _) = state.store.organisations(None, Page::all()).await?;
        let partners = orgs
            .into_iter()
            .filter(|o| {
                matches!(
                    o.record.details.kind(),
                    OrgKind::Swv
                        | OrgKind::Schoolbestuur
                        | OrgKind::Zorgaanbieder
                        | OrgKind::Gemeente
                        | OrgKind::Zorgkantoor
                )
            })
            .map(|o| (o.id.to_string(), o.record.name))
            .collect();
        (pupils, partners)
    } else {
        (Vec::new(), Vec::new())
    };
    let chrome = Chrome::of(&state, &me).await;
    html(&SchoolPage {
        chrome,
        school_id: school.to_string(),
        school_name,
        may_write,
        rows: files.iter().map(ArrangementRow::from).collect(),
        reminders,
        kinds: ArrangementKind::ALL
            .into_iter()
            .map(|k| (k.code().to_owned(), k.label_nl().to_owned()))
            .collect(),
        pupils,
        partners,
        school_type: school_type.map(|t| t.code().to_owned()).unwrap_or_default(),
    })
}

/// `GET /scholen/{id}/arrangementen.csv`.
pub async fn school_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let (school, _, _) = school_for(&state, &me, id).await?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangementen exporteren")
        .await;
    let filter = ArrangementFilter {
        school: Some(school),
        ..ArrangementFilter::default()
    };
    let (files, _) = state
        .store
        .arrangements(&actor, filter, Page::all())
        .await?;
    let body = arrangements_csv(&files).map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"arrangementen.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The columns of `arrangementen.csv` (docs/formats/vrijstellingen.md).
pub fn arrangements_csv(files: &[ArrangementFile]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| e.to_string();
    w.write_record([
        "arrangement_id",
        "soort",
        "school",
        "leerling_ids",
        "leerlingen",
        "andere_leerlingen",
        "van",
        "tot_en_met",
        "omschrijving",
        "uren_onderwijs_per_week",
        "toestemming_kenmerk",
        "toestemming_tot_en_met",
        "grondslag",
    ])
    .map_err(err)?;
    for f in files {
        let a = &f.arrangement.record;
        let last = a
            .reduced_time
            .as_ref()
            .and_then(|r| r.permissions.iter().max_by_key(|p| p.period.start()));
        w.write_record([
            f.arrangement.id.to_string(),
            a.kind.code().to_owned(),
            f.school_name.clone(),
            a.pupils
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(";"),
            f.pupil_names.join(";"),
            f.hidden_pupils.to_string(),
            a.period.start().to_string(),
            a.period.end().map(|d| d.to_string()).unwrap_or_default(),
            a.description.clone(),
            a.reduced_time
                .as_ref()
                .map(|r| r.teaching_hours_per_week.to_string().replace(',', "."))
                .unwrap_or_default(),
            last.map(|p| p.reference.clone()).unwrap_or_default(),
            last.and_then(|p| p.period.end())
                .map(|d| d.to_string())
                .unwrap_or_default(),
            legal_basis(a).to_string(),
        ])
        .map_err(err)?;
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// The value of a form field (the last one when repeated), or empty.
fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .rev()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

fn uuids(form: &[(String, String)], name: &str) -> Result<Vec<Uuid>, WebError> {
    form.iter()
        .filter(|(k, v)| k == name && !v.is_empty())
        .map(|(_, v)| {
            Uuid::parse_str(v).map_err(|_| WebError::BadRequest("Onbekende keuze.".into()))
        })
        .collect()
}

/// `POST /scholen/{id}/arrangementen`: a new arrangement (checked by the rules engine).
pub async fn create(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(field(&form, "csrf"), &me)?;
    let kind = ArrangementKind::parse(field(&form, "soort"))
        .ok_or_else(|| WebError::BadRequest("Kies de soort arrangement.".into()))?;
    let period = form_period(field(&form, "van"), field(&form, "tot"))?;
    let reduced_time = if kind == ArrangementKind::OnderwijstijdOntheffing {
        let school_type = SchoolType::parse(field(&form, "schooltype"))
            .ok_or_else(|| WebError::BadRequest("Kies de soort school.".into()))?;
        let permission = Permission {
            period: form_period(field(&form, "t_van"), field(&form, "t_tot"))?,
            granted_on: form_date(field(&form, "t_verleend"), "de datum van het besluit")?,
            reference: field(&form, "t_kenmerk").trim().to_owned(),
        };
        Some(ReducedTime {
            school_type,
            teaching_hours_per_week: form_hours(field(&form, "uren"))?,
            permissions: vec![permission],
        })
    } else {
        None
    };
    let a = Arrangement {
        kind,
        school: OrgId(id),
        pupils: uuids(&form, "leerling")?.into_iter().map(PupilId).collect(),
        partners: uuids(&form, "partner")?.into_iter().map(OrgId).collect(),
        period,
        description: field(&form, "omschrijving").trim().to_owned(),
        reduced_time,
    };
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement vastleggen")
        .await;
    let file = glue::create(&state, &actor, ArrangementId::new_random(), a).await?;
    Ok(Redirect::to(&format!("/arrangementen/{}", file.arrangement.id)).into_response())
}

#[derive(Template)]
#[template(path = "arrangement.html")]
struct ArrangementPage {
    chrome: Chrome,
    id: String,
    version: i64,
    school_id: String,
    school_name: String,
    row: ArrangementRow,
    pupils: Vec<(String, String)>,
    hidden_pupils: u32,
    basis: String,
    reduced: bool,
    permissions: Vec<(String, String, String)>,
    hours: String,
    may_write: bool,
    next_start: String,
    reminder: String,
    history: Vec<(i64, String, String, String)>,
}

/// `GET /arrangementen/{id}`.
pub async fn one(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement bekijken")
        .await;
    let history = state
        .store
        .arrangement_history(&actor, ArrangementId(id))
        .await?;
    let f = history.first().ok_or(WebError::NotFound)?;
    let a = &f.arrangement.record;
    let reminder = glue::reminders(std::slice::from_ref(f), &actor)?
        .pop()
        .map(|r| r.message)
        .unwrap_or_default();
    let chrome = Chrome::of(&state, &me).await;
    html(&ArrangementPage {
        chrome,
        id: id.to_string(),
        version: f.arrangement.version.0,
        school_id: a.school.to_string(),
        school_name: f.school_name.clone(),
        row: ArrangementRow::from(f),
        pupils: a
            .pupils
            .iter()
            .zip(&f.pupil_names)
            .map(|(p, n)| (p.to_string(), n.clone()))
            .collect(),
        hidden_pupils: f.hidden_pupils,
        basis: legal_basis(a).to_string(),
        reduced: a.reduced_time.is_some(),
        permissions: a
            .reduced_time
            .iter()
            .flat_map(|r| &r.permissions)
            .map(|p| {
                (
                    p.reference.clone(),
                    period_nl(p.period.start(), p.period.end()),
                    nl_date(p.granted_on),
                )
            })
            .collect(),
        hours: a
            .reduced_time
            .as_ref()
            .map(|r| r.teaching_hours_per_week.to_string())
            .unwrap_or_default(),
        may_write: me.user.org == a.school && me.user.role.may_write(),
        next_start: a
            .period
            .end()
            .and_then(|e| e.succ_opt())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        reminder,
        history: history
            .iter()
            .map(|v| {
                (
                    v.arrangement.version.0,
                    v.arrangement
                        .recorded_at
                        .with_timezone(&chrono_tz::Europe::Amsterdam)
                        .format("%d-%m-%Y %H:%M")
                        .to_string(),
                    v.arrangement.recorded_by.clone(),
                    format!(
                        "{}{}",
                        period_nl(
                            v.arrangement.record.period.start(),
                            v.arrangement.record.period.end()
                        ),
                        match permission_text(&v.arrangement.record) {
                            p if p.is_empty() => String::new(),
                            p => format!(" · {p}"),
                        }
                    ),
                )
            })
            .collect(),
    })
}

/// `POST /arrangementen/{id}/verlengen`: a new permission of the inspectie (reduced
/// teaching time) or a later end (an onderwijszorgarrangement).
pub async fn renew(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    check_csrf(field(&form, "csrf"), &me)?;
    let seen: i64 = field(&form, "versie")
        .parse()
        .map_err(|_| WebError::BadRequest("Het formulier is onvolledig.".into()))?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "arrangement verlengen")
        .await;
    let current = state.store.arrangement(&actor, ArrangementId(id)).await?;
    let mut a = current.arrangement.record;
    let start = a.period.start();
    match a.reduced_time.as_mut() {
        Some(r) => {
            let p = form_period(field(&form, "t_van"), field(&form, "t_tot"))?;
            r.permissions.push(Permission {
                period: p,
                granted_on: form_date(field(&form, "t_verleend"), "de datum van het besluit")?,
                reference: field(&form, "t_kenmerk").trim().to_owned(),
            });
            a.period =
                Period::new(start, p.end()).map_err(|e| WebError::BadRequest(e.to_string()))?;
        }
        None => {
            let end = form_opt_date(field(&form, "tot"), "de nieuwe einddatum")?;
            a.period = Period::new(start, end).map_err(|e| WebError::BadRequest(e.to_string()))?;
        }
    }
    glue::change(&state, &actor, ArrangementId(id), Version(seen), a).await?;
    Ok(Redirect::to(&format!("/arrangementen/{id}")).into_response())
}
