//! A Rust port of `gen_instance.py` (same logic, same distributions, same sizing of
//! providers), so benchmarks and tests need no Python. The random stream is `fastrand`'s,
//! not Python's Mersenne Twister: the same arguments give the same instance in Rust, but
//! not the same instance as the Python script.

use std::collections::{BTreeMap, BTreeSet};

use crate::format::{
    ClassData, FORMAT_VERSION, FunderData, InstanceData, Mode, NeedData, PgbWorkerData,
    ProviderData, PupilData, SlotData, WorkerData,
};

/// (category, weight %, hours/week range, P(group-capable), [(qualification, P)]).
type Category = (
    &'static str,
    u32,
    (u32, u32),
    f64,
    &'static [(&'static str, f64)],
);

const CATEGORIES: [Category; 8] = [
    ("begeleiding", 18, (2, 5), 0.60, &[]),
    ("gedrag", 24, (3, 7), 0.70, &[("gedrag", 0.25)]),
    ("psychisch", 21, (2, 5), 0.40, &[("gedrag", 0.25)]),
    ("sociaal", 10, (2, 4), 0.90, &[]),
    ("verzorging", 8, (3, 5), 0.10, &[]),
    ("paramedisch", 5, (1, 2), 0.00, &[("paramedisch", 1.0)]),
    ("verpleging", 3, (3, 5), 0.00, &[("voorbehouden", 0.70)]),
    ("geneeskundig", 1, (1, 3), 0.00, &[("voorbehouden", 1.0)]),
];

const MUNICIPALITIES: [&str; 12] = [
    "Utrecht",
    "Amersfoort",
    "Nieuwegein",
    "Zeist",
    "Houten",
    "IJsselstein",
    "Vianen",
    "Stichtse Vecht",
    "De Bilt",
    "Woerden",
    "Bunnik",
    "Lopik",
];
const ZORGKANTOREN: [(&str, f64); 3] = [
    ("Zorgkantoor Utrecht", 70.0),
    ("Zorgkantoor 't Gooi", 20.0),
    ("Zorgkantoor Midden-Holland", 10.0),
];
const INSURERS: [(&str, f64); 6] = [
    ("Zilveren Kruis", 30.0),
    ("VGZ", 24.0),
    ("CZ", 22.0),
    ("Menzis", 13.0),
    ("DSW", 6.0),
    ("ONVZ", 5.0),
];
const PROVIDER_NAMES: [&str; 6] = [
    "Zorggroep De Linde",
    "Stichting Kwadrant Kindzorg",
    "Kindzorg Plus",
    "Sterk in de Klas",
    "Zorgcollectief Eemland",
    "Stichting Samen Onderweg",
];

/// Generator parameters (the command-line arguments of `gen_instance.py`).
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Number of pupils (8–14 per class).
    pub pupils: usize,
    /// Number of classes.
    pub classes: usize,
    /// Seed.
    pub seed: u64,
    /// 60 or 30.
    pub block_minutes: u32,
    /// G.
    pub group_size: usize,
    /// Provider limit.
    pub max_providers: i64,
}

impl GenOptions {
    /// Defaults of `gen_instance.py`: 60-minute blocks, G = 3, at most 2 providers.
    #[must_use]
    pub fn new(pupils: usize, classes: usize, seed: u64) -> Self {
        Self {
            pupils,
            classes,
            seed,
            block_minutes: 60,
            group_size: 3,
            max_providers: 2,
        }
    }
}

fn weighted<T: Copy>(rng: &mut fastrand::Rng, pairs: &[(T, f64)]) -> Option<T> {
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    let mut r = rng.f64() * total;
    for &(item, w) in pairs {
        r -= w;
        if r < 0.0 {
            return Some(item);
        }
    }
    pairs.last().map(|p| p.0)
}

struct GSlot {
    id: String,
    day: i64,
    start: String,
}

