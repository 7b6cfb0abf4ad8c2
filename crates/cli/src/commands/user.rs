//! `continuum user add`: a login for a user of one organisation. The password comes from
//! `CONTINUUM_PASSWORD` or the first line of standard input, never from a flag (flags end
//! up in shell history and process lists).

use crate::config::Storage;
use continuum_domain::ids::{OrgId, UserId};
use continuum_domain::register::OrgKind;
use continuum_domain::role::Role;
use continuum_store::{NewUser, Page};

/// Shortest password accepted.
const MIN_PASSWORD: usize = 12;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add a user: `continuum user add --org school:12AB00 --login … --name … --role registrator`.
    Add(AddArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// The organisation, as KIND:CODE (`gemeente:GM0855`, `school:12AB00`, `swv:PO 30-07`) or its id.
    #[arg(long)]
    pub org: String,
    #[arg(long)]
    pub login: String,
    /// The name shown in the application and the audit log.
    #[arg(long)]
    pub name: String,
    /// medewerker, registrator, beheerder or ouder
    #[arg(long)]
    pub role: String,
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(cmd: Command) -> anyhow::Result<()> {
    let Command::Add(args) = cmd;
    let role = Role::parse(&args.role).ok_or_else(|| {
        anyhow::anyhow!(
            "--role: '{}' is onbekend; kies medewerker, registrator, beheerder of ouder",
            args.role
        )
    })?;
    let login = args.login.trim().to_owned();
    if login.is_empty() || args.name.trim().is_empty() {
        anyhow::bail!("--login en --name zijn verplicht");
    }
    let password = match std::env::var("CONTINUUM_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\n', '\r']).to_owned()
        }
    };
    if password.chars().count() < MIN_PASSWORD {
        anyhow::bail!(
            "wachtwoord: minstens {MIN_PASSWORD} tekens (uit CONTINUUM_PASSWORD of de eerste regel van de invoer)"
        );
    }
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    let org = find_org(store.as_ref(), &args.org).await?;
    let user = store
        .create_user(NewUser {
            id: UserId::new_random(),
            org,
            login,
            display_name: args.name.trim().to_owned(),
            role,
            password_hash: continuum_server::auth::hash_password(&password)?,
        })
        .await?;
    println!(
        "gebruiker {} toegevoegd ({}, organisatie {})",
        user.login,
        user.role.label(),
        user.org
    );
    Ok(())
}

async fn find_org(store: &dyn continuum_store::Store, spec: &str) -> anyhow::Result<OrgId> {
    if let Ok(id) = spec.parse::<OrgId>() {
        store.organisation(id).await?;
        return Ok(id);
    }
    let (kind, code) = spec
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("--org: verwacht SOORT:CODE of een id, niet '{spec}'"))?;
    let kind = OrgKind::parse(kind)
        .ok_or_else(|| anyhow::anyhow!("--org: '{kind}' is geen soort organisatie"))?;
    let (orgs, _) = store.organisations(Some(kind), Page::all()).await?;
    orgs.into_iter()
        .find(|o| o.record.details.code().as_deref() == Some(code))
        .map(|o| o.id)
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--org: geen {} met code '{code}' in het register",
                kind.code()
            )
        })
}
