//! Identifiers the Dutch public sector uses, each checked for its shape at the boundary.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is geen geldige {what}: verwacht {expected}")]
pub struct CodeError {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

fn check(
    what: &'static str,
    expected: &'static str,
    value: &str,
    ok: impl Fn(&[u8]) -> bool,
) -> Result<String, CodeError> {
    let v = value.trim();
    if ok(v.as_bytes()) {
        Ok(v.to_owned())
    } else {
        Err(CodeError {
            what,
            value: v.chars().take(40).collect(),
            expected,
        })
    }
}

macro_rules! code_type {
    ($(#[$m:meta])* $name:ident, $what:literal, $expected:literal, $ok:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);
        impl $name {
            pub fn parse(s: &str) -> Result<Self, CodeError> {
                check($what, $expected, s, $ok).map($name)
            }
            pub fn as_str(&self) -> &str { &self.0 }
        }
        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, CodeError> { $name::parse(&s) }
        }
        impl From<$name> for String {
            fn from(c: $name) -> String { c.0 }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
    };
}

fn digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

code_type!(
    /// CBS municipality code, `GM0855` (TOOI: `https://identifier.overheid.nl/tooi/id/gemeente/gm0855`).
    CbsGemeentecode, "CBS-gemeentecode", "GM gevolgd door 4 cijfers",
    |b: &[u8]| b.len() == 6 && b.starts_with(b"GM") && digits(&b[2..])
);
code_type!(
    /// CBS code of a zorgkantoor region, `ZK04`.
    ZorgkantoorRegioCode, "zorgkantoorregiocode", "ZK gevolgd door 2 cijfers",
    |b: &[u8]| b.len() == 4 && b.starts_with(b"ZK") && digits(&b[2..])
);
code_type!(
    /// UZOVI number of a health insurer, 4 digits.
    Uzovi, "UZOVI-nummer", "4 cijfers",
    |b: &[u8]| b.len() == 4 && digits(b)
);
code_type!(
    /// SWV code: sector, province number, sequence — `PO 30-07`, `VO 30-06`.
    SwvCode, "SWV-code", "PO of VO, spatie, 2 cijfers, streepje, 2 cijfers (PO 30-07)",
    |b: &[u8]| b.len() == 8 && (b.starts_with(b"PO ") || b.starts_with(b"VO "))
        && digits(&b[3..5]) && b[5] == b'-' && digits(&b[6..8])
);
code_type!(
    /// BRIN number (4 characters: 2 digits, 2 letters or digits) and vestiging (2 digits), `12AB00`.
    BrinVestiging, "BRIN-vestigingsnummer", "4 tekens BRIN (2 cijfers, 2 letters/cijfers) en 2 cijfers vestiging",
    |b: &[u8]| b.len() == 6 && digits(&b[..2]) && b[2..4].iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && digits(&b[4..])
);
code_type!(
    /// AGB code of a care provider, 8 digits.
    AgbCode, "AGB-code", "8 cijfers",
    |b: &[u8]| b.len() == 8 && digits(b)
);

impl CbsGemeentecode {
    /// The TOOI organisation URI of this municipality.
    pub fn tooi_uri(&self) -> String {
        format!(
            "https://identifier.overheid.nl/tooi/id/gemeente/{}",
            self.0.to_ascii_lowercase()
        )
    }
}

impl SwvCode {
    pub fn sector(&self) -> Sector {
        if self.0.starts_with("PO") {
            Sector::Po
        } else {
            Sector::Vo
        }
    }
}

/// Primary or secondary education; SWVs are one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sector {
    Po,
    Vo,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_accept_their_shape_and_refuse_others() {
        assert!(CbsGemeentecode::parse("GM0855").is_ok());
        assert!(CbsGemeentecode::parse("gm0855").is_err());
        assert!(CbsGemeentecode::parse("GM855").is_err());
        assert!(ZorgkantoorRegioCode::parse("ZK04").is_ok());
        assert!(SwvCode::parse("PO 30-07").is_ok());
        assert_eq!(SwvCode::parse("VO 30-06").unwrap().sector(), Sector::Vo);
        assert!(SwvCode::parse("PO 3007").is_err());
        assert!(BrinVestiging::parse("12AB00").is_ok());
        assert!(BrinVestiging::parse("AB1200").is_err());
        assert!(Uzovi::parse("3311").is_ok());
        assert!(AgbCode::parse("1234567").is_err());
    }

    #[test]
    fn a_bad_code_names_what_was_expected() {
        let e = CbsGemeentecode::parse("Tilburg").unwrap_err();
        assert_eq!(
            e.to_string(),
            "'Tilburg' is geen geldige CBS-gemeentecode: verwacht GM gevolgd door 4 cijfers"
        );
    }

    #[test]
    fn municipality_has_its_tooi_uri() {
        let c = CbsGemeentecode::parse("GM0855").unwrap();
        assert_eq!(
            c.tooi_uri(),
            "https://identifier.overheid.nl/tooi/id/gemeente/gm0855"
        );
    }
}
