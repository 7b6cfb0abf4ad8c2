//! Leerplichtwet 1969, art. 25 — the yearly count a municipality reports for a school
//! year: thuiszitters, absoluut verzuim and the exemptions of its residents. As CSV
//! (docs/formats/artikel25.md) and as a printable PDF.
//!
//! What is counted, so the figures can be checked:
//! - **Residents**: the pupils in the register whose municipality of residence is the
//!   actor's municipality today (the register has no BRP residents list; children it does
//!   not know are not counted).
//! - **Thuiszitters**: residents with a signal *langdurig relatief verzuim* (enrolled,
//!   absent without valid reason for more than 4 weeks, not exempt) that arose on a day of
//!   the school year up to the peildatum; of those, residents at home for more than 3
//!   months. The verzuim scan over their stored absence, with their exemptions.
//! - **Absoluut verzuim**: residents who are leerplichtig or kwalificatieplichtig on the
//!   peildatum, have no enrolment that day and no exemption — counted on that one day.
//! - **Exemptions**: per ground, the residents with an exemption in force on some day of
//!   the year and those among them whose exemption began in the year
//!   (`continuum_rules::leerplichtwet::count_per_ground`).
//!
//! The peildatum is the last day of the school year, or today while the year runs.

use crate::AppState;
use crate::exemptions::CheckError;
use crate::verzuim::{self, LOOKBACK_DAYS, VerzuimError};
use crate::zio::agreement::{Document, Section, pdf};
use chrono::Days;
use continuum_domain::Date;
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{HolidayRegion, OrgDetails, OrgKind};
use continuum_rules::leerplichtwet::{ExemptionCount, count_per_ground};
use continuum_rules::{Citation, Law};
use continuum_store::{Actor, Page, StoreError};
use continuum_verzuim::{AbsenceRecord, PupilKey, SignalKind, scan};
use std::collections::{BTreeSet, HashMap};

/// The yearly count of one municipality.
#[derive(Debug, Clone, PartialEq)]
pub struct Artikel25 {
    pub municipality: OrgId,
    pub municipality_name: String,
    pub school_year: SchoolYear,
    pub peildatum: Date,
    /// Residents in the register (see the module documentation).
    pub residents: u32,
    pub thuiszitters: u32,
    /// Of the thuiszitters: at home for more than 3 months.
    pub thuis_drie_maanden: u32,
    pub absoluut_verzuim: u32,
    pub exemptions: ExemptionCount,
    pub basis: Citation,
}

impl From<VerzuimError> for CheckError {
    fn from(e: VerzuimError) -> CheckError {
        match e {
            VerzuimError::Store(s) => CheckError::Store(s),
            VerzuimError::Unavailable(m) => CheckError::Unavailable(m),
            VerzuimError::NoSignal(m) => CheckError::Conflict(m),
        }
    }
}

/// The holiday region of a municipality, and of the municipality a school stands in.
struct Regions<'a> {
    state: &'a AppState,
    known: HashMap<OrgId, Option<HolidayRegion>>,
}

impl Regions<'_> {
    async fn of(&mut self, org: OrgId) -> Result<Option<HolidayRegion>, StoreError> {
        if let Some(r) = self.known.get(&org) {
            return Ok(*r);
        }
        let region = match self.state.store.organisation(org).await?.record.details {
            OrgDetails::Gemeente { holiday_region, .. } => holiday_region,
            OrgDetails::School { municipality, .. } => {
                match self
                    .state
                    .store
                    .organisation(municipality)
                    .await?
                    .record
                    .details
                {
                    OrgDetails::Gemeente { holiday_region, .. } => holiday_region,
                    _ => None,
                }
            }
            _ => None,
        };
        self.known.insert(org, region);
        Ok(region)
    }
}

