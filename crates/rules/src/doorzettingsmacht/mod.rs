//! Doorzettingsmacht and the geschillenregeling (policy, seeds 000, 001 and 004; DOMAIN
//! §3.2, §4 item 6): when a case without an integral offer escalates, to whom, and every
//! deadline of a case. The case itself (its events and checks) lives in
//! `continuum_domain::case`; the region's agreement in `OogoEscalation`.
//!
//! Doorzettingsmacht breaks a deadlock between partners; it never forces parents. A decision
//! does not close a case, and a refusal by the parents stops the clock but not the case: it
//! ends with `ouders_weigeren` (the refusal in the timeline) or with a new offer.

pub mod deadlines;
pub mod escalation;

pub use deadlines::{CaseDeadline, case_deadlines};
pub use escalation::{EscalationDue, EscalationRoute, escalation_due};

/// Seeds 000 and 001: SWVs organise doorzettingsmacht for education, municipalities hold it
/// for youth help; the OOGO agreement names who.
pub(crate) const DOORZETTINGSMACHT_POLICY: &str = "seed 000; seed 001";
/// Seed 004: the OOGO on cluster 3 and 4 schools comes with a mandatory geschillenregeling.
pub(crate) const DISPUTE_POLICY: &str = "seed 004";
