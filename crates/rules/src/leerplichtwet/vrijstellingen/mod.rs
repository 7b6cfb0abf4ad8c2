//! The vrijstellingenregister as rules: the gate that registers a request for an exemption
//! under art. 5 onder a only when it is complete, the yearly renewal (art. 6 lid 2 onder b)
//! and its signals, the monitoring of evaluations and the development offer (policy, seed
//! 000), and the count per ground for the yearly report (art. 25). The records themselves
//! live in `continuum_domain::exemption`.

mod count;
#[cfg(test)]
mod fixtures;
mod monitoring;
mod registration;
mod renewal;

pub use count::{ExemptionCount, GroundCount, count_per_ground};
pub use monitoring::{MonitoringKind, MonitoringSignal, evaluations_due};
pub use registration::{
    RegisterError, check_renewal, register, statement_for_check, vrijstelling_request,
};
pub use renewal::{
    NoRenewalReason, RenewalCheck, RenewalSignal, RenewalSignalKind, RenewalStatus, renewal_due,
    renewal_signals,
};

#[cfg(test)]
mod registration_tests;
