//! The scan: all pupils' absence records to signals on an evaluation date, and the state
//! that keeps it current day by day ([`ScanState::add_day`]).
//!
//! Layout: records are grouped by pupil once (a counting sort on the pupil index, then each
//! pupil's few records sorted by day), each packed in 4 bytes — day index into the calendar
//! (16 bits), kind (2), minutes (14); one offsets array gives each pupil's slice.
//! Every signal of a pupil follows from its own records in one pass, so pupils are
//! evaluated independently (on all cores), and a new day re-evaluates only the pupils
//! that have records that day.

mod eval;

use crate::calendar::{Calendar, CalendarError, DayTable, Region, SchoolCode};
use crate::record::{AbsenceRecord, KindCode, Pupil, PupilKey};
use crate::signal::Signal;
use continuum_domain::Date;
use continuum_domain::period::SchoolYear;
use continuum_rules::{Citation, Law, Params, RuleError};
use eval::{Scratch, Why};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    /// A threshold without a value on the evaluation date.
    #[error(transparent)]
    Params(RuleError),
    /// The rules engine could not decide a pupil's leerplicht status.
    #[error("leerling {pupil}: {error}")]
    Rule { pupil: PupilKey, error: RuleError },
    #[error("leerling {0} heeft verzuim maar staat niet in de leerlingenlijst")]
    UnknownPupil(PupilKey),
    #[error("leerling {0} staat twee keer in de leerlingenlijst")]
    DuplicatePupil(PupilKey),
    #[error("verzuim op {date} ligt na de dag {day} die wordt toegevoegd")]
    RecordAfterDay { date: Date, day: Date },
    #[error("dag {day} ligt voor de huidige peildatum {on}")]
    DayBeforeOn { day: Date, on: Date },
    /// A worker thread stopped unexpectedly; the scan is incomplete and returns nothing.
    #[error("interne fout: de scan is niet afgemaakt")]
    Internal,
}

impl ScanError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            ScanError::Calendar(e) => e.code(),
            ScanError::Params(e) | ScanError::Rule { error: e, .. } => e.code(),
            ScanError::UnknownPupil(_) => "verzuim.onbekende_leerling",
            ScanError::DuplicatePupil(_) => "verzuim.dubbele_leerling",
            ScanError::RecordAfterDay { .. } => "verzuim.verzuim_na_dag",
            ScanError::DayBeforeOn { .. } => "verzuim.dag_voor_peildatum",
            ScanError::Internal => "verzuim.interne_fout",
        }
    }
}

/// One absence record as the scan keeps it, in 4 bytes: day index (16 bits), kind (2),
/// minutes (14). Ordered by day, then kind, then minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rec(u32);

impl Rec {
    #[inline]
    pub fn new(day: u16, kind: u8, min: u16) -> Rec {
        Rec(u32::from(day) << 16 | u32::from(kind & 3) << 14 | u32::from(min & 0x3fff))
    }
    #[inline]
    pub fn day(self) -> u16 {
        (self.0 >> 16) as u16
    }
    #[inline]
    pub fn kind(self) -> u8 {
        ((self.0 >> 14) & 3) as u8
    }
    #[inline]
    pub fn minutes(self) -> u16 {
        (self.0 & 0x3fff) as u16
    }
}

/// The thresholds valid on the evaluation date, in the units the scan counts.
#[derive(Debug, Clone)]
pub(crate) struct Thresholds {
    pub report_minutes: u32,
    pub report_window: u16,
    pub thuiszitter_days: u16,
    pub at_home_months: u32,
    pub mazl_consecutive: u16,
    pub mazl_times: u32,
    pub mazl_window: u16,
    pub luxe_days: u32,
    pub late_times: u32,
    cites: [Arc<Citation>; 9],
    holidays: Vec<Arc<str>>,
}

