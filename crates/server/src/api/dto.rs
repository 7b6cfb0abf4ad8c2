//! The API's shapes: lowerCamelCase JSON, ISO 8601 dates, decimals as strings. Kept apart
//! from the domain types (which know nothing of OpenAPI); conversions check every field
//! and name it when it is wrong.

use crate::problem::{ApiError, InvalidParam};
use chrono::{DateTime, NaiveDate, Utc};
use continuum_domain::ids::{ClassId, FactId, OrgId, PupilId};
use continuum_domain::period::Period;
use continuum_domain::pgn::Pgn;
use continuum_domain::register::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A validity period; both days inclusive, `end` absent for open-ended.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodDto {
    #[schema(format = Date, example = "2026-08-01")]
    pub start: NaiveDate,
    #[schema(format = Date, example = "2027-07-31")]
    pub end: Option<NaiveDate>,
}

impl From<Period> for PeriodDto {
    fn from(p: Period) -> Self {
        PeriodDto {
            start: p.start(),
            end: p.end(),
        }
    }
}

impl PeriodDto {
    pub fn parse(&self, field: &str, errs: &mut Vec<InvalidParam>) -> Option<Period> {
        match Period::new(self.start, self.end) {
            Ok(p) => Some(p),
            Err(e) => {
                errs.push(InvalidParam {
                    name: format!("{field}.end"),
                    reason: e.to_string(),
                });
                None
            }
        }
    }
}

fn finish<T>(errs: Vec<InvalidParam>, value: Option<T>) -> Result<T, ApiError> {
    match value {
        Some(v) if errs.is_empty() => Ok(v),
        _ => Err(ApiError::BadRequest {
            detail: errs
                .iter()
                .map(|e| format!("{}: {}", e.name, e.reason))
                .collect::<Vec<_>>()
                .join("; "),
            invalid_params: errs,
        }),
    }
}

