//! `continuum zio …`: zorg in onderwijstijd without a server — plan a school's week from a
//! `zio-plan/1` instance (docs/formats/zio/FORMAT.md), and list the coverage of the ZiO
//! agreements of every cluster 3/4 school in the register.

use crate::config::Storage;
use anyhow::Context;
use continuum_domain::Date;
use continuum_zio::{Instance, Options, Status, plan};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Plan one school's week: read an instance, write a plan (zio-plan/1).
    Plan(PlanArgs),
    /// Per cluster 3/4 school, its funders and whether an agreement covers each (CSV).
    Coverage(CoverageArgs),
}

#[derive(clap::Args, Debug)]
pub struct PlanArgs {
    /// The planning instance (zio-plan/1 JSON).
    #[arg(long)]
    pub instance: PathBuf,
    /// Seconds for all three stages together; the planner stops earlier when it has proven
    /// the optimum.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// Where to write the plan (`-` or nothing: standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct CoverageArgs {
    /// The date (default: today in the Netherlands).
    #[arg(long = "op")]
    pub on: Option<Date>,
    #[command(flatten)]
    pub storage: Storage,
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Plan(a) => plan_file(a),
        Command::Coverage(a) => coverage(a).await,
    }
}

fn plan_file(args: PlanArgs) -> anyhow::Result<()> {
    let label = args.instance.display().to_string();
    let text = std::fs::read_to_string(&args.instance).with_context(|| label.clone())?;
    let instance = Instance::parse(&text).map_err(|e| {
        anyhow::anyhow!(continuum_import::ImportError {
            file: label.clone(),
            line: 0,
            field: e.path.clone(),
            reason: e.message.clone(),
        })
    })?;
    if !(args.time_limit > 0.0 && args.time_limit <= 3600.0) {
        anyhow::bail!("--time-limit: tussen 0 en 3600 seconden");
    }
    let limit = Duration::from_secs_f64(args.time_limit);
    // On a terminal: the time used against the limit while the planner searches.
    let bar = ProgressBar::new(limit.as_millis() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {elapsed} van {msg} plannen")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("{:.0} s", args.time_limit));
    let ticker = {
        let bar = bar.clone();
        std::thread::spawn(move || {
            let start = std::time::Instant::now();
            while !bar.is_finished() {
                bar.set_position(start.elapsed().as_millis() as u64);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let options = Options {
        time_limit: limit,
        ..Options::default()
    };
    let result = plan(&instance, &options);
    bar.finish_and_clear();
    let _ = ticker.join();
    let json = serde_json::to_string_pretty(&result)?;
    match &args.out {
        Some(p) if p.as_os_str() != "-" => {
            std::fs::write(p, json).with_context(|| p.display().to_string())?;
        }
        _ => println!("{json}"),
    }
    // A one-line summary for people on standard error.
    match (&result.status, &result.objective) {
        (Status::Infeasible, _) => {
            eprintln!("geen geldig rooster mogelijk:");
            for e in &result.explanations {
                eprintln!("  {}", e.message);
            }
        }
        (_, Some(o)) => eprintln!(
            "{:?}: {} vaste zorgverleners over {} klassen, {} aanbieder(s), € {},{:02} per week{}",
            result.status,
            o.distinct_workers_per_class,
            instance.data().classes.len(),
            o.providers,
            o.cost_cents / 100,
            o.cost_cents % 100,
            result
                .lower_bound
                .as_ref()
                .map(|l| format!(" (ondergrens {})", l.distinct_workers_per_class))
                .unwrap_or_default()
        ),
        (_, None) => eprintln!("geen rooster gevonden binnen de tijd"),
    }
    Ok(())
}

async fn coverage(args: CoverageArgs) -> anyhow::Result<()> {
    let store = continuum_store_sql::open(&args.storage.url("continuum.sqlite")).await?;
    let on = args.on.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive()
    });
    let rows = continuum_server::zio::coverage::coverage(store.as_ref(), on).await?;
    print!(
        "{}",
        continuum_server::zio::coverage::to_csv(&rows).map_err(anyhow::Error::msg)?
    );
    Ok(())
}
