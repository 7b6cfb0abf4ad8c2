//! The care facts of generated pupils: TLVs, indications, needs and provider assignments,
//! in the proportions of the Berenschot study (DOMAIN §3.3, seed 000).
//!
//! For cluster 3/4 pupils the shares are quotas, not coin flips, so a demo region shows
//! them closely: 72% have a need under one or more care laws, 74% of those receive
//! Jeugdwet help. The categories follow the study's shares of care time; which law pays
//! for a category follows the order of voorliggendheid (Wlz before Zvw before Jeugdwet).

use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::period::SchoolYear;
use continuum_domain::register::{CareLaw, DeliveryForm, Fact, NeedCategory, TlvCategory};

use crate::builder::{Born, Builder, SCHOOL_YEAR, add_years, chance, date, span, weighted};
use crate::indication::{Grant, categories, indications, needs_and_providers};

use NeedCategory as C;

/// Share (per mille) of cluster 3/4 pupils with a need under one or more care laws.
pub const NEED_PER_MILLE: usize = 720;
/// Share (per mille) of those that receive Jeugdwet help.
pub const JEUGDWET_PER_MILLE: usize = 740;

/// Share of care time per category in cluster 3/4 schools (Berenschot): individual
/// development 18, behaviour 24, psychological treatment 21, social interaction 10,
/// personal care 8, paramedical 5, nursing 3, medical 1 (sums to 90; normalise).
pub const BERENSCHOT_SHARES: [(NeedCategory, u32); 8] = [
    (NeedCategory::Begeleiding, 18),
    (NeedCategory::Gedrag, 24),
    (NeedCategory::Psychisch, 21),
    (NeedCategory::Sociaal, 10),
    (NeedCategory::Verzorging, 8),
    (NeedCategory::Paramedisch, 5),
    (NeedCategory::Verpleging, 3),
    (NeedCategory::Geneeskundig, 1),
];

/// A pupil of a cluster 3/4 school location, with the organisations its facts name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SpecialPupil {
    pub born: Born,
    pub cluster: u8,
    pub emb: bool,
    pub swv: OrgId,
    pub municipality: OrgId,
    pub zorgkantoor: OrgId,
    pub insurer: OrgId,
    pub main_provider: OrgId,
    pub medical_provider: OrgId,
}

/// Which laws a pupil's care rests on. `municipal` is the Jeugdwet under 18, the Wmo 2015
/// from 18.
#[derive(Debug, Clone, Copy, Default)]
struct Laws {
    municipal: bool,
    wlz: bool,
    zvw: bool,
}

fn per_mille(n: usize, share: usize) -> usize {
    (n * share + 500) / 1000
}

/// Decides the laws of every pupil of the group with exact quotas.
fn plan(b: &mut Builder, pupils: &[SpecialPupil]) -> Vec<Laws> {
    let n = pupils.len();
    let mut laws = vec![Laws::default(); n];
    let mut order: Vec<usize> = (0..n).collect();
    b.rng.shuffle(&mut order);
    // EMB pupils always have care (and come first); the sort is stable.
    order.sort_by_key(|&i| pupils.get(i).is_none_or(|p| !p.emb));
    let emb = pupils.iter().filter(|p| p.emb).count();
    let need = per_mille(n, NEED_PER_MILLE).max(emb).min(n);
    let needers = order.get(..need).unwrap_or(&[]);
    let youth: Vec<usize> = needers
        .iter()
        .copied()
        .filter(|&i| pupils.get(i).is_some_and(|p| !p.emb && p.born.age < 18))
        .collect();
    let jeugd = per_mille(need, JEUGDWET_PER_MILLE).min(youth.len());
    for &i in youth.get(..jeugd).unwrap_or(&[]) {
        if let Some(l) = laws.get_mut(i) {
            l.municipal = true;
        }
    }
    for &i in needers {
        let (Some(p), Some(l)) = (pupils.get(i), laws.get_mut(i)) else {
            continue;
        };
        let c3 = p.cluster == 3;
        if p.emb {
            l.wlz = true;
            l.zvw = chance(&mut b.rng, 50);
        } else if l.municipal {
            l.wlz = chance(&mut b.rng, if c3 { 10 } else { 3 });
            l.zvw = chance(&mut b.rng, if c3 { 6 } else { 3 });
        } else {
            // No Jeugdwet: an adult's Wmo support, and/or care under the Wlz or Zvw.
            l.municipal = p.born.age >= 18 && chance(&mut b.rng, 60);
            if chance(&mut b.rng, if c3 { 70 } else { 50 }) {
                l.wlz = true;
                l.zvw = chance(&mut b.rng, 20);
            } else {
                l.zvw = true;
            }
        }
    }
    laws
}

