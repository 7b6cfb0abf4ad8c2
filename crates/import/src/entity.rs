//! Which entity a file holds, and in which format.

use std::path::Path;

/// One kind of record of the exchange files, in the order an import processes them: every
/// kind refers only to kinds before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Organisations,
    Classes,
    Workers,
    Pupils,
    Enrolments,
    Tlvs,
    Indications,
    Needs,
    ProviderAssignments,
    Agreements,
}

impl EntityKind {
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Organisations,
        EntityKind::Classes,
        EntityKind::Workers,
        EntityKind::Pupils,
        EntityKind::Enrolments,
        EntityKind::Tlvs,
        EntityKind::Indications,
        EntityKind::Needs,
        EntityKind::ProviderAssignments,
        EntityKind::Agreements,
    ];

    /// The file stem of its CSV file: `pupils` for `pupils.csv`.
    pub fn file_stem(&self) -> &'static str {
        match self {
            EntityKind::Organisations => "organisations",
            EntityKind::Classes => "classes",
            EntityKind::Workers => "workers",
            EntityKind::Pupils => "pupils",
            EntityKind::Enrolments => "enrolments",
            EntityKind::Tlvs => "tlvs",
            EntityKind::Indications => "indications",
            EntityKind::Needs => "needs",
            EntityKind::ProviderAssignments => "provider_assignments",
            EntityKind::Agreements => "agreements",
        }
    }

    /// The Dutch file stem, accepted as well: `leerlingen` for `leerlingen.csv`.
    pub fn dutch_stem(&self) -> &'static str {
        match self {
            EntityKind::Organisations => "organisaties",
            EntityKind::Classes => "klassen",
            EntityKind::Workers => "medewerkers",
            EntityKind::Pupils => "leerlingen",
            EntityKind::Enrolments => "inschrijvingen",
            EntityKind::Tlvs => "tlvs",
            EntityKind::Indications => "indicaties",
            EntityKind::Needs => "behoeften",
            EntityKind::ProviderAssignments => "toewijzingen",
            EntityKind::Agreements => "afspraken",
        }
    }

    /// The key of its array in a JSON document: `providerAssignments`.
    pub fn json_key(&self) -> &'static str {
        match self {
            EntityKind::ProviderAssignments => "providerAssignments",
            other => other.file_stem(),
        }
    }

    /// From an English or Dutch file stem (case-insensitive), e.g. for a `--kind` option.
    pub fn parse(s: &str) -> Option<EntityKind> {
        let s = s.trim();
        EntityKind::ALL.into_iter().find(|k| {
            s.eq_ignore_ascii_case(k.file_stem()) || s.eq_ignore_ascii_case(k.dutch_stem())
        })
    }

    pub(crate) fn from_json_key(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.json_key() == s)
    }
}

/// The two formats of the exchange files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One entity per file, comma separated, UTF-8, a header row of snake_case column names.
    Csv,
    /// One `continuum-register/1` document holding any entities, lowerCamelCase keys.
    Json,
}

impl Format {
    /// From the file's extension, `.csv` or `.json` (case-insensitive).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        if ext.eq_ignore_ascii_case("csv") {
            Some(Format::Csv)
        } else if ext.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_dutch_stems_name_the_same_entity() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::parse(k.file_stem()), Some(k));
            assert_eq!(EntityKind::parse(k.dutch_stem()), Some(k));
            assert_eq!(EntityKind::from_json_key(k.json_key()), Some(k));
        }
        assert_eq!(EntityKind::parse("Leerlingen"), Some(EntityKind::Pupils));
        assert_eq!(EntityKind::parse("pupilz"), None);
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/pupils.CSV")),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_path(Path::new("register.json")),
            Some(Format::Json)
        );
        assert_eq!(Format::from_path(Path::new("pupils.xlsx")), None);
    }
}
