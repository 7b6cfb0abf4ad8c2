//! Zorg in onderwijstijd (ZiO), collectively arranged per school (seeds 000, 001, 004): the
//! pooled budget and how the funders share it.

pub mod settlement;
pub mod shares;

pub use settlement::{FunderAgreement, Settlement, SettlementLine, SettlementPupil, settle};
pub use shares::{AllocationKey, FunderBasis, FunderShare, ZioShares, zio_shares};
