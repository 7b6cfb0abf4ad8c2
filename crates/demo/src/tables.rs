//! The invented organisations of the demo region: school locations, boards, care providers
//! and insurers. Codes have valid shapes (BRIN + vestiging, AGB, UZOVI) but are made up.

use continuum_domain::register::SchoolType;

pub(crate) struct SchoolSpec {
    pub name: &'static str,
    pub brin: &'static str,
    pub school_type: SchoolType,
    pub cluster: Option<u8>,
    pub board: usize,
    /// CBS code of the municipality where the location is.
    pub municipality: &'static str,
    pub classes: usize,
    /// Pupils per class, `lo..=hi`.
    pub size: (u32, u32),
    /// Index into [`PROVIDERS`] of the school's main care provider.
    pub provider: usize,
}

type Row = (
    &'static str,
    &'static str,
    SchoolType,
    Option<u8>,
    usize,
    &'static str,
    usize,
    (u32, u32),
    usize,
);

const fn school(row: Row) -> SchoolSpec {
    let (name, brin, school_type, cluster, board, municipality, classes, size, provider) = row;
    SchoolSpec {
        name,
        brin,
        school_type,
        cluster,
        board,
        municipality,
        classes,
        size,
        provider,
    }
}

use SchoolType::{Po, Sbo, So, Vo, Vso};

/// name, BRIN + vestiging, type, cluster, board, municipality, classes, class size, main
/// provider. Indexes into this table are used by [`crate::logins`].
#[rustfmt::skip]
pub(crate) const SCHOOLS: &[SchoolSpec] = &[
    school(("SO De Regenboog", "02RG00", So, Some(3), 0, "GM0855", 10, (8, 14), 0)),
    school(("VSO De Regenboog", "02RG01", Vso, Some(3), 0, "GM0855", 9, (8, 14), 0)),
    school(("VSO De Sprong", "03SP00", Vso, Some(3), 0, "GM0867", 4, (8, 14), 0)),
    school(("SO De Wissel", "04WS00", So, Some(4), 1, "GM0785", 6, (8, 14), 1)),
    school(("VSO Het Baken", "05BK00", Vso, Some(4), 1, "GM0855", 8, (8, 14), 1)),
    school(("Basisschool De Klimop", "11KL00", Po, None, 2, "GM0766", 4, (20, 26), 1)),
    school(("Basisschool Het Palet", "12PL00", Po, None, 2, "GM0867", 4, (20, 26), 1)),
    school(("SBO De Horizon", "13HZ00", Sbo, None, 2, "GM0855", 4, (12, 16), 1)),
    school(("Scholengemeenschap De Nieuwe Linde", "14NL00", Vo, None, 3, "GM0855", 3, (24, 30), 1)),
];
pub(crate) const SO_REGENBOOG: usize = 0;
pub(crate) const VSO_REGENBOOG: usize = 1;
pub(crate) const VSO_BAKEN: usize = 4;

/// School boards: name and bevoegd-gezag number.
pub(crate) const BOARDS: &[(&str, &str)] = &[
    ("Stichting Speciaal Onderwijs Hart van Brabant", "41801"),
    ("Stichting Orthopedagogisch Onderwijs Brabant", "41802"),
    (
        "Stichting Katholiek Primair Onderwijs Hart van Brabant",
        "41803",
    ),
    ("Stichting Voortgezet Onderwijs Midden-Brabant", "41804"),
];

/// Care providers: name, AGB code, number of workers, qualification sets (cycled).
type ProviderSpec = (
    &'static str,
    &'static str,
    (u32, u32),
    &'static [&'static [&'static str]],
);
#[rustfmt::skip]
pub(crate) const PROVIDERS: &[ProviderSpec] = &[
    // Teams sized for care in school time at five cluster 3/4 locations.
    ("Zorg in School Brabant", "73735501", (28, 34), &[
        &["begeleiding", "verzorging", "gedrag"],
        &["begeleiding", "verzorging", "voorbehouden"],
        &["begeleiding", "gedrag"],
        &["verzorging", "gedrag"],
    ]),
    ("Jeugdhulp De Brug", "73736802", (20, 26), &[
        &["gedrag", "begeleiding"],
        &["gedrag"],
        &["begeleiding", "sociaal"],
    ]),
    ("Kinderzorg Midden-Brabant", "75750103", (12, 16), &[
        &["voorbehouden", "verzorging", "paramedisch"],
        &["paramedisch", "verzorging"],
        &["voorbehouden"],
    ]),
];
/// The provider of nursing, medical and paramedical care.
pub(crate) const MEDICAL_PROVIDER: usize = 2;

/// Insurers (invented names, UZOVI numbers of the right shape) and their market share.
pub(crate) const INSURERS: &[(&str, &str, u32)] = &[
    ("Zorgverzekeraar Zuid", "9101", 45),
    ("Brabantse Zorgverzekering", "9102", 30),
    ("Zorgverzekeraar De Linde", "9103", 15),
    ("Nationale Zorgpolis", "9104", 10),
];

/// Large towns: more pupils come from there.
pub(crate) const LARGE: &[&str] = &["GM0855", "GM0758", "GM0796", "GM0772", "GM0794", "GM0828"];
