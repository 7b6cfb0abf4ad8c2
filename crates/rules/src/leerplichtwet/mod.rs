//! Leerplichtwet 1969 (BWBR0002628): rules on leerplicht, kwalificatieplicht and exemptions.

pub mod batch;
pub mod leerplicht;
pub mod vrijstelling;
pub mod vrijstellingen;

pub use batch::LeerplichtBatch;
pub use leerplicht::{
    LeerplichtFacts, LeerplichtStatus, SchoolYearsAttended, Status, Uitstroomprofiel,
    leerplicht_status,
};
pub use vrijstelling::{
    Completeness, Element, Missing, Statement, StatementBy, VrijstellingRequest, check_vrijstelling,
};
pub use vrijstellingen::{
    ExemptionCount, GroundCount, MonitoringKind, MonitoringSignal, NoRenewalReason, RegisterError,
    RenewalCheck, RenewalSignal, RenewalSignalKind, RenewalStatus, check_renewal, count_per_ground,
    evaluations_due, register, renewal_due, renewal_signals,
};
