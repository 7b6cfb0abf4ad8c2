//! A pupil and the facts of its file. Each fact links the pupil to one organisation for a
//! period; those links are what the access relations are made of.

use super::care::{
    CareLaw, DeliveryForm, HoursPerWeek, NeedCategory, NeedMode, Qualification, TlvCategory,
};
use super::week::WeekBlock;
use crate::Date;
use crate::ids::{ClassId, OrgId, PupilId};
use crate::period::Period;
use crate::pgn::Pgn;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pupil {
    pub pgn: Pgn,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Date,
    /// Municipality of residence (woonplaats in the BRP).
    pub municipality: OrgId,
    pub insurer: Option<OrgId>,
    pub period: Period,
}

impl Pupil {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// One fact of a pupil's file, valid for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PupilFact {
    pub pupil: PupilId,
    pub period: Period,
    pub fact: Fact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Fact {
    /// Inschrijving at a school location, optionally in a class.
    Enrolment {
        school: OrgId,
        class: Option<ClassId>,
    },
    /// Toelaatbaarheidsverklaring of an SWV.
    Tlv {
        swv: OrgId,
        category: TlvCategory,
        emb: bool,
    },
    /// A funder's decision granting care (indicatie / beschikking / toewijzing).
    Indication {
        law: CareLaw,
        funder: OrgId,
        delivery: DeliveryForm,
        category: NeedCategory,
        hours_per_week: HoursPerWeek,
        /// The part of the weekly hours to be delivered in school time.
        hours_in_school_time: HoursPerWeek,
    },
    /// A support need in school time.
    Need {
        category: NeedCategory,
        mode: NeedMode,
        required_qualification: Option<Qualification>,
        /// The fixed blocks in the week in which the care is given (within the class's
        /// lesson times); the school and the care plan decide when, the planner who.
        #[serde(default)]
        blocks: Vec<WeekBlock>,
    },
    /// A care provider assigned to deliver care to this pupil.
    ProviderAssignment { provider: OrgId },
    /// The parents' household account of this pupil.
    Guardianship { parents: OrgId },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Enrolment,
    Tlv,
    Indication,
    Need,
    ProviderAssignment,
    Guardianship,
}

impl FactKind {
    pub const ALL: [FactKind; 6] = [
        FactKind::Enrolment,
        FactKind::Tlv,
        FactKind::Indication,
        FactKind::Need,
        FactKind::ProviderAssignment,
        FactKind::Guardianship,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            FactKind::Enrolment => "enrolment",
            FactKind::Tlv => "tlv",
            FactKind::Indication => "indication",
            FactKind::Need => "need",
            FactKind::ProviderAssignment => "provider_assignment",
            FactKind::Guardianship => "guardianship",
        }
    }
    pub fn parse(s: &str) -> Option<FactKind> {
        FactKind::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(&self) -> &'static str {
        match self {
            FactKind::Enrolment => "Inschrijving",
            FactKind::Tlv => "Toelaatbaarheidsverklaring",
            FactKind::Indication => "Indicatie",
            FactKind::Need => "Ondersteuningsbehoefte",
            FactKind::ProviderAssignment => "Zorgaanbieder",
            FactKind::Guardianship => "Ouders",
        }
    }
}

impl Fact {
    pub fn kind(&self) -> FactKind {
        match self {
            Fact::Enrolment { .. } => FactKind::Enrolment,
            Fact::Tlv { .. } => FactKind::Tlv,
            Fact::Indication { .. } => FactKind::Indication,
            Fact::Need { .. } => FactKind::Need,
            Fact::ProviderAssignment { .. } => FactKind::ProviderAssignment,
            Fact::Guardianship { .. } => FactKind::Guardianship,
        }
    }
    /// The organisation this fact links the pupil to, if any.
    pub fn organisation(&self) -> Option<OrgId> {
        match self {
            Fact::Enrolment { school, .. } => Some(*school),
            Fact::Tlv { swv, .. } => Some(*swv),
            Fact::Indication { funder, .. } => Some(*funder),
            Fact::Need { .. } => None,
            Fact::ProviderAssignment { provider } => Some(*provider),
            Fact::Guardianship { parents } => Some(*parents),
        }
    }
}
