//! Who may see and change a pupil's data (DOMAIN §5; issue 2 point 5).
//!
//! An organisation sees a pupil only while it has a current relation with that pupil:
//! the school of enrolment, that school's SWV, the municipality of residence, the
//! zorgkantoor of the pupil's region when there is a Wlz indication, the insurer when
//! there is a Zvw indication, a provider assigned to the pupil, and the parents' account.
//! Everyone else is told the pupil does not exist (the server answers 404).

use crate::Date;
use crate::ids::OrgId;
use crate::register::{CareLaw, Fact, FactKind, Pupil, PupilFact};
use crate::role::Role;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The school location where the pupil is enrolled.
    SchoolOfEnrolment,
    /// The SWV of that school.
    SwvOfSchool,
    /// The municipality of residence.
    MunicipalityOfResidence,
    /// The zorgkantoor of the pupil's region, while the pupil has a Wlz indication.
    ZorgkantoorWlz,
    /// The pupil's insurer, while the pupil has a Zvw indication.
    InsurerZvw,
    /// A care provider assigned to the pupil.
    AssignedProvider,
    /// The pupil's parents or guardians.
    Parents,
}

impl Relation {
    pub const ALL: [Relation; 7] = [
        Relation::SchoolOfEnrolment,
        Relation::SwvOfSchool,
        Relation::MunicipalityOfResidence,
        Relation::ZorgkantoorWlz,
        Relation::InsurerZvw,
        Relation::AssignedProvider,
        Relation::Parents,
    ];
    pub fn label(&self) -> &'static str {
        match self {
            Relation::SchoolOfEnrolment => "school van inschrijving",
            Relation::SwvOfSchool => "samenwerkingsverband van de school",
            Relation::MunicipalityOfResidence => "woongemeente",
            Relation::ZorgkantoorWlz => "zorgkantoor (Wlz-indicatie)",
            Relation::InsurerZvw => "zorgverzekeraar (Zvw-indicatie)",
            Relation::AssignedProvider => "zorgaanbieder van de leerling",
            Relation::Parents => "ouders of verzorgers",
        }
    }

    /// Which kinds of fact an organisation in this relation records. Facts that name an
    /// organisation (enrolment, TLV, indication) may moreover only be recorded by that
    /// organisation itself — see [`decide`].
    pub fn writes(&self, kind: FactKind) -> bool {
        use FactKind::*;
        match self {
            Relation::SchoolOfEnrolment => {
                matches!(kind, Enrolment | Need | Guardianship | ProviderAssignment)
            }
            Relation::SwvOfSchool => matches!(kind, Tlv | Need),
            Relation::MunicipalityOfResidence | Relation::ZorgkantoorWlz | Relation::InsurerZvw => {
                matches!(kind, Indication | ProviderAssignment)
            }
            Relation::AssignedProvider | Relation::Parents => false,
        }
    }

    /// Who sees a pupil's absence (verzuim): the school that records it, its SWV, the
    /// municipality whose leerplichtambtenaar follows it up (Leerplichtwet art. 16) and the
    /// parents. Care providers, zorgkantoor and insurer do not need it.
    pub fn reads_absence(&self) -> bool {
        matches!(
            self,
            Relation::SchoolOfEnrolment
                | Relation::SwvOfSchool
                | Relation::MunicipalityOfResidence
                | Relation::Parents
        )
    }

    /// Only the school of enrolment records absence (its administration, art. 21a).
    pub fn writes_absence(&self) -> bool {
        matches!(self, Relation::SchoolOfEnrolment)
    }

    /// Who reads a pupil's exemption from enrolment (vrijstelling, Leerplichtwet art. 5, 5a,
    /// 15): the municipality of residence that keeps the register (art. 6), the school of
    /// enrolment (it must know why a pupil need not attend), its SWV (it gives the
    /// educational perspective before an exemption 5 onder a) and the parents, who invoked
    /// it. Care providers, zorgkantoor and insurer do not need it.
    pub fn reads_exemption(&self) -> bool {
        matches!(
            self,
            Relation::SchoolOfEnrolment
                | Relation::SwvOfSchool
                | Relation::MunicipalityOfResidence
                | Relation::Parents
        )
    }

    /// Only the municipality of residence registers exemptions (art. 6: the parents notify
    /// the municipality where the child lives; its leerplichtambtenaar keeps the register).
    pub fn writes_exemption(&self) -> bool {
        matches!(self, Relation::MunicipalityOfResidence)
    }

    /// Who reads an arrangement a pupil is named in (onderwijszorgarrangement, reduced
    /// teaching time): the school that records it, its SWV, the municipality of residence
    /// (leerplicht: reduced teaching time is not verzuim) and the parents. The store shows
    /// parents only an arrangement for their child alone, never a group's.
    pub fn reads_arrangement(&self) -> bool {
        matches!(
            self,
            Relation::SchoolOfEnrolment
                | Relation::SwvOfSchool
                | Relation::MunicipalityOfResidence
                | Relation::Parents
        )
    }

    /// Only the school of enrolment records an arrangement for its pupils.
    pub fn writes_arrangement(&self) -> bool {
        matches!(self, Relation::SchoolOfEnrolment)
    }

    /// May an organisation in this relation change the pupil's own record (name, address)?
    pub fn writes_pupil_record(&self) -> bool {
        matches!(
            self,
            Relation::SchoolOfEnrolment | Relation::MunicipalityOfResidence
        )
    }
}