impl Thresholds {
    fn at(p: &Params, cal: &Calendar, on: Date) -> Result<Thresholds, ScanError> {
        let v = &p.verzuim;
        let e = ScanError::Params;
        let small = |x: u32| u16::try_from(x).unwrap_or(u16::MAX);
        let report_hours = v.report_hours.at(on).map_err(e)?;
        let window = v.report_window.at(on).map_err(e)?;
        let thuis = v.thuiszitter_weeks.at(on).map_err(e)?;
        let home = v.at_home_months.at(on).map_err(e)?;
        let consec = v.mazl_sick_consecutive.at(on).map_err(e)?;
        let times = v.mazl_sick_times.at(on).map_err(e)?;
        let mwin = v.mazl_sick_window.at(on).map_err(e)?;
        let luxe = v.luxe_days.at(on).map_err(e)?;
        let late = v.late_times.at(on).map_err(e)?;
        Ok(Thresholds {
            report_minutes: report_hours.value.saturating_mul(60),
            report_window: small(window.value),
            thuiszitter_days: small(thuis.value.saturating_mul(7)),
            at_home_months: home.value,
            mazl_consecutive: small(consec.value),
            mazl_times: times.value,
            mazl_window: small(mwin.value),
            luxe_days: luxe.value,
            late_times: late.value.max(1),
            cites: [
                report_hours.cite,
                thuis.cite,
                home.cite,
                luxe.cite,
                late.cite,
                consec.cite,
                times.cite,
                // Art. 2 lid 1: the parents must see to it that the child is enrolled.
                &Citation::law(Law::Leerplichtwet, "2", Some(1), None),
                // Art. 4a lid 1: the same duty under kwalificatieplicht.
                &Citation::law(Law::Leerplichtwet, "4a", Some(1), None),
            ]
            .map(|c| Arc::new(c.clone())),
            holidays: (1..=cal.holiday_count())
                .map(|i| Arc::from(cal.holiday_name(i as u16).unwrap_or("")))
                .collect(),
        })
    }

    /// A copy with its own citation handles, for one worker.
    pub(crate) fn detached(&self) -> Thresholds {
        Thresholds {
            cites: self.cites.clone().map(|c| Arc::new(Citation::clone(&c))),
            holidays: self.holidays.iter().map(|h| Arc::from(&**h)).collect(),
            ..self.clone()
        }
    }

    pub(crate) fn absoluut_cite(&self, kwalificatieplicht: bool) -> &Arc<Citation> {
        &self.cites[if kwalificatieplicht { 8 } else { 7 }]
    }

    pub(crate) fn holiday(&self, id: u16) -> Option<Arc<str>> {
        let i = usize::from(id).checked_sub(1)?;
        self.holidays.get(i).cloned()
    }

    pub(crate) fn cite(&self, why: Why) -> &Arc<Citation> {
        let i = match why {
            Why::Report => 0,
            Why::Thuiszitter => 1,
            Why::AtHome => 2,
            Why::Luxe => 3,
            Why::Late => 4,
            Why::SickLong => 5,
            Why::SickOften => 6,
        };
        &self.cites[i]
    }
}

/// All signals on `on`: those that arose in the school year of `on`, up to and including
/// `on`, plus absoluut verzuim on `on`. Records after `on` are ignored; records before the
/// school year still count for windows that reach into it. Sorted by pupil (in the order
/// of `pupils`), then date.
pub fn scan(
    cal: &Calendar,
    params: &Params,
    pupils: &[Pupil],
    records: &[AbsenceRecord],
    on: Date,
) -> Result<Vec<Signal>, ScanError> {
    let core = Core::build(cal, params, pupils, records, on)?;
    let parts = core.evaluate_all(pupils)?;
    let year_start = SchoolYear::containing(on).period().start();
    let mut out: Vec<Signal> = Vec::with_capacity(parts.iter().map(Vec::len).sum());
    for part in parts {
        out.extend(
            part.into_iter()
                .map(|(_, s)| s)
                .filter(|s| s.on >= year_start),
        );
    }
    Ok(out)
}

