#![doc = include_str!("../README.md")]

mod audit;
mod batch;
mod cases;
mod error;
mod exemptions;
mod reports;
mod types;

pub use audit::{AuditAction, AuditEntry, AuditOutcome};
pub use batch::{ImportCounts, RegisterBatch};
pub use cases::{CaseFile, DocumentContent, Notification};
pub use error::StoreError;
pub use exemptions::{
    ArrangementFile, ArrangementFilter, EnrolmentRow, ExemptionFile, ExemptionFilter, RequestFile,
};
pub use reports::{ReportAction, ReportFile, ReportFilter};
pub use types::{Actor, HistoryItem, NewUser, Page, PupilFile, PupilRow, Session, UserRecord};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use continuum_domain::Date;
use continuum_domain::absence::Absence;
use continuum_domain::absence_report::AbsenceReport;
use continuum_domain::arrangement::Arrangement;
use continuum_domain::case::{Case, CaseEvent, OogoEscalation};
use continuum_domain::exemption::{Exemption, ExemptionRequest};
use continuum_domain::ids::{
    AgreementId, ArrangementId, CaseId, ClassId, DocumentId, ExemptionId, FactId, OrgId, PupilId,
    ReportId, UserId, WorkerId,
};
use continuum_domain::register::{
    Agreement, OrgKind, Organisation, Pupil, PupilFact, SchoolClass, Version, Versioned, Worker,
};

pub type Result<T> = std::result::Result<T, StoreError>;

/// The register as the server and the CLI use it. One implementation per database.
#[async_trait]
pub trait Store: Send + Sync {
    /// Which backend this is: `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    // --- the register of organisations (not a pupil's data: every user may read it) ---
    /// Creates (`expected = None`) or changes (`expected = Some(current version)`) an organisation.
    async fn put_organisation(
        &self,
        id: OrgId,
        org: Organisation,
        expected: Option<Version>,
        by: &str,
    ) -> Result<Versioned<OrgId, Organisation>>;
    async fn organisation(&self, id: OrgId) -> Result<Versioned<OrgId, Organisation>>;
    async fn organisations(
        &self,
        kind: Option<OrgKind>,
        page: Page,
    ) -> Result<(Vec<Versioned<OrgId, Organisation>>, u64)>;
    async fn organisation_history(&self, id: OrgId) -> Result<Vec<Versioned<OrgId, Organisation>>>;

    async fn put_class(
        &self,
        id: ClassId,
        class: SchoolClass,
        expected: Option<Version>,
        by: &str,
    ) -> Result<Versioned<ClassId, SchoolClass>>;
    async fn classes_of_school(
        &self,
        school: OrgId,
    ) -> Result<Vec<Versioned<ClassId, SchoolClass>>>;

    async fn put_worker(
        &self,
        id: WorkerId,
        worker: Worker,
        expected: Option<Version>,
        by: &str,
    ) -> Result<Versioned<WorkerId, Worker>>;
    async fn workers_of_provider(
        &self,
        provider: OrgId,
    ) -> Result<Vec<Versioned<WorkerId, Worker>>>;

    async fn put_agreement(
        &self,
        id: AgreementId,
        agreement: Agreement,
        expected: Option<Version>,
        by: &str,
    ) -> Result<Versioned<AgreementId, Agreement>>;
    async fn agreements_of_school(
        &self,
        school: OrgId,
    ) -> Result<Vec<Versioned<AgreementId, Agreement>>>;
    /// How many pupils enrolled at `school` on `on` live in each municipality: where the
    /// school's pupils come from, for the OOGO coverage of its agreements. Counts only, no
    /// pupil is named, so no pupil's audit log is written.
    async fn residences_of_school(&self, school: OrgId, on: Date) -> Result<Vec<(OrgId, u64)>>;

