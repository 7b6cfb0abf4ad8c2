#![doc = include_str!("../README.md")]

pub mod absence;
pub mod absence_report;
pub mod access;
pub mod case;
pub mod codes;
pub mod ids;
pub mod money;
pub mod period;
pub mod pgn;
pub mod register;
pub mod role;

pub use chrono::NaiveDate as Date;