/// The scan kept current: built once over all records, then [`ScanState::add_day`] adds a
/// day's records and re-evaluates only the pupils they concern.
pub struct ScanState {
    pupils: Vec<Pupil>,
    core: Core,
    /// Per pupil: its entry in `deltas`, or `u32::MAX` when it has no signals and no
    /// records added since the full scan.
    slot: Vec<u32>,
    deltas: Vec<Delta>,
    absoluut: Vec<Signal>,
    /// Indices of the residents enrolled nowhere.
    not_enrolled: Vec<u32>,
}

/// One pupil's signals, and its records added since the full scan (sorted).
struct Delta {
    pupil: u32,
    extra: Vec<Rec>,
    signals: Vec<Signal>,
}

const NONE: u32 = u32::MAX;

impl ScanState {
    /// The full scan on `on` (as [`scan`]), kept for incremental updates. Records after
    /// `on` are left out: add them with [`ScanState::add_day`] on their day.
    pub fn new(
        cal: &Calendar,
        params: &Params,
        pupils: Vec<Pupil>,
        records: &[AbsenceRecord],
        on: Date,
    ) -> Result<ScanState, ScanError> {
        let core = Core::build(cal, params, &pupils, records, on)?;
        let mut slot = vec![NONE; pupils.len()];
        let mut deltas: Vec<Delta> = Vec::new();
        let mut absoluut = Vec::new();
        for (p, s) in core.evaluate_all(&pupils)?.into_iter().flatten() {
            if s.kind == crate::signal::SignalKind::AbsoluutVerzuim {
                absoluut.push(s);
                continue;
            }
            match deltas.last_mut() {
                Some(d) if d.pupil == p => d.signals.push(s),
                _ => {
                    slot[p as usize] = deltas.len() as u32;
                    deltas.push(Delta {
                        pupil: p,
                        extra: Vec::new(),
                        signals: vec![s],
                    });
                }
            }
        }
        let not_enrolled = (0..pupils.len() as u32)
            .filter(|p| !pupils[*p as usize].enrolled)
            .collect();
        Ok(ScanState {
            pupils,
            core,
            slot,
            deltas,
            absoluut,
            not_enrolled,
        })
    }

    /// The evaluation date.
    pub fn on(&self) -> Date {
        self.core.on
    }

    /// Records ignored because they fall on a day without school (weekend, holiday, a
    /// school's day off).
    pub fn ignored_records(&self) -> u64 {
        self.core.ignored
    }

