use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Version number of a record; starts at 1, +1 per change. Also the record's ETag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Version(pub i64);

/// One version of a record: what it said, since when it was recorded and by whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Versioned<Id, T> {
    pub id: Id,
    pub version: Version,
    pub recorded_at: DateTime<Utc>,
    /// The user (or `import:<file>` / `demo`) that recorded this version.
    pub recorded_by: String,
    pub record: T,
}
