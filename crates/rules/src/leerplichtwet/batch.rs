//! Batch mode for the leerplicht status: many young people on one evaluation date, no trace.
//!
//! The status of someone of whom only the birth date is known is a pure function of the
//! birth date and the evaluation date, so a batch on one date computes it once per distinct
//! birth date and looks it up for everyone else born that day: a country's pupils share
//! about 7,000 birth dates. Anyone with more facts (school years, a startkwalificatie, a
//! VSO uitstroomprofiel, a diploma) is evaluated in full, as are dates outside the table.
//! Every answer is the one `leerplicht_status` gives; a property test holds it to that.

use super::leerplicht::{LeerplichtFacts, LeerplichtStatus, leerplicht_status};
use crate::error::RuleError;
use crate::params::Params;
use crate::trace::NoTrace;
use continuum_domain::Date;

/// Ages (in days, on the evaluation date) the table covers: 0 up to 40 years.
const TABLE_DAYS: usize = 40 * 366;

/// Evaluates `leerplicht_status` for many people on one date. Not shared between threads:
/// give every thread its own (the table is filled lazily and costs about 0.7 MB).
pub struct LeerplichtBatch<'p> {
    on: Date,
    params: &'p Params,
    by_age_in_days: Vec<Option<LeerplichtStatus>>,
}

impl<'p> LeerplichtBatch<'p> {
    pub fn new(on: Date, params: &'p Params) -> LeerplichtBatch<'p> {
        LeerplichtBatch {
            on,
            params,
            by_age_in_days: Vec::new(),
        }
    }

    /// The evaluation date.
    pub fn on(&self) -> Date {
        self.on
    }

    /// The status of `facts` on the batch's date: the same answer as `leerplicht_status`.
    pub fn status(&mut self, facts: &LeerplichtFacts) -> Result<LeerplichtStatus, RuleError> {
        let only_birth_date = facts.school_years.is_none()
            && facts.primary_school_finished_early.is_none()
            && facts.startkwalificatie_on.is_none()
            && facts.vso_uitstroomprofiel.is_none()
            && facts.praktijkonderwijs_diploma_on.is_none();
        let age = (self.on - facts.birth_date).num_days();
        let slot = usize::try_from(age).ok().filter(|a| *a < TABLE_DAYS);
        let Some(slot) = slot.filter(|_| only_birth_date) else {
            return leerplicht_status(facts, self.on, self.params, &mut NoTrace);
        };
        if self.by_age_in_days.is_empty() {
            self.by_age_in_days = vec![None; TABLE_DAYS];
        }
        if let Some(Some(known)) = self.by_age_in_days.get(slot) {
            return Ok(*known);
        }
        let answer = leerplicht_status(facts, self.on, self.params, &mut NoTrace)?;
        if let Some(entry) = self.by_age_in_days.get_mut(slot) {
            *entry = Some(answer);
        }
        Ok(answer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::leerplichtwet::{SchoolYearsAttended, Uitstroomprofiel};
    use continuum_domain::period::SchoolYear;
    use proptest::prelude::*;

    fn date(days_from_ce: i32) -> Date {
        Date::from_num_days_from_ce_opt(days_from_ce).unwrap()
    }

    proptest! {
        /// The batch answers exactly as the rule does, for people with only a birth date
        /// (the table) and with other facts (evaluated in full), in any order.
        #[test]
        fn batch_equals_the_rule(
            on in 738_000i32..742_000,
            people in proptest::collection::vec(
                (0u32..16_000, prop::option::of(0u32..14), any::<bool>(), any::<bool>()), 1..60),
        ) {
            let params = Params::embedded().unwrap();
            let on = date(on);
            let mut batch = LeerplichtBatch::new(on, &params);
            for (age, years, vso, twice) in people {
                let birth = on - chrono::Days::new(u64::from(age));
                let mut facts = LeerplichtFacts::born(birth);
                if let Some(full_years) = years {
                    facts.school_years = Some(SchoolYearsAttended {
                        full_years,
                        by_end_of: SchoolYear::containing(on),
                    });
                }
                if vso {
                    facts.vso_uitstroomprofiel = Some(Uitstroomprofiel::Dagbesteding);
                }
                let expected = leerplicht_status(&facts, on, &params, &mut NoTrace);
                prop_assert_eq!(batch.status(&facts), expected.clone());
                if twice {
                    prop_assert_eq!(batch.status(&facts), expected);
                }
            }
        }
    }

    #[test]
    fn a_date_before_birth_is_an_error_in_batch_too() {
        let params = Params::embedded().unwrap();
        let on = Date::from_ymd_opt(2026, 11, 23).unwrap();
        let mut batch = LeerplichtBatch::new(on, &params);
        let unborn = LeerplichtFacts::born(Date::from_ymd_opt(2027, 1, 1).unwrap());
        let err = batch.status(&unborn).unwrap_err();
        assert!(err.to_string().contains("on"), "{err}");
    }
}