    /// All signals on the evaluation date, as [`scan`] returns them.
    pub fn signals(&self) -> Vec<Signal> {
        let year_start = SchoolYear::containing(self.core.on).period().start();
        let mut order: Vec<(u32, u32)> = self
            .deltas
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.signals.is_empty())
            .map(|(i, d)| (d.pupil, i as u32))
            .collect();
        order.sort_unstable();
        let total: usize = order
            .iter()
            .map(|(_, i)| self.deltas[*i as usize].signals.len())
            .sum();
        let mut out: Vec<Signal> = Vec::with_capacity(total + self.absoluut.len());
        let mut abs = self.absoluut.iter().zip(self.absoluut_pupils()).peekable();
        for (p, i) in order {
            while let Some((a, _)) = abs.next_if(|(_, ap)| *ap <= p) {
                out.push(a.clone());
            }
            out.extend(
                self.deltas[i as usize]
                    .signals
                    .iter()
                    .filter(|s| s.on >= year_start)
                    .cloned(),
            );
        }
        out.extend(abs.map(|(a, _)| a.clone()));
        out
    }

    /// The pupil index of each absoluut verzuim signal (they are in pupil order).
    fn absoluut_pupils(&self) -> impl Iterator<Item = u32> + '_ {
        self.absoluut
            .iter()
            .map(|a| self.core.index.get(a.pupil).unwrap_or(NONE))
    }

    /// Adds the records of `day` (and any late ones for earlier days) and moves the
    /// evaluation date to `day`. Re-evaluates only the pupils with new records (on all
    /// cores), and absoluut verzuim. Returns the signals that are new. The thresholds stay
    /// those valid on the date the state was built; build a new state when a parameter
    /// changes. After an error, discard the state.
    pub fn add_day(
        &mut self,
        day: Date,
        records: &[AbsenceRecord],
    ) -> Result<Vec<Signal>, ScanError> {
        if day < self.core.on {
            return Err(ScanError::DayBeforeOn {
                day,
                on: self.core.on,
            });
        }
        let day_idx = self.core.day_index(day)?;
        let mut added: Vec<(u32, Rec)> = Vec::with_capacity(records.len());
        for r in records {
            if r.date > day {
                return Err(ScanError::RecordAfterDay { date: r.date, day });
            }
            let p = self
                .core
                .index
                .get(r.pupil)
                .ok_or(ScanError::UnknownPupil(r.pupil))?;
            let d = self.core.day_index(r.date)?;
            added.push((p, Rec::new(d, r.kind.code(), r.minutes)));
        }
        // All checked: from here on nothing fails halfway.
        added.sort_unstable();
        // The affected pupils, each with its range in `added`.
        let mut groups: Vec<(u32, usize, usize)> = Vec::new();
        for (i, (p, _)) in added.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if g.0 == *p => g.2 = i + 1,
                _ => groups.push((*p, i, i + 1)),
            }
        }
        for &(p, a, b) in &groups {
            let school = &self.core.tables[usize::from(self.core.variant[p as usize])].school_day;
            self.core.ignored += added[a..b]
                .iter()
                .filter(|(_, r)| !school[usize::from(r.day())])
                .count() as u64;
            let s = &mut self.slot[p as usize];
            if *s == NONE {
                *s = self.deltas.len() as u32;
                self.deltas.push(Delta {
                    pupil: p,
                    extra: Vec::new(),
                    signals: Vec::new(),
                });
            }
        }
        self.core.on = day;
        self.core.on_idx = day_idx;
        // Re-evaluate the affected pupils on all cores, then swap in their signals.
        let this = &*self;
        let added = &added;
        let eval_part = |part: &[(u32, usize, usize)]| -> Result<Vec<PupilSignals>, ScanError> {
            let mut scratch = Scratch::new(&this.core.th);
            let mut merged: Vec<Rec> = Vec::new();
            let mut out = Vec::with_capacity(part.len());
            for &(p, a, b) in part {
                let pi = p as usize;
                let delta = &this.deltas[this.slot[pi] as usize];
                merged.clear();
                merged.extend_from_slice(this.core.records_of(p));
                merged.extend_from_slice(&delta.extra);
                merged.extend(added[a..b].iter().map(|(_, r)| *r));
                merged.sort_unstable();
                let mut signals = Vec::new();
                this.core
                    .evaluate(pi, &this.pupils[pi], &merged, &mut scratch, &mut signals)?;
                // Nothing before the first new record changes: only signals from that day
                // on can be new (`added` is sorted, so `a` holds the pupil's first day).
                let first = this.core.cal.date_of(added[a].1.day());
                let mut new = Vec::new();
                for s in signals.iter().filter(|s| s.on >= first) {
                    if !delta
                        .signals
                        .iter()
                        .rev()
                        .take_while(|o| o.on >= first)
                        .any(|o| o.kind == s.kind && o.on == s.on)
                    {
                        new.push(s.clone());
                    }
                }
                out.push((p, signals, new));
            }
            Ok(out)
        };
        let t = if groups.len() < 2_000 { 1 } else { threads() };
        let results: Vec<Result<Vec<PupilSignals>, ScanError>> = if t == 1 {
            vec![eval_part(&groups)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = groups
                    .chunks(groups.len().div_ceil(t))
                    .map(|part| s.spawn(move || eval_part(part)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or(Err(ScanError::Internal)))
                    .collect()
            })
        };
        let results: Vec<Vec<PupilSignals>> = results.into_iter().collect::<Result<_, _>>()?;
        let mut fresh = Vec::new();
        for ((p, signals, new), &(_, a, b)) in results.into_iter().flatten().zip(&groups) {
            let delta = &mut self.deltas[self.slot[p as usize] as usize];
            delta.extra.extend(added[a..b].iter().map(|(_, r)| *r));
            delta.extra.sort_unstable();
            delta.signals = signals;
            fresh.extend(new);
        }
        // Absoluut verzuim depends on the date alone.
        let before: HashMap<u64, (), Fx> = self.absoluut.iter().map(|a| (a.pupil.0, ())).collect();
        let mut absoluut = Vec::with_capacity(self.absoluut.len());
        for &p in &self.not_enrolled {
            let pupil = &self.pupils[p as usize];
            if let Some(s) = eval::absoluut(pupil, day, &self.core.params, &self.core.th)? {
                if !before.contains_key(&s.pupil.0) {
                    fresh.push(s.clone());
                }
                absoluut.push(s);
            }
        }
        self.absoluut = absoluut;
        Ok(fresh)
    }
}

