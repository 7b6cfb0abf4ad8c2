//! Where the data lives: `--database-url` / `CONTINUUM_DATABASE_URL` (sqlite:// or
//! postgres://), else a SQLite file in `--data-dir` / `CONTINUUM_DATA_DIR`, else in the
//! user's data directory.

use clap::Args as ClapArgs;
use std::path::PathBuf;

#[derive(ClapArgs, Debug, Clone)]
pub struct Storage {
    /// Database URL: postgres://… or sqlite://PATH. Default: an embedded SQLite file in the data dir.
    #[arg(long, env = "CONTINUUM_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Directory for the embedded database.
    #[arg(long, env = "CONTINUUM_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
}

pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("continuum")
}

impl Storage {
    pub fn data_dir(&self) -> PathBuf {
        self.data_dir.clone().unwrap_or_else(default_data_dir)
    }
    /// The URL of the store this command works on.
    pub fn url(&self, file_name: &str) -> String {
        match &self.database_url {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.data_dir().join(file_name).display()),
        }
    }
}

/// Who runs a command, for the audit log: the operating-system user.
pub fn operator_name() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "onbekend".to_owned());
    format!("opdrachtregel:{user}")
}
