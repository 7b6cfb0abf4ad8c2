//! Checked instance: parsing, the validity rules of FORMAT.md §1, and the index (plain
//! integer indices instead of strings) the planner works on.

use std::collections::HashMap;

use crate::format::{FORMAT_VERSION, InstanceData, Mode};

/// Why an instance was rejected: the JSON path of the offending field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct InstanceError {
    /// JSON path of the offending field, e.g. `needs[12].slotIds[1]` (`$` = the document).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl InstanceError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A slot of the time grid, indexed.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// Index of the weekday among the instance's distinct weekdays (0-based).
    pub day: u8,
    /// Length in minutes.
    pub minutes: u32,
}

/// A class, indexed.
#[derive(Debug, Clone)]
pub(crate) struct Class {
    /// `in_timetable[t]`.
    pub in_timetable: Vec<bool>,
}

/// A need, indexed.
#[derive(Debug, Clone)]
pub(crate) struct Need {
    pub class: u16,
    pub mode: Mode,
    pub qual: Option<u16>,
    /// Index into `Index::pgb_workers`.
    pub pgb: Option<u32>,
    pub slots: Vec<u16>,
}

/// A provider worker, indexed.
#[derive(Debug, Clone)]
pub(crate) struct Worker {
    pub provider: u16,
    /// Sorted qualification indices.
    pub quals: Vec<u16>,
    /// `available[day]`.
    pub available: Vec<bool>,
    pub max_week: u32,
    pub max_day: u32,
    pub hourly_cents: u64,
}

impl Worker {
    pub(crate) fn holds(&self, q: Option<u16>) -> bool {
        q.is_none_or(|q| self.quals.binary_search(&q).is_ok())
    }
}

/// The integer index of a checked instance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub slots: Vec<Slot>,
    /// ISO weekday of each day index.
    pub day_iso: Vec<u8>,
    pub classes: Vec<Class>,
    pub needs: Vec<Need>,
    /// Provider workers, in instance order over all providers.
    pub workers: Vec<Worker>,
    /// `(provider, index in provider.workers)` of each worker, for ids.
    pub worker_pos: Vec<(usize, usize)>,
    pub n_providers: usize,
    /// Qualification names.
    pub quals: Vec<String>,
}

/// A checked `zio-plan/1` instance. Build it with [`Instance::parse`] or
/// [`Instance::from_data`]; the raw document stays available via [`Instance::data`].
#[derive(Debug, Clone)]
pub struct Instance {
    data: InstanceData,
    pub(crate) index: Index,
}

impl Instance {
    /// Parses and checks a `zio-plan/1` instance. Rejects malformed JSON, missing or
    /// mistyped fields and every invalidity of FORMAT.md §1, naming the JSON path.
    ///
    /// # Errors
    /// [`InstanceError`] with the path of the first offending field and the reason.
    pub fn parse(json: &str) -> Result<Self, InstanceError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let data: InstanceData = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." || path.is_empty() {
                "$".to_owned()
            } else {
                path
            };
            InstanceError::new(path, e.into_inner().to_string())
        })?;
        Self::from_data(data)
    }

    /// Checks an already deserialised instance (see [`Instance::parse`]).
    ///
    /// # Errors
    /// [`InstanceError`] naming the first offending field.
    pub fn from_data(data: InstanceData) -> Result<Self, InstanceError> {
        let index = build_index(&data)?;
        Ok(Self { data, index })
    }

    /// The raw instance document.
    #[must_use]
    pub fn data(&self) -> &InstanceData {
        &self.data
    }
}

fn check_id(path: String, id: &str) -> Result<(), InstanceError> {
    if id.is_empty() {
        return Err(InstanceError::new(path, "identifier must not be empty"));
    }
    Ok(())
}

fn unique<'a>(
    seen: &mut HashMap<&'a str, String>,
    id: &'a str,
    path: String,
    kind: &str,
) -> Result<(), InstanceError> {
    check_id(path.clone(), id)?;
    if let Some(first) = seen.get(id) {
        return Err(InstanceError::new(
            path,
            format!("{kind} \"{id}\" is not unique (also at {first})"),
        ));
    }
    seen.insert(id, path);
    Ok(())
}

