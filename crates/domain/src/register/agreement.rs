//! A bestuurlijke afspraak between funders, school and providers about care at a school.

use crate::ids::OrgId;
use crate::period::Period;
use crate::register::NeedCategory;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementParty {
    pub organisation: OrgId,
    /// The party's part in the agreement, in Dutch: "financier", "school", "zorgaanbieder", …
    pub role: String,
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
}
