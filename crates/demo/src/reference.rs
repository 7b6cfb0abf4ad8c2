//! Reference data embedded in the binary: real municipalities of Noord-Brabant with their
//! CBS codes and zorgkantoor region (`data/municipalities.csv`), and a code per region.

use continuum_domain::codes::{CbsGemeentecode, ZorgkantoorRegioCode};

const MUNICIPALITIES_CSV: &str = include_str!("../../../data/municipalities.csv");

/// The zorgkantoor regions named in `municipalities.csv`, with the `ZKxx` code the model
/// needs. ZK19 for Noordoost-Brabant is the code in CBS "Gebieden in Nederland"; the other
/// numbers are ILLUSTRATIVE (the official CBS numbering was not at hand) — replace them
/// with the CBS region table when it is imported.
pub const ZORGKANTOOR_REGION_CODES: &[(&str, &str)] = &[
    ("Midden-Brabant", "ZK14"),
    ("West-Brabant", "ZK28"),
    ("Noordoost-Brabant", "ZK19"),
    ("Zuidoost-Brabant", "ZK31"),
];

/// One row of `municipalities.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MunicipalityRef {
    pub cbs_code: CbsGemeentecode,
    pub name: String,
    pub province: String,
    /// Name of the zorgkantoor region ("Midden-Brabant").
    pub zorgkantoorregio: String,
    /// Free note, e.g. "Hart van Brabant" for the region of seed 004.
    pub region_note: String,
}

/// The municipalities of the embedded CSV, in file order. Rows with a malformed code or
/// too few columns are left out (the crate's tests check that none are).
pub fn municipalities() -> Vec<MunicipalityRef> {
    MUNICIPALITIES_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| {
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            let [code, name, province, region, note] = cols.as_slice() else {
                return None;
            };
            Some(MunicipalityRef {
                cbs_code: CbsGemeentecode::parse(code).ok()?,
                name: (*name).to_owned(),
                province: (*province).to_owned(),
                zorgkantoorregio: (*region).to_owned(),
                region_note: (*note).to_owned(),
            })
        })
        .collect()
}

/// Number of data rows in the embedded CSV (for the tests).
pub fn municipality_rows() -> usize {
    MUNICIPALITIES_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// The `ZKxx` code of a zorgkantoor region named in the CSV.
pub fn zorgkantoor_code(region: &str) -> Option<ZorgkantoorRegioCode> {
    ZORGKANTOOR_REGION_CODES
        .iter()
        .find(|(name, _)| *name == region)
        .and_then(|(_, code)| ZorgkantoorRegioCode::parse(code).ok())
}

/// The distinct zorgkantoor regions of the CSV, in order of first appearance.
pub fn zorgkantoor_regions(municipalities: &[MunicipalityRef]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in municipalities {
        if !out.contains(&m.zorgkantoorregio) {
            out.push(m.zorgkantoorregio.clone());
        }
    }
    out
}

/// The holiday region of a province's municipalities (Rijksoverheid, regio-indeling
/// schoolvakanties; a few municipalities at the borders differ, which the demo ignores).
pub fn holiday_region(province: &str) -> Option<continuum_domain::register::HolidayRegion> {
    use continuum_domain::register::HolidayRegion::*;
    Some(match province {
        "Drenthe" | "Flevoland" | "Friesland" | "Fryslân" | "Groningen" | "Noord-Holland"
        | "Overijssel" => Noord,
        "Gelderland" | "Utrecht" | "Zuid-Holland" => Midden,
        "Limburg" | "Noord-Brabant" | "Zeeland" => Zuid,
        _ => return None,
    })
}