/// Counts school year `year` for the actor's municipality.
pub async fn count(
    state: &AppState,
    actor: &Actor,
    year: SchoolYear,
) -> Result<Artikel25, CheckError> {
    let own = state.store.organisation(actor.org).await?;
    if own.record.details.kind() != OrgKind::Gemeente {
        return Err(StoreError::NotFound.into());
    }
    let span = year.period();
    let (start, end) = (span.start(), span.end().unwrap_or(Date::MAX));
    if start > actor.today {
        return Err(CheckError::Invalid(vec![
            continuum_domain::validation::FieldError::new(
                "schoolYear",
                format!("Schooljaar {} is nog niet begonnen.", year.label()),
            ),
        ]));
    }
    let peildatum = end.min(actor.today);
    let register = crate::exemptions::register_of(state, actor).await?;
    let exemptions = count_per_ground(register.iter().map(|f| &f.exemption.record), year);

    let (residents, _) = state.store.pupils_of_actor(actor, Page::all()).await?;
    let ids: Vec<PupilId> = residents.iter().map(|r| r.id).collect();
    let enrolments = state.store.enrolments_of_pupils(actor, &ids).await?;
    let from = start
        .checked_sub_days(Days::new(LOOKBACK_DAYS))
        .unwrap_or(start);
    let read = Period::new(start, Some(peildatum)).unwrap_or(Period::from(start));
    let exempt = crate::exemptions::exemption_periods(state, actor, &ids, read).await?;
    let mut regions = Regions {
        state,
        known: HashMap::new(),
    };
    let home = regions.of(actor.org).await?;

    // Thuiszitters: the enrolled (some day of the year up to the peildatum), with their
    // absence; absoluut verzuim: those without an enrolment on the peildatum.
    let mut enrolled = Vec::new();
    let mut not_enrolled = Vec::new();
    for (i, r) in residents.iter().enumerate() {
        let mine: Vec<_> = enrolments.iter().filter(|e| e.pupil == r.id).collect();
        let school = mine
            .iter()
            .filter(|e| e.period.overlaps(&read))
            .max_by_key(|e| e.period.start())
            .map(|e| e.school);
        let key = PupilKey(i as u64);
        let pupil = |region, enrolled| continuum_verzuim::Pupil {
            key,
            birth_date: r.birth_date,
            region,
            school: None,
            enrolled,
            exemption: exempt.get(&r.id).copied(),
            startkwalificatie_on: None,
        };
        if let Some(school) = school
            && let Some(region) = regions.of(school).await?
        {
            enrolled.push(pupil(region, true));
        }
        if !mine.iter().any(|e| e.period.contains(peildatum))
            && let Some(region) = home
        {
            not_enrolled.push(pupil(region, false));
        }
    }
    let with_absence: Vec<PupilId> = enrolled
        .iter()
        .filter_map(|p| residents.get(usize::try_from(p.key.0).ok()?).map(|r| r.id))
        .collect();
    let absences = state
        .store
        .absences_of_pupils(actor, &with_absence, from, peildatum)
        .await?;
    let index: HashMap<PupilId, u64> = residents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i as u64))
        .collect();
    let records: Vec<AbsenceRecord> = absences
        .iter()
        .filter_map(|(p, a)| {
            Some(AbsenceRecord {
                pupil: PupilKey(*index.get(p)?),
                date: a.date,
                minutes: a.minutes,
                kind: a.kind,
            })
        })
        .collect();
    let (cal, p) = (verzuim::calendar()?, verzuim::params()?);
    let scan_err =
        |e: continuum_verzuim::ScanError| CheckError::Unavailable(format!("verzuimscan: {e}"));
    let relatief = scan(cal, p, &enrolled, &records, peildatum).map_err(scan_err)?;
    let absoluut = scan(cal, p, &not_enrolled, &[], peildatum).map_err(scan_err)?;
    let in_year = |d: Date| start <= d && d <= peildatum;
    let distinct = |kinds: &[SignalKind], signals: &[continuum_verzuim::Signal]| {
        let keys: BTreeSet<PupilKey> = signals
            .iter()
            .filter(|s| kinds.contains(&s.kind) && in_year(s.on))
            .map(|s| s.pupil)
            .collect();
        u32::try_from(keys.len()).unwrap_or(u32::MAX)
    };
    Ok(Artikel25 {
        municipality: actor.org,
        municipality_name: own.record.name,
        school_year: year,
        peildatum,
        residents: u32::try_from(residents.len()).unwrap_or(u32::MAX),
        thuiszitters: distinct(
            &[
                SignalKind::LangdurigRelatiefVerzuim,
                SignalKind::ThuisDrieMaanden,
            ],
            &relatief,
        ),
        thuis_drie_maanden: distinct(&[SignalKind::ThuisDrieMaanden], &relatief),
        absoluut_verzuim: distinct(&[SignalKind::AbsoluutVerzuim], &absoluut),
        exemptions,
        basis: Citation::law(Law::Leerplichtwet, "25", None, None),
    })
}

/// One line of the count, as the page, the CSV and the PDF show it.
pub struct Line {
    /// `thuiszitters`, `thuis_langer_dan_3_maanden`, `absoluut_verzuim`, `vrijstelling`.
    pub part: &'static str,
    /// For an exemption: the ground's code (`5_onder_a` …).
    pub ground: Option<&'static str>,
    pub label: String,
    pub count: u32,
    /// For an exemption: of `count`, those whose exemption began in the year.
    pub started: Option<u32>,
}

