//! What can happen to a case. A [`CaseEntry`] is one line of the timeline: when it was
//! recorded (`at`), by whom (`by`), and what happened (`event`). Dates inside an event
//! (`on`, `deadline`) are when it happened in the world — a decision taken on Monday may be
//! recorded on Tuesday — so both are kept.

use super::kinds::{CaseResult, CaseStatus, CaseType, Confidentiality};
use super::oogo::EscalationDomain;
use crate::Date;
use crate::ids::{ActionId, DocumentId, OrgId, PupilId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who recorded an entry: the user (as the name the timeline shows) and the organisation
/// it acted for. An automatic step names the organisation it was taken for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    pub name: String,
    pub org: OrgId,
}

impl Actor {
    /// The name an automatic step (an escalation by the rule) is recorded under.
    pub const AUTOMATIC: &'static str = "continuum (automatisch)";

    pub fn automatic(org: OrgId) -> Actor {
        Actor {
            name: Actor::AUTOMATIC.to_owned(),
            org,
        }
    }
}

/// One recorded event: the envelope the store keeps as columns (`at`, `by`) beside the
/// event (the payload).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseEntry {
    pub at: DateTime<Utc>,
    pub by: Actor,
    pub event: CaseEvent,
}

/// Everything that can happen to a case. In JSON: `{"type": "action_agreed", …}` with the
/// fields in camelCase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum CaseEvent {
    /// The first event of every case, and only the first. `municipality` is the one whose
    /// leerplichtambtenaar handles the case: where the child lives. `registered_on` starts
    /// the terms (for zorgplicht: the day the school received the written request).
    Opened {
        case_type: CaseType,
        pupil: PupilId,
        municipality: OrgId,
        registered_on: Date,
        reason: String,
    },
    /// An organisation takes part in the case in a role ("school", "jeugdhulp",
    /// "onderwijsconsulent", …). An organisation may hold several roles.
    PartyInvolved {
        org: OrgId,
        role: String,
    },
    PartyLeft {
        org: OrgId,
        role: String,
    },
    /// The casusregisseur: the person who directs the case (seed 000: likely the
    /// leerplichtambtenaar), of an organisation involved.
    RegisseurNamed {
        name: String,
        org: OrgId,
    },
    ParentsInvolved {
        note: String,
    },
    /// Consent of the parents for `scope` (e.g. "gegevens delen met de zorgaanbieder");
    /// `given: false` records a refusal or a withdrawal. The latest per scope counts.
    ConsentRecorded {
        given: bool,
        scope: String,
        on: Date,
    },
    /// Hoorrecht: the pupil's own view, in the pupil's words where possible.
    PupilHeard {
        view: String,
        on: Date,
    },
    ActionAgreed {
        action: ActionId,
        description: String,
        owner: OrgId,
        deadline: Date,
    },
    ActionDone {
        action: ActionId,
        on: Date,
    },
    /// An action that will not be done, and why: nothing is dropped silently.
    ActionCancelled {
        action: ActionId,
        reason: String,
    },
    DocumentAdded {
        document: DocumentId,
        title: String,
        kind: String,
        confidentiality: Confidentiality,
        on: Date,
    },
    NoteAdded {
        text: String,
        confidentiality: Confidentiality,
    },
    /// Only to `in_behandeling`; the other statuses follow from their own events.
    StatusChanged {
        to: CaseStatus,
        note: String,
    },
    /// Zorgplicht only, once: the school board extends its decision term (WPO art. 40).
    /// The rules check the weeks against the parameter `zorgplicht_extension`.
    ExtensionGranted {
        weeks: u32,
        on: Date,
        reason: String,
    },
    /// What is missing from an integral offer: decides whose doorzettingsmacht an overdue
    /// case calls on. The latest counts.
    GapRecorded {
        domain: EscalationDomain,
        note: String,
    },
    /// An integral offer to the pupil and parents (education and care together). It stops
    /// the escalation clock; the parents may still refuse it.
    OfferMade {
        offer: String,
        on: Date,
    },
    /// The case goes to the party holding doorzettingsmacht; `automatic` when the rule did
    /// it because the term passed. `basis`: the OOGO agreement and policy it rests on.
    Escalated {
        to: OrgId,
        domain: EscalationDomain,
        reason: String,
        basis: String,
        automatic: bool,
    },
    /// A decision (by the doorzettingsmacht holder or another party). It does not close
    /// the case: the parents can still refuse it.
    DecisionRecorded {
        decided_by: OrgId,
        decision: String,
        on: Date,
        basis: Option<String>,
    },
    /// The parents refuse the offer or decision on the table.
    ParentsRefused {
        offer: String,
        on: Date,
        note: String,
    },
    /// The child moved: the case goes to the new municipality with its whole timeline.
    Transferred {
        from: OrgId,
        to: OrgId,
        on: Date,
        reason: String,
    },
    /// ZiO disputes only: the case goes to the OOGO's geschillenregeling.
    DisputeReferred {
        geschillenregeling: String,
        reason: String,
        on: Date,
        automatic: bool,
    },
    Closed {
        result: CaseResult,
        on: Date,
        explanation: String,
    },
    /// A closed case opens again; its terms count anew from `on`.
    Reopened {
        on: Date,
        reason: String,
    },
}