    // --- a pupil's data: access-checked against the actor, every call audited ---
    /// Registers a new pupil with its first enrolment at the actor's school.
    async fn create_pupil(
        &self,
        actor: &Actor,
        id: PupilId,
        pupil: Pupil,
        enrolment: PupilFact,
    ) -> Result<PupilFile>;
    async fn pupil_file(&self, actor: &Actor, id: PupilId) -> Result<PupilFile>;
    async fn update_pupil(
        &self,
        actor: &Actor,
        id: PupilId,
        expected: Version,
        pupil: Pupil,
    ) -> Result<Versioned<PupilId, Pupil>>;
    async fn add_fact(
        &self,
        actor: &Actor,
        id: FactId,
        fact: PupilFact,
    ) -> Result<Versioned<FactId, PupilFact>>;
    async fn update_fact(
        &self,
        actor: &Actor,
        id: FactId,
        expected: Version,
        fact: PupilFact,
    ) -> Result<Versioned<FactId, PupilFact>>;
    /// Every version of the pupil's record and of its facts, newest first.
    async fn pupil_history(&self, actor: &Actor, id: PupilId) -> Result<Vec<HistoryItem>>;
    /// The pupils enrolled at a school on a date, with their class — only those the actor
    /// may see today: the date selects enrolments, it does not widen access.
    async fn pupils_of_school(
        &self,
        actor: &Actor,
        school: OrgId,
        on: Date,
        page: Page,
    ) -> Result<(Vec<PupilRow>, u64)>;
    /// Every pupil the actor's organisation has a relation with today (residents of a
    /// municipality, a parent's child, a provider's clients …), by family name.
    async fn pupils_of_actor(&self, actor: &Actor, page: Page) -> Result<(Vec<PupilRow>, u64)>;
    /// Records absence, all or nothing. Each record needs a registrator of the school where
    /// the pupil is enrolled today and was enrolled on the day of the record; a second
    /// record for the same pupil, day and kind is refused (`Conflict`), not replaced.
    /// Returns the number stored.
    async fn record_absences(
        &self,
        actor: &Actor,
        records: Vec<(PupilId, Absence)>,
    ) -> Result<usize>;
    /// A pupil's absence records, newest first (audited read; `NotFound` for strangers,
    /// `Forbidden` for a relation that does not see absence).
    async fn absences_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<Absence>>;
    /// The absence records from `from` to `to` (inclusive) of several pupils at once, for
    /// a school's verzuim signals: one audited read per pupil, all or nothing (a pupil the
    /// actor may not see refuses the whole call).
    async fn absences_of_pupils(
        &self,
        actor: &Actor,
        ids: &[PupilId],
        from: Date,
        to: Date,
    ) -> Result<Vec<(PupilId, Absence)>>;