/// One pupil's signals, by pupil index, and those among them that are new.
type PupilSignals = (u32, Vec<Signal>, Vec<Signal>);

/// The signals of one part of the pupils, with their pupil index.
type PartResult = Result<Vec<(u32, Signal)>, ScanError>;

/// What the full scan and the incremental updates share: the calendar's day tables, the
/// pupil index and the grouped records.
struct Core {
    cal: Calendar,
    params: Params,
    th: Thresholds,
    on: Date,
    on_idx: u16,
    tables: Vec<DayTable>,
    /// The date of each day index.
    dates: Vec<Date>,
    /// Per pupil: its day table.
    variant: Vec<u16>,
    index: KeyIndex,
    /// Pupil `p`'s records are `recs[offsets[p]..offsets[p + 1]]`.
    offsets: Vec<u32>,
    recs: Vec<Rec>,
    ignored: u64,
}

impl Core {
    fn build(
        cal: &Calendar,
        params: &Params,
        pupils: &[Pupil],
        records: &[AbsenceRecord],
        on: Date,
    ) -> Result<Core, ScanError> {
        cal.check(on)?;
        let th = Thresholds::at(params, cal, on)?;
        let on_idx = cal.index_of(on).unwrap_or(0);
        // Day tables: one per region, one per school with days off of its own.
        let mut tables: Vec<DayTable> = Region::ALL
            .iter()
            .map(|r| cal.table(*r, None, th.luxe_days))
            .collect();
        let mut school_tables: HashMap<(Region, SchoolCode), u16> = HashMap::new();
        let mut variant = Vec::with_capacity(pupils.len());
        for p in pupils {
            let v = match p.school.filter(|s| cal.has_days_off(*s)) {
                None => p.region.index() as u16,
                Some(s) => *school_tables.entry((p.region, s)).or_insert_with(|| {
                    tables.push(cal.table(p.region, Some(s), th.luxe_days));
                    (tables.len() - 1) as u16
                }),
            };
            variant.push(v);
        }
        let index = KeyIndex::new(pupils)?;
        let (offsets, recs, ignored) = group(cal, &index, &tables, &variant, records, on_idx)?;
        let dates = (0..cal.len_days()).map(|i| cal.date_of(i as u16)).collect();
        Ok(Core {
            dates,
            cal: cal.clone(),
            params: params.clone(),
            th,
            on,
            on_idx,
            tables,
            variant,
            index,
            offsets,
            recs,
            ignored,
        })
    }

