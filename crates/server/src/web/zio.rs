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
    school_id: String,
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
        school_id: input.school.to_string(),
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
    /// For a funder: its shares in the schools' agreements.
    shares: Vec<(String, String, String, String)>,
    shares_total: String,
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
    let shares =
        crate::zio::coverage::shares_of_funder(state.store.as_ref(), me.user.org, on).await?;
    let total = continuum_domain::money::Cents(shares.iter().map(|s| s.per_week.0).sum());
    let chrome = Chrome::of(&state, &me).await;
    html(&Coverage {
        chrome,
        date: super::nl_date(on),
        shares_total: total.to_string(),
        shares: shares
            .into_iter()
            .map(|s| {
                (
                    s.school.to_string(),
                    s.school_name,
                    s.per_week.to_string(),
                    super::nl_date(s.drawn_up_on),
                )
            })
            .collect(),
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

/// A class in the before/after chart and its table.
pub struct Bar {
    pub class: String,
    pub before: usize,
    pub after: usize,
}

pub struct RosterRow {
    pub when: String,
    pub worker: String,
    pub pupils: String,
}

pub struct RosterClass {
    pub name: String,
    pub workers: String,
    pub rows: Vec<RosterRow>,
}

pub struct ShareRow {
    pub funder: String,
    pub kind: String,
    pub hours: String,
    pub own_cost: String,
    pub amount: String,
    /// The share times the teaching weeks of the school year.
    pub year_amount: String,
}

#[derive(Template)]
#[template(path = "school_zio_plan.html")]
struct SchoolZioPlan {
    chrome: Chrome,
    school_id: String,
    school_name: String,
    status: String,
    summary: String,
    explanations: Vec<String>,
    bars: Vec<Bar>,
    chart: String,
    providers: Vec<String>,
    roster: Vec<RosterClass>,
    key: String,
    shares: Vec<ShareRow>,
    total: String,
    /// The school year and its teaching weeks in the school's holiday region, with the
    /// total for the year; `None` when the calendar does not cover it.
    year: Option<(String, u32, String)>,
    shares_problem: Option<String>,
    outside: Vec<String>,
}

/// `POST /scholen/{id}/zio/plan`: plans the school's week now and shows the result.
pub async fn plan(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<super::login::CsrfForm>,
) -> Result<Response, WebError> {
    super::check_csrf(&form.csrf, &me)?;
    let school = OrgId(id);
    check_school_access(&state, me.user.org, school).await?;
    let actor = state
        .actor(&me.user, me.origin.clone(), "zorg in onderwijstijd plannen")
        .await;
    let needs = school_needs(&state, &actor, school, actor.today).await?;
    let agreement = crate::zio::planned::current_agreement(
        state.store.agreements_of_school(school).await?,
        actor.today,
    );
    let worked = {
        let needs = needs.clone();
        tokio::task::spawn_blocking(move || {
            crate::zio::planned::plan_school(&needs, crate::zio::planned::WEB_TIME_LIMIT)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(WebError::Internal)?
    };
    // The budget for the school year: the week's times the teaching weeks in the school's
    // holiday region.
    let year = continuum_domain::period::SchoolYear::containing(actor.today);
    let weeks = match crate::verzuim::school_region(&state, school).await {
        Ok(region) => crate::zio::settle::teaching_weeks(&year.period(), region)
            .ok()
            .map(|w| (format!("{}-{}", year.0, year.0 + 1), w)),
        Err(_) => None,
    };
    let chrome = Chrome::of(&state, &me).await;
    html(&plan_view(
        chrome,
        &needs,
        &worked,
        agreement.as_ref(),
        weeks,
    ))
}

/// What a plan not proven best still promises (empty for a proven plan): the fewest
/// fixed care workers possible, and how far its providers or its cost may be from the best
/// (the first stage not proven, as the plan's gap says).
fn not_proven(plan: &continuum_zio::Plan) -> String {
    if plan.status == continuum_zio::Status::Optimal {
        return String::new();
    }
    let mut s = plan
        .lower_bound
        .as_ref()
        .map(|l| format!(" Minder dan {} kan niet.", l.distinct_workers_per_class))
        .unwrap_or_default();
    if let Some(g) = &plan.gap {
        match g.stage.as_str() {
            "providers" if g.bound < g.value => s.push_str(&format!(
                " Misschien kan het ook met {} zorgaanbieder(s); dat is niet bewezen.",
                g.bound
            )),
            "costCents" if g.bound > 0 && g.bound < g.value => {
                // tenths of a percent above the least possible cost, rounded up
                let tenths = ((g.value - g.bound) * 1000).div_ceil(g.bound);
                s.push_str(&format!(
                    " De kosten zijn hooguit {},{} % hoger dan het laagst mogelijke bedrag.",
                    tenths / 10,
                    tenths % 10
                ));
            }
            _ => {}
        }
    }
    s
}

fn euros(c: continuum_domain::money::Cents) -> String {
    c.to_string()
}

fn plan_view(
    chrome: Chrome,
    needs: &SchoolNeeds,
    p: &crate::zio::planned::Planned,
    agreement: Option<&continuum_domain::register::Agreement>,
    weeks: Option<(String, u32)>,
) -> SchoolZioPlan {
    let times = |c: continuum_domain::money::Cents, w: u32| {
        continuum_domain::money::Cents(c.0.saturating_mul(i64::from(w)))
    };
    use continuum_zio::Status;
    let data = p.instance.data();
    let plan = &p.plan;
    let class_name: std::collections::BTreeMap<&str, &str> = data
        .classes
        .iter()
        .map(|c| (c.class_id.as_str(), c.name.as_str()))
        .collect();
    let mut worker_name: std::collections::BTreeMap<String, (String, String)> =
        std::collections::BTreeMap::new();
    for prov in &data.providers {
        for w in &prov.workers {
            worker_name.insert(w.worker_id.clone(), (w.name.clone(), prov.name.clone()));
        }
    }
    for w in &data.pgb_workers {
        worker_name.insert(w.worker_id.clone(), (w.name.clone(), "pgb".into()));
    }
    let pupil_name: std::collections::BTreeMap<String, String> = needs
        .lines
        .iter()
        .map(|l| (l.pupil.to_string(), l.pupil_name.clone()))
        .collect();
    let need_pupil: std::collections::BTreeMap<&str, &str> = data
        .needs
        .iter()
        .map(|n| (n.need_id.as_str(), n.pupil_id.as_str()))
        .collect();
    let slot: std::collections::BTreeMap<&str, &continuum_zio::SlotData> =
        data.slots.iter().map(|s| (s.slot_id.as_str(), s)).collect();

    let after: std::collections::BTreeMap<&str, usize> = plan
        .class_workers
        .iter()
        .flatten()
        .map(|c| (c.class_id.as_str(), c.worker_ids.len()))
        .collect();
    let bars: Vec<Bar> = data
        .classes
        .iter()
        .map(|c| Bar {
            class: c.name.clone(),
            before: p.before.get(&c.class_id).copied().unwrap_or(0),
            after: after.get(c.class_id.as_str()).copied().unwrap_or(0),
        })
        .collect();

    let mut roster: Vec<RosterClass> = Vec::new();
    for c in &data.classes {
        let mut entries: Vec<&continuum_zio::RosterEntry> = plan
            .roster
            .iter()
            .flatten()
            .filter(|e| e.class_id == c.class_id)
            .collect();
        entries.sort_by_key(|e| {
            slot.get(e.slot_id.as_str())
                .map(|s| (s.iso_weekday, s.start_time.clone()))
                .unwrap_or_default()
        });
        let rows = entries
            .iter()
            .map(|e| {
                let when = slot
                    .get(e.slot_id.as_str())
                    .and_then(|s| {
                        let day = continuum_domain::register::Weekday::try_from(
                            u8::try_from(s.iso_weekday).ok()?,
                        )
                        .ok()?;
                        Some(format!(
                            "{} {} ({} min)",
                            day.name(),
                            s.start_time,
                            s.minutes
                        ))
                    })
                    .unwrap_or_else(|| e.slot_id.clone());
                let (worker, provider) = worker_name
                    .get(&e.worker_id)
                    .cloned()
                    .unwrap_or_else(|| (e.worker_id.clone(), String::new()));
                let pupils: Vec<String> = e
                    .need_ids
                    .iter()
                    .filter_map(|n| need_pupil.get(n.as_str()))
                    .map(|p| {
                        pupil_name
                            .get(*p)
                            .cloned()
                            .unwrap_or_else(|| (*p).to_owned())
                    })
                    .collect();
                RosterRow {
                    when,
                    worker: format!("{worker} ({provider})"),
                    pupils: pupils.join(", "),
                }
            })
            .collect();
        let workers = plan
            .class_workers
            .iter()
            .flatten()
            .find(|w| w.class_id == c.class_id)
            .map(|w| {
                w.worker_ids
                    .iter()
                    .map(|id| worker_name.get(id).map_or(id.clone(), |(n, _)| n.clone()))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        roster.push(RosterClass {
            name: class_name
                .get(c.class_id.as_str())
                .copied()
                .unwrap_or("")
                .to_owned(),
            workers,
            rows,
        });
    }

    let (status, summary) = match (&plan.status, &plan.objective) {
        (Status::Infeasible, _) => (
            "Geen rooster mogelijk".to_owned(),
            "Met deze zorgverleners is geen geldig rooster te maken. Hieronder staat waarom."
                .to_owned(),
        ),
        (_, Some(o)) => (
            match plan.status {
                Status::Optimal => "Beste rooster (bewezen)".to_owned(),
                _ => "Geldig rooster".to_owned(),
            },
            format!(
                "{} vaste zorgverleners over {} klassen (was {}), {} zorgaanbieder(s), kosten {} per week.{}",
                o.distinct_workers_per_class,
                data.classes.len(),
                bars.iter().map(|b| b.before).sum::<usize>(),
                o.providers,
                euros(continuum_domain::money::Cents(
                    i64::try_from(o.cost_cents).unwrap_or(i64::MAX)
                )),
                not_proven(plan)
            ),
        ),
        (_, None) => (
            "Nog geen rooster".to_owned(),
            "Binnen de tijd is geen rooster gevonden.".to_owned(),
        ),
    };
    let providers = plan
        .provider_ids
        .iter()
        .flatten()
        .filter_map(|id| data.providers.iter().find(|p| &p.provider_id == id))
        .map(|p| p.name.clone())
        .collect();

    let (key, shares, total, year, shares_problem, outside) = match agreement {
        None => (
            String::new(),
            Vec::new(),
            String::new(),
            None,
            Some("De school heeft geen geldige afspraak: er is geen tarief om een budget mee te berekenen.".to_owned()),
            Vec::new(),
        ),
        Some(a) => {
            let (shares, outside) = crate::zio::planned::budget(p, a);
            let outside: Vec<String> = outside
                .into_iter()
                .map(|(f, n)| format!("{n} leerling(en) van {} ({}): geen partij in de afspraak", f.name, f.kind))
                .collect();
            match shares {
                Ok(s) => {
                    let minutes: std::collections::BTreeMap<OrgId, u64> =
                        p.funders.iter().map(|(f, m, _)| (f.id, *m)).collect();
                    (
                        a.allocation_key.label().to_owned(),
                        s.shares
                            .iter()
                            .map(|sh| ShareRow {
                                funder: sh.name.clone(),
                                kind: sh.law.label().to_owned(),
                                hours: continuum_domain::register::HoursPerWeek(
                                    u32::try_from(minutes.get(&sh.funder).copied().unwrap_or(0) * 100 / 60)
                                        .unwrap_or(u32::MAX),
                                )
                                .to_string(),
                                own_cost: euros(sh.own_cost),
                                amount: euros(sh.amount),
                                year_amount: weeks
                                    .as_ref()
                                    .map(|(_, w)| euros(times(sh.amount, *w)))
                                    .unwrap_or_default(),
                            })
                            .collect(),
                        euros(s.total),
                        weeks.as_ref().map(|(y, w)| (y.clone(), *w, euros(times(s.total, *w)))),
                        None,
                        outside,
                    )
                }
                Err(e) => (a.allocation_key.label().to_owned(), Vec::new(), String::new(), None, Some(e.to_string()), outside),
            }
        }
    };

    SchoolZioPlan {
        chrome,
        school_id: needs.input.school.to_string(),
        school_name: needs.input.school_name.clone(),
        status,
        summary,
        explanations: plan
            .explanations
            .iter()
            .map(|e| e.message.clone())
            .collect(),
        chart: chart_svg(&bars),
        bars,
        providers,
        roster,
        key,
        shares,
        total,
        year,
        shares_problem,
        outside,
    }
}

/// A horizontal bar chart, server-rendered: per class the care workers a week before
/// (every pupil her own) and after (the plan). The table beside it holds the same numbers.
fn chart_svg(bars: &[Bar]) -> String {
    let max = bars
        .iter()
        .map(|b| b.before.max(b.after))
        .max()
        .unwrap_or(1)
        .max(1);
    let (label_w, bar_w, row_h) = (90usize, 360usize, 34usize);
    let height = bars.len() * row_h + 40;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"grafiek-titel\"><title id=\"grafiek-titel\">Zorgverleners per klas per week: nu en met het rooster</title>",
        label_w + bar_w + 60
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * row_h + 10;
        let w = |n: usize| n * bar_w / max;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text>\
             <rect x=\"{label_w}\" y=\"{y}\" width=\"{}\" height=\"12\" fill=\"#8a8a8a\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>\
             <rect x=\"{label_w}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"#154273\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 18,
            esc(&b.class),
            w(b.before),
            label_w + w(b.before) + 4,
            y + 10,
            b.before,
            y + 14,
            w(b.after),
            label_w + w(b.after) + 4,
            y + 24,
            b.after
        ));
    }
    let ly = bars.len() * row_h + 22;
    svg.push_str(&format!(
        "<rect x=\"{label_w}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"#8a8a8a\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">nu</text>\
         <rect x=\"{}\" y=\"{ly}\" width=\"12\" height=\"12\" fill=\"#154273\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">met het rooster</text></svg>",
        label_w + 16,
        ly + 11,
        label_w + 60,
        label_w + 76,
        ly + 11
    ));
    svg
}

pub struct DocSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "zio_agreement.html")]
struct AgreementPage {
    chrome: Chrome,
    school_id: String,
    title: String,
    version: i64,
    sections: Vec<DocSection>,
    may_draw_up: bool,
}

type CurrentAgreement = continuum_domain::register::Versioned<
    continuum_domain::ids::AgreementId,
    continuum_domain::register::Agreement,
>;

/// The school's current agreement, and whether the user may see it: the school, its board
/// and the agreement's parties.
async fn agreement_for(
    state: &AppState,
    me_org: OrgId,
    school: OrgId,
) -> Result<(String, CurrentAgreement), WebError> {
    let org = state.store.organisation(school).await?;
    let OrgDetails::School { board, .. } = org.record.details else {
        return Err(WebError::NotFound);
    };
    let today = state.clock.today();
    let current = state
        .store
        .agreements_of_school(school)
        .await?
        .into_iter()
        .filter(|a| a.record.period.contains(today))
        .max_by_key(|a| a.record.period.start())
        .ok_or(WebError::NotFound)?;
    let party = current
        .record
        .parties
        .iter()
        .any(|p| p.organisation == me_org);
    if me_org != school && me_org != board && !party {
        return Err(WebError::NotFound);
    }
    Ok((org.record.name, current))
}

async fn document_of(
    state: &AppState,
    school_name: &str,
    a: &continuum_domain::register::Agreement,
) -> crate::zio::agreement::Document {
    let mut names = std::collections::BTreeMap::new();
    for p in &a.parties {
        if let Ok(o) = state.store.organisation(p.organisation).await {
            names.insert(p.organisation, o.record.name);
        }
    }
    crate::zio::agreement::document(a, school_name, &names)
}

/// `GET /scholen/{id}/zio/afspraak`: the agreement as a printable page.
pub async fn agreement_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let school = OrgId(id);
    let (school_name, current) = agreement_for(&state, me.user.org, school).await?;
    let doc = document_of(&state, &school_name, &current.record).await;
    let chrome = Chrome::of(&state, &me).await;
    html(&AgreementPage {
        chrome,
        school_id: school.to_string(),
        title: doc.title,
        version: current.version.0,
        may_draw_up: me.user.org == school
            && me.user.role == continuum_domain::role::Role::Registrator,
        sections: doc
            .sections
            .into_iter()
            .map(|s| {
                let (header, rows) = s.table.unwrap_or_default();
                DocSection {
                    heading: s.heading,
                    paragraphs: s.paragraphs,
                    header,
                    rows,
                }
            })
            .collect(),
    })
}

