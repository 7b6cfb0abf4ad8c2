//! The fold: a case is built from its first entry and changed only by applying the next.
//! Every entry is checked against the case as it stands (`check`) before anything changes
//! (`commit`), so a refused entry leaves the case exactly as it was.

use super::check::filled;
use super::error::{CaseError, ReplayError};
use super::event::{CaseEntry, CaseEvent};
use super::kinds::CaseStatus;
use super::state::{
    Action, ActionState, Case, Closure, Consent, Document, EscalationRecord, Extension, OfferState,
    Party, PupilView, Regisseur, Round,
};
use crate::ids::CaseId;

impl Case {
    /// A new case from its first entry, which must be `Opened`.
    pub fn open(id: CaseId, entry: &CaseEntry) -> Result<Case, CaseError> {
        let CaseEvent::Opened {
            case_type,
            pupil,
            municipality,
            registered_on,
            reason,
        } = &entry.event
        else {
            return Err(CaseError::NotOpened);
        };
        filled("by.name", &entry.by.name)?;
        filled("reason", reason)?;
        Ok(Case {
            id,
            case_type: *case_type,
            pupil: *pupil,
            municipality: *municipality,
            registered_on: *registered_on,
            reason: reason.clone(),
            status: CaseStatus::Ontvangen,
            closure: None,
            parties: Vec::new(),
            regisseur: None,
            parents_involved: false,
            consents: Vec::new(),
            pupil_views: Vec::new(),
            actions: Vec::new(),
            documents: Vec::new(),
            extension: None,
            gap: None,
            round: Round::new(*registered_on),
            timeline: vec![entry.clone()],
        })
    }

    /// Applies the next entry, or refuses it and leaves the case unchanged.
    pub fn apply(&mut self, entry: &CaseEntry) -> Result<(), CaseError> {
        self.check(entry)?;
        self.commit(entry);
        Ok(())
    }

    /// The case a stored timeline describes; the first entry that does not fit is named.
    pub fn replay<'a>(
        id: CaseId,
        entries: impl IntoIterator<Item = &'a CaseEntry>,
    ) -> Result<Case, ReplayError> {
        let mut it = entries.into_iter();
        let first = it.next().ok_or(ReplayError {
            index: 0,
            error: CaseError::NotOpened,
        })?;
        let mut case = Case::open(id, first).map_err(|error| ReplayError { index: 0, error })?;
        for (i, e) in it.enumerate() {
            case.apply(e).map_err(|error| ReplayError {
                index: i + 1,
                error,
            })?;
        }
        Ok(case)
    }

    /// Changes the case by an entry `check` accepted. Infallible by design.
    fn commit(&mut self, entry: &CaseEntry) {
        use CaseEvent::*;
        match &entry.event {
            Opened { .. } => {}
            PartyInvolved { org, role } => self.parties.push(Party {
                org: *org,
                role: role.trim().to_owned(),
            }),
            PartyLeft { org, role } => self
                .parties
                .retain(|p| !(p.org == *org && p.role == role.trim())),
            RegisseurNamed { name, org } => {
                self.regisseur = Some(Regisseur {
                    name: name.clone(),
                    org: *org,
                })
            }
            ParentsInvolved { .. } => self.parents_involved = true,
            ConsentRecorded { given, scope, on } => {
                // Consent comes from the parents, so they are involved.
                self.parents_involved = true;
                let scope = scope.trim().to_owned();
                self.consents.retain(|c| c.scope != scope);
                self.consents.push(Consent {
                    scope,
                    given: *given,
                    on: *on,
                });
            }
            PupilHeard { view, on } => self.pupil_views.push(PupilView {
                view: view.clone(),
                on: *on,
            }),
            ActionAgreed {
                action,
                description,
                owner,
                deadline,
            } => self.actions.push(Action {
                id: *action,
                description: description.clone(),
                owner: *owner,
                deadline: *deadline,
                state: ActionState::Open,
            }),
            ActionDone { action, on } => self.set_action(*action, ActionState::Done { on: *on }),
            ActionCancelled { action, reason } => self.set_action(
                *action,
                ActionState::Cancelled {
                    reason: reason.clone(),
                },
            ),
            DocumentAdded {
                document,
                title,
                kind,
                confidentiality,
                on,
            } => self.documents.push(Document {
                id: *document,
                title: title.clone(),
                kind: kind.clone(),
                confidentiality: *confidentiality,
                on: *on,
            }),
            NoteAdded { .. } => {}
            StatusChanged { to, .. } => self.status = *to,
            ExtensionGranted { weeks, on, reason } => {
                self.extension = Some(Extension {
                    weeks: *weeks,
                    on: *on,
                    reason: reason.clone(),
                })
            }
            GapRecorded { domain, .. } => self.gap = Some(*domain),
            OfferMade { on, .. } => self.round.offer = OfferState::Made { on: *on },
            Escalated {
                to,
                domain,
                automatic,
                ..
            } => {
                self.status = CaseStatus::Geescaleerd;
                self.round.escalation = Some(EscalationRecord {
                    to: *to,
                    domain: *domain,
                    automatic: *automatic,
                });
                // The holder must see the case to decide on it.
                let role = format!("doorzettingsmacht {}", domain.code());
                if !self.parties.iter().any(|p| p.org == *to && p.role == role) {
                    self.parties.push(Party { org: *to, role });
                }
            }
            DecisionRecorded { on, .. } => {
                self.status = CaseStatus::BesluitGenomen;
                self.round.decided = true;
                // A decision is put to the parents like an offer: they may refuse it.
                self.round.offer = OfferState::Made { on: *on };
            }
            ParentsRefused { on, .. } => self.round.offer = OfferState::Refused { on: *on },
            Transferred { to, .. } => self.municipality = *to,
            DisputeReferred { .. } => {
                self.status = CaseStatus::GeschilVoorgelegd;
                self.round.referred = true;
            }
            Closed {
                result,
                on,
                explanation,
            } => {
                self.status = CaseStatus::Afgesloten;
                self.closure = Some(Closure {
                    result: *result,
                    on: *on,
                    explanation: explanation.clone(),
                });
            }
            Reopened { on, .. } => {
                self.status = CaseStatus::InBehandeling;
                self.closure = None;
                self.round = Round::new(*on);
            }
        }
        self.timeline.push(entry.clone());
    }

    fn set_action(&mut self, id: crate::ids::ActionId, state: ActionState) {
        if let Some(a) = self.actions.iter_mut().find(|a| a.id == id) {
            a.state = state;
        }
    }
}
