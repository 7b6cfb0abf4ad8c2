//! Voorliggendheid (DOMAIN §3.3): which law applies to a support need, who pays, by which
//! route, and who the parents should contact. Rules across the Jeugdwet, Wlz, Zvw, Wmo 2015
//! and passend onderwijs, so the module is named for the question, not for one law.

pub mod facts;
pub mod responsibility;

pub use facts::{
    Domain, IndicationRef, Need, Party, Payer, PayerKind, Responsibility, ResponsibilityFacts,
    Route, ZioAgreementRef,
};
pub use responsibility::responsibility;
