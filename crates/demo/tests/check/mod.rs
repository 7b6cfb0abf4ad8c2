//! A checker that walks a generated batch and reports every reference that does not
//! resolve and every rule of the generated data that is broken.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod figures;

use std::collections::{HashMap, HashSet};

use continuum_domain::codes::Sector;
use continuum_domain::ids::{ClassId, OrgId, PupilId};
use continuum_domain::period::SchoolYear;
use continuum_domain::pgn::Pgn;
use continuum_domain::register::{
    CareLaw, Fact, OrgDetails, OrgKind, Organisation, Pupil, SchoolClass, SchoolType,
};
use continuum_store::RegisterBatch;

fn sector_of(t: SchoolType) -> Sector {
    match t {
        SchoolType::Po | SchoolType::Sbo | SchoolType::So => Sector::Po,
        SchoolType::Vo | SchoolType::Vso => Sector::Vo,
    }
}

/// Every broken reference or rule, as text; empty when the batch is sound.
pub fn problems(batch: &RegisterBatch) -> Vec<String> {
    let mut out = Vec::new();
    let mut orgs: HashMap<OrgId, (usize, &Organisation)> = HashMap::new();
    for (i, (id, o)) in batch.organisations.iter().enumerate() {
        if orgs.insert(*id, (i, o)).is_some() {
            out.push(format!("organisation id {id} twice"));
        }
    }
    let kind = |id: &OrgId| orgs.get(id).map(|(_, o)| o.details.kind());
    // An organisation may only refer to one inserted before it.
    let refer =
        |out: &mut Vec<String>, from: usize, what: &str, id: &OrgId, want: OrgKind| match orgs
            .get(id)
        {
            Some((j, o)) if o.details.kind() == want && *j < from => {}
            Some((j, o)) => out.push(format!(
                "{what} of organisation #{from} is a {:?} at #{j}, want an earlier {want:?}",
                o.details.kind()
            )),
            None => out.push(format!("{what} of organisation #{from} does not exist")),
        };
    let mut zk_of: HashMap<OrgId, OrgId> = HashMap::new();
    for (i, (id, o)) in batch.organisations.iter().enumerate() {
        match &o.details {
            OrgDetails::Gemeente { zorgkantoor, .. } => {
                refer(
                    &mut out,
                    i,
                    "zorgkantoor",
                    zorgkantoor,
                    OrgKind::Zorgkantoor,
                );
                zk_of.insert(*id, *zorgkantoor);
            }
            OrgDetails::School {
                school_type,
                cluster,
                board,
                swv,
                municipality,
                ..
            } => {
                refer(&mut out, i, "board", board, OrgKind::Schoolbestuur);
                refer(&mut out, i, "swv", swv, OrgKind::Swv);
                refer(&mut out, i, "municipality", municipality, OrgKind::Gemeente);
                if cluster.is_some() != school_type.has_cluster() {
                    out.push(format!(
                        "school {} has cluster {cluster:?} for type {school_type:?}",
                        o.name
                    ));
                }
                if let Some((_, swv)) = orgs.get(swv)
                    && let OrgDetails::Swv { code } = &swv.details
                    && code.sector() != sector_of(*school_type)
                {
                    out.push(format!("school {} ({school_type:?}) in SWV {code}", o.name));
                }
            }
            _ => {}
        }
    }
    let mut classes: HashMap<ClassId, &SchoolClass> = HashMap::new();
    let mut class_names = HashSet::new();
    for (id, c) in &batch.classes {
        if classes.insert(*id, c).is_some() {
            out.push(format!("class id {id} twice"));
        }
        // A school names each class of a school year once (the import refuses doubles).
        if !class_names.insert((c.school, c.school_year, c.name.clone())) {
            out.push(format!(
                "class name {} twice at school {}",
                c.name, c.school
            ));
        }
        if kind(&c.school) != Some(OrgKind::School) {
            out.push(format!("class {} of no school", c.name));
        }
        if c.school_year != SchoolYear(2026) {
            out.push(format!("class {} in {:?}", c.name, c.school_year));
        }
    }
    let mut workers = HashSet::new();
    for (id, w) in &batch.workers {
        if !workers.insert(*id) {
            out.push(format!("worker id {id} twice"));
        }
        if kind(&w.provider) != Some(OrgKind::Zorgaanbieder) {
            out.push(format!("worker {} of no provider", w.name));
        }
    }
    let mut pupils: HashMap<PupilId, &Pupil> = HashMap::new();
    let mut pgns = HashSet::new();
    for (id, p) in &batch.pupils {
        if pupils.insert(*id, p).is_some() {
            out.push(format!("pupil id {id} twice"));
        }
        if !pgns.insert(p.pgn.as_str().to_owned()) {
            out.push(format!("PGN {} twice", p.pgn.masked()));
        }
        if Pgn::parse(p.pgn.as_str()).as_ref() != Ok(&p.pgn) {
            out.push(format!("PGN {} invalid", p.pgn.masked()));
        }
        if kind(&p.municipality) != Some(OrgKind::Gemeente) {
            out.push(format!("pupil {} lives in no municipality", p.full_name()));
        }
        if p.insurer.as_ref().and_then(kind) != Some(OrgKind::Zorgverzekeraar) {
            out.push(format!("pupil {} has no insurer", p.full_name()));
        }
    }
    let mut school_of: HashMap<PupilId, OrgId> = HashMap::new();
    for (_, f) in &batch.facts {
        if let Fact::Enrolment { school, .. } = &f.fact {
            school_of.insert(f.pupil, *school);
        }
    }
    let swv_of_school = |school: &OrgId| match orgs.get(school).map(|(_, o)| &o.details) {
        Some(OrgDetails::School { swv, .. }) => Some(*swv),
        _ => None,
    };
    let mut facts = HashSet::new();
    for (id, f) in &batch.facts {
        if !facts.insert(*id) {
            out.push(format!("fact id {id} twice"));
        }
        let Some(pupil) = pupils.get(&f.pupil) else {
            out.push(format!("fact {id} of no pupil"));
            continue;
        };
        let want = |k: OrgKind, org: &OrgId| kind(org) == Some(k);
        let ok = match &f.fact {
            Fact::Enrolment { school, class } => {
                want(OrgKind::School, school)
                    && class.is_none_or(|c| classes.get(&c).is_some_and(|c| c.school == *school))
            }
            Fact::Tlv { swv, .. } => {
                want(OrgKind::Swv, swv)
                    && school_of.get(&f.pupil).and_then(swv_of_school) == Some(*swv)
            }
            Fact::Indication {
                law,
                funder,
                hours_per_week,
                hours_in_school_time,
                ..
            } => {
                let payer = match law {
                    CareLaw::Jeugdwet | CareLaw::Wmo => Some(pupil.municipality),
                    CareLaw::Wlz => zk_of.get(&pupil.municipality).copied(),
                    CareLaw::Zvw => pupil.insurer,
                };
                payer == Some(*funder)
                    && (200..=2000).contains(&hours_per_week.0)
                    && hours_in_school_time.0 > 0
                    && hours_in_school_time <= hours_per_week
            }
            Fact::Need { .. } => true,
            Fact::ProviderAssignment { provider } => want(OrgKind::Zorgaanbieder, provider),
            Fact::Guardianship { parents } => want(OrgKind::Ouders, parents),
        };
        if !ok {
            out.push(format!(
                "fact {:?} of {} does not resolve",
                f.fact,
                pupil.full_name()
            ));
        }
    }
    for (id, a) in &batch.agreements {
        if kind(&a.school) != Some(OrgKind::School) {
            out.push(format!("agreement {id} of no school"));
        }
        for p in &a.parties {
            if kind(&p.organisation).is_none() {
                out.push(format!("agreement {id} names a missing party ({})", p.role));
            }
        }
    }
    out
}