    fn day_index(&self, d: Date) -> Result<u16, ScanError> {
        self.cal.check(d)?;
        Ok(self.cal.index_of(d).unwrap_or(0))
    }

    fn records_of(&self, p: u32) -> &[Rec] {
        let p = p as usize;
        let (a, b) = (self.offsets[p] as usize, self.offsets[p + 1] as usize);
        &self.recs[a..b]
    }

    fn evaluate(
        &self,
        pi: usize,
        pupil: &Pupil,
        recs: &[Rec],
        scratch: &mut Scratch,
        out: &mut Vec<Signal>,
    ) -> Result<(), ScanError> {
        let t = &self.tables[usize::from(self.variant[pi])];
        eval::raw_signals(t, &self.th, &self.cal, recs, self.on_idx, scratch);
        eval::finish(&self.dates, &self.params, pupil, scratch, out)
    }

    /// Every pupil's signals and absoluut verzuim, on all cores, by pupil index.
    fn evaluate_all(&self, pupils: &[Pupil]) -> Result<Vec<Vec<(u32, Signal)>>, ScanError> {
        let threads = threads();
        // More parts than threads, so an uneven part does not leave a core idle.
        let parts = if pupils.len() < 10_000 {
            1
        } else {
            threads * 8
        };
        let size = pupils.len().div_ceil(parts.max(1)).max(1);
        let ranges: Vec<(usize, usize)> = (0..pupils.len())
            .step_by(size)
            .map(|a| (a, (a + size).min(pupils.len())))
            .collect();
        let run = |(a, b): (usize, usize)| -> Result<Vec<(u32, Signal)>, ScanError> {
            let mut scratch = Scratch::new(&self.th);
            let mut out = Vec::new();
            let mut tmp = Vec::new();
            for (pi, pupil) in pupils.iter().enumerate().take(b).skip(a) {
                tmp.clear();
                if pupil.enrolled {
                    self.evaluate(
                        pi,
                        pupil,
                        self.records_of(pi as u32),
                        &mut scratch,
                        &mut tmp,
                    )?;
                } else if let Some(s) = eval::absoluut(pupil, self.on, &self.params, &self.th)? {
                    tmp.push(s);
                }
                out.extend(tmp.drain(..).map(|s| (pi as u32, s)));
            }
            Ok(out)
        };
        let results: Vec<Result<Vec<(u32, Signal)>, ScanError>> =
            if threads <= 1 || ranges.len() <= 1 {
                ranges.into_iter().map(run).collect()
            } else {
                let next = std::sync::atomic::AtomicUsize::new(0);
                let mut slots: Vec<Option<PartResult>> = (0..ranges.len()).map(|_| None).collect();
                let done: Vec<Vec<(usize, PartResult)>> = std::thread::scope(|s| {
                    let handles: Vec<_> = (0..threads)
                        .map(|_| {
                            s.spawn(|| {
                                let mut mine = Vec::new();
                                loop {
                                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                    let Some(r) = ranges.get(i) else { break };
                                    mine.push((i, run(*r)));
                                }
                                mine
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or_default())
                        .collect()
                });
                for (i, r) in done.into_iter().flatten() {
                    slots[i] = Some(r);
                }
                slots
                    .into_iter()
                    .map(|s| s.unwrap_or(Err(ScanError::Internal)))
                    .collect()
            };
        results.into_iter().collect()
    }
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16)
}

/// Groups the records by pupil, on all cores: first each thread maps its share of the
/// records to (pupil index, packed record) and counts per pupil; then each thread takes a
/// range of pupils, collects their records (reading all, writing its own) and sorts each
/// pupil's few records by day. Returns the offsets, the records and the number of records
/// on days without school (up to `on`).
fn group(
    cal: &Calendar,
    index: &KeyIndex,
    tables: &[DayTable],
    variant: &[u16],
    records: &[AbsenceRecord],
    on_idx: u16,
) -> Result<(Vec<u32>, Vec<Rec>, u64), ScanError> {
    let n = variant.len();
    let m = records.len();
    let t = if m < 100_000 { 1 } else { threads() };
    let share = m.div_ceil(t).max(1);
    // With sparse keys (a hash map) the pupil index of each record is kept from the
    // counting pass, so each key is looked up once.
    let sparse = matches!(index, KeyIndex::Map(_));
    let mut pidx: Vec<u32> = if sparse { vec![0; m] } else { Vec::new() };
    let count =
        |recs: &[AbsenceRecord], mut keep: Option<&mut [u32]>| -> Result<Vec<u32>, ScanError> {
            let mut counts = vec![0u32; n];
            let mut last: Option<(Date, u16)> = None;
            let mut lookup = Lookup::new(index);
            for (i, r) in recs.iter().enumerate() {
                let p = lookup
                    .get(r.pupil)
                    .ok_or(ScanError::UnknownPupil(r.pupil))?;
                let day = match last {
                    Some((d, day)) if d == r.date => day,
                    _ => {
                        let day = match cal.index_of(r.date) {
                            Some(day) => day,
                            None => {
                                cal.check(r.date)?;
                                u16::MAX
                            }
                        };
                        last = Some((r.date, day));
                        day
                    }
                };
                // Records after the evaluation date are left out (add them day by day).
                let p = if day > on_idx { NONE } else { p };
                if let Some(k) = keep.as_deref_mut() {
                    k[i] = p;
                }
                if p == NONE {
                    continue;
                }
                counts[p as usize] += 1;
            }
            Ok(counts)
        };
    let keep: Vec<Option<&mut [u32]>> = if sparse {
        pidx.chunks_mut(share).map(Some).collect()
    } else {
        records.chunks(share).map(|_| None).collect()
    };
    let counts: Vec<Vec<u32>> = if t == 1 {
        vec![count(records, keep.into_iter().next().flatten())?]
    } else {
        let results: Vec<Result<Vec<u32>, ScanError>> = std::thread::scope(|s| {
            let handles: Vec<_> = records
                .chunks(share)
                .zip(keep)
                .map(|(r, k)| s.spawn(move || count(r, k)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(ScanError::Internal)))
                .collect()
        });
        results.into_iter().collect::<Result<_, _>>()?
    };
    let mut offsets = vec![0u32; n + 1];
    for p in 0..n {
        let c: u32 = counts.iter().map(|c| c.get(p).copied().unwrap_or(0)).sum();
        offsets[p + 1] = offsets[p] + c;
    }
    drop(counts);
    let mut recs = vec![Rec(0); m];
    // Pupil ranges of about equal record counts, one per thread.
    let bounds: Vec<usize> = (0..=t)
        .map(|i| {
            offsets
                .partition_point(|o| (*o as usize) < m * i / t)
                .min(n)
        })
        .collect();
    // Each thread reads all records and keeps those of its pupils (all checked above).
    let collect = |pa: usize, pb: usize, out: &mut [Rec]| -> u64 {
        let base = offsets[pa];
        let mut pos: Vec<u32> = offsets[pa..pb].iter().map(|o| o - base).collect();
        let mut last: Option<(Date, u16)> = None;
        let mut lookup = Lookup::new(index);
        for (i, r) in records.iter().enumerate() {
            let p = match pidx.get(i) {
                Some(p) => *p as usize,
                None => match lookup.get(r.pupil) {
                    Some(p) => p as usize,
                    None => continue,
                },
            };
            if p < pa || p >= pb {
                continue;
            }
            let day = match last {
                Some((d, i)) if d == r.date => i,
                _ => {
                    let i = cal.index_of(r.date).unwrap_or(u16::MAX);
                    last = Some((r.date, i));
                    i
                }
            };
            if day > on_idx {
                continue;
            }
            let slot = &mut pos[p - pa];
            out[*slot as usize] = Rec::new(day, r.kind.code(), r.minutes);
            *slot += 1;
        }
        let mut ignored = 0u64;
        for p in pa..pb {
            let g = &mut out[(offsets[p] - base) as usize..(offsets[p + 1] - base) as usize];
            g.sort_unstable();
            let school = &tables[usize::from(variant[p])].school_day;
            ignored += g
                .iter()
                .filter(|r| r.day() <= on_idx && !school[usize::from(r.day())])
                .count() as u64;
        }
        ignored
    };
    let ignored: u64 = if t == 1 {
        collect(0, n, &mut recs)
    } else {
        let joined: Result<Vec<u64>, ScanError> = std::thread::scope(|s| {
            let mut rest: &mut [Rec] = &mut recs;
            let mut handles = Vec::new();
            for w in bounds.windows(2) {
                let (pa, pb) = (w[0], w[1].max(w[0]));
                let len = (offsets[pb] - offsets[pa]) as usize;
                let (mine, tail) = rest.split_at_mut(len);
                rest = tail;
                let collect = &collect;
                handles.push(s.spawn(move || collect(pa, pb, mine)));
            }
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| ScanError::Internal))
                .collect()
        });
        joined?.into_iter().sum()
    };
    Ok((offsets, recs, ignored))
}