/// An organisation of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationDto {
    pub id: Uuid,
    pub version: i64,
    /// gemeente, zorgkantoor, zorgverzekeraar, swv, schoolbestuur, school, zorgaanbieder, ouders
    pub kind: String,
    pub name: String,
    /// CBS code, zorgkantoor region code, UZOVI, SWV code, BRIN + vestiging or AGB code.
    pub code: Option<String>,
    pub period: PeriodDto,
    /// Kind-specific facts (school type, cluster, SWV, municipality, zorgkantoor …).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl From<Versioned<OrgId, Organisation>> for OrganisationDto {
    fn from(v: Versioned<OrgId, Organisation>) -> Self {
        OrganisationDto {
            id: v.id.0,
            version: v.version.0,
            kind: v.record.details.kind().code().to_owned(),
            name: v.record.name.clone(),
            code: v.record.details.code(),
            period: v.record.period.into(),
            details: serde_json::to_value(&v.record.details).unwrap_or(serde_json::Value::Null),
            recorded_at: v.recorded_at,
            recorded_by: v.recorded_by,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClassDto {
    pub id: Uuid,
    pub version: i64,
    pub school: Uuid,
    /// `2026-2027`
    pub school_year: String,
    pub name: String,
}

impl From<Versioned<ClassId, SchoolClass>> for ClassDto {
    fn from(v: Versioned<ClassId, SchoolClass>) -> Self {
        ClassDto {
            id: v.id.0,
            version: v.version.0,
            school: v.record.school.0,
            school_year: v.record.school_year.label(),
            name: v.record.name,
        }
    }
}

/// A pupil's own record. The PGN is the BSN or onderwijsnummer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PupilDto {
    pub id: Uuid,
    pub version: i64,
    /// BSN or onderwijsnummer; masked (`*****6782`) for organisations that do not need it.
    pub pgn: String,
    pub given_name: String,
    pub family_name: String,
    #[schema(format = Date)]
    pub birth_date: NaiveDate,
    pub municipality: Uuid,
    pub insurer: Option<Uuid>,
    pub period: PeriodDto,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl PupilDto {
    /// The pupil with its PGN in full, or masked (`*****6782`) when the reader does not
    /// need it (`continuum_domain::access::sees_full_pgn`).
    pub fn new(v: Versioned<PupilId, Pupil>, full_pgn: bool) -> PupilDto {
        let p = v.record;
        PupilDto {
            id: v.id.0,
            version: v.version.0,
            pgn: if full_pgn {
                p.pgn.as_str().to_owned()
            } else {
                p.pgn.masked()
            },
            given_name: p.given_name,
            family_name: p.family_name,
            birth_date: p.birth_date,
            municipality: p.municipality.0,
            insurer: p.insurer.map(|i| i.0),
            period: p.period.into(),
            recorded_at: v.recorded_at,
            recorded_by: v.recorded_by,
        }
    }
}

/// What a client sends to register or change a pupil.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PupilInput {
    pub pgn: String,
    pub given_name: String,
    pub family_name: String,
    #[schema(format = Date)]
    pub birth_date: NaiveDate,
    pub municipality: Uuid,
    pub insurer: Option<Uuid>,
    /// Defaults to from the birth date on.
    pub period: Option<PeriodDto>,
}

impl PupilInput {
    pub fn parse(&self) -> Result<Pupil, ApiError> {
        let mut errs = Vec::new();
        let pgn = Pgn::parse(&self.pgn)
            .map_err(|e| {
                errs.push(InvalidParam {
                    name: "pgn".into(),
                    reason: e.to_string(),
                })
            })
            .ok();
        for (name, v) in [
            ("givenName", &self.given_name),
            ("familyName", &self.family_name),
        ] {
            if v.trim().is_empty() || v.len() > 200 {
                errs.push(InvalidParam {
                    name: name.into(),
                    reason: "verplicht, hoogstens 200 tekens".into(),
                });
            }
        }
        let period = match &self.period {
            Some(p) => p.parse("period", &mut errs),
            None => Some(Period::from(self.birth_date)),
        };
        let pupil = match (pgn, period) {
            (Some(pgn), Some(period)) => Some(Pupil {
                pgn,
                given_name: self.given_name.trim().to_owned(),
                family_name: self.family_name.trim().to_owned(),
                birth_date: self.birth_date,
                municipality: OrgId(self.municipality),
                insurer: self.insurer.map(OrgId),
                period,
            }),
            _ => None,
        };
        finish(errs, pupil)
    }
}

/// One fact of a pupil's file. Which fields are filled depends on `kind`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactFields {
    /// enrolment, tlv, indication, need, provider_assignment, guardianship
    pub kind: String,
    pub period: Option<PeriodDto>,
    /// enrolment: the school location
    pub school: Option<Uuid>,
    /// enrolment: the class (optional)
    pub class: Option<Uuid>,
    /// tlv: the SWV
    pub swv: Option<Uuid>,
    /// tlv: laag, midden or hoog
    pub tlv_category: Option<String>,
    /// tlv: ernstig meervoudige beperking
    pub emb: Option<bool>,
    /// indication: wlz, zvw, jeugdwet or wmo
    pub law: Option<String>,
    /// indication: the zorgkantoor, insurer or municipality that decided it
    pub funder: Option<Uuid>,
    /// indication: zin or pgb
    pub delivery: Option<String>,
    /// indication and need: begeleiding, gedrag, psychisch, sociaal, verzorging, paramedisch, verpleging, geneeskundig, onderwijsondersteuning
    pub need_category: Option<String>,
    /// indication: hours per week as a decimal string, `"2.5"`
    pub hours_per_week: Option<String>,
    /// indication: the part of it in school time, `"1.5"`
    pub hours_in_school_time: Option<String>,
    /// need: individual or group
    pub mode: Option<String>,
    /// need: a qualification the care worker must hold (`voorbehouden`)
    pub required_qualification: Option<String>,
    /// need: the fixed blocks in the week in which the care is given, `"ma 11:30-12:00"`
    pub blocks: Option<Vec<String>>,
    /// provider_assignment: the care provider
    pub provider: Option<Uuid>,
    /// guardianship: the parents' account
    pub parents: Option<Uuid>,
}

fn required<T: Clone>(v: &Option<T>, name: &str, errs: &mut Vec<InvalidParam>) -> Option<T> {
    if v.is_none() {
        errs.push(InvalidParam {
            name: name.into(),
            reason: "verplicht voor dit soort gegeven".into(),
        });
    }
    v.clone()
}

fn code<T>(
    v: &Option<String>,
    name: &str,
    parse: fn(&str) -> Option<T>,
    allowed: &str,
    errs: &mut Vec<InvalidParam>,
) -> Option<T> {
    let s = required(v, name, errs)?;
    let out = parse(&s);
    if out.is_none() {
        errs.push(InvalidParam {
            name: name.into(),
            reason: format!("'{s}' is onbekend; kies uit {allowed}"),
        });
    }
    out
}

fn hours(v: &Option<String>, name: &str, errs: &mut Vec<InvalidParam>) -> Option<HoursPerWeek> {
    let s = required(v, name, errs)?;
    HoursPerWeek::parse(&s)
        .map_err(|reason| {
            errs.push(InvalidParam {
                name: name.into(),
                reason,
            })
        })
        .ok()
}

