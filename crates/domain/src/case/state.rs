//! The case as its events leave it: the current picture (parties, actions, documents,
//! status, …) beside the timeline that produced it. Fields are private: the only way to
//! change a case is to apply an event (`fold.rs`), so the picture and the timeline never
//! disagree.

use super::event::{CaseEntry, CaseEvent};
use super::kinds::{CaseResult, CaseStatus, CaseType, Confidentiality};
use super::oogo::EscalationDomain;
use crate::Date;
use crate::ids::{ActionId, CaseId, DocumentId, OrgId, PupilId};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub(super) id: CaseId,
    pub(super) case_type: CaseType,
    pub(super) pupil: PupilId,
    pub(super) municipality: OrgId,
    pub(super) registered_on: Date,
    pub(super) reason: String,
    pub(super) status: CaseStatus,
    pub(super) closure: Option<Closure>,
    pub(super) parties: Vec<Party>,
    pub(super) regisseur: Option<Regisseur>,
    pub(super) parents_involved: bool,
    pub(super) consents: Vec<Consent>,
    pub(super) pupil_views: Vec<PupilView>,
    pub(super) actions: Vec<Action>,
    pub(super) documents: Vec<Document>,
    pub(super) extension: Option<Extension>,
    pub(super) gap: Option<EscalationDomain>,
    pub(super) round: Round,
    pub(super) timeline: Vec<CaseEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub org: OrgId,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Regisseur {
    pub name: String,
    pub org: OrgId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    pub scope: String,
    pub given: bool,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PupilView {
    pub view: String,
    pub on: Date,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    pub id: ActionId,
    pub description: String,
    pub owner: OrgId,
    pub deadline: Date,
    #[serde(flatten)]
    pub state: ActionState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ActionState {
    Open,
    Done { on: Date },
    Cancelled { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub kind: String,
    pub confidentiality: Confidentiality,
    pub on: Date,
}

/// The zorgplicht extension (WPO art. 40): at most once per case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    pub weeks: u32,
    pub on: Date,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Closure {
    pub result: CaseResult,
    pub on: Date,
    pub explanation: String,
}

/// Where the case stands with its integral offer, in the current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum OfferState {
    /// No offer or decision yet: the escalation clock runs.
    None,
    /// An offer or decision is on the table.
    Made { on: Date },
    /// The parents refused the latest offer or decision.
    Refused { on: Date },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EscalationRecord {
    pub to: OrgId,
    pub domain: EscalationDomain,
    pub automatic: bool,
}

/// The case since it was opened or last reopened. The escalation clock starts at
/// `started_on`; a reopened case can escalate again, an open one once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Round {
    pub started_on: Date,
    pub offer: OfferState,
    /// The latest escalation in this round.
    pub escalation: Option<EscalationRecord>,
    pub decided: bool,
    pub referred: bool,
}

impl Round {
    pub(super) fn new(started_on: Date) -> Round {
        Round {
            started_on,
            offer: OfferState::None,
            escalation: None,
            decided: false,
            referred: false,
        }
    }
}

/// A deadline someone has to meet. The case itself knows its actions' deadlines; the
/// terms that depend on parameters and the OOGO agreement (zorgplicht, integral offer) are
/// added by the rules (`continuum-rules`, `doorzettingsmacht::case_deadlines`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deadline {
    #[serde(flatten)]
    pub kind: DeadlineKind,
    /// The last day on which it is still in time.
    pub due: Date,
    /// Who must act, when known.
    pub owner: Option<OrgId>,
    /// In Dutch, for the page.
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeadlineKind {
    Action {
        action: ActionId,
    },
    /// The school board's decision term (WPO art. 40), with any extension.
    ZorgplichtDecision,
    /// The day after which a case without an integral offer escalates.
    IntegralOffer,
}

impl Deadline {
    /// Past its last day on `today`.
    pub fn overdue(&self, today: Date) -> bool {
        today > self.due
    }
}

impl Case {
    pub fn id(&self) -> CaseId {
        self.id
    }
    pub fn case_type(&self) -> CaseType {
        self.case_type
    }
    pub fn pupil(&self) -> PupilId {
        self.pupil
    }
    /// The municipality the case lies with now (after any transfer).
    pub fn municipality(&self) -> OrgId {
        self.municipality
    }
    pub fn registered_on(&self) -> Date {
        self.registered_on
    }
    pub fn reason(&self) -> &str {
        &self.reason
    }
    pub fn status(&self) -> CaseStatus {
        self.status
    }
    pub fn is_closed(&self) -> bool {
        self.closure.is_some()
    }
    /// The result, date and explanation of the closing; `None` while open.
    pub fn closure(&self) -> Option<&Closure> {
        self.closure.as_ref()
    }
    pub fn result(&self) -> Option<CaseResult> {
        self.closure.as_ref().map(|c| c.result)
    }
    pub fn parties(&self) -> &[Party] {
        &self.parties
    }
    /// The case's municipality and every organisation involved in any role.
    pub fn involves(&self, org: OrgId) -> bool {
        org == self.municipality || self.parties.iter().any(|p| p.org == org)
    }
    pub fn regisseur(&self) -> Option<&Regisseur> {
        self.regisseur.as_ref()
    }
    pub fn parents_involved(&self) -> bool {
        self.parents_involved
    }
    /// The latest consent per scope.
    pub fn consents(&self) -> &[Consent] {
        &self.consents
    }
    /// Whether the parents' latest word on `scope` is yes; `None` when never asked.
    pub fn consent(&self, scope: &str) -> Option<bool> {
        self.consents
            .iter()
            .find(|c| c.scope == scope.trim())
            .map(|c| c.given)
    }
    pub fn pupil_views(&self) -> &[PupilView] {
        &self.pupil_views
    }
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }
    pub fn action(&self, id: ActionId) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }
    pub fn open_actions(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.state == ActionState::Open)
    }
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }
    /// The documents a reader cleared up to `clearance` may see.
    pub fn documents_up_to(&self, clearance: Confidentiality) -> impl Iterator<Item = &Document> {
        self.documents
            .iter()
            .filter(move |d| d.confidentiality <= clearance)
    }
    pub fn extension(&self) -> Option<&Extension> {
        self.extension.as_ref()
    }
    /// What the case says is missing; the case type's default otherwise.
    pub fn gap(&self) -> Option<EscalationDomain> {
        self.gap.or(self.case_type.default_domain())
    }
    /// Whether the gap was recorded in the case rather than taken from the type.
    pub fn gap_recorded(&self) -> bool {
        self.gap.is_some()
    }
    pub fn round(&self) -> &Round {
        &self.round
    }
    /// Every entry, in the order applied (which is also the order of `at`).
    pub fn timeline(&self) -> &[CaseEntry] {
        &self.timeline
    }
    /// The number of entries: the version a store compares for optimistic concurrency.
    pub fn version(&self) -> u64 {
        self.timeline.len() as u64
    }
    /// Every transfer, oldest first: `(from, to, on)`.
    pub fn transfers(&self) -> impl Iterator<Item = (OrgId, OrgId, Date)> + '_ {
        self.timeline.iter().filter_map(|e| match e.event {
            CaseEvent::Transferred { from, to, on, .. } => Some((from, to, on)),
            _ => None,
        })
    }

    /// The deadlines of the open actions, earliest first; none for a closed case.
    pub fn deadlines(&self) -> Vec<Deadline> {
        if self.is_closed() {
            return Vec::new();
        }
        let mut out: Vec<Deadline> = self
            .open_actions()
            .map(|a| Deadline {
                kind: DeadlineKind::Action { action: a.id },
                due: a.deadline,
                owner: Some(a.owner),
                description: a.description.clone(),
            })
            .collect();
        out.sort_by_key(|d| d.due);
        out
    }
}