impl CaseEvent {
    /// The stable code of the event kind (the serde tag), for a store column.
    pub fn code(&self) -> &'static str {
        use CaseEvent::*;
        match self {
            Opened { .. } => "opened",
            PartyInvolved { .. } => "party_involved",
            PartyLeft { .. } => "party_left",
            RegisseurNamed { .. } => "regisseur_named",
            ParentsInvolved { .. } => "parents_involved",
            ConsentRecorded { .. } => "consent_recorded",
            PupilHeard { .. } => "pupil_heard",
            ActionAgreed { .. } => "action_agreed",
            ActionDone { .. } => "action_done",
            ActionCancelled { .. } => "action_cancelled",
            DocumentAdded { .. } => "document_added",
            NoteAdded { .. } => "note_added",
            StatusChanged { .. } => "status_changed",
            ExtensionGranted { .. } => "extension_granted",
            GapRecorded { .. } => "gap_recorded",
            OfferMade { .. } => "offer_made",
            Escalated { .. } => "escalated",
            DecisionRecorded { .. } => "decision_recorded",
            ParentsRefused { .. } => "parents_refused",
            Transferred { .. } => "transferred",
            DisputeReferred { .. } => "dispute_referred",
            Closed { .. } => "closed",
            Reopened { .. } => "reopened",
        }
    }

    /// The heading of the timeline line, in Dutch.
    pub fn label(&self) -> &'static str {
        use CaseEvent::*;
        match self {
            Opened { .. } => "Zaak geopend",
            PartyInvolved { .. } => "Organisatie betrokken",
            PartyLeft { .. } => "Organisatie niet meer betrokken",
            RegisseurNamed { .. } => "Casusregisseur benoemd",
            ParentsInvolved { .. } => "Ouders betrokken",
            ConsentRecorded { given: true, .. } => "Toestemming gegeven",
            ConsentRecorded { given: false, .. } => "Toestemming geweigerd of ingetrokken",
            PupilHeard { .. } => "Leerling gehoord",
            ActionAgreed { .. } => "Afspraak gemaakt",
            ActionDone { .. } => "Afspraak uitgevoerd",
            ActionCancelled { .. } => "Afspraak vervallen",
            DocumentAdded { .. } => "Document toegevoegd",
            NoteAdded { .. } => "Notitie",
            StatusChanged { .. } => "Status gewijzigd",
            ExtensionGranted { .. } => "Beslistermijn verlengd",
            GapRecorded { .. } => "Ontbrekend aanbod vastgelegd",
            OfferMade { .. } => "Integraal aanbod gedaan",
            Escalated {
                automatic: true, ..
            } => "Automatisch geëscaleerd (doorzettingsmacht)",
            Escalated {
                automatic: false, ..
            } => "Geëscaleerd (doorzettingsmacht)",
            DecisionRecorded { .. } => "Besluit vastgelegd",
            ParentsRefused { .. } => "Ouders weigeren",
            Transferred { .. } => "Overgedragen aan andere gemeente",
            DisputeReferred { .. } => "Voorgelegd aan de geschillenregeling",
            Closed { .. } => "Zaak afgesloten",
            Reopened { .. } => "Zaak heropend",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_reads_as_tagged_json_in_camel_case() {
        let json = r#"{"at":"2026-09-01T08:30:00Z","by":{"name":"J. de Vries","org":"00000000-0000-4000-8000-000000000001"},
            "event":{"type":"action_agreed","action":"00000000-0000-4000-8000-000000000002",
            "description":"Intake op De Brug","owner":"00000000-0000-4000-8000-000000000001","deadline":"2026-09-15"}}"#;
        let e: CaseEntry = serde_json::from_str(json).unwrap();
        assert_eq!(e.event.code(), "action_agreed");
        assert_eq!(e.event.label(), "Afspraak gemaakt");
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back["event"]["type"], "action_agreed");
        assert_eq!(back["event"]["deadline"], "2026-09-15");
        let opened = CaseEvent::Opened {
            case_type: CaseType::Vrijstelling5a,
            pupil: PupilId::from_u128(3),
            municipality: OrgId::from_u128(4),
            registered_on: Date::from_ymd_opt(2026, 9, 1).unwrap(),
            reason: "r".to_owned(),
        };
        let v = serde_json::to_value(&opened).unwrap();
        assert_eq!(v["type"], "opened");
        assert_eq!(v["caseType"], "vrijstelling_5a");
        assert_eq!(v["registeredOn"], "2026-09-01");
    }
}
