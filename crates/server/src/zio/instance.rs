//! A school's care in school time as a planning instance in the exchange format
//! `zio-plan/1` (docs/formats/zio.md): the register-driven planner and
//! `continuum zio plan --instance` read the same document, so they share one planning core.
//!
//! The time grid is derived from the register: every class's lesson times cut into slots of
//! the largest length that divides every lesson time and care block of the school (30
//! minutes for times on the hour and half hour), so a care block is a whole number of slots.

use continuum_domain::ids::{ClassId, OrgId, PupilId, WorkerId};
use continuum_domain::register::{NeedCategory, NeedMode, Qualification, WeekBlock, Weekday};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A class with its lesson times.
#[derive(Debug, Clone)]
pub struct PlanClass {
    pub id: ClassId,
    pub name: String,
    pub lesson_times: Vec<WeekBlock>,
}

/// One need of one pupil that the plan must cover.
#[derive(Debug, Clone)]
pub struct PlanNeed {
    pub pupil: PupilId,
    pub class: ClassId,
    pub category: NeedCategory,
    pub mode: NeedMode,
    pub qualification: Option<Qualification>,
    pub blocks: Vec<WeekBlock>,
    pub funder: PlanFunder,
    /// The family hires the care with a PGB: served by the family's own worker.
    pub pgb: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanFunder {
    pub id: OrgId,
    /// wlz, zvw, jeugdwet or wmo
    pub kind: String,
    pub name: String,
}

/// A provider that may supply care workers, with its workers current on the plan's date.
#[derive(Debug, Clone)]
pub struct PlanProvider {
    pub id: OrgId,
    pub name: String,
    pub workers: Vec<PlanWorker>,
}

#[derive(Debug, Clone)]
pub struct PlanWorker {
    pub id: WorkerId,
    pub name: String,
    pub qualifications: Vec<Qualification>,
    pub weekdays: Vec<Weekday>,
    /// Minutes; `None` = no limit of its own.
    pub max_minutes_per_week: Option<u32>,
    pub max_minutes_per_day: Option<u32>,
    pub hourly_cost_cents: i64,
}

/// Everything the instance is made of.
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub school: OrgId,
    pub school_name: String,
    pub instance_id: String,
    pub group_size: u32,
    pub max_providers: Option<u32>,
    pub classes: Vec<PlanClass>,
    /// Every pupil of the school with a class, with a need or not.
    pub pupils: Vec<(PupilId, ClassId)>,
    pub needs: Vec<PlanNeed>,
    pub providers: Vec<PlanProvider>,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The slot length: the largest length up to 60 minutes that divides every boundary.
fn slot_minutes(input: &PlanInput) -> u32 {
    let boundaries = input
        .classes
        .iter()
        .flat_map(|c| c.lesson_times.iter())
        .chain(input.needs.iter().flat_map(|n| n.blocks.iter()))
        .flat_map(|b| [u32::from(b.start()), u32::from(b.end())]);
    let g = boundaries.fold(60, gcd);
    g.max(1)
}

fn slot_id(day: Weekday, start: u32) -> String {
    format!("d{}-{:02}{:02}", day.iso(), start / 60, start % 60)
}

/// The slots (day, start) inside `blocks`, on a grid of `len` minutes.
fn slots_in(blocks: &[WeekBlock], len: u32) -> Vec<(Weekday, u32)> {
    let mut out = Vec::new();
    for b in blocks {
        let mut t = u32::from(b.start());
        while t + len <= u32::from(b.end()) {
            out.push((b.day(), t));
            t += len;
        }
    }
    out
}

/// A need the instance leaves out, and why (in Dutch, for the school).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub pupil: PupilId,
    pub category: NeedCategory,
    pub reason: String,
}

