#![doc = include_str!("../README.md")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: a failed step should stop the test

pub mod databases;
pub mod exemptions_suite;
pub mod fixture;
pub mod suite;
