//! One pupil's records to raw signals (day indices only, no strings), then the checks that
//! need the rules engine (enrolled, exemption, leerplicht status) and the finished
//! [`Signal`]s. Records are sorted by day and kind.

use super::{Fx, Rec, ScanError, Thresholds};
use crate::calendar::{Calendar, DayTable};
use crate::record::{K_ONGEOORLOOFD, K_TE_LAAT, K_ZIEK, Pupil};
use crate::signal::{Signal, SignalKind};
use continuum_domain::Date;
use continuum_domain::period::Period;
use continuum_rules::leerplichtwet::{LeerplichtFacts, Status, leerplicht_status};
use continuum_rules::{NoTrace, Params};
use std::collections::HashMap;

/// Which threshold a raw signal crossed (chooses its citation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Report,
    Thuiszitter,
    AtHome,
    Luxe,
    Late,
    SickLong,
    SickOften,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw {
    pub why: Why,
    pub trigger: u16,
    pub start: u16,
    pub end: u16,
    pub minutes: u32,
    pub times: u32,
    pub holiday: u16,
}

/// Scratch space of one worker, reused across pupils: the raw signals, the thresholds
/// with the worker's own citation handles (shared reference counts would bounce between
/// cores), and the leerplicht status by birth date and startkwalificatie.
pub(crate) struct Scratch {
    pub raws: Vec<Raw>,
    episodes: Vec<(u16, u16)>,
    pub th: Thresholds,
    status: HashMap<(Date, Option<Date>), (Period, Status), Fx>,
}

impl Scratch {
    pub fn new(th: &Thresholds) -> Scratch {
        Scratch {
            raws: Vec::new(),
            episodes: Vec::new(),
            th: th.detached(),
            status: HashMap::default(),
        }
    }
}