impl FactFields {
    /// Checks the fields for the fact's kind and builds the domain fact for `pupil`.
    pub fn parse(&self, pupil: PupilId) -> Result<PupilFact, ApiError> {
        let mut e = Vec::new();
        let period =
            required(&self.period, "period", &mut e).and_then(|p| p.parse("period", &mut e));
        let fact = match FactKind::parse(&self.kind) {
            None => {
                e.push(InvalidParam { name: "kind".into(), reason: format!("'{}' is onbekend; kies uit enrolment, tlv, indication, need, provider_assignment, guardianship", self.kind) });
                None
            }
            Some(FactKind::Enrolment) => {
                required(&self.school, "school", &mut e).map(|s| Fact::Enrolment {
                    school: OrgId(s),
                    class: self.class.map(ClassId),
                })
            }
            Some(FactKind::Tlv) => {
                let swv = required(&self.swv, "swv", &mut e);
                let cat = code(
                    &self.tlv_category,
                    "tlvCategory",
                    TlvCategory::parse,
                    "laag, midden, hoog",
                    &mut e,
                );
                match (swv, cat) {
                    (Some(swv), Some(category)) => Some(Fact::Tlv {
                        swv: OrgId(swv),
                        category,
                        emb: self.emb.unwrap_or(false),
                    }),
                    _ => None,
                }
            }
            Some(FactKind::Indication) => {
                let law = code(
                    &self.law,
                    "law",
                    CareLaw::parse,
                    "wlz, zvw, jeugdwet, wmo",
                    &mut e,
                );
                let funder = required(&self.funder, "funder", &mut e);
                let delivery = code(
                    &self.delivery,
                    "delivery",
                    DeliveryForm::parse,
                    "zin, pgb",
                    &mut e,
                );
                let category = code(
                    &self.need_category,
                    "needCategory",
                    NeedCategory::parse,
                    "de categorieën van DOMAIN §3.3",
                    &mut e,
                );
                let week = hours(&self.hours_per_week, "hoursPerWeek", &mut e);
                let school = hours(&self.hours_in_school_time, "hoursInSchoolTime", &mut e);
                if let (Some(w), Some(s)) = (week, school)
                    && s > w
                {
                    e.push(InvalidParam {
                        name: "hoursInSchoolTime".into(),
                        reason: "meer dan het aantal uren per week".into(),
                    });
                }
                match (law, funder, delivery, category, week, school) {
                    (
                        Some(law),
                        Some(f),
                        Some(delivery),
                        Some(category),
                        Some(hours_per_week),
                        Some(hours_in_school_time),
                    ) => Some(Fact::Indication {
                        law,
                        funder: OrgId(f),
                        delivery,
                        category,
                        hours_per_week,
                        hours_in_school_time,
                    }),
                    _ => None,
                }
            }
            Some(FactKind::Need) => {
                let category = code(
                    &self.need_category,
                    "needCategory",
                    NeedCategory::parse,
                    "de categorieën van DOMAIN §3.3",
                    &mut e,
                );
                let mode = code(
                    &self.mode,
                    "mode",
                    NeedMode::parse,
                    "individual, group",
                    &mut e,
                );
                let qual = match &self.required_qualification {
                    Some(q) => Qualification::parse(q)
                        .map(Some)
                        .map_err(|reason| {
                            e.push(InvalidParam {
                                name: "requiredQualification".into(),
                                reason,
                            })
                        })
                        .ok(),
                    None => Some(None),
                };
                let blocks = self
                    .blocks
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|b| WeekBlock::parse(b))
                    .collect::<Result<Vec<_>, _>>()
                    .and_then(WeekBlock::sorted_apart)
                    .map_err(|reason| {
                        e.push(InvalidParam {
                            name: "blocks".into(),
                            reason,
                        })
                    })
                    .ok();
                match (category, mode, qual, blocks) {
                    (Some(category), Some(mode), Some(required_qualification), Some(blocks)) => {
                        Some(Fact::Need {
                            category,
                            mode,
                            required_qualification,
                            blocks,
                        })
                    }
                    _ => None,
                }
            }
            Some(FactKind::ProviderAssignment) => required(&self.provider, "provider", &mut e)
                .map(|p| Fact::ProviderAssignment { provider: OrgId(p) }),
            Some(FactKind::Guardianship) => required(&self.parents, "parents", &mut e)
                .map(|p| Fact::Guardianship { parents: OrgId(p) }),
        };
        let out = match (period, fact) {
            (Some(period), Some(fact)) => Some(PupilFact {
                pupil,
                period,
                fact,
            }),
            _ => None,
        };
        finish(e, out)
    }

    pub fn from_fact(f: &PupilFact) -> FactFields {
        let mut out = FactFields {
            kind: f.fact.kind().code().to_owned(),
            period: Some(f.period.into()),
            ..Default::default()
        };
        match &f.fact {
            Fact::Enrolment { school, class } => {
                out.school = Some(school.0);
                out.class = class.map(|c| c.0);
            }
            Fact::Tlv { swv, category, emb } => {
                out.swv = Some(swv.0);
                out.tlv_category = Some(category.code().into());
                out.emb = Some(*emb);
            }
            Fact::Indication {
                law,
                funder,
                delivery,
                category,
                hours_per_week,
                hours_in_school_time,
            } => {
                out.law = Some(law.code().into());
                out.funder = Some(funder.0);
                out.delivery = Some(delivery.code().into());
                out.need_category = Some(category.code().into());
                out.hours_per_week = Some(decimal(*hours_per_week));
                out.hours_in_school_time = Some(decimal(*hours_in_school_time));
            }
            Fact::Need {
                category,
                mode,
                required_qualification,
                blocks,
            } => {
                out.blocks = Some(blocks.iter().map(|b| b.to_string()).collect());
                out.need_category = Some(category.code().into());
                out.mode = Some(mode.code().into());
                out.required_qualification = required_qualification
                    .as_ref()
                    .map(|q| q.as_str().to_owned());
            }
            Fact::ProviderAssignment { provider } => out.provider = Some(provider.0),
            Fact::Guardianship { parents } => out.parents = Some(parents.0),
        }
        out
    }
}

