//! What the responsibility rule reads and answers: plain data with ids and display names,
//! gathered by the caller (no store access here), and an answer that borrows its names from
//! the input so a batch run copies no strings. The parents' sentence is built on demand
//! ([`Responsibility::contact`]).

use continuum_domain::Date;
use continuum_domain::ids::OrgId;
use continuum_domain::register::{CareLaw, DeliveryForm, NeedCategory};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// An organisation as the answer names it: its id and the name parents know it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub id: OrgId,
    pub name: String,
}

/// The support need being asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub category: NeedCategory,
    /// Support that is part of education, whatever its category (an occupational therapist
    /// teaching a pupil to hold a pen): the school's and the SWV's, never a care law.
    #[serde(default)]
    pub education_related: bool,
    /// Personal care tied to a medical need or a high risk of it (for children: intensieve
    /// kindzorg), which the Zvw covers.
    #[serde(default)]
    pub medical: bool,
}

/// A current indication of the pupil (indicatie, beschikking or toewijzing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicationRef {
    pub law: CareLaw,
    pub funder: OrgId,
    pub delivery: DeliveryForm,
    pub category: NeedCategory,
}

/// A current agreement on zorg in onderwijstijd of the pupil's school: which funders take
/// part and which need categories it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZioAgreementRef {
    /// How parents and schools call it: "ZiO-afspraak De Bolster 2026-2027".
    pub name: String,
    pub funders: Vec<OrgId>,
    pub categories: Vec<NeedCategory>,
}

/// Everything the rule needs about one need of one pupil on the evaluation date.
/// Organisations the answer does not need may be absent; the one it needs must be there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityFacts {
    pub need: Need,
    /// The age on the evaluation date follows from it (Jeugdwet art. 1.1 "jeugdige").
    pub birth_date: Date,
    /// The pupil's current indications.
    #[serde(default)]
    pub indications: Vec<IndicationRef>,
    /// The municipality of the woonplaats (BRP address). Organisations are shared (`Arc`):
    /// a batch over a country's pupils holds each municipality once, not once per pupil.
    pub municipality: Option<Arc<Party>>,
    pub insurer: Option<Arc<Party>>,
    /// The zorgkantoor of the pupil's region of residence.
    pub zorgkantoor: Option<Arc<Party>>,
    pub school: Option<Arc<Party>>,
    /// The samenwerkingsverband of the school.
    pub swv: Option<Arc<Party>>,
    /// The school's current ZiO agreements.
    #[serde(default)]
    pub zio_agreements: Vec<ZioAgreementRef>,
}

/// The domain that is "aan zet" (DOMAIN §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    Onderwijs,
    Wlz,
    Zvw,
    Jeugdwet,
    Wmo,
}

impl Domain {
    pub fn care_law(self) -> Option<CareLaw> {
        match self {
            Domain::Onderwijs => None,
            Domain::Wlz => Some(CareLaw::Wlz),
            Domain::Zvw => Some(CareLaw::Zvw),
            Domain::Jeugdwet => Some(CareLaw::Jeugdwet),
            Domain::Wmo => Some(CareLaw::Wmo),
        }
    }

    /// As parents read it.
    pub fn label(self) -> &'static str {
        match self {
            Domain::Onderwijs => "passend onderwijs",
            Domain::Wlz => "Wet langdurige zorg",
            Domain::Zvw => "Zorgverzekeringswet",
            Domain::Jeugdwet => "Jeugdwet",
            Domain::Wmo => "Wmo 2015",
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayerKind {
    Swv,
    Zorgkantoor,
    Zorgverzekeraar,
    Gemeente,
}

impl PayerKind {
    /// The Dutch word for this kind of organisation.
    pub fn label(self) -> &'static str {
        self.word().0
    }

    /// The word for this kind of organisation, and how a sentence names one ("de gemeente").
    fn word(self) -> (&'static str, &'static str) {
        match self {
            PayerKind::Swv => ("samenwerkingsverband", "het samenwerkingsverband"),
            PayerKind::Zorgkantoor => ("zorgkantoor", "het zorgkantoor"),
            PayerKind::Zorgverzekeraar => ("zorgverzekeraar", "uw zorgverzekeraar"),
            PayerKind::Gemeente => ("gemeente", "de gemeente"),
        }
    }
}

/// Who pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Payer<'a> {
    pub kind: PayerKind,
    pub id: OrgId,
    pub name: &'a str,
}

/// How the care reaches the pupil.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Route<'a> {
    /// Onderwijsondersteuning: the school arranges it with its SWV.
    School,
    /// Collectively, through the school's ZiO agreement.
    Collectief { agreement: &'a str },
    /// Zorg in natura for this pupil alone.
    IndividueelZin,
    /// The parents hire help with a persoonsgebonden budget.
    Pgb,
}

impl Route<'_> {
    pub fn code(&self) -> &'static str {
        match self {
            Route::School => "school",
            Route::Collectief { .. } => "collectief",
            Route::IndividueelZin => "individueel_zin",
            Route::Pgb => "pgb",
        }
    }
}

/// The answer: domain, payer, route; the contact sentence for the parents on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Responsibility<'a> {
    pub domain: Domain,
    pub payer: Payer<'a>,
    pub route: Route<'a>,
    /// Whether the pupil already has an indication under the domain's law.
    pub has_indication: bool,
    /// The school, for onderwijsondersteuning: parents talk to the school, which pays
    /// through its SWV.
    pub school: Option<&'a str>,
}

impl Responsibility<'_> {
    /// Where the parents should go, in plain Dutch (B1): "Neem contact op met de gemeente
    /// Tilburg (Jeugdwet). Vraag daar hulp voor uw kind aan."
    pub fn contact(&self) -> String {
        let payer = named(self.payer.kind, self.payer.name);
        let first = match (self.domain, self.school) {
            (Domain::Onderwijs, Some(school)) => format!(
                "Neem contact op met {} (passend onderwijs). De school regelt deze ondersteuning samen met {payer}.",
                school_named(school)
            ),
            _ => format!("Neem contact op met {payer} ({}).", self.domain.label()),
        };
        let second = match self.route {
            Route::School => return first,
            Route::Collectief { agreement } => {
                format!("Op school gaat dit via de afspraak van de school: {agreement}.")
            }
            Route::Pgb => "U regelt de zorg zelf met uw persoonsgebonden budget (pgb).".to_owned(),
            Route::IndividueelZin if self.has_indication => {
                "Zij regelen een zorgaanbieder voor uw kind.".to_owned()
            }
            Route::IndividueelZin => "Vraag daar hulp voor uw kind aan.".to_owned(),
        };
        format!("{first} {second}")
    }
}

impl Serialize for Responsibility<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Responsibility", 5)?;
        st.serialize_field("domain", &self.domain)?;
        st.serialize_field("payer", &self.payer)?;
        st.serialize_field("route", &self.route)?;
        st.serialize_field("has_indication", &self.has_indication)?;
        st.serialize_field("contact", &self.contact())?;
        st.end()
    }
}

/// "de gemeente Tilburg" — or the name as it is when it already says what it is
/// ("Zorgkantoor Midden-Brabant", "CZ zorgkantoor").
fn named(kind: PayerKind, name: &str) -> String {
    let (word, article) = kind.word();
    if name.to_lowercase().contains(word) {
        name.to_owned()
    } else {
        format!("{article} {name}")
    }
}

fn school_named(name: &str) -> String {
    if name.to_lowercase().contains("school") {
        name.to_owned()
    } else {
        format!("de school {name}")
    }
}
