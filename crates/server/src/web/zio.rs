//! `/scholen/{id}/zio`: a school's care in school time — its pupils' needs per class with
//! the funder and route the rules engine names, and today's situation: how many care
//! workers each class sees in a week when every pupil brings her own, and how many
//! providers and funders are involved.

use super::{Chrome, WebError, WebUser, html};
use crate::AppState;
use crate::zio::{SchoolNeeds, instance, school_needs};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use continuum_domain::ids::OrgId;
use continuum_domain::register::OrgDetails;
use std::collections::BTreeSet;
use uuid::Uuid;

pub struct NeedRow {
    pub pupil_id: String,
    pub pupil: String,
    pub need: String,
    pub blocks: String,
    pub mode: String,
    pub funder: String,
    pub route: String,
    pub problem: Option<String>,
}

pub struct ClassSection {
    pub name: String,
    pub pupils: usize,
    pub workers_before: usize,
    pub providers: usize,
    pub funders: usize,
    pub needs: Vec<NeedRow>,
}

#[derive(Template)]
#[template(path = "school_zio.html")]
struct SchoolZio {
    chrome: Chrome,
    school_name: String,
    date: String,
    classes: Vec<ClassSection>,
    before_total: usize,
    before_average: String,
    funders: Vec<String>,
    providers: Vec<String>,
    left_out: Vec<String>,
}

/// Only the school itself and its board plan the school's care.
pub(crate) async fn check_school_access(
    state: &AppState,
    me_org: OrgId,
    school: OrgId,
) -> Result<(), WebError> {
    let org = state.store.organisation(school).await?;
    match org.record.details {
        OrgDetails::School { board, .. } if me_org == school || me_org == board => Ok(()),
        _ => Err(WebError::NotFound),
    }
}

pub async fn page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let school = OrgId(id);
    check_school_access(&state, me.user.org, school).await?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zorg in onderwijstijd plannen")
        .await;
    let needs = school_needs(&state, &actor, school, actor.today).await?;
    let chrome = Chrome::of(&state, &me).await;
    html(&view(chrome, &needs, actor.today))
}

fn view(chrome: Chrome, needs: &SchoolNeeds, on: continuum_domain::Date) -> SchoolZio {
    let input = &needs.input;
    let before = instance::workers_before(input);
    let (_, left_out) = instance::instance(input);
    let classes: Vec<ClassSection> = input
        .classes
        .iter()
        .map(|c| {
            let lines: Vec<_> = needs
                .lines
                .iter()
                .filter(|l| l.class == Some(c.id))
                .collect();
            let funders: BTreeSet<_> = lines
                .iter()
                .filter_map(|l| l.funder.as_ref().ok().map(|(f, _)| f.id))
                .collect();
            // Today: the providers assigned to the class's pupils with care, and every family
            // with a PGB hiring its own.
            let mut providers: BTreeSet<String> = lines
                .iter()
                .flat_map(|l| needs.assigned.get(&l.pupil).into_iter().flatten())
                .map(|p| p.to_string())
                .collect();
            providers.extend(
                lines
                    .iter()
                    .filter(|l| matches!(&l.funder, Ok((_, r)) if r == "pgb"))
                    .map(|l| format!("pgb {}", l.pupil)),
            );
            ClassSection {
                name: c.name.clone(),
                pupils: input.pupils.iter().filter(|(_, k)| *k == c.id).count(),
                workers_before: before.get(&c.id).copied().unwrap_or(0),
                providers: providers.len(),
                funders: funders.len(),
                needs: lines
                    .iter()
                    .map(|l| NeedRow {
                        pupil_id: l.pupil.to_string(),
                        pupil: l.pupil_name.clone(),
                        need: l.category.label().to_owned(),
                        blocks: if l.blocks.is_empty() {
                            "nog niet vastgelegd".to_owned()
                        } else {
                            l.blocks.clone()
                        },
                        mode: match l.mode.as_str() {
                            "group" => "in een groep".to_owned(),
                            _ => "individueel".to_owned(),
                        } + &l
                            .qualification
                            .as_ref()
                            .map(|q| format!(", kwalificatie {q}"))
                            .unwrap_or_default(),
                        funder: l
                            .funder
                            .as_ref()
                            .map(|(f, _)| f.name.clone())
                            .unwrap_or_default(),
                        route: l
                            .funder
                            .as_ref()
                            .map(|(_, r)| route_label(r).to_owned())
                            .unwrap_or_default(),
                        problem: l.funder.as_ref().err().cloned(),
                    })
                    .collect(),
            }
        })
        .collect();
    let before_total: usize = before.values().sum();
    let with_classes = input.classes.len().max(1);
    let funders: BTreeSet<String> = input.needs.iter().map(|n| n.funder.name.clone()).collect();
    SchoolZio {
        chrome,
        school_name: input.school_name.clone(),
        date: super::nl_date(on),
        classes,
        before_total,
        before_average: format!("{:.1}", before_total as f64 / with_classes as f64)
            .replace('.', ","),
        funders: funders.into_iter().collect(),
        providers: input.providers.iter().map(|p| p.name.clone()).collect(),
        left_out: left_out
            .into_iter()
            .map(|l| {
                let name = needs
                    .lines
                    .iter()
                    .find(|n| n.pupil == l.pupil)
                    .map_or(String::new(), |n| n.pupil_name.clone());
                format!("{name}, {}: {}", l.category.label(), l.reason)
            })
            .collect(),
    }
}

fn route_label(code: &str) -> &'static str {
    match code {
        "collectief" => "collectief (ZiO-afspraak)",
        "pgb" => "pgb",
        "individueel_zin" => "individueel, zorg in natura",
        _ => "via de school",
    }
}

pub struct CoverageLine {
    pub school: String,
    pub funder_kind: String,
    pub funder: String,
    pub pupils: u64,
    pub covered: bool,
}

#[derive(Template)]
#[template(path = "zio_coverage.html")]
struct Coverage {
    chrome: Chrome,
    date: String,
    lines: Vec<CoverageLine>,
    gaps: usize,
}

/// The coverage rows this organisation may see: its own school's, or its own as funder.
async fn coverage_rows(
    state: &AppState,
    org: OrgId,
    on: continuum_domain::Date,
) -> Result<Vec<crate::zio::coverage::CoverageRow>, WebError> {
    Ok(crate::zio::coverage::coverage(state.store.as_ref(), on)
        .await?
        .into_iter()
        .filter(|r| r.school == org || r.funder == org)
        .collect())
}

/// `/zio/dekking`: per cluster 3/4 school, the funders its pupils fall to and whether a
/// current agreement covers each — for the school itself, or for a funder its own rows.
pub async fn coverage_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    let on = state.clock.today();
    let rows = coverage_rows(&state, me.user.org, on).await?;
    let chrome = Chrome::of(&state, &me).await;
    html(&Coverage {
        chrome,
        date: super::nl_date(on),
        gaps: rows.iter().filter(|r| !r.covered).count(),
        lines: rows
            .into_iter()
            .map(|r| CoverageLine {
                school: format!("{} ({})", r.school_name, r.school_code),
                funder_kind: r.funder_kind.to_owned(),
                funder: r.funder_name,
                pupils: r.pupils,
                covered: r.covered,
            })
            .collect(),
    })
}

/// The same rows as CSV.
pub async fn coverage_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
) -> Result<Response, WebError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let rows = coverage_rows(&state, me.user.org, state.clock.today()).await?;
    let body = crate::zio::coverage::to_csv(&rows).map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"zio-dekking.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}
