//! `continuum demo`: a deterministic demo region in a fresh embedded database, served.

use crate::config::default_data_dir;
use continuum_domain::ids::UserId;
use continuum_store::{NewUser, Store};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "CONTINUUM_ADDR")]
    pub addr: SocketAddr,
    /// Directory for the demo database (`demo.sqlite`, made anew at every start).
    #[arg(long, env = "CONTINUUM_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Seed of the generator: the same seed gives the same region.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    let dir = args.data_dir.unwrap_or_else(default_data_dir);
    let file = dir.join("demo.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", file.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
        }
    }
    let demo = continuum_demo::region(args.seed);
    let mut batch = demo.batch;
    let user_ids: Vec<UserId> = (0..demo.logins.len())
        .map(|i| UserId::from_u128(0xD3_0000 + i as u128))
        .collect();
    for (i, l) in demo.logins.iter().enumerate() {
        batch.users.push(NewUser {
            id: user_ids[i],
            org: l.org,
            login: l.login.clone(),
            display_name: l.display_name.clone(),
            role: l.role,
            password_hash: continuum_server::auth::hash_password(&l.password)?,
        });
    }
    let store = continuum_store_sql::sqlite::SqlStore::open_file(&file).await?;
    let counts = store.import(batch, "demo").await?;
    println!(
        "demoregio aangemaakt in {}: {} organisaties, {} klassen, {} leerlingen, {} dossiergegevens",
        file.display(),
        counts.organisations,
        counts.classes,
        counts.pupils,
        counts.facts
    );
    record_cases(&store, &demo.oogo, &demo.cases).await?;
    let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(store);
    let (exemptions, arrangements) =
        super::demo_register::store(store.clone(), &demo.register, &demo.logins, &user_ids).await;
    println!("{exemptions} vrijstellingen en {arrangements} arrangementen vastgelegd");
    let logins = demo.logins;
    super::serve::serve(store, args.addr, false, move |bound| {
        println!();
        println!("Inloggen op http://{bound}/inloggen met een van deze demo-accounts:");
        let width = logins.iter().map(|l| l.login.len()).max().unwrap_or(10);
        for l in &logins {
            println!(
                "  {:<width$}  wachtwoord {:<24} {} — {}",
                l.login,
                l.password,
                l.role.label(),
                l.org_name
            );
            if !l.note.is_empty() {
                println!("  {:<width$}  {}", "", l.note);
            }
        }
        println!();
        println!("API: http://{bound}/api/v1/openapi.json · stoppen met Ctrl-C");
    })
    .await
}

/// The actor a demo step is recorded under: a registrator of `org`.
fn demo_actor(org: continuum_domain::ids::OrgId) -> continuum_store::Actor {
    let now = chrono::Utc::now();
    continuum_store::Actor {
        user: UserId::from_u128(0xD3_FFFF),
        user_name: "demo".to_owned(),
        org,
        org_name: "demo".to_owned(),
        role: continuum_domain::role::Role::Registrator,
        origin: "demo".to_owned(),
        purpose: "demoregio aanmaken".to_owned(),
        today: now
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive(),
        now,
    }
}

/// Records the OOGO agreements and the demo cases, event by event, through the store's
/// checks (the same as for a user).
async fn record_cases(
    store: &dyn Store,
    oogo: &[continuum_domain::case::OogoEscalation],
    cases: &[continuum_demo::DemoCase],
) -> anyhow::Result<()> {
    for o in oogo {
        store.put_oogo(&demo_actor(o.swv()), o.clone()).await?;
    }
    for c in cases {
        let mut events = c.events.iter();
        let Some((org, opened)) = events.next() else {
            continue;
        };
        let mut file = store
            .open_case(&demo_actor(*org), c.id, opened.clone())
            .await?;
        for (org, event) in events {
            file = store
                .record_case_event(
                    &demo_actor(*org),
                    c.id,
                    file.case.version(),
                    event.clone(),
                    vec![],
                )
                .await?;
        }
    }
    Ok(())
}
