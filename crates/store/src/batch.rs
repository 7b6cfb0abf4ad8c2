use continuum_domain::absence::Absence;
use continuum_domain::ids::{AgreementId, ClassId, FactId, OrgId, PupilId, WorkerId};
use continuum_domain::register::{Agreement, Organisation, Pupil, PupilFact, SchoolClass, Worker};
use serde::{Deserialize, Serialize};

use crate::NewUser;

/// Records to store together, all or nothing. Organisations must come before what refers
/// to them; the backends insert in the order of the fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterBatch {
    pub organisations: Vec<(OrgId, Organisation)>,
    pub classes: Vec<(ClassId, SchoolClass)>,
    pub workers: Vec<(WorkerId, Worker)>,
    pub pupils: Vec<(PupilId, Pupil)>,
    pub facts: Vec<(FactId, PupilFact)>,
    pub agreements: Vec<(AgreementId, Agreement)>,
    pub users: Vec<NewUser>,
    /// Absence records, after the pupils they belong to. A pupil has at most one record
    /// per day and kind.
    #[serde(default)]
    pub absences: Vec<(PupilId, Absence)>,
}

impl RegisterBatch {
    pub fn counts(&self) -> ImportCounts {
        ImportCounts {
            organisations: self.organisations.len() as u64,
            classes: self.classes.len() as u64,
            workers: self.workers.len() as u64,
            pupils: self.pupils.len() as u64,
            facts: self.facts.len() as u64,
            agreements: self.agreements.len() as u64,
            users: self.users.len() as u64,
            absences: self.absences.len() as u64,
        }
    }
    pub fn append(&mut self, other: RegisterBatch) {
        self.organisations.extend(other.organisations);
        self.classes.extend(other.classes);
        self.workers.extend(other.workers);
        self.pupils.extend(other.pupils);
        self.facts.extend(other.facts);
        self.agreements.extend(other.agreements);
        self.users.extend(other.users);
        self.absences.extend(other.absences);
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub organisations: u64,
    pub classes: u64,
    pub workers: u64,
    pub pupils: u64,
    pub facts: u64,
    pub agreements: u64,
    pub users: u64,
    #[serde(default)]
    pub absences: u64,
}
