//! The vrijstellingenregister and the arrangements of a school, as the store hands them
//! out: the versioned record with the names a reader needs beside it.

use continuum_domain::Date;
use continuum_domain::arrangement::{Arrangement, ArrangementKind};
use continuum_domain::exemption::{Exemption, ExemptionGround, ExemptionRequest};
use continuum_domain::ids::{ArrangementId, ExemptionId, OrgId, PupilId};
use continuum_domain::register::Versioned;

/// An exemption from enrolment (Leerplichtwet art. 5, 5a, 15) in the register of the
/// municipality that holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExemptionFile {
    pub exemption: Versioned<ExemptionId, Exemption>,
    /// The pupil's name, for lists: everyone who may read the exemption knows the pupil.
    pub pupil_name: String,
    pub birth_date: Date,
    pub municipality_name: String,
}

/// A request for an exemption under art. 5 onder a, at the step it has reached.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFile {
    pub request: Versioned<ExemptionId, ExemptionRequest>,
    pub pupil_name: String,
    pub birth_date: Date,
    pub municipality_name: String,
}

/// Which exemptions a register list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExemptionFilter {
    pub ground: Option<ExemptionGround>,
    /// Only exemptions whose period contains this day.
    pub in_force_on: Option<Date>,
}

/// An arrangement as one reader sees it. The school that records it and the SWV of that
/// school see every pupil named; a municipality or parents see only the pupils they have
/// a relation with, and how many others there are.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrangementFile {
    /// `record.pupils` holds only the pupils this reader may see.
    pub arrangement: Versioned<ArrangementId, Arrangement>,
    pub school_name: String,
    /// The names of `record.pupils`, in the same order.
    pub pupil_names: Vec<String>,
    /// Pupils in the arrangement this reader does not see.
    pub hidden_pupils: u32,
}

/// Which arrangements a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArrangementFilter {
    pub school: Option<OrgId>,
    /// Only arrangements that name this pupil.
    pub pupil: Option<PupilId>,
    pub kind: Option<ArrangementKind>,
    /// Only arrangements whose period contains this day.
    pub in_force_on: Option<Date>,
}

/// An enrolment of a pupil, for scans that need to know who is enrolled where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrolmentRow {
    pub pupil: PupilId,
    pub school: OrgId,
    pub period: continuum_domain::period::Period,
}