/// Generates a realistic cluster 3/4 school instance, like `gen_instance.py`.
///
/// # Errors
/// When the pupils cannot fill the classes with 8–14 pupils each, or the block length is
/// not 30 or 60.
#[allow(clippy::too_many_lines)]
pub fn generate(o: &GenOptions) -> Result<InstanceData, String> {
    let (n, c) = (o.pupils, o.classes);
    if c == 0 || !(8 * c <= n && n <= 14 * c) {
        return Err(format!("{n} pupils cannot fill {c} classes of 8-14 pupils"));
    }
    if o.block_minutes != 60 && o.block_minutes != 30 {
        return Err("block minutes must be 30 or 60".into());
    }
    let mut rng = fastrand::Rng::with_seed(o.seed);
    let bm = o.block_minutes;
    let per_hour = 60 / bm;
    let g = o.group_size.max(1);

    // grid: 08:30 onward, 6 hours (Wednesday 4)
    let mut grid = Vec::new();
    for day in 1..=5i64 {
        let hours = if day == 3 { 4 } else { 6 };
        for i in 0..hours * per_hour {
            let start = 8 * 60 + 30 + i * bm;
            grid.push(GSlot {
                id: format!("d{day}-{:02}{:02}", start / 60, start % 60),
                day,
                start: format!("{:02}:{:02}", start / 60, start % 60),
            });
        }
    }
    // class sizes with jitter
    let mut sizes: Vec<usize> = (0..c).map(|i| n / c + usize::from(i < n % c)).collect();
    for _ in 0..4 * c {
        let (a, b) = (rng.usize(..c), rng.usize(..c));
        if a != b && sizes[a] > 8 && sizes[b] < 14 {
            sizes[a] -= 1;
            sizes[b] += 1;
        }
    }
    let n_so = c.div_ceil(2);
    let mut classes = Vec::new();
    let mut class_slots: Vec<Vec<usize>> = Vec::new();
    for (i, _) in sizes.iter().enumerate() {
        let so = i < n_so;
        let ids: Vec<usize> = (0..grid.len())
            .filter(|&t| !(so && grid[t].day == 3 && grid[t].start.as_str() >= "11:30"))
            .collect();
        classes.push(ClassData {
            class_id: format!("k{:02}", i + 1),
            name: if so {
                format!("SO-{}", i + 1)
            } else {
                format!("VSO-{}", i - n_so + 1)
            },
            slot_ids: ids.iter().map(|&t| grid[t].id.clone()).collect(),
        });
        class_slots.push(ids);
    }

    let mut funders: Vec<FunderData> = Vec::new();
    let mut funder_ids: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut funder = |kind: &str, name: &str, funders: &mut Vec<FunderData>| -> String {
        let key = (kind.to_owned(), name.to_owned());
        if let Some(id) = funder_ids.get(&key) {
            return id.clone();
        }
        let id = format!("f{:02}", funders.len() + 1);
        funders.push(FunderData {
            funder_id: id.clone(),
            kind: kind.to_owned(),
            name: name.to_owned(),
        });
        funder_ids.insert(key, id.clone());
        id
    };
    let muni: Vec<(&str, f64)> = MUNICIPALITIES
        .iter()
        .enumerate()
        .map(|(i, m)| (*m, 1.0 / (1.0 + 0.35 * i as f64)))
        .collect();
    let cat_pairs: Vec<(usize, f64)> = CATEGORIES
        .iter()
        .enumerate()
        .map(|(i, c)| (i, f64::from(c.1)))
        .collect();

    let mut pupils = Vec::new();
    let mut pupil_class = Vec::new();
    let mut needs: Vec<NeedData> = Vec::new();
    let mut need_class: Vec<usize> = Vec::new();
    let mut pgb_workers: Vec<PgbWorkerData> = Vec::new();
    for (ci, &size) in sizes.iter().enumerate() {
        let so = ci < n_so;
        let cslots = &class_slots[ci];
        let n_hot = ((0.4 * cslots.len() as f64) as usize).max(1);
        let mut pool = cslots.clone();
        rng.shuffle(&mut pool);
        let hot: BTreeSet<usize> = pool.into_iter().take(n_hot).collect();
        for _ in 0..size {
            let pid = format!("l{:04}", pupils.len() + 1);
            let age = if so {
                rng.u32(5..=12)
            } else {
                rng.u32(12..=20)
            };
            pupils.push(PupilData {
                pupil_id: pid.clone(),
                class_id: classes[ci].class_id.clone(),
            });
            pupil_class.push(ci);
            if rng.f64() >= 0.72 {
                continue;
            }
            let wlz = rng.f64() < 0.12;
            let woonplaats = weighted(&mut rng, &muni).unwrap_or("Utrecht");
            let insurer = weighted(&mut rng, &INSURERS).unwrap_or("VGZ");
            let zk = weighted(&mut rng, &ZORGKANTOREN).unwrap_or("Zorgkantoor Utrecht");
            let k = weighted(&mut rng, &[(1usize, 60.0), (2, 30.0), (3, 10.0)]).unwrap_or(1);
            let mut cats: Vec<usize> = Vec::new();
            while cats.len() < k {
                if let Some(x) = weighted(&mut rng, &cat_pairs)
                    && !cats.contains(&x)
                {
                    cats.push(x);
                }
            }
            let mut free: Vec<usize> = cslots.clone();
            let has_pgb = rng.f64() < 0.05;
            for (k_i, &cat) in cats.iter().enumerate() {
                let (name, _, (hlo, hhi), p_group, quals) = CATEGORIES[cat];
                let hours = rng.u32(hlo..=hhi);
                let blocks = (hours * per_hour) as usize;
                let grouped = rng.f64() < p_group;
                let mut qual = None;
                for &(q, p) in quals {
                    if rng.f64() < p {
                        qual = Some(q.to_owned());
                    }
                }
                let fid = if wlz && name != "geneeskundig" {
                    funder("wlz", zk, &mut funders)
                } else if matches!(name, "verpleging" | "geneeskundig" | "paramedisch")
                    || (name == "verzorging" && rng.f64() < 0.5)
                {
                    funder("zvw", insurer, &mut funders)
                } else if age >= 18 {
                    funder("wmo", &format!("Gemeente {woonplaats}"), &mut funders)
                } else {
                    funder("jeugdwet", &format!("Gemeente {woonplaats}"), &mut funders)
                };
                let spread =
                    matches!(name, "verzorging" | "verpleging" | "geneeskundig") || blocks >= 3;
                // pick_slots
                let cap = blocks.div_ceil(5) + 1;
                let mut chosen: Vec<usize> = Vec::new();
                let mut per_day: BTreeMap<i64, usize> = BTreeMap::new();
                let mut pool: Vec<usize> = free.clone();
                while chosen.len() < blocks && !pool.is_empty() {
                    let weights: Vec<(usize, f64)> = pool
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (i, if grouped && hot.contains(s) { 6.0 } else { 1.0 }))
                        .collect();
                    let Some(pi) = weighted(&mut rng, &weights) else {
                        break;
                    };
                    let s = pool.remove(pi);
                    let day = grid[s].day;
                    if spread && per_day.get(&day).copied().unwrap_or(0) >= cap {
                        continue;
                    }
                    *per_day.entry(day).or_default() += 1;
                    chosen.push(s);
                }
                free.retain(|s| !chosen.contains(s));
                if chosen.is_empty() {
                    continue;
                }
                chosen.sort_unstable();
                let mut need = NeedData {
                    need_id: format!("n{:04}", needs.len() + 1),
                    pupil_id: pid.clone(),
                    category: name.to_owned(),
                    mode: if grouped {
                        Mode::Group
                    } else {
                        Mode::Individual
                    },
                    required_qualification: qual.clone(),
                    funder_id: fid,
                    slot_ids: chosen.iter().map(|&s| grid[s].id.clone()).collect(),
                    pgb_worker_id: None,
                };
                if has_pgb && k_i == 0 && name != "paramedisch" {
                    let wid = format!("pgb{:02}", pgb_workers.len() + 1);
                    pgb_workers.push(PgbWorkerData {
                        worker_id: wid.clone(),
                        name: format!("PGB-zorgverlener {}", pgb_workers.len() + 1),
                        qualifications: qual.into_iter().collect(),
                    });
                    need.pgb_worker_id = Some(wid);
                }
                needs.push(need);
                need_class.push(ci);
            }
        }
    }

    // providers sized against demand
    let slot_index: BTreeMap<&str, usize> = grid
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut peak_sum = 0usize;
    let mut slot_load: BTreeMap<usize, usize> = BTreeMap::new();
    for ci in 0..c {
        let mut per_slot: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (ni, nd) in needs.iter().enumerate() {
            if nd.pgb_worker_id.is_some() || need_class[ni] != ci {
                continue;
            }
            for s in &nd.slot_ids {
                let t = slot_index.get(s.as_str()).copied().unwrap_or(0);
                let e = per_slot.entry(t).or_default();
                if nd.mode == Mode::Individual {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
        peak_sum += per_slot
            .values()
            .map(|(i, gr)| i + gr.div_ceil(g))
            .max()
            .unwrap_or(0);
        for (t, (i, gr)) in per_slot {
            *slot_load.entry(t).or_default() += i + gr.div_ceil(g);
        }
    }
    let busiest = slot_load.values().copied().max().unwrap_or(1);
    let n_prov = rng.usize(2..=4);
    let mut providers: Vec<ProviderData> = Vec::new();
    let mut wno = 0;
    let full_week_of = |days: &[i64]| grid.iter().filter(|s| days.contains(&s.day)).count() as i64;
    for p in 0..n_prov {
        let target = (peak_sum as f64 * (0.40 + 0.45 * rng.f64())).max(busiest as f64 / 1.6);
        let size = (target.round() as usize).clamp(5, 40);
        let mut workers = Vec::new();
        for i in 0..size {
            wno += 1;
            let r = rng.f64();
            let (mut quals, mut cost): (Vec<String>, i64) = if i == 0 || r < 0.08 {
                (vec!["voorbehouden".into()], rng.i64(60..=75))
            } else if r < 0.14 {
                (vec!["paramedisch".into()], rng.i64(65..=80))
            } else if r < 0.40 {
                (vec!["gedrag".into()], rng.i64(50..=60))
            } else {
                (Vec::new(), rng.i64(42..=52))
            };
            if i == 1 && p == 0 {
                quals = vec!["paramedisch".into()];
                cost = rng.i64(65..=80);
            }
            let part_time = rng.f64() < 0.35;
            let days: Vec<i64> = if part_time {
                let k = if rng.bool() { 3 } else { 4 };
                let mut d: Vec<i64> = (1..=5).collect();
                rng.shuffle(&mut d);
                d.truncate(k);
                d.sort_unstable();
                d
            } else {
                vec![1, 2, 3, 4, 5]
            };
            let full_week = full_week_of(&days);
            let ph = i64::from(per_hour);
            let week = if part_time {
                full_week.min([14, 16, 18][rng.usize(..3)] * ph)
            } else {
                full_week.min([20, 22, 24, 26][rng.usize(..4)] * ph)
            };
            workers.push(WorkerData {
                worker_id: format!("w{wno:03}"),
                name: format!("Zorgmedewerker {wno}"),
                qualifications: quals,
                available_weekdays: Some(days),
                max_slots_per_week: week,
                max_slots_per_day: [5, 6][rng.usize(..2)] * ph,
                hourly_cost_cents: cost * 100,
            });
        }
        providers.push(ProviderData {
            provider_id: format!("p{}", p + 1),
            name: PROVIDER_NAMES[p % PROVIDER_NAMES.len()].to_owned(),
            workers,
        });
    }

    // make the first two providers together able to staff every slot
    let week: Vec<i64> = vec![1, 2, 3, 4, 5];
    let mut q_load: BTreeMap<(String, usize, usize, bool), usize> = BTreeMap::new();
    for (ni, nd) in needs.iter().enumerate() {
        if let Some(q) = &nd.required_qualification
            && nd.pgb_worker_id.is_none()
        {
            for s in &nd.slot_ids {
                let t = slot_index.get(s.as_str()).copied().unwrap_or(0);
                *q_load
                    .entry((q.clone(), t, need_class[ni], nd.mode == Mode::Individual))
                    .or_default() += 1;
            }
        }
    }
    let mut q_peak: BTreeMap<(String, usize), usize> = BTreeMap::new();
    for ((q, t, _, ind), k) in &q_load {
        *q_peak.entry((q.clone(), *t)).or_default() += if *ind { *k } else { k.div_ceil(g) };
    }
    let qs: BTreeSet<String> = q_peak.keys().map(|k| k.0.clone()).collect();
    let mut first_two: Vec<&mut WorkerData> = providers
        .iter_mut()
        .take(2)
        .flat_map(|p| p.workers.iter_mut())
        .collect();
    for q in qs {
        let want = q_peak
            .iter()
            .filter(|(k, _)| k.0 == q)
            .map(|(_, v)| *v)
            .max()
            .unwrap_or(0)
            + 1;
        let mut have = first_two
            .iter()
            .filter(|w| {
                w.qualifications.contains(&q) && w.available_weekdays.as_deref() == Some(&week[..])
            })
            .count();
        let mut spare: Vec<usize> = (0..first_two.len())
            .filter(|&i| first_two[i].qualifications.is_empty())
            .collect();
        while have < want && !spare.is_empty() {
            let i = spare.remove(rng.usize(..spare.len()));
            let w = &mut first_two[i];
            w.qualifications = vec![q.clone()];
            w.available_weekdays = Some(week.clone());
            w.max_slots_per_week = 24 * i64::from(per_hour);
            w.hourly_cost_cents = match q.as_str() {
                "voorbehouden" => 6600,
                "paramedisch" => 7200,
                "gedrag" => 5500,
                _ => 5000,
            };
            have += 1;
        }
    }
    let mut part: Vec<usize> = (0..first_two.len())
        .filter(|&i| first_two[i].available_weekdays.as_deref() != Some(&week[..]))
        .collect();
    part.reverse();
    while first_two
        .iter()
        .filter(|w| w.available_weekdays.as_deref() == Some(&week[..]))
        .count()
        < busiest + 2
    {
        let Some(i) = part.pop() else { break };
        first_two[i].available_weekdays = Some(week.clone());
        first_two[i].max_slots_per_week = 22 * i64::from(per_hour);
    }

    Ok(InstanceData {
        format_version: FORMAT_VERSION.to_owned(),
        instance_id: format!("zio-rs-n{n}-c{c}-s{}", o.seed),
        generator: Some(serde_json::json!({
            "name": "continuum-zio generator (port of gen_instance.py)",
            "pupils": n, "classes": c, "seed": o.seed, "blockMinutes": bm,
        })),
        school: Some(serde_json::json!({
            "schoolId": format!("school-{}", o.seed), "name": format!("Cluster 3/4-school {}", o.seed), "cluster": "3/4",
        })),
        group_size: g as i64,
        max_providers: Some(o.max_providers),
        slots: grid
            .iter()
            .map(|s| SlotData {
                slot_id: s.id.clone(),
                iso_weekday: s.day,
                start_time: s.start.clone(),
                minutes: i64::from(bm),
            })
            .collect(),
        classes,
        funders,
        pupils,
        needs,
        providers,
        pgb_workers,
    })
}