/// The raw signals of one pupil's records up to day `on`.
pub(crate) fn raw_signals(
    t: &DayTable,
    th: &Thresholds,
    cal: &Calendar,
    recs: &[Rec],
    on: u16,
    s: &mut Scratch,
) {
    let out = &mut s.raws;
    out.clear();
    s.episodes.clear();
    let counted = |r: &Rec| r.day() <= on && t.school_day[usize::from(r.day())];
    let unauth = |r: &Rec| (r.kind() == K_ONGEOORLOOFD || r.kind() == K_TE_LAAT) && counted(r);

    // 16 hours in `window` teaching weeks.
    let mut lo = 0usize;
    let mut sum = 0u32;
    // Unbroken runs of unauthorised school days.
    let mut run: Option<Run> = None;
    // Sickness episodes.
    let mut sick: Option<Run> = None;
    let mut last_luxe: Option<usize> = None;
    let (mut late_year, mut late_count, mut late_min, mut late_start) = (u8::MAX, 0u32, 0u32, 0u16);

    for (i, r) in recs.iter().enumerate() {
        if !counted(r) {
            continue;
        }
        let day = r.day();
        let d = usize::from(day);
        let week = t.week[d];
        let min = u32::from(r.minutes());
        if unauth(r) {
            sum += min;
            while lo < i {
                let x = &recs[lo];
                if !unauth(x) {
                    lo += 1;
                } else if t.week[usize::from(x.day())] + th.report_window <= week {
                    sum -= u32::from(x.minutes());
                    lo += 1;
                } else {
                    break;
                }
            }
            if sum >= th.report_minutes {
                let start = recs[lo..=i]
                    .iter()
                    .find(|x| unauth(x))
                    .map_or(day, |x| x.day());
                out.push(Raw {
                    why: Why::Report,
                    trigger: day,
                    start,
                    end: day,
                    minutes: sum,
                    times: 0,
                    holiday: 0,
                });
                // After a report, counting restarts.
                lo = i + 1;
                sum = 0;
            }
        }
        match r.kind() {
            K_ONGEOORLOOFD => {
                let o = t.ord[d];
                let extend = run
                    .as_ref()
                    .is_some_and(|x| x.last_day == day || x.last_ord + 1 == o);
                if !extend {
                    run = Some(Run::new(day, o));
                }
                if let Some(x) = run.as_mut() {
                    x.add(day, o, min);
                    if x.first.is_none() && day - x.start >= th.thuiszitter_days {
                        x.first = Some(out.len());
                        out.push(x.raw(Why::Thuiszitter, day));
                    }
                    if x.second.is_none()
                        && u32::from(day - x.start) >= 28 * th.at_home_months
                        && day >= x.due(cal, th.at_home_months)
                    {
                        x.second = Some(out.len());
                        out.push(x.raw(Why::AtHome, day));
                    }
                    x.update(out);
                }
                let h = t.near_holiday[d];
                if h != 0 {
                    match last_luxe
                        .and_then(|j| out.get_mut(j))
                        .filter(|x| x.holiday == h)
                    {
                        Some(x) => {
                            x.end = day;
                            x.minutes += min;
                        }
                        None => {
                            last_luxe = Some(out.len());
                            out.push(Raw {
                                why: Why::Luxe,
                                trigger: day,
                                start: day,
                                end: day,
                                minutes: min,
                                times: 0,
                                holiday: h,
                            });
                        }
                    }
                }
            }
            K_ZIEK => {
                let o = t.ord[d];
                let extend = sick
                    .as_ref()
                    .is_some_and(|x| x.last_day == day || x.last_ord + 1 == o);
                if !extend {
                    sick = Some(Run::new(day, o));
                    // A new sick report: M@ZL counts them within `mazl_window` school weeks.
                    let eps = &mut s.episodes;
                    eps.retain(|(w, _)| *w + th.mazl_window > week);
                    eps.push((week, day));
                    if eps.len() as u32 > th.mazl_times {
                        out.push(Raw {
                            why: Why::SickOften,
                            trigger: day,
                            start: eps.first().map_or(day, |e| e.1),
                            end: day,
                            minutes: 0,
                            times: eps.len() as u32,
                            holiday: 0,
                        });
                        eps.clear();
                    }
                }
                if let Some(x) = sick.as_mut() {
                    x.add(day, o, min);
                    let (ws, wd) = (t.week[usize::from(x.start)], week);
                    let long = wd - ws > th.mazl_consecutive
                        || (wd - ws == th.mazl_consecutive && t.weekday(day) >= t.weekday(x.start));
                    if x.first.is_none() && long {
                        x.first = Some(out.len());
                        out.push(x.raw(Why::SickLong, day));
                    }
                    x.update(out);
                }
            }
            K_TE_LAAT => {
                let y = t.year[d];
                if y != late_year {
                    (late_year, late_count, late_min) = (y, 0, 0);
                }
                if late_count == 0 {
                    late_start = day;
                }
                late_count += 1;
                late_min += min;
                if late_count >= th.late_times {
                    out.push(Raw {
                        why: Why::Late,
                        trigger: day,
                        start: late_start,
                        end: day,
                        minutes: late_min,
                        times: late_count,
                        holiday: 0,
                    });
                    (late_count, late_min) = (0, 0);
                }
            }
            _ => {}
        }
    }
}

/// An unbroken run of school days with absence of one kind, and the raw signals it raised
/// (their end and minutes follow the run).
struct Run {
    start: u16,
    last_day: u16,
    last_ord: u16,
    minutes: u32,
    due: Option<u16>,
    first: Option<usize>,
    second: Option<usize>,
}

impl Run {
    fn new(day: u16, ord: u16) -> Run {
        Run {
            start: day,
            last_day: day,
            last_ord: ord,
            minutes: 0,
            due: None,
            first: None,
            second: None,
        }
    }

    /// The day index on which the run has lasted `months` (u16::MAX: beyond the calendar);
    /// computed once, only for runs that got that far.
    fn due(&mut self, cal: &Calendar, months: u32) -> u16 {
        *self.due.get_or_insert_with(|| {
            cal.date_of(self.start)
                .checked_add_months(chrono::Months::new(months))
                .and_then(|d| cal.index_of(d))
                .unwrap_or(u16::MAX)
        })
    }

    fn add(&mut self, day: u16, ord: u16, min: u32) {
        self.last_day = day;
        self.last_ord = ord;
        self.minutes += min;
    }

    fn raw(&self, why: Why, day: u16) -> Raw {
        Raw {
            why,
            trigger: day,
            start: self.start,
            end: day,
            minutes: self.minutes,
            times: 0,
            holiday: 0,
        }
    }

