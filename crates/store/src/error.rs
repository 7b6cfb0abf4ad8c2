use continuum_domain::register::Version;

/// Errors in the words of the register. Each has a stable code (see `code`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Not there — or not for this actor: both look the same from outside.
    #[error("niet gevonden")]
    NotFound,
    /// The actor's organisation has a relation with the pupil, but may not do this.
    #[error("niet toegestaan: {0}")]
    Forbidden(String),
    /// Someone changed the record since it was read (optimistic concurrency).
    #[error("het gegeven is intussen gewijzigd (huidige versie {current:?})")]
    StaleVersion { current: Version },
    /// The change breaks a rule of the register (a duplicate code, a dangling reference).
    #[error("{0}")]
    Conflict(String),
    #[error("de database is niet bereikbaar: {0}")]
    Unavailable(String),
    #[error("interne fout in de opslag: {0}")]
    Internal(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound => "store.niet_gevonden",
            StoreError::Forbidden(_) => "store.niet_toegestaan",
            StoreError::StaleVersion { .. } => "store.verouderde_versie",
            StoreError::Conflict(_) => "store.conflict",
            StoreError::Unavailable(_) => "store.onbereikbaar",
            StoreError::Internal(_) => "store.intern",
        }
    }
}
