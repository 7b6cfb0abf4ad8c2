//! Verzuimmeldingen: a school's report of absence to the leerplichtambtenaar of the
//! pupil's municipality of residence, in the types and statuses of DUO's verzuimregister
//! (ROD), so that a leerplichtambtenaar recognises them at once (DOMAIN §3.1, §4).
//!
//! A report is not edited: it moves through its statuses and can be forwarded to another
//! municipality when the pupil has moved. Each step is an event kept for good, so the
//! school and the municipality read the same history.

use crate::Date;
use crate::ids::{OrgId, PupilId};
use crate::period::Period;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The type of a verzuimmelding, as DUO names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportType {
    /// 16 hours of unauthorised absence within 4 consecutive teaching weeks
    /// (Leerplichtwet 1969 art. 21a).
    #[serde(rename = "16_uur")]
    Melding16Uur,
    /// Enrolled, absent without a valid reason for more than 4 weeks: a thuiszitter.
    LangdurigRelatiefVerzuim,
    /// Unauthorised absence just before or after a school holiday.
    LuxeVerzuim,
    /// Other absence the school reports (e.g. late too often).
    OverigVerzuim,
}

impl ReportType {
    pub const ALL: [ReportType; 4] = [
        ReportType::Melding16Uur,
        ReportType::LangdurigRelatiefVerzuim,
        ReportType::LuxeVerzuim,
        ReportType::OverigVerzuim,
    ];

    /// The code in the API, the database and CSV files.
    pub fn code(self) -> &'static str {
        match self {
            ReportType::Melding16Uur => "16_uur",
            ReportType::LangdurigRelatiefVerzuim => "langdurig_relatief_verzuim",
            ReportType::LuxeVerzuim => "luxe_verzuim",
            ReportType::OverigVerzuim => "overig_verzuim",
        }
    }

    pub fn parse(s: &str) -> Option<ReportType> {
        ReportType::ALL.into_iter().find(|t| t.code() == s)
    }

    /// The name a user reads.
    pub fn label(self) -> &'static str {
        match self {
            ReportType::Melding16Uur => "16-uursmelding",
            ReportType::LangdurigRelatiefVerzuim => "Langdurig relatief verzuim",
            ReportType::LuxeVerzuim => "Luxe verzuim",
            ReportType::OverigVerzuim => "Overig verzuim",
        }
    }
}

impl fmt::Display for ReportType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The status of a verzuimmelding, as DUO names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Received, not yet picked up by the leerplichtambtenaar.
    Geregistreerd,
    InBehandeling,
    Afgesloten,
    /// Noted without further action.
    TerKennisgevingAangenomen,
    /// Withdrawn by the school that made it.
    Ingetrokken,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 5] = [
        ReportStatus::Geregistreerd,
        ReportStatus::InBehandeling,
        ReportStatus::Afgesloten,
        ReportStatus::TerKennisgevingAangenomen,
        ReportStatus::Ingetrokken,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Geregistreerd => "geregistreerd",
            ReportStatus::InBehandeling => "in_behandeling",
            ReportStatus::Afgesloten => "afgesloten",
            ReportStatus::TerKennisgevingAangenomen => "ter_kennisgeving_aangenomen",
            ReportStatus::Ingetrokken => "ingetrokken",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Geregistreerd => "Geregistreerd",
            ReportStatus::InBehandeling => "In behandeling",
            ReportStatus::Afgesloten => "Afgesloten",
            ReportStatus::TerKennisgevingAangenomen => "Ter kennisgeving aangenomen",
            ReportStatus::Ingetrokken => "Ingetrokken",
        }
    }

    /// Nothing follows a final status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            ReportStatus::Afgesloten
                | ReportStatus::TerKennisgevingAangenomen
                | ReportStatus::Ingetrokken
        )
    }
}

impl fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which side of a report acts: the school that made it, or the municipality that holds
/// it now. Nobody else acts on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportSide {
    School,
    Gemeente,
}

/// A verzuimmelding as stored: what was reported, by whom, to whom, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceReport {
    pub pupil: PupilId,
    /// The school that reported.
    pub school: OrgId,
    /// The municipality whose leerplichtambtenaar handles it now: the municipality of
    /// residence when reported, another one after forwarding.
    pub municipality: OrgId,
    #[serde(rename = "type")]
    pub kind: ReportType,
    /// The day the threshold was reached.
    pub signal_on: Date,
    /// The absence counted: first and last day.
    pub period: Period,
    /// Minutes of absence counted in `period`.
    pub minutes: u32,
    /// Times counted (late arrivals for overig verzuim), else 0.
    #[serde(default)]
    pub times: u32,
    /// The legal basis of the report duty or the signal, as cited.
    pub basis: String,
    /// The school's explanation for the leerplichtambtenaar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub status: ReportStatus,
}

/// What happened to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum ReportChange {
    /// The school made the report; it went to this municipality.
    Registered { municipality: OrgId },
    Status {
        from: ReportStatus,
        to: ReportStatus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Forwarded to another municipality (the pupil moved); the status returns to
    /// Geregistreerd there.
    Forwarded {
        from: OrgId,
        to: OrgId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
}

/// One step in a report's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportEvent {
    pub at: DateTime<Utc>,
    /// The user, by name.
    pub by: String,
    pub org: OrgId,
    pub org_name: String,
    pub change: ReportChange,
}

