//! The register: every record of the field, each with a validity period. A change is a
//! new version ([`Versioned`]); earlier versions stay and can be listed.

mod agreement;
mod care;
mod organisation;
mod pupil;
mod versioned;
mod week;

pub use agreement::{
    AgreedClass, AgreedProvider, AgreedShare, Agreement, AgreementParty, AgreementTerms,
    AllocationKey,
};
pub use care::{
    CareLaw, DeliveryForm, HoursPerWeek, NeedCategory, NeedMode, Qualification, TlvCategory,
};
pub use organisation::{
    Cluster, HolidayRegion, OrgDetails, OrgKind, Organisation, SchoolClass, SchoolType, Worker,
};
pub use pupil::{Fact, FactKind, Pupil, PupilFact};
pub use versioned::{Version, Versioned};
pub use week::{WeekBlock, Weekday};
