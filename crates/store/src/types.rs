use chrono::{DateTime, Utc};
use continuum_domain::Date;
use continuum_domain::access::Relation;
use continuum_domain::ids::{ClassId, FactId, OrgId, PupilId, UserId};
use continuum_domain::register::{Pupil, PupilFact, Version, Versioned};
use continuum_domain::role::Role;
use serde::{Deserialize, Serialize};

/// Who is acting, for whom, from where and why. Every pupil-data call takes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub user_name: String,
    pub org: OrgId,
    pub org_name: String,
    pub role: Role,
    pub origin: String,
    pub purpose: String,
    /// The date access is judged on (relations must be current on it).
    pub today: Date,
    pub now: DateTime<Utc>,
}

/// A page of a list: 1-based page number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: u32,
    pub size: u32,
}

impl Page {
    pub const MAX_SIZE: u32 = 500;
    pub fn new(number: u32, size: u32) -> Page {
        Page {
            number: number.max(1),
            size: size.clamp(1, Self::MAX_SIZE),
        }
    }
    pub fn all() -> Page {
        Page {
            number: 1,
            size: u32::MAX,
        }
    }
    pub fn offset(&self) -> i64 {
        i64::from(self.number - 1) * i64::from(self.size)
    }
    pub fn limit(&self) -> i64 {
        i64::from(self.size)
    }
}

/// A pupil's file as the actor may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilFile {
    pub pupil: Versioned<PupilId, Pupil>,
    /// The current version of every fact, current or past in validity.
    pub facts: Vec<Versioned<FactId, PupilFact>>,
    /// The actor's organisation's relations with this pupil today.
    pub relations: Vec<Relation>,
}

/// One line of a school's pupil list.
#[derive(Debug, Clone, PartialEq)]
pub struct PupilRow {
    pub id: PupilId,
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Date,
    pub class: Option<ClassId>,
    pub class_name: Option<String>,
}

/// One version in a pupil's history.
#[derive(Debug, Clone, PartialEq)]
pub enum HistoryItem {
    Pupil(Versioned<PupilId, Pupil>),
    Fact(Versioned<FactId, PupilFact>),
}

impl HistoryItem {
    pub fn recorded_at(&self) -> DateTime<Utc> {
        match self {
            HistoryItem::Pupil(v) => v.recorded_at,
            HistoryItem::Fact(v) => v.recorded_at,
        }
    }
    pub fn version(&self) -> Version {
        match self {
            HistoryItem::Pupil(v) => v.version,
            HistoryItem::Fact(v) => v.version,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRecord {
    pub id: UserId,
    pub org: OrgId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
}

/// A new user with its password already hashed (argon2id, PHC string).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub id: UserId,
    pub org: OrgId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("login", &self.login)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A server-side session. Only the SHA-256 of the cookie's token is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub user: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
