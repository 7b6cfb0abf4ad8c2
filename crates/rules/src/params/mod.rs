//! Dated parameters: the numbers of the law and of policy (ages, terms, thresholds,
//! amounts), each valid for a period and cited, kept in `params/*.toml` at the root of the
//! repository — one file per law or policy source — and compiled in with `include_str!`,
//! so evaluation does no I/O. Format: docs/rules.md.

mod dated;
mod error;
mod load;

pub use dated::{Dated, DatedValue, MonthDay, ParamValue, Unit, Valued};
pub use error::{ParamsError, Problem};
pub use load::ParamFile;

use crate::citation::Law;
use continuum_domain::Date;
use continuum_domain::money::Cents;
use std::collections::BTreeMap;

/// Declares the typed struct of one parameter file: each field a parameter of that name,
/// with the value type and the unit its rule expects.
macro_rules! param_file {
    ($(#[$m:meta])* $name:ident = $file:literal {
        $($(#[$fm:meta])* $field:ident: $ty:ty = $unit:expr,)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            $($(#[$fm])* pub $field: Dated<$ty>,)*
        }
        impl $name {
            pub const FILE: &'static str = $file;
            fn take(f: &mut ParamFile<'_>) -> Result<$name, ParamsError> {
                Ok($name { $($field: f.take(stringify!($field), $unit)?,)* })
            }
        }
    };
}

param_file! {
    /// Leerplichtwet 1969 (BWBR0002628): start and end of leerplicht and kwalificatieplicht.
    Leerplichtwet = "leerplichtwet.toml" {
        /// Art. 3 lid 1: leerplicht starts in the month after this birthday.
        start_age: u32 = Unit::Years,
        /// Art. 3 lid 1 onder a: leerplicht ends after this many full school years.
        full_school_years: u32 = Unit::SchoolYears,
        /// Art. 3 lid 1 onder b: … or at the end of the school year of this birthday.
        end_age: u32 = Unit::Years,
        /// Art. 3 lid 2: primary school finished early counts as this many school years.
        primary_school_years: u32 = Unit::SchoolYears,
        /// Art. 4b: kwalificatieplicht ends on this birthday.
        kwalificatieplicht_end_age: u32 = Unit::Years,
    }
}

param_file! {
    /// Passend onderwijs (WPO, WEC): the zorgplicht term.
    PassendOnderwijs = "passend_onderwijs.toml" {
        zorgplicht_term: u32 = Unit::Weeks,
        zorgplicht_extension: u32 = Unit::Weeks,
    }
}

param_file! {
    /// EMB-regeling (policy, seeds 000 and 004).
    EmbRegeling = "emb_regeling.toml" {
        cap_per_pupil: Cents = Unit::CentsPerPupilPerSchoolYear,
        budget_per_year: Cents = Unit::CentsPerYear,
    }
}

param_file! {
    /// Signals of absence: the report duty (art. 21a) and the policy signals.
    Verzuim = "verzuim.toml" {
        report_hours: u32 = Unit::TeachingHours,
        report_window: u32 = Unit::TeachingWeeks,
        thuiszitter_weeks: u32 = Unit::Weeks,
        at_home_months: u32 = Unit::Months,
        mazl_sick_consecutive: u32 = Unit::SchoolWeeks,
        mazl_sick_times: u32 = Unit::Times,
        mazl_sick_window: u32 = Unit::SchoolWeeks,
        /// Luxe verzuim: unauthorised absence on one of this many school days just
        /// before or after a school holiday (art. 13a: holiday leave only from the head).
        luxe_days: u32 = Unit::SchoolDays,
        /// Overig verzuim: late this many times in a school year.
        late_times: u32 = Unit::Times,
    }
}

param_file! {
    /// Exemption art. 5 onder a: the statement and its yearly renewal.
    Vrijstelling = "vrijstelling.toml" {
        statement_max_age: u32 = Unit::Months,
        renewal_before: MonthDay = Unit::DayOfYear,
        minimum_duration: u32 = Unit::Years,
        /// Continuum policy: remind this many weeks before `renewal_before`.
        renewal_reminder: u32 = Unit::Weeks,
        /// Continuum policy: list a planned evaluation this many weeks ahead.
        evaluation_reminder: u32 = Unit::Weeks,
    }
}

param_file! {
    /// Onderwijszorgarrangementen and reduced teaching time (policy: seeds 000, 003).
    Arrangementen = "arrangementen.toml" {
        /// Seed 000: the inspectie's permission holds for at most this many school years.
        ontheffing_max_duration: u32 = Unit::SchoolYears,
        /// Continuum policy: remind this many weeks before an arrangement ends.
        expiry_reminder: u32 = Unit::Weeks,
    }
}

param_file! {
    /// Jeugdwet (BWBR0034925): who is a jeugdige (art. 1.1), so who falls under the
    /// Jeugdwet rather than the Wmo 2015.
    Jeugdwet = "jeugdwet.toml" {
        /// Art. 1.1 "jeugdige": a person who has not yet reached this age.
        jeugdige_age_limit: u32 = Unit::Years,
    }
}

/// Every parameter the rules use, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub leerplichtwet: Leerplichtwet,
    pub passend_onderwijs: PassendOnderwijs,
    pub emb_regeling: EmbRegeling,
    pub verzuim: Verzuim,
    pub vrijstelling: Vrijstelling,
    pub arrangementen: Arrangementen,
    pub jeugdwet: Jeugdwet,
    text_versions: BTreeMap<Law, Vec<Date>>,
    checked_on: Vec<(String, Law, Date)>,
}

/// The parameter files, compiled in. Paths are from this file to `params/` at the root.
const EMBEDDED: [(&str, &str); 7] = [
    (
        Leerplichtwet::FILE,
        include_str!("../../../../params/leerplichtwet.toml"),
    ),
    (
        PassendOnderwijs::FILE,
        include_str!("../../../../params/passend_onderwijs.toml"),
    ),
    (
        EmbRegeling::FILE,
        include_str!("../../../../params/emb_regeling.toml"),
    ),
    (
        Verzuim::FILE,
        include_str!("../../../../params/verzuim.toml"),
    ),
    (
        Vrijstelling::FILE,
        include_str!("../../../../params/vrijstelling.toml"),
    ),
    (
        Arrangementen::FILE,
        include_str!("../../../../params/arrangementen.toml"),
    ),
    (
        Jeugdwet::FILE,
        include_str!("../../../../params/jeugdwet.toml"),
    ),
];

impl Params {
    /// The parameters of this build.
    pub fn embedded() -> Result<Params, ParamsError> {
        Params::from_texts(&EMBEDDED)
    }

    /// Parameters from file texts, `(file name, text)`. Every known file must be present
    /// and no other. Tests use it to show a changed file taking effect without code change.
    pub fn from_texts(files: &[(&str, &str)]) -> Result<Params, ParamsError> {
        let whole_file = |file: &str, problem| ParamsError {
            file: file.to_owned(),
            line: 1,
            field: String::new(),
            problem,
        };
        let known = EMBEDDED.map(|(name, _)| name);
        if let Some((name, _)) = files.iter().find(|(n, _)| !known.contains(n)) {
            return Err(whole_file(name, Problem::UnknownFile));
        }
        let mut parsed = Vec::with_capacity(files.len());
        for name in known {
            let Some((_, text)) = files.iter().find(|(n, _)| *n == name) else {
                return Err(whole_file(name, Problem::FileMissing));
            };
            parsed.push(ParamFile::parse(name, text)?);
        }
        let mut text_versions: BTreeMap<Law, (String, Vec<Date>)> = BTreeMap::new();
        let mut checked_on = Vec::new();
        for f in &parsed {
            let Some(section) = &f.law else { continue };
            checked_on.push((f.file().to_owned(), section.law, section.checked_on));
            match text_versions.get(&section.law) {
                Some((other_file, v)) if *v != section.text_versions => {
                    return Err(ParamsError {
                        file: f.file().to_owned(),
                        line: section.line,
                        field: "law.text_versions".to_owned(),
                        problem: Problem::TextVersionsDiffer {
                            law: section.law,
                            other_file: other_file.clone(),
                        },
                    });
                }
                Some(_) => {}
                None => {
                    let entry = (f.file().to_owned(), section.text_versions.clone());
                    text_versions.insert(section.law, entry);
                }
            }
        }
        let mut it = parsed.into_iter();
        let mut next = || it.next();
        let params = Params {
            leerplichtwet: take_all(next(), Leerplichtwet::take)?,
            passend_onderwijs: take_all(next(), PassendOnderwijs::take)?,
            emb_regeling: take_all(next(), EmbRegeling::take)?,
            verzuim: take_all(next(), Verzuim::take)?,
            vrijstelling: take_all(next(), Vrijstelling::take)?,
            arrangementen: take_all(next(), Arrangementen::take)?,
            jeugdwet: take_all(next(), Jeugdwet::take)?,
            text_versions: text_versions
                .into_iter()
                .map(|(l, (_, v))| (l, v))
                .collect(),
            checked_on,
        };
        Ok(params)
    }

    /// The text versions per law that the files were compared with.
    pub fn text_versions(&self) -> &BTreeMap<Law, Vec<Date>> {
        &self.text_versions
    }

    /// Files whose values were last compared with the law text more than a year before
    /// `today`: `(file, law, checked_on)`.
    pub fn stale(&self, today: Date) -> Vec<(String, Law, Date)> {
        self.checked_on
            .iter()
            .filter(|(_, _, checked)| {
                checked
                    .checked_add_months(chrono::Months::new(12))
                    .is_some_and(|due| due < today)
            })
            .cloned()
            .collect()
    }
}

/// The embedded parameters with the text of one file replaced: tests show a changed file
/// taking effect on its date without a code change.
#[cfg(test)]
pub(crate) fn embedded_with(file: &str, text: &str) -> Result<Params, ParamsError> {
    let files = EMBEDDED.map(|(name, t)| (name, if name == file { text } else { t }));
    Params::from_texts(&files)
}

fn take_all<T>(
    file: Option<ParamFile<'_>>,
    take: fn(&mut ParamFile<'_>) -> Result<T, ParamsError>,
) -> Result<T, ParamsError> {
    let Some(mut f) = file else {
        // `from_texts` parsed one file per struct, in this order.
        return Err(ParamsError {
            file: String::new(),
            line: 1,
            field: String::new(),
            problem: Problem::FileMissing,
        });
    };
    let typed = take(&mut f)?;
    f.finish()?;
    Ok(typed)
}

#[cfg(test)]
mod tests;
