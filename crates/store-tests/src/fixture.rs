//! A small region for store and server tests: one zorgkantoor, two municipalities, an
//! insurer, an SWV with a cluster 3 SO school and a regular school, a care provider, a
//! parents' household, and two pupils with full files.

use chrono::Utc;
use continuum_domain::Date;
use continuum_domain::codes::*;
use continuum_domain::ids::*;
use continuum_domain::money::Cents;
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::pgn::Pgn;
use continuum_domain::register::*;
use continuum_domain::role::Role;
use continuum_store::{Actor, RegisterBatch};

pub fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).unwrap()
}

/// The date the tests act on.
pub fn today() -> Date {
    d(2026, 11, 23)
}

pub struct Region {
    pub zorgkantoor: OrgId,
    pub tilburg: OrgId,
    pub dongen: OrgId,
    pub insurer: OrgId,
    pub swv: OrgId,
    pub board: OrgId,
    pub so_school: OrgId,
    pub po_school: OrgId,
    pub provider: OrgId,
    pub parents: OrgId,
    pub class_so1: ClassId,
    pub class_so2: ClassId,
    /// Enrolled at the SO school, Wlz and Zvw indications, provider, parents.
    pub sanne: PupilId,
    /// Enrolled at the regular school, lives in Dongen, no indications.
    pub daan: PupilId,
    pub sanne_tlv: FactId,
    pub batch: RegisterBatch,
}

fn org(name: &str, details: OrgDetails) -> Organisation {
    Organisation {
        name: name.into(),
        details,
        period: Period::from(d(2020, 1, 1)),
    }
}

pub fn school_year() -> Period {
    SchoolYear(2026).period()
}

