//! Why an event does not fit the case. Every error names the field it is about (as the JSON
//! of the event names it) and has a stable code; the message is Dutch, for the user who
//! tried to record the event, and holds no personal data beyond ids.

use super::kinds::{CaseResult, CaseType};
use crate::Date;
use crate::ids::{ActionId, DocumentId, OrgId};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("type: een zaak begint met het openen ervan")]
    NotOpened,
    #[error("type: deze zaak is al geopend")]
    AlreadyOpened,
    #[error("type: de zaak is afgesloten; heropen haar eerst")]
    CaseClosed,
    #[error("type: de zaak is niet afgesloten, dus niet te heropenen")]
    NotClosed,
    #[error("{field}: vul dit in")]
    Blank { field: &'static str },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("at: {at} ligt voor de vorige stap in de tijdlijn ({last})")]
    OutOfOrder {
        at: DateTime<Utc>,
        last: DateTime<Utc>,
    },
    #[error("{field}: {on} ligt voor {since}, de {what}")]
    TooEarly {
        field: &'static str,
        on: Date,
        since: Date,
        what: &'static str,
    },
    #[error("{field}: {reason} (zaak over {})", case_type.label())]
    WrongCaseType {
        field: &'static str,
        case_type: CaseType,
        reason: &'static str,
    },
    #[error(
        "{field}: organisatie {org} is niet betrokken bij deze zaak; leg eerst vast dat zij betrokken is"
    )]
    NotInvolved { field: &'static str, org: OrgId },
    #[error("org: organisatie {org} is al betrokken als {role}")]
    AlreadyInvolved { org: OrgId, role: String },
    #[error(
        "org: organisatie {org} heeft nog {open} open afspraak/afspraken; rond ze af of laat ze vervallen"
    )]
    OwnerHasOpenActions { org: OrgId, open: usize },
    #[error("action: afspraak {action} bestaat al in deze zaak")]
    DuplicateAction { action: ActionId },
    #[error("action: afspraak {action} is niet bekend in deze zaak")]
    UnknownAction { action: ActionId },
    #[error("action: afspraak {action} is al uitgevoerd of vervallen")]
    ActionNotOpen { action: ActionId },
    #[error("document: document {document} hoort al bij deze zaak")]
    DuplicateDocument { document: DocumentId },
    #[error(
        "to: de status volgt uit een eigen stap (escaleren, besluit, geschil, afsluiten); alleen 'In behandeling' is los te kiezen"
    )]
    StatusNotSettable,
    #[error("to: de zaak is al in behandeling")]
    SameStatus,
    #[error("type: de beslistermijn is al eens verlengd; dat kan maar één keer")]
    AlreadyExtended,
    #[error("type: de zaak is al geëscaleerd; leg eerst het besluit vast")]
    AlreadyEscalated,
    #[error("type: de zaak ligt al bij de geschillenregeling")]
    AlreadyReferred,
    #[error("type: er ligt geen aanbod of besluit dat de ouders nog kunnen weigeren")]
    NoOpenOffer,
    #[error("from: de zaak ligt bij gemeente {current}, niet bij {from}")]
    WrongMunicipality { from: OrgId, current: OrgId },
    #[error("result: '{}' past niet bij een zaak over {}", result.label(), case_type.label())]
    ResultDoesNotFit {
        result: CaseResult,
        case_type: CaseType,
    },
    #[error("result: de weigering van de ouders staat nog niet in de tijdlijn; leg die eerst vast")]
    RefusalNotRecorded,
    #[error("result: er is geen integraal aanbod of besluit vastgelegd")]
    NoOffer,
    #[error("result: de ouders weigerden het laatste aanbod; sluit af met '{}' of leg een nieuw aanbod vast", CaseResult::OudersWeigeren.label())]
    OfferRefused,
    #[error("result: er staan nog {open} afspraak/afspraken open; rond ze af of laat ze vervallen")]
    OpenActions { open: usize },
}

impl CaseError {
    /// The stable code of the error catalogue (STYLE §4).
    pub fn code(&self) -> &'static str {
        use CaseError::*;
        match self {
            NotOpened => "zaak.niet_geopend",
            AlreadyOpened => "zaak.al_geopend",
            CaseClosed => "zaak.afgesloten",
            NotClosed => "zaak.niet_afgesloten",
            Blank { .. } => "zaak.leeg",
            Invalid { .. } => "zaak.ongeldige_waarde",
            OutOfOrder { .. } => "zaak.volgorde",
            TooEarly { .. } => "zaak.te_vroeg",
            WrongCaseType { .. } => "zaak.past_niet_bij_soort",
            NotInvolved { .. } => "zaak.niet_betrokken",
            AlreadyInvolved { .. } => "zaak.al_betrokken",
            OwnerHasOpenActions { .. } => "zaak.open_afspraken_van_partij",
            DuplicateAction { .. } => "zaak.afspraak_bestaat",
            UnknownAction { .. } => "zaak.onbekende_afspraak",
            ActionNotOpen { .. } => "zaak.afspraak_niet_open",
            DuplicateDocument { .. } => "zaak.document_bestaat",
            StatusNotSettable => "zaak.status_via_stap",
            SameStatus => "zaak.zelfde_status",
            AlreadyExtended => "zaak.al_verlengd",
            AlreadyEscalated => "zaak.al_geescaleerd",
            AlreadyReferred => "zaak.al_voorgelegd",
            NoOpenOffer => "zaak.geen_open_aanbod",
            WrongMunicipality { .. } => "zaak.andere_gemeente",
            ResultDoesNotFit { .. } => "zaak.resultaat_past_niet",
            RefusalNotRecorded => "zaak.weigering_niet_vastgelegd",
            NoOffer => "zaak.geen_aanbod",
            OfferRefused => "zaak.aanbod_geweigerd",
            OpenActions { .. } => "zaak.open_afspraken",
        }
    }

    /// The field of the event (or the entry) the error is about, for `invalid-params`.
    pub fn field(&self) -> &'static str {
        use CaseError::*;
        match self {
            Blank { field }
            | Invalid { field, .. }
            | TooEarly { field, .. }
            | WrongCaseType { field, .. }
            | NotInvolved { field, .. } => field,
            OutOfOrder { .. } => "at",
            AlreadyInvolved { .. } | OwnerHasOpenActions { .. } => "org",
            DuplicateAction { .. } | UnknownAction { .. } | ActionNotOpen { .. } => "action",
            DuplicateDocument { .. } => "document",
            StatusNotSettable | SameStatus => "to",
            WrongMunicipality { .. } => "from",
            ResultDoesNotFit { .. }
            | RefusalNotRecorded
            | NoOffer
            | OfferRefused
            | OpenActions { .. } => "result",
            NotOpened | AlreadyOpened | CaseClosed | NotClosed | AlreadyExtended
            | AlreadyEscalated | AlreadyReferred | NoOpenOffer => "type",
        }
    }
}

/// A stored timeline that does not fold: which entry (0-based) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stap {index} van de tijdlijn: {error}")]
pub struct ReplayError {
    pub index: usize,
    pub error: CaseError,
}
