//! A request for an exemption under art. 5 onder a that is not registered yet: the parents'
//! notification and the parts collected since. The step it is at follows from the parts, so
//! it cannot disagree with them; only the decision is recorded. The rules engine's
//! completeness check (`continuum_rules::leerplichtwet::register`) gates registration.

use super::dossier::{
    Casusregisseur, DevelopmentOffer, EducationalPerspective, Evaluation, Statement5a,
};
use crate::Date;
use crate::ids::{OrgId, PupilId};
use crate::period::Period;
use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// The parents' notification to the municipality (art. 6 lid 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub received_on: Date,
    /// Made by a person of art. 2 lid 1: a parent or carer.
    pub by_parent: bool,
    /// The exemption asked for; no end: until further notice.
    pub period: Period,
}

/// What became of the request. Registration is done by the rules crate's gate; this is
/// the record of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Decision {
    Registered { on: Date },
    Refused { on: Date, reason: String },
}

/// A request for an exemption under art. 5 onder a. Its id (an `ExemptionId`, kept by the
/// store beside it) becomes the id of the exemption it turns into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExemptionRequest {
    pub pupil: PupilId,
    /// The municipality where the child is registered in the BRP (art. 6 lid 1).
    pub municipality: OrgId,
    pub notification: Notification,
    #[serde(default)]
    pub statement: Option<Statement5a>,
    #[serde(default)]
    pub perspective: Option<EducationalPerspective>,
    #[serde(default)]
    pub casusregisseur: Option<Casusregisseur>,
    /// Evaluations scheduled so far.
    #[serde(default)]
    pub evaluations: Vec<Evaluation>,
    #[serde(default)]
    pub development_offers: Vec<DevelopmentOffer>,
    #[serde(default)]
    pub decision: Option<Decision>,
}

/// Where a request stands: the first part still missing, in the order the work is done
/// (notification received → statement → perspective → casusregisseur → check →
/// registered or refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStep {
    AwaitingStatement,
    AwaitingPerspective,
    AwaitingCasusregisseur,
    ReadyForCheck,
    Registered,
    Refused,
}

impl RequestStep {
    pub const ALL: [RequestStep; 6] = [
        RequestStep::AwaitingStatement,
        RequestStep::AwaitingPerspective,
        RequestStep::AwaitingCasusregisseur,
        RequestStep::ReadyForCheck,
        RequestStep::Registered,
        RequestStep::Refused,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStep::AwaitingStatement => "wacht_op_verklaring",
            RequestStep::AwaitingPerspective => "wacht_op_perspectief",
            RequestStep::AwaitingCasusregisseur => "wacht_op_casusregisseur",
            RequestStep::ReadyForCheck => "klaar_voor_toets",
            RequestStep::Registered => "geregistreerd",
            RequestStep::Refused => "afgewezen",
        }
    }

    /// For the leerplichtambtenaar's list, in plain Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            RequestStep::AwaitingStatement => {
                "Kennisgeving ontvangen. Wacht op de verklaring van de arts, pedagoog of psycholoog."
            }
            RequestStep::AwaitingPerspective => {
                "Wacht op het onderwijskundig perspectief van het samenwerkingsverband."
            }
            RequestStep::AwaitingCasusregisseur => {
                "De gemeente moet nog een casusregisseur kiezen."
            }
            RequestStep::ReadyForCheck => "Alles is binnen. De aanvraag kan worden getoetst.",
            RequestStep::Registered => "De vrijstelling staat in het register.",
            RequestStep::Refused => "De aanvraag is afgewezen.",
        }
    }
}

impl ExemptionRequest {
    /// A request as the notification opens it: nothing else collected yet.
    pub fn new(
        pupil: PupilId,
        municipality: OrgId,
        notification: Notification,
    ) -> ExemptionRequest {
        ExemptionRequest {
            pupil,
            municipality,
            notification,
            statement: None,
            perspective: None,
            casusregisseur: None,
            evaluations: Vec::new(),
            development_offers: Vec::new(),
            decision: None,
        }
    }

    pub fn step(&self) -> RequestStep {
        match &self.decision {
            Some(Decision::Registered { .. }) => RequestStep::Registered,
            Some(Decision::Refused { .. }) => RequestStep::Refused,
            None if self.statement.is_none() => RequestStep::AwaitingStatement,
            None if self.perspective.is_none() => RequestStep::AwaitingPerspective,
            None if self
                .casusregisseur
                .as_ref()
                .is_none_or(|c| c.name.trim().is_empty()) =>
            {
                RequestStep::AwaitingCasusregisseur
            }
            None => RequestStep::ReadyForCheck,
        }
    }

    /// Records a refusal; a request that was decided already is not decided again.
    pub fn refuse(&mut self, on: Date, reason: &str) -> Result<(), FieldError> {
        if reason.trim().is_empty() {
            return Err(FieldError::new(
                "decision.reason",
                "Schrijf op waarom de aanvraag is afgewezen.",
            ));
        }
        self.decide(Decision::Refused {
            on,
            reason: reason.trim().to_owned(),
        })
    }

    /// Records that the exemption was registered (after the rules crate's gate let it through).
    pub fn mark_registered(&mut self, on: Date) -> Result<(), FieldError> {
        self.decide(Decision::Registered { on })
    }

    fn decide(&mut self, decision: Decision) -> Result<(), FieldError> {
        if self.decision.is_some() {
            return Err(FieldError::new(
                "decision",
                "Over deze aanvraag is al besloten.",
            ));
        }
        self.decision = Some(decision);
        Ok(())
    }
}
