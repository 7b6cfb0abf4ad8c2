//! Every deadline of a case, for the case page and the regisseur's list: the open actions
//! (from the case itself), the school board's zorgplicht decision term (WPO art. 40 lid 4),
//! and the last day for an integral offer before the case escalates (the OOGO agreement).

use super::escalation::{agreement, clock_runs, offer_term};
use super::{DISPUTE_POLICY, DOORZETTINGSMACHT_POLICY};
use crate::citation::Citation;
use crate::error::RuleError;
use crate::params::Params;
use crate::passend_onderwijs::zorgplicht_deadline;
use crate::trace::Tracer;
use continuum_domain::case::{Case, CaseType, Deadline, DeadlineKind, OfferState, OogoEscalation};
use serde::Serialize;

/// A deadline with the rule it comes from (`None` for an agreed action).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseDeadline {
    #[serde(flatten)]
    pub deadline: Deadline,
    pub basis: Option<Citation>,
}

/// The deadlines of `case`, earliest first; none for a closed case. `oogo` as for
/// [`super::escalation_due`]: needed while the escalation clock runs.
pub fn case_deadlines<T: Tracer>(
    case: &Case,
    oogo: Option<&OogoEscalation>,
    p: &Params,
    trace: &mut T,
) -> Result<Vec<CaseDeadline>, RuleError> {
    if case.is_closed() {
        return Ok(Vec::new());
    }
    let mut out: Vec<CaseDeadline> = case
        .deadlines()
        .into_iter()
        .map(|deadline| CaseDeadline {
            deadline,
            basis: None,
        })
        .collect();
    let round = case.round();
    let first_round = round.started_on == case.registered_on();
    let undecided = round.offer == OfferState::None && !round.decided;
    let term = if clock_runs(case, trace) {
        Some(offer_term(case, agreement(case, oogo)?, p, trace)?)
    } else {
        None
    };
    let zorgplicht =
        match &term {
            Some(t) => t.zorgplicht.clone(),
            // Escalated early (by hand): the school board's own term still runs.
            None if case.case_type() == CaseType::Zorgplicht && undecided => Some(
                zorgplicht_deadline(case.registered_on(), case.extension(), p, trace)?,
            ),
            None => None,
        };
    // The board's term belongs to the registration, so only to the first round.
    if let Some(z) = zorgplicht.filter(|_| first_round && undecided) {
        let description = match z.extended_by {
            Some(w) => {
                format!("Besluit van het schoolbestuur over toelating (verlengd met {w} weken)")
            }
            None => "Besluit van het schoolbestuur over toelating".to_owned(),
        };
        out.push(CaseDeadline {
            deadline: Deadline {
                kind: DeadlineKind::ZorgplichtDecision,
                due: z.deadline,
                owner: None,
                description,
            },
            basis: Some(z.basis),
        });
    }
    if let Some(t) = term {
        let (description, basis) = if case.case_type().escalates() {
            (
                "Integraal aanbod; daarna gaat de zaak naar de partij met doorzettingsmacht",
                DOORZETTINGSMACHT_POLICY,
            )
        } else {
            (
                "Overeenstemming; daarna gaat het geschil naar de geschillenregeling",
                DISPUTE_POLICY,
            )
        };
        out.push(CaseDeadline {
            deadline: Deadline {
                kind: DeadlineKind::IntegralOffer,
                due: t.deadline,
                owner: Some(case.regisseur().map_or(case.municipality(), |r| r.org)),
                description: description.to_owned(),
            },
            basis: Some(Citation::policy(basis)),
        });
    }
    out.sort_by_key(|d| d.deadline.due);
    Ok(out)
}
