//! The verzuim scan over a country-sized school year (issue 8, item 5).
//!
//! Produce the data once (about 15 s, 2.5 GB peak, needs `pip install numpy pyarrow`):
//!
//!     python3 /work/shared/formats/verzuim/gen_data.py --pupils 2500000 --seed 11 --out /tmp/verzuimdata --csv
//!
//! then run
//!
//!     cargo bench -p continuum-verzuim --bench scan -- /tmp/verzuimdata
//!
//! (or set `VERZUIM_DATA=/tmp/verzuimdata`). The first run converts gen_data.py's
//! `absence.csv` into the documented bulk format (`verzuim.csv` next to it; not timed);
//! every run then times, separately: loading (parsing `pupils.csv` and the bulk file), the
//! full scan of all signals on the last day of the school year, and the incremental update
//! after one day's records.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark: fail loudly

use continuum_domain::Date;
use continuum_domain::period::SchoolYear;
use continuum_rules::Params;
use continuum_verzuim::{
    AbsenceRecord, Calendar, Region, ScanState, SignalKind, gen_data, parse_csv, scan,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn data_dir() -> Option<PathBuf> {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    arg.or_else(|| std::env::var("VERZUIM_DATA").ok())
        .or_else(|| Some("/tmp/verzuimdata".to_owned()))
        .map(PathBuf::from)
        .filter(|d| d.join("pupils.csv").exists() && d.join("absence.csv").exists())
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// CPU seconds (user + system) of this process so far, from /proc (clock ticks of 10 ms).
fn cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which ends in ')'): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn peak_rss_mib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

fn check_calendar(cal: &Calendar, dir: &Path) {
    let days = gen_data::read_school_days(&dir.join("school_days.csv")).unwrap();
    for r in Region::ALL {
        let theirs: Vec<Date> = days
            .iter()
            .filter(|(x, _)| *x == r)
            .map(|(_, d)| *d)
            .collect();
        let ours = cal.school_days(SchoolYear(2025), r, None).unwrap();
        assert_eq!(
            ours, theirs,
            "school days of {r} differ from school_days.csv"
        );
    }
    println!(
        "calendar: params/schoolkalender.toml 2025-2026 = school_days.csv, day for day, all 3 regions"
    );
}

fn main() {
    let Some(dir) = data_dir() else {
        println!(
            "no data: run\n  python3 /work/shared/formats/verzuim/gen_data.py --pupils 2500000 --seed 11 --out /tmp/verzuimdata --csv\n\
             then\n  cargo bench -p continuum-verzuim --bench scan -- /tmp/verzuimdata"
        );
        return;
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("data: {} ({threads} threads)", dir.display());
    let bulk = dir.join("verzuim.csv");
    if !bulk.exists() {
        let t = Instant::now();
        let rows = gen_data::convert_absence(&dir.join("absence.csv"), &bulk).unwrap();
        println!(
            "converted absence.csv to the bulk format: {rows} rows in {:.1} s (once, not timed)",
            secs(t)
        );
    }
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    check_calendar(&cal, &dir);

    println!("load average before: {}", load_average());
    // Load.
    let (t, c) = (Instant::now(), cpu());
    let pupils = gen_data::read_pupils(&dir.join("pupils.csv")).unwrap();
    let (t_pupils, c_pupils) = (secs(t), cpu() - c);
    let (t, c) = (Instant::now(), cpu());
    let records = parse_csv(&bulk).unwrap();
    let (t_records, c_records) = (secs(t), cpu() - c);
    let size = std::fs::metadata(&bulk).map(|m| m.len()).unwrap_or(0);
    println!(
        "load: pupils.csv {} pupils {t_pupils:.3} s (cpu {c_pupils:.2} s); verzuim.csv {} records ({} MB) {t_records:.3} s (cpu {c_records:.2} s); total {:.3} s",
        pupils.len(),
        records.len(),
        size / 1_000_000,
        t_pupils + t_records
    );

    // Full scan: every signal on the last day of the school year.
    let on = Date::from_ymd_opt(2026, 7, 31).unwrap();
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let mut signals = Vec::new();
    for _ in 0..5 {
        drop(std::mem::take(&mut signals));
        let (t, c) = (Instant::now(), cpu());
        signals = scan(&cal, &params, &pupils, &records, on).unwrap();
        times.push(secs(t));
        cpus.push(cpu() - c);
    }
    times.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    println!(
        "full scan on {on}: {} signals; wall min {:.3} s, median {:.3} s, max {:.3} s; cpu median {:.2} s (5 runs)",
        signals.len(),
        times[0],
        times[2],
        times[4],
        cpus[2]
    );
    let mut per_kind: BTreeMap<SignalKind, usize> = BTreeMap::new();
    for s in &signals {
        *per_kind.entry(s.kind).or_default() += 1;
    }
    for (k, n) in &per_kind {
        let pupils_with: std::collections::BTreeSet<_> = signals
            .iter()
            .filter(|s| s.kind == *k)
            .map(|s| s.pupil)
            .collect();
        println!("  {k:<28} {n:>8} signals, {:>7} pupils", pupils_with.len());
    }

    // The same with sparse pupil numbers (as BSNs are): a hash map instead of a table.
    let sparse = |k: u64| 100_000_000 + k * 317;
    let sparse_pupils: Vec<_> = pupils
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.key.0 = sparse(p.key.0);
            p
        })
        .collect();
    let sparse_records: Vec<AbsenceRecord> = records
        .iter()
        .map(|r| {
            let mut r = *r;
            r.pupil.0 = sparse(r.pupil.0);
            r
        })
        .collect();
    let mut sparse_times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let n = scan(&cal, &params, &sparse_pupils, &sparse_records, on)
            .unwrap()
            .len();
        sparse_times.push(secs(t));
        assert_eq!(n, signals.len());
    }
    sparse_times.sort_by(f64::total_cmp);
    println!(
        "full scan, sparse pupil numbers (9 digits): wall min {:.3} s, median {:.3} s (3 runs)",
        sparse_times[0], sparse_times[1]
    );
    drop((sparse_pupils, sparse_records));

    // Incremental: the state on a day, then the next school days one at a time.
    let start = Date::from_ymd_opt(2026, 3, 4).unwrap();
    let before: Vec<AbsenceRecord> = records
        .iter()
        .copied()
        .filter(|r| r.date <= start)
        .collect();
    let t = Instant::now();
    let mut state = ScanState::new(&cal, &params, pupils.clone(), &before, start).unwrap();
    println!(
        "incremental: state on {start} built in {:.3} s ({} records)",
        secs(t),
        before.len()
    );
    let mut by_day: BTreeMap<Date, Vec<AbsenceRecord>> = BTreeMap::new();
    for r in records.iter().filter(|r| r.date > start) {
        by_day.entry(r.date).or_default().push(*r);
    }
    let mut day_times = Vec::new();
    let c_days = cpu();
    for (day, recs) in by_day.iter().take(10) {
        let t = Instant::now();
        let fresh = state.add_day(*day, recs).unwrap();
        let dt = secs(t);
        day_times.push(dt);
        println!(
            "  add_day {day}: {:>6} records, {:>5} new signals, {:.1} ms",
            recs.len(),
            fresh.len(),
            dt * 1000.0
        );
    }
    let c_days = cpu() - c_days;
    day_times.sort_by(f64::total_cmp);
    println!(
        "incremental add_day: median {:.1} ms, max {:.1} ms over {} days; cpu {:.0} ms a day on average",
        day_times[day_times.len() / 2] * 1000.0,
        day_times[day_times.len() - 1] * 1000.0,
        day_times.len(),
        c_days * 1000.0 / day_times.len() as f64
    );
    let t = Instant::now();
    let all = state.signals();
    println!(
        "  signals() after the days: {} signals in {:.1} ms",
        all.len(),
        secs(t) * 1000.0
    );
    // The incremental state agrees with a full scan on its date.
    let last = state.on();
    let upto: Vec<AbsenceRecord> = records.iter().copied().filter(|r| r.date <= last).collect();
    let full = scan(&cal, &params, &pupils, &upto, last).unwrap();
    assert_eq!(all, full, "incremental and full scan differ on {last}");
    println!(
        "  = full scan on {last} ({} signals): identical",
        full.len()
    );
    println!("load average after: {}", load_average());
    if let Some(mib) = peak_rss_mib() {
        println!("peak memory: {mib} MiB");
    }
}
