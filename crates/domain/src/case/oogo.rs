//! What a region agreed in its OOGO about doorzettingsmacht (policy, seeds 000 and 001):
//! SWVs organise it for education, municipalities hold it for youth help, and the OOGO
//! names **who** and after how many weeks without an integral offer a case escalates. A
//! dispute about ZiO financing goes to the agreed geschillenregeling instead (seed 004).
//!
//! Doorzettingsmacht forces a breakthrough between partners; it never forces parents to
//! accept an offer (DOMAIN §3.2).

use crate::ids::OrgId;
use serde::{Deserialize, Serialize};

/// Which doorzettingsmacht a case calls on: education's (the SWV) or youth help's (a
/// municipality).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationDomain {
    Onderwijs,
    Jeugdhulp,
}

impl EscalationDomain {
    pub const ALL: [EscalationDomain; 2] =
        [EscalationDomain::Onderwijs, EscalationDomain::Jeugdhulp];

    pub fn code(self) -> &'static str {
        match self {
            EscalationDomain::Onderwijs => "onderwijs",
            EscalationDomain::Jeugdhulp => "jeugdhulp",
        }
    }

    pub fn parse(s: &str) -> Option<EscalationDomain> {
        EscalationDomain::ALL.into_iter().find(|d| d.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            EscalationDomain::Onderwijs => "Onderwijs",
            EscalationDomain::Jeugdhulp => "Jeugdhulp",
        }
    }
}

/// Who holds doorzettingsmacht for youth help. The Jeugdwet puts the jeugdhulpplicht on the
/// municipality where the child lives (art. 2.3); an OOGO may instead name one municipality
/// for the whole region (a centrumgemeente).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum YouthHelpHolder {
    /// The municipality of the case: where the child lives now.
    Woonplaats,
    /// One municipality for the region.
    Gemeente { municipality: OrgId },
}

/// A refused OOGO record: the field and the reason, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct OogoError {
    pub field: &'static str,
    pub reason: String,
}

impl OogoError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        "oogo.ongeldig"
    }
}

/// The doorzettingsmacht part of one region's OOGO agreement. Built only by
/// [`OogoEscalation::new`] (also when read with serde), so every value holds a positive
/// term, a geschillenregeling and a youth-help holder that is party to the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawOogo", into = "RawOogo")]
pub struct OogoEscalation {
    swv: OrgId,
    municipalities: Vec<OrgId>,
    education: OrgId,
    youth_help: YouthHelpHolder,
    weeks_without_offer: u32,
    geschillenregeling: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawOogo {
    swv: OrgId,
    municipalities: Vec<OrgId>,
    education: OrgId,
    youth_help: YouthHelpHolder,
    weeks_without_offer: u32,
    geschillenregeling: String,
}

impl TryFrom<RawOogo> for OogoEscalation {
    type Error = OogoError;
    fn try_from(r: RawOogo) -> Result<Self, OogoError> {
        OogoEscalation::new(
            r.swv,
            r.municipalities,
            r.education,
            r.youth_help,
            r.weeks_without_offer,
            r.geschillenregeling,
        )
    }
}

impl From<OogoEscalation> for RawOogo {
    fn from(o: OogoEscalation) -> Self {
        RawOogo {
            swv: o.swv,
            municipalities: o.municipalities,
            education: o.education,
            youth_help: o.youth_help,
            weeks_without_offer: o.weeks_without_offer,
            geschillenregeling: o.geschillenregeling,
        }
    }
}

impl OogoEscalation {
    /// `swv`: the SWV whose region the agreement covers; `municipalities`: the
    /// municipalities party to it; `education`: who holds doorzettingsmacht for education
    /// (an SWV, usually `swv` itself); `weeks_without_offer`: after how many weeks from
    /// registration without an integral offer a case escalates.
    pub fn new(
        swv: OrgId,
        municipalities: Vec<OrgId>,
        education: OrgId,
        youth_help: YouthHelpHolder,
        weeks_without_offer: u32,
        geschillenregeling: String,
    ) -> Result<OogoEscalation, OogoError> {
        let err = |field, reason: &str| OogoError {
            field,
            reason: reason.to_owned(),
        };
        if municipalities.is_empty() {
            return Err(err(
                "municipalities",
                "noem de gemeenten die de OOGO-afspraak hebben gemaakt",
            ));
        }
        if let YouthHelpHolder::Gemeente { municipality } = youth_help
            && !municipalities.contains(&municipality)
        {
            return Err(err(
                "youthHelp.municipality",
                "de gemeente met doorzettingsmacht voor jeugdhulp doet niet mee aan deze OOGO-afspraak",
            ));
        }
        if weeks_without_offer == 0 {
            return Err(err(
                "weeksWithoutOffer",
                "het aantal weken zonder integraal aanbod moet 1 of meer zijn",
            ));
        }
        if geschillenregeling.trim().is_empty() {
            return Err(err(
                "geschillenregeling",
                "beschrijf de geschillenregeling voor geschillen over ZiO-financiering",
            ));
        }
        Ok(OogoEscalation {
            swv,
            municipalities,
            education,
            youth_help,
            weeks_without_offer,
            geschillenregeling,
        })
    }

