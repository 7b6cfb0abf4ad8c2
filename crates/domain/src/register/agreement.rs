//! A bestuurlijke afspraak between funders, school and providers about care at a school.

use crate::ids::OrgId;
use crate::money::Cents;
use crate::period::Period;
use crate::register::NeedCategory;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementParty {
    pub organisation: OrgId,
    /// The party's part in the agreement, in Dutch: "financier", "school", "zorgaanbieder", …
    pub role: String,
    /// For a funder: the tariff per hour agreed for its route.
    #[serde(default)]
    pub tariff_per_hour: Option<Cents>,
    /// For a funder, under the key `FixedPercentages`: its share in basis points (1 % = 100).
    #[serde(default)]
    pub share_basis_points: Option<u32>,
}

/// How the pooled budget of a ZiO agreement is divided over the funders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationKey {
    /// Each funder's indicated hours in school time × its agreed tariff.
    IndicatedHoursTimesTariff,
    /// The number of the school's pupils with care the funder pays for.
    PupilsPerFunder,
    /// Percentages fixed in the agreement (`share_basis_points`, together 10 000).
    FixedPercentages,
}

impl AllocationKey {
    pub const ALL: [AllocationKey; 3] = [
        AllocationKey::IndicatedHoursTimesTariff,
        AllocationKey::PupilsPerFunder,
        AllocationKey::FixedPercentages,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AllocationKey::IndicatedHoursTimesTariff => "uren_maal_tarief",
            AllocationKey::PupilsPerFunder => "leerlingen",
            AllocationKey::FixedPercentages => "vaste_percentages",
        }
    }

    pub fn parse(s: &str) -> Option<AllocationKey> {
        AllocationKey::ALL.into_iter().find(|k| k.code() == s)
    }

    /// How the agreement and the settlement name the key, in Dutch.
    pub fn label(self) -> &'static str {
        match self {
            AllocationKey::IndicatedHoursTimesTariff => "geïndiceerde uren maal tarief",
            AllocationKey::PupilsPerFunder => "aantal leerlingen per financier",
            AllocationKey::FixedPercentages => "vaste percentages",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agreement {
    pub school: OrgId,
    pub parties: Vec<AgreementParty>,
    pub period: Period,
    /// What the agreement covers, in Dutch.
    pub scope: String,
    /// The need categories whose care the agreement arranges collectively. Stored
    /// agreements from before this field cover every care category.
    #[serde(default = "NeedCategory::care")]
    pub categories: Vec<NeedCategory>,
    /// How the pooled budget is divided; hours × tariff when not recorded.
    #[serde(default = "default_key")]
    pub allocation_key: AllocationKey,
    /// What the parties agreed from a plan of the school's week: providers, staffing,
    /// budget and shares. Absent until the school drew the agreement up from a plan.
    #[serde(default)]
    pub terms: Option<AgreementTerms>,
}

/// The terms of a ZiO agreement drawn up from a plan (issue 7: the bestuurlijke afspraak).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementTerms {
    pub drawn_up_on: crate::Date,
    /// The providers that supply the care workers.
    pub providers: Vec<AgreedProvider>,
    /// Per class the fixed care workers and the qualifications among them.
    pub classes: Vec<AgreedClass>,
    /// The pooled budget per teaching week.
    pub budget_per_week: Cents,
    /// Every funder's share of it, by the key; together exactly the budget.
    pub shares: Vec<AgreedShare>,
    /// Distinct care workers per class per week, summed over the classes: before the
    /// agreement (every pupil her own) and with the plan — the monitoring indicator
    /// *rust in de klas*.
    pub workers_before: u32,
    pub workers_after: u32,
    pub evaluation_on: crate::Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreedProvider {
    pub organisation: OrgId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreedClass {
    pub class: String,
    pub workers: u32,
    /// Qualifications the class's fixed workers hold together (e.g. `voorbehouden`).
    pub qualifications: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreedShare {
    pub funder: OrgId,
    pub name: String,
    /// wlz, zvw, jeugdwet or wmo
    pub law: String,
    pub per_week: Cents,
}

fn default_key() -> AllocationKey {
    AllocationKey::IndicatedHoursTimesTariff
}
