//! Passend onderwijs (WPO BWBR0003420, WEC BWBR0003549): the rules around the samenwerkingsverband's
//! admission statement (TLV) for (voortgezet) speciaal onderwijs, and the school board's
//! zorgplicht term.

pub mod tlv;
pub mod zorgplicht;

pub use tlv::{TlvCheck, TlvFacts, TlvViolation, TlvViolationKind, Validity, check_tlv};
pub use zorgplicht::{ZorgplichtDeadline, zorgplicht_deadline};
