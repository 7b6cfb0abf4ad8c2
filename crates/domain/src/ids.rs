//! Opaque identifiers: UUIDv7, with 74 random bits so that a reference cannot be guessed
//! (DOMAIN §5) and a time-ordered prefix so that inserts append to indexes (ADR 0002).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$m:meta])* $name:ident),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);
        impl $name {
            pub fn new_random() -> Self { $name(Uuid::now_v7()) }
            /// Deterministic id from 128 random bits, for generated demo data.
            pub fn from_u128(bits: u128) -> Self {
                $name(uuid::Builder::from_random_bytes(bits.to_le_bytes()).into_uuid())
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }
        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Uuid::parse_str(s).map($name) }
        }
    )*};
}

id_type!(
    /// Any organisation: municipality, zorgkantoor, insurer, SWV, school board, school
    /// location, care provider, or a parents' household.
    OrgId,
    PupilId,
    ClassId,
    WorkerId,
    UserId,
    /// One fact of a pupil's file: enrolment, TLV, indication, need, assignment, guardianship.
    FactId,
    AgreementId,
    /// A message to an organisation (e.g. a case escalated to it).
    NotificationId,
    /// A verzuimmelding (absence report) of a school to the leerplichtambtenaar.
    ReportId,
    /// A case (zaak) around a pupil; it keeps its id when it moves to another municipality.
    CaseId,
    /// An action agreed in a case; unique within its case.
    ActionId,
    /// A document of a case; the content lives in the store, the case holds its metadata.
    DocumentId,
    /// An exemption from enrolment (Leerplichtwet art. 5, 5a, 15) in the vrijstellingenregister;
    /// for art. 5 onder a also the request that becomes it.
    ExemptionId,
    /// An onderwijszorgarrangement or a permission for reduced teaching time.
    ArrangementId,
);
