//! Closed sets of the care field (DOMAIN §3.3), as enums with their Dutch codes.

use serde::{Deserialize, Serialize};

/// The care laws an indication can rest on. Onderwijsondersteuning is not a care law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CareLaw {
    Wlz,
    Zvw,
    Jeugdwet,
    Wmo,
}

impl CareLaw {
    pub const ALL: [CareLaw; 4] = [CareLaw::Wlz, CareLaw::Zvw, CareLaw::Jeugdwet, CareLaw::Wmo];
    pub fn code(&self) -> &'static str {
        match self {
            CareLaw::Wlz => "wlz",
            CareLaw::Zvw => "zvw",
            CareLaw::Jeugdwet => "jeugdwet",
            CareLaw::Wmo => "wmo",
        }
    }
    pub fn parse(s: &str) -> Option<CareLaw> {
        CareLaw::ALL.into_iter().find(|l| l.code() == s)
    }
    pub fn label(&self) -> &'static str {
        match self {
            CareLaw::Wlz => "Wet langdurige zorg",
            CareLaw::Zvw => "Zorgverzekeringswet",
            CareLaw::Jeugdwet => "Jeugdwet",
            CareLaw::Wmo => "Wmo 2015",
        }
    }
}

/// Leveringsvorm: zorg in natura or persoonsgebonden budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryForm {
    Zin,
    Pgb,
}

impl DeliveryForm {
    pub fn code(&self) -> &'static str {
        match self {
            DeliveryForm::Zin => "zin",
            DeliveryForm::Pgb => "pgb",
        }
    }
    pub fn parse(s: &str) -> Option<DeliveryForm> {
        match s {
            "zin" => Some(DeliveryForm::Zin),
            "pgb" => Some(DeliveryForm::Pgb),
            _ => None,
        }
    }
}

/// Category of a care need in school time; the codes are those of the `zio-plan/1` format,
/// the shares those of the Berenschot study (seed 000) — see `continuum-demo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NeedCategory {
    /// Support that is part of education: the school's and SWV's, never a care law.
    Onderwijsondersteuning,
    Begeleiding,
    Gedrag,
    Psychisch,
    Sociaal,
    Verzorging,
    Paramedisch,
    Verpleging,
    Geneeskundig,
}

impl NeedCategory {
    pub const ALL: [NeedCategory; 9] = [
        NeedCategory::Onderwijsondersteuning,
        NeedCategory::Begeleiding,
        NeedCategory::Gedrag,
        NeedCategory::Psychisch,
        NeedCategory::Sociaal,
        NeedCategory::Verzorging,
        NeedCategory::Paramedisch,
        NeedCategory::Verpleging,
        NeedCategory::Geneeskundig,
    ];
    pub fn code(&self) -> &'static str {
        match self {
            NeedCategory::Onderwijsondersteuning => "onderwijsondersteuning",
            NeedCategory::Begeleiding => "begeleiding",
            NeedCategory::Gedrag => "gedrag",
            NeedCategory::Psychisch => "psychisch",
            NeedCategory::Sociaal => "sociaal",
            NeedCategory::Verzorging => "verzorging",
            NeedCategory::Paramedisch => "paramedisch",
            NeedCategory::Verpleging => "verpleging",
            NeedCategory::Geneeskundig => "geneeskundig",
        }
    }
    pub fn parse(s: &str) -> Option<NeedCategory> {
        NeedCategory::ALL.into_iter().find(|c| c.code() == s)
    }
    /// Every category of care: all but onderwijsondersteuning, which is the school's.
    pub fn care() -> Vec<NeedCategory> {
        NeedCategory::ALL
            .into_iter()
            .filter(|c| *c != NeedCategory::Onderwijsondersteuning)
            .collect()
    }
    pub fn label(&self) -> &'static str {
        match self {
            NeedCategory::Onderwijsondersteuning => "Onderwijsondersteuning",
            NeedCategory::Begeleiding => "Begeleiding (individuele ontwikkeling)",
            NeedCategory::Gedrag => "Gedrag",
            NeedCategory::Psychisch => "Behandeling psychische aandoening",
            NeedCategory::Sociaal => "Sociale interactie",
            NeedCategory::Verzorging => "Persoonlijke verzorging",
            NeedCategory::Paramedisch => "Paramedische zorg",
            NeedCategory::Verpleging => "Verpleging",
            NeedCategory::Geneeskundig => "Geneeskundige zorg",
        }
    }
}

