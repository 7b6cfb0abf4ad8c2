//! The vrijstellingenregister with the rules engine: a request for an exemption under art.
//! 5 onder a is registered only when the completeness check (`continuum_rules::
//! leerplichtwet::register`) lets it through, a yearly renewal of such an exemption is
//! checked by the same rule, and the register's signals (renewals due or missing before 1
//! July, evaluations due, no development offer) come from the rules crate. The store keeps
//! the records and judges access; it does not know the parameters.

use crate::AppState;
use continuum_domain::Date;
use continuum_domain::exemption::{Exemption, ExemptionRequest, Renewal};
use continuum_domain::ids::{ExemptionId, PupilId};
use continuum_domain::period::Period;
use continuum_domain::register::Version;
use continuum_domain::validation::FieldError;
use continuum_rules::leerplichtwet::vrijstellingen::{
    MonitoringSignal, RegisterError, RenewalCheck, RenewalSignal, check_renewal, evaluations_due,
    register, renewal_due, renewal_signals, vrijstelling_request,
};
use continuum_rules::leerplichtwet::{Completeness, Element, Missing, check_vrijstelling};
use continuum_rules::{NoTrace, Params, RuleError, Trace};
use continuum_store::{Actor, ExemptionFile, ExemptionFilter, Page, RequestFile, StoreError};
use std::collections::HashMap;

/// Why a step checked by the rules engine was not taken (exemptions, arrangements, the
/// yearly count).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Fields holding values the register does not allow: every one, named.
    #[error("{}", list(.0))]
    Invalid(Vec<FieldError>),
    /// The completeness check found elements missing or not lawful: every one, with the
    /// field it concerns and the explanation in Dutch. Nothing was stored.
    #[error("de aanvraag is niet volledig: {}", list(.0))]
    Incomplete(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    /// The parameters have no value on the date (a data fact, not a verdict).
    #[error("{0}")]
    Unavailable(String),
}

fn list(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn params() -> Result<&'static Params, CheckError> {
    crate::rules::params().map_err(|e| CheckError::Unavailable(format!("parameters: {e}")))
}

impl From<RuleError> for CheckError {
    fn from(e: RuleError) -> CheckError {
        match e {
            RuleError::InvalidInput { field, reason } => {
                CheckError::Invalid(vec![FieldError::new(field, reason)])
            }
            other @ RuleError::NoPeriod { .. } => CheckError::Unavailable(other.to_string()),
        }
    }
}

/// The field of the request (or, for a renewal, of the renewal) an element of the
/// completeness check concerns, in the JSON spelling of the API.
pub fn field_of(element: Element, renewal: bool) -> &'static str {
    match (element, renewal) {
        (Element::NotByParent, false) => "notification.byParent",
        (Element::NotByParent, true) => "byParent",
        (Element::NoStatement, _) => "statement",
        (Element::StatementNotDesignated, _) => "statement.designatedByMunicipality",
        (Element::TreatingPhysician, _) => "statement.treatingPhysician",
        (Element::StatementTooOld, _) => "statement.date",
        (Element::LateRenewal, _) => "notifiedOn",
        (Element::NoEducationalPerspective, _) => "perspective",
        (Element::DurationTooShort, _) => "notification.period",
        (Element::NoCasusregisseur, _) => "casusregisseur",
    }
}

fn missing_fields(missing: &[Missing], renewal: bool) -> Vec<FieldError> {
    missing
        .iter()
        .map(|m| {
            FieldError::new(
                field_of(m.element, renewal),
                format!("{} ({})", m.explanation, m.basis),
            )
        })
        .collect()
}

/// The completeness check of a request on `on`, with its reasoning: what the page shows
/// before the leerplichtambtenaar registers.
pub fn completeness(req: &ExemptionRequest, on: Date) -> Result<(Completeness, Trace), CheckError> {
    let mut trace = Trace::new();
    let answer = check_vrijstelling(&vrijstelling_request(req), on, params()?, &mut trace)?;
    Ok((answer, trace))
}

/// Registers request `id` (as read at version `expected`) when the completeness check lets
/// it through on the actor's today; otherwise lists every missing element and stores
/// nothing.
pub async fn register_request(
    state: &AppState,
    actor: &Actor,
    id: ExemptionId,
    expected: Version,
) -> Result<ExemptionFile, CheckError> {
    let file = state.store.exemption_request(actor, id).await?;
    if file.request.version != expected {
        return Err(StoreError::StaleVersion {
            current: file.request.version,
        }
        .into());
    }
    let exemption = match register(&file.request.record, actor.today, params()?, &mut NoTrace) {
        Ok(e) => e,
        Err(RegisterError::AlreadyDecided) => {
            return Err(CheckError::Conflict(
                "over deze aanvraag is al besloten".into(),
            ));
        }
        Err(RegisterError::Incomplete { missing }) => {
            return Err(CheckError::Incomplete(missing_fields(&missing, false)));
        }
        Err(RegisterError::Rule(e)) => return Err(e.into()),
    };
    Ok(state
        .store
        .register_exemption(actor, id, expected, exemption, actor.today)
        .await?)
}

