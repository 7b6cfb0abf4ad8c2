#![doc = include_str!("../README.md")]

pub mod absence;
pub mod absence_report;
pub mod access;
pub mod arrangement;
pub mod case;
pub mod codes;
pub mod exemption;
pub mod ids;
pub mod money;
pub mod natural;
pub mod nl;
pub mod period;
pub mod pgn;
pub mod register;
pub mod role;
pub mod validation;

pub use chrono::NaiveDate as Date;
