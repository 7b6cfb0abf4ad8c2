//! One indication of a care law and what follows from it: the need in school time it
//! mirrors and the care provider that delivers the ZIN part.

use continuum_domain::ids::OrgId;
use continuum_domain::period::Period;
use continuum_domain::register::{
    CareLaw, DeliveryForm, Fact, HoursPerWeek, NeedCategory, NeedMode, Qualification,
};

use crate::builder::{
    Born, Builder, SCHOOL_YEAR, between, care_blocks, chance, date, school_year, span, weighted,
};

use NeedCategory as C;

/// Categories a law covers in school time, with weights that start from the Berenschot
/// shares and are tuned so the care time of a region comes out at those shares.
pub(crate) fn categories(law: CareLaw, cluster: u8, with_wlz: bool) -> Vec<(NeedCategory, u32)> {
    match law {
        CareLaw::Jeugdwet if with_wlz => vec![(C::Gedrag, 24), (C::Psychisch, 21)],
        CareLaw::Jeugdwet => vec![
            (C::Begeleiding, 14),
            (C::Gedrag, 24),
            (C::Psychisch, 26),
            // Social interaction is given in short sessions: drawn more often so that
            // its share of care time matches the study.
            (C::Sociaal, 15),
            (C::Verzorging, if cluster == 3 { 8 } else { 2 }),
        ],
        CareLaw::Wmo => vec![(C::Begeleiding, 18), (C::Sociaal, 10), (C::Gedrag, 12)],
        CareLaw::Wlz => vec![
            (C::Begeleiding, 18),
            (C::Verzorging, 8),
            (C::Verpleging, 3),
            (C::Gedrag, 8),
        ],
        CareLaw::Zvw if with_wlz => vec![(C::Paramedisch, 5)],
        CareLaw::Zvw => vec![
            (C::Paramedisch, 6),
            (C::Verpleging, 3),
            (C::Geneeskundig, 2),
        ],
    }
}

/// Weekly hours (in hundredths) for a category: half-hour steps within 2–20 hours.
fn hours(b: &mut Builder, category: NeedCategory, law: CareLaw, emb: bool) -> u32 {
    let (lo, hi) = match category {
        C::Begeleiding if emb => (6, 14),
        C::Begeleiding if law == CareLaw::Wlz => (3, 8),
        C::Begeleiding => (2, 6),
        C::Gedrag => (2, 10),
        C::Psychisch => (2, 8),
        C::Sociaal => (2, 8),
        C::Verzorging if emb => (4, 12),
        C::Verzorging => (2, 6),
        C::Verpleging if emb => (3, 8),
        C::Verpleging => (2, 4),
        C::Paramedisch | C::Geneeskundig => (2, 4),
        C::Onderwijsondersteuning => (2, 3),
    };
    between(&mut b.rng, lo * 2, hi * 2) * 50
}

fn medical(category: NeedCategory) -> bool {
    matches!(category, C::Verpleging | C::Geneeskundig | C::Paramedisch)
}

/// Group care where a worker can serve several pupils of a class; individual care for
/// personal care, nursing and medical acts.
fn mode(b: &mut Builder, category: NeedCategory) -> NeedMode {
    let group = match category {
        C::Gedrag | C::Sociaal | C::Begeleiding | C::Onderwijsondersteuning => 75,
        C::Psychisch => 30,
        C::Paramedisch => 20,
        C::Verzorging | C::Verpleging | C::Geneeskundig => 0,
    };
    if chance(&mut b.rng, group) {
        NeedMode::Group
    } else {
        NeedMode::Individual
    }
}

/// The qualification a worker needs: voorbehouden handelingen (Wet BIG art. 36) for
/// nursing and medical care.
fn qualification(category: NeedCategory) -> Option<Qualification> {
    let code = match category {
        C::Verpleging | C::Geneeskundig => "voorbehouden",
        C::Gedrag => "gedrag",
        C::Paramedisch => "paramedisch",
        _ => return None,
    };
    Qualification::parse(code).ok()
}

