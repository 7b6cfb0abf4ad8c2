//! Leerplichtwet 1969, art. 5 onder a, 6 and 7 — the gate between a request and the
//! register: a request is registered only when `check_vrijstelling` finds it complete, and
//! a yearly renewal of an art. 5 onder a exemption is checked by the same rule.

use super::super::vrijstelling::{
    Completeness, Element, Missing, Statement, VrijstellingRequest, check_vrijstelling,
};
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::Tracer;
use continuum_domain::Date;
use continuum_domain::exemption::{
    Dossier5a, Exemption, ExemptionGround, ExemptionRequest, Renewal, Statement5a,
};
use continuum_domain::period::Period;

/// Why a request was not registered. The edge maps it (STYLE §4); the elements of
/// `Incomplete` serialise as the completeness check's `missing`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    /// Registered or refused already.
    #[error("over deze aanvraag is al besloten")]
    AlreadyDecided,
    /// The completeness check lists what is missing or not lawful.
    #[error("de aanvraag is niet volledig: {}", list(missing))]
    Incomplete { missing: Vec<Missing> },
    /// The input cannot be right, or a parameter has no value on the date.
    #[error("{0}")]
    Rule(#[from] RuleError),
}

impl RegisterError {
    /// The stable code of the error catalogue.
    pub fn code(&self) -> &'static str {
        match self {
            RegisterError::AlreadyDecided => "vrijstelling.al_besloten",
            RegisterError::Incomplete { .. } => "vrijstelling.onvolledig",
            RegisterError::Rule(e) => e.code(),
        }
    }
}

fn list(missing: &[Missing]) -> String {
    missing
        .iter()
        .map(|m| m.explanation.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The statement as the completeness check reads it.
pub fn statement_for_check(s: &Statement5a) -> Statement {
    Statement {
        by: s.by,
        designated_by_municipality: s.designated_by_municipality,
        treating_physician: s.treating_physician,
        date: s.date,
        never_fit: s.never_fit,
    }
}

/// The request as the completeness check reads it.
pub fn vrijstelling_request(req: &ExemptionRequest) -> VrijstellingRequest {
    VrijstellingRequest {
        invoked_by_parent: req.notification.by_parent,
        notified_on: req.notification.received_on,
        renewal: false,
        statement: req.statement.as_ref().map(statement_for_check),
        period: req.notification.period,
        educational_perspective: req.perspective.is_some(),
        casusregisseur: req.casusregisseur.as_ref().map(|c| c.name.clone()),
    }
}

/// Registers `req` when the completeness check (evaluated on `on`) finds it complete;
/// otherwise lists every element that is missing or not lawful. The caller stores the
/// exemption and records the decision on the request (`mark_registered`).
pub fn register<T: Tracer>(
    req: &ExemptionRequest,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Exemption, RegisterError> {
    if req.decision.is_some() {
        return Err(RegisterError::AlreadyDecided);
    }
    let answer = check_vrijstelling(&vrijstelling_request(req), on, p, trace)?;
    if let Completeness::Incomplete { missing } = answer {
        return Err(RegisterError::Incomplete { missing });
    }
    // Complete means statement, perspective and a named casusregisseur are present; the
    // `let` only turns that into types.
    let (Some(statement), Some(perspective), Some(casusregisseur)) = (
        req.statement.clone(),
        req.perspective.clone(),
        req.casusregisseur.clone(),
    ) else {
        return Err(RegisterError::Rule(RuleError::invalid(
            "request",
            "de toets vond de aanvraag volledig, maar een onderdeel ontbreekt",
        )));
    };
    Ok(Exemption {
        pupil: req.pupil,
        municipality: req.municipality,
        ground: ExemptionGround::Art5OnderA,
        period: req.notification.period,
        notified_on: req.notification.received_on,
        renewals: Vec::new(),
        dossier: Some(Dossier5a {
            statement,
            perspective,
            casusregisseur,
            evaluations: req.evaluations.clone(),
            development_offers: req.development_offers.clone(),
        }),
    })
}

/// Checks a yearly renewal of an exemption under art. 5 onder a with the same rule: by a
/// parent, a fresh statement (not needed when the last one said "never", art. 6 lid 3), in
/// time (art. 6 lid 2 onder b), with the dossier's perspective and casusregisseur.
///
/// The period checked runs from the first day of the renewal's school year to the end of
/// the exemption. The minimum duration (seed 000) concerns the exemption as a whole and was
/// checked at registration, so a last part shorter than a year is not reported here.
pub fn check_renewal<T: Tracer>(
    exemption: &Exemption,
    renewal: &Renewal,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Completeness, RuleError> {
    let Some(dossier) = exemption
        .dossier
        .as_ref()
        .filter(|_| exemption.ground.has_dossier())
    else {
        return Err(RuleError::invalid(
            "exemption.ground",
            format!(
                "alleen een vrijstelling op grond van art. 5 onder a wordt zo getoetst, niet {}",
                exemption.ground.article_nl()
            ),
        ));
    };
    let year_start = renewal.school_year.period().start();
    let start = year_start.max(exemption.period.start());
    let period = Period::new(start, exemption.period.end()).map_err(|_| {
        RuleError::invalid(
            "renewal.schoolYear",
            format!(
                "de vrijstelling loopt niet meer in schooljaar {}",
                renewal.school_year.label()
            ),
        )
    })?;
    let statement = match &renewal.statement {
        Some(s) => Some(statement_for_check(s)),
        // "Never fit": the earlier statement stands (art. 6 lid 3).
        None if exemption.never_fit() => Some(statement_for_check(&dossier.statement)),
        None => None,
    };
    let req = VrijstellingRequest {
        invoked_by_parent: renewal.by_parent,
        notified_on: renewal.notified_on,
        renewal: true,
        statement,
        period,
        educational_perspective: true,
        casusregisseur: Some(dossier.casusregisseur.name.clone()),
    };
    Ok(match check_vrijstelling(&req, on, p, trace)? {
        Completeness::Incomplete { missing } => {
            let missing: Vec<Missing> = missing
                .into_iter()
                .filter(|m| m.element != Element::DurationTooShort)
                .collect();
            if missing.is_empty() {
                Completeness::Complete
            } else {
                Completeness::Incomplete { missing }
            }
        }
        complete => complete,
    })
}
