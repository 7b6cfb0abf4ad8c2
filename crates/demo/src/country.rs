//! Country-sized synthetic sets for benchmarks: 342 municipalities with synthetic CBS codes
//! (GM0001 …), 31 zorgkantoor regions (ZK01–ZK31), about 150 SWVs, and schools in
//! proportion to the number of pupils. No guardianships and no users.

use continuum_domain::codes::{
    AgbCode, BrinVestiging, CbsGemeentecode, SwvCode, Uzovi, ZorgkantoorRegioCode,
};
use continuum_domain::ids::OrgId;
use continuum_domain::register::{Cluster, Fact, OrgDetails, SchoolType};
use continuum_store::RegisterBatch;

use crate::builder::{Builder, between, chance, class_name, draw_age, school_year, weighted};
use crate::care::{SpecialPupil, regular_facts, special_facts};
use crate::names::place_name;
use crate::tables::INSURERS;

/// Municipalities in the Netherlands (2025).
pub const MUNICIPALITIES: usize = 342;
/// Zorgkantoor regions.
pub const ZORGKANTOOR_REGIONS: usize = 31;
/// SWV areas, each with a PO and a VO SWV (about 150 SWVs in all).
pub const SWV_AREAS: usize = 75;
/// Share (per mille) of the pupils that attends a cluster 3/4 location.
pub const SPECIAL_PER_MILLE: usize = 700;
/// Pupils per cluster 3/4 location: about 330 locations at 70,000 pupils.
pub const PUPILS_PER_SPECIAL_LOCATION: usize = 212;
/// Pupils per regular school.
pub const PUPILS_PER_REGULAR_SCHOOL: usize = 250;

const SCHOOL_NAMES: &[&str] = &[
    "De Regenboog",
    "Het Baken",
    "De Wissel",
    "De Sprong",
    "Het Kompas",
    "De Linde",
    "Het Anker",
    "De Brug",
    "De Horizon",
    "De Zonnebloem",
    "Het Palet",
    "De Kameleon",
    "De Boomgaard",
    "De Vlindertuin",
    "Het Startpunt",
    "De Ster",
    "De Wegwijzer",
    "Het Mozaïek",
];

fn brin(n: usize) -> Option<BrinVestiging> {
    const CHARS: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let c1 = char::from(*CHARS.get((n / 100) % 36)?);
    let c2 = char::from(*CHARS.get((n / 3600) % 36)?);
    BrinVestiging::parse(&format!("{:02}{c1}{c2}00", n % 100)).ok()
}

struct Geo {
    munis: Vec<OrgId>,
    zk_of_muni: Vec<OrgId>,
    region_munis: Vec<Vec<usize>>,
    region_of: Vec<usize>,
    area_munis: Vec<Vec<usize>>,
    swv: Vec<(OrgId, OrgId)>,
    boards: Vec<(OrgId, OrgId)>,
    /// Per zorgkantoor region: cluster 3 provider, youth-help provider, medical provider.
    providers: Vec<[OrgId; 3]>,
    insurers: Vec<OrgId>,
}