fn parse_time(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn to_u32(v: i64, path: String, what: &str) -> Result<u32, InstanceError> {
    u32::try_from(v).map_err(|_| {
        InstanceError::new(path, format!("{what} must be a whole number ≥ 0, got {v}"))
    })
}

#[allow(clippy::too_many_lines)]
fn build_index(d: &InstanceData) -> Result<Index, InstanceError> {
    if d.format_version != FORMAT_VERSION {
        return Err(InstanceError::new(
            "formatVersion",
            format!("is \"{}\", expected \"{FORMAT_VERSION}\"", d.format_version),
        ));
    }
    if d.group_size < 1 {
        return Err(InstanceError::new(
            "groupSize",
            format!("must be at least 1, got {}", d.group_size),
        ));
    }
    if let Some(m) = d.max_providers
        && m < 1
    {
        return Err(InstanceError::new(
            "maxProviders",
            format!("must be at least 1 or null, got {m}"),
        ));
    }
    if d.slots.len() > usize::from(u16::MAX) || d.classes.len() > usize::from(u16::MAX) {
        return Err(InstanceError::new(
            "$",
            "too many slots or classes (at most 65535)",
        ));
    }

    // ---- slots
    let mut slot_ids: HashMap<&str, String> = HashMap::new();
    let mut slot_of: HashMap<&str, u16> = HashMap::new();
    let mut day_iso: Vec<u8> = Vec::new();
    let mut slots = Vec::with_capacity(d.slots.len());
    let mut spans: Vec<(u8, u32, u32, usize)> = Vec::new();
    for (i, s) in d.slots.iter().enumerate() {
        let p = format!("slots[{i}]");
        unique(&mut slot_ids, &s.slot_id, format!("{p}.slotId"), "slotId")?;
        if !(1..=7).contains(&s.iso_weekday) {
            return Err(InstanceError::new(
                format!("{p}.isoWeekday"),
                format!("must be an ISO weekday 1..7, got {}", s.iso_weekday),
            ));
        }
        if s.minutes <= 0 || s.minutes > 24 * 60 {
            return Err(InstanceError::new(
                format!("{p}.minutes"),
                format!("must be > 0 and at most a day, got {}", s.minutes),
            ));
        }
        let minutes = to_u32(s.minutes, format!("{p}.minutes"), "minutes")?;
        let Some(start) = parse_time(&s.start_time) else {
            return Err(InstanceError::new(
                format!("{p}.startTime"),
                format!("\"{}\" is not a local time HH:MM", s.start_time),
            ));
        };
        let iso = s.iso_weekday as u8;
        let day = match day_iso.iter().position(|&x| x == iso) {
            Some(k) => k,
            None => {
                day_iso.push(iso);
                day_iso.len() - 1
            }
        };
        spans.push((iso, start, start + minutes, i));
        slot_of.insert(&s.slot_id, i as u16);
        slots.push(Slot {
            day: day as u8,
            minutes,
        });
    }
    spans.sort_unstable();
    for w in spans.windows(2) {
        if w[0].0 == w[1].0 && w[1].1 < w[0].2 {
            return Err(InstanceError::new(
                format!("slots[{}]", w[1].3),
                format!(
                    "slot \"{}\" overlaps slot \"{}\" on the same weekday",
                    d.slots[w[1].3].slot_id, d.slots[w[0].3].slot_id
                ),
            ));
        }
    }

    // ---- classes
    let mut class_ids: HashMap<&str, String> = HashMap::new();
    let mut class_of: HashMap<&str, u16> = HashMap::new();
    let mut classes = Vec::with_capacity(d.classes.len());
    for (i, c) in d.classes.iter().enumerate() {
        let p = format!("classes[{i}]");
        unique(
            &mut class_ids,
            &c.class_id,
            format!("{p}.classId"),
            "classId",
        )?;
        class_of.insert(&c.class_id, i as u16);
        let mut in_timetable = vec![false; slots.len()];
        for (j, sid) in c.slot_ids.iter().enumerate() {
            let Some(&t) = slot_of.get(sid.as_str()) else {
                return Err(InstanceError::new(
                    format!("{p}.slotIds[{j}]"),
                    format!("unknown slot \"{sid}\""),
                ));
            };
            if in_timetable[usize::from(t)] {
                return Err(InstanceError::new(
                    format!("{p}.slotIds[{j}]"),
                    format!("slot \"{sid}\" is listed twice"),
                ));
            }
            in_timetable[usize::from(t)] = true;
        }
        classes.push(Class { in_timetable });
    }

    // ---- funders, pupils
    let mut funder_ids: HashMap<&str, String> = HashMap::new();
    for (i, f) in d.funders.iter().enumerate() {
        unique(
            &mut funder_ids,
            &f.funder_id,
            format!("funders[{i}].funderId"),
            "funderId",
        )?;
    }
    let mut pupil_ids: HashMap<&str, String> = HashMap::new();
    let mut pupil_of: HashMap<&str, (u32, u16)> = HashMap::new();
    for (i, p) in d.pupils.iter().enumerate() {
        let path = format!("pupils[{i}]");
        unique(
            &mut pupil_ids,
            &p.pupil_id,
            format!("{path}.pupilId"),
            "pupilId",
        )?;
        let Some(&c) = class_of.get(p.class_id.as_str()) else {
            return Err(InstanceError::new(
                format!("{path}.classId"),
                format!("unknown class \"{}\"", p.class_id),
            ));
        };
        pupil_of.insert(&p.pupil_id, (i as u32, c));
    }

    // ---- workers
    let mut quals: Vec<String> = Vec::new();
    let mut qual_of: HashMap<String, u16> = HashMap::new();
    let mut intern = |q: &str| -> u16 {
        if let Some(&k) = qual_of.get(q) {
            return k;
        }
        quals.push(q.to_owned());
        let k = (quals.len() - 1) as u16;
        qual_of.insert(q.to_owned(), k);
        k
    };
    let mut worker_ids: HashMap<&str, String> = HashMap::new();
    let mut provider_ids: HashMap<&str, String> = HashMap::new();
    let mut workers = Vec::new();
    let mut worker_pos = Vec::new();
    for (pi, p) in d.providers.iter().enumerate() {
        unique(
            &mut provider_ids,
            &p.provider_id,
            format!("providers[{pi}].providerId"),
            "providerId",
        )?;
        for (wi, w) in p.workers.iter().enumerate() {
            let path = format!("providers[{pi}].workers[{wi}]");
            unique(
                &mut worker_ids,
                &w.worker_id,
                format!("{path}.workerId"),
                "workerId",
            )?;
            let max_week = to_u32(
                w.max_slots_per_week,
                format!("{path}.maxSlotsPerWeek"),
                "maxSlotsPerWeek",
            )?;
            let max_day = to_u32(
                w.max_slots_per_day,
                format!("{path}.maxSlotsPerDay"),
                "maxSlotsPerDay",
            )?;
            if w.hourly_cost_cents > 100_000_000 {
                return Err(InstanceError::new(
                    format!("{path}.hourlyCostCents"),
                    format!(
                        "{} cents per hour is implausibly large (at most 100000000)",
                        w.hourly_cost_cents
                    ),
                ));
            }
            if w.hourly_cost_cents < 0 {
                return Err(InstanceError::new(
                    format!("{path}.hourlyCostCents"),
                    format!("must be ≥ 0, got {}", w.hourly_cost_cents),
                ));
            }
            let hourly = w.hourly_cost_cents as u64;
            let mut available = vec![true; day_iso.len()];
            if let Some(days) = &w.available_weekdays {
                for (k, &x) in days.iter().enumerate() {
                    if !(1..=7).contains(&x) {
                        return Err(InstanceError::new(
                            format!("{path}.availableWeekdays[{k}]"),
                            format!("must be an ISO weekday 1..7, got {x}"),
                        ));
                    }
                }
                for (k, &iso) in day_iso.iter().enumerate() {
                    available[k] = days.contains(&i64::from(iso));
                }
            }
            for (ti, s) in slots.iter().enumerate() {
                if !(hourly * u64::from(s.minutes)).is_multiple_of(60) {
                    return Err(InstanceError::new(
                        format!("{path}.hourlyCostCents"),
                        format!(
                            "{hourly} cents/hour × {} minutes of slot \"{}\" is not a whole number of cents",
                            s.minutes, d.slots[ti].slot_id
                        ),
                    ));
                }
            }
            let mut qs: Vec<u16> = w.qualifications.iter().map(|q| intern(q)).collect();
            qs.sort_unstable();
            qs.dedup();
            workers.push(Worker {
                provider: pi as u16,
                quals: qs,
                available,
                max_week,
                max_day,
                hourly_cents: hourly,
            });
            worker_pos.push((pi, wi));
        }
    }
    let mut pgb_of: HashMap<&str, u32> = HashMap::new();
    for (i, w) in d.pgb_workers.iter().enumerate() {
        unique(
            &mut worker_ids,
            &w.worker_id,
            format!("pgbWorkers[{i}].workerId"),
            "workerId",
        )?;
        pgb_of.insert(&w.worker_id, i as u32);
    }

    // ---- needs
    let mut need_ids: HashMap<&str, String> = HashMap::new();
    let mut pupil_slot: HashMap<(u32, u16), usize> = HashMap::new();
    let mut pgb_slot: HashMap<(u32, u16), (u16, usize)> = HashMap::new();
    let mut needs = Vec::with_capacity(d.needs.len());
    for (i, n) in d.needs.iter().enumerate() {
        let p = format!("needs[{i}]");
        unique(&mut need_ids, &n.need_id, format!("{p}.needId"), "needId")?;
        let Some(&(pupil, class)) = pupil_of.get(n.pupil_id.as_str()) else {
            return Err(InstanceError::new(
                format!("{p}.pupilId"),
                format!("unknown pupil \"{}\"", n.pupil_id),
            ));
        };
        if !funder_ids.contains_key(n.funder_id.as_str()) {
            return Err(InstanceError::new(
                format!("{p}.funderId"),
                format!("unknown funder \"{}\"", n.funder_id),
            ));
        }
        let qual = match &n.required_qualification {
            Some(q) if q.is_empty() => {
                return Err(InstanceError::new(
                    format!("{p}.requiredQualification"),
                    "must be null or a non-empty string",
                ));
            }
            Some(q) => Some(intern(q)),
            None => None,
        };
        let pgb = match &n.pgb_worker_id {
            None => None,
            Some(id) => {
                let Some(&k) = pgb_of.get(id.as_str()) else {
                    let why = if worker_ids.contains_key(id.as_str()) {
                        format!("\"{id}\" is a provider worker, not a PGB worker")
                    } else {
                        format!("unknown PGB worker \"{id}\"")
                    };
                    return Err(InstanceError::new(format!("{p}.pgbWorkerId"), why));
                };
                if let Some(q) = &n.required_qualification
                    && !d.pgb_workers[k as usize].qualifications.contains(q)
                {
                    return Err(InstanceError::new(
                        format!("{p}.pgbWorkerId"),
                        format!(
                            "PGB worker \"{id}\" does not hold the required qualification \"{q}\""
                        ),
                    ));
                }
                Some(k)
            }
        };
        let cl = &classes[usize::from(class)];
        let mut list = Vec::with_capacity(n.slot_ids.len());
        for (j, sid) in n.slot_ids.iter().enumerate() {
            let sp = format!("{p}.slotIds[{j}]");
            let Some(&t) = slot_of.get(sid.as_str()) else {
                return Err(InstanceError::new(sp, format!("unknown slot \"{sid}\"")));
            };
            if !cl.in_timetable[usize::from(t)] {
                return Err(InstanceError::new(
                    sp,
                    format!(
                        "slot \"{sid}\" is not in the timetable of class \"{}\"",
                        d.classes[usize::from(class)].class_id
                    ),
                ));
            }
            if let Some(&other) = pupil_slot.get(&(pupil, t)) {
                return Err(InstanceError::new(
                    sp,
                    format!(
                        "pupil \"{}\" already has need \"{}\" in slot \"{sid}\" (at most one need per pupil per slot)",
                        n.pupil_id, d.needs[other].need_id
                    ),
                ));
            }
            pupil_slot.insert((pupil, t), i);
            if let Some(k) = pgb {
                if let Some(&(c2, other)) = pgb_slot.get(&(k, t))
                    && c2 != class
                {
                    return Err(InstanceError::new(
                        sp,
                        format!(
                            "PGB worker \"{}\" is needed in two classes in slot \"{sid}\" (also by need \"{}\")",
                            d.pgb_workers[k as usize].worker_id, d.needs[other].need_id
                        ),
                    ));
                }
                pgb_slot.insert((k, t), (class, i));
            }
            list.push(t);
        }
        list.sort_unstable();
        needs.push(Need {
            class,
            mode: n.mode,
            qual,
            pgb,
            slots: list,
        });
    }

    Ok(Index {
        slots,
        day_iso,
        classes,
        needs,
        workers,
        worker_pos,
        n_providers: d.providers.len(),
        quals,
    })
}
