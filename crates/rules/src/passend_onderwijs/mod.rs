//! Passend onderwijs (WPO BWBR0003420, WEC BWBR0003549): the rules around the samenwerkingsverband's
//! admission statement (TLV) for (voortgezet) speciaal onderwijs.

pub mod tlv;

pub use tlv::{TlvCheck, TlvFacts, TlvViolation, TlvViolationKind, Validity, check_tlv};
