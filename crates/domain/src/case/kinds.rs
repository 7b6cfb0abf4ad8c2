//! The closed sets of a case in the vocabulary of zaakgericht werken (ZGW): the case type
//! (zaaktype), its status, its result (resultaat) and the confidentiality of a document
//! (vertrouwelijkheidaanduiding). Each value has a stable code (serde, the store, the API)
//! and a Dutch label for the pages.

use super::oogo::EscalationDomain;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An enum whose values each have a code and a Dutch label, in a fixed order (the order of
/// declaration is the order of `ALL` and of `Ord`).
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident {
        $($(#[$vm:meta])* $var:ident = $code:literal, $label:literal;)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $var,)*
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var,)*];
            /// The stable code: serde, the store and the API use it.
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code,)* }
            }
            /// The Dutch label a user reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$var => $label,)* }
            }
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == s)
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

coded_enum! {
    /// What the case is about (the zaaktype).
    CaseType {
        /// An enrolled pupil absent without a valid reason for more than four weeks
        /// (langdurig relatief verzuim; Thuiszitterspact definition, DOMAIN §3.1).
        Thuiszitter = "thuiszitter", "Thuiszitter (langdurig relatief verzuim)";
        /// A leerplichtig young person who is not enrolled and has no exemption.
        AbsoluutVerzuim = "absoluut_verzuim", "Absoluut verzuim (niet ingeschreven)";
        /// An exemption on physical or psychological grounds, Leerplichtwet art. 5 onder a,
        /// with the educational perspective and a casusregisseur (seed 000).
        Vrijstelling5a = "vrijstelling_5a", "Vrijstelling 5 onder a";
        /// A school board must find a fitting place within the zorgplicht term (WPO art. 40).
        Zorgplicht = "zorgplicht", "Zorgplicht: een passende plek vinden";
        /// A dispute about the financing of care in school time; it goes to the
        /// geschillenregeling of the OOGO agreement, never to doorzettingsmacht (seed 004).
        ZioGeschil = "zio_geschil", "Geschil over financiering van zorg in onderwijstijd";
        Overig = "overig", "Overige zaak";
    }
}

coded_enum! {
    /// Where the case stands (ZGW statustype). Only `in_behandeling` is set on its own; the
    /// others follow from an event of their own (escalation, decision, referral, closing),
    /// so a status never claims what the timeline does not hold.
    CaseStatus {
        Ontvangen = "ontvangen", "Ontvangen";
        InBehandeling = "in_behandeling", "In behandeling";
        Geescaleerd = "geescaleerd", "Geëscaleerd (doorzettingsmacht)";
        GeschilVoorgelegd = "geschil_voorgelegd", "Voorgelegd aan de geschillenregeling";
        BesluitGenomen = "besluit_genomen", "Besluit genomen";
        Afgesloten = "afgesloten", "Afgesloten";
    }
}

coded_enum! {
    /// How the case ended (ZGW resultaattype). A case is closed only with a result.
    CaseResult {
        IntegraalAanbod = "integraal_aanbod", "Integraal aanbod gerealiseerd";
        NaarSchool = "naar_school", "Leerling gaat (weer) naar school";
        VrijstellingVerleend = "vrijstelling_verleend", "Vrijstelling verleend";
        VrijstellingGeweigerd = "vrijstelling_geweigerd", "Vrijstelling niet verleend";
        /// The parents refused the offer; the refusal itself is in the timeline.
        OudersWeigeren = "ouders_weigeren", "Ouders weigeren het aanbod";
        NietMeerLeerplichtig = "niet_meer_leerplichtig", "Niet meer leerplichtig of kwalificatieplichtig";
        VerhuisdBuitenland = "verhuisd_buitenland", "Verhuisd naar het buitenland";
        /// The leerplichtambtenaar made an official report; the case goes to the OM.
        ProcesVerbaal = "proces_verbaal", "Proces-verbaal opgemaakt";
        GeschilBeslecht = "geschil_beslecht", "Geschil beslecht";
        Ingetrokken = "ingetrokken", "Ingetrokken";
    }
}

