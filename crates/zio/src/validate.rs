//! An independent checker of plans, mirroring `verify.py`: it reads the roster literally,
//! entry by entry, by string ids, and shares no code with the solver.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::format::{FORMAT_VERSION, Mode, Objective, Plan, RosterEntry, Status};
use crate::instance::Instance;

/// One broken hard rule (the `VIOLATION <RULE> <location>: <what>` lines of `verify.py`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// `FORMAT`, `TIMETABLE`, `CLASS`, `NEED_SLOT`, `QUALIFICATION`, `PGB`, `INDIVIDUAL`,
    /// `GROUP_SIZE`, `ONE_PLACE`, `COVERAGE`, `AVAILABILITY`, `DAY_LIMIT`, `WEEK_LIMIT`,
    /// `PROVIDER_LIMIT` or `REPORTED`.
    pub rule: &'static str,
    /// Where.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "VIOLATION {} {}: {}",
            self.rule, self.location, self.message
        )
    }
}

struct WorkerRef<'a> {
    quals: &'a [String],
    provider: Option<&'a str>,
    days: Option<&'a [i64]>,
    max_day: i64,
    max_week: i64,
    hourly: i64,
}

/// The objective tuple recomputed from a roster alone (FORMAT.md §3). Entries naming
/// unknown slots, classes or workers are skipped.
#[must_use]
pub fn score(instance: &Instance, roster: &[RosterEntry]) -> Objective {
    let d = instance.data();
    let minutes: HashMap<&str, i64> = d
        .slots
        .iter()
        .map(|s| (s.slot_id.as_str(), s.minutes))
        .collect();
    let mut workers: HashMap<&str, (Option<&str>, i64)> = HashMap::new();
    for p in &d.providers {
        for w in &p.workers {
            workers.insert(&w.worker_id, (Some(&p.provider_id), w.hourly_cost_cents));
        }
    }
    for w in &d.pgb_workers {
        workers.insert(&w.worker_id, (None, 0));
    }
    let mut pairs = BTreeSet::new();
    let mut providers = BTreeSet::new();
    let mut cost: i128 = 0;
    for e in roster {
        let (Some(&m), Some(&(prov, hourly))) = (
            minutes.get(e.slot_id.as_str()),
            workers.get(e.worker_id.as_str()),
        ) else {
            continue;
        };
        pairs.insert((e.class_id.as_str(), e.worker_id.as_str()));
        if let Some(p) = prov {
            providers.insert(p);
            cost += i128::from(hourly) * i128::from(m);
        }
    }
    Objective {
        distinct_workers_per_class: pairs.len() as u64,
        providers: providers.len() as u64,
        cost_cents: u64::try_from((cost / 60).max(0)).unwrap_or(u64::MAX),
    }
}

