//! Typed legal citations: which law (by its BWB id in the national law database), which
//! article, lid and onderdeel — or the policy letter a rule comes from (STYLE §3: "the
//! citation is a value, not a string").

use crate::params::Params;
use continuum_domain::Date;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// The laws the rules cite (DOMAIN §3). The BWB ids are the keys of wetten.overheid.nl.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Law {
    Leerplichtwet,
    /// Wet op de expertisecentra: (voortgezet) speciaal onderwijs.
    Wec,
    /// Wet op het primair onderwijs.
    Wpo,
    Jeugdwet,
    /// Wet langdurige zorg.
    Wlz,
    /// Zorgverzekeringswet.
    Zvw,
    /// Wet maatschappelijke ondersteuning 2015.
    Wmo,
    /// Wet op de beroepen in de individuele gezondheidszorg.
    WetBig,
}

impl Law {
    pub const ALL: [Law; 8] = [
        Law::Leerplichtwet,
        Law::Wec,
        Law::Wpo,
        Law::Jeugdwet,
        Law::Wlz,
        Law::Zvw,
        Law::Wmo,
        Law::WetBig,
    ];

    pub fn bwb(self) -> &'static str {
        match self {
            Law::Leerplichtwet => "BWBR0002628",
            Law::Wec => "BWBR0003549",
            Law::Wpo => "BWBR0003420",
            Law::Jeugdwet => "BWBR0034925",
            Law::Wlz => "BWBR0035917",
            Law::Zvw => "BWBR0018450",
            Law::Wmo => "BWBR0035362",
            Law::WetBig => "BWBR0006251",
        }
    }

    /// The citation title (citeertitel) of the law.
    pub fn name(self) -> &'static str {
        match self {
            Law::Leerplichtwet => "Leerplichtwet 1969",
            Law::Wec => "Wet op de expertisecentra",
            Law::Wpo => "Wet op het primair onderwijs",
            Law::Jeugdwet => "Jeugdwet",
            Law::Wlz => "Wet langdurige zorg",
            Law::Zvw => "Zorgverzekeringswet",
            Law::Wmo => "Wet maatschappelijke ondersteuning 2015",
            Law::WetBig => "Wet op de beroepen in de individuele gezondheidszorg",
        }
    }

    pub fn from_bwb(bwb: &str) -> Option<Law> {
        Law::ALL.into_iter().find(|l| l.bwb() == bwb)
    }
}

impl fmt::Display for Law {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Law {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.bwb())
    }
}

/// The basis of a rule step: an article of a law, or a policy source (a seed letter) for
/// rules that are not (yet) law.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Citation {
    Law {
        law: Law,
        /// As the law numbers it: "3", "4a", "2.3".
        article: String,
        lid: Option<u32>,
        /// The onderdeel: "a", "b", "f".
        onder: Option<String>,
    },
    Policy {
        /// E.g. "seed 000; seed 004".
        source: String,
    },
}

impl Citation {
    pub fn law(law: Law, article: &str, lid: Option<u32>, onder: Option<&str>) -> Citation {
        Citation::Law {
            law,
            article: article.to_owned(),
            lid,
            onder: onder.map(str::to_owned),
        }
    }

    pub fn policy(source: &str) -> Citation {
        Citation::Policy {
            source: source.to_owned(),
        }
    }

    /// The short key cases are written against: `BWBR0002628 art. 3 lid 1 onder b`, or the
    /// policy source itself.
    pub fn key(&self) -> String {
        match self {
            Citation::Law { law, .. } => format!("{} {}", law.bwb(), self.article_part()),
            Citation::Policy { source } => source.clone(),
        }
    }

    /// Link to the article in the text of the law that was valid on `on`: the latest known
    /// text version (params `[law] text_versions`) not after `on`; before the first known
    /// version, the first. A law without known versions links to the current text.
    /// A policy citation has no link.
    pub fn url(&self, on: Date) -> Option<String> {
        let Citation::Law { law, article, .. } = self else {
            return None;
        };
        let bwb = law.bwb();
        Some(match text_version(*law, on) {
            Some(v) => format!("https://wetten.overheid.nl/{bwb}/{v}#Artikel{article}"),
            None => format!("https://wetten.overheid.nl/{bwb}#Artikel{article}"),
        })
    }

