//! Organisations of the field and what belongs to them (classes, care workers).

use super::care::{HoursPerWeek, Qualification};
use super::week::{WeekBlock, Weekday};
use crate::codes::{AgbCode, BrinVestiging, CbsGemeentecode, SwvCode, Uzovi, ZorgkantoorRegioCode};
use crate::ids::OrgId;
use crate::money::Cents;
use crate::period::{Period, SchoolYear};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Gemeente,
    Zorgkantoor,
    Zorgverzekeraar,
    Swv,
    Schoolbestuur,
    School,
    Zorgaanbieder,
    /// A parents' household: the account of a pupil's parents or guardians.
    Ouders,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        OrgKind::Gemeente,
        OrgKind::Zorgkantoor,
        OrgKind::Zorgverzekeraar,
        OrgKind::Swv,
        OrgKind::Schoolbestuur,
        OrgKind::School,
        OrgKind::Zorgaanbieder,
        OrgKind::Ouders,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            OrgKind::Gemeente => "gemeente",
            OrgKind::Zorgkantoor => "zorgkantoor",
            OrgKind::Zorgverzekeraar => "zorgverzekeraar",
            OrgKind::Swv => "swv",
            OrgKind::Schoolbestuur => "schoolbestuur",
            OrgKind::School => "school",
            OrgKind::Zorgaanbieder => "zorgaanbieder",
            OrgKind::Ouders => "ouders",
        }
    }
    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(&self) -> &'static str {
        match self {
            OrgKind::Gemeente => "Gemeente",
            OrgKind::Zorgkantoor => "Zorgkantoor",
            OrgKind::Zorgverzekeraar => "Zorgverzekeraar",
            OrgKind::Swv => "Samenwerkingsverband",
            OrgKind::Schoolbestuur => "Schoolbestuur",
            OrgKind::School => "School",
            OrgKind::Zorgaanbieder => "Zorgaanbieder",
            OrgKind::Ouders => "Ouders",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchoolType {
    Po,
    Vo,
    Sbo,
    So,
    Vso,
}

impl SchoolType {
    pub fn code(&self) -> &'static str {
        match self {
            SchoolType::Po => "po",
            SchoolType::Vo => "vo",
            SchoolType::Sbo => "sbo",
            SchoolType::So => "so",
            SchoolType::Vso => "vso",
        }
    }
    pub fn parse(s: &str) -> Option<SchoolType> {
        [
            SchoolType::Po,
            SchoolType::Vo,
            SchoolType::Sbo,
            SchoolType::So,
            SchoolType::Vso,
        ]
        .into_iter()
        .find(|t| t.code() == s)
    }
    /// Special education (SO, VSO) is organised in clusters; the other types are not.
    pub fn has_cluster(&self) -> bool {
        matches!(self, SchoolType::So | SchoolType::Vso)
    }
}

/// Cluster of special education: 1 visual, 2 hearing/language, 3 physical/intellectual
/// disability or long-term illness, 4 severe behavioural/psychiatric problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Cluster(u8);

impl Cluster {
    pub fn new(n: u8) -> Option<Cluster> {
        (1..=4).contains(&n).then_some(Cluster(n))
    }
    pub fn number(&self) -> u8 {
        self.0
    }
}
impl TryFrom<u8> for Cluster {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Cluster::new(n).ok_or_else(|| format!("cluster {n} bestaat niet (1 tot en met 4)"))
    }
}
impl From<Cluster> for u8 {
    fn from(c: Cluster) -> u8 {
        c.0
    }
}

/// What kind of organisation it is, with the facts that only that kind has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum OrgDetails {
    Gemeente {
        cbs_code: CbsGemeentecode,
        /// The zorgkantoor whose region covers this municipality.
        zorgkantoor: OrgId,
        /// The holiday region its schools follow; unknown for records from before it was kept.
        #[serde(default)]
        holiday_region: Option<HolidayRegion>,
    },
    Zorgkantoor {
        region_code: ZorgkantoorRegioCode,
        region_name: String,
    },
    Zorgverzekeraar {
        uzovi: Uzovi,
    },
    Swv {
        code: SwvCode,
    },
    Schoolbestuur {
        /// Bevoegd gezag number (DUO), free text of digits.
        bevoegd_gezag: String,
    },
    School {
        brin_vestiging: BrinVestiging,
        school_type: SchoolType,
        cluster: Option<Cluster>,
        board: OrgId,
        swv: OrgId,
        municipality: OrgId,
    },
    Zorgaanbieder {
        agb: Option<AgbCode>,
    },
    Ouders,
}

