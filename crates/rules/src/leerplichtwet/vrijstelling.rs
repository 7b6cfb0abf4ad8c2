//! Leerplichtwet 1969, art. 5 onder a, 6 and 7 — is a request for an exemption on physical or
//! psychological grounds complete and lawful; if not, every element that is missing or wrong.
//!
//! Law:
//! - Art. 5 onder a: the exemption, for a child not fit to be admitted to a school.
//! - Art. 6 lid 1: only the persons of art. 2 lid 1 (parents, carers) invoke it, by notifying
//!   the municipality where the child lives (BRP). Lid 2 onder b: a renewal before 1 July,
//!   every year (parameter `vrijstelling.renewal_before`) — not when the statement says the
//!   child will never be fit (lid 3, as DOMAIN §3.1 numbers it).
//! - Art. 7: a statement of a physician designated by the municipality who is not the
//!   treating physician, or of a designated pedagogue or psychologist; at most three months
//!   old (parameter `vrijstelling.statement_max_age`).
//!
//! Policy (seeds 000, 001, 002): the educational perspective of the SWV is present; the
//! exemption lasts at least one year (parameter `vrijstelling.minimum_duration`, seed 000);
//! the municipality named a casusregisseur (seed 000).
//!
//! To verify against the law text (docs/rules.md): the lid of art. 6 for "never fit" (3) and
//! whether art. 7 holds the three-month limit in a lid of its own. Cases:
//! `vrijstelling.cases.toml` beside this file.

use crate::citation::{Citation, Law};
use crate::dates::birthday;
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use chrono::Months;
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};
use serde::{Deserialize, Serialize};

const PERSPECTIVE_POLICY: &str = "seed 000; seed 001; seed 002";
const CASUSREGISSEUR_POLICY: &str = "seed 000";

/// A notification invoking art. 5 onder a, as the municipality received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VrijstellingRequest {
    /// Made by a person of art. 2 lid 1: a parent or carer.
    pub invoked_by_parent: bool,
    pub notified_on: Date,
    /// A yearly renewal rather than the first notification.
    #[serde(default)]
    pub renewal: bool,
    pub statement: Option<Statement>,
    /// The exemption asked for; no end: until further notice.
    pub period: Period,
    /// Policy: the SWV's educational perspective is part of the request.
    #[serde(default)]
    pub educational_perspective: bool,
    /// Policy: the casusregisseur the municipality named.
    pub casusregisseur: Option<String>,
}

/// The statement of art. 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub by: StatementBy,
    pub designated_by_municipality: bool,
    /// The physician treats the child (only a physician can be refused for this).
    #[serde(default)]
    pub treating_physician: bool,
    pub date: Date,
    /// The statement says the child will never be fit to be admitted to a school.
    #[serde(default)]
    pub never_fit: bool,
}

/// Who gave the statement; the register's own type (`continuum_domain::exemption`), so the
/// dossier of a registered exemption and this check speak of the same three professions.
pub use continuum_domain::exemption::StatementBy;

/// An element of the request that is missing or not lawful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    NotByParent,
    NoStatement,
    StatementNotDesignated,
    TreatingPhysician,
    StatementTooOld,
    LateRenewal,
    NoEducationalPerspective,
    DurationTooShort,
    NoCasusregisseur,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub element: Element,
    /// In Dutch, for the leerplichtambtenaar and the parents.
    pub explanation: String,
    pub basis: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Completeness {
    Complete,
    Incomplete { missing: Vec<Missing> },
}

fn lpw(article: &str, lid: Option<u32>) -> Citation {
    Citation::law(Law::Leerplichtwet, article, lid, None)
}

fn yes_no(b: bool) -> &'static str {
    if b { "ja" } else { "nee" }
}