impl Artikel25 {
    pub fn lines(&self) -> Vec<Line> {
        let mut out = vec![
            Line {
                part: "thuiszitters",
                ground: None,
                label: "Thuiszitters (ingeschreven, langer dan 4 weken ongeoorloofd afwezig)"
                    .into(),
                count: self.thuiszitters,
                started: None,
            },
            Line {
                part: "thuis_langer_dan_3_maanden",
                ground: None,
                label: "van wie langer dan 3 maanden thuis".into(),
                count: self.thuis_drie_maanden,
                started: None,
            },
            Line {
                part: "absoluut_verzuim",
                ground: None,
                label: "Absoluut verzuim (leerplichtig, niet ingeschreven, geen vrijstelling)"
                    .into(),
                count: self.absoluut_verzuim,
                started: None,
            },
        ];
        for g in &self.exemptions.per_ground {
            out.push(Line {
                part: "vrijstelling",
                ground: Some(g.ground.code()),
                label: format!(
                    "Vrijstelling {}: {}",
                    g.ground.article_nl(),
                    g.ground.label_nl()
                ),
                count: g.in_force,
                started: Some(g.started),
            });
        }
        out
    }

    /// `artikel25-<gemeente>-<schooljaar>` without spaces, for file names.
    pub fn file_stem(&self) -> String {
        let name: String = self
            .municipality_name
            .trim_start_matches("Gemeente ")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        format!("artikel25-{name}-{}", self.school_year.label())
    }

    /// The columns of `artikel25.csv` (docs/formats/artikel25.md).
    pub fn csv(&self) -> Result<String, String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let err = |e: csv::Error| e.to_string();
        w.write_record([
            "schooljaar",
            "gemeente",
            "peildatum",
            "onderdeel",
            "grond",
            "omschrijving",
            "aantal",
            "nieuw_in_schooljaar",
            "grondslag",
        ])
        .map_err(err)?;
        for l in self.lines() {
            w.write_record([
                self.school_year.label(),
                self.municipality_name.clone(),
                self.peildatum.to_string(),
                l.part.to_owned(),
                l.ground.unwrap_or_default().to_owned(),
                l.label,
                l.count.to_string(),
                l.started.map(|n| n.to_string()).unwrap_or_default(),
                self.basis.to_string(),
            ])
            .map_err(err)?;
        }
        String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
    }

    /// The count as a printable A4 PDF.
    pub fn pdf(&self) -> Result<Vec<u8>, String> {
        let date = crate::web::nl_date;
        let rows = |parts: &[&str]| -> Vec<Vec<String>> {
            self.lines()
                .into_iter()
                .filter(|l| parts.contains(&l.part))
                .map(|l| {
                    let mut row = vec![l.label, l.count.to_string()];
                    if let Some(s) = l.started {
                        row.push(s.to_string());
                    }
                    row
                })
                .collect()
        };
        let doc = Document {
            title: format!(
                "Jaarverslag leerplicht {} — {}",
                self.school_year.label(),
                self.municipality_name
            ),
            sections: vec![
                Section {
                    heading: "Over dit overzicht".into(),
                    paragraphs: vec![
                        format!(
                            "Telling volgens {} over schooljaar {}. Peildatum: {}.",
                            self.basis,
                            self.school_year.label(),
                            date(self.peildatum)
                        ),
                        format!(
                            "Geteld zijn de {} leerlingen in het register die in de gemeente wonen. Kinderen die niet in het register staan, zijn niet meegeteld.",
                            self.residents
                        ),
                    ],
                    table: None,
                },
                Section {
                    heading: "Verzuim".into(),
                    paragraphs: vec![
                        "Thuiszitters: leerlingen met een signaal langdurig relatief verzuim dat in het schooljaar ontstond. Absoluut verzuim: geteld op de peildatum.".into(),
                    ],
                    table: Some((
                        vec!["Onderdeel".into(), "Aantal".into()],
                        rows(&["thuiszitters", "thuis_langer_dan_3_maanden", "absoluut_verzuim"]),
                    )),
                },
                Section {
                    heading: "Vrijstellingen".into(),
                    paragraphs: vec![format!(
                        "Leerlingen met een vrijstelling die op een dag van het schooljaar gold, per grond; 'nieuw' telt wie die vrijstelling niet al had op {}. Samen {} leerlingen.",
                        date(self.school_year.period().start().pred_opt().unwrap_or(self.peildatum)),
                        self.exemptions.pupils_in_force
                    )],
                    table: Some((
                        vec!["Grond".into(), "Aantal".into(), "Nieuw".into()],
                        rows(&["vrijstelling"]),
                    )),
                },
            ],
        };
        pdf(&doc)
    }
}