impl OrgDetails {
    pub fn kind(&self) -> OrgKind {
        match self {
            OrgDetails::Gemeente { .. } => OrgKind::Gemeente,
            OrgDetails::Zorgkantoor { .. } => OrgKind::Zorgkantoor,
            OrgDetails::Zorgverzekeraar { .. } => OrgKind::Zorgverzekeraar,
            OrgDetails::Swv { .. } => OrgKind::Swv,
            OrgDetails::Schoolbestuur { .. } => OrgKind::Schoolbestuur,
            OrgDetails::School { .. } => OrgKind::School,
            OrgDetails::Zorgaanbieder { .. } => OrgKind::Zorgaanbieder,
            OrgDetails::Ouders => OrgKind::Ouders,
        }
    }
    /// The public code of the organisation (CBS code, BRIN+vestiging, SWV code, …).
    pub fn code(&self) -> Option<String> {
        match self {
            OrgDetails::Gemeente { cbs_code, .. } => Some(cbs_code.to_string()),
            OrgDetails::Zorgkantoor { region_code, .. } => Some(region_code.to_string()),
            OrgDetails::Zorgverzekeraar { uzovi } => Some(uzovi.to_string()),
            OrgDetails::Swv { code } => Some(code.to_string()),
            OrgDetails::Schoolbestuur { bevoegd_gezag } => Some(bevoegd_gezag.clone()),
            OrgDetails::School { brin_vestiging, .. } => Some(brin_vestiging.to_string()),
            OrgDetails::Zorgaanbieder { agb } => agb.as_ref().map(|a| a.to_string()),
            OrgDetails::Ouders => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub name: String,
    pub details: OrgDetails,
    pub period: Period,
}

/// A class of a school location in one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchoolClass {
    pub school: OrgId,
    pub school_year: SchoolYear,
    pub name: String,
    /// When the class has lessons in a school week (its timetable); care in school time is
    /// planned within these blocks.
    #[serde(default)]
    pub lesson_times: Vec<WeekBlock>,
}

/// A care worker employed by a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Worker {
    pub provider: OrgId,
    pub name: String,
    pub qualifications: Vec<Qualification>,
    pub period: Period,
    /// The days she works; Monday to Friday when not recorded.
    #[serde(default = "school_days")]
    pub weekdays: Vec<Weekday>,
    /// The most hours a week and a day she may be in a class.
    #[serde(default)]
    pub max_hours_per_week: Option<HoursPerWeek>,
    /// In the notation of hours per week, for one day.
    #[serde(default)]
    pub max_hours_per_day: Option<HoursPerWeek>,
    /// What an hour of her presence in a class costs the school's pooled budget.
    #[serde(default)]
    pub hourly_cost: Option<Cents>,
}

fn school_days() -> Vec<Weekday> {
    Weekday::SCHOOL_DAYS.to_vec()
}

/// The holiday region of a municipality (Rijksoverheid, regio-indeling schoolvakanties:
/// noord, midden, zuid); schools follow the region of their municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HolidayRegion {
    Noord,
    Midden,
    Zuid,
}

impl HolidayRegion {
    pub const ALL: [HolidayRegion; 3] = [
        HolidayRegion::Noord,
        HolidayRegion::Midden,
        HolidayRegion::Zuid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HolidayRegion::Noord => "noord",
            HolidayRegion::Midden => "midden",
            HolidayRegion::Zuid => "zuid",
        }
    }

    pub fn parse(s: &str) -> Option<HolidayRegion> {
        HolidayRegion::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// 0, 1, 2: for tables per region.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for HolidayRegion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
