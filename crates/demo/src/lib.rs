#![doc = include_str!("../README.md")]

mod absence;
mod builder;
mod care;
mod cases;
mod country;
mod indication;
mod logins;
mod names;
pub mod reference;
mod region;
mod register;
mod tables;

use continuum_domain::ids::OrgId;
use continuum_domain::role::Role;
use continuum_store::RegisterBatch;

pub use builder::SCHOOL_YEAR;
pub use care::{BERENSCHOT_SHARES, JEUGDWET_PER_MILLE, NEED_PER_MILLE};
pub use cases::DemoCase;
pub use country::{
    MUNICIPALITIES, PUPILS_PER_REGULAR_SCHOOL, PUPILS_PER_SPECIAL_LOCATION, SPECIAL_PER_MILLE,
    SWV_AREAS, ZORGKANTOOR_REGIONS, country,
};
pub use register::{DemoRegister, DemoRequest};

/// A generated demo region: the records to import, and the logins to create for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Demo {
    /// Everything except users: `batch.users` is empty; the caller hashes the passwords
    /// of [`Demo::logins`] and creates the users.
    pub batch: RegisterBatch,
    pub logins: Vec<DemoLogin>,
    /// The regions' OOGO agreements on doorzettingsmacht, to record after the import.
    pub oogo: Vec<continuum_domain::case::OogoEscalation>,
    /// Cases to record after the import, event by event.
    pub cases: Vec<DemoCase>,
    /// The vrijstellingenregister and the arrangements, to store after the import.
    pub register: DemoRegister,
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
    let org_of = |key: &str| {
        logins
            .iter()
            .find(|l| l.login.starts_with(key))
            .map(|l| l.org)
    };
    if let Some(school) = org_of("school@") {
        absence::add(&mut b, school);
    }
    let cases = match (org_of("school@"), org_of("gemeente@")) {
        (Some(school), Some(municipality)) => cases::cases(&b, &r, school, municipality),
        _ => Vec::new(),
    };
    // After the absence, so the rest of the region does not change with it.
    let register = match (org_of("gemeente@"), org_of("school@")) {
        (Some(m), Some(s)) => register::add(&mut b, m, s).unwrap_or_default(),
        _ => DemoRegister::default(),
    };
    Demo {
        batch: b.batch,
        logins,
        oogo: cases::oogo(&r),
        cases,
        register,
    }
}
