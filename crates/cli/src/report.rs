//! How errors reach the terminal: one line, `FILE:LINE: field: reason` for input errors,
//! and an exit code (1 bad input, 2 store unavailable, 3 anything else).

use std::process::ExitCode;

pub fn fail(e: &anyhow::Error) -> ExitCode {
    if let Some(ie) = e.downcast_ref::<continuum_import::ImportError>() {
        eprintln!("{ie}");
        return ExitCode::from(1);
    }
    if let Some(ve) = e.downcast_ref::<continuum_verzuim::ImportError>() {
        eprintln!("{ve}");
        return match ve {
            continuum_verzuim::ImportError::Row { .. } => ExitCode::from(1),
            continuum_verzuim::ImportError::Io { .. } => ExitCode::from(3),
        };
    }
    if let Some(se) = e.downcast_ref::<continuum_verzuim::ScanError>() {
        eprintln!("fout: {se}");
        return ExitCode::from(1);
    }
    if let Some(se) = e.downcast_ref::<continuum_store::StoreError>() {
        eprintln!("fout ({}): {se}", se.code());
        return match se {
            continuum_store::StoreError::Unavailable(_) => ExitCode::from(2),
            continuum_store::StoreError::Conflict(_)
            | continuum_store::StoreError::StaleVersion { .. } => ExitCode::from(1),
            _ => ExitCode::from(3),
        };
    }
    eprintln!("fout: {e:#}");
    ExitCode::from(3)
}
