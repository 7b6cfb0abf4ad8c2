//! A school's absence signals from the register (the scan of `continuum-verzuim` over its
//! pupils' stored absence), and verzuimmeldingen made from them: a report is only made
//! for a signal the scan finds again when it is made, never from what a form claims.

use crate::AppState;
use chrono::Days;
use continuum_domain::Date;
use continuum_domain::absence_report::{AbsenceReport, ReportStatus, ReportType};
use continuum_domain::ids::{OrgId, PupilId, ReportId};
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{HolidayRegion, OrgDetails};
use continuum_rules::Params;
use continuum_store::{Actor, Page, PupilRow, ReportFile, ReportFilter, StoreError};
use continuum_verzuim::{AbsenceRecord, Calendar, PupilKey, Signal, scan};
use std::collections::HashMap;
use std::sync::OnceLock;

/// How far before the school year absence is read: a window of 4 teaching weeks or an
/// unbroken run of more than 3 months can start in the year before.
pub(crate) const LOOKBACK_DAYS: u64 = 184;

/// Why signals cannot be computed.
#[derive(Debug, thiserror::Error)]
pub enum VerzuimError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The calendar, the parameters or the school's region do not allow a scan.
    #[error("{0}")]
    Unavailable(String),
    /// The report names no signal the scan finds.
    #[error("{0}")]
    NoSignal(String),
}

/// One signal of a pupil of the school, with the report made for it, if any.
pub struct SchoolSignal {
    pub pupil: PupilRow,
    pub signal: Signal,
    pub report: Option<(ReportId, ReportStatus)>,
}

impl SchoolSignal {
    /// The verzuimmelding this signal calls for; `None` when it is not reported to
    /// leerplicht (zorgwekkend ziekteverzuim, absoluut verzuim).
    pub fn report_type(&self) -> Option<ReportType> {
        self.signal.kind.report_type()
    }
}

pub(crate) fn calendar() -> Result<&'static Calendar, VerzuimError> {
    static CAL: OnceLock<Result<Calendar, String>> = OnceLock::new();
    CAL.get_or_init(|| Calendar::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| VerzuimError::Unavailable(format!("schoolkalender: {e}")))
}

pub(crate) fn params() -> Result<&'static Params, VerzuimError> {
    static PARAMS: OnceLock<Result<Params, String>> = OnceLock::new();
    PARAMS
        .get_or_init(|| Params::embedded().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| VerzuimError::Unavailable(format!("parameters: {e}")))
}

/// The holiday region of the school: that of the municipality it stands in.
pub async fn school_region(state: &AppState, school: OrgId) -> Result<HolidayRegion, VerzuimError> {
    let municipality = match state.store.organisation(school).await?.record.details {
        OrgDetails::School { municipality, .. } => municipality,
        _ => return Err(StoreError::NotFound.into()),
    };
    match state.store.organisation(municipality).await?.record.details {
        OrgDetails::Gemeente {
            holiday_region: Some(r),
            ..
        } => Ok(r),
        _ => Err(VerzuimError::Unavailable(
            "de vakantieregio van de gemeente van de school is niet bekend".into(),
        )),
    }
}

/// Which report a signal is reported by: the same type and the same day the threshold was
/// reached — or, for langdurig relatief verzuim, the same unbroken run (more than 3 months
/// at home is the same run going on, not a new report).
fn report_key(
    pupil: PupilId,
    kind: ReportType,
    on: Date,
    run_start: Date,
) -> (PupilId, ReportType, Date) {
    match kind {
        ReportType::LangdurigRelatiefVerzuim => (pupil, kind, run_start),
        _ => (pupil, kind, on),
    }
}