    // --- verzuimmeldingen: seen only by the reporting school and the municipality that
    // holds the report; every read and change audited ---
    /// A school reports absence. The actor must be a registrator of the school where the
    /// pupil is enrolled, `report.school` that school and the status Geregistreerd; the
    /// report goes to the pupil's municipality of residence whatever `report.municipality`
    /// says. A second report of the same type for the same day is a `Conflict`.
    async fn create_absence_report(
        &self,
        actor: &Actor,
        id: ReportId,
        report: AbsenceReport,
    ) -> Result<ReportFile>;
    /// The reports the actor's organisation made (a school) or holds (a municipality),
    /// newest first.
    async fn absence_reports(
        &self,
        actor: &Actor,
        filter: ReportFilter,
        page: Page,
    ) -> Result<(Vec<ReportFile>, u64)>;
    async fn absence_report(&self, actor: &Actor, id: ReportId) -> Result<ReportFile>;
    /// Changes the status or forwards the report, checked by
    /// [`AbsenceReport::change_status`] and [`AbsenceReport::forward`]; `expected` is the
    /// version the user saw (`Conflict` when it moved on).
    async fn change_absence_report(
        &self,
        actor: &Actor,
        id: ReportId,
        expected: Version,
        action: ReportAction,
    ) -> Result<ReportFile>;
    // --- cases (zaken): seen by the case's municipality, its parties, its regisseur's
    // organisation and every organisation that recorded in it (a former municipality only
    // while it is still a party), and by the pupil's parents; every call audited ---
    /// Opens a case with its `Opened` event, recorded by the actor now. The actor is a
    /// registrator of the municipality of residence, the school of enrolment or its SWV;
    /// `municipality` must be the pupil's municipality of residence.
    async fn open_case(&self, actor: &Actor, id: CaseId, opened: CaseEvent) -> Result<CaseFile>;
    /// Appends an event, checked by the case's fold ([`Case::apply`]); `expected` is the
    /// version (number of entries) the user saw. `notify` sends messages in the same
    /// transaction (an escalation tells the holder).
    async fn record_case_event(
        &self,
        actor: &Actor,
        id: CaseId,
        expected: u64,
        event: CaseEvent,
        notify: Vec<(OrgId, String)>,
    ) -> Result<CaseFile>;
    /// Appends a `document_added` event with the document's content, both or neither.
    async fn add_case_document(
        &self,
        actor: &Actor,
        id: CaseId,
        expected: u64,
        event: CaseEvent,
        content: DocumentContent,
    ) -> Result<CaseFile>;
    /// A document's content, for those who see the case; parents only up to
    /// `beperkt_openbaar` (others: `NotFound`). Audited under the pupil.
    async fn case_document(
        &self,
        actor: &Actor,
        id: CaseId,
        document: DocumentId,
    ) -> Result<DocumentContent>;
    async fn case(&self, actor: &Actor, id: CaseId) -> Result<CaseFile>;
    /// The cases the actor's organisation sees, newest registration first.
    async fn cases(&self, actor: &Actor, open_only: bool) -> Result<Vec<CaseFile>>;
    /// Every open case, for the escalation job. No person reads them here, so nothing is
    /// audited; an escalation the job records is.
    async fn open_cases(&self) -> Result<Vec<Case>>;
    /// Records (a new version of) the doorzettingsmacht part of a region's OOGO agreement.
    /// A registrator of the SWV or of a municipality party to it.
    async fn put_oogo(
        &self,
        actor: &Actor,
        oogo: OogoEscalation,
    ) -> Result<Versioned<OrgId, OogoEscalation>>;
    /// The current OOGO agreements, one per SWV (not a pupil's data).
    async fn oogo_agreements(&self) -> Result<Vec<Versioned<OrgId, OogoEscalation>>>;
    /// The messages to the actor's organisation, newest first.
    async fn notifications(&self, actor: &Actor) -> Result<Vec<Notification>>;

    // --- the vrijstellingenregister (Leerplichtwet art. 5, 5a, 15): kept by the
    // municipality of residence, read by the school of enrolment, its SWV and the parents;
    // every read, change and refusal audited under the pupil ---
    /// Registers an exemption on a ground without a dossier (art. 5 onder b or c, 5a, 15).
    /// The actor must be a registrator of the pupil's municipality of residence, which
    /// becomes `exemption.municipality`. Art. 5 onder a is refused (`Conflict`): it comes
    /// through a request and [`Store::register_exemption`].
    async fn create_exemption(
        &self,
        actor: &Actor,
        id: ExemptionId,
        exemption: Exemption,
    ) -> Result<ExemptionFile>;
    /// A new version of an exemption (its end, renewals, evaluations, development offers),
    /// by a registrator of the municipality that holds it. Pupil, municipality, ground and
    /// first notification stay; renewals are only added (`Conflict` otherwise); `expected`
    /// is the version the user saw.
    async fn change_exemption(
        &self,
        actor: &Actor,
        id: ExemptionId,
        expected: Version,
        exemption: Exemption,
    ) -> Result<ExemptionFile>;
    async fn exemption(&self, actor: &Actor, id: ExemptionId) -> Result<ExemptionFile>;
    /// Every version of an exemption, newest first.
    async fn exemption_history(&self, actor: &Actor, id: ExemptionId)
    -> Result<Vec<ExemptionFile>>;
    /// The register of the actor's municipality: the exemptions it holds, by pupil name.
    async fn exemptions(
        &self,
        actor: &Actor,
        filter: ExemptionFilter,
        page: Page,
    ) -> Result<(Vec<ExemptionFile>, u64)>;
    /// The exemptions of several pupils at once, for verzuim signals. All or nothing: a
    /// pupil whose exemptions the actor may not read refuses the whole call.
    async fn exemptions_of_pupils(
        &self,
        actor: &Actor,
        ids: &[PupilId],
    ) -> Result<Vec<(ExemptionId, Exemption)>>;
    /// Opens a request for an exemption under art. 5 onder a with the parents'
    /// notification (a registrator of the municipality of residence).
    async fn create_exemption_request(
        &self,
        actor: &Actor,
        id: ExemptionId,
        request: ExemptionRequest,
    ) -> Result<RequestFile>;
    /// Records a step of an open request: statement, perspective, casusregisseur,
    /// evaluations, development offer, or the refusal. Pupil, municipality and notification
    /// stay; a decided request does not change; registering goes through
    /// [`Store::register_exemption`].
    async fn change_exemption_request(
        &self,
        actor: &Actor,
        id: ExemptionId,
        expected: Version,
        request: ExemptionRequest,
    ) -> Result<RequestFile>;
    async fn exemption_request(&self, actor: &Actor, id: ExemptionId) -> Result<RequestFile>;
    /// The requests of the actor's municipality, open ones first, newest first.
    async fn exemption_requests(
        &self,
        actor: &Actor,
        page: Page,
    ) -> Result<(Vec<RequestFile>, u64)>;
    /// Stores the exemption the rules engine's gate built from request `id` (at version
    /// `expected`) under the same id, and records on the request that it was registered on
    /// `on` — both or neither. The store checks that the exemption is the one the request
    /// describes; whether the request is complete is the gate's judgement (the server holds
    /// the parameters).
    async fn register_exemption(
        &self,
        actor: &Actor,
        id: ExemptionId,
        expected: Version,
        exemption: Exemption,
        on: Date,
    ) -> Result<ExemptionFile>;

