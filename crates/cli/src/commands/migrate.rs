use crate::config::Storage;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let url = args.storage.url("continuum.sqlite");
    // Opening the store runs every pending migration.
    let store = continuum_store_sql::open(&url).await?;
    println!(
        "database bijgewerkt ({}: {})",
        store.backend(),
        continuum_store_sql::redact(&url)
    );
    Ok(())
}