fn indication_period(b: &mut Builder, law: CareLaw) -> Period {
    let y = SCHOOL_YEAR.0;
    match law {
        // A CIZ decision for the Wlz has no end date.
        CareLaw::Wlz => Period::from(date(b.rng.i32(2020..=y), 1 + b.rng.u32(0..7), 1)),
        CareLaw::Zvw => school_year(),
        CareLaw::Jeugdwet | CareLaw::Wmo => {
            let start = [date(y - 1, 8, 1), date(y, 1, 1), date(y, 8, 1)][b.rng.usize(0..3)];
            let end = if chance(&mut b.rng, 50) {
                date(y + 1, 7, 31)
            } else {
                date(y + 1, 12, 31)
            };
            span(start, end)
        }
    }
}

/// What a funder grants: `count` categories (at most) out of `options`, under `law`.
pub(crate) struct Grant<'a> {
    pub law: CareLaw,
    pub funder: OrgId,
    pub count: usize,
    pub options: &'a [(NeedCategory, u32)],
    pub emb: bool,
}

/// One indication per granted category, skipping categories the pupil already has under
/// a law that goes first; records each category and its delivery form in `used`.
pub(crate) fn indications(
    b: &mut Builder,
    pupil: &Born,
    grant: Grant<'_>,
    used: &mut Vec<(NeedCategory, DeliveryForm)>,
) {
    let Grant {
        law,
        funder,
        count,
        options,
        emb,
    } = grant;
    for _ in 0..count {
        let weights: Vec<u32> = options
            .iter()
            .map(|(c, w)| {
                if used.iter().any(|(u, _)| u == c) {
                    0
                } else {
                    *w
                }
            })
            .collect();
        if weights.iter().all(|w| *w == 0) {
            return;
        }
        let Some(&(category, _)) = options.get(weighted(&mut b.rng, &weights)) else {
            return;
        };
        let pgb = match law {
            CareLaw::Wlz => 12,
            _ if category == C::Geneeskundig => 0,
            _ => 6,
        };
        let delivery = if chance(&mut b.rng, pgb) {
            DeliveryForm::Pgb
        } else {
            DeliveryForm::Zin
        };
        let total = hours(b, category, law, emb);
        let share = if medical(category) || category == C::Psychisch {
            between(&mut b.rng, 60, 100)
        } else {
            between(&mut b.rng, 40, 100)
        };
        let in_school = (total * share / 100 / 25 * 25).clamp(25, total);
        let period = indication_period(b, law);
        b.fact(
            pupil.id,
            period,
            Fact::Indication {
                law,
                funder,
                delivery,
                category,
                hours_per_week: HoursPerWeek(total),
                hours_in_school_time: HoursPerWeek(in_school),
            },
        );
        used.push((category, delivery));
    }
}

/// A need per category of care, and the providers that deliver the ZIN part.
pub(crate) fn needs_and_providers(
    b: &mut Builder,
    pupil: &Born,
    used: &[(NeedCategory, DeliveryForm)],
    main: OrgId,
    medical_provider: Option<OrgId>,
) {
    let mut taken = Vec::new();
    for &(category, _) in used {
        let mode = mode(b, category);
        // One to four half-hour blocks a week; medical care in short, fixed moments.
        let count = between(&mut b.rng, 1, 4) as usize;
        let blocks = care_blocks(&mut b.rng, &mut taken, count);
        let fact = Fact::Need {
            category,
            mode,
            required_qualification: qualification(category),
            blocks,
        };
        b.fact(pupil.id, school_year(), fact);
    }
    let zin = |want_medical: bool| {
        used.iter().any(|&(c, d)| {
            d == DeliveryForm::Zin && c != C::Onderwijsondersteuning && medical(c) == want_medical
        })
    };
    let mut providers = Vec::new();
    if zin(false) {
        providers.push(main);
    }
    if zin(true) {
        providers.push(medical_provider.unwrap_or(main));
    }
    providers.dedup();
    for provider in providers {
        b.fact(
            pupil.id,
            school_year(),
            Fact::ProviderAssignment { provider },
        );
    }
}
