//! Leerplichtwet 1969 (BWBR0002628): rules on leerplicht and kwalificatieplicht.

pub mod leerplicht;

pub use leerplicht::{
    LeerplichtFacts, LeerplichtStatus, SchoolYearsAttended, Status, Uitstroomprofiel,
    leerplicht_status,
};