/// Individual (1 worker : 1 pupil) or group care (several pupils of one class).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NeedMode {
    Individual,
    Group,
}

impl NeedMode {
    pub fn code(&self) -> &'static str {
        match self {
            NeedMode::Individual => "individual",
            NeedMode::Group => "group",
        }
    }
    pub fn parse(s: &str) -> Option<NeedMode> {
        match s {
            "individual" => Some(NeedMode::Individual),
            "group" => Some(NeedMode::Group),
            _ => None,
        }
    }
}

/// Bekostigingscategorie of a TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlvCategory {
    Laag,
    Midden,
    Hoog,
}

impl TlvCategory {
    pub fn code(&self) -> &'static str {
        match self {
            TlvCategory::Laag => "laag",
            TlvCategory::Midden => "midden",
            TlvCategory::Hoog => "hoog",
        }
    }
    pub fn parse(s: &str) -> Option<TlvCategory> {
        match s {
            "laag" => Some(TlvCategory::Laag),
            "midden" => Some(TlvCategory::Midden),
            "hoog" => Some(TlvCategory::Hoog),
            _ => None,
        }
    }
}

/// A qualification of a care worker, as an opaque lowercase code (`voorbehouden`: may
/// perform voorbehouden handelingen under the Wet BIG, art. 36).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Qualification(String);

impl Qualification {
    pub fn parse(s: &str) -> Result<Qualification, String> {
        let s = s.trim();
        if !s.is_empty()
            && s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        {
            Ok(Qualification(s.to_owned()))
        } else {
            Err(format!(
                "'{s}' is geen kwalificatiecode (kleine letters, cijfers, _ of -)"
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Qualification {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Qualification::parse(&s)
    }
}
impl From<Qualification> for String {
    fn from(q: Qualification) -> String {
        q.0
    }
}

/// Hours per week in hundredths of an hour (so 2.5 h = 250): never floats.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct HoursPerWeek(pub u32);

impl HoursPerWeek {
    /// Parses "2", "2.5", "2,5" or "2.25"; at most two decimals, at most 168 hours.
    pub fn parse(s: &str) -> Result<HoursPerWeek, String> {
        let shown = s.trim().replace(',', ".");
        let v = crate::money::parse_hundredths(s)
            .ok()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| format!("'{shown}' is geen aantal uren (bijv. 2 of 2,5)"))?;
        if v > 168 * 100 {
            return Err(format!(
                "{shown} uur per week is meer dan er in een week past"
            ));
        }
        Ok(HoursPerWeek(v))
    }
}

impl std::fmt::Display for HoursPerWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_multiple_of(100) {
            write!(f, "{}", self.0 / 100)
        } else if self.0.is_multiple_of(10) {
            write!(f, "{},{}", self.0 / 100, (self.0 % 100) / 10)
        } else {
            write!(f, "{},{:02}", self.0 / 100, self.0 % 100)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_with_comma_or_point_and_print_in_dutch() {
        assert_eq!(HoursPerWeek::parse("2,5"), Ok(HoursPerWeek(250)));
        assert_eq!(HoursPerWeek::parse("2.25"), Ok(HoursPerWeek(225)));
        assert_eq!(HoursPerWeek::parse("4"), Ok(HoursPerWeek(400)));
        assert!(HoursPerWeek::parse("2.255").is_err());
        assert!(HoursPerWeek::parse("-1").is_err());
        assert!(HoursPerWeek::parse("169").is_err());
        assert_eq!(HoursPerWeek(250).to_string(), "2,5");
        assert_eq!(HoursPerWeek(225).to_string(), "2,25");
    }

    #[test]
    fn codes_round_trip() {
        for c in NeedCategory::ALL {
            assert_eq!(NeedCategory::parse(c.code()), Some(c));
        }
        for l in CareLaw::ALL {
            assert_eq!(CareLaw::parse(l.code()), Some(l));
        }
        assert_eq!(NeedCategory::parse("bestaat-niet"), None);
    }
}
