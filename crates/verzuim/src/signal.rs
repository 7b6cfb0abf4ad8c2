//! A signal: what the scan found for one pupil, when it arose, the absence that triggered
//! it and its legal basis.

use crate::record::{PupilKey, hours_nl};
use continuum_domain::Date;
use continuum_domain::absence_report::ReportType;
use continuum_domain::period::Period;
use continuum_rules::Citation;
use continuum_rules::leerplichtwet::Status;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// The kinds of signal, named as DUO and the leerplichtambtenaar name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SignalKind {
    /// 16 hours of unauthorised absence within 4 consecutive teaching weeks (art. 21a).
    Melding16Uur,
    /// An enrolled leerplichtige or kwalificatieplichtige absent without valid reason for
    /// more than 4 weeks: a thuiszitter.
    LangdurigRelatiefVerzuim,
    /// At home (unauthorised) for more than 3 months.
    ThuisDrieMaanden,
    /// Unauthorised absence on the school days around a school holiday.
    LuxeVerzuim,
    /// Other absence to report, here: late too often.
    OverigVerzuim,
    /// Leerplichtig or kwalificatieplichtig, enrolled nowhere, no exemption.
    AbsoluutVerzuim,
    /// Worrying sickness absence (M@ZL).
    ZorgwekkendZiekteverzuim,
}

impl SignalKind {
    pub const ALL: [SignalKind; 7] = [
        SignalKind::Melding16Uur,
        SignalKind::LangdurigRelatiefVerzuim,
        SignalKind::ThuisDrieMaanden,
        SignalKind::LuxeVerzuim,
        SignalKind::OverigVerzuim,
        SignalKind::AbsoluutVerzuim,
        SignalKind::ZorgwekkendZiekteverzuim,
    ];

    /// The name a user reads.
    pub fn as_str(self) -> &'static str {
        match self {
            SignalKind::Melding16Uur => "16-uursmelding",
            SignalKind::LangdurigRelatiefVerzuim => "langdurig relatief verzuim",
            SignalKind::ThuisDrieMaanden => "thuis > 3 maanden",
            SignalKind::LuxeVerzuim => "luxe verzuim",
            SignalKind::OverigVerzuim => "overig verzuim",
            SignalKind::AbsoluutVerzuim => "absoluut verzuim",
            SignalKind::ZorgwekkendZiekteverzuim => "zorgwekkend ziekteverzuim",
        }
    }

    pub fn parse(s: &str) -> Option<SignalKind> {
        SignalKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The verzuimmelding a school makes for this signal, if any. More than 3 months at
    /// home is langdurig relatief verzuim that lasts; zorgwekkend ziekteverzuim is talked
    /// over with the jeugdarts (M@ZL), not reported to leerplicht; absoluut verzuim is the
    /// municipality's own finding, no school reports it.
    pub fn report_type(self) -> Option<ReportType> {
        match self {
            SignalKind::Melding16Uur => Some(ReportType::Melding16Uur),
            SignalKind::LangdurigRelatiefVerzuim | SignalKind::ThuisDrieMaanden => {
                Some(ReportType::LangdurigRelatiefVerzuim)
            }
            SignalKind::LuxeVerzuim => Some(ReportType::LuxeVerzuim),
            SignalKind::OverigVerzuim => Some(ReportType::OverigVerzuim),
            SignalKind::AbsoluutVerzuim | SignalKind::ZorgwekkendZiekteverzuim => None,
        }
    }
}

impl fmt::Display for SignalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One signal for one pupil.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub pupil: PupilKey,
    pub kind: SignalKind,
    /// The day the signal arose: the threshold was reached with that day's absence (for
    /// absoluut verzuim: the evaluation date).
    pub on: Date,
    /// The absence that triggered it: first and last day counted. For langdurig relatief
    /// verzuim, thuis > 3 maanden and a long sickness, the whole unbroken run as far as it
    /// is known on the evaluation date. For absoluut verzuim, the leerplicht or
    /// kwalificatieplicht period.
    pub period: Period,
    /// The minutes of absence counted in `period` (0 for absoluut verzuim).
    pub minutes: u32,
    /// Times counted: sick reports (M@ZL, repeated), late arrivals (overig verzuim); else 0.
    pub times: u32,
    /// The threshold's legal basis or policy source (shared: a national scan raises
    /// hundreds of thousands of signals with a handful of citations).
    pub cite: Arc<Citation>,
    /// Leerplichtig or kwalificatieplichtig on `on` (the rules engine), when the signal
    /// depends on it.
    pub status: Option<Status>,
    /// For luxe verzuim: the school holiday.
    pub holiday: Option<Arc<str>>,
}

impl Signal {
    /// The hours counted, as a user reads them: `16`, `15,5`.
    pub fn hours(&self) -> String {
        hours_nl(self.minutes)
    }
}

impl fmt::Display for Signal {
    /// `leerling 42: 16-uursmelding op 2025-09-26 (2025-09-01 t/m 2025-09-26, 16 uur; Leerplichtwet 1969, art. 21a lid 1 (BWBR0002628))`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "leerling {}: {} op {} ({}",
            self.pupil,
            self.kind,
            self.on,
            self.period.start()
        )?;
        if let Some(end) = self.period.end() {
            write!(f, " t/m {end}")?;
        }
        if self.minutes > 0 {
            write!(f, ", {} uur", self.hours())?;
        }
        if self.times > 0 {
            write!(f, ", {} keer", self.times)?;
        }
        if let Some(h) = &self.holiday {
            write!(f, ", {h}")?;
        }
        write!(f, "; {})", self.cite)
    }
}