/// Adds a yearly renewal to exemption `id` (as read at version `expected`): one per school
/// year the exemption runs in; for art. 5 onder a checked by the completeness rule (a
/// parent, a fresh statement unless "never fit", in time).
pub async fn record_renewal(
    state: &AppState,
    actor: &Actor,
    id: ExemptionId,
    expected: Version,
    renewal: Renewal,
) -> Result<ExemptionFile, CheckError> {
    let file = state.store.exemption(actor, id).await?;
    let mut ex = file.exemption.record.clone();
    if ex.ground.has_dossier() {
        match check_renewal(&ex, &renewal, actor.today, params()?, &mut NoTrace)? {
            Completeness::Complete => {}
            Completeness::Incomplete { missing } => {
                return Err(CheckError::Incomplete(missing_fields(&missing, true)));
            }
        }
    }
    ex.record_renewal(renewal).map_err(|e| {
        // `renewals[3].schoolYear` → `schoolYear`: the field of the renewal sent.
        let field = e
            .field
            .split_once("].")
            .map_or(e.field.clone(), |(_, f)| f.to_owned());
        CheckError::Invalid(vec![FieldError::new(field, e.message)])
    })?;
    Ok(state
        .store
        .change_exemption(actor, id, expected, ex)
        .await?)
}

/// Stores a changed exemption after checking every field (`Exemption::problems`).
pub async fn change(
    state: &AppState,
    actor: &Actor,
    id: ExemptionId,
    expected: Version,
    ex: Exemption,
) -> Result<ExemptionFile, CheckError> {
    let problems = ex.problems();
    if !problems.is_empty() {
        return Err(CheckError::Invalid(problems));
    }
    Ok(state
        .store
        .change_exemption(actor, id, expected, ex)
        .await?)
}

/// The renewal for the current or coming school year of each exemption, on `on`.
pub fn renewal_checks(
    files: &[ExemptionFile],
    on: Date,
) -> Result<HashMap<ExemptionId, RenewalCheck>, CheckError> {
    let p = params()?;
    files
        .iter()
        .map(|f| {
            let check = renewal_due(&f.exemption.record, on, p, &mut NoTrace)?;
            Ok((f.exemption.id, check))
        })
        .collect()
}

/// What the leerplichtambtenaar should act on in the municipality's register on `on`.
pub struct RegisterSignals {
    /// Renewals due within the reminder lead time or missing.
    pub renewals: Vec<RenewalSignal>,
    /// Evaluations late or coming up, no evaluation planned, no development offer.
    pub monitoring: Vec<MonitoringSignal>,
}

pub fn signals(files: &[ExemptionFile], on: Date) -> Result<RegisterSignals, CheckError> {
    let p = params()?;
    let items = || files.iter().map(|f| (f.exemption.id, &f.exemption.record));
    Ok(RegisterSignals {
        renewals: renewal_signals(items(), on, p)?,
        monitoring: evaluations_due(items(), on, p)?,
    })
}

/// The whole register of the actor's municipality (every ground, in force or not).
pub async fn register_of(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<ExemptionFile>, StoreError> {
    Ok(state
        .store
        .exemptions(actor, ExemptionFilter::default(), Page::all())
        .await?
        .0)
}

/// For the verzuim scan: per pupil the period of the exemption that holds in `window` —
/// the one in force on the window's last day, else the one that started last. The scan
/// takes one period per pupil; a pupil without an exemption in the window is left out.
pub async fn exemption_periods(
    state: &AppState,
    actor: &Actor,
    pupils: &[PupilId],
    window: Period,
) -> Result<HashMap<PupilId, Period>, StoreError> {
    let all = state.store.exemptions_of_pupils(actor, pupils).await?;
    let last = window.end().unwrap_or(Date::MAX);
    let mut best: HashMap<PupilId, Period> = HashMap::new();
    for (_, ex) in all.iter().filter(|(_, e)| e.period.overlaps(&window)) {
        let rank = |p: &Period| (p.contains(last), p.start());
        match best.get(&ex.pupil) {
            Some(p) if rank(p) >= rank(&ex.period) => {}
            _ => {
                best.insert(ex.pupil, ex.period);
            }
        }
    }
    Ok(best)
}

/// Loads the requests of the actor's municipality (for the register page).
pub async fn requests_of(state: &AppState, actor: &Actor) -> Result<Vec<RequestFile>, StoreError> {
    Ok(state.store.exemption_requests(actor, Page::all()).await?.0)
}