    // --- arrangements (onderwijszorgarrangementen, reduced teaching time): recorded by the
    // school, read by its SWV, the municipality of residence and the parents of a pupil's
    // own arrangement ---
    /// Records an arrangement of the actor's school (a registrator); every pupil named must
    /// be enrolled there today. The structure is checked with `Arrangement::problems`.
    async fn create_arrangement(
        &self,
        actor: &Actor,
        id: ArrangementId,
        arrangement: Arrangement,
    ) -> Result<ArrangementFile>;
    /// A new version (a renewed permission, another end, other pupils); the school and the
    /// kind stay.
    async fn change_arrangement(
        &self,
        actor: &Actor,
        id: ArrangementId,
        expected: Version,
        arrangement: Arrangement,
    ) -> Result<ArrangementFile>;
    async fn arrangement(&self, actor: &Actor, id: ArrangementId) -> Result<ArrangementFile>;
    /// Every version of an arrangement, newest first, as the actor may see it.
    async fn arrangement_history(
        &self,
        actor: &Actor,
        id: ArrangementId,
    ) -> Result<Vec<ArrangementFile>>;
    /// The arrangements the actor may see, latest start first.
    async fn arrangements(
        &self,
        actor: &Actor,
        filter: ArrangementFilter,
        page: Page,
    ) -> Result<(Vec<ArrangementFile>, u64)>;
    /// The enrolments (current version, any period) of several pupils the actor may read,
    /// for a municipality's verzuim scan over its residents; one audited search per pupil.
    /// All or nothing, as [`Store::absences_of_pupils`].
    async fn enrolments_of_pupils(
        &self,
        actor: &Actor,
        ids: &[PupilId],
    ) -> Result<Vec<EnrolmentRow>>;

    /// The audit log of one pupil, for a parent's data-access request (AVG art. 15).
    async fn audit_of_pupil(&self, actor: &Actor, id: PupilId) -> Result<Vec<AuditEntry>>;

    // --- users and sessions ---
    async fn create_user(&self, user: NewUser) -> Result<UserRecord>;
    async fn user_by_login(&self, login: &str) -> Result<Option<(UserRecord, String)>>;
    async fn users_of_organisation(&self, org: OrgId) -> Result<Vec<UserRecord>>;
    async fn create_session(&self, session: Session) -> Result<()>;
    /// The session and its user, when the token is known and not expired at `now`.
    async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Session, UserRecord)>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn user(&self, id: UserId) -> Result<UserRecord>;

    // --- bulk ---
    /// Stores a whole batch in one transaction: all of it or nothing.
    async fn import(&self, batch: RegisterBatch, by: &str) -> Result<ImportCounts>;
    /// Everything in the register, for `continuum export` (and the import's duplicate
    /// check). Every pupil exported gets an `export` entry in its audit log, with `by`
    /// and `purpose`.
    async fn export_all(&self, by: &str, purpose: &str) -> Result<RegisterBatch>;
}