/// Pupil key to pupil index: a table when the keys are dense (as numbers a register hands
/// out), else a hash map.
enum KeyIndex {
    Dense { min: u64, table: Vec<u32> },
    Map(HashMap<u64, u32, Fx>),
}

impl KeyIndex {
    fn new(pupils: &[Pupil]) -> Result<KeyIndex, ScanError> {
        let (Some(min), Some(max)) = (
            pupils.iter().map(|p| p.key.0).min(),
            pupils.iter().map(|p| p.key.0).max(),
        ) else {
            return Ok(KeyIndex::Dense {
                min: 0,
                table: Vec::new(),
            });
        };
        let span = max - min + 1;
        if span <= pupils.len() as u64 * 4 + 1024 {
            let mut table = vec![u32::MAX; span as usize];
            for (i, p) in pupils.iter().enumerate() {
                let slot = &mut table[(p.key.0 - min) as usize];
                if *slot != u32::MAX {
                    return Err(ScanError::DuplicatePupil(p.key));
                }
                *slot = i as u32;
            }
            return Ok(KeyIndex::Dense { min, table });
        }
        let mut map = HashMap::with_capacity_and_hasher(pupils.len(), Fx::default());
        for (i, p) in pupils.iter().enumerate() {
            if map.insert(p.key.0, i as u32).is_some() {
                return Err(ScanError::DuplicatePupil(p.key));
            }
        }
        Ok(KeyIndex::Map(map))
    }

    #[inline]
    fn get(&self, key: PupilKey) -> Option<u32> {
        match self {
            KeyIndex::Dense { min, table } => key
                .0
                .checked_sub(*min)
                .and_then(|i| table.get(i as usize))
                .copied()
                .filter(|i| *i != u32::MAX),
            KeyIndex::Map(m) => m.get(&key.0).copied(),
        }
    }
}

/// [`KeyIndex::get`] remembering the last key: records mostly come grouped by pupil.
struct Lookup<'a> {
    index: &'a KeyIndex,
    last: Option<(PupilKey, u32)>,
}

impl<'a> Lookup<'a> {
    fn new(index: &'a KeyIndex) -> Lookup<'a> {
        Lookup { index, last: None }
    }

    #[inline]
    fn get(&mut self, key: PupilKey) -> Option<u32> {
        if let Some((_, p)) = self.last.filter(|(k, _)| *k == key) {
            return Some(p);
        }
        let p = self.index.get(key)?;
        self.last = Some((key, p));
        Some(p)
    }
}

/// A fast hasher for integer keys (no untrusted input: keys come from the register).
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

type Fx = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests;