pub fn region() -> Region {
    let mut n = 0u128;
    let mut next = || {
        n += 1;
        n
    };
    let zorgkantoor = OrgId::from_u128(next());
    let tilburg = OrgId::from_u128(next());
    let dongen = OrgId::from_u128(next());
    let insurer = OrgId::from_u128(next());
    let swv = OrgId::from_u128(next());
    let board = OrgId::from_u128(next());
    let so_school = OrgId::from_u128(next());
    let po_school = OrgId::from_u128(next());
    let provider = OrgId::from_u128(next());
    let parents = OrgId::from_u128(next());
    let class_so1 = ClassId::from_u128(next());
    let class_so2 = ClassId::from_u128(next());
    let sanne = PupilId::from_u128(next());
    let daan = PupilId::from_u128(next());
    let sanne_tlv = FactId::from_u128(next());

    let organisations = vec![
        (
            zorgkantoor,
            org(
                "Zorgkantoor Midden-Brabant",
                OrgDetails::Zorgkantoor {
                    region_code: ZorgkantoorRegioCode::parse("ZK14").unwrap(),
                    region_name: "Midden-Brabant".into(),
                },
            ),
        ),
        (
            tilburg,
            org(
                "Gemeente Tilburg",
                OrgDetails::Gemeente {
                    cbs_code: CbsGemeentecode::parse("GM0855").unwrap(),
                    zorgkantoor,
                    holiday_region: Some(HolidayRegion::Zuid),
                },
            ),
        ),
        (
            dongen,
            org(
                "Gemeente Dongen",
                OrgDetails::Gemeente {
                    cbs_code: CbsGemeentecode::parse("GM0766").unwrap(),
                    zorgkantoor,
                    holiday_region: Some(HolidayRegion::Zuid),
                },
            ),
        ),
        (
            insurer,
            org(
                "Zorgverzekeraar Zuid",
                OrgDetails::Zorgverzekeraar {
                    uzovi: Uzovi::parse("3311").unwrap(),
                },
            ),
        ),
        (
            swv,
            org(
                "SWV Primair Onderwijs Midden-Brabant",
                OrgDetails::Swv {
                    code: SwvCode::parse("PO 30-07").unwrap(),
                },
            ),
        ),
        (
            board,
            org(
                "Stichting Speciaal Onderwijs Brabant",
                OrgDetails::Schoolbestuur {
                    bevoegd_gezag: "41234".into(),
                },
            ),
        ),
        (
            so_school,
            org(
                "SO De Regenboog",
                OrgDetails::School {
                    brin_vestiging: BrinVestiging::parse("12AB00").unwrap(),
                    school_type: SchoolType::So,
                    cluster: Cluster::new(3),
                    board,
                    swv,
                    municipality: tilburg,
                },
            ),
        ),
        (
            po_school,
            org(
                "Basisschool De Linde",
                OrgDetails::School {
                    brin_vestiging: BrinVestiging::parse("34CD00").unwrap(),
                    school_type: SchoolType::Po,
                    cluster: None,
                    board,
                    swv,
                    municipality: dongen,
                },
            ),
        ),
        (
            provider,
            org(
                "Zorggroep De Linde",
                OrgDetails::Zorgaanbieder {
                    agb: Some(AgbCode::parse("12345678").unwrap()),
                },
            ),
        ),
        (parents, org("Ouders van Sanne", OrgDetails::Ouders)),
    ];
    let classes = vec![
        (
            class_so1,
            SchoolClass {
                school: so_school,
                school_year: SchoolYear(2026),
                name: "SO-1".into(),
                lesson_times: WeekBlock::parse_list(LESSON_TIMES).unwrap(),
            },
        ),
        (
            class_so2,
            SchoolClass {
                school: so_school,
                school_year: SchoolYear(2026),
                name: "SO-2".into(),
                lesson_times: WeekBlock::parse_list(LESSON_TIMES).unwrap(),
            },
        ),
    ];
    let pupils = vec![
        (
            sanne,
            Pupil {
                pgn: Pgn::parse("123456782").unwrap(),
                given_name: "Sanne".into(),
                family_name: "de Vries".into(),
                birth_date: d(2016, 3, 14),
                municipality: tilburg,
                insurer: Some(insurer),
                period: Period::from(d(2016, 3, 14)),
            },
        ),
        (
            daan,
            Pupil {
                pgn: Pgn::parse("111222333").unwrap(),
                given_name: "Daan".into(),
                family_name: "Jansen".into(),
                birth_date: d(2017, 6, 2),
                municipality: dongen,
                insurer: Some(insurer),
                period: Period::from(d(2017, 6, 2)),
            },
        ),
    ];
    let year = school_year();
    let ind = |law, funder, category| Fact::Indication {
        law,
        funder,
        delivery: DeliveryForm::Zin,
        category,
        hours_per_week: HoursPerWeek(600),
        hours_in_school_time: HoursPerWeek(400),
    };
    let fact = |pupil, fact| PupilFact {
        pupil,
        period: year,
        fact,
    };
    let mut facts = vec![
        (
            FactId::from_u128(next()),
            fact(
                sanne,
                Fact::Enrolment {
                    school: so_school,
                    class: Some(class_so1),
                },
            ),
        ),
        (
            sanne_tlv,
            fact(
                sanne,
                Fact::Tlv {
                    swv,
                    category: TlvCategory::Hoog,
                    emb: false,
                },
            ),
        ),
        (
            FactId::from_u128(next()),
            fact(
                sanne,
                ind(CareLaw::Wlz, zorgkantoor, NeedCategory::Verzorging),
            ),
        ),
        (
            FactId::from_u128(next()),
            fact(sanne, ind(CareLaw::Zvw, insurer, NeedCategory::Verpleging)),
        ),
        (
            FactId::from_u128(next()),
            fact(sanne, Fact::ProviderAssignment { provider }),
        ),
        (
            FactId::from_u128(next()),
            fact(
                sanne,
                Fact::Need {
                    category: NeedCategory::Verpleging,
                    mode: NeedMode::Individual,
                    required_qualification: Some(Qualification::parse("voorbehouden").unwrap()),
                    blocks: WeekBlock::parse_list("ma 11:30-12:00;wo 11:30-12:00").unwrap(),
                },
            ),
        ),
        (
            FactId::from_u128(next()),
            fact(
                daan,
                Fact::Enrolment {
                    school: po_school,
                    class: None,
                },
            ),
        ),
    ];
    facts.push((
        FactId::from_u128(next()),
        PupilFact {
            pupil: sanne,
            period: Period::from(d(2016, 3, 14)),
            fact: Fact::Guardianship { parents },
        },
    ));

    Region {
        zorgkantoor,
        tilburg,
        dongen,
        insurer,
        swv,
        board,
        so_school,
        po_school,
        provider,
        parents,
        class_so1,
        class_so2,
        sanne,
        daan,
        sanne_tlv,
        batch: RegisterBatch {
            organisations,
            classes,
            workers: vec![(
                WorkerId::from_u128(next()),
                Worker {
                    provider,
                    name: "Fatima Yilmaz".into(),
                    qualifications: vec![Qualification::parse("voorbehouden").unwrap()],
                    period: Period::from(d(2024, 1, 1)),
                    weekdays: Weekday::SCHOOL_DAYS.to_vec(),
                    max_hours_per_week: Some(HoursPerWeek(2_400)),
                    max_hours_per_day: Some(HoursPerWeek(600)),
                    hourly_cost: Some(Cents(6_600)),
                },
            )],
            pupils,
            facts,
            agreements: vec![(
                AgreementId::from_u128(next()),
                Agreement {
                    school: so_school,
                    parties: vec![
                        AgreementParty {
                            organisation: tilburg,
                            role: "financier (Jeugdwet)".into(),
                            tariff_per_hour: Some(Cents(6_000)),
                            share_basis_points: None,
                        },
                        AgreementParty {
                            organisation: zorgkantoor,
                            role: "financier (Wlz)".into(),
                            tariff_per_hour: Some(Cents(6_600)),
                            share_basis_points: None,
                        },
                        AgreementParty {
                            organisation: provider,
                            role: "zorgaanbieder".into(),
                            tariff_per_hour: None,
                            share_basis_points: None,
                        },
                    ],
                    period: school_year(),
                    scope: "Zorg in onderwijstijd voor de leerlingen van SO De Regenboog".into(),
                    categories: NeedCategory::care(),
                    allocation_key: AllocationKey::IndicatedHoursTimesTariff,
                    terms: None,
                },
            )],
            users: vec![],
            absences: vec![],
        },
    }
}

/// The lesson times of the fixture's SO classes.
pub const LESSON_TIMES: &str =
    "ma 08:30-14:30;di 08:30-14:30;wo 08:30-12:30;do 08:30-14:30;vr 08:30-14:30";

/// An actor of `org` in `role`, acting on [`today`].
pub fn actor(org: OrgId, role: Role) -> Actor {
    Actor {
        user: UserId::from_u128(0xA000 + org.0.as_u128() % 1000 + role as u128),
        user_name: format!("{}-{}", role.code(), &org.0.to_string()[..8]),
        org,
        org_name: "test".into(),
        role,
        origin: "test".into(),
        purpose: "test".into(),
        today: today(),
        now: Utc::now(),
    }
}