/// Why a change to a report is refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("een melding met status {0} kan niet meer veranderen")]
    Final(ReportStatus),
    #[error("de status staat al op {0}")]
    Unchanged(ReportStatus),
    #[error("alleen de school die meldde kan een melding intrekken")]
    OnlySchoolWithdraws,
    #[error("de school kan een melding alleen intrekken, niet op {0} zetten")]
    SchoolOnlyWithdraws(ReportStatus),
    #[error("een melding gaat niet terug naar {0}")]
    Backwards(ReportStatus),
    #[error("alleen de gemeente die de melding heeft, kan haar doorsturen")]
    OnlyGemeenteForwards,
    #[error("de melding ligt al bij deze gemeente")]
    SameMunicipality,
}

impl AbsenceReport {
    /// Checks a status change by `side` and, when allowed, applies it.
    pub fn change_status(
        &mut self,
        side: ReportSide,
        to: ReportStatus,
    ) -> Result<ReportChange, ReportError> {
        let from = self.status;
        if from.is_final() {
            return Err(ReportError::Final(from));
        }
        if from == to {
            return Err(ReportError::Unchanged(to));
        }
        match (side, to) {
            (ReportSide::School, ReportStatus::Ingetrokken) => {}
            (ReportSide::School, other) => return Err(ReportError::SchoolOnlyWithdraws(other)),
            (ReportSide::Gemeente, ReportStatus::Ingetrokken) => {
                return Err(ReportError::OnlySchoolWithdraws);
            }
            (ReportSide::Gemeente, ReportStatus::Geregistreerd) => {
                return Err(ReportError::Backwards(to));
            }
            (ReportSide::Gemeente, _) => {}
        }
        self.status = to;
        Ok(ReportChange::Status {
            from,
            to,
            note: None,
        })
    }

    /// Checks forwarding to `to` by `side` and, when allowed, applies it: the report goes
    /// to the other municipality and is Geregistreerd there.
    pub fn forward(&mut self, side: ReportSide, to: OrgId) -> Result<ReportChange, ReportError> {
        if side != ReportSide::Gemeente {
            return Err(ReportError::OnlyGemeenteForwards);
        }
        if self.status.is_final() {
            return Err(ReportError::Final(self.status));
        }
        if self.municipality == to {
            return Err(ReportError::SameMunicipality);
        }
        let from = self.municipality;
        self.municipality = to;
        self.status = ReportStatus::Geregistreerd;
        Ok(ReportChange::Forwarded {
            from,
            to,
            note: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportSide::*;
    use ReportStatus::*;

    fn report(status: ReportStatus) -> AbsenceReport {
        let d = Date::from_ymd_opt(2026, 9, 25).unwrap();
        AbsenceReport {
            pupil: PupilId::from_u128(1),
            school: OrgId::from_u128(2),
            municipality: OrgId::from_u128(3),
            kind: ReportType::Melding16Uur,
            signal_on: d,
            period: Period::new(Date::from_ymd_opt(2026, 9, 1).unwrap(), Some(d)).unwrap(),
            minutes: 960,
            times: 0,
            basis: "Leerplichtwet 1969, art. 21a".into(),
            note: None,
            status,
        }
    }

    /// Every (from, side, to): allowed or the reason it is not.
    #[test]
    fn status_changes_follow_the_roles() {
        let allowed = [
            (Geregistreerd, Gemeente, InBehandeling),
            (Geregistreerd, Gemeente, Afgesloten),
            (Geregistreerd, Gemeente, TerKennisgevingAangenomen),
            (InBehandeling, Gemeente, Afgesloten),
            (InBehandeling, Gemeente, TerKennisgevingAangenomen),
            (Geregistreerd, School, Ingetrokken),
            (InBehandeling, School, Ingetrokken),
        ];
        for from in ReportStatus::ALL {
            for side in [School, Gemeente] {
                for to in ReportStatus::ALL {
                    let mut r = report(from);
                    let got = r.change_status(side, to);
                    let want = allowed.contains(&(from, side, to));
                    assert_eq!(got.is_ok(), want, "{from:?} by {side:?} to {to:?}: {got:?}");
                    assert_eq!(r.status, if want { to } else { from });
                }
            }
        }
    }

    #[test]
    fn refusals_say_why() {
        let mut r = report(Afgesloten);
        assert_eq!(
            r.change_status(Gemeente, InBehandeling)
                .unwrap_err()
                .to_string(),
            "een melding met status Afgesloten kan niet meer veranderen"
        );
        let mut r = report(Geregistreerd);
        assert_eq!(
            r.change_status(Gemeente, Ingetrokken).unwrap_err(),
            ReportError::OnlySchoolWithdraws
        );
        assert_eq!(
            r.change_status(School, Afgesloten).unwrap_err(),
            ReportError::SchoolOnlyWithdraws(Afgesloten)
        );
    }

    #[test]
    fn forwarding_moves_the_report_and_registers_it_again() {
        let mut r = report(InBehandeling);
        let other = OrgId::from_u128(4);
        assert_eq!(
            r.forward(School, other),
            Err(ReportError::OnlyGemeenteForwards)
        );
        assert_eq!(
            r.forward(Gemeente, r.municipality),
            Err(ReportError::SameMunicipality)
        );
        let change = r.forward(Gemeente, other).unwrap();
        assert_eq!(
            change,
            ReportChange::Forwarded {
                from: OrgId::from_u128(3),
                to: other,
                note: None
            }
        );
        assert_eq!((r.municipality, r.status), (other, Geregistreerd));
        let mut closed = report(Ingetrokken);
        assert_eq!(
            closed.forward(Gemeente, other),
            Err(ReportError::Final(Ingetrokken))
        );
    }

    #[test]
    fn codes_round_trip_and_serde_uses_them() {
        for t in ReportType::ALL {
            assert_eq!(ReportType::parse(t.code()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.code());
        }
        for s in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code());
        }
    }
}
