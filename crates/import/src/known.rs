//! What an import may refer to: the records already stored and those read earlier in the
//! same run, by the public codes the files use.

use crate::error::shown;
use continuum_domain::codes::{
    AgbCode, BrinVestiging, CbsGemeentecode, CodeError, SwvCode, Uzovi, ZorgkantoorRegioCode,
};
use continuum_domain::ids::{ClassId, OrgId, PupilId};
use continuum_domain::period::SchoolYear;
use continuum_domain::register::OrgKind;
use continuum_store::RegisterBatch;
use std::collections::HashMap;

/// The register by its public codes: (kind, code) → organisation, PGN → pupil,
/// (school, school year, name) → class. Build it with [`Known::from_batch`] from what is
/// stored (`Store::export_all`), or use `Known::default()` for an empty register.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// One map per [`OrgKind`], indexed by `kind as usize`, so lookups take a `&str`.
    orgs: [HashMap<String, OrgId>; OrgKind::ALL.len()],
    pupils: HashMap<String, PupilId>,
    classes: HashMap<(OrgId, SchoolYear), HashMap<String, ClassId>>,
}

impl Known {
    pub fn from_batch(batch: &RegisterBatch) -> Known {
        let mut known = Known::default();
        known.add_batch(batch);
        known
    }

    /// Adds every organisation with a code, every pupil and every class of `batch`.
    pub fn add_batch(&mut self, batch: &RegisterBatch) {
        for (id, org) in &batch.organisations {
            if let Some(code) = org.details.code() {
                self.insert_org(org.details.kind(), code, *id);
            }
        }
        for (id, p) in &batch.pupils {
            self.pupils.insert(p.pgn.as_str().to_owned(), *id);
        }
        for (id, c) in &batch.classes {
            self.insert_class(c.school, c.school_year, &c.name, *id);
        }
    }

    pub fn org(&self, kind: OrgKind, code: &str) -> Option<OrgId> {
        self.orgs[kind as usize].get(code).copied()
    }
    pub fn pupil(&self, pgn: &str) -> Option<PupilId> {
        self.pupils.get(pgn).copied()
    }
    pub fn class(&self, school: OrgId, year: SchoolYear, name: &str) -> Option<ClassId> {
        self.classes.get(&(school, year))?.get(name).copied()
    }

    pub(crate) fn insert_org(&mut self, kind: OrgKind, code: String, id: OrgId) {
        self.orgs[kind as usize].insert(code, id);
    }
    pub(crate) fn insert_pupil(&mut self, pgn: String, id: PupilId) {
        self.pupils.insert(pgn, id);
    }
    pub(crate) fn insert_class(
        &mut self,
        school: OrgId,
        year: SchoolYear,
        name: &str,
        id: ClassId,
    ) {
        self.classes
            .entry((school, year))
            .or_default()
            .insert(name.to_owned(), id);
    }

    /// Removes an entry added by an import that failed; only when it still names `id`.
    pub(crate) fn remove_org(&mut self, kind: OrgKind, code: &str, id: OrgId) {
        let map = &mut self.orgs[kind as usize];
        if map.get(code) == Some(&id) {
            map.remove(code);
        }
    }
    pub(crate) fn remove_pupil(&mut self, pgn: &str, id: PupilId) {
        if self.pupils.get(pgn) == Some(&id) {
            self.pupils.remove(pgn);
        }
    }
    pub(crate) fn remove_class(
        &mut self,
        school: OrgId,
        year: SchoolYear,
        name: &str,
        id: ClassId,
    ) {
        if let Some(map) = self.classes.get_mut(&(school, year))
            && map.get(name) == Some(&id)
        {
            map.remove(name);
        }
    }

    /// The organisation of `kind` with `code`, or the reason (in Dutch) why there is none:
    /// the code is of another kind, is not a code of this kind, or is unknown.
    pub(crate) fn resolve(&self, kind: OrgKind, code: &str) -> Result<OrgId, String> {
        if let Some(id) = self.org(kind, code) {
            return Ok(id);
        }
        if let Some(other) = OrgKind::ALL
            .into_iter()
            .find(|k| self.org(*k, code).is_some())
        {
            return Err(format!(
                "'{}' is een {}, geen {}",
                shown(code),
                noun(other),
                noun(kind)
            ));
        }
        let code = canonical_code(kind, code)?;
        Err(format!("{} '{}'", unknown(kind), shown(&code)))
    }
}