/// TLV, indications, needs and provider assignments of a group of cluster 3/4 pupils
/// (a school, or a whole region so the quotas hold over the region).
pub(crate) fn special_facts(b: &mut Builder, pupils: &[SpecialPupil]) {
    let plans = plan(b, pupils);
    for (p, laws) in pupils.iter().zip(plans) {
        tlv(b, p);
        care(b, p, laws);
    }
}

fn year_start(y: i32) -> Date {
    date(y, 8, 1)
}
fn year_end(y: i32) -> Date {
    date(y + 1, 7, 31)
}

fn tlv(b: &mut Builder, p: &SpecialPupil) {
    let (category, period) = if p.emb {
        // EMB: the highest category for the whole (V)SO career, age 4 up to the end of
        // the school year in which the pupil turns 20 (seed 000).
        let first = SchoolYear::containing(add_years(p.born.birth, 4)).0;
        let last = SchoolYear::containing(add_years(p.born.birth, 20)).0;
        (TlvCategory::Hoog, span(year_start(first), year_end(last)))
    } else {
        let weights: [u32; 3] = if p.cluster == 3 {
            [58, 32, 10]
        } else {
            [80, 15, 5]
        };
        let category = [TlvCategory::Laag, TlvCategory::Midden, TlvCategory::Hoog]
            [weighted(&mut b.rng, &weights).min(2)];
        // Issued at most two years back, never before the pupil could go to school.
        let first = SchoolYear::containing(add_years(p.born.birth, 4)).0;
        let from = (SCHOOL_YEAR.0 - b.rng.i32(0..=2))
            .max(first)
            .min(SCHOOL_YEAR.0);
        let to = SCHOOL_YEAR.0 + b.rng.i32(0..=1);
        (category, span(year_start(from), year_end(to)))
    };
    b.fact(
        p.born.id,
        period,
        Fact::Tlv {
            swv: p.swv,
            category,
            emb: p.emb,
        },
    );
}

fn grant(
    law: CareLaw,
    funder: OrgId,
    count: usize,
    options: &[(NeedCategory, u32)],
    emb: bool,
) -> Grant<'_> {
    Grant {
        law,
        funder,
        count,
        options,
        emb,
    }
}

fn care(b: &mut Builder, p: &SpecialPupil, laws: Laws) {
    let mut used: Vec<(NeedCategory, DeliveryForm)> = Vec::new();
    if laws.wlz {
        // EMB: guidance and personal care, often nursing, all under the Wlz.
        let mut emb_set = vec![(C::Begeleiding, 1), (C::Verzorging, 1)];
        if chance(&mut b.rng, 35) {
            emb_set.push((C::Verpleging, 1));
        }
        let (opts, n) = if p.emb {
            let n = emb_set.len();
            (emb_set, n)
        } else {
            let n = if chance(&mut b.rng, 40) { 2 } else { 1 };
            (categories(CareLaw::Wlz, p.cluster, true), n)
        };
        let g = grant(CareLaw::Wlz, p.zorgkantoor, n, &opts, p.emb);
        indications(b, &p.born, g, &mut used);
    }
    if laws.zvw {
        let opts = categories(CareLaw::Zvw, p.cluster, laws.wlz);
        let g = grant(CareLaw::Zvw, p.insurer, 1, &opts, p.emb);
        indications(b, &p.born, g, &mut used);
    }
    if laws.municipal {
        let law = if p.born.age >= 18 {
            CareLaw::Wmo
        } else {
            CareLaw::Jeugdwet
        };
        let n = if chance(&mut b.rng, 35) { 2 } else { 1 };
        let opts = categories(law, p.cluster, laws.wlz);
        let g = grant(law, p.municipality, n, &opts, p.emb);
        indications(b, &p.born, g, &mut used);
    }
    if used.is_empty() && chance(&mut b.rng, 30) {
        used.push((C::Onderwijsondersteuning, DeliveryForm::Zin));
    }
    needs_and_providers(b, &p.born, &used, p.main_provider, Some(p.medical_provider));
}

/// Light care for a pupil of a regular school (PO, SBO, VO): now and then youth help,
/// paid by the municipality of residence.
pub(crate) fn regular_facts(
    b: &mut Builder,
    pupil: &Born,
    percent_with_help: u32,
    municipality: OrgId,
    provider: OrgId,
) {
    let mut used = Vec::new();
    if chance(&mut b.rng, percent_with_help) {
        let law = if pupil.age >= 18 {
            CareLaw::Wmo
        } else {
            CareLaw::Jeugdwet
        };
        let opts = categories(law, 4, false);
        let opts: Vec<_> = opts
            .into_iter()
            .filter(|(c, _)| *c != C::Verzorging)
            .collect();
        let grant = Grant {
            law,
            funder: municipality,
            count: 1,
            options: &opts,
            emb: false,
        };
        indications(b, pupil, grant, &mut used);
    }
    needs_and_providers(b, pupil, &used, provider, None);
}
