use chrono::{DateTime, Utc};
use continuum_domain::absence_report::{AbsenceReport, ReportEvent, ReportStatus, ReportType};
use continuum_domain::ids::{OrgId, ReportId};
use continuum_domain::register::Version;

/// A verzuimmelding with its history, as the school or the municipality reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFile {
    pub id: ReportId,
    /// Counts the changes; a change names the version it was made on.
    pub version: Version,
    pub report: AbsenceReport,
    pub created_at: DateTime<Utc>,
    /// The pupil's name, for lists: the school and the municipality of residence know it.
    pub pupil_name: String,
    pub school_name: String,
    pub municipality_name: String,
    /// Oldest first.
    pub events: Vec<ReportEvent>,
}

/// Which reports a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub status: Option<ReportStatus>,
    pub kind: Option<ReportType>,
}

/// What the school or the municipality does with a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportAction {
    /// A new status; the school may only withdraw (Ingetrokken).
    Status {
        to: ReportStatus,
        note: Option<String>,
    },
    /// The municipality sends it on to another municipality (the pupil moved).
    Forward { to: OrgId, note: Option<String> },
}