/// What the store knows about the organisations around a pupil, needed to derive the
/// indirect relations (a school's SWV, the zorgkantoor covering a municipality).
pub trait OrgLinks {
    fn swv_of_school(&self, school: OrgId) -> Option<OrgId>;
    fn zorgkantoor_of_municipality(&self, municipality: OrgId) -> Option<OrgId>;
}

/// Every (organisation, relation) a pupil has on a date, derived from the current version
/// of the pupil and its facts. The list can hold one organisation several times.
pub fn relations(
    pupil: &Pupil,
    facts: &[PupilFact],
    links: &dyn OrgLinks,
    on: Date,
) -> Vec<(OrgId, Relation)> {
    let mut out = vec![(pupil.municipality, Relation::MunicipalityOfResidence)];
    let current = facts.iter().filter(|f| f.pupil_is_current(on));
    for f in current {
        match &f.fact {
            Fact::Enrolment { school, .. } => {
                out.push((*school, Relation::SchoolOfEnrolment));
                if let Some(swv) = links.swv_of_school(*school) {
                    out.push((swv, Relation::SwvOfSchool));
                }
            }
            Fact::Indication {
                law: CareLaw::Wlz, ..
            } => {
                if let Some(zk) = links.zorgkantoor_of_municipality(pupil.municipality) {
                    out.push((zk, Relation::ZorgkantoorWlz));
                }
            }
            // The insurer that decided the indication: after a change of insurer it can
            // still see and end its own decision.
            Fact::Indication {
                law: CareLaw::Zvw,
                funder,
                ..
            } => out.push((*funder, Relation::InsurerZvw)),
            Fact::ProviderAssignment { provider } => {
                out.push((*provider, Relation::AssignedProvider))
            }
            Fact::Guardianship { parents } => out.push((*parents, Relation::Parents)),
            Fact::Indication { .. } | Fact::Tlv { .. } | Fact::Need { .. } => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The relation a new fact gives its own organisation, for deciding that very write. Only
/// a funder whose relation *is* the indication: the zorgkantoor covering the pupil's
/// municipality for a Wlz indication, the pupil's own insurer for a Zvw indication.
/// Without this the first such indication could never be recorded.
pub fn relation_created_by(
    pupil: &Pupil,
    fact: &Fact,
    links: &dyn OrgLinks,
) -> Option<(OrgId, Relation)> {
    match fact {
        Fact::Indication {
            law: CareLaw::Wlz,
            funder,
            ..
        } if links.zorgkantoor_of_municipality(pupil.municipality) == Some(*funder) => {
            Some((*funder, Relation::ZorgkantoorWlz))
        }
        Fact::Indication {
            law: CareLaw::Zvw,
            funder,
            ..
        } if pupil.insurer == Some(*funder) => Some((*funder, Relation::InsurerZvw)),
        _ => None,
    }
}

impl PupilFact {
    fn pupil_is_current(&self, on: Date) -> bool {
        self.period.contains(on)
    }
}

/// What an actor wants to do with a pupil's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Read,
    WritePupil,
    WriteFact(FactKind),
    /// Read the pupil's absence records.
    ReadAbsence,
    /// Record absence (the store checks moreover that the pupil was enrolled at the
    /// actor's school on the day of each record).
    WriteAbsence,
    /// Read the pupil's exemptions from enrolment and requests for one.
    ReadExemption,
    /// Register an exemption or record a step of a request (the municipality of residence).
    WriteExemption,
    /// Read an arrangement the pupil is named in.
    ReadArrangement,
    /// Name the pupil in an arrangement of the actor's school.
    WriteArrangement,
}

/// The outcome of an access check. `Hidden` means: act as if the pupil does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allowed,
    /// The organisation has a relation but the role or relation does not allow this action.
    Forbidden,
    /// No relation: existence must not be revealed.
    Hidden,
}

/// Decides one action of a user (its organisation and role) on one pupil. For a fact
/// write, `fact_org` is the organisation the new fact names (the school of an enrolment,
/// the funder of an indication, …): an organisation records only its own decisions.
pub fn decide(
    org: OrgId,
    role: Role,
    relations: &[(OrgId, Relation)],
    action: Action,
    fact_org: Option<OrgId>,
) -> Decision {
    let mine: Vec<Relation> = relations
        .iter()
        .filter(|(o, _)| *o == org)
        .map(|(_, r)| *r)
        .collect();
    if mine.is_empty() {
        return Decision::Hidden;
    }
    let allowed = match action {
        Action::Read => true,
        Action::WritePupil => role.may_write() && mine.iter().any(Relation::writes_pupil_record),
        Action::WriteFact(kind) => {
            let own_decision = match kind {
                FactKind::Enrolment | FactKind::Tlv | FactKind::Indication => fact_org == Some(org),
                _ => true,
            };
            role.may_write() && own_decision && mine.iter().any(|r| r.writes(kind))
        }
        Action::ReadAbsence => mine.iter().any(Relation::reads_absence),
        Action::WriteAbsence => role.may_write() && mine.iter().any(Relation::writes_absence),
        Action::ReadExemption => mine.iter().any(Relation::reads_exemption),
        Action::WriteExemption => role.may_write() && mine.iter().any(Relation::writes_exemption),
        Action::ReadArrangement => mine.iter().any(Relation::reads_arrangement),
        Action::WriteArrangement => {
            role.may_write() && mine.iter().any(Relation::writes_arrangement)
        }
    };
    if allowed {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

/// Who needs the full PGN (BSN or onderwijsnummer): the school and its SWV (exchange with
/// DUO), the municipality of residence (BRP), and the parents. Everyone else sees it
/// masked (DOMAIN §5: the BSN is never shown where it is not needed).
pub fn sees_full_pgn(relations: &[Relation]) -> bool {
    relations.iter().any(|r| {
        matches!(
            r,
            Relation::SchoolOfEnrolment
                | Relation::SwvOfSchool
                | Relation::MunicipalityOfResidence
                | Relation::Parents
        )
    })
}

/// Who may export a pupil's audit log: the parents (their data-access request, AVG art.
/// 15) and the beheerder of an organisation with a relation (its privacy officer's work).
pub fn may_export_audit(role: Role, relations: &[Relation]) -> bool {
    !relations.is_empty() && (relations.contains(&Relation::Parents) || role == Role::Beheerder)
}

#[cfg(test)]
mod tests;
