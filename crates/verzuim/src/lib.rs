#![doc = include_str!("../README.md")]

pub mod calendar;
pub mod gen_data;
pub mod import;
pub mod record;
pub mod scan;
pub mod signal;

pub use calendar::{Calendar, CalendarError, Holiday, PublicHoliday, Region, SchoolCode};
pub use import::{ImportError, parse_csv, parse_csv_bytes, parse_csv_reader, record_line};
pub use record::{AbsenceKind, AbsenceRecord, LeaveGround, LeaveGroundCitation, Pupil, PupilKey};
pub use scan::{ScanError, ScanState, scan};
pub use signal::{Signal, SignalKind};
