//! When a case escalates, and to whom (policy, seeds 000 and 001: SWVs organise
//! doorzettingsmacht for education, municipalities hold it for youth help, and the OOGO
//! agreement names who and after how many weeks without an integral offer). A dispute about
//! ZiO financing is never escalated: it goes to the OOGO's geschillenregeling (seed 004).
//!
//! The rule, one trace step each:
//! 1. *Does the clock run?* Not for a closed case, nor once in the current round an offer or
//!    decision was made (also when the parents refused it: doorzettingsmacht never forces
//!    parents — the case then ends with `ouders_weigeren` or a new offer), the case was
//!    escalated, or the dispute referred. A reopened case starts a new round.
//! 2. *Which agreement?* The OOGO of the region the case lies in **now** (after a transfer,
//!    the new municipality's); it must cover the case's municipality. None recorded is an
//!    error naming `oogo`, so a missing agreement is seen, not silently skipped.
//! 3. *The term*: the round's start plus the OOGO's weeks. For a zorgplicht case never before
//!    the school board's own decision term ends (WPO art. 40 lid 4, with its extension): the
//!    region cannot shorten a statutory term, and its own agreement still holds after it.
//! 4. *Overdue* from the day after the term's last day.
//! 5. *To whom*: the domain the case records as missing ([`CaseEvent::GapRecorded`]), else
//!    the case type's default (education for zorgplicht, thuiszitter, absoluut verzuim,
//!    exemption); the holder is the OOGO's SWV for education and its municipality (or the
//!    child's own, `woonplaats`) for youth help. An `overig` case without a recorded gap is an
//!    error naming `gap`: nobody can be chosen for it.

use super::{DISPUTE_POLICY, DOORZETTINGSMACHT_POLICY};
use crate::citation::Citation;
use crate::error::RuleError;
use crate::params::Params;
use crate::passend_onderwijs::zorgplicht::{ZorgplichtDeadline, plus_weeks, zorgplicht_deadline};
use crate::trace::{Step, Tracer};
use continuum_domain::Date;
use continuum_domain::case::{
    Case, CaseEvent, CaseType, EscalationDomain, OfferState, OogoEscalation,
};
use continuum_domain::ids::OrgId;
use serde::Serialize;

/// Where an overdue case goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EscalationRoute {
    /// To the party holding doorzettingsmacht in `domain`.
    Doorzettingsmacht { to: OrgId, domain: EscalationDomain },
    /// A ZiO dispute: to the geschillenregeling the OOGO describes.
    Geschillenregeling { description: String },
}

/// An overdue case: where it goes, since when, why, and who is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationDue {
    pub route: EscalationRoute,
    /// The last day of the term.
    pub deadline: Date,
    /// The first day the case is overdue.
    pub since: Date,
    pub basis: Citation,
    /// In Dutch; goes into the recorded event.
    pub reason: String,
    /// Who is notified: the holder, the case's municipality, the regisseur's organisation and
    /// every organisation involved, each once.
    pub notify: Vec<OrgId>,
}

impl EscalationDue {
    /// The event that records the escalation (or referral) as automatic, on `on`.
    pub fn event(&self, on: Date) -> CaseEvent {
        match &self.route {
            EscalationRoute::Doorzettingsmacht { to, domain } => CaseEvent::Escalated {
                to: *to,
                domain: *domain,
                reason: self.reason.clone(),
                basis: format!("OOGO-afspraak over doorzettingsmacht; {}", self.basis),
                automatic: true,
            },
            EscalationRoute::Geschillenregeling { description } => CaseEvent::DisputeReferred {
                geschillenregeling: description.clone(),
                reason: self.reason.clone(),
                on,
                automatic: true,
            },
        }
    }

