//! The pooled ZiO budget of a school and each funder's share (policy: seeds 000, 001, 004;
//! the ZiO issue, point 5).
//!
//! - **Budget.** For each funder the hours of care in school time the plan delivers for its
//!   pupils per week, times the tariff agreed for that funder's route, times the number of
//!   teaching weeks in the period. The total is rounded to the cent once, at the end.
//! - **Shares** of that total by the allocation key the parties chose in the agreement:
//!   indicated hours × tariff (each funder pays for its own pupils' hours), the number of
//!   pupils per funder, or fixed percentages (in basis points, together exactly 100 %).
//! - **Exact.** The shares add up to the total to the cent: largest remainder
//!   (`money::split_by_weights`), ties to the funder listed first.
//! - "Afspraak is realisatie": the shares follow from the agreement, not from hours
//!   delivered; a pupil's absence does not lower them (seed 004).

use crate::citation::Citation;
use crate::error::RuleError;
use crate::trace::{Step, Tracer};
use continuum_domain::ids::OrgId;
use continuum_domain::money::{Cents, split_by_weights};
pub use continuum_domain::register::AllocationKey;
use continuum_domain::register::CareLaw;
use serde::{Deserialize, Serialize};

const POOLED_BUDGET: &str = "seed 000; seed 004";

/// What is known of one funder of the school's care in school time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunderBasis {
    pub funder: OrgId,
    pub name: String,
    pub law: CareLaw,
    /// Minutes of care per week in school time the plan delivers for this funder's pupils.
    pub minutes_per_week: u64,
    /// The tariff agreed for this funder's route, per hour.
    pub tariff_per_hour: Cents,
    /// Pupils of the school whose care in school time this funder pays for.
    pub pupils: u32,
    /// The fixed share in basis points (1 % = 100), for `FixedPercentages`.
    #[serde(default)]
    pub percentage_basis_points: Option<u32>,
}

/// One funder's part of the pooled budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunderShare {
    pub funder: OrgId,
    pub name: String,
    pub law: CareLaw,
    /// This funder's part of the budget by hours × tariff (what its pupils' care costs).
    pub own_cost: Cents,
    /// The funder's weight under the key (cents, pupils or basis points).
    pub weight: u64,
    pub amount: Cents,
}

/// The pooled budget of a period and the shares, which add up to it exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZioShares {
    pub weeks: u32,
    pub key: AllocationKey,
    pub total: Cents,
    pub shares: Vec<FunderShare>,
}

