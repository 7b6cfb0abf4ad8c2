//! Cases (zaakgericht werken) around a child, and what a region agreed about escalation
//! (doorzettingsmacht) — DOMAIN §4 items 5–7.
//!
//! # The event model
//!
//! A case is **event-sourced**: what is stored is its timeline, a list of [`CaseEntry`]s
//! (when, by whom, what happened), and the [`Case`] is the fold of that list. Why:
//!
//! - **The timeline is the case.** Parents, the casusregisseur and a judge ask "what
//!   happened, when, and who did it?" — the list of entries answers it directly, with the
//!   moment of recording (`at`) beside the moment in the world (`on`).
//! - **Moving without losing history.** When the child moves, a `Transferred` entry hands the
//!   case to the new municipality; every earlier entry stays, so the new municipality sees
//!   the whole history and the terms keep running (moving does not buy time).
//! - **Audit.** Entries are only appended, never changed; each names its actor and
//!   organisation. A correction is a new entry (a cancelled action, a reopened case).
//! - **The store stays simple.** One append-only table of entries per case (the envelope
//!   `at`, `by` as columns, the event as JSON); [`Case::replay`] rebuilds the picture, and
//!   [`Case::version`] (the number of entries) serves optimistic concurrency.
//!
//! Every entry is checked against the case as it stands before it is applied; a refused
//! entry leaves the case unchanged and gets a [`CaseError`] with a stable code, the field,
//! and a Dutch message. The checks that need no parameters live here (no actions on a
//! closed case, action ids unique and known, a refusal recorded before closing with
//! `ouders_weigeren`, no closing without a result, …). Terms that depend on dated
//! parameters or on the region's OOGO agreement — the zorgplicht term, when a case
//! escalates and to whom — are rules, in `continuum-rules` (`passend_onderwijs::zorgplicht`,
//! `doorzettingsmacht`).
//!
//! # Nothing ends silently
//!
//! A case closes only with a [`CaseResult`] that fits its type and an explanation, after
//! every action was done or cancelled with a reason. Closing with `ouders_weigeren` needs the
//! parents' refusal in the timeline first; closing with `integraal_aanbod` needs an offer or
//! decision the parents did not refuse. A decision under doorzettingsmacht does **not** close
//! the case: it forces the partners, never the parents, who may still refuse it (DOMAIN §3.2).

mod check;
mod error;
mod event;
mod fold;
mod kinds;
mod oogo;
mod state;

pub use error::{CaseError, ReplayError};
pub use event::{Actor, CaseEntry, CaseEvent};
pub use kinds::{CaseResult, CaseStatus, CaseType, Confidentiality};
pub use oogo::{EscalationDomain, OogoError, OogoEscalation, YouthHelpHolder};
pub use state::{
    Action, ActionState, Case, Closure, Consent, Deadline, DeadlineKind, Document,
    EscalationRecord, Extension, OfferState, Party, PupilView, Regisseur, Round,
};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod lifecycle_tests;

#[cfg(test)]
mod proptests;
