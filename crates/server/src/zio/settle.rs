//! The monthly settlement of a school's ZiO agreement from the register: each funder's
//! weekly share (the agreement's terms) times the teaching weeks of the period in the
//! school's holiday region, then `continuum_rules::zio::settle` — pro rata by days for the
//! pupils who arrive or leave, lines per month (per productcategorie for the Jeugdwet).

use crate::AppState;
use crate::aan_zet;
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::money::Cents;
use continuum_domain::period::{Period, SchoolYear};
use continuum_domain::register::{Agreement, CareLaw, Fact, NeedCategory, OrgDetails};
use continuum_rules::NoTrace;
use continuum_rules::zio::{FunderAgreement, Settlement, SettlementPupil, settle};
use continuum_store::{Actor, Page};
use std::collections::{BTreeMap, BTreeSet};

/// Why a settlement cannot be made, in Dutch for the page.
pub type Why = String;

/// Teaching weeks (weeks with at least one school day) of `period` in `region`.
pub fn teaching_weeks(
    period: &Period,
    region: continuum_domain::register::HolidayRegion,
) -> Result<u32, Why> {
    let calendar = continuum_verzuim::Calendar::embedded().map_err(|e| e.to_string())?;
    let end = period
        .end()
        .ok_or_else(|| "de afspraak heeft geen einddatum".to_owned())?;
    let mut weeks = 0u32;
    let mut year = SchoolYear::containing(period.start());
    while year.period().start() <= end {
        let mondays = calendar
            .teaching_weeks(year, region, None)
            .map_err(|e| format!("schoolkalender: {e}"))?;
        weeks +=
            u32::try_from(mondays.iter().filter(|m| period.contains(**m)).count()).unwrap_or(0);
        year = SchoolYear(year.0 + 1);
    }
    Ok(weeks)
}

/// The settlement of `agreement` (which has terms) at `school`.
pub async fn settlement(
    state: &AppState,
    actor: &Actor,
    school: OrgId,
    agreement: &Agreement,
) -> Result<(Settlement, u32), Why> {
    let terms = agreement
        .terms
        .as_ref()
        .ok_or_else(|| "de afspraak is nog niet opgesteld uit een rooster".to_owned())?;
    let store = &state.store;
    let err = |e: continuum_store::StoreError| e.to_string();
    let municipality = match store
        .organisation(school)
        .await
        .map_err(err)?
        .record
        .details
    {
        OrgDetails::School { municipality, .. } => municipality,
        _ => return Err("geen school".into()),
    };
    let region = match store
        .organisation(municipality)
        .await
        .map_err(err)?
        .record
        .details
    {
        OrgDetails::Gemeente {
            holiday_region: Some(r),
            ..
        } => r,
        _ => return Err("de vakantieregio van de gemeente van de school is niet bekend".into()),
    };
    let weeks = teaching_weeks(&agreement.period, region)?;

    // Everyone enrolled at some time: at the start, when the terms were drawn up, and today.
    let mut seen: BTreeSet<PupilId> = BTreeSet::new();
    let mut pupils_of: BTreeMap<OrgId, Vec<SettlementPupil>> = BTreeMap::new();
    let mut categories: BTreeMap<OrgId, BTreeMap<NeedCategory, u64>> = BTreeMap::new();
    for day in [agreement.period.start(), terms.drawn_up_on, actor.today] {
        let (rows, _) = store
            .pupils_of_school(actor, school, day, Page::all())
            .await
            .map_err(err)?;
        for row in rows {
            if !seen.insert(row.id) {
                continue;
            }
            let file = store.pupil_file(actor, row.id).await.map_err(err)?;
            let Some(enrolled) = file.facts.iter().find_map(|f| match f.record.fact {
                Fact::Enrolment { school: s, .. } if s == school => Some(f.record.period),
                _ => None,
            }) else {
                continue;
            };
            let Some(within) = intersect(&enrolled, &agreement.period) else {
                continue;
            };
            let planned = enrolled.contains(terms.drawn_up_on);
            let asked_on = if planned {
                terms.drawn_up_on
            } else {
                within.start()
            };
            let answers = aan_zet::answers(state, &file, asked_on).await;
            let mut funders: BTreeSet<OrgId> = BTreeSet::new();
            for a in &answers {
                let Ok(ok) = &a.answer else { continue };
                if ok.domain_code == "onderwijs" || ok.route_code == "pgb" {
                    continue;
                }
                funders.insert(ok.payer_id);
                if let Some(c) = NeedCategory::parse(&a.need_code) {
                    *categories
                        .entry(ok.payer_id)
                        .or_default()
                        .entry(c)
                        .or_default() += 1;
                }
            }
            for f in funders {
                pupils_of.entry(f).or_default().push(SettlementPupil {
                    pupil: row.id,
                    weight: 1,
                    period: within,
                    planned,
                });
            }
        }
    }
    let funders: Vec<FunderAgreement> = terms
        .shares
        .iter()
        .map(|s| FunderAgreement {
            funder: s.funder,
            name: s.name.clone(),
            law: CareLaw::parse(&s.law).unwrap_or(CareLaw::Jeugdwet),
            share: Cents(s.per_week.0.saturating_mul(i64::from(weeks))),
            pupils: pupils_of.remove(&s.funder).unwrap_or_default(),
            categories: categories
                .remove(&s.funder)
                .unwrap_or_default()
                .into_iter()
                .collect(),
        })
        .collect();
    let settlement = settle(agreement.period, &funders, &mut NoTrace).map_err(|e| e.to_string())?;
    Ok((settlement, weeks))
}

fn intersect(a: &Period, b: &Period) -> Option<Period> {
    let start = a.start().max(b.start());
    let end = match (a.end(), b.end()) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    Period::new(start, end).ok()
}

/// The statement as CSV (`;`, for a Dutch spreadsheet): one line per funder, month and,
/// for the Jeugdwet, national productcategorie.
pub fn to_csv(s: &Settlement) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let fail = |e: csv::Error| e.to_string();
    w.write_record([
        "maand",
        "financier",
        "wet",
        "productcategorie",
        "omschrijving",
        "bedrag",
    ])
    .map_err(fail)?;
    for l in &s.lines {
        let (code, name) = l.productcategorie.unwrap_or(("", ""));
        let amount = format!("{},{:02}", l.amount.0 / 100, l.amount.0 % 100);
        w.write_record([
            l.month.as_str(),
            l.name.as_str(),
            l.law.code(),
            code,
            name,
            amount.as_str(),
        ])
        .map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
