//! The grounds of an exemption from enrolment the Leerplichtwet 1969 knows, each with its
//! code, article and Dutch label.

use serde::{Deserialize, Serialize};

/// Why a child need not be enrolled at a school. Art. 5 onder a is written out
/// (`Art5OnderA`) because the law also has an article 5a (travelling existence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExemptionGround {
    /// Art. 5 onder a: physically or psychologically not fit to be admitted to a school.
    #[serde(rename = "5_onder_a")]
    Art5OnderA,
    /// Art. 5 onder b: objection to the orientation (richting) of every school within
    /// reasonable distance.
    #[serde(rename = "5_onder_b")]
    Art5OnderB,
    /// Art. 5 onder c: enrolled at and regularly attending a school outside the Netherlands.
    #[serde(rename = "5_onder_c")]
    Art5OnderC,
    /// Art. 5a: a child that lives a travelling existence with its parents.
    #[serde(rename = "5a")]
    Art5a,
    /// Art. 15: exemption for a young person who follows enough education of another kind
    /// (in practice: during kwalificatieplicht).
    #[serde(rename = "15")]
    Art15,
}

impl ExemptionGround {
    pub const ALL: [ExemptionGround; 5] = [
        ExemptionGround::Art5OnderA,
        ExemptionGround::Art5OnderB,
        ExemptionGround::Art5OnderC,
        ExemptionGround::Art5a,
        ExemptionGround::Art15,
    ];

    /// The code in JSON, CSV and the database: `5_onder_a`, `5_onder_b`, `5_onder_c`, `5a`, `15`.
    pub fn code(self) -> &'static str {
        match self {
            ExemptionGround::Art5OnderA => "5_onder_a",
            ExemptionGround::Art5OnderB => "5_onder_b",
            ExemptionGround::Art5OnderC => "5_onder_c",
            ExemptionGround::Art5a => "5a",
            ExemptionGround::Art15 => "15",
        }
    }

    pub fn parse(s: &str) -> Option<ExemptionGround> {
        let s = s.trim();
        ExemptionGround::ALL
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(s))
    }

    /// The article as a reader sees it: `art. 5 onder a`, `art. 5a`.
    pub fn article_nl(self) -> &'static str {
        match self {
            ExemptionGround::Art5OnderA => "art. 5 onder a",
            ExemptionGround::Art5OnderB => "art. 5 onder b",
            ExemptionGround::Art5OnderC => "art. 5 onder c",
            ExemptionGround::Art5a => "art. 5a",
            ExemptionGround::Art15 => "art. 15",
        }
    }

    /// The article number and onderdeel as a citation needs them: `("5", Some("a"))`.
    pub fn article(self) -> (&'static str, Option<&'static str>) {
        match self {
            ExemptionGround::Art5OnderA => ("5", Some("a")),
            ExemptionGround::Art5OnderB => ("5", Some("b")),
            ExemptionGround::Art5OnderC => ("5", Some("c")),
            ExemptionGround::Art5a => ("5a", None),
            ExemptionGround::Art15 => ("15", None),
        }
    }

    /// What the ground means, in plain Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            ExemptionGround::Art5OnderA => {
                "lichamelijk of psychisch niet geschikt om naar school te gaan"
            }
            ExemptionGround::Art5OnderB => "bezwaar tegen de richting van alle scholen in de buurt",
            ExemptionGround::Art5OnderC => "ingeschreven op een school buiten Nederland",
            ExemptionGround::Art5a => "trekt rond met de ouders (trekkend bestaan)",
            ExemptionGround::Art15 => "volgt genoeg ander onderwijs",
        }
    }

    /// The parents invoke it by a notification that must be repeated before 1 July of every
    /// year (art. 6 lid 1 and lid 2 onder b): the grounds of art. 5. Art. 5a and 15 follow
    /// rules of their own (to verify, docs/rules.md).
    pub fn yearly_notification(self) -> bool {
        matches!(
            self,
            ExemptionGround::Art5OnderA | ExemptionGround::Art5OnderB | ExemptionGround::Art5OnderC
        )
    }

    /// Only art. 5 onder a has the dossier of a statement, the SWV's educational
    /// perspective, a casusregisseur, evaluations and a development offer.
    pub fn has_dossier(self) -> bool {
        self == ExemptionGround::Art5OnderA
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_in_json_and_text() {
        for g in ExemptionGround::ALL {
            assert_eq!(ExemptionGround::parse(g.code()), Some(g));
            let json = serde_json::to_string(&g).unwrap();
            assert_eq!(json, format!("\"{}\"", g.code()));
            assert_eq!(serde_json::from_str::<ExemptionGround>(&json).unwrap(), g);
            assert!(!g.label_nl().is_empty());
        }
        assert_eq!(ExemptionGround::parse("5"), None);
    }

    #[test]
    fn art_5_onder_a_and_art_5a_are_different_articles() {
        assert_eq!(ExemptionGround::Art5OnderA.article(), ("5", Some("a")));
        assert_eq!(ExemptionGround::Art5a.article(), ("5a", None));
        assert_ne!(
            ExemptionGround::Art5OnderA.article_nl(),
            ExemptionGround::Art5a.article_nl()
        );
    }
}