    pub fn swv(&self) -> OrgId {
        self.swv
    }
    pub fn municipalities(&self) -> &[OrgId] {
        &self.municipalities
    }
    pub fn education(&self) -> OrgId {
        self.education
    }
    pub fn youth_help(&self) -> YouthHelpHolder {
        self.youth_help
    }
    pub fn weeks_without_offer(&self) -> u32 {
        self.weeks_without_offer
    }
    pub fn geschillenregeling(&self) -> &str {
        &self.geschillenregeling
    }

    /// Whether a case of `municipality` falls under this agreement.
    pub fn covers(&self, municipality: OrgId) -> bool {
        self.municipalities.contains(&municipality)
    }

    /// Who holds doorzettingsmacht in `domain` for a case of `case_municipality`.
    pub fn holder(&self, domain: EscalationDomain, case_municipality: OrgId) -> OrgId {
        match (domain, self.youth_help) {
            (EscalationDomain::Onderwijs, _) => self.education,
            (EscalationDomain::Jeugdhulp, YouthHelpHolder::Woonplaats) => case_municipality,
            (EscalationDomain::Jeugdhulp, YouthHelpHolder::Gemeente { municipality }) => {
                municipality
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(n: u128) -> OrgId {
        OrgId::from_u128(n)
    }

    #[test]
    fn the_holder_follows_the_domain_and_the_agreement() {
        let o = OogoEscalation::new(
            org(1),
            vec![org(2), org(3)],
            org(1),
            YouthHelpHolder::Gemeente {
                municipality: org(2),
            },
            8,
            "Regionale geschillencommissie".to_owned(),
        )
        .unwrap();
        assert_eq!(o.holder(EscalationDomain::Onderwijs, org(3)), org(1));
        assert_eq!(o.holder(EscalationDomain::Jeugdhulp, org(3)), org(2));
        assert!(o.covers(org(3)) && !o.covers(org(9)));
    }

    #[test]
    fn youth_help_of_the_woonplaats_is_the_case_municipality() {
        let o = OogoEscalation::new(
            org(1),
            vec![org(2)],
            org(1),
            YouthHelpHolder::Woonplaats,
            6,
            "x".to_owned(),
        )
        .unwrap();
        assert_eq!(o.holder(EscalationDomain::Jeugdhulp, org(2)), org(2));
    }

    #[test]
    fn a_bad_agreement_is_refused_naming_the_field() {
        let e = OogoEscalation::new(
            org(1),
            vec![org(2)],
            org(1),
            YouthHelpHolder::Woonplaats,
            0,
            "x".to_owned(),
        )
        .unwrap_err();
        assert_eq!(e.field, "weeksWithoutOffer");
        let json = r#"{"swv":"00000000-0000-4000-8000-000000000001","municipalities":[],
            "education":"00000000-0000-4000-8000-000000000001","youthHelp":{"kind":"woonplaats"},
            "weeksWithoutOffer":6,"geschillenregeling":"x"}"#;
        let e = serde_json::from_str::<OogoEscalation>(json).unwrap_err();
        assert!(e.to_string().contains("municipalities"), "{e}");
    }

    #[test]
    fn an_agreement_round_trips_through_json() {
        let o = OogoEscalation::new(
            org(1),
            vec![org(2)],
            org(1),
            YouthHelpHolder::Gemeente {
                municipality: org(2),
            },
            10,
            "Geschillenregeling OOGO regio".to_owned(),
        )
        .unwrap();
        let json = serde_json::to_string(&o).unwrap();
        assert!(json.contains("\"weeksWithoutOffer\":10"), "{json}");
        assert_eq!(serde_json::from_str::<OogoEscalation>(&json).unwrap(), o);
    }
}
