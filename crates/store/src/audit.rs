//! The audit log of a pupil's data (NEN 7513): who, for which organisation and in which
//! role, when, what, whose data, why, the result and the origin. It holds no BSN and is
//! append-only: the backends refuse UPDATE and DELETE on it.

use chrono::{DateTime, Utc};
use continuum_domain::ids::{OrgId, PupilId, UserId};
use continuum_domain::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Search,
    Create,
    Update,
    Export,
    Import,
}

impl AuditAction {
    pub fn code(&self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Search => "search",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Export => "export",
            AuditAction::Import => "import",
        }
    }
    pub fn parse(s: &str) -> Option<AuditAction> {
        [
            Self::Read,
            Self::Search,
            Self::Create,
            Self::Update,
            Self::Export,
            Self::Import,
        ]
        .into_iter()
        .find(|a| a.code() == s)
    }
    pub fn label(&self) -> &'static str {
        match self {
            AuditAction::Read => "ingezien",
            AuditAction::Search => "gezocht",
            AuditAction::Create => "vastgelegd",
            AuditAction::Update => "gewijzigd",
            AuditAction::Export => "geëxporteerd",
            AuditAction::Import => "ingelezen",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Allowed,
    Refused,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub user: Option<UserId>,
    pub user_name: String,
    pub organisation: Option<OrgId>,
    pub organisation_name: String,
    pub role: Option<Role>,
    pub action: AuditAction,
    /// What was touched: `pupil`, `fact:indication`, `history`, `audit`, …
    pub object: String,
    pub pupil: Option<PupilId>,
    pub purpose: String,
    pub outcome: AuditOutcome,
    /// Where the request came from (client address, `cli`).
    pub origin: String,
}
