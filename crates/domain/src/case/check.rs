//! The checks of the fold: whether an entry fits the case as it stands. Nothing here
//! changes the case, so a refused entry leaves it exactly as it was.

use super::error::CaseError;
use super::event::{CaseEntry, CaseEvent};
use super::kinds::{CaseResult, CaseStatus, CaseType};
use super::state::{ActionState, Case, OfferState};
use crate::Date;
use crate::ids::{ActionId, OrgId};

pub(super) fn filled(field: &'static str, s: &str) -> Result<(), CaseError> {
    if s.trim().is_empty() {
        Err(CaseError::Blank { field })
    } else {
        Ok(())
    }
}

impl Case {
    /// A date of the world may not lie before the registration, nor before the current
    /// round began.
    fn not_before_start(&self, field: &'static str, on: Date) -> Result<(), CaseError> {
        let (since, what) = if self.round.started_on > self.registered_on {
            (self.round.started_on, "dag van heropenen")
        } else {
            (self.registered_on, "dag van aanmelding")
        };
        if on < since {
            return Err(CaseError::TooEarly {
                field,
                on,
                since,
                what,
            });
        }
        Ok(())
    }

    fn wrong_type(&self, field: &'static str, reason: &'static str) -> CaseError {
        CaseError::WrongCaseType {
            field,
            case_type: self.case_type,
            reason,
        }
    }

    fn open_action(&self, id: ActionId) -> Result<(), CaseError> {
        match self.action(id) {
            None => Err(CaseError::UnknownAction { action: id }),
            Some(a) if a.state != ActionState::Open => Err(CaseError::ActionNotOpen { action: id }),
            Some(_) => Ok(()),
        }
    }

