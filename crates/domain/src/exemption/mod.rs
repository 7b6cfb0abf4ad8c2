//! The vrijstellingenregister: exemptions from enrolment under the Leerplichtwet 1969 (art.
//! 5 onder a, b and c, art. 5a, art. 15), their yearly renewals (art. 6 lid 2 onder b) and,
//! for art. 5 onder a, the dossier and the request that precedes registration.
//!
//! Plain records: the store keeps them as `Versioned<ExemptionId, Exemption>`; the rules
//! crate decides what is complete, due or missing (`continuum_rules::leerplichtwet`).

mod dossier;
mod ground;
mod request;

pub use dossier::{
    Casusregisseur, DevelopmentOffer, Dossier5a, EducationalPerspective, Evaluation, Statement5a,
    StatementBy,
};
pub use ground::ExemptionGround;
pub use request::{Decision, ExemptionRequest, Notification, RequestStep};

use crate::Date;
use crate::ids::{OrgId, PupilId};
use crate::period::{Period, SchoolYear};
use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

/// A yearly renewal of the notification (art. 6 lid 2 onder b), for one school year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Renewal {
    /// The school year the renewal is for (named by its first calendar year).
    pub school_year: SchoolYear,
    pub notified_on: Date,
    /// Made by a parent or carer (art. 6 lid 1 with art. 2 lid 1).
    pub by_parent: bool,
    /// For art. 5 onder a: the new statement of art. 7 sent with it. Not needed when the
    /// earlier statement says the child will never be fit (art. 6 lid 3).
    #[serde(default)]
    pub statement: Option<Statement5a>,
}

/// An exemption in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exemption {
    pub pupil: PupilId,
    /// The municipality where the child is registered in the BRP (art. 6 lid 1).
    pub municipality: OrgId,
    pub ground: ExemptionGround,
    /// The exemption's period; no end: until further notice.
    pub period: Period,
    /// The day the first notification (or for art. 15 the request) was received.
    pub notified_on: Date,
    #[serde(default)]
    pub renewals: Vec<Renewal>,
    /// Present for art. 5 onder a, absent for every other ground.
    #[serde(default)]
    pub dossier: Option<Dossier5a>,
}

impl Exemption {
    /// An exemption on a ground without a dossier (art. 5 onder b or c, art. 5a, art. 15).
    /// Art. 5 onder a goes through an [`ExemptionRequest`] and the rules crate's gate.
    pub fn without_dossier(
        pupil: PupilId,
        municipality: OrgId,
        ground: ExemptionGround,
        period: Period,
        notified_on: Date,
    ) -> Result<Exemption, FieldError> {
        if ground.has_dossier() {
            return Err(FieldError::new(
                "ground",
                "Een vrijstelling op grond van art. 5 onder a gaat via een aanvraag met verklaring, perspectief en casusregisseur.",
            ));
        }
        Ok(Exemption {
            pupil,
            municipality,
            ground,
            period,
            notified_on,
            renewals: Vec::new(),
            dossier: None,
        })
    }

    /// The statement says the child will never be fit to be admitted to a school: the
    /// latest statement (of a renewal, else of the dossier) counts. Only art. 5 onder a.
    pub fn never_fit(&self) -> bool {
        if !self.ground.has_dossier() {
            return false;
        }
        let latest = self
            .renewals
            .iter()
            .filter_map(|r| r.statement.as_ref())
            .max_by_key(|s| s.date)
            .or(self.dossier.as_ref().map(|d| &d.statement));
        latest.is_some_and(|s| s.never_fit)
    }

    /// The renewal for `year`, when one was received.
    pub fn renewal_for(&self, year: SchoolYear) -> Option<&Renewal> {
        self.renewals.iter().find(|r| r.school_year == year)
    }

    /// Adds a renewal; one per school year, for a school year the exemption runs in.
    pub fn record_renewal(&mut self, renewal: Renewal) -> Result<(), FieldError> {
        let mut probe = self.renewals.clone();
        probe.push(renewal);
        let index = probe.len() - 1;
        if let Some(e) = self
            .renewal_problems(&probe)
            .into_iter()
            .find(|e| e.field.starts_with(&format!("renewals[{index}]")))
        {
            return Err(e);
        }
        self.renewals = probe;
        Ok(())
    }

    /// Every field that holds a value the register does not allow, all at once.
    pub fn problems(&self) -> Vec<FieldError> {
        let mut found = Vec::new();
        match (&self.dossier, self.ground.has_dossier()) {
            (None, true) => found.push(FieldError::new(
                "dossier",
                "Bij art. 5 onder a horen de verklaring, het perspectief en de casusregisseur.",
            )),
            (Some(_), false) => found.push(FieldError::new(
                "dossier",
                format!(
                    "Bij {} hoort geen dossier 5 onder a.",
                    self.ground.article_nl()
                ),
            )),
            _ => {}
        }
        if let Some(d) = &self.dossier {
            if d.statement.name.trim().is_empty() {
                found.push(FieldError::new(
                    "dossier.statement.name",
                    "Vul de naam in van wie de verklaring gaf.",
                ));
            }
            if d.casusregisseur.name.trim().is_empty() {
                found.push(FieldError::new(
                    "dossier.casusregisseur.name",
                    "Vul de naam van de casusregisseur in.",
                ));
            }
            for (i, e) in d.evaluations.iter().enumerate() {
                if e.held_on.is_some_and(|h| h < self.period.start()) {
                    found.push(FieldError::new(
                        format!("dossier.evaluations[{i}].heldOn"),
                        "Een evaluatie kan niet voor het begin van de vrijstelling zijn gehouden.",
                    ));
                }
            }
            for (i, o) in d.development_offers.iter().enumerate() {
                if o.description.trim().is_empty() {
                    found.push(FieldError::new(
                        format!("dossier.developmentOffers[{i}].description"),
                        "Beschrijf het ontwikkelingsaanbod.",
                    ));
                }
            }
        }
        found.extend(self.renewal_problems(&self.renewals));
        found
    }

    fn renewal_problems(&self, renewals: &[Renewal]) -> Vec<FieldError> {
        let mut found = Vec::new();
        for (i, r) in renewals.iter().enumerate() {
            let field = |f: &str| format!("renewals[{i}].{f}");
            if !self.ground.yearly_notification() {
                found.push(FieldError::new(
                    field("schoolYear"),
                    format!(
                        "Een vrijstelling op grond van {} wordt niet elk jaar opnieuw gemeld.",
                        self.ground.article_nl()
                    ),
                ));
            } else if !r.school_year.period().overlaps(&self.period) {
                found.push(FieldError::new(
                    field("schoolYear"),
                    format!(
                        "De vrijstelling loopt niet in schooljaar {}.",
                        r.school_year.label()
                    ),
                ));
            } else if renewals[..i].iter().any(|o| o.school_year == r.school_year) {
                found.push(FieldError::new(
                    field("schoolYear"),
                    format!(
                        "Voor schooljaar {} is al een kennisgeving ontvangen.",
                        r.school_year.label()
                    ),
                ));
            }
            if r.statement.is_some() && !self.ground.has_dossier() {
                found.push(FieldError::new(
                    field("statement"),
                    "Alleen bij art. 5 onder a hoort een verklaring.",
                ));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests;