    fn article_part(&self) -> String {
        let Citation::Law {
            article,
            lid,
            onder,
            ..
        } = self
        else {
            return String::new();
        };
        let mut s = format!("art. {article}");
        if let Some(lid) = lid {
            s.push_str(&format!(" lid {lid}"));
        }
        if let Some(onder) = onder {
            s.push_str(&format!(" onder {onder}"));
        }
        s
    }
}

impl fmt::Display for Citation {
    /// `Leerplichtwet 1969, art. 3 lid 1 (BWBR0002628)`; `beleid (seed 000)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Citation::Law { law, .. } => {
                write!(f, "{}, {} ({})", law.name(), self.article_part(), law.bwb())
            }
            Citation::Policy { source } => write!(f, "beleid ({source})"),
        }
    }
}

/// The version date to link for `law` on `on`, from the embedded parameter files.
pub fn text_version(law: Law, on: Date) -> Option<Date> {
    let versions = text_versions().get(&law)?;
    versions
        .iter()
        .rev()
        .find(|v| **v <= on)
        .or(versions.first())
        .copied()
}

/// The known text versions per law, read once from the embedded parameter files. These
/// files are compiled in and checked by a test, so an empty map means a broken build, not a
/// runtime condition; links then fall back to the current text.
fn text_versions() -> &'static BTreeMap<Law, Vec<Date>> {
    static VERSIONS: OnceLock<BTreeMap<Law, Vec<Date>>> = OnceLock::new();
    VERSIONS.get_or_init(|| {
        Params::embedded()
            .map(|p| p.text_versions().clone())
            .unwrap_or_default()
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failure should stop the test
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_law_round_trips_through_its_bwb_id() {
        for law in Law::ALL {
            assert_eq!(Law::from_bwb(law.bwb()), Some(law));
        }
        assert_eq!(Law::from_bwb("BWBR9999999"), None);
    }

    #[test]
    fn a_citation_reads_as_a_lawyer_writes_it() {
        let c = Citation::law(Law::Leerplichtwet, "3", Some(1), None);
        assert_eq!(
            c.to_string(),
            "Leerplichtwet 1969, art. 3 lid 1 (BWBR0002628)"
        );
        let c = Citation::law(Law::Leerplichtwet, "3", Some(1), Some("b"));
        assert_eq!(c.key(), "BWBR0002628 art. 3 lid 1 onder b");
        let c = Citation::law(Law::Leerplichtwet, "4b", None, None);
        assert_eq!(c.to_string(), "Leerplichtwet 1969, art. 4b (BWBR0002628)");
        assert_eq!(
            Citation::policy("seed 000").to_string(),
            "beleid (seed 000)"
        );
    }

    #[test]
    fn the_link_points_at_the_text_valid_on_the_evaluation_date() {
        let c = Citation::law(Law::Leerplichtwet, "3", Some(1), None);
        assert_eq!(
            c.url(d(2026, 9, 1)).unwrap(),
            "https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3"
        );
        // Before the first known version: the first known version.
        assert_eq!(
            c.url(d(2020, 1, 1)).unwrap(),
            "https://wetten.overheid.nl/BWBR0002628/2026-08-01#Artikel3"
        );
        assert_eq!(Citation::policy("seed 000").url(d(2026, 9, 1)), None);
    }

    #[test]
    fn a_law_without_known_versions_links_to_its_current_text() {
        let c = Citation::law(Law::WetBig, "36", None, None);
        assert_eq!(
            c.url(d(2026, 9, 1)).unwrap(),
            "https://wetten.overheid.nl/BWBR0006251#Artikel36"
        );
    }

    #[test]
    fn a_citation_serialises_with_the_bwb_id() {
        let c = Citation::law(Law::Leerplichtwet, "3", Some(1), Some("a"));
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"kind":"law","law":"BWBR0002628","article":"3","lid":1,"onder":"a"}"#
        );
    }
}