    pub(super) fn check(&self, entry: &CaseEntry) -> Result<(), CaseError> {
        use CaseEvent::*;
        filled("by.name", &entry.by.name)?;
        if let Some(last) = self.timeline.last().filter(|l| entry.at < l.at) {
            return Err(CaseError::OutOfOrder {
                at: entry.at,
                last: last.at,
            });
        }
        let closed = self.is_closed();
        match &entry.event {
            Opened { .. } => return Err(CaseError::AlreadyOpened),
            Reopened { on, reason } => {
                let Some(closure) = &self.closure else {
                    return Err(CaseError::NotClosed);
                };
                filled("reason", reason)?;
                if *on < closure.on {
                    return Err(CaseError::TooEarly {
                        field: "on",
                        on: *on,
                        since: closure.on,
                        what: "dag van afsluiten",
                    });
                }
                return Ok(());
            }
            _ if closed => return Err(CaseError::CaseClosed),
            _ => {}
        }
        match &entry.event {
            Opened { .. } | Reopened { .. } => Ok(()),
            PartyInvolved { org, role } => {
                filled("role", role)?;
                if self
                    .parties
                    .iter()
                    .any(|p| p.org == *org && p.role == role.trim())
                {
                    return Err(CaseError::AlreadyInvolved {
                        org: *org,
                        role: role.trim().to_owned(),
                    });
                }
                Ok(())
            }
            PartyLeft { org, role } => {
                let roles = self.parties.iter().filter(|p| p.org == *org).count();
                if !self
                    .parties
                    .iter()
                    .any(|p| p.org == *org && p.role == role.trim())
                {
                    return Err(CaseError::NotInvolved {
                        field: "org",
                        org: *org,
                    });
                }
                // Its last role: the organisation's open actions would lose their owner.
                let open = self.open_actions().filter(|a| a.owner == *org).count();
                if roles == 1 && *org != self.municipality && open > 0 {
                    return Err(CaseError::OwnerHasOpenActions { org: *org, open });
                }
                Ok(())
            }
            RegisseurNamed { name, org } => {
                filled("name", name)?;
                self.involved("org", *org)
            }
            ParentsInvolved { note } => filled("note", note),
            ConsentRecorded { scope, .. } => filled("scope", scope),
            PupilHeard { view, .. } => filled("view", view),
            ActionAgreed {
                action,
                description,
                owner,
                deadline,
            } => {
                if self.action(*action).is_some() {
                    return Err(CaseError::DuplicateAction { action: *action });
                }
                filled("description", description)?;
                self.involved("owner", *owner)?;
                self.not_before_start("deadline", *deadline)
            }
            ActionDone { action, on } => {
                self.open_action(*action)?;
                self.not_before_start("on", *on)
            }
            ActionCancelled { action, reason } => {
                self.open_action(*action)?;
                filled("reason", reason)
            }
            DocumentAdded {
                document,
                title,
                kind,
                ..
            } => {
                if self.documents.iter().any(|d| d.id == *document) {
                    return Err(CaseError::DuplicateDocument {
                        document: *document,
                    });
                }
                filled("title", title)?;
                filled("kind", kind)
            }
            NoteAdded { text, .. } => filled("text", text),
            StatusChanged { to, .. } => match (to, self.status) {
                (CaseStatus::InBehandeling, CaseStatus::InBehandeling) => {
                    Err(CaseError::SameStatus)
                }
                (CaseStatus::InBehandeling, _) => Ok(()),
                _ => Err(CaseError::StatusNotSettable),
            },
            ExtensionGranted { weeks, on, reason } => {
                if self.case_type != CaseType::Zorgplicht {
                    return Err(self.wrong_type(
                        "type",
                        "alleen de beslistermijn van de zorgplicht kan worden verlengd",
                    ));
                }
                if self.extension.is_some() {
                    return Err(CaseError::AlreadyExtended);
                }
                if *weeks == 0 {
                    return Err(CaseError::Invalid {
                        field: "weeks",
                        reason: "een verlenging is 1 week of meer".to_owned(),
                    });
                }
                filled("reason", reason)?;
                self.not_before_start("on", *on)
            }
            GapRecorded { note, .. } => {
                if !self.case_type.escalates() {
                    return Err(self.wrong_type(
                        "type",
                        "een geschil over ZiO-financiering gaat naar de geschillenregeling, niet naar doorzettingsmacht",
                    ));
                }
                filled("note", note)
            }
            OfferMade { offer, on } => {
                filled("offer", offer)?;
                self.not_before_start("on", *on)
            }
            Escalated { reason, basis, .. } => {
                if !self.case_type.escalates() {
                    return Err(self.wrong_type(
                        "type",
                        "een geschil over ZiO-financiering gaat naar de geschillenregeling, niet naar doorzettingsmacht",
                    ));
                }
                if self.status == CaseStatus::Geescaleerd {
                    return Err(CaseError::AlreadyEscalated);
                }
                filled("reason", reason)?;
                filled("basis", basis)
            }
            DecisionRecorded {
                decided_by,
                decision,
                on,
                ..
            } => {
                filled("decision", decision)?;
                self.involved("decidedBy", *decided_by)?;
                self.not_before_start("on", *on)
            }
            ParentsRefused { offer, on, .. } => {
                let OfferState::Made { on: made_on } = self.round.offer else {
                    return Err(CaseError::NoOpenOffer);
                };
                filled("offer", offer)?;
                if *on < made_on {
                    return Err(CaseError::TooEarly {
                        field: "on",
                        on: *on,
                        since: made_on,
                        what: "dag van het aanbod of besluit",
                    });
                }
                Ok(())
            }
            Transferred {
                from,
                to,
                on,
                reason,
            } => {
                if *from != self.municipality {
                    return Err(CaseError::WrongMunicipality {
                        from: *from,
                        current: self.municipality,
                    });
                }
                if to == from {
                    return Err(CaseError::Invalid {
                        field: "to",
                        reason: "de nieuwe gemeente is dezelfde als de huidige".to_owned(),
                    });
                }
                filled("reason", reason)?;
                self.not_before_start("on", *on)
            }
            DisputeReferred {
                geschillenregeling,
                reason,
                on,
                ..
            } => {
                if self.case_type.escalates() {
                    return Err(self.wrong_type(
                        "type",
                        "alleen een geschil over ZiO-financiering gaat naar de geschillenregeling",
                    ));
                }
                if self.round.referred {
                    return Err(CaseError::AlreadyReferred);
                }
                filled("geschillenregeling", geschillenregeling)?;
                filled("reason", reason)?;
                self.not_before_start("on", *on)
            }
            Closed {
                result,
                on,
                explanation,
            } => self.check_close(*result, *on, explanation),
        }
    }

    fn involved(&self, field: &'static str, org: OrgId) -> Result<(), CaseError> {
        if self.involves(org) {
            Ok(())
        } else {
            Err(CaseError::NotInvolved { field, org })
        }
    }

    /// Nothing ends silently: a result that fits the type, an explanation, no open actions,
    /// a refusal that is in the timeline, and no "integral offer" the parents turned down.
    fn check_close(
        &self,
        result: CaseResult,
        on: Date,
        explanation: &str,
    ) -> Result<(), CaseError> {
        if !result.fits(self.case_type) {
            return Err(CaseError::ResultDoesNotFit {
                result,
                case_type: self.case_type,
            });
        }
        filled("explanation", explanation)?;
        self.not_before_start("on", on)?;
        let open = self.open_actions().count();
        if open > 0 {
            return Err(CaseError::OpenActions { open });
        }
        match (result, self.round.offer) {
            (CaseResult::OudersWeigeren, OfferState::Refused { .. }) => Ok(()),
            (CaseResult::OudersWeigeren, _) => Err(CaseError::RefusalNotRecorded),
            (CaseResult::IntegraalAanbod, OfferState::Made { .. }) => Ok(()),
            (CaseResult::IntegraalAanbod, OfferState::Refused { .. }) => {
                Err(CaseError::OfferRefused)
            }
            (CaseResult::IntegraalAanbod, OfferState::None) => Err(CaseError::NoOffer),
            _ => Ok(()),
        }
    }
}