/// Hundredths of an hour as a decimal string with a point: 250 → "2.5".
fn decimal(h: HoursPerWeek) -> String {
    h.to_string().replace(',', ".")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FactDto {
    pub id: Uuid,
    pub version: i64,
    pub pupil: Uuid,
    #[serde(flatten)]
    pub fields: FactFields,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: String,
}

impl From<Versioned<FactId, PupilFact>> for FactDto {
    fn from(v: Versioned<FactId, PupilFact>) -> Self {
        FactDto {
            id: v.id.0,
            version: v.version.0,
            pupil: v.record.pupil.0,
            fields: FactFields::from_fact(&v.record),
            recorded_at: v.recorded_at,
            recorded_by: v.recorded_by,
        }
    }
}

/// A care worker of a provider.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkerDto {
    pub id: Uuid,
    pub version: i64,
    pub provider: Uuid,
    pub name: String,
    /// Qualification codes, e.g. `voorbehouden` (may perform voorbehouden handelingen, Wet BIG art. 36).
    pub qualifications: Vec<String>,
    pub period: PeriodDto,
}

impl From<Versioned<continuum_domain::ids::WorkerId, Worker>> for WorkerDto {
    fn from(v: Versioned<continuum_domain::ids::WorkerId, Worker>) -> Self {
        WorkerDto {
            id: v.id.0,
            version: v.version.0,
            provider: v.record.provider.0,
            name: v.record.name,
            qualifications: v
                .record
                .qualifications
                .iter()
                .map(|q| q.as_str().to_owned())
                .collect(),
            period: v.record.period.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementPartyDto {
    pub organisation: Uuid,
    /// The party's part: financier, school, zorgaanbieder, …
    pub role: String,
}

/// A bestuurlijke afspraak about care at a school.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AgreementDto {
    pub id: Uuid,
    pub version: i64,
    pub school: Uuid,
    pub parties: Vec<AgreementPartyDto>,
    pub period: PeriodDto,
    pub scope: String,
    /// The need categories whose care the agreement arranges collectively.
    pub categories: Vec<String>,
}

impl From<Versioned<continuum_domain::ids::AgreementId, Agreement>> for AgreementDto {
    fn from(v: Versioned<continuum_domain::ids::AgreementId, Agreement>) -> Self {
        AgreementDto {
            id: v.id.0,
            version: v.version.0,
            school: v.record.school.0,
            parties: v
                .record
                .parties
                .iter()
                .map(|p| AgreementPartyDto {
                    organisation: p.organisation.0,
                    role: p.role.clone(),
                })
                .collect(),
            period: v.record.period.into(),
            scope: v.record.scope,
            categories: v
                .record
                .categories
                .iter()
                .map(|c| c.code().to_owned())
                .collect(),
        }
    }
}
