//! A school's plan from the register: the instance is planned by the shared planning core
//! (`continuum_zio`), then read back in the register's words — the fixed care workers per
//! class, the weekly roster with the pupils served, the weekly budget and every funder's
//! share by the agreement's key, and the pupils whose funder is not in the agreement.

use super::SchoolNeeds;
use super::instance::{self, PlanFunder};
use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::money::Cents;
use continuum_domain::register::Agreement;
use continuum_rules::zio::{FunderBasis, ZioShares, zio_shares};
use continuum_rules::{NoTrace, RuleError};
use continuum_zio::{Instance, Options, Plan};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// Seconds the web page gives the planner (it stops earlier when the optimum is proven).
pub const WEB_TIME_LIMIT: Duration = Duration::from_secs(5);

pub struct Planned {
    pub instance: Instance,
    pub plan: Plan,
    pub before: BTreeMap<String, usize>,
    /// Funders with their weekly minutes and pupils, from the plan's needs.
    pub funders: Vec<(PlanFunder, u64, BTreeSet<String>)>,
}

/// Plans the school's instance. `Err` when the register does not make a valid instance
/// (a bug or a record the checks let through), with the planning core's message.
pub fn plan_school(needs: &SchoolNeeds, limit: Duration) -> Result<Planned, String> {
    let (doc, _) = instance::instance(&needs.input);
    let instance =
        Instance::parse(&doc.to_string()).map_err(|e| format!("{}: {}", e.path, e.message))?;
    let plan = continuum_zio::plan(
        &instance,
        &Options {
            time_limit: limit,
            ..Options::default()
        },
    );
    let before = instance::workers_before(&needs.input)
        .into_iter()
        .map(|(c, n)| (c.to_string(), n))
        .collect();
    // Weekly minutes per funder: the needs served by provider workers (a PGB is paid by the
    // family's budget, not the pool).
    let data = instance.data();
    let slot_minutes: BTreeMap<&str, u64> = data
        .slots
        .iter()
        .map(|s| (s.slot_id.as_str(), u64::try_from(s.minutes).unwrap_or(0)))
        .collect();
    let mut funders: BTreeMap<OrgId, (PlanFunder, u64, BTreeSet<String>)> = BTreeMap::new();
    let by_id: BTreeMap<String, &PlanFunder> = needs
        .input
        .needs
        .iter()
        .map(|n| (n.funder.id.to_string(), &n.funder))
        .collect();
    for n in &data.needs {
        let Some(f) = by_id.get(&n.funder_id) else {
            continue;
        };
        let entry = funders
            .entry(f.id)
            .or_insert_with(|| ((*f).clone(), 0, BTreeSet::new()));
        entry.2.insert(n.pupil_id.clone());
        if n.pgb_worker_id.is_none() {
            entry.1 += n
                .slot_ids
                .iter()
                .map(|s| slot_minutes.get(s.as_str()).copied().unwrap_or(0))
                .sum::<u64>();
        }
    }
    Ok(Planned {
        instance,
        plan,
        before,
        funders: funders.into_values().collect(),
    })
}

/// The weekly budget and shares under `agreement` (its tariffs and key). Funders that are
/// not a party, or have no agreed tariff, are returned apart: their pupils' care falls
/// outside the agreement.
pub fn budget(
    planned: &Planned,
    agreement: &Agreement,
) -> (Result<ZioShares, RuleError>, Vec<(PlanFunder, usize)>) {
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    for (f, minutes, pupils) in &planned.funders {
        let party = agreement
            .parties
            .iter()
            .find(|p| p.organisation == f.id && p.tariff_per_hour.is_some());
        match party {
            Some(p) => inside.push(FunderBasis {
                funder: f.id,
                name: f.name.clone(),
                law: continuum_domain::register::CareLaw::parse(&f.kind)
                    .unwrap_or(continuum_domain::register::CareLaw::Jeugdwet),
                minutes_per_week: *minutes,
                tariff_per_hour: p.tariff_per_hour.unwrap_or(Cents(0)),
                pupils: u32::try_from(pupils.len()).unwrap_or(u32::MAX),
                percentage_basis_points: p.share_basis_points,
            }),
            None => outside.push((f.clone(), pupils.len())),
        }
    }
    let key = agreement.allocation_key;
    (zio_shares(&inside, 1, key, &mut NoTrace), outside)
}

/// The school's current agreement on `on` (the most recent when several hold).
pub fn current_agreement(
    agreements: Vec<
        continuum_domain::register::Versioned<continuum_domain::ids::AgreementId, Agreement>,
    >,
    on: Date,
) -> Option<Agreement> {
    agreements
        .into_iter()
        .filter(|a| a.record.period.contains(on))
        .max_by_key(|a| a.record.period.start())
        .map(|a| a.record)
}
