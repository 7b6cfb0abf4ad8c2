#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::import::parse_csv_bytes;
use crate::record::AbsenceKind;
use crate::signal::SignalKind;
use continuum_domain::period::Period;
use serde::Deserialize;

/// A date in a case file (TOML's local date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "toml::value::Datetime")]
struct D(Date);

impl TryFrom<toml::value::Datetime> for D {
    type Error = String;
    fn try_from(dt: toml::value::Datetime) -> Result<D, String> {
        let d = dt
            .date
            .filter(|_| dt.time.is_none())
            .ok_or("expected a date")?;
        Date::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
            .map(D)
            .ok_or_else(|| "no such date".to_owned())
    }
}

fn default_birth() -> D {
    D(Date::from_ymd_opt(2012, 1, 15).unwrap())
}
fn midden() -> String {
    "midden".to_owned()
}
fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    on: D,
    #[serde(default)]
    pupils: Vec<P>,
    #[serde(default)]
    absence: String,
    #[serde(default)]
    runs: Vec<RunSpec>,
    #[serde(default)]
    only: Vec<String>,
    #[serde(default)]
    expect: Vec<E>,
    error: Option<String>,
    pending: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct P {
    key: u64,
    #[serde(default = "default_birth")]
    birth_date: D,
    #[serde(default = "midden")]
    region: String,
    #[serde(default = "yes")]
    enrolled: bool,
    #[serde(default)]
    exempt: bool,
    startkwalificatie_on: Option<D>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RunSpec {
    pupil: u64,
    from: D,
    until: D,
    uren: String,
    soort: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct E {
    pupil: u64,
    kind: String,
    on: D,
    from: Option<D>,
    until: Option<D>,
    hours: Option<String>,
    times: Option<u32>,
    cite: Option<String>,
    holiday: Option<String>,
}

fn pupils_of(c: &Case) -> Vec<Pupil> {
    let specs: Vec<&P> = c.pupils.iter().collect();
    let default = P {
        key: 1,
        birth_date: default_birth(),
        region: midden(),
        enrolled: true,
        exempt: false,
        startkwalificatie_on: None,
    };
    let specs = if specs.is_empty() {
        vec![&default]
    } else {
        specs
    };
    specs
        .into_iter()
        .map(|p| Pupil {
            key: PupilKey(p.key),
            birth_date: p.birth_date.0,
            region: Region::parse(&p.region).unwrap(),
            school: None,
            enrolled: p.enrolled,
            exemption: p.exempt.then(|| Period::from(Date::MIN)),
            startkwalificatie_on: p.startkwalificatie_on.map(|d| d.0),
        })
        .collect()
}

fn records_of(c: &Case, cal: &Calendar, pupils: &[Pupil]) -> Vec<AbsenceRecord> {
    let mut text = c.absence.clone();
    if text.trim().is_empty() {
        text = "leerling,datum,uren,soort,grond\n".to_owned();
    }
    for r in &c.runs {
        let region = pupils.iter().find(|p| p.key.0 == r.pupil).unwrap().region;
        for y in cal.school_years() {
            for d in cal.school_days(*y, region, None).unwrap() {
                if r.from.0 <= d && d <= r.until.0 {
                    let sep = if text.starts_with("leerling;") {
                        ';'
                    } else {
                        ','
                    };
                    text.push_str(&format!(
                        "{}{sep}{d}{sep}\"{}\"{sep}{}{sep}\n",
                        r.pupil, r.uren, r.soort
                    ));
                }
            }
        }
    }
    parse_csv_bytes(&c.name, text.as_bytes()).unwrap()
}

impl Case {
    fn check(&self, cal: &Calendar, params: &Params) -> Vec<String> {
        let pupils = pupils_of(self);
        let records = records_of(self, cal, &pupils);
        let mut wrong = Vec::new();
        let result = scan(cal, params, &pupils, &records, self.on.0);
        let signals = match (result, &self.error) {
            (Err(e), Some(code)) => {
                if e.code() != code {
                    wrong.push(format!("error {} instead of {code} ({e})", e.code()));
                }
                return wrong;
            }
            (Err(e), None) => return vec![format!("unexpected error: {e}")],
            (Ok(s), Some(code)) => {
                return vec![format!("expected error {code}, got {} signals", s.len())];
            }
            (Ok(s), None) => s,
        };
        // The incremental state must agree with the full scan.
        let state = ScanState::new(cal, params, pupils.clone(), &records, self.on.0).unwrap();
        if state.signals() != signals {
            wrong.push("ScanState::signals differs from scan".to_owned());
        }
        let got: Vec<&Signal> = signals
            .iter()
            .filter(|s| self.only.is_empty() || self.only.iter().any(|k| k == s.kind.as_str()))
            .collect();
        if got.len() != self.expect.len() {
            wrong.push(format!(
                "{} signals instead of {}:\n      {}",
                got.len(),
                self.expect.len(),
                got.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join("\n      ")
            ));
            return wrong;
        }
        for (s, e) in got.iter().zip(&self.expect) {
            let mut diff = Vec::new();
            if s.pupil.0 != e.pupil {
                diff.push(format!("pupil {} instead of {}", s.pupil, e.pupil));
            }
            if SignalKind::parse(&e.kind).is_none() {
                diff.push(format!("unknown kind {}", e.kind));
            }
            if s.kind.as_str() != e.kind {
                diff.push(format!("kind {} instead of {}", s.kind, e.kind));
            }
            if s.on != e.on.0 {
                diff.push(format!("on {} instead of {}", s.on, e.on.0));
            }
            if let Some(f) = e.from.filter(|f| f.0 != s.period.start()) {
                diff.push(format!("from {} instead of {}", s.period.start(), f.0));
            }
            if let Some(u) = e.until.filter(|u| Some(u.0) != s.period.end()) {
                diff.push(format!("until {:?} instead of {}", s.period.end(), u.0));
            }
            if let Some(h) = e.hours.as_ref().filter(|h| **h != s.hours()) {
                diff.push(format!("hours {} instead of {h}", s.hours()));
            }
            if let Some(t) = e.times.filter(|t| *t != s.times) {
                diff.push(format!("times {} instead of {t}", s.times));
            }
            if let Some(c) = e.cite.as_ref().filter(|c| **c != s.cite.key()) {
                diff.push(format!("cite {} instead of {c}", s.cite.key()));
            }
            if let Some(h) = e
                .holiday
                .as_ref()
                .filter(|h| Some(h.as_str()) != s.holiday.as_deref())
            {
                diff.push(format!("holiday {:?} instead of {h}", s.holiday));
            }
            if !diff.is_empty() {
                wrong.push(format!("{s}: {}", diff.join("; ")));
            }
        }
        wrong
    }
}

#[test]
fn cases() {
    let file: File = toml::from_str(include_str!("scan.cases.toml")).unwrap();
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let mut failures = Vec::new();
    for c in &file.case {
        let wrong = c.check(&cal, &params);
        match (&c.pending, wrong.is_empty()) {
            (None, false) => failures.push(format!("{}:\n    {}", c.name, wrong.join("\n    "))),
            (Some(why), true) => {
                failures.push(format!("{}: passes but is marked pending ({why})", c.name))
            }
            _ => {}
        }
    }
    assert!(file.case.len() >= 40, "scan.cases.toml lost cases");
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A small deterministic generator (no dependency needed for a test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_world(seed: u64, n: usize, key_step: u64) -> (Vec<Pupil>, Vec<AbsenceRecord>) {
    let cal = Calendar::embedded().unwrap();
    let mut g = Lcg(seed);
    let mut pupils = Vec::new();
    let mut records = Vec::new();
    let days: Vec<Vec<Date>> = Region::ALL
        .iter()
        .map(|r| cal.school_days(SchoolYear(2025), *r, None).unwrap())
        .collect();
    for i in 0..n {
        let region = Region::ALL[g.below(3) as usize];
        let birth = Date::from_ymd_opt(2007, 9, 1).unwrap() + chrono::Days::new(g.below(365 * 14));
        pupils.push(Pupil {
            key: PupilKey(1000 + i as u64 * key_step),
            birth_date: birth,
            region,
            school: None,
            enrolled: g.below(50) != 0,
            exemption: (g.below(50) == 0).then(|| Period::from(Date::MIN)),
            startkwalificatie_on: None,
        });
        let sd = &days[region.index()];
        let mut taken = std::collections::BTreeSet::new();
        let streak = g.below(8) == 0;
        let streak_kind = if g.below(2) == 0 { 0 } else { 5 };
        let count = if streak { 40 } else { g.below(12) };
        let start = g.below(sd.len() as u64 - 45) as usize;
        for k in 0..count as usize {
            let idx = if streak {
                start + k
            } else {
                g.below(sd.len() as u64) as usize
            };
            if !taken.insert(idx) {
                continue;
            }
            let kind = match if streak { streak_kind } else { g.below(10) } {
                0..=4 => AbsenceKind::Ongeoorloofd,
                5..=7 => AbsenceKind::Ziek,
                8 => AbsenceKind::TeLaat,
                _ => AbsenceKind::Geoorloofd(None),
            };
            let minutes = [60, 120, 180, 330, 360][g.below(5) as usize];
            records.push(AbsenceRecord {
                pupil: pupils[i].key,
                date: sd[idx],
                minutes,
                kind,
            });
        }
    }
    (pupils, records)
}

#[test]
fn adding_days_one_by_one_gives_the_full_scan() {
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let (pupils, records) = random_world(7, 3000, 3);
    let start = Date::from_ymd_opt(2025, 11, 14).unwrap();
    let end = Date::from_ymd_opt(2026, 3, 20).unwrap();
    let before: Vec<AbsenceRecord> = records
        .iter()
        .copied()
        .filter(|r| r.date <= start)
        .collect();
    let mut state = ScanState::new(&cal, &params, pupils.clone(), &before, start).unwrap();
    let mut fresh_total = 0;
    for d in start
        .succ_opt()
        .unwrap()
        .iter_days()
        .take_while(|d| *d <= end)
    {
        let today: Vec<AbsenceRecord> = records.iter().copied().filter(|r| r.date == d).collect();
        let fresh = state.add_day(d, &today).unwrap();
        for s in &fresh {
            if s.kind != SignalKind::AbsoluutVerzuim {
                assert_eq!(s.on, d, "a new signal arises on the day added: {s}");
            }
        }
        fresh_total += fresh.len();
    }
    let full = scan(&cal, &params, &pupils, &records, end).unwrap();
    let inc = state.signals();
    assert_eq!(inc.len(), full.len());
    assert_eq!(inc, full);
    assert!(
        fresh_total > 100,
        "the world should raise signals: {fresh_total}"
    );
    for k in SignalKind::ALL {
        if k != SignalKind::OverigVerzuim && k != SignalKind::ThuisDrieMaanden {
            assert!(
                full.iter().any(|s| s.kind == k),
                "no {k} in the random world"
            );
        }
    }
}

#[test]
fn a_state_built_with_later_records_leaves_them_to_add_day() {
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let (pupils, records) = random_world(5, 2000, 1);
    let start = Date::from_ymd_opt(2026, 1, 16).unwrap();
    let end = Date::from_ymd_opt(2026, 2, 13).unwrap();
    // Built with all records, including those after `start`.
    let mut state = ScanState::new(&cal, &params, pupils.clone(), &records, start).unwrap();
    assert_eq!(
        state.signals(),
        scan(&cal, &params, &pupils, &records, start).unwrap()
    );
    for d in start
        .succ_opt()
        .unwrap()
        .iter_days()
        .take_while(|d| *d <= end)
    {
        let today: Vec<AbsenceRecord> = records.iter().copied().filter(|r| r.date == d).collect();
        state.add_day(d, &today).unwrap();
    }
    assert_eq!(
        state.signals(),
        scan(&cal, &params, &pupils, &records, end).unwrap()
    );
}

#[test]
fn the_scan_is_independent_of_record_order_and_threads() {
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let (pupils, mut records) = random_world(11, 20_000, 1_000_003);
    let on = Date::from_ymd_opt(2026, 7, 31).unwrap();
    let a = scan(&cal, &params, &pupils, &records, on).unwrap();
    records.reverse();
    let b = scan(&cal, &params, &pupils, &records, on).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_late_record_for_an_earlier_day_is_taken_into_account() {
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let d = |m, day| Date::from_ymd_opt(2025, m, day).unwrap();
    let pupil = Pupil {
        key: PupilKey(1),
        birth_date: d(1, 15) - chrono::Months::new(12 * 13),
        region: Region::Midden,
        school: None,
        enrolled: true,
        exemption: None,
        startkwalificatie_on: None,
    };
    let rec = |day, minutes| AbsenceRecord {
        pupil: PupilKey(1),
        date: d(9, day),
        minutes,
        kind: AbsenceKind::Ongeoorloofd,
    };
    let mut state = ScanState::new(&cal, &params, vec![pupil], &[rec(8, 360)], d(9, 9)).unwrap();
    assert!(state.signals().is_empty());
    let fresh = state
        .add_day(d(9, 10), &[rec(9, 360), rec(10, 240)])
        .unwrap();
    assert_eq!(fresh.len(), 1);
    assert_eq!(fresh[0].kind, SignalKind::Melding16Uur);
    assert_eq!(fresh[0].minutes, 960);
    // Adding nothing on the next day changes nothing and reports nothing new.
    assert!(state.add_day(d(9, 11), &[]).unwrap().is_empty());
    assert_eq!(state.signals().len(), 1);
    let e = state.add_day(d(9, 10), &[]).unwrap_err();
    assert_eq!(e.code(), "verzuim.dag_voor_peildatum");
    let e = state.add_day(d(9, 12), &[rec(15, 60)]).unwrap_err();
    assert_eq!(e.code(), "verzuim.verzuim_na_dag");
}

#[test]
fn a_school_day_off_of_its_own_is_no_teaching_time() {
    let mut cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let d = |m, day| Date::from_ymd_opt(2025, m, day).unwrap();
    cal.add_days_off(SchoolCode(5), [d(9, 3)]).unwrap();
    let pupil = |key, school| Pupil {
        key: PupilKey(key),
        birth_date: d(1, 15) - chrono::Months::new(12 * 13),
        region: Region::Midden,
        school,
        enrolled: true,
        exemption: None,
        startkwalificatie_on: None,
    };
    let pupils = vec![pupil(1, None), pupil(2, Some(SchoolCode(5)))];
    let mut records = Vec::new();
    for key in [1, 2] {
        for day in [8, 9, 3] {
            let minutes = if day == 3 { 240 } else { 360 };
            records.push(AbsenceRecord {
                pupil: PupilKey(key),
                date: d(9, day),
                minutes,
                kind: AbsenceKind::Ongeoorloofd,
            });
        }
    }
    let s = scan(&cal, &params, &pupils, &records, d(9, 30)).unwrap();
    let reports: Vec<_> = s
        .iter()
        .filter(|s| s.kind == SignalKind::Melding16Uur)
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert_eq!(reports[0].pupil, PupilKey(1));
    let state = ScanState::new(&cal, &params, pupils, &records, d(9, 30)).unwrap();
    assert_eq!(state.ignored_records(), 1);
}

#[test]
fn duplicate_pupils_are_refused() {
    let cal = Calendar::embedded().unwrap();
    let params = Params::embedded().unwrap();
    let p = Pupil {
        key: PupilKey(3),
        birth_date: Date::from_ymd_opt(2012, 1, 1).unwrap(),
        region: Region::Zuid,
        school: None,
        enrolled: true,
        exemption: None,
        startkwalificatie_on: None,
    };
    let e = scan(
        &cal,
        &params,
        &[p.clone(), p],
        &[],
        Date::from_ymd_opt(2025, 9, 1).unwrap(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "verzuim.dubbele_leerling");
}
