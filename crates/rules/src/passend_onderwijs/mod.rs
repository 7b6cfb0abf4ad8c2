//! Passend onderwijs (WPO BWBR0003420, WEC BWBR0003549): the rules around the samenwerkingsverband's
//! admission statement (TLV) for (voortgezet) speciaal onderwijs, the school board's zorgplicht
//! term, onderwijszorgarrangementen and reduced teaching time with the inspectie's permission.

pub mod arrangement;
pub mod tlv;
pub mod zorgplicht;

pub use arrangement::{ExpiryReminder, expiry_reminders, legal_basis, validate_arrangement};

pub use tlv::{TlvCheck, TlvFacts, TlvViolation, TlvViolationKind, Validity, check_tlv};
pub use zorgplicht::{ZorgplichtDeadline, zorgplicht_deadline};
