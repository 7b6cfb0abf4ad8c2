//! A field that holds a value the rules of the field do not allow, named as the JSON and
//! the forms name it (`reducedTime.permissions[0].period`), with a Dutch message. The API
//! lists every one at once (`invalid-params`, STYLE §4); a form shows each beside its field.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
pub struct FieldError {
    /// The path of the field, in the JSON spelling of the record.
    pub field: String,
    /// What is wrong, in plain Dutch (B1).
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}