/// The instance as a `zio-plan/1` JSON document, and the needs it could not include.
pub fn instance(input: &PlanInput) -> (Value, Vec<LeftOut>) {
    let len = slot_minutes(input);
    let mut left_out = Vec::new();
    let mut slots: BTreeSet<(Weekday, u32)> = BTreeSet::new();
    let mut class_slots: BTreeMap<ClassId, BTreeSet<(Weekday, u32)>> = BTreeMap::new();
    for c in &input.classes {
        let own: BTreeSet<_> = slots_in(&c.lesson_times, len).into_iter().collect();
        slots.extend(own.iter().copied());
        class_slots.insert(c.id, own);
    }

    let mut funders: BTreeMap<OrgId, &PlanFunder> = BTreeMap::new();
    let mut needs = Vec::new();
    let mut pgb_workers = Vec::new();
    let mut taken: BTreeSet<(PupilId, Weekday, u32)> = BTreeSet::new();
    for (i, n) in input.needs.iter().enumerate() {
        let need_slots = slots_in(&n.blocks, len);
        let leave = |reason: &str| LeftOut {
            pupil: n.pupil,
            category: n.category,
            reason: reason.to_owned(),
        };
        if need_slots.is_empty() {
            left_out.push(leave("geen vaste blokken in de week vastgelegd"));
            continue;
        }
        let Some(own) = class_slots.get(&n.class) else {
            left_out.push(leave("de klas van de leerling is niet bekend"));
            continue;
        };
        if need_slots.iter().any(|s| !own.contains(s)) {
            left_out.push(leave("een blok valt buiten de lestijden van de klas"));
            continue;
        }
        if need_slots
            .iter()
            .any(|(d, t)| taken.contains(&(n.pupil, *d, *t)))
        {
            left_out.push(leave(
                "een blok valt samen met een andere behoefte van deze leerling",
            ));
            continue;
        }
        taken.extend(need_slots.iter().map(|(d, t)| (n.pupil, *d, *t)));
        funders.insert(n.funder.id, &n.funder);
        let need_id = format!("n{:04}", i + 1);
        let mut need = json!({
            "needId": need_id,
            "pupilId": n.pupil.to_string(),
            "category": n.category.code(),
            "mode": match n.mode { NeedMode::Individual => "individual", NeedMode::Group => "group" },
            "requiredQualification": n.qualification.as_ref().map(|q| q.as_str()),
            "funderId": n.funder.id.to_string(),
            "slotIds": need_slots.iter().map(|(d, t)| slot_id(*d, *t)).collect::<Vec<_>>(),
        });
        if n.pgb {
            let worker = format!("pgb-{need_id}");
            need["pgbWorkerId"] = json!(worker);
            pgb_workers.push(json!({
                "workerId": worker,
                "name": "pgb-zorgverlener van het gezin",
                "qualifications": n.qualification.iter().map(|q| q.as_str()).collect::<Vec<_>>(),
            }));
        }
        needs.push(need);
    }

    let day_slots: BTreeMap<Weekday, u32> = slots.iter().fold(BTreeMap::new(), |mut m, (d, _)| {
        *m.entry(*d).or_insert(0) += 1;
        m
    });
    let week_slots: u32 = day_slots.values().sum();
    let most_in_a_day = day_slots.values().copied().max().unwrap_or(0);
    let providers: Vec<Value> = input
        .providers
        .iter()
        .map(|p| {
            json!({
                "providerId": p.id.to_string(),
                "name": p.name,
                "workers": p.workers.iter().map(|w| json!({
                    "workerId": w.id.to_string(),
                    "name": w.name,
                    "qualifications": w.qualifications.iter().map(|q| q.as_str()).collect::<Vec<_>>(),
                    "availableWeekdays": w.weekdays.iter().map(|d| d.iso()).collect::<Vec<_>>(),
                    "maxSlotsPerWeek": w.max_minutes_per_week.map_or(week_slots, |m| m / len),
                    "maxSlotsPerDay": w.max_minutes_per_day.map_or(most_in_a_day, |m| m / len),
                    "hourlyCostCents": w.hourly_cost_cents,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "formatVersion": "zio-plan/1",
        "instanceId": input.instance_id,
        "generator": { "name": "continuum", "source": "register" },
        "school": { "schoolId": input.school.to_string(), "name": input.school_name, "cluster": "3/4" },
        "groupSize": input.group_size,
        "maxProviders": input.max_providers,
        "slots": slots.iter().map(|(d, t)| json!({
            "slotId": slot_id(*d, *t),
            "isoWeekday": d.iso(),
            "startTime": format!("{:02}:{:02}", t / 60, t % 60),
            "minutes": len,
        })).collect::<Vec<_>>(),
        "classes": input.classes.iter().map(|c| json!({
            "classId": c.id.to_string(),
            "name": c.name,
            "slotIds": class_slots.get(&c.id).into_iter().flatten().map(|(d, t)| slot_id(*d, *t)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "funders": funders.values().map(|f| json!({
            "funderId": f.id.to_string(), "kind": f.kind, "name": f.name,
        })).collect::<Vec<_>>(),
        "pupils": input.pupils.iter().map(|(p, c)| json!({
            "pupilId": p.to_string(), "classId": c.to_string(),
        })).collect::<Vec<_>>(),
        "needs": needs,
        "providers": providers,
        "pgbWorkers": pgb_workers,
    });
    (doc, left_out)
}

/// "Before": every pupil brings her own care worker per need category and funder. The
/// distinct workers per class, summed over the classes (the same measure as the plan's
/// first objective).
pub fn workers_before(input: &PlanInput) -> BTreeMap<ClassId, usize> {
    let mut per_class: BTreeMap<ClassId, BTreeSet<(PupilId, NeedCategory, OrgId)>> = input
        .classes
        .iter()
        .map(|c| (c.id, BTreeSet::new()))
        .collect();
    for n in &input.needs {
        per_class
            .entry(n.class)
            .or_default()
            .insert((n.pupil, n.category, n.funder.id));
    }
    per_class.into_iter().map(|(c, s)| (c, s.len())).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn blocks(s: &str) -> Vec<WeekBlock> {
        WeekBlock::parse_list(s).unwrap()
    }

    fn input() -> PlanInput {
        let class = ClassId::from_u128(1);
        let pupil = PupilId::from_u128(2);
        let other = PupilId::from_u128(3);
        let funder = PlanFunder {
            id: OrgId::from_u128(4),
            kind: "jeugdwet".into(),
            name: "Gemeente Tilburg".into(),
        };
        let need = |pupil, category, b: &str, pgb| PlanNeed {
            pupil,
            class,
            category,
            mode: NeedMode::Group,
            qualification: None,
            blocks: blocks(b),
            funder: funder.clone(),
            pgb,
        };
        PlanInput {
            school: OrgId::from_u128(5),
            school_name: "SO De Regenboog".into(),
            instance_id: "test".into(),
            group_size: 3,
            max_providers: Some(2),
            classes: vec![PlanClass {
                id: class,
                name: "SO-1".into(),
                lesson_times: blocks("ma 08:30-10:30;wo 08:30-09:30"),
            }],
            pupils: vec![(pupil, class), (other, class)],
            needs: vec![
                need(pupil, NeedCategory::Gedrag, "ma 09:00-10:00", false),
                need(other, NeedCategory::Begeleiding, "wo 08:30-09:00", true),
                need(other, NeedCategory::Sociaal, "ma 10:00-11:00", false),
                need(pupil, NeedCategory::Sociaal, "ma 09:30-10:00", false),
            ],
            providers: vec![PlanProvider {
                id: OrgId::from_u128(6),
                name: "Zorggroep".into(),
                workers: vec![PlanWorker {
                    id: WorkerId::from_u128(7),
                    name: "Fatima".into(),
                    qualifications: vec![],
                    weekdays: Weekday::SCHOOL_DAYS.to_vec(),
                    max_minutes_per_week: Some(24 * 60),
                    max_minutes_per_day: None,
                    hourly_cost_cents: 6_400,
                }],
            }],
        }
    }

    #[test]
    fn the_grid_follows_the_lesson_times_and_needs_become_slots() {
        let (doc, left_out) = instance(&input());
        let slots: Vec<&str> = doc["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["slotId"].as_str().unwrap())
            .collect();
        // 30-minute slots: four on Monday 08:30-10:30, two on Wednesday 08:30-09:30.
        assert_eq!(
            slots,
            [
                "d1-0830", "d1-0900", "d1-0930", "d1-1000", "d3-0830", "d3-0900"
            ]
        );
        assert_eq!(doc["needs"][0]["slotIds"], json!(["d1-0900", "d1-0930"]));
        // The PGB need names the family's own worker.
        assert_eq!(doc["needs"][1]["pgbWorkerId"], "pgb-n0002");
        assert_eq!(doc["pgbWorkers"][0]["workerId"], "pgb-n0002");
        // 24 hours a week are 48 half-hour slots; no day limit: the longest school day.
        assert_eq!(doc["providers"][0]["workers"][0]["maxSlotsPerWeek"], 48);
        assert_eq!(doc["providers"][0]["workers"][0]["maxSlotsPerDay"], 4);
        // Outside the lesson times, or overlapping another need of the pupil: left out, said why.
        assert_eq!(
            left_out
                .iter()
                .map(|l| l.reason.as_str())
                .collect::<Vec<_>>(),
            [
                "een blok valt buiten de lestijden van de klas",
                "een blok valt samen met een andere behoefte van deze leerling"
            ]
        );
    }

    #[test]
    fn before_counts_a_worker_per_pupil_category_and_funder() {
        let before = workers_before(&input());
        assert_eq!(before.values().copied().collect::<Vec<_>>(), [4]);
    }
}
