//! The dossier of an exemption under art. 5 onder a: the statement of art. 7, and what
//! policy adds (seeds 000, 001, 002) — the SWV's educational perspective, the casusregisseur
//! the municipality names, the evaluations and the development offer the child receives in
//! a care setting.

use crate::Date;
use crate::ids::OrgId;
use crate::register::HoursPerWeek;
use serde::{Deserialize, Serialize};

/// Who gave the statement of art. 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatementBy {
    Arts,
    Pedagoog,
    Psycholoog,
}

impl StatementBy {
    pub const ALL: [StatementBy; 3] = [
        StatementBy::Arts,
        StatementBy::Pedagoog,
        StatementBy::Psycholoog,
    ];

    pub fn label_nl(self) -> &'static str {
        match self {
            StatementBy::Arts => "arts",
            StatementBy::Pedagoog => "pedagoog",
            StatementBy::Psycholoog => "psycholoog",
        }
    }
}

/// The statement of art. 7: a physician designated by the municipality (not the treating
/// physician), or a designated pedagogue or psychologist, says the child is not fit to be
/// admitted to a school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement5a {
    pub by: StatementBy,
    /// The name of the physician, pedagogue or psychologist.
    pub name: String,
    pub designated_by_municipality: bool,
    /// The physician treats the child (refused for a physician, art. 7).
    #[serde(default)]
    pub treating_physician: bool,
    pub date: Date,
    /// The statement says the child will never be fit: no yearly renewal (art. 6 lid 3).
    #[serde(default)]
    pub never_fit: bool,
}

/// The SWV's educational perspective (onderwijskundig perspectief, seeds 000, 001, 002):
/// the regional offer and the child's learning possibilities, before an exemption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EducationalPerspective {
    pub swv: OrgId,
    pub date: Date,
    /// What the SWV concluded, in its own words.
    pub summary: String,
}

/// The casusregisseur the municipality names (seed 000): responsible for the process, the
/// monitoring and the evaluation; in practice often the leerplichtambtenaar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Casusregisseur {
    pub name: String,
    pub organisation: OrgId,
}

/// A scheduled evaluation of the exemption; held when `held_on` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub planned_on: Date,
    #[serde(default)]
    pub held_on: Option<Date>,
    /// What was concluded, in Dutch.
    #[serde(default)]
    pub outcome: Option<String>,
}

impl Evaluation {
    pub fn planned(on: Date) -> Evaluation {
        Evaluation {
            planned_on: on,
            held_on: None,
            outcome: None,
        }
    }

    pub fn is_held(&self) -> bool {
        self.held_on.is_some()
    }
}

/// The development offer the child receives in a care setting (seed 000: "ontwikkeling in
/// een zorgomgeving"), from a date; a later offer replaces an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DevelopmentOffer {
    /// The provider, when it is an organisation in the register.
    #[serde(default)]
    pub provider: Option<OrgId>,
    /// Where and what, in Dutch: "zorgboerderij De Hoeve, dagbesteding met leeractiviteiten".
    pub description: String,
    pub hours_per_week: HoursPerWeek,
    pub from: Date,
}

/// Everything an exemption under art. 5 onder a carries besides its period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dossier5a {
    pub statement: Statement5a,
    pub perspective: EducationalPerspective,
    pub casusregisseur: Casusregisseur,
    #[serde(default)]
    pub evaluations: Vec<Evaluation>,
    #[serde(default)]
    pub development_offers: Vec<DevelopmentOffer>,
}

impl Dossier5a {
    /// The development offer in effect on `on`: the latest that started on or before it.
    pub fn development_offer_on(&self, on: Date) -> Option<&DevelopmentOffer> {
        self.development_offers
            .iter()
            .filter(|o| o.from <= on)
            .max_by_key(|o| o.from)
    }
}