    /// The notification, in plain Dutch (B1). It names no child: the reader opens the case.
    pub fn message(&self) -> String {
        match &self.route {
            EscalationRoute::Doorzettingsmacht { domain, .. } => format!(
                "{} De zaak gaat nu naar de partij met doorzettingsmacht voor {}. Die partij \
                 neemt een besluit. Ouders mogen een besluit weigeren; dat wordt vastgelegd.",
                self.reason,
                domain.label().to_lowercase()
            ),
            EscalationRoute::Geschillenregeling { description } => format!(
                "{} Het geschil gaat nu naar de geschillenregeling: {description}.",
                self.reason
            ),
        }
    }
}

/// Whether `case` is overdue on `today`, and where it goes. `oogo`: the agreement of the
/// region the case lies in now; `None` when the region recorded none.
pub fn escalation_due<T: Tracer>(
    case: &Case,
    oogo: Option<&OogoEscalation>,
    p: &Params,
    today: Date,
    trace: &mut T,
) -> Result<Option<EscalationDue>, RuleError> {
    if !clock_runs(case, trace) {
        return Ok(None);
    }
    let oogo = agreement(case, oogo)?;
    let term = offer_term(case, oogo, p, trace)?;
    let overdue = today > term.deadline;
    trace.step(|| {
        Step::new(
            "Is de termijn voor een integraal aanbod verstreken?",
            Citation::policy(DOORZETTINGSMACHT_POLICY),
        )
        .input("laatste dag", term.deadline)
        .input("peildatum", today)
        .outcome(if overdue { "ja" } else { "nee" })
    });
    if !overdue {
        return Ok(None);
    }
    let since = term
        .deadline
        .succ_opt()
        .ok_or_else(|| RuleError::invalid("registeredOn", "de termijn valt buiten de kalender"))?;
    let (route, basis) = route(case, oogo, trace)?;
    let reason = match route {
        EscalationRoute::Doorzettingsmacht { .. } => format!(
            "Er is geen integraal aanbod binnen de termijn. De termijn liep tot en met {}.",
            term.deadline.format("%d-%m-%Y")
        ),
        EscalationRoute::Geschillenregeling { .. } => format!(
            "Er is geen overeenstemming binnen de termijn. De termijn liep tot en met {}.",
            term.deadline.format("%d-%m-%Y")
        ),
    };
    let mut notify = Vec::new();
    if let EscalationRoute::Doorzettingsmacht { to, .. } = route {
        notify.push(to);
    }
    notify.push(case.municipality());
    notify.extend(case.regisseur().map(|r| r.org));
    notify.extend(case.parties().iter().map(|p| p.org));
    let mut seen = std::collections::BTreeSet::new();
    notify.retain(|o| seen.insert(*o));
    Ok(Some(EscalationDue {
        route,
        deadline: term.deadline,
        since,
        basis,
        reason,
        notify,
    }))
}

/// Step 1: whether the escalation clock runs in the current round.
pub(crate) fn clock_runs<T: Tracer>(case: &Case, trace: &mut T) -> bool {
    let round = case.round();
    let stopped = if case.is_closed() {
        Some("nee: de zaak is afgesloten")
    } else if round.referred {
        Some("nee: het geschil ligt bij de geschillenregeling")
    } else if round.escalation.is_some() {
        Some("nee: de zaak is al geëscaleerd")
    } else if round.decided {
        Some("nee: er is een besluit genomen")
    } else {
        match round.offer {
            OfferState::Made { .. } => Some("nee: er ligt een integraal aanbod"),
            OfferState::Refused { .. } => {
                Some("nee: de ouders weigerden het aanbod; doorzettingsmacht dwingt ouders niet")
            }
            OfferState::None => None,
        }
    };
    trace.step(|| {
        Step::new(
            "Loopt de termijn voor een integraal aanbod nog?",
            Citation::policy(DOORZETTINGSMACHT_POLICY),
        )
        .input("status", case.status().label())
        .input("ronde begonnen op", round.started_on)
        .outcome(stopped.unwrap_or("ja"))
    });
    stopped.is_none()
}

