//! The demo region: one SWV area in Midden-Brabant (Hart van Brabant, seed 004) with its
//! cluster 3/4 school locations and some regular schools, whose pupils live in the real
//! municipalities of `data/municipalities.csv`. School, board, provider and person names
//! are invented.

use continuum_domain::codes::{AgbCode, BrinVestiging, SwvCode, Uzovi};
use continuum_domain::ids::{ClassId, OrgId};
use continuum_domain::register::{Cluster, Fact, OrgDetails, SchoolType};

use crate::builder::{
    Builder, between, chance, class_name, class_sizes, draw_age, school_year, weighted,
};
use crate::care::{SpecialPupil, regular_facts, special_facts};
use crate::reference::{municipalities, zorgkantoor_code, zorgkantoor_regions};
use crate::tables::{BOARDS, INSURERS, LARGE, MEDICAL_PROVIDER, PROVIDERS, SCHOOLS};
use SchoolType::{Po, Sbo, So, Vo, Vso};

pub(crate) struct Muni {
    pub id: OrgId,
    pub name: String,
    pub code: String,
    pub region: String,
    pub zorgkantoor: OrgId,
}

/// The organisations and pupils of the region, for the logins and agreements.
pub(crate) struct Region {
    pub munis: Vec<Muni>,
    pub zorgkantoren: Vec<(OrgId, String)>,
    pub insurers: Vec<OrgId>,
    pub swv_po: OrgId,
    pub swv_vo: OrgId,
    pub boards: Vec<OrgId>,
    pub schools: Vec<OrgId>,
    pub providers: Vec<OrgId>,
    pub special: Vec<SpecialPupil>,
}

fn organisations(b: &mut Builder) -> Option<Region> {
    let rows = municipalities();
    let mut zorgkantoren = Vec::new();
    for name in zorgkantoor_regions(&rows) {
        let details = OrgDetails::Zorgkantoor {
            region_code: zorgkantoor_code(&name)?,
            region_name: name.clone(),
        };
        zorgkantoren.push((b.org(format!("Zorgkantoor {name}"), details), name));
    }
    let mut munis = Vec::new();
    for row in rows {
        let zk = zorgkantoren
            .iter()
            .find(|(_, n)| *n == row.zorgkantoorregio)?
            .0;
        let details = OrgDetails::Gemeente {
            cbs_code: row.cbs_code.clone(),
            zorgkantoor: zk,
            holiday_region: crate::reference::holiday_region(&row.province),
        };
        munis.push(Muni {
            id: b.org(format!("Gemeente {}", row.name), details),
            name: row.name,
            code: row.cbs_code.to_string(),
            region: row.zorgkantoorregio,
            zorgkantoor: zk,
        });
    }
    let mut insurers = Vec::new();
    for (name, uzovi, _) in INSURERS {
        let details = OrgDetails::Zorgverzekeraar {
            uzovi: Uzovi::parse(uzovi).ok()?,
        };
        insurers.push(b.org(*name, details));
    }
    let swv = |b: &mut Builder, name: &str, code: &str| {
        let details = OrgDetails::Swv {
            code: SwvCode::parse(code).ok()?,
        };
        Some(b.org(name, details))
    };
    let swv_po = swv(
        b,
        "Samenwerkingsverband Passend Primair Onderwijs Hart van Brabant",
        "PO 30-07",
    )?;
    let swv_vo = swv(
        b,
        "Samenwerkingsverband Voortgezet Onderwijs Hart van Brabant",
        "VO 30-06",
    )?;
    let boards = BOARDS
        .iter()
        .map(|(name, bg)| {
            b.org(
                *name,
                OrgDetails::Schoolbestuur {
                    bevoegd_gezag: (*bg).to_owned(),
                },
            )
        })
        .collect();
    Some(Region {
        munis,
        zorgkantoren,
        insurers,
        swv_po,
        swv_vo,
        boards,
        schools: Vec::new(),
        providers: Vec::new(),
        special: Vec::new(),
    })
}

fn schools_and_providers(b: &mut Builder, r: &mut Region) -> Option<()> {
    for s in SCHOOLS {
        let swv = match s.school_type {
            Po | Sbo | So => r.swv_po,
            Vo | Vso => r.swv_vo,
        };
        let details = OrgDetails::School {
            brin_vestiging: BrinVestiging::parse(s.brin).ok()?,
            school_type: s.school_type,
            cluster: s.cluster.and_then(Cluster::new),
            board: *r.boards.get(s.board)?,
            swv,
            municipality: r.munis.iter().find(|m| m.code == s.municipality)?.id,
        };
        r.schools.push(b.org(s.name, details));
    }
    for (name, agb, (lo, hi), quals) in PROVIDERS {
        let details = OrgDetails::Zorgaanbieder {
            agb: Some(AgbCode::parse(agb).ok()?),
        };
        let id = b.org(*name, details);
        for k in 0..between(&mut b.rng, *lo, *hi) as usize {
            b.worker(
                id,
                quals.get(k % quals.len().max(1)).copied().unwrap_or(&[]),
            );
        }
        r.providers.push(id);
    }
    Some(())
}

/// A pupil before it is created: where it goes to school and where it lives.
struct Planned {
    school: usize,
    class: ClassId,
    age: i32,
    muni: usize,
}

