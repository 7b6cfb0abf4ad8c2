#![doc = include_str!("../README.md")]

mod absence;
mod builder;
mod care;
mod country;
mod indication;
mod logins;
mod names;
pub mod reference;
mod region;
mod tables;

use continuum_domain::ids::OrgId;
use continuum_domain::role::Role;
use continuum_store::RegisterBatch;

pub use builder::SCHOOL_YEAR;
pub use care::{BERENSCHOT_SHARES, JEUGDWET_PER_MILLE, NEED_PER_MILLE};
pub use country::{
    MUNICIPALITIES, PUPILS_PER_REGULAR_SCHOOL, PUPILS_PER_SPECIAL_LOCATION, SPECIAL_PER_MILLE,
    SWV_AREAS, ZORGKANTOOR_REGIONS, country,
};

/// A generated demo region: the records to import, and the logins to create for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demo {
    /// Everything except users: `batch.users` is empty; the caller hashes the passwords
    /// of [`Demo::logins`] and creates the users.
    pub batch: RegisterBatch,
    pub logins: Vec<DemoLogin>,
}

/// A demo user to create: one per role and kind of organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub login: String,
    /// A fixed demo password (demo data only), to print for the person trying the demo.
    pub password: String,
    pub display_name: String,
    pub role: Role,
    pub org: OrgId,
    pub org_name: String,
    /// What to look at with this login, in Dutch.
    pub note: String,
}

/// The demo region for school year 2026-2027, deterministic per seed.
///
/// The generator only builds codes of fixed, valid shapes; the empty `Demo` it would
/// return if one failed to parse cannot occur, which the crate's tests check.
pub fn region(seed: u64) -> Demo {
    let mut b = builder::Builder::new(seed);
    let Some(r) = region::build(&mut b) else {
        return Demo::default();
    };
    let Some(logins) = logins::finish(&mut b, &r) else {
        return Demo::default();
    };
    // Last, so the rest of the region does not change with it.
    if let Some(school) = logins
        .iter()
        .find(|l| l.login.starts_with("school@"))
        .map(|l| l.org)
    {
        absence::add(&mut b, school);
    }
    Demo {
        batch: b.batch,
        logins,
    }
}
