//! `continuum export --out DIR`: the register as CSV files (one per entity, the import
//! format) or, with `--format json`, one JSON document.

use crate::config::Storage;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Directory for the CSV files, or the JSON file (`-` for standard output).
    #[arg(long)]
    pub out: PathBuf,
    /// csv or json
    #[arg(long, default_value = "csv")]
    pub format: String,
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    let batch = store
        .export_all(&crate::config::operator_name(), "export van het register")
        .await?;
    match args.format.as_str() {
        "csv" => {
            std::fs::create_dir_all(&args.out)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
            let files = continuum_import::write_csv_dir(&batch, &args.out)?;
            for f in files {
                println!("{}", f.display());
            }
        }
        "json" => {
            // The JSON document has no place for absence records: say so, not silently.
            if !batch.absences.is_empty() {
                eprintln!(
                    "let op: het verzuim ({} regels) staat niet in het JSON-document; \
                     exporteer als csv voor verzuim.csv",
                    batch.absences.len()
                );
            }
            let doc = continuum_import::write_json(&batch)?;
            if args.out.as_os_str() == "-" {
                println!("{doc}");
            } else {
                std::fs::write(&args.out, doc)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
                println!("{}", args.out.display());
            }
        }
        other => anyhow::bail!("--format: '{other}' is onbekend; kies csv of json"),
    }
    Ok(())
}