coded_enum! {
    /// The ZGW vertrouwelijkheidaanduiding, from least to most confidential; `Ord` follows
    /// that order, so a reader's clearance is a simple comparison.
    Confidentiality {
        Openbaar = "openbaar", "Openbaar";
        BeperktOpenbaar = "beperkt_openbaar", "Beperkt openbaar";
        Intern = "intern", "Intern";
        Zaakvertrouwelijk = "zaakvertrouwelijk", "Zaakvertrouwelijk";
        Vertrouwelijk = "vertrouwelijk", "Vertrouwelijk";
        Confidentieel = "confidentieel", "Confidentieel";
        Geheim = "geheim", "Geheim";
        ZeerGeheim = "zeer_geheim", "Zeer geheim";
    }
}

impl CaseType {
    /// Whose doorzettingsmacht an overdue case of this type calls on when the case does not
    /// record what is missing (policy, seeds 000 and 001). A child without a school place or
    /// fitting education — zorgplicht, thuiszitter, absoluut verzuim, and the educational
    /// perspective of an exemption — is education's, so the SWV's. An `overig` case has no
    /// default: it must record the gap. A ZiO dispute is never escalated (`None`).
    pub fn default_domain(self) -> Option<EscalationDomain> {
        match self {
            CaseType::Thuiszitter
            | CaseType::AbsoluutVerzuim
            | CaseType::Vrijstelling5a
            | CaseType::Zorgplicht => Some(EscalationDomain::Onderwijs),
            CaseType::ZioGeschil | CaseType::Overig => None,
        }
    }

    /// A ZiO dispute goes to the geschillenregeling; every other case can escalate.
    pub fn escalates(self) -> bool {
        self != CaseType::ZioGeschil
    }
}

impl CaseResult {
    /// Whether a case of `case_type` can end with this result: an exemption's results only
    /// for an exemption case, a dispute's only for a dispute, an official report only for
    /// absence.
    pub fn fits(self, case_type: CaseType) -> bool {
        use CaseResult::*;
        use CaseType::*;
        match self {
            Ingetrokken => true,
            GeschilBeslecht => case_type == ZioGeschil,
            VrijstellingVerleend | VrijstellingGeweigerd => case_type == Vrijstelling5a,
            ProcesVerbaal => matches!(case_type, Thuiszitter | AbsoluutVerzuim | Overig),
            IntegraalAanbod | NaarSchool | OudersWeigeren | NietMeerLeerplichtig
            | VerhuisdBuitenland => case_type != ZioGeschil,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_parse_and_serde() {
        for t in CaseType::ALL {
            assert_eq!(CaseType::parse(t.code()), Some(*t));
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.code()));
        }
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.code()), Some(*s));
        }
        for r in CaseResult::ALL {
            assert_eq!(CaseResult::parse(r.code()), Some(*r));
        }
        for c in Confidentiality::ALL {
            let back: Confidentiality = serde_json::from_str(&format!("\"{}\"", c.code())).unwrap();
            assert_eq!(back, *c);
        }
        assert_eq!(CaseType::parse("vrijstelling5a"), None);
    }

    #[test]
    fn confidentiality_is_ordered_from_public_to_top_secret() {
        assert!(Confidentiality::Openbaar < Confidentiality::Intern);
        assert!(Confidentiality::Zaakvertrouwelijk < Confidentiality::Vertrouwelijk);
        assert!(Confidentiality::Geheim < Confidentiality::ZeerGeheim);
        let mut sorted = Confidentiality::ALL.to_vec();
        sorted.sort();
        assert_eq!(sorted, Confidentiality::ALL);
    }

    #[test]
    fn every_case_type_has_a_result_it_can_close_with() {
        for t in CaseType::ALL {
            let n = CaseResult::ALL.iter().filter(|r| r.fits(*t)).count();
            assert!(n >= 2, "{t:?}");
        }
        assert!(!CaseResult::GeschilBeslecht.fits(CaseType::Thuiszitter));
        assert!(!CaseResult::NaarSchool.fits(CaseType::ZioGeschil));
        assert!(CaseResult::VrijstellingVerleend.fits(CaseType::Vrijstelling5a));
    }
}