fn geography(b: &mut Builder) -> Option<Geo> {
    let mut zks = Vec::new();
    for z in 1..=ZORGKANTOOR_REGIONS {
        let details = OrgDetails::Zorgkantoor {
            region_code: ZorgkantoorRegioCode::parse(&format!("ZK{z:02}")).ok()?,
            region_name: format!("Regio {z:02}"),
        };
        zks.push(b.org(format!("Zorgkantoor Regio {z:02}"), details));
    }
    let region_of: Vec<usize> = (0..MUNICIPALITIES)
        .map(|i| i * ZORGKANTOOR_REGIONS / MUNICIPALITIES)
        .collect();
    let mut geo = Geo {
        munis: Vec::new(),
        zk_of_muni: Vec::new(),
        region_munis: vec![Vec::new(); ZORGKANTOOR_REGIONS],
        region_of,
        area_munis: vec![Vec::new(); SWV_AREAS],
        swv: Vec::new(),
        boards: Vec::new(),
        providers: Vec::new(),
        insurers: Vec::new(),
    };
    for i in 0..MUNICIPALITIES {
        let region = *geo.region_of.get(i)?;
        let zk = *zks.get(region)?;
        let details = OrgDetails::Gemeente {
            cbs_code: CbsGemeentecode::parse(&format!("GM{:04}", i + 1)).ok()?,
            zorgkantoor: zk,
            holiday_region: continuum_domain::register::HolidayRegion::ALL
                .get(i % 3)
                .copied(),
        };
        geo.munis
            .push(b.org(format!("Gemeente {}", place_name(i)), details));
        geo.zk_of_muni.push(zk);
        geo.region_munis.get_mut(region)?.push(i);
        geo.area_munis
            .get_mut(i * SWV_AREAS / MUNICIPALITIES)?
            .push(i);
    }
    for (name, uzovi, _) in INSURERS {
        let details = OrgDetails::Zorgverzekeraar {
            uzovi: Uzovi::parse(uzovi).ok()?,
        };
        geo.insurers.push(b.org(*name, details));
    }
    let mut seq = [0usize; 12];
    for a in 0..SWV_AREAS {
        let province = a * 12 / SWV_AREAS;
        let s = seq.get_mut(province)?;
        *s += 1;
        let code =
            |sector: &str| SwvCode::parse(&format!("{sector} {}-{:02}", 20 + province, *s)).ok();
        let place = place_name(*geo.area_munis.get(a)?.first()?);
        let po = b.org(
            format!("Samenwerkingsverband PO {place}"),
            OrgDetails::Swv { code: code("PO")? },
        );
        let vo = b.org(
            format!("Samenwerkingsverband VO {place}"),
            OrgDetails::Swv { code: code("VO")? },
        );
        geo.swv.push((po, vo));
        let board = |b: &mut Builder, name: String, n: usize| {
            b.org(
                name,
                OrgDetails::Schoolbestuur {
                    bevoegd_gezag: format!("{}", 50_000 + n),
                },
            )
        };
        let special = board(b, format!("Stichting Speciaal Onderwijs {place}"), 2 * a);
        let regular = board(b, format!("Stichting Onderwijs {place}"), 2 * a + 1);
        geo.boards.push((special, regular));
    }
    for z in 0..ZORGKANTOOR_REGIONS {
        let mut three = Vec::new();
        for (k, (name, quals)) in [
            (
                "Zorg in School",
                &["begeleiding", "verzorging", "voorbehouden"][..],
            ),
            ("Jeugdhulp", &["gedrag", "begeleiding"][..]),
            (
                "Kinderzorg",
                &["voorbehouden", "paramedisch", "verzorging"][..],
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let agb = AgbCode::parse(&format!("{}{:06}", 73 + k, z + 1)).ok()?;
            let id = b.org(
                format!("{name} Regio {:02}", z + 1),
                OrgDetails::Zorgaanbieder { agb: Some(agb) },
            );
            for w in 0..between(&mut b.rng, 6, 15) as usize {
                let q = quals.get(w % quals.len()).copied().unwrap_or("begeleiding");
                b.worker(id, &[q]);
            }
            three.push(id);
        }
        geo.providers
            .push([*three.first()?, *three.get(1)?, *three.get(2)?]);
    }
    Some(geo)
}

/// A school of the set: where it is and how many pupils it has.
struct Location {
    area: usize,
    muni: usize,
    school_type: SchoolType,
    cluster: Option<u8>,
    pupils: usize,
}

fn split(total: usize, parts: usize) -> impl Iterator<Item = usize> {
    let parts = parts.max(1);
    (0..parts).map(move |i| total / parts + usize::from(i < total % parts))
}

fn locations(pupils: usize) -> Vec<Location> {
    let special = pupils * SPECIAL_PER_MILLE / 1000;
    let special_locs = (special + PUPILS_PER_SPECIAL_LOCATION / 2) / PUPILS_PER_SPECIAL_LOCATION;
    let special_locs = if special > 0 { special_locs.max(1) } else { 0 };
    let regular = pupils - special;
    let regular_schools = regular.div_ceil(PUPILS_PER_REGULAR_SCHOOL);
    let mut out = Vec::new();
    for (l, n) in split(special, special_locs).enumerate().take(special_locs) {
        out.push(Location {
            area: l * SWV_AREAS / special_locs.max(1),
            muni: l,
            school_type: if (l / 2) % 2 == 0 {
                SchoolType::So
            } else {
                SchoolType::Vso
            },
            cluster: Some(if l % 2 == 0 { 3 } else { 4 }),
            pupils: n,
        });
    }
    let types = [
        SchoolType::Po,
        SchoolType::Po,
        SchoolType::Po,
        SchoolType::Sbo,
        SchoolType::Vo,
    ];
    for (l, n) in split(regular, regular_schools)
        .enumerate()
        .take(regular_schools)
    {
        out.push(Location {
            area: l * SWV_AREAS / regular_schools.max(1),
            muni: l,
            school_type: types[l % types.len()],
            cluster: None,
            pupils: n,
        });
    }
    out
}

fn build(b: &mut Builder, pupils: usize) -> Option<()> {
    let geo = geography(b)?;
    let insurer_weights: Vec<u32> = INSURERS.iter().map(|(_, _, w)| *w).collect();
    for (n, loc) in locations(pupils).into_iter().enumerate() {
        let area_munis = geo.area_munis.get(loc.area)?;
        let own = *area_munis.get(loc.muni % area_munis.len().max(1))?;
        let region = *geo.region_of.get(own)?;
        let (swv_po, swv_vo) = *geo.swv.get(loc.area)?;
        let (special_board, regular_board) = *geo.boards.get(loc.area)?;
        let swv = match loc.school_type {
            SchoolType::Po | SchoolType::Sbo | SchoolType::So => swv_po,
            SchoolType::Vo | SchoolType::Vso => swv_vo,
        };
        let label = match loc.school_type {
            SchoolType::So => "SO",
            SchoolType::Vso => "VSO",
            SchoolType::Sbo => "SBO",
            SchoolType::Po => "Basisschool",
            SchoolType::Vo => "College",
        };
        let name = SCHOOL_NAMES
            .get(n % SCHOOL_NAMES.len())
            .copied()
            .unwrap_or("De School");
        let details = OrgDetails::School {
            brin_vestiging: brin(n)?,
            school_type: loc.school_type,
            cluster: loc.cluster.and_then(Cluster::new),
            board: if loc.cluster.is_some() {
                special_board
            } else {
                regular_board
            },
            swv,
            municipality: *geo.munis.get(own)?,
        };
        let school = b.org(format!("{label} {name} {}", place_name(own)), details);
        let [care3, youth, medical] = *geo.providers.get(region)?;
        let (lo, hi) = match loc.school_type {
            SchoolType::So | SchoolType::Vso => (8, 14),
            SchoolType::Sbo => (12, 16),
            SchoolType::Po => (20, 28),
            SchoolType::Vo => (24, 30),
        };
        let mut sizes = Vec::new();
        let mut left = loc.pupils;
        while left > 0 {
            let size = (between(&mut b.rng, lo, hi) as usize).min(left);
            sizes.push(size);
            left -= size;
        }
        let mut ages: Vec<i32> = (0..loc.pupils)
            .map(|_| draw_age(&mut b.rng, loc.school_type))
            .collect();
        ages.sort_unstable();
        let mut ages = ages.into_iter();
        let region_munis = geo.region_munis.get(region)?;
        let mut group = Vec::new();
        for (k, &size) in sizes.iter().enumerate() {
            let class = b.class(school, class_name(loc.school_type, k, sizes.len()));
            for age in ages.by_ref().take(size) {
                let muni = if loc.cluster.is_some() {
                    match weighted(&mut b.rng, &[50, 35, 15]) {
                        0 => b.rng.choice(area_munis).copied(),
                        1 => b.rng.choice(region_munis).copied(),
                        _ => Some(b.rng.usize(0..MUNICIPALITIES)),
                    }
                } else if chance(&mut b.rng, 85) {
                    Some(own)
                } else {
                    b.rng.choice(area_munis).copied()
                }
                .unwrap_or(own);
                let municipality = *geo.munis.get(muni)?;
                let insurer = *geo.insurers.get(weighted(&mut b.rng, &insurer_weights))?;
                let born = b.pupil(age, municipality, insurer)?;
                b.fact(
                    born.id,
                    school_year(),
                    Fact::Enrolment {
                        school,
                        class: Some(class),
                    },
                );
                match loc.cluster {
                    Some(cluster) => group.push(SpecialPupil {
                        born,
                        cluster,
                        emb: cluster == 3 && chance(&mut b.rng, 2),
                        swv,
                        municipality,
                        zorgkantoor: *geo.zk_of_muni.get(muni)?,
                        insurer,
                        main_provider: if cluster == 3 { care3 } else { youth },
                        medical_provider: medical,
                    }),
                    None => {
                        let percent = if loc.school_type == SchoolType::Sbo {
                            25
                        } else {
                            6
                        };
                        regular_facts(b, &born, percent, municipality, youth);
                    }
                }
            }
        }
        special_facts(b, &group);
    }
    Some(())
}

/// A country-sized synthetic register of `pupils` pupils, for benchmarks: the same kind
/// of data as [`crate::region`], deterministic per seed. 70% of the pupils attend one of
/// about `pupils × 0.7 / 212` cluster 3/4 locations (≈330 at 100,000 pupils); the others
/// regular PO, SBO and VO schools.
pub fn country(seed: u64, pupils: usize) -> RegisterBatch {
    let mut b = Builder::new(seed ^ 0x636f_756e_7472_7900);
    match build(&mut b, pupils) {
        Some(()) => b.batch,
        None => RegisterBatch::default(),
    }
}
