//! `continuum verzuim scan`: every absence signal on a date (16-uursmelding, langdurig
//! relatief verzuim, thuis > 3 maanden, luxe verzuim, overig verzuim, absoluut verzuim,
//! zorgwekkend ziekteverzuim), each with its legal basis, from a pupils file and a bulk
//! absence file — without a server. Formats: docs/formats/verzuim.md.

use anyhow::Context;
use continuum_domain::Date;
use continuum_rules::Params;
use continuum_verzuim::{Calendar, Signal, parse_csv, scan};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Scan the absence of a school year for signals on a date.
    Scan(ScanArgs),
}

#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// The pupils and residents (`pupil_id,birth_date,region,enrolled,exempt,startkwalificatie`).
    #[arg(long = "leerlingen")]
    pub pupils: PathBuf,
    /// The bulk absence file (`leerling,datum,uren|minuten,soort,grond`).
    #[arg(long = "verzuim")]
    pub absence: PathBuf,
    /// The evaluation date (default: today in the Netherlands).
    #[arg(long = "op")]
    pub on: Option<Date>,
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    let Command::Scan(args) = command;
    let on = args.on.unwrap_or_else(|| {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::Amsterdam)
            .date_naive()
    });
    let params = Params::embedded()?;
    let calendar = Calendar::embedded().context("de schoolkalender")?;
    // A spinner per stage on a terminal; nothing when the output is piped or in CI.
    let stage = |what: &'static str| {
        let bar = ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(what);
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    };
    let bar = stage("leerlingen lezen");
    let pupils = continuum_verzuim::gen_data::read_pupils(&args.pupils)?;
    bar.finish_and_clear();
    let bar = stage("verzuim lezen");
    let records = parse_csv(&args.absence)?;
    bar.finish_and_clear();
    let bar = stage("signalen zoeken");
    let signals = scan(&calendar, &params, &pupils, &records, on)?;
    bar.finish_and_clear();
    write(&signals, on)
}

/// One line per signal, `;`-separated for a Dutch spreadsheet.
fn write(signals: &[Signal], on: Date) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    writeln!(
        out,
        "leerling;signaal;ontstaan_op;van;tot_en_met;uren;keer;vakantie;grondslag;wettekst"
    )?;
    for s in signals {
        writeln!(
            out,
            "{};{};{};{};{};{};{};{};{};{}",
            s.pupil,
            s.kind,
            s.on,
            s.period.start(),
            s.period.end().map(|d| d.to_string()).unwrap_or_default(),
            s.hours(),
            s.times,
            s.holiday.as_deref().unwrap_or(""),
            s.cite,
            s.cite.url(on).unwrap_or_default()
        )?;
    }
    out.flush()?;
    Ok(())
}
