//! Leerplichtwet 1969, art. 3, 4a and 4b — is a young person leerplichtig,
//! kwalificatieplichtig, not yet, or no longer, on a date; and from when until when.
//!
//! - Art. 3 lid 1: leerplicht starts on the first school day of the month after the month in
//!   which the child turns 5, and ends at the end of the school year (31 July) after which it
//!   attended school for 12 full school years (onder a), or of the school year in which it
//!   turns 16 (onder b), whichever comes first. Lid 2: primary school finished in fewer than
//!   8 years counts as 8.
//! - Art. 4a/4b: kwalificatieplicht follows directly, until the 18th birthday or a
//!   startkwalificatie; not for a praktijkonderwijs diploma or VSO in the uitstroomprofiel
//!   arbeidsmarkt or dagbesteding (art. 4a lid 2; WEC art. 14 lid 1 onder b, c).
//!
//! The numbers (5, 12, 16, 8, 18) are parameters (`params/leerplichtwet.toml`), taken as
//! valid on the evaluation date. Cases: `leerplicht.cases.toml` beside this file.

use crate::citation::{Citation, Law};
use crate::dates::{
    birthday, day_after, day_before, end_of_school_year, first_of_next_month, period, year_end,
};
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use continuum_domain::Date;
use continuum_domain::period::{Period, SchoolYear};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is known about the young person. Only the birth date is required; each other fact
/// may move an end date earlier.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeerplichtFacts {
    pub birth_date: Date,
    /// Full school years attended so far (art. 3 lid 1 onder a).
    pub school_years: Option<SchoolYearsAttended>,
    /// The school year at whose end primary school was finished in fewer than 8 years
    /// (art. 3 lid 2).
    pub primary_school_finished_early: Option<SchoolYear>,
    /// The date a startkwalificatie (havo, vwo, mbo-2 or higher; art. 1 onder f) was obtained.
    pub startkwalificatie_on: Option<Date>,
    pub vso_uitstroomprofiel: Option<Uitstroomprofiel>,
    /// The date a praktijkonderwijs certificate or diploma was obtained (art. 4a lid 2).
    pub praktijkonderwijs_diploma_on: Option<Date>,
}

impl LeerplichtFacts {
    pub fn born(birth_date: Date) -> LeerplichtFacts {
        LeerplichtFacts {
            birth_date,
            ..LeerplichtFacts::default()
        }
    }
}

/// "By the end of school year `by_end_of` the pupil had attended `full_years` full school
/// years." Later years are assumed to follow one a year, as the pupil stays enrolled; a
/// register-based count replaces this when enrolments are evaluated (issue 3, later part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolYearsAttended {
    pub full_years: u32,
    pub by_end_of: SchoolYear,
}

/// VSO uitstroomprofiel, WEC art. 14 lid 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uitstroomprofiel {
    /// Onder a: vervolgonderwijs — kwalificatieplicht applies as usual.
    Vervolgonderwijs,
    /// Onder b: arbeidsmarktgericht.
    Arbeidsmarkt,
    /// Onder c: dagbesteding.
    Dagbesteding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NogNietLeerplichtig,
    Leerplichtig,
    Kwalificatieplichtig,
    /// Neither leerplichtig nor kwalificatieplichtig any more.
    NietMeer,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::NogNietLeerplichtig => "nog niet leerplichtig",
            Status::Leerplichtig => "leerplichtig",
            Status::Kwalificatieplichtig => "kwalificatieplichtig",
            Status::NietMeer => "niet meer leerplichtig of kwalificatieplichtig",
        })
    }
}

/// The answer: the status on the evaluation date and the period it holds (open for
/// `NietMeer`), with the whole leerplicht and kwalificatieplicht periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LeerplichtStatus {
    pub status: Status,
    pub period: Period,
    pub leerplicht: Period,
    /// `None` when it never applies (art. 4a lid 1 onder b, lid 2).
    pub kwalificatieplicht: Option<Period>,
}

fn lpw(article: &str, lid: Option<u32>, onder: Option<&str>) -> Citation {
    Citation::law(Law::Leerplichtwet, article, lid, onder)
}

