//! `continuum user …`: logins for a deployment. Passwords come from `CONTINUUM_PASSWORD`
//! or the first line of standard input, never from a flag (flags end up in shell history
//! and process lists), and are stored as argon2id hashes.

use crate::config::Storage;
use continuum_domain::ids::{FactId, OrgId, PupilId, UserId};
use continuum_domain::period::Period;
use continuum_domain::register::{Fact, OrgDetails, OrgKind, Organisation, PupilFact};
use continuum_domain::role::Role;
use continuum_store::{NewUser, Page, RegisterBatch};

/// Shortest password accepted.
const MIN_PASSWORD: usize = 12;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Add a user: `continuum user add --org school:12AB00 --login … --name … --role registrator`.
    Add(AddArgs),
    /// Add a parent's login for a pupil: a parents' household, its guardianship of the
    /// pupil (from today) and a user with the role ouder, in one transaction.
    AddParent(AddParentArgs),
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

#[derive(clap::Args, Debug)]
pub struct AddParentArgs {
    /// The pupil's id (as in the address of the pupil's file).
    #[arg(long)]
    pub pupil: String,
    #[arg(long)]
    pub login: String,
    /// The parent's name, shown in the application and the audit log.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(cmd: Command) -> anyhow::Result<()> {
    match cmd {
        Command::Add(args) => add(args).await,
        Command::AddParent(args) => add_parent(args).await,
    }
}

fn read_password() -> anyhow::Result<String> {
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
    Ok(password)
}

fn required(login: &str, name: &str) -> anyhow::Result<(String, String)> {
    let (login, name) = (login.trim(), name.trim());
    if login.is_empty() || name.is_empty() {
        anyhow::bail!("--login en --name zijn verplicht");
    }
    Ok((login.to_owned(), name.to_owned()))
}

async fn add(args: AddArgs) -> anyhow::Result<()> {
    let role = Role::parse(&args.role).ok_or_else(|| {
        anyhow::anyhow!(
            "--role: '{}' is onbekend; kies medewerker, registrator, beheerder of ouder",
            args.role
        )
    })?;
    let (login, name) = required(&args.login, &args.name)?;
    let password = read_password()?;
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    let org = find_org(store.as_ref(), &args.org).await?;
    let user = store
        .create_user(NewUser {
            id: UserId::new_random(),
            org,
            login,
            display_name: name,
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

async fn add_parent(args: AddParentArgs) -> anyhow::Result<()> {
    let pupil: PupilId =
        args.pupil.trim().parse().map_err(|_| {
            anyhow::anyhow!("--pupil: '{}' is geen id van een leerling", args.pupil)
        })?;
    let (login, name) = required(&args.login, &args.name)?;
    let password = read_password()?;
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive();
    let household = OrgId::new_random();
    let batch = RegisterBatch {
        organisations: vec![(
            household,
            Organisation {
                name: format!("Huishouden van {name}"),
                details: OrgDetails::Ouders,
                period: Period::from(today),
            },
        )],
        facts: vec![(
            FactId::new_random(),
            PupilFact {
                pupil,
                period: Period::from(today),
                fact: Fact::Guardianship { parents: household },
            },
        )],
        users: vec![NewUser {
            id: UserId::new_random(),
            org: household,
            login: login.clone(),
            display_name: name,
            role: Role::Ouder,
            password_hash: continuum_server::auth::hash_password(&password)?,
        }],
        ..Default::default()
    };
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    // One transaction, audited as an import: an unknown pupil stores nothing.
    store
        .import(
            batch,
            &format!("{} (ouderaccount)", crate::config::operator_name()),
        )
        .await?;
    println!("ouderaccount {login} toegevoegd voor leerling {pupil}");
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