/// Every signal of the school's pupils on `on`, sorted by pupil name and date, each with
/// the report made for it. Only the school itself reads this (its pupils' absence).
pub async fn school_signals(
    state: &AppState,
    actor: &Actor,
    school: OrgId,
    on: Date,
) -> Result<Vec<SchoolSignal>, VerzuimError> {
    if actor.org != school {
        return Err(StoreError::NotFound.into());
    }
    let region = school_region(state, school).await?;
    let (rows, _) = state
        .store
        .pupils_of_school(actor, school, on, Page::all())
        .await?;
    let from = SchoolYear::containing(on)
        .period()
        .start()
        .checked_sub_days(Days::new(LOOKBACK_DAYS))
        .unwrap_or(on);
    let ids: Vec<PupilId> = rows.iter().map(|r| r.id).collect();
    let absences = state
        .store
        .absences_of_pupils(actor, &ids, from, on)
        .await?;
    // Exempt pupils raise no relatief verzuim (Leerplichtwet art. 5, 5a, 15).
    let window = Period::new(from, Some(on)).unwrap_or(Period::from(on));
    let exempt = crate::exemptions::exemption_periods(state, actor, &ids, window).await?;
    let index: HashMap<PupilId, u64> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u64))
        .collect();
    let pupils: Vec<continuum_verzuim::Pupil> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| continuum_verzuim::Pupil {
            key: PupilKey(i as u64),
            birth_date: r.birth_date,
            region,
            school: None,
            enrolled: true,
            exemption: exempt.get(&r.id).copied(),
            startkwalificatie_on: None,
        })
        .collect();
    let records: Vec<AbsenceRecord> = absences
        .iter()
        .filter_map(|(p, a)| {
            Some(AbsenceRecord {
                pupil: PupilKey(*index.get(p)?),
                date: a.date,
                minutes: a.minutes,
                kind: a.kind,
            })
        })
        .collect();
    let signals = scan(calendar()?, params()?, &pupils, &records, on)
        .map_err(|e| VerzuimError::Unavailable(format!("verzuimscan: {e}")))?;
    let (reports, _) = state
        .store
        .absence_reports(actor, ReportFilter::default(), Page::all())
        .await?;
    let made: HashMap<(PupilId, ReportType, Date), (ReportId, ReportStatus)> = reports
        .iter()
        .filter(|r| r.report.school == school)
        .map(|r| {
            let k = &r.report;
            (
                report_key(k.pupil, k.kind, k.signal_on, k.period.start()),
                (r.id, k.status),
            )
        })
        .collect();
    let mut out: Vec<SchoolSignal> = signals
        .into_iter()
        .filter_map(|s| {
            let row = rows.get(usize::try_from(s.pupil.0).ok()?)?.clone();
            let report = s.kind.report_type().and_then(|t| {
                made.get(&report_key(row.id, t, s.on, s.period.start()))
                    .copied()
            });
            Some(SchoolSignal {
                pupil: row,
                signal: s,
                report,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (
            &a.pupil.family_name,
            &a.pupil.given_name,
            a.pupil.id,
            a.signal.on,
            a.signal.kind,
        )
            .cmp(&(
                &b.pupil.family_name,
                &b.pupil.given_name,
                b.pupil.id,
                b.signal.on,
                b.signal.kind,
            ))
    });
    Ok(out)
}

/// Reports the signal of `pupil` of type `kind` that arose on `signal_on`, as the school
/// finds it today. The store routes it to the municipality of residence.
pub async fn report_signal(
    state: &AppState,
    actor: &Actor,
    school: OrgId,
    pupil: PupilId,
    kind: ReportType,
    signal_on: Date,
    note: Option<String>,
) -> Result<ReportFile, VerzuimError> {
    let signals = school_signals(state, actor, school, actor.today).await?;
    let found = signals
        .into_iter()
        .find(|s| s.pupil.id == pupil && s.report_type() == Some(kind) && s.signal.on == signal_on)
        .ok_or_else(|| {
            VerzuimError::NoSignal(format!(
                "er is geen signaal {} van {} voor deze leerling",
                kind.label().to_lowercase(),
                signal_on.format("%d-%m-%Y")
            ))
        })?;
    if found.report.is_some() {
        return Err(StoreError::Conflict(format!(
            "dit verzuim is al gemeld ({})",
            kind.label().to_lowercase()
        ))
        .into());
    }
    let s = &found.signal;
    let report = AbsenceReport {
        pupil,
        school,
        // Set by the store to the municipality of residence.
        municipality: school,
        kind,
        signal_on: s.on,
        period: s.period,
        minutes: s.minutes,
        times: s.times,
        basis: s.cite.to_string(),
        note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        status: ReportStatus::Geregistreerd,
    };
    Ok(state
        .store
        .create_absence_report(actor, ReportId::new_random(), report)
        .await?)
}
