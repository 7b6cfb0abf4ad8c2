//! Zorg in onderwijstijd (ZiO), collectively arranged per school (seeds 000, 001, 004): the
//! pooled budget and how the funders share it.

pub mod shares;

pub use shares::{AllocationKey, FunderBasis, FunderShare, ZioShares, zio_shares};