/// The status of `facts` on `on`, with the reasoning in `trace`.
pub fn leerplicht_status<T: Tracer>(
    facts: &LeerplichtFacts,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<LeerplichtStatus, RuleError> {
    let birth = facts.birth_date;
    check_not_before_birth(facts, on)?;
    let lp = &p.leerplichtwet;

    // Art. 3 lid 1: the first day of the month after the 5th birthday. The school calendar
    // (a later issue) refines this to the first school day of that month.
    let start_age = lp.start_age.at(on)?;
    let start = first_of_next_month(birthday(birth, start_age.value)?)?;
    trace.step(|| {
        Step::new(
            "Leerplicht begint in de maand na de vijfde verjaardag",
            start_age.cite.clone(),
        )
        .input("geboortedatum", birth)
        .input("leeftijd", start_age.value)
        .outcome(format!("leerplichtig vanaf {start}"))
    });

    // Art. 3 lid 1 onder b: end of the school year in which the child turns 16.
    let end_age = lp.end_age.at(on)?;
    let turns = birthday(birth, end_age.value)?;
    let end_b = end_of_school_year(turns)?;
    trace.step(|| {
        Step::new(
            "Einde van het schooljaar waarin de jongere 16 wordt",
            end_age.cite.clone(),
        )
        .input("verjaardag", turns)
        .input("leeftijd", end_age.value)
        .outcome(format!("uiterlijk tot en met {end_b}"))
    });

    let end_a = end_after_full_years(facts, on, p, trace)?;
    if let Some(a) = end_a.filter(|a| *a < start) {
        let reason =
            format!("twaalf schooljaren voltooid op {a}, voor het begin van de leerplicht");
        return Err(RuleError::invalid("school_years", reason));
    }
    let (lp_end, by_a) = match end_a {
        Some(a) if a <= end_b => (a, true),
        _ => (end_b, false),
    };
    trace.step(|| {
        let onder = if by_a { "a" } else { "b" };
        Step::new(
            "Leerplicht eindigt op het eerste van beide einden",
            lpw("3", Some(1), Some(onder)),
        )
        .input(
            "einde onder a",
            end_a.map_or("onbekend".to_owned(), |d| d.to_string()),
        )
        .input("einde onder b", end_b)
        .outcome(format!("leerplichtig tot en met {lp_end} (onder {onder})"))
    });
    let leerplicht = period(start, lp_end)?;
    let kwalificatieplicht = kwalificatieplicht(facts, on, lp_end, p, trace)?;

    let (status, status_period) = if on < start {
        (
            Status::NogNietLeerplichtig,
            period(birth, day_before(start)?)?,
        )
    } else if on <= lp_end {
        (Status::Leerplichtig, leerplicht)
    } else {
        match kwalificatieplicht {
            Some(kp) if kp.contains(on) => (Status::Kwalificatieplichtig, kp),
            Some(kp) => (
                Status::NietMeer,
                Period::from(day_after(kp.end().unwrap_or(lp_end))?),
            ),
            None => (Status::NietMeer, Period::from(day_after(lp_end)?)),
        }
    };
    trace.step(|| {
        let basis = match status {
            Status::Kwalificatieplichtig => lpw("4b", None, None),
            Status::NietMeer if kwalificatieplicht.is_some() => lpw("4b", None, None),
            _ => lpw("3", Some(1), None),
        };
        Step::new("Status op de peildatum", basis)
            .input("peildatum", on)
            .outcome(status)
    });
    Ok(LeerplichtStatus {
        status,
        period: status_period,
        leerplicht,
        kwalificatieplicht,
    })
}

/// Art. 3 lid 1 onder a with lid 2: the end after 12 full school years, when facts about
/// school years are known.
fn end_after_full_years<T: Tracer>(
    facts: &LeerplichtFacts,
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Option<Date>, RuleError> {
    if facts.school_years.is_none() && facts.primary_school_finished_early.is_none() {
        return Ok(None);
    }
    let full = p.leerplichtwet.full_school_years.at(on)?;
    let mut end: Option<Date> = None;
    if let Some(sy) = facts.school_years {
        let e = year_end(sy.by_end_of, full.value, sy.full_years)?;
        trace.step(|| {
            Step::new(
                "Einde van het schooljaar na twaalf volledige schooljaren",
                full.cite.clone(),
            )
            .input("volledige schooljaren", sy.full_years)
            .input("tot en met schooljaar", sy.by_end_of.label())
            .outcome(format!("twaalf schooljaren voltooid op {e}"))
        });
        end = Some(e);
    }
    if let Some(sy) = facts.primary_school_finished_early {
        let counted = p.leerplichtwet.primary_school_years.at(on)?;
        let e = year_end(sy, full.value, counted.value)?;
        trace.step(|| {
            Step::new(
                "Basisschool in minder dan acht jaar doorlopen telt als acht",
                counted.cite.clone(),
            )
            .input("basisschool afgerond in schooljaar", sy.label())
            .input("geacht bezocht", counted.value)
            .outcome(format!("twaalf schooljaren voltooid op {e}"))
        });
        end = Some(end.map_or(e, |x| x.min(e)));
    }
    Ok(end)
}

/// Art. 4a and 4b: from the day after leerplicht ends until the day before the 18th birthday,
/// a startkwalificatie or a praktijkonderwijs diploma; never for VSO arbeidsmarkt/dagbesteding.
fn kwalificatieplicht<T: Tracer>(
    facts: &LeerplichtFacts,
    on: Date,
    lp_end: Date,
    p: &Params,
    trace: &mut T,
) -> Result<Option<Period>, RuleError> {
    let excluded = match facts.vso_uitstroomprofiel {
        Some(Uitstroomprofiel::Arbeidsmarkt) => Some(("arbeidsmarktgericht", "b")),
        Some(Uitstroomprofiel::Dagbesteding) => Some(("dagbesteding", "c")),
        _ => None,
    };
    if let Some((profiel, onder)) = excluded {
        trace.step(|| {
            Step::new(
                "Uitstroomprofiel van het voortgezet speciaal onderwijs",
                Citation::law(Law::Wec, "14", Some(1), Some(onder)),
            )
            .input("uitstroomprofiel", profiel)
            .outcome("geen vervolgonderwijs")
        });
        trace.step(|| {
            Step::new(
                "Geen kwalificatieplicht na VSO in dit uitstroomprofiel",
                lpw("4a", Some(2), None),
            )
            .outcome("geen kwalificatieplicht")
        });
        return Ok(None);
    }
    let start = day_after(lp_end)?;
    let age = p.leerplichtwet.kwalificatieplicht_end_age.at(on)?;
    let adult = birthday(facts.birth_date, age.value)?;
    // The first day without kwalificatieplicht and why. The citation is built only inside
    // the trace closures: batch runs allocate nothing here.
    let mut ends = (adult, EndReason::Adult);
    if let Some(d) = facts.startkwalificatie_on.filter(|d| *d < ends.0) {
        ends = (
            d,
            EndReason::Startkwalificatie {
                before_start: d <= start,
            },
        );
    }
    if let Some(d) = facts.praktijkonderwijs_diploma_on.filter(|d| *d < ends.0) {
        ends = (d, EndReason::Praktijkonderwijs);
    }
    let (end_day, why) = ends;
    let basis = || why.basis(age.cite);
    if end_day <= start {
        trace.step(|| {
            Step::new(
                "Geen kwalificatieplicht: al behaald bij het einde van de leerplicht",
                basis(),
            )
            .input("reden", why.label())
            .input("datum", end_day)
            .outcome("geen kwalificatieplicht")
        });
        return Ok(None);
    }
    let last = day_before(end_day)?;
    trace.step(|| {
        Step::new("Kwalificatieplicht volgt direct op de leerplicht", basis())
            .input("einde leerplicht", lp_end)
            .input("reden einde", why.label())
            .input("datum", end_day)
            .outcome(format!(
                "kwalificatieplichtig van {start} tot en met {last}"
            ))
    });
    Ok(Some(period(start, last)?))
}

/// Why kwalificatieplicht ends (or never starts), for the trace.
#[derive(Clone, Copy)]
enum EndReason {
    Adult,
    Startkwalificatie { before_start: bool },
    Praktijkonderwijs,
}

impl EndReason {
    fn label(self) -> &'static str {
        match self {
            EndReason::Adult => "18e verjaardag",
            EndReason::Startkwalificatie { .. } => "startkwalificatie behaald",
            EndReason::Praktijkonderwijs => "diploma praktijkonderwijs",
        }
    }

    fn basis(self, age_cite: &Citation) -> Citation {
        match self {
            // Art. 4b: ends on the 18th birthday or with a startkwalificatie.
            EndReason::Adult => age_cite.clone(),
            EndReason::Startkwalificatie {
                before_start: false,
            } => lpw("4b", None, None),
            // Art. 4a lid 1 onder b: only without a startkwalificatie does it apply at all.
            EndReason::Startkwalificatie { before_start: true } => lpw("4a", Some(1), Some("b")),
            EndReason::Praktijkonderwijs => lpw("4a", Some(2), None),
        }
    }
}

fn check_not_before_birth(facts: &LeerplichtFacts, on: Date) -> Result<(), RuleError> {
    let birth = facts.birth_date;
    let dates = [
        ("on", Some(on)),
        ("startkwalificatie_on", facts.startkwalificatie_on),
        (
            "praktijkonderwijs_diploma_on",
            facts.praktijkonderwijs_diploma_on,
        ),
    ];
    for (field, date) in dates {
        if let Some(d) = date.filter(|d| *d < birth) {
            return Err(RuleError::invalid(
                field,
                format!("{d} ligt voor de geboortedatum {birth}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "leerplicht_tests.rs"]
mod tests;
