//! Figures measured on a generated region.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use continuum_demo::Demo;
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::register::{CareLaw, Fact, NeedCategory, OrgDetails, SchoolType};

/// The figures the brief asks for, measured on a generated region.
#[derive(Debug)]
pub struct Figures {
    pub special_schools: usize,
    pub schools: usize,
    pub classes: usize,
    pub pupils: usize,
    pub special_pupils: usize,
    pub municipalities: usize,
    pub zorgkantoor_regions: usize,
    pub need_share: f64,
    pub jeugdwet_share: f64,
    pub emb: usize,
    pub category_hours: BTreeMap<NeedCategory, u32>,
}

pub fn school_details(demo: &Demo) -> HashMap<OrgId, (SchoolType, Option<u8>)> {
    demo.batch
        .organisations
        .iter()
        .filter_map(|(id, o)| match &o.details {
            OrgDetails::School {
                school_type,
                cluster,
                ..
            } => Some((*id, (*school_type, cluster.map(|c| c.number())))),
            _ => None,
        })
        .collect()
}

/// The pupils enrolled at a cluster 3/4 school location.
pub fn special_pupils(demo: &Demo) -> BTreeSet<PupilId> {
    let schools = school_details(demo);
    demo.batch
        .facts
        .iter()
        .filter_map(|(_, f)| match &f.fact {
            Fact::Enrolment { school, .. }
                if schools
                    .get(school)
                    .is_some_and(|(_, c)| matches!(c, Some(3 | 4))) =>
            {
                Some(f.pupil)
            }
            _ => None,
        })
        .collect()
}

pub fn figures(demo: &Demo) -> Figures {
    let batch = &demo.batch;
    let schools = school_details(demo);
    let special = special_pupils(demo);
    let zk_of: HashMap<OrgId, OrgId> = batch
        .organisations
        .iter()
        .filter_map(|(id, o)| match &o.details {
            OrgDetails::Gemeente { zorgkantoor, .. } => Some((*id, *zorgkantoor)),
            _ => None,
        })
        .collect();
    let residences: HashSet<OrgId> = batch.pupils.iter().map(|(_, p)| p.municipality).collect();
    let regions: HashSet<OrgId> = residences
        .iter()
        .filter_map(|m| zk_of.get(m).copied())
        .collect();
    let mut laws: HashMap<PupilId, HashSet<CareLaw>> = HashMap::new();
    let mut category_hours = BTreeMap::new();
    let mut emb = 0;
    for (_, f) in &batch.facts {
        match &f.fact {
            Fact::Indication {
                law,
                category,
                hours_in_school_time,
                ..
            } if special.contains(&f.pupil) => {
                laws.entry(f.pupil).or_default().insert(*law);
                *category_hours.entry(*category).or_insert(0) += hours_in_school_time.0;
            }
            Fact::Tlv { emb: true, .. } => emb += 1,
            _ => {}
        }
    }
    let jeugd = laws
        .values()
        .filter(|l| l.contains(&CareLaw::Jeugdwet))
        .count();
    Figures {
        special_schools: schools.values().filter(|(_, c)| c.is_some()).count(),
        schools: schools.len(),
        classes: batch.classes.len(),
        pupils: batch.pupils.len(),
        special_pupils: special.len(),
        municipalities: residences.len(),
        zorgkantoor_regions: regions.len(),
        need_share: laws.len() as f64 / special.len() as f64,
        jeugdwet_share: jeugd as f64 / laws.len() as f64,
        emb,
        category_hours,
    }
}
