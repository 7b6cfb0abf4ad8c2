//! Roles of a user inside its organisation. What a role may do with a pupil's data also
//! depends on the organisation's relation to that pupil (see [`crate::access`]).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads the files of the pupils its organisation has a relation with.
    Medewerker,
    /// Also records facts its organisation is responsible for (enrolments, TLVs, indications…).
    Registrator,
    /// Manages the organisation's users; reads like a medewerker.
    Beheerder,
    /// A parent or guardian: reads the file of its own child, writes nothing (yet).
    Ouder,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Medewerker,
        Role::Registrator,
        Role::Beheerder,
        Role::Ouder,
    ];

    pub fn code(&self) -> &'static str {
        match self {
            Role::Medewerker => "medewerker",
            Role::Registrator => "registrator",
            Role::Beheerder => "beheerder",
            Role::Ouder => "ouder",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }
    /// Dutch label for the UI.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Medewerker => "Medewerker (inzien)",
            Role::Registrator => "Registrator (inzien en vastleggen)",
            Role::Beheerder => "Beheerder",
            Role::Ouder => "Ouder of verzorger",
        }
    }
    pub fn may_write(&self) -> bool {
        matches!(self, Role::Registrator)
    }
}
