//! Persoonsgebonden nummer (PGN): the number a school knows a pupil by — the BSN, or an
//! onderwijsnummer when the pupil has no BSN (yet). Both pass the 11-proef; an
//! onderwijsnummer starts with a 1 and its weighted sum is ≡ 5 (mod 11) instead of 0.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PgnError {
    #[error("moet 9 cijfers hebben, heeft er {0}")]
    WrongLength(usize),
    #[error("mag alleen cijfers bevatten")]
    NotDigits,
    #[error("voldoet niet aan de 11-proef")]
    ElevenTest,
}

impl PgnError {
    pub fn code(&self) -> &'static str {
        match self {
            PgnError::WrongLength(_) => "pgn.lengte",
            PgnError::NotDigits => "pgn.cijfers",
            PgnError::ElevenTest => "pgn.elfproef",
        }
    }
}

fn digits(s: &str) -> Result<[u8; 9], PgnError> {
    let s = s.trim();
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(PgnError::NotDigits);
    }
    if s.len() != 9 {
        return Err(PgnError::WrongLength(s.len()));
    }
    let mut out = [0u8; 9];
    for (slot, b) in out.iter_mut().zip(s.bytes()) {
        *slot = b - b'0';
    }
    Ok(out)
}

/// 9·d1 + 8·d2 + … + 2·d8 − 1·d9, as the 11-proef for a BSN defines it.
fn weighted_sum(d: &[u8; 9]) -> i32 {
    let head: i32 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(&x, w)| i32::from(x) * w)
        .sum();
    head - i32::from(d[8])
}

/// A burgerservicenummer that passed the 11-proef. Never shown where it is not needed:
/// `Display` writes it masked; use [`Bsn::as_str`] where the full number is required.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bsn(String);

impl Bsn {
    pub fn parse(s: &str) -> Result<Bsn, PgnError> {
        let d = digits(s)?;
        if weighted_sum(&d).rem_euclid(11) != 0 || d.iter().all(|&x| x == 0) {
            return Err(PgnError::ElevenTest);
        }
        Ok(Bsn(s.trim().to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Bsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bsn(*****{})", &self.0[5..])
    }
}

impl TryFrom<String> for Bsn {
    type Error = PgnError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Bsn::parse(&s)
    }
}
impl From<Bsn> for String {
    fn from(b: Bsn) -> String {
        b.0
    }
}

/// An onderwijsnummer: issued by DUO to pupils without a BSN. Starts with 1; the
/// weighted sum is ≡ 5 (mod 11).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Onderwijsnummer(String);

impl Onderwijsnummer {
    pub fn parse(s: &str) -> Result<Onderwijsnummer, PgnError> {
        let d = digits(s)?;
        if d[0] != 1 || weighted_sum(&d).rem_euclid(11) != 5 {
            return Err(PgnError::ElevenTest);
        }
        Ok(Onderwijsnummer(s.trim().to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Onderwijsnummer {
    type Error = PgnError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Onderwijsnummer::parse(&s)
    }
}
impl From<Onderwijsnummer> for String {
    fn from(b: Onderwijsnummer) -> String {
        b.0
    }
}

/// The persoonsgebonden nummer: a BSN, or else an onderwijsnummer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Pgn {
    Bsn(Bsn),
    Onderwijsnummer(Onderwijsnummer),
}

impl Pgn {
    /// A BSN when it passes the BSN test, else an onderwijsnummer; the BSN error when both fail.
    pub fn parse(s: &str) -> Result<Pgn, PgnError> {
        match Bsn::parse(s) {
            Ok(b) => Ok(Pgn::Bsn(b)),
            Err(e) => Onderwijsnummer::parse(s)
                .map(Pgn::Onderwijsnummer)
                .map_err(|_| e),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Pgn::Bsn(b) => b.as_str(),
            Pgn::Onderwijsnummer(o) => o.as_str(),
        }
    }
    /// Masked for display where the full number is not needed: `*****6789`.
    pub fn masked(&self) -> String {
        format!("*****{}", &self.as_str()[5..])
    }
}
impl TryFrom<String> for Pgn {
    type Error = PgnError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Pgn::parse(&s)
    }
}
impl From<Pgn> for String {
    fn from(p: Pgn) -> String {
        p.as_str().to_owned()
    }
}

/// Makes a valid BSN from the first eight digits by choosing the check digit; `None` when
/// no digit works (the sum needs a check digit of 10). Used by generators of demo data.
pub fn bsn_from_prefix(prefix: u32) -> Option<Bsn> {
    let s = format!("{prefix:08}");
    (0..=9)
        .map(|c| format!("{s}{c}"))
        .find_map(|candidate| Bsn::parse(&candidate).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_valid_bsns_pass_the_eleven_test() {
        for s in ["111222333", "123456782", "999999990"] {
            assert!(Bsn::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn bsn_with_wrong_check_digit_is_refused() {
        assert_eq!(Bsn::parse("123456789"), Err(PgnError::ElevenTest));
        assert_eq!(Bsn::parse("111222334"), Err(PgnError::ElevenTest));
    }

    #[test]
    fn bsn_of_wrong_length_or_with_letters_is_refused() {
        assert_eq!(Bsn::parse("12345678"), Err(PgnError::WrongLength(8)));
        assert_eq!(Bsn::parse("12345678a"), Err(PgnError::NotDigits));
        assert_eq!(Bsn::parse("000000000"), Err(PgnError::ElevenTest));
    }

    #[test]
    fn onderwijsnummer_uses_the_remainder_five() {
        // 1·9+0·8+0·7+0·6+0·5+0·4+0·3+0·2−4 = 5 ≡ 5 (mod 11)
        assert!(Onderwijsnummer::parse("100000004").is_ok());
        assert!(Onderwijsnummer::parse("100000005").is_err());
        assert!(matches!(
            Pgn::parse("100000004"),
            Ok(Pgn::Onderwijsnummer(_))
        ));
        assert!(matches!(Pgn::parse("123456782"), Ok(Pgn::Bsn(_))));
    }

    #[test]
    fn debug_and_masked_output_hide_the_number() {
        let b = Bsn::parse("123456782").unwrap();
        assert_eq!(format!("{b:?}"), "Bsn(*****6782)");
        assert_eq!(Pgn::Bsn(b).masked(), "*****6782");
    }

    proptest! {
        #[test]
        fn changing_one_digit_of_a_valid_bsn_breaks_the_eleven_test(prefix in 10_000_000u32..99_999_999, pos in 0usize..9, delta in 1u8..10) {
            if let Some(b) = bsn_from_prefix(prefix) {
                let mut bytes = b.as_str().as_bytes().to_vec();
                bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
                let changed = String::from_utf8(bytes).unwrap();
                prop_assert!(Bsn::parse(&changed).is_err());
            }
        }

        #[test]
        fn serde_refuses_what_parse_refuses(s in "[0-9]{9}") {
            let via_json: Result<Bsn, _> = serde_json::from_str(&format!("\"{s}\""));
            prop_assert_eq!(via_json.is_ok(), Bsn::parse(&s).is_ok());
        }
    }
}
