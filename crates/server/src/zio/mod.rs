//! Zorg in onderwijstijd (ZiO) for one school: its pupils' needs in school time per class,
//! with the funder the rules engine names for each, and the providers and care workers the
//! school can plan with — gathered from the register and written as a `zio-plan/1`
//! planning instance.

pub mod agreement;
pub mod coverage;
pub mod instance;
pub mod planned;
pub mod settle;

use crate::AppState;
use crate::aan_zet;
use continuum_domain::Date;
use continuum_domain::ids::{ClassId, OrgId, PupilId};
use continuum_domain::register::{Fact, NeedCategory, OrgKind};
use continuum_store::{Actor, Page, StoreError};
use instance::{PlanClass, PlanFunder, PlanInput, PlanNeed, PlanProvider, PlanWorker};
use std::collections::BTreeMap;

/// The default group size: one care worker for at most this many pupils of a class with
/// group care in one block (the example; the school may choose another).
pub const GROUP_SIZE: u32 = 3;
/// At most this many providers per school (seeds 000, 004: "één of twee aanbieders").
pub const MAX_PROVIDERS: u32 = 2;

/// One need as the ZiO page shows it.
#[derive(Debug, Clone)]
pub struct NeedLine {
    pub pupil: PupilId,
    pub pupil_name: String,
    pub class: Option<ClassId>,
    pub category: NeedCategory,
    pub blocks: String,
    pub mode: String,
    pub qualification: Option<String>,
    /// The funder and the route, or why the rules engine could not name them.
    pub funder: Result<(PlanFunder, String), String>,
}

/// What the register holds about a school's care in school time on a date.
#[derive(Debug, Clone)]
pub struct SchoolNeeds {
    pub input: PlanInput,
    pub lines: Vec<NeedLine>,
    /// The providers assigned to each pupil today (zorg in natura).
    pub assigned: BTreeMap<PupilId, Vec<OrgId>>,
}

/// Gathers a school's needs, funders and candidate providers on `on`. Every pupil's file is
/// read through the store (each read audited with the actor's purpose); pupils the actor
/// may not see are not in the list at all.
pub async fn school_needs(
    state: &AppState,
    actor: &Actor,
    school: OrgId,
    on: Date,
) -> Result<SchoolNeeds, StoreError> {
    let school_org = state.store.organisation(school).await?;
    if school_org.record.details.kind() != OrgKind::School {
        return Err(StoreError::NotFound);
    }
    let year = continuum_domain::period::SchoolYear::containing(on);
    let classes: Vec<PlanClass> = state
        .store
        .classes_of_school(school)
        .await?
        .into_iter()
        .filter(|c| c.record.school_year == year)
        .map(|c| PlanClass {
            id: c.id,
            name: c.record.name,
            lesson_times: c.record.lesson_times,
        })
        .collect();
    let (rows, _) = state
        .store
        .pupils_of_school(actor, school, on, Page::all())
        .await?;
    let mut pupils = Vec::new();
    let mut needs = Vec::new();
    let mut lines = Vec::new();
    let mut assigned: BTreeMap<PupilId, Vec<OrgId>> = BTreeMap::new();
    for row in rows {
        let file = state.store.pupil_file(actor, row.id).await?;
        if let Some(class) = row.class {
            pupils.push((row.id, class));
        }
        let answers = aan_zet::answers(state, &file, on).await;
        for f in file.facts.iter().map(|f| &f.record) {
            if !f.period.contains(on) {
                continue;
            }
            if let Fact::ProviderAssignment { provider } = f.fact {
                assigned.entry(row.id).or_default().push(provider);
            }
            let Fact::Need {
                category,
                mode,
                required_qualification,
                blocks,
            } = &f.fact
            else {
                continue;
            };
            // Onderwijsondersteuning is the school's own work, not care in school time.
            if *category == NeedCategory::Onderwijsondersteuning {
                continue;
            }
            let answer = answers.iter().find(|a| a.need_code == category.code());
            let funder = match answer.map(|a| &a.answer) {
                Some(Ok(a)) if a.domain_code != "onderwijs" => Ok((
                    PlanFunder {
                        id: a.payer_id,
                        kind: a.domain_code.clone(),
                        name: a.payer.clone(),
                    },
                    a.route_code.clone(),
                )),
                Some(Ok(_)) => Err("hoort bij het onderwijs".to_owned()),
                Some(Err(problem)) => Err(problem.clone()),
                None => Err("geen antwoord van de regels".to_owned()),
            };
            let pupil_name = format!("{} {}", row.given_name, row.family_name);
            if let (Ok((funder, route)), Some(class)) = (&funder, row.class) {
                needs.push(PlanNeed {
                    pupil: row.id,
                    class,
                    category: *category,
                    mode: *mode,
                    qualification: required_qualification.clone(),
                    blocks: blocks.clone(),
                    funder: funder.clone(),
                    pgb: route == "pgb",
                });
            }
            lines.push(NeedLine {
                pupil: row.id,
                pupil_name,
                class: row.class,
                category: *category,
                blocks: blocks
                    .iter()
                    .map(|b| b.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                mode: mode.code().to_owned(),
                qualification: required_qualification
                    .as_ref()
                    .map(|q| q.as_str().to_owned()),
                funder,
            });
        }
    }

    // Candidates: the providers in the school's current agreements and those assigned to
    // its pupils.
    let mut candidates: Vec<OrgId> = state
        .store
        .agreements_of_school(school)
        .await?
        .into_iter()
        .filter(|a| a.record.period.contains(on))
        .flat_map(|a| a.record.parties.into_iter().map(|p| p.organisation))
        .collect();
    candidates.extend(assigned.values().flatten().copied());
    let mut providers: BTreeMap<OrgId, PlanProvider> = BTreeMap::new();
    for id in candidates {
        if providers.contains_key(&id) {
            continue;
        }
        let Ok(org) = state.store.organisation(id).await else {
            continue;
        };
        if org.record.details.kind() != OrgKind::Zorgaanbieder {
            continue;
        }
        let workers = state
            .store
            .workers_of_provider(id)
            .await?
            .into_iter()
            .filter(|w| w.record.period.contains(on))
            .filter_map(|w| {
                let minutes = |h: continuum_domain::register::HoursPerWeek| h.0 * 60 / 100;
                Some(PlanWorker {
                    id: w.id,
                    name: w.record.name,
                    qualifications: w.record.qualifications,
                    weekdays: w.record.weekdays,
                    max_minutes_per_week: w.record.max_hours_per_week.map(minutes),
                    max_minutes_per_day: w.record.max_hours_per_day.map(minutes),
                    // Without an hourly cost a worker cannot be budgeted: not a candidate.
                    hourly_cost_cents: w.record.hourly_cost?.0,
                })
            })
            .collect();
        providers.insert(
            id,
            PlanProvider {
                id,
                name: org.record.name,
                workers,
            },
        );
    }

    Ok(SchoolNeeds {
        input: PlanInput {
            school,
            school_name: school_org.record.name,
            instance_id: format!("school-{school}-{}", on),
            group_size: GROUP_SIZE,
            max_providers: Some(MAX_PROVIDERS),
            classes,
            pupils,
            needs,
            providers: providers.into_values().collect(),
        },
        lines,
        assigned,
    })
}