/// Checks every hard rule of FORMAT.md §2 and the plan's reported fields against the
/// instance, like `verify.py`. An empty result means a valid plan. A plan with status
/// `infeasible` or `unknown` carries no roster and yields no violation unless it does.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn validate(instance: &Instance, plan: &Plan) -> Vec<Violation> {
    let d = instance.data();
    let mut out = Vec::new();
    let mut bad = |rule: &'static str, location: String, message: String| {
        out.push(Violation {
            rule,
            location,
            message,
        });
    };
    if plan.format_version != FORMAT_VERSION {
        bad(
            "FORMAT",
            "plan".into(),
            format!(
                "formatVersion is {:?}, expected {FORMAT_VERSION:?}",
                plan.format_version
            ),
        );
    }
    if plan.instance_id != d.instance_id {
        bad(
            "FORMAT",
            "plan.instanceId".into(),
            format!(
                "{:?} does not match instance {:?}",
                plan.instance_id, d.instance_id
            ),
        );
    }
    if matches!(plan.status, Status::Infeasible | Status::Unknown) {
        if plan.roster.as_ref().is_some_and(|r| !r.is_empty()) {
            bad(
                "FORMAT",
                "plan.roster".into(),
                "a plan without a solution must not carry a roster".into(),
            );
        }
        return out;
    }

    let g = d.group_size;
    let slots: HashMap<&str, (i64, i64)> = d
        .slots
        .iter()
        .map(|s| (s.slot_id.as_str(), (s.iso_weekday, s.minutes)))
        .collect();
    let class_slots: HashMap<&str, BTreeSet<&str>> = d
        .classes
        .iter()
        .map(|c| {
            (
                c.class_id.as_str(),
                c.slot_ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let pupil_class: HashMap<&str, &str> = d
        .pupils
        .iter()
        .map(|p| (p.pupil_id.as_str(), p.class_id.as_str()))
        .collect();
    let needs: HashMap<&str, &crate::format::NeedData> =
        d.needs.iter().map(|n| (n.need_id.as_str(), n)).collect();
    let mut worker: HashMap<&str, WorkerRef<'_>> = HashMap::new();
    for p in &d.providers {
        for w in &p.workers {
            worker.insert(
                &w.worker_id,
                WorkerRef {
                    quals: &w.qualifications,
                    provider: Some(&p.provider_id),
                    days: w.available_weekdays.as_deref(),
                    max_day: w.max_slots_per_day,
                    max_week: w.max_slots_per_week,
                    hourly: w.hourly_cost_cents,
                },
            );
        }
    }
    for w in &d.pgb_workers {
        worker.insert(
            &w.worker_id,
            WorkerRef {
                quals: &w.qualifications,
                provider: None,
                days: None,
                max_day: 0,
                max_week: 0,
                hourly: 0,
            },
        );
    }

    let mut served: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut place: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    let mut per_day: BTreeMap<(&str, i64), i64> = BTreeMap::new();
    let mut per_week: BTreeMap<&str, i64> = BTreeMap::new();
    let mut class_workers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut providers_used: BTreeSet<&str> = BTreeSet::new();
    let mut cost: i128 = 0;
    let empty = Vec::new();
    let roster = match &plan.roster {
        Some(r) => r,
        None => {
            bad(
                "FORMAT",
                "plan.roster".into(),
                "missing or not a list".into(),
            );
            &empty
        }
    };
    for (i, e) in roster.iter().enumerate() {
        let loc = format!(
            "roster[{i}] (slot {}, class {}, worker {})",
            e.slot_id, e.class_id, e.worker_id
        );
        let t = e.slot_id.as_str();
        let c = e.class_id.as_str();
        let Some(&(day, minutes)) = slots.get(t) else {
            bad("FORMAT", loc, format!("unknown slotId {t:?}"));
            continue;
        };
        let Some(cs) = class_slots.get(c) else {
            bad("FORMAT", loc, format!("unknown classId {c:?}"));
            continue;
        };
        let Some(w) = worker.get(e.worker_id.as_str()) else {
            bad("FORMAT", loc, format!("unknown workerId {:?}", e.worker_id));
            continue;
        };
        let wid = e.worker_id.as_str();
        if !cs.contains(t) {
            bad(
                "TIMETABLE",
                loc.clone(),
                format!("class {c} has no lesson in slot {t}"),
            );
        }
        if e.need_ids.is_empty() {
            bad("FORMAT", loc.clone(), "entry serves no need".into());
        }
        place.entry((wid, t)).or_default().push(i);
        class_workers.entry(c).or_default().insert(wid);
        if let Some(p) = w.provider {
            providers_used.insert(p);
            *per_day.entry((wid, day)).or_default() += 1;
            *per_week.entry(wid).or_default() += 1;
            cost += i128::from(w.hourly) * i128::from(minutes);
            if w.days.is_some_and(|ds| !ds.contains(&day)) {
                bad(
                    "AVAILABILITY",
                    loc.clone(),
                    format!("worker {wid} does not work on ISO weekday {day}"),
                );
            }
        }
        let mut individual = false;
        let mut pupils_here = Vec::new();
        for nid in &e.need_ids {
            let Some(n) = needs.get(nid.as_str()) else {
                bad("FORMAT", loc.clone(), format!("unknown needId {nid:?}"));
                continue;
            };
            individual |= n.mode == Mode::Individual;
            pupils_here.push(n.pupil_id.as_str());
            served.entry((nid.as_str(), t)).or_default().push(i);
            let pc = pupil_class.get(n.pupil_id.as_str()).copied();
            if pc != Some(c) {
                bad(
                    "CLASS",
                    loc.clone(),
                    format!(
                        "need {nid} belongs to pupil {} of class {pc:?}, not {c}",
                        n.pupil_id
                    ),
                );
            }
            if !n.slot_ids.iter().any(|s| s == t) {
                bad(
                    "NEED_SLOT",
                    loc.clone(),
                    format!("need {nid} is not required in slot {t}"),
                );
            }
            if let Some(q) = &n.required_qualification
                && !w.quals.contains(q)
            {
                bad(
                    "QUALIFICATION",
                    loc.clone(),
                    format!(
                        "need {nid} requires '{q}', worker {wid} holds {:?}",
                        w.quals
                    ),
                );
            }
            let pgb = n.pgb_worker_id.as_deref();
            if let Some(pg) = pgb
                && pg != wid
            {
                bad(
                    "PGB",
                    loc.clone(),
                    format!(
                        "need {nid} is paid by a PGB and must be served by its own worker {pg}, not {wid}"
                    ),
                );
            }
            if w.provider.is_none() && pgb != Some(wid) {
                bad(
                    "PGB",
                    loc.clone(),
                    format!("PGB worker {wid} may only serve the need(s) that name her, not {nid}"),
                );
            }
        }
        let distinct: BTreeSet<&String> = e.need_ids.iter().collect();
        if distinct.len() != e.need_ids.len() {
            bad(
                "FORMAT",
                loc.clone(),
                "the same need is listed twice".into(),
            );
        }
        let distinct_pupils: BTreeSet<&&str> = pupils_here.iter().collect();
        if distinct_pupils.len() != pupils_here.len() {
            bad(
                "FORMAT",
                loc.clone(),
                "one pupil listed twice in one entry".into(),
            );
        }
        if individual && e.need_ids.len() > 1 {
            bad(
                "INDIVIDUAL",
                loc.clone(),
                format!(
                    "an individual need is served 1:1, but this entry serves {} needs",
                    e.need_ids.len()
                ),
            );
        }
        if e.need_ids.len() as i64 > g {
            bad(
                "GROUP_SIZE",
                loc,
                format!(
                    "{} pupils served by one worker, group size is {g}",
                    e.need_ids.len()
                ),
            );
        }
    }
    for ((wid, t), idx) in &place {
        if idx.len() > 1 {
            bad(
                "ONE_PLACE",
                format!("worker {wid}, slot {t}"),
                format!("appears in {} roster entries {idx:?}", idx.len()),
            );
        }
    }
    for n in &d.needs {
        for t in &n.slot_ids {
            let k = served
                .get(&(n.need_id.as_str(), t.as_str()))
                .map_or(0, Vec::len);
            if k == 0 {
                bad(
                    "COVERAGE",
                    format!(
                        "need {} (pupil {}, {}), slot {t}",
                        n.need_id, n.pupil_id, n.category
                    ),
                    "not covered".into(),
                );
            } else if k > 1 {
                bad(
                    "COVERAGE",
                    format!("need {}, slot {t}", n.need_id),
                    format!("covered {k} times"),
                );
            }
        }
    }
    for ((wid, day), k) in &per_day {
        if let Some(w) = worker.get(wid)
            && *k > w.max_day
        {
            bad(
                "DAY_LIMIT",
                format!("worker {wid}, ISO weekday {day}"),
                format!("{k} slots, limit {}", w.max_day),
            );
        }
    }
    for (wid, k) in &per_week {
        if let Some(w) = worker.get(wid)
            && *k > w.max_week
        {
            bad(
                "WEEK_LIMIT",
                format!("worker {wid}"),
                format!("{k} slots, limit {}", w.max_week),
            );
        }
    }
    if let Some(m) = d.max_providers
        && providers_used.len() as i64 > m
        && !plan.provider_limit_exceeded
    {
        bad(
            "PROVIDER_LIMIT",
            "plan".into(),
            format!(
                "{} providers used {providers_used:?}, limit {m}",
                providers_used.len()
            ),
        );
    }
    if let Some(ids) = &plan.provider_ids {
        let said: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        if said != providers_used || said.len() != ids.len() {
            bad(
                "REPORTED",
                "plan.providerIds".into(),
                format!("says {ids:?}, roster uses {providers_used:?}"),
            );
        }
    }
    if cost % 60 != 0 {
        bad(
            "FORMAT",
            "instance".into(),
            "hourlyCostCents * minutes is not a whole number of cents".into(),
        );
    }
    let objective = Objective {
        distinct_workers_per_class: class_workers.values().map(BTreeSet::len).sum::<usize>() as u64,
        providers: providers_used.len() as u64,
        cost_cents: u64::try_from((cost / 60).max(0)).unwrap_or(u64::MAX),
    };
    if let Some(cw) = &plan.class_workers {
        let claimed: BTreeMap<&str, Vec<&str>> = cw
            .iter()
            .map(|x| {
                let mut v: Vec<&str> = x.worker_ids.iter().map(String::as_str).collect();
                v.sort_unstable();
                (x.class_id.as_str(), v)
            })
            .collect();
        let all: BTreeSet<&str> = claimed
            .keys()
            .copied()
            .chain(class_workers.keys().copied())
            .collect();
        for c in all {
            let have: Vec<&str> = class_workers
                .get(c)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            let said = claimed.get(c).cloned().unwrap_or_default();
            if said != have {
                bad(
                    "REPORTED",
                    format!("plan.classWorkers[{c}]"),
                    format!("says {said:?}, roster has {have:?}"),
                );
            }
        }
    }
    match &plan.objective {
        Some(o) if *o == objective => {}
        o => bad(
            "REPORTED",
            "plan.objective".into(),
            format!("says {o:?}, recomputed {:?}", objective.tuple()),
        ),
    }
    out
}