/// `GET /scholen/{id}/zio/afspraak.pdf`: the same as a PDF.
pub async fn agreement_pdf(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let school = OrgId(id);
    let (school_name, current) = agreement_for(&state, me.user.org, school).await?;
    let doc = document_of(&state, &school_name, &current.record).await;
    let bytes = tokio::task::spawn_blocking(move || crate::zio::agreement::pdf(&doc))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"zio-afspraak.pdf\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// `POST /scholen/{id}/zio/afspraak`: the school's registrator plans the week and records
/// the plan's providers, staffing, budget and shares as a new version of the agreement.
pub async fn draw_up(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
    axum::Form(form): axum::Form<super::login::CsrfForm>,
) -> Result<Response, WebError> {
    super::check_csrf(&form.csrf, &me)?;
    let school = OrgId(id);
    let (_, current) = agreement_for(&state, me.user.org, school).await?;
    if me.user.org != school || me.user.role != continuum_domain::role::Role::Registrator {
        return Err(WebError::Forbidden(
            "Alleen een registrator van de school legt de afspraak vast.".into(),
        ));
    }
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "afspraak zorg in onderwijstijd opstellen",
        )
        .await;
    let needs = school_needs(&state, &actor, school, actor.today).await?;
    let planned = tokio::task::spawn_blocking(move || {
        crate::zio::planned::plan_school(&needs, crate::zio::planned::WEB_TIME_LIMIT)
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(WebError::Internal)?;
    if planned.plan.roster.is_none() {
        return Err(WebError::BadRequest(
            "Er is geen geldig rooster: maak eerst een rooster en los op wat ontbreekt.".into(),
        ));
    }
    let (shares, _) = crate::zio::planned::budget(&planned, &current.record);
    let shares = shares.map_err(|e| WebError::BadRequest(e.to_string()))?;
    let mut record = current.record.clone();
    record.terms = Some(crate::zio::agreement::terms(
        &planned,
        &shares,
        &current.record,
        actor.today,
    ));
    state
        .store
        .put_agreement(current.id, record, Some(current.version), &actor.user_name)
        .await?;
    use axum::response::IntoResponse;
    Ok(axum::response::Redirect::to(&format!("/scholen/{school}/zio/afspraak")).into_response())
}

pub struct SettlementTotal {
    pub funder: String,
    pub agreed: String,
    pub amount: String,
}

pub struct SettlementRow {
    pub month: String,
    pub funder: String,
    pub category: String,
    pub amount: String,
}

#[derive(Template)]
#[template(path = "zio_settlement.html")]
struct SettlementPage {
    chrome: Chrome,
    school_id: String,
    school_name: String,
    problem: Option<String>,
    weeks: u32,
    period: String,
    totals: Vec<SettlementTotal>,
    rows: Vec<SettlementRow>,
}

/// `GET /scholen/{id}/zio/afrekening`: per funder per month what it pays under the
/// agreement ("afspraak is realisatie").
pub async fn settlement_page(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let school = OrgId(id);
    let (school_name, current) = agreement_for(&state, me.user.org, school).await?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "afrekening zorg in onderwijstijd",
        )
        .await;
    let chrome = Chrome::of(&state, &me).await;
    let period = match current.record.period.end() {
        Some(end) => format!(
            "{} tot en met {}",
            super::nl_date(current.record.period.start()),
            super::nl_date(end)
        ),
        None => format!("vanaf {}", super::nl_date(current.record.period.start())),
    };
    let mut page = SettlementPage {
        chrome,
        school_id: school.to_string(),
        school_name,
        problem: None,
        weeks: 0,
        period,
        totals: Vec::new(),
        rows: Vec::new(),
    };
    match crate::zio::settle::settlement(&state, &actor, school, &current.record).await {
        Err(why) => page.problem = Some(why),
        Ok((s, weeks)) => {
            page.weeks = weeks;
            page.totals = s
                .totals
                .iter()
                .map(|t| SettlementTotal {
                    funder: t.name.clone(),
                    agreed: t.agreed.to_string(),
                    amount: t.amount.to_string(),
                })
                .collect();
            page.rows = s
                .lines
                .iter()
                .map(|l| SettlementRow {
                    month: l.month.clone(),
                    funder: l.name.clone(),
                    category: l
                        .productcategorie
                        .map(|(c, n)| format!("{c} {n}"))
                        .unwrap_or_default(),
                    amount: l.amount.to_string(),
                })
                .collect();
        }
    }
    html(&page)
}

/// The same statement as CSV.
pub async fn settlement_csv(
    State(state): State<AppState>,
    WebUser(me): WebUser,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let school = OrgId(id);
    let (_, current) = agreement_for(&state, me.user.org, school).await?;
    let actor = state
        .actor(
            &me.user,
            me.origin.clone(),
            "afrekening zorg in onderwijstijd",
        )
        .await;
    let (s, _) = crate::zio::settle::settlement(&state, &actor, school, &current.record)
        .await
        .map_err(WebError::BadRequest)?;
    let body = crate::zio::settle::to_csv(&s).map_err(WebError::Internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"zio-afrekening.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::not_proven;

    fn plan(status: &str, gap: serde_json::Value) -> continuum_zio::Plan {
        serde_json::from_value(serde_json::json!({
            "formatVersion": "zio-plan/1",
            "instanceId": "i",
            "status": status,
            "lowerBound": { "distinctWorkersPerClass": 16 },
            "gap": gap,
        }))
        .unwrap()
    }

    /// A plan not proven best says what is proven: the fewest fixed care workers, and how
    /// much cheaper or with how many fewer providers it might be.
    #[test]
    fn what_an_unproven_plan_promises() {
        let cost = serde_json::json!({ "stage": "costCents", "value": 898_700, "bound": 848_600, "relativeGap": 0.0557 });
        assert_eq!(
            not_proven(&plan("feasible", cost.clone())),
            " Minder dan 16 kan niet. De kosten zijn hooguit 6,0 % hoger dan het laagst mogelijke bedrag."
        );
        let providers =
            serde_json::json!({ "stage": "providers", "value": 2, "bound": 1, "relativeGap": 0.5 });
        assert_eq!(
            not_proven(&plan("feasible", providers)),
            " Minder dan 16 kan niet. Misschien kan het ook met 1 zorgaanbieder(s); dat is niet bewezen."
        );
        let stage1 = serde_json::json!({ "stage": "distinctWorkersPerClass", "value": 17, "bound": 16, "relativeGap": 0.06 });
        assert_eq!(
            not_proven(&plan("feasible", stage1)),
            " Minder dan 16 kan niet."
        );
        assert_eq!(not_proven(&plan("optimal", serde_json::Value::Null)), "");
        // 1 cent above a bound of 100,000 cents still shows as more than nothing
        let tiny = serde_json::json!({ "stage": "costCents", "value": 100_001, "bound": 100_000, "relativeGap": 0.00001 });
        assert!(
            not_proven(&plan("feasible", tiny))
                .ends_with("hooguit 0,1 % hoger dan het laagst mogelijke bedrag.")
        );
    }
}