/// Step 2: the agreement must exist and cover the case's municipality.
pub(crate) fn agreement<'a>(
    case: &Case,
    oogo: Option<&'a OogoEscalation>,
) -> Result<&'a OogoEscalation, RuleError> {
    let Some(oogo) = oogo else {
        return Err(RuleError::invalid(
            "oogo",
            "voor de regio van deze zaak is niet vastgelegd wie doorzettingsmacht heeft en na hoeveel weken een zaak escaleert",
        ));
    };
    if !oogo.covers(case.municipality()) {
        return Err(RuleError::invalid(
            "oogo",
            format!(
                "deze OOGO-afspraak geldt niet voor gemeente {}, waar de zaak nu ligt",
                case.municipality()
            ),
        ));
    }
    Ok(oogo)
}

/// The term of an integral offer in the current round.
pub(crate) struct OfferTerm {
    pub deadline: Date,
    pub zorgplicht: Option<ZorgplichtDeadline>,
}

/// Step 3: the round's start plus the OOGO's weeks, not before the zorgplicht term ends.
pub(crate) fn offer_term<T: Tracer>(
    case: &Case,
    oogo: &OogoEscalation,
    p: &Params,
    trace: &mut T,
) -> Result<OfferTerm, RuleError> {
    let start = case.round().started_on;
    let weeks = oogo.weeks_without_offer();
    let agreed = plus_weeks(start, weeks, "oogo.weeksWithoutOffer")?;
    trace.step(|| {
        Step::new(
            "Na hoeveel weken zonder integraal aanbod escaleert een zaak volgens de OOGO-afspraak?",
            Citation::policy(DOORZETTINGSMACHT_POLICY),
        )
        .input("begin", start)
        .input("weken", weeks)
        .outcome(format!("uiterlijk op {agreed}"))
    });
    if case.case_type() != CaseType::Zorgplicht {
        return Ok(OfferTerm {
            deadline: agreed,
            zorgplicht: None,
        });
    }
    let z = zorgplicht_deadline(case.registered_on(), case.extension(), p, trace)?;
    let deadline = agreed.max(z.deadline);
    trace.step(|| {
        Step::new(
            "Zorgplicht: de regio escaleert niet voordat de beslistermijn van het schoolbestuur is verstreken",
            z.basis.clone(),
        )
        .input("beslistermijn tot en met", z.deadline)
        .input("OOGO-termijn tot en met", agreed)
        .outcome(format!("uiterlijk op {deadline}"))
    });
    Ok(OfferTerm {
        deadline,
        zorgplicht: Some(z),
    })
}

/// Step 5: where an overdue case goes, with the basis of that step.
fn route<T: Tracer>(
    case: &Case,
    oogo: &OogoEscalation,
    trace: &mut T,
) -> Result<(EscalationRoute, Citation), RuleError> {
    if !case.case_type().escalates() {
        let description = oogo.geschillenregeling().to_owned();
        trace.step(|| {
            Step::new(
                "Een geschil over ZiO-financiering gaat naar de geschillenregeling, niet naar doorzettingsmacht",
                Citation::policy(DISPUTE_POLICY),
            )
            .outcome(&description)
        });
        let route = EscalationRoute::Geschillenregeling { description };
        return Ok((route, Citation::policy(DISPUTE_POLICY)));
    }
    let Some(domain) = case.gap() else {
        return Err(RuleError::invalid(
            "gap",
            "leg vast wat ontbreekt aan het aanbod (onderwijs of jeugdhulp); dan is duidelijk wie doorzettingsmacht heeft",
        ));
    };
    let to = oogo.holder(domain, case.municipality());
    trace.step(|| {
        Step::new(
            "Wie heeft doorzettingsmacht voor wat ontbreekt?",
            Citation::policy(DOORZETTINGSMACHT_POLICY),
        )
        .input("ontbreekt", domain.label())
        .input(
            "vastgelegd in de zaak",
            if case.gap_recorded() {
                "ja"
            } else {
                "nee, volgt uit de soort zaak"
            },
        )
        .outcome(to)
    });
    let route = EscalationRoute::Doorzettingsmacht { to, domain };
    Ok((route, Citation::policy(DOORZETTINGSMACHT_POLICY)))
}

#[cfg(test)]
#[path = "escalation_tests.rs"]
mod tests;
