//! Form fields of the register's pages: dates, periods, hours, the statement of art. 7 and
//! a development offer, each refused with a Dutch message naming what to fill in; and the
//! rules engine's refusals as a page.

use super::WebError;
use crate::exemptions::CheckError;
use chrono::NaiveDate;
use continuum_domain::exemption::{DevelopmentOffer, Statement5a, StatementBy};
use continuum_domain::period::Period;
use continuum_domain::register::HoursPerWeek;

impl From<CheckError> for WebError {
    fn from(e: CheckError) -> WebError {
        match e {
            CheckError::Store(s) => s.into(),
            CheckError::Invalid(v) | CheckError::Incomplete(v) => WebError::BadRequest(
                v.into_iter()
                    .map(|f| f.message)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            CheckError::Conflict(m) => WebError::BadRequest(m),
            CheckError::Unavailable(m) => WebError::Unavailable(m),
        }
    }
}

/// A date from a form field (`2026-08-01`); `what` names it in the message.
pub(super) fn form_date(s: &str, what: &str) -> Result<NaiveDate, WebError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| WebError::BadRequest(format!("Vul bij {what} een datum in.")))
}

/// An optional date from a form field: empty is none.
pub(super) fn form_opt_date(s: &str, what: &str) -> Result<Option<NaiveDate>, WebError> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        form_date(s, what).map(Some)
    }
}

pub(super) fn form_period(start: &str, end: &str) -> Result<Period, WebError> {
    let start = form_date(start, "de begindatum")?;
    let end = form_opt_date(end, "de einddatum")?;
    Period::new(start, end).map_err(|e| WebError::BadRequest(e.to_string()))
}

pub(super) fn form_hours(s: &str) -> Result<HoursPerWeek, WebError> {
    HoursPerWeek::parse(s).map_err(WebError::BadRequest)
}

/// The statement of art. 7 from its form fields.
pub(super) fn statement_of(
    by: &str,
    name: &str,
    designated: bool,
    treating: bool,
    date: &str,
    never: bool,
) -> Result<Statement5a, WebError> {
    let by = StatementBy::ALL
        .into_iter()
        .find(|b| b.label_nl() == by.trim())
        .ok_or_else(|| WebError::BadRequest("Kies arts, pedagoog of psycholoog.".into()))?;
    if name.trim().is_empty() {
        return Err(WebError::BadRequest(
            "Vul de naam in van wie de verklaring gaf.".into(),
        ));
    }
    Ok(Statement5a {
        by,
        name: name.trim().to_owned(),
        designated_by_municipality: designated,
        treating_physician: treating,
        date: form_date(date, "de datum van de verklaring")?,
        never_fit: never,
    })
}

pub(super) fn offer_of(
    description: &str,
    hours: &str,
    from: &str,
) -> Result<DevelopmentOffer, WebError> {
    Ok(DevelopmentOffer {
        provider: None,
        description: description.trim().to_owned(),
        hours_per_week: form_hours(hours)?,
        from: form_date(from, "de startdatum van het aanbod")?,
    })
}
