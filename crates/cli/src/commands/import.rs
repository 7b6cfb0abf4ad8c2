//! `continuum import FILE…`: reads every file first (the first bad row stops everything
//! with `FILE:LINE: field: reason`), then stores the lot in one transaction.

use crate::config::Storage;
use continuum_import::{EntityKind, Importer, Known};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// CSV files (named for their entity: organisations.csv, pupils.csv, …) or JSON documents.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The entity of every CSV file, when the file names do not say it.
    #[arg(long)]
    pub kind: Option<String>,
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let kind = match &args.kind {
        Some(k) => Some(
            EntityKind::parse(k)
                .ok_or_else(|| anyhow::anyhow!("--kind: '{k}' is geen soort gegeven"))?,
        ),
        None => None,
    };
    let started = Instant::now();
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    let known = Known::from_batch(
        &store
            .export_all(
                &crate::config::operator_name(),
                "controle op dubbele gegevens bij import",
            )
            .await?,
    );
    let mut importer = Importer::new(known);
    let bar = ProgressBar::new(args.files.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} bestanden {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    match kind {
        // JSON documents first, then CSV files in the order their references need.
        None => {
            bar.set_message("lezen en controleren…");
            importer.read_files(&args.files)?;
            bar.set_position(args.files.len() as u64);
        }
        Some(kind) => {
            for file in &args.files {
                bar.set_message(file.display().to_string());
                importer.read_file(file, Some(kind))?;
                bar.inc(1);
            }
        }
    }
    bar.set_message("opslaan…");
    let batch = importer.finish();
    let names: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
    let counts = store
        .import(batch, &format!("import:{}", names.join(",")))
        .await?;
    bar.finish_and_clear();
    println!(
        "ingelezen in {:.2} s: {} organisaties, {} klassen, {} medewerkers, {} leerlingen, {} dossiergegevens, {} afspraken, {} verzuimregels",
        started.elapsed().as_secs_f64(),
        counts.organisations,
        counts.classes,
        counts.workers,
        counts.pupils,
        counts.facts,
        counts.agreements,
        counts.absences
    );
    Ok(())
}
