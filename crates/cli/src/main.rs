#![doc = include_str!("../README.md")]

mod commands;
mod config;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "continuum",
    version,
    about = "Onderwijs en zorg samen organiseren: register, API en webapplicatie."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web UI.
    Serve(commands::serve::Args),
    /// Generate the demo region in a fresh embedded database and serve it.
    Demo(commands::demo::Args),
    /// Import register files (CSV or JSON); all of them or nothing.
    Import(commands::import::Args),
    /// Export the register as CSV files or one JSON document.
    Export(commands::export::Args),
    /// Create or upgrade the database schema.
    Migrate(commands::migrate::Args),
    /// Evaluate a rule for one case or many, without a server (JSON answers, `--trace` for the reasoning).
    Rules(commands::rules::Args),
    /// Absence: the signals of the Leerplichtwet and of policy, from files, without a server.
    #[command(subcommand)]
    Verzuim(commands::verzuim::Command),
    /// Zorg in onderwijstijd: plan a school's week, list the coverage of the agreements.
    #[command(subcommand)]
    Zio(commands::zio::Command),
    /// Print the OpenAPI document of the API.
    Openapi,
    /// Manage users.
    #[command(subcommand)]
    User(commands::user::Command),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CONTINUUM_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return report::fail(&anyhow::anyhow!("kan de runtime niet starten: {e}")),
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(a) => commands::serve::run(a).await,
            Command::Demo(a) => commands::demo::run(a).await,
            Command::Import(a) => commands::import::run(a).await,
            Command::Export(a) => commands::export::run(a).await,
            Command::Migrate(a) => commands::migrate::run(a).await,
            Command::User(c) => commands::user::run(c).await,
            Command::Rules(a) => commands::rules::run(a).await,
            Command::Verzuim(c) => commands::verzuim::run(c).await,
            Command::Zio(c) => commands::zio::run(c).await,
            Command::Openapi => {
                println!("{}", continuum_server::api::openapi_json());
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report::fail(&e),
    }
}