/// The budget of `weeks` teaching weeks and every funder's share of it by `key`.
pub fn zio_shares<T: Tracer>(
    funders: &[FunderBasis],
    weeks: u32,
    key: AllocationKey,
    trace: &mut T,
) -> Result<ZioShares, RuleError> {
    if funders.is_empty() {
        return Err(RuleError::invalid("funders", "geen financiers opgegeven"));
    }
    if let Some(f) = funders.iter().find(|f| f.tariff_per_hour.0 < 0) {
        let reason = format!("het tarief van {} is negatief", f.name);
        return Err(RuleError::invalid("funders.tariff_per_hour", reason));
    }
    let mut ids: Vec<OrgId> = funders.iter().map(|f| f.funder).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        let reason = format!("financier {} komt meer dan eens voor", w[0]);
        return Err(RuleError::invalid("funders.funder", reason));
    }

    // Per funder minutes × tariff × weeks / 60, kept in 1/60 cents until the total.
    let sixtieths: Vec<u128> = funders
        .iter()
        .map(|f| {
            u128::from(f.minutes_per_week)
                * u128::from(f.tariff_per_hour.0.unsigned_abs())
                * u128::from(weeks)
        })
        .collect();
    let total_sixtieths: u128 = sixtieths.iter().sum();
    let total = Cents(
        i64::try_from((total_sixtieths + 30) / 60)
            .map_err(|_| RuleError::invalid("funders", "het budget is te groot"))?,
    );
    trace.step(|| {
        Step::new(
            "Het gezamenlijke budget: uren zorg in onderwijstijd maal het afgesproken tarief",
            Citation::policy(POOLED_BUDGET),
        )
        .input("financiers", funders.len())
        .input("lesweken", weeks)
        .outcome(format!("budget {total}"))
    });

    let own_cost: Vec<Cents> = sixtieths
        .iter()
        .map(|s| Cents(i64::try_from((s + 30) / 60).unwrap_or(i64::MAX)))
        .collect();
    let weights: Vec<u64> = match key {
        AllocationKey::IndicatedHoursTimesTariff => sixtieths
            .iter()
            .map(|s| u64::try_from(*s).unwrap_or(u64::MAX))
            .collect(),
        AllocationKey::PupilsPerFunder => funders.iter().map(|f| u64::from(f.pupils)).collect(),
        AllocationKey::FixedPercentages => {
            let mut points = Vec::with_capacity(funders.len());
            for f in funders {
                let p = f.percentage_basis_points.ok_or_else(|| {
                    RuleError::invalid(
                        "funders.percentage_basis_points",
                        format!(
                            "ontbreekt voor {} (verdeelsleutel vaste percentages)",
                            f.name
                        ),
                    )
                })?;
                points.push(u64::from(p));
            }
            let sum: u64 = points.iter().sum();
            if sum != 10_000 {
                return Err(RuleError::invalid(
                    "funders.percentage_basis_points",
                    format!(
                        "de percentages tellen op tot {},{:02} %, niet tot 100 %",
                        sum / 100,
                        sum % 100
                    ),
                ));
            }
            points
        }
    };
    let amounts = match split_by_weights(total, &weights) {
        Some(a) => a,
        None if total.0 == 0 => vec![Cents(0); funders.len()],
        None => {
            return Err(RuleError::invalid(
                "funders",
                format!(
                    "geen enkele financier heeft een aandeel volgens de sleutel '{}'",
                    key.label()
                ),
            ));
        }
    };
    trace.step(|| {
        Step::new(
            "Verdeling over de financiers, tot op de cent",
            Citation::policy(POOLED_BUDGET),
        )
        .input("verdeelsleutel", key.label())
        .outcome(
            funders
                .iter()
                .zip(&amounts)
                .map(|(f, a)| format!("{} {a}", f.name))
                .collect::<Vec<_>>()
                .join("; "),
        )
    });
    let shares = funders
        .iter()
        .zip(amounts)
        .zip(weights)
        .zip(own_cost)
        .map(|(((f, amount), weight), own_cost)| FunderShare {
            funder: f.funder,
            name: f.name.clone(),
            law: f.law,
            own_cost,
            weight,
            amount,
        })
        .collect();
    Ok(ZioShares {
        weeks,
        key,
        total,
        shares,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::trace::{NoTrace, Trace};
    use proptest::prelude::*;

    fn funder(n: u128, law: CareLaw, minutes: u64, tariff: i64, pupils: u32) -> FunderBasis {
        FunderBasis {
            funder: OrgId::from_u128(n),
            name: format!("Financier {n}"),
            law,
            minutes_per_week: minutes,
            tariff_per_hour: Cents(tariff),
            pupils,
            percentage_basis_points: None,
        }
    }

    #[test]
    fn hours_times_tariff_pays_each_funder_its_own_cost() {
        // Gemeente: 10 h/week at € 60; zorgkantoor: 4.5 h/week at € 66; 40 weeks.
        let funders = [
            funder(1, CareLaw::Jeugdwet, 600, 6_000, 5),
            funder(2, CareLaw::Wlz, 270, 6_600, 1),
        ];
        let mut trace = Trace::default();
        let s = zio_shares(
            &funders,
            40,
            AllocationKey::IndicatedHoursTimesTariff,
            &mut trace,
        )
        .unwrap();
        assert_eq!(s.total, Cents(2_400_000 + 1_188_000));
        assert_eq!(s.shares[0].amount, Cents(2_400_000));
        assert_eq!(s.shares[1].amount, Cents(1_188_000));
        assert_eq!(trace.steps.len(), 2);
    }

    #[test]
    fn pupils_per_funder_and_fixed_percentages_split_to_the_cent() {
        let mut funders = vec![
            funder(1, CareLaw::Jeugdwet, 60, 100, 1),
            funder(2, CareLaw::Wlz, 60, 100, 1),
            funder(3, CareLaw::Zvw, 60, 100, 1),
        ];
        // 3 × 1 h × € 1 × 1 week = € 3,00: 100 cents each by pupils.
        let s = zio_shares(&funders, 1, AllocationKey::PupilsPerFunder, &mut NoTrace).unwrap();
        assert_eq!(
            s.shares.iter().map(|x| x.amount.0).collect::<Vec<_>>(),
            vec![100, 100, 100]
        );
        for (f, bp) in funders.iter_mut().zip([3_333, 3_333, 3_334]) {
            f.percentage_basis_points = Some(bp);
        }
        let s = zio_shares(&funders, 1, AllocationKey::FixedPercentages, &mut NoTrace).unwrap();
        assert_eq!(s.shares.iter().map(|x| x.amount.0).sum::<i64>(), 300);
        funders[2].percentage_basis_points = Some(3_000);
        let err =
            zio_shares(&funders, 1, AllocationKey::FixedPercentages, &mut NoTrace).unwrap_err();
        assert_eq!(
            err.to_string(),
            "funders.percentage_basis_points: de percentages tellen op tot 96,66 %, niet tot 100 %"
        );
    }

    #[test]
    fn wrong_input_names_the_field() {
        assert!(
            zio_shares(&[], 1, AllocationKey::PupilsPerFunder, &mut NoTrace)
                .unwrap_err()
                .to_string()
                .starts_with("funders: ")
        );
        let twice = [
            funder(1, CareLaw::Jeugdwet, 60, 100, 1),
            funder(1, CareLaw::Jeugdwet, 60, 100, 1),
        ];
        assert!(
            zio_shares(&twice, 1, AllocationKey::PupilsPerFunder, &mut NoTrace)
                .unwrap_err()
                .to_string()
                .starts_with("funders.funder: ")
        );
        let nobody = [funder(1, CareLaw::Jeugdwet, 60, 100, 0)];
        assert!(
            zio_shares(&nobody, 1, AllocationKey::PupilsPerFunder, &mut NoTrace)
                .unwrap_err()
                .to_string()
                .contains("geen enkele financier")
        );
    }

    proptest! {
        /// Shares add up to the total exactly, whatever the key.
        #[test]
        fn shares_add_up_to_the_total(
            rows in proptest::collection::vec((0u64..3_000, 0i64..20_000, 0u32..40), 1..12),
            weeks in 1u32..53,
            key in 0usize..2,
        ) {
            let funders: Vec<FunderBasis> = rows
                .iter()
                .enumerate()
                .map(|(i, (m, t, p))| funder(i as u128 + 1, CareLaw::Jeugdwet, *m, *t, *p))
                .collect();
            let key = [AllocationKey::IndicatedHoursTimesTariff, AllocationKey::PupilsPerFunder][key];
            if let Ok(s) = zio_shares(&funders, weeks, key, &mut NoTrace) {
                prop_assert_eq!(s.shares.iter().map(|x| x.amount.0).sum::<i64>(), s.total.0);
            }
        }
    }
}
