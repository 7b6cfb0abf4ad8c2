use chrono::{DateTime, Utc};
use continuum_domain::case::Case;
use continuum_domain::ids::{CaseId, NotificationId, OrgId};

/// A case as the actor may see it. Parents see the timeline without the notes and
/// documents marked more confidential than `beperkt_openbaar`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub case: Case,
    pub pupil_name: String,
}

/// A message to an organisation, e.g. that a case escalated to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub id: NotificationId,
    pub at: DateTime<Utc>,
    pub org: OrgId,
    pub case: Option<CaseId>,
    pub message: String,
}

/// The content of a case document, stored beside its `document_added` entry.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentContent {
    /// The name it was uploaded with (no path).
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for DocumentContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentContent")
            .field("filename", &self.filename)
            .field("content_type", &self.content_type)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}