/// The organisation kind as a lowercase Dutch noun.
pub(crate) fn noun(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Gemeente => "gemeente",
        OrgKind::Zorgkantoor => "zorgkantoor",
        OrgKind::Zorgverzekeraar => "zorgverzekeraar",
        OrgKind::Swv => "samenwerkingsverband",
        OrgKind::Schoolbestuur => "schoolbestuur",
        OrgKind::School => "school",
        OrgKind::Zorgaanbieder => "zorgaanbieder",
        OrgKind::Ouders => "ouders",
    }
}

/// "onbekende gemeente", "onbekend zorgkantoor": het-words take no -e.
fn unknown(kind: OrgKind) -> String {
    match kind {
        OrgKind::Zorgkantoor | OrgKind::Swv | OrgKind::Schoolbestuur => {
            format!("onbekend {}", noun(kind))
        }
        _ => format!("onbekende {}", noun(kind)),
    }
}

/// Checks the shape of an organisation's code with the domain's parser for that kind and
/// returns it as stored. A bevoegd-gezag number has no domain type: 1 to 10 digits.
pub(crate) fn canonical_code(kind: OrgKind, code: &str) -> Result<String, String> {
    let shape = |r: Result<String, CodeError>| {
        r.map_err(|e| {
            format!(
                "'{}' is geen geldige {}: verwacht {}",
                shown(&e.value),
                e.what,
                e.expected
            )
        })
    };
    match kind {
        OrgKind::Gemeente => shape(CbsGemeentecode::parse(code).map(String::from)),
        OrgKind::Zorgkantoor => shape(ZorgkantoorRegioCode::parse(code).map(String::from)),
        OrgKind::Zorgverzekeraar => shape(Uzovi::parse(code).map(String::from)),
        OrgKind::Swv => shape(SwvCode::parse(code).map(String::from)),
        OrgKind::School => shape(BrinVestiging::parse(code).map(String::from)),
        OrgKind::Zorgaanbieder => shape(AgbCode::parse(code).map(String::from)),
        OrgKind::Schoolbestuur => {
            let c = code.trim();
            if !c.is_empty() && c.len() <= 10 && c.bytes().all(|b| b.is_ascii_digit()) {
                Ok(c.to_owned())
            } else {
                Err(format!(
                    "'{}' is geen geldig bevoegd-gezagnummer: verwacht 1 tot 10 cijfers",
                    shown(c)
                ))
            }
        }
        OrgKind::Ouders => Err("ouders worden niet geïmporteerd".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use continuum_store_tests::fixture::region;

    #[test]
    fn known_finds_stored_records_by_their_public_codes() {
        let r = region();
        let known = Known::from_batch(&r.batch);
        assert_eq!(known.org(OrgKind::Gemeente, "GM0855"), Some(r.tilburg));
        assert_eq!(known.org(OrgKind::School, "12AB00"), Some(r.so_school));
        assert_eq!(
            known.org(OrgKind::Zorgaanbieder, "12345678"),
            Some(r.provider)
        );
        assert_eq!(known.pupil("123456782"), Some(r.sanne));
        assert_eq!(
            known.class(r.so_school, SchoolYear(2026), "SO-1"),
            Some(r.class_so1)
        );
    }

    #[test]
    fn resolving_says_why_a_code_does_not_fit() {
        let known = Known::from_batch(&region().batch);
        assert_eq!(
            known.resolve(OrgKind::Zorgkantoor, "3311"),
            Err("'3311' is een zorgverzekeraar, geen zorgkantoor".to_owned())
        );
        assert_eq!(
            known.resolve(OrgKind::Gemeente, "GM9999"),
            Err("onbekende gemeente 'GM9999'".to_owned())
        );
        assert_eq!(
            known.resolve(OrgKind::Swv, "PO 99-01"),
            Err("onbekend samenwerkingsverband 'PO 99-01'".to_owned())
        );
        assert_eq!(
            known.resolve(OrgKind::Gemeente, "Tilburg"),
            Err(
                "'Tilburg' is geen geldige CBS-gemeentecode: verwacht GM gevolgd door 4 cijfers"
                    .to_owned()
            )
        );
    }
}