/// Checks every element of `req` on `on`; lists all that fail, with the reasoning in `trace`.
pub fn check_vrijstelling<T: Tracer>(
    req: &VrijstellingRequest,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Completeness, RuleError> {
    let v = &p.vrijstelling;
    let (max_age, renewal_before, minimum) = (
        v.statement_max_age.at(on)?,
        v.renewal_before.at(on)?,
        v.minimum_duration.at(on)?,
    );
    let mut found = Findings(Vec::new());

    // Art. 6 lid 1 with art. 2 lid 1: only a parent or carer invokes the exemption.
    let by_parent = req.invoked_by_parent;
    trace.step(|| {
        Step::new(
            "Doet een ouder of verzorger de kennisgeving?",
            lpw("6", Some(1)),
        )
        .outcome(yes_no(by_parent))
    });
    found.require(
        by_parent,
        Element::NotByParent,
        || lpw("6", Some(1)),
        || "Alleen een ouder of verzorger kan een beroep doen op vrijstelling.".to_owned(),
    );

    // Art. 7: the statement.
    trace.step(|| {
        Step::new(
            "Is er een verklaring van een arts, pedagoog of psycholoog?",
            lpw("7", None),
        )
        .outcome(yes_no(req.statement.is_some()))
    });
    found.require(
        req.statement.is_some(),
        Element::NoStatement,
        || lpw("7", None),
        || {
            "De verklaring van een door de gemeente aangewezen arts, pedagoog of psycholoog ontbreekt."
            .to_owned()
        },
    );
    let never = req.statement.is_some_and(|s| s.never_fit);
    if let Some(s) = req.statement {
        if s.date > req.notified_on {
            let reason = format!("{} ligt na de kennisgeving van {}", s.date, req.notified_on);
            return Err(RuleError::invalid("statement.date", reason));
        }
        trace.step(|| {
            Step::new(
                "Is de verklaarder door de gemeente aangewezen?",
                lpw("7", None),
            )
            .input("verklaring van", format!("{:?}", s.by).to_lowercase())
            .outcome(yes_no(s.designated_by_municipality))
        });
        found.require(
            s.designated_by_municipality,
            Element::StatementNotDesignated,
            || lpw("7", None),
            || "De arts, pedagoog of psycholoog is niet door de gemeente aangewezen.".to_owned(),
        );
        let treating = s.by == StatementBy::Arts && s.treating_physician;
        if s.by == StatementBy::Arts {
            trace.step(|| {
                Step::new("Is de arts niet de behandelend arts?", lpw("7", None))
                    .outcome(yes_no(!treating))
            });
        }
        found.require(
            !treating,
            Element::TreatingPhysician,
            || lpw("7", None),
            || "De verklaring is van de behandelend arts; dat mag niet.".to_owned(),
        );
        // A renewal under a "never fit" statement needs no new statement (art. 6 lid 3).
        if !(req.renewal && never) {
            let oldest = req
                .notified_on
                .checked_sub_months(Months::new(max_age.value));
            let fresh = oldest.is_some_and(|o| s.date >= o);
            trace.step(|| {
                Step::new(
                    "Is de verklaring niet ouder dan drie maanden?",
                    max_age.cite.clone(),
                )
                .input("datum verklaring", s.date)
                .input("kennisgeving", req.notified_on)
                .input("maanden", max_age.value)
                .outcome(yes_no(fresh))
            });
            found.require(
                fresh,
                Element::StatementTooOld,
                || max_age.cite.clone(),
                || {
                    format!(
                        "De verklaring van {} is bij de kennisgeving van {} ouder dan {} maanden.",
                        s.date, req.notified_on, max_age.value
                    )
                },
            );
        }
    }

    // Art. 6 lid 2 onder b: a renewal before 1 July, for the next school year; lid 3: not
    // when the statement says "never".
    if req.renewal {
        let year = SchoolYear::containing(req.period.start());
        let deadline = renewal_before.value.in_year(year.0).ok_or_else(|| {
            RuleError::invalid(
                "period",
                format!("schooljaar {} valt buiten de kalender", year.label()),
            )
        })?;
        let in_time = never || req.notified_on < deadline;
        trace.step(|| {
            let basis = if never {
                lpw("6", Some(3))
            } else {
                renewal_before.cite.clone()
            };
            Step::new("Is de jaarlijkse kennisgeving op tijd?", basis)
                .input("kennisgeving", req.notified_on)
                .input("uiterlijk voor", deadline)
                .input("verklaring: nooit geschikt", yes_no(never))
                .outcome(if never {
                    "niet nodig: de verklaring zegt dat het kind nooit geschikt wordt".to_owned()
                } else {
                    yes_no(in_time).to_owned()
                })
        });
        found.require(
            in_time,
            Element::LateRenewal,
            || renewal_before.cite.clone(),
            || format!("De jaarlijkse kennisgeving moest vóór {deadline} binnen zijn."),
        );
    }

    // Policy.
    let perspective = req.educational_perspective;
    trace.step(|| {
        Step::new(
            "Is het onderwijskundig perspectief van het samenwerkingsverband erbij?",
            Citation::policy(PERSPECTIVE_POLICY),
        )
        .outcome(yes_no(perspective))
    });
    found.require(
        perspective,
        Element::NoEducationalPerspective,
        || Citation::policy(PERSPECTIVE_POLICY),
        || "Het onderwijskundig perspectief van het samenwerkingsverband ontbreekt.".to_owned(),
    );

    let long_enough = lasts_at_least(req.period, minimum.value)?;
    trace.step(|| {
        Step::new(
            "Duurt de vrijstelling ten minste een jaar?",
            minimum.cite.clone(),
        )
        .input("van", req.period.start())
        .input(
            "tot en met",
            req.period
                .end()
                .map_or("onbepaald".to_owned(), |d| d.to_string()),
        )
        .outcome(yes_no(long_enough))
    });
    found.require(
        long_enough,
        Element::DurationTooShort,
        || minimum.cite.clone(),
        || format!("Een vrijstelling duurt ten minste {} jaar.", minimum.value),
    );

    let regisseur = req
        .casusregisseur
        .as_deref()
        .is_some_and(|n| !n.trim().is_empty());
    trace.step(|| {
        Step::new(
            "Heeft de gemeente een casusregisseur benoemd?",
            Citation::policy(CASUSREGISSEUR_POLICY),
        )
        .outcome(
            req.casusregisseur
                .as_deref()
                .filter(|_| regisseur)
                .unwrap_or("nee"),
        )
    });
    found.require(
        regisseur,
        Element::NoCasusregisseur,
        || Citation::policy(CASUSREGISSEUR_POLICY),
        || "De gemeente heeft geen casusregisseur benoemd.".to_owned(),
    );

    Ok(if found.0.is_empty() {
        Completeness::Complete
    } else {
        Completeness::Incomplete { missing: found.0 }
    })
}

/// The elements found missing or wrong so far; each is built only when it fails.
struct Findings(Vec<Missing>);

impl Findings {
    fn require(
        &mut self,
        ok: bool,
        element: Element,
        basis: impl FnOnce() -> Citation,
        why: impl FnOnce() -> String,
    ) {
        if !ok {
            self.0.push(Missing {
                element,
                explanation: why(),
                basis: basis(),
            });
        }
    }
}

/// Whether `period` covers at least `years` years: open-ended, or ending no earlier than the
/// day before the anniversary of its start (29 February + 1 year is 1 March, as for birthdays).
fn lasts_at_least(period: Period, years: u32) -> Result<bool, RuleError> {
    let Some(end) = period.end() else {
        return Ok(true);
    };
    let anniversary = birthday(period.start(), years)
        .map_err(|_| RuleError::invalid("period", "de periode valt buiten de kalender"))?;
    Ok(end >= anniversary.pred_opt().unwrap_or(anniversary))
}

#[cfg(test)]
#[path = "vrijstelling_tests.rs"]
mod tests;
