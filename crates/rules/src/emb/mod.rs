//! EMB-regeling (policy, seeds 000 and 004): special funding for schools per enrolled pupil
//! with ernstig meervoudige beperkingen, within a yearly budget.

pub mod allocation;

pub use allocation::{EmbAllocation, EmbClaim, EmbShare, allocate_emb};