fn residence_weights(munis: &[Muni], own: usize) -> Vec<u32> {
    munis
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let region = match m.region.as_str() {
                "Midden-Brabant" => 16,
                "West-Brabant" => 5,
                "Noordoost-Brabant" => 4,
                _ => 2,
            };
            let large = if LARGE.contains(&m.code.as_str()) {
                3
            } else {
                1
            };
            region * large * if i == own { 4 } else { 1 }
        })
        .collect()
}

fn plan_pupils(b: &mut Builder, r: &Region) -> Vec<Planned> {
    let mut planned = Vec::new();
    for (si, (s, &school)) in SCHOOLS.iter().zip(&r.schools).enumerate() {
        let own = r
            .munis
            .iter()
            .position(|m| m.code == s.municipality)
            .unwrap_or(0);
        let sizes = class_sizes(&mut b.rng, s.classes, s.size.0, s.size.1);
        let mut ages: Vec<i32> = (0..sizes.iter().sum::<usize>())
            .map(|_| draw_age(&mut b.rng, s.school_type))
            .collect();
        ages.sort_unstable();
        let mut ages = ages.into_iter();
        let special_weights = residence_weights(&r.munis, own);
        let neighbours: Vec<usize> = (0..r.munis.len())
            .filter(|&i| {
                i != own && r.munis.get(i).map(|m| &m.region) == r.munis.get(own).map(|m| &m.region)
            })
            .collect();
        for (k, &size) in sizes.iter().enumerate() {
            let class = b.class(school, class_name(s.school_type, k, sizes.len()));
            for age in ages.by_ref().take(size) {
                let muni = if s.cluster.is_some() {
                    weighted(&mut b.rng, &special_weights)
                } else if chance(&mut b.rng, 80) {
                    own
                } else {
                    b.rng.choice(&neighbours).copied().unwrap_or(own)
                };
                planned.push(Planned {
                    school: si,
                    class,
                    age,
                    muni,
                });
            }
        }
    }
    // Every municipality of the CSV gets at least one special-school pupil: the schools
    // draw from far (DOMAIN §1).
    let mut counts = vec![0usize; r.munis.len()];
    let special = |p: &Planned| SCHOOLS.get(p.school).is_some_and(|s| s.cluster.is_some());
    for p in planned.iter().filter(|p| special(p)) {
        if let Some(c) = counts.get_mut(p.muni) {
            *c += 1;
        }
    }
    for m in 0..r.munis.len() {
        if counts.get(m).copied().unwrap_or(0) > 0 {
            continue;
        }
        let donors: Vec<usize> = (0..planned.len())
            .filter(|&j| {
                planned
                    .get(j)
                    .is_some_and(|p| special(p) && counts.get(p.muni).is_some_and(|&c| c > 2))
            })
            .collect();
        let Some(&j) = b.rng.choice(&donors) else {
            continue;
        };
        if let Some(p) = planned.get_mut(j) {
            if let Some(c) = counts.get_mut(p.muni) {
                *c -= 1;
            }
            p.muni = m;
            if let Some(c) = counts.get_mut(m) {
                *c += 1;
            }
        }
    }
    planned
}

/// Builds the region's organisations, classes, workers, pupils and their facts.
pub(crate) fn build(b: &mut Builder) -> Option<Region> {
    let mut r = organisations(b)?;
    schools_and_providers(b, &mut r)?;
    let planned = plan_pupils(b, &r);
    // A dozen or so EMB pupils among the cluster 3 pupils.
    let cluster3: Vec<usize> = (0..planned.len())
        .filter(|&i| {
            planned
                .get(i)
                .and_then(|p| SCHOOLS.get(p.school))
                .is_some_and(|s| s.cluster == Some(3))
        })
        .collect();
    let emb_count = between(&mut b.rng, 9, 14) as usize;
    let emb = b.rng.choose_multiple(cluster3, emb_count);
    let insurer_weights: Vec<u32> = INSURERS.iter().map(|(_, _, w)| *w).collect();
    let medical = *r.providers.get(MEDICAL_PROVIDER)?;
    for (i, p) in planned.iter().enumerate() {
        let spec = SCHOOLS.get(p.school)?;
        let school = *r.schools.get(p.school)?;
        let muni = r.munis.get(p.muni)?;
        let insurer = *r.insurers.get(weighted(&mut b.rng, &insurer_weights))?;
        let born = b.pupil(p.age, muni.id, insurer)?;
        let enrolment = Fact::Enrolment {
            school,
            class: Some(p.class),
        };
        b.fact(born.id, school_year(), enrolment);
        let provider = *r.providers.get(spec.provider)?;
        match spec.cluster {
            Some(cluster) => r.special.push(SpecialPupil {
                born,
                cluster,
                emb: emb.contains(&i),
                swv: if spec.school_type == So {
                    r.swv_po
                } else {
                    r.swv_vo
                },
                municipality: muni.id,
                zorgkantoor: muni.zorgkantoor,
                insurer,
                main_provider: provider,
                medical_provider: medical,
            }),
            None => {
                let percent = if spec.school_type == Sbo { 25 } else { 6 };
                regular_facts(b, &born, percent, muni.id, provider);
            }
        }
    }
    let special = std::mem::take(&mut r.special);
    special_facts(b, &special);
    r.special = special;
    Some(r)
}