    fn update(&self, out: &mut [Raw]) {
        for j in [self.first, self.second].into_iter().flatten() {
            if let Some(x) = out.get_mut(j) {
                x.end = self.last_day;
                x.minutes = self.minutes;
            }
        }
    }
}

/// Leerplichtig or kwalificatieplichtig on `on`, per the rules engine.
pub(crate) fn status_on(
    pupil: &Pupil,
    on: Date,
    p: &Params,
) -> Result<(Status, Period), ScanError> {
    let mut facts = LeerplichtFacts::born(pupil.birth_date);
    facts.startkwalificatie_on = pupil.startkwalificatie_on;
    let st = leerplicht_status(&facts, on, p, &mut NoTrace).map_err(|error| ScanError::Rule {
        pupil: pupil.key,
        error,
    })?;
    Ok((st.status, st.period))
}

fn obliged(s: Status) -> bool {
    matches!(s, Status::Leerplichtig | Status::Kwalificatieplichtig)
}

/// The finished signals of one pupil: only for the enrolled; relatief verzuim only when
/// leerplichtig or kwalificatieplichtig on the day it arose and not exempt.
pub(crate) fn finish(
    dates: &[Date],
    p: &Params,
    pupil: &Pupil,
    s: &mut Scratch,
    out: &mut Vec<Signal>,
) -> Result<(), ScanError> {
    if s.raws.is_empty() || !pupil.enrolled {
        return Ok(());
    }
    let th = &s.th;
    let date = |i: u16| dates.get(usize::from(i)).copied().unwrap_or(Date::MIN);
    // The status holds for a period and depends only on the birth date and the
    // startkwalificatie: one evaluation serves many signals and pupils.
    let key = (pupil.birth_date, pupil.startkwalificatie_on);
    for r in &s.raws {
        let on = date(r.trigger);
        let kind = match r.why {
            Why::Report => SignalKind::Melding16Uur,
            Why::Thuiszitter => SignalKind::LangdurigRelatiefVerzuim,
            Why::AtHome => SignalKind::ThuisDrieMaanden,
            Why::Luxe => SignalKind::LuxeVerzuim,
            Why::Late => SignalKind::OverigVerzuim,
            Why::SickLong | Why::SickOften => SignalKind::ZorgwekkendZiekteverzuim,
        };
        let status = if kind == SignalKind::ZorgwekkendZiekteverzuim {
            None
        } else {
            // Not yet born on that day (a data error) is not leerplichtig either.
            if pupil.exempt_on(on) || on < pupil.birth_date {
                continue;
            }
            let st = match s.status.get(&key) {
                Some((period, st)) if period.contains(on) => *st,
                _ => {
                    let (st, period) = status_on(pupil, on, p)?;
                    s.status.insert(key, (period, st));
                    st
                }
            };
            if !obliged(st) {
                continue;
            }
            Some(st)
        };
        let start = date(r.start);
        let end = date(r.end);
        out.push(Signal {
            pupil: pupil.key,
            kind,
            on,
            period: Period::new(start, Some(end)).unwrap_or(Period::from(start)),
            minutes: r.minutes,
            times: r.times,
            cite: th.cite(r.why).clone(),
            status,
            holiday: th.holiday(r.holiday),
        });
    }
    Ok(())
}

/// Absoluut verzuim on `on`: a resident enrolled nowhere who is leerplichtig or
/// kwalificatieplichtig and has no exemption.
pub(crate) fn absoluut(
    pupil: &Pupil,
    on: Date,
    p: &Params,
    th: &Thresholds,
) -> Result<Option<Signal>, ScanError> {
    if pupil.enrolled || pupil.exempt_on(on) || on < pupil.birth_date {
        return Ok(None);
    }
    let (status, period) = status_on(pupil, on, p)?;
    let cite = match status {
        Status::Leerplichtig => th.absoluut_cite(false).clone(),
        Status::Kwalificatieplichtig => th.absoluut_cite(true).clone(),
        _ => return Ok(None),
    };
    Ok(Some(Signal {
        pupil: pupil.key,
        kind: SignalKind::AbsoluutVerzuim,
        on,
        period,
        minutes: 0,
        times: 0,
        cite,
        status: Some(status),
        holiday: None,
    }))
}
