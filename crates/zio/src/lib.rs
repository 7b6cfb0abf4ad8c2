//! ZiO planning core: one cluster 3/4 school's weekly care roster in the `zio-plan/1`
//! exchange format (`shared/formats/zio/FORMAT.md`).
//!
//! - [`Instance::parse`] reads and checks an instance (FORMAT.md §1), naming the JSON path
//!   of anything invalid.
//! - [`plan`] builds a roster honouring the hard rules (§2) and minimising the
//!   lexicographic objective (§3): distinct workers per class, then providers, then cost;
//!   it reports status, a proven lower bound of stage 1 and the gap (§4), or explains
//!   in Dutch why no roster exists.
//! - [`validate`] checks any plan against its instance like `verify.py`.
//! - [`workers_before`] counts the "before" situation: every pupil brings her own worker
//!   per need category and funder.
//!
//! The planner bundles each class's needs per slot into *units* (an individual need, or
//! up to G group needs sharing a qualification), so that a roster is an assignment of units
//! to workers. For fixed class teams this is a max-flow problem (worker → worker-day →
//! worker-slot → unit); stage 1 is a local search over the teams that only ever moves
//! units along augmenting paths, so every intermediate roster is valid. Stage 3 is a
//! minimum-cost flow over the final teams; once stages 1 and 2 are proven, a branch and
//! bound over the class teams with a Lagrangian bound proves the cost optimum (and, for
//! schools of at most 8 classes, the same search settles stage 1). Pure Rust, no I/O.

mod alike;
mod bound;
mod exact;
mod format;
pub mod generator;
mod instance;
mod lagrange;
mod mcf;
mod model;
mod search;
mod slotfit;
mod solve;
mod teams;
mod validate;

pub use format::{
    ClassData, ClassWorkers, Explanation, ExplanationRule, FORMAT_VERSION, FunderData, Gap,
    InstanceData, LowerBound, Mode, NeedData, Objective, PgbWorkerData, Plan, ProviderData,
    PupilData, RosterEntry, SlotData, Status, WorkerData,
};
pub use instance::{Instance, InstanceError};
pub use solve::{Options, plan};
pub use validate::{Violation, score, validate};

/// Keeps the elements of `v` whose entry in `keep` is true (entries beyond `keep` stay).
fn retain_kept<T>(v: &mut Vec<T>, keep: &[bool]) {
    let mut it = keep.iter();
    v.retain(|_| it.next().copied().unwrap_or(true));
}

/// The "before" count (README.md): Σ over classes of the distinct care workers when every
/// pupil brings her own worker per need category and funder, i.e. the number of distinct
/// (pupil, category, funder) combinations among the needs (a PGB need counts as its
/// pupil's combination too, as its PGB worker is that pupil's own).
#[must_use]
pub fn workers_before(instance: &Instance) -> u64 {
    let d = instance.data();
    let mut seen = std::collections::HashSet::new();
    for n in &d.needs {
        seen.insert((
            n.pupil_id.as_str(),
            n.category.as_str(),
            n.funder_id.as_str(),
        ));
    }
    seen.len() as u64
}

/// Average per class of a Σ-over-classes count (0 for an instance without classes).
#[must_use]
pub fn per_class(instance: &Instance, total: u64) -> f64 {
    let n = instance.data().classes.len();
    if n == 0 { 0.0 } else { total as f64 / n as f64 }
}
