//! Settlement of a ZiO agreement per funder per month (policy: seed 001 "afspraak is
//! realisatie"; seed 004; DOMAIN §3.4).
//!
//! - The agreement is the accountability: each funder pays its agreed share of the pooled
//!   budget, not hours delivered. A pupil's absence (illness) does not lower it.
//! - The share was agreed for the pupils planned at the start. When a pupil leaves or
//!   arrives during the period, the funder's amount follows pro rata by days: the funder
//!   pays `share × (weighted pupil-days in the period) / (weighted pupil-days planned)`,
//!   rounded to the cent once. A pupil's weight is what the allocation key counts for her
//!   (her hours × tariff, or 1 per pupil).
//! - That amount is divided over the months by the pupil-days in each month, and for a
//!   Jeugdwet funder over the national productcategorieën of its care by their weight —
//!   each split exact to the cent (largest remainder), so the lines add up to the funder's
//!   amount and the funders' amounts to the statement's total.

use crate::citation::Citation;
use crate::error::RuleError;
use crate::trace::{Step, Tracer};
use chrono::Datelike;
use continuum_domain::Date;
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::money::{Cents, split_by_weights};
use continuum_domain::period::Period;
use continuum_domain::register::{CareLaw, NeedCategory};
use serde::{Deserialize, Serialize};

const REALISATIE: &str = "seed 001 (afspraak is realisatie); seed 004";

/// The national productcategorie (iStandaarden iJW, productcategorieën Jeugdwet) a need
/// category of care in school time is settled under.
pub fn jeugdwet_productcategorie(category: NeedCategory) -> (&'static str, &'static str) {
    match category {
        NeedCategory::Verzorging => ("40", "Persoonlijke verzorging"),
        NeedCategory::Begeleiding
        | NeedCategory::Gedrag
        | NeedCategory::Psychisch
        | NeedCategory::Sociaal
        | NeedCategory::Paramedisch
        | NeedCategory::Verpleging
        | NeedCategory::Geneeskundig
        | NeedCategory::Onderwijsondersteuning => ("45", "Jeugdhulp ambulant"),
    }
}

/// One pupil whose care a funder pays for under the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettlementPupil {
    pub pupil: PupilId,
    /// What the allocation key counts for her (cents of hours × tariff, or 1).
    pub weight: u64,
    /// Her days under the agreement (enrolled at the school, care from this funder).
    pub period: Period,
    /// Counted when the share was agreed (else she arrived later).
    pub planned: bool,
}

/// What one funder agreed and whom it pays for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunderAgreement {
    pub funder: OrgId,
    pub name: String,
    pub law: CareLaw,
    /// The agreed share of the pooled budget for the whole period.
    pub share: Cents,
    pub pupils: Vec<SettlementPupil>,
    /// The weight of each need category in the funder's care (for the Jeugdwet lines).
    #[serde(default)]
    pub categories: Vec<(NeedCategory, u64)>,
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementLine {
    pub funder: OrgId,
    pub name: String,
    pub law: CareLaw,
    /// `2026-09`
    pub month: String,
    /// For Jeugdwet: the national productcategorie (code, name).
    pub productcategorie: Option<(&'static str, &'static str)>,
    pub amount: Cents,
}

/// A funder's amount for the period after arrivals and departures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FunderTotal {
    pub funder: OrgId,
    pub name: String,
    pub agreed: Cents,
    pub amount: Cents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settlement {
    pub period: Period,
    pub totals: Vec<FunderTotal>,
    pub lines: Vec<SettlementLine>,
}

/// The first day of each month touching `period`, with the month's part of it.
fn months(start: Date, end: Date) -> Vec<(Date, Date)> {
    let mut out = Vec::new();
    let mut first = start.with_day(1).unwrap_or(start);
    while first <= end {
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(Date::MAX);
        let last = next.pred_opt().unwrap_or(next).min(end);
        out.push((first.max(start), last));
        first = next;
    }
    out
}

fn overlap_days(a: (Date, Date), p: &Period) -> u64 {
    let from = a.0.max(p.start());
    let to = p.end().map_or(a.1, |e| e.min(a.1));
    if to < from {
        0
    } else {
        u64::try_from((to - from).num_days() + 1).unwrap_or(0)
    }
}

/// The monthly statement for `period` (which must have an end).
pub fn settle<T: Tracer>(
    period: Period,
    funders: &[FunderAgreement],
    trace: &mut T,
) -> Result<Settlement, RuleError> {
    let Some(end) = period.end() else {
        return Err(RuleError::invalid(
            "period",
            "een afrekening heeft een einddatum nodig",
        ));
    };
    let start = period.start();
    let months = months(start, end);
    let days_total = u128::try_from((end - start).num_days() + 1).unwrap_or(0);
    let mut totals = Vec::with_capacity(funders.len());
    let mut lines = Vec::new();
    for f in funders {
        if f.share.0 < 0 {
            let reason = format!("het aandeel van {} is negatief", f.name);
            return Err(RuleError::invalid("funders.share", reason));
        }
        let planned: u128 = f
            .pupils
            .iter()
            .filter(|p| p.planned)
            .map(|p| u128::from(p.weight) * days_total)
            .sum();
        let per_month: Vec<u64> = months
            .iter()
            .map(|m| {
                f.pupils
                    .iter()
                    .map(|p| p.weight.saturating_mul(overlap_days(*m, &p.period)))
                    .fold(0u64, u64::saturating_add)
            })
            .collect();
        let actual: u128 = per_month.iter().map(|w| u128::from(*w)).sum();
        let share = u128::try_from(f.share.0).unwrap_or(0);
        // No planned pupils: nothing was agreed to pay for.
        let amount = (share * actual + planned / 2)
            .checked_div(planned)
            .unwrap_or(0);
        let amount = Cents(i64::try_from(amount).unwrap_or(i64::MAX));
        trace.step(|| {
            Step::new(
                "Afspraak is realisatie: het afgesproken aandeel, naar rato van de dagen van in- en uitstromende leerlingen",
                Citation::policy(REALISATIE),
            )
            .input("financier", &f.name)
            .input("afgesproken aandeel", f.share)
            .input("leerlingen", f.pupils.len())
            .outcome(format!("te betalen {amount}"))
        });
        let monthly = if amount.0 == 0 {
            vec![Cents(0); months.len()]
        } else {
            split_by_weights(amount, &per_month).unwrap_or_else(|| vec![Cents(0); months.len()])
        };
        // Jeugdwet: one line per productcategorie, by the weight of its categories.
        let categories: Vec<((&'static str, &'static str), u64)> = if f.law == CareLaw::Jeugdwet {
            let mut by_code: Vec<((&'static str, &'static str), u64)> = Vec::new();
            for (c, w) in &f.categories {
                let code = jeugdwet_productcategorie(*c);
                match by_code.iter_mut().find(|(k, _)| *k == code) {
                    Some((_, total)) => *total += w,
                    None => by_code.push((code, *w)),
                }
            }
            by_code.sort();
            if by_code.iter().all(|(_, w)| *w == 0) {
                vec![(jeugdwet_productcategorie(NeedCategory::Begeleiding), 1)]
            } else {
                by_code
            }
        } else {
            Vec::new()
        };
        for ((first, _), month_amount) in months.iter().zip(&monthly) {
            let month = format!("{:04}-{:02}", first.year(), first.month());
            if categories.is_empty() {
                lines.push(SettlementLine {
                    funder: f.funder,
                    name: f.name.clone(),
                    law: f.law,
                    month,
                    productcategorie: None,
                    amount: *month_amount,
                });
                continue;
            }
            let weights: Vec<u64> = categories.iter().map(|(_, w)| *w).collect();
            let parts = split_by_weights(*month_amount, &weights)
                .unwrap_or_else(|| vec![Cents(0); weights.len()]);
            for ((code, _), part) in categories.iter().zip(parts) {
                lines.push(SettlementLine {
                    funder: f.funder,
                    name: f.name.clone(),
                    law: f.law,
                    month: month.clone(),
                    productcategorie: Some(*code),
                    amount: part,
                });
            }
        }
        totals.push(FunderTotal {
            funder: f.funder,
            name: f.name.clone(),
            agreed: f.share,
            amount,
        });
    }
    Ok(Settlement {
        period,
        totals,
        lines,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::trace::NoTrace;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd_opt(y, m, day).unwrap()
    }

    fn year() -> Period {
        Period::new(d(2026, 8, 1), Some(d(2027, 7, 31))).unwrap()
    }

    fn pupil(n: u128, from: Date, until: Option<Date>, planned: bool) -> SettlementPupil {
        SettlementPupil {
            pupil: PupilId::from_u128(n),
            weight: 1,
            period: Period::new(from, until).unwrap(),
            planned,
        }
    }

    fn funder(law: CareLaw, share: i64, pupils: Vec<SettlementPupil>) -> FunderAgreement {
        FunderAgreement {
            funder: OrgId::from_u128(1),
            name: "Gemeente Tilburg".into(),
            law,
            share: Cents(share),
            pupils,
            categories: vec![(NeedCategory::Gedrag, 3), (NeedCategory::Verzorging, 1)],
        }
    }

    #[test]
    fn absence_changes_nothing_and_a_full_year_pays_the_agreed_share_in_twelve_lines() {
        let f = funder(
            CareLaw::Wlz,
            1_200_000,
            vec![pupil(1, d(2026, 8, 1), None, true)],
        );
        let s = settle(year(), &[f], &mut NoTrace).unwrap();
        assert_eq!(s.totals[0].amount, Cents(1_200_000));
        assert_eq!(s.lines.len(), 12);
        assert_eq!(s.lines.iter().map(|l| l.amount.0).sum::<i64>(), 1_200_000);
        // Pro rata by days: August has 31 of 365 days.
        assert_eq!(s.lines[0].month, "2026-08");
        assert_eq!(s.lines[0].amount, Cents(1_200_000 * 31 / 365 + 1));
    }

    #[test]
    fn a_pupil_leaving_halfway_lowers_the_amount_by_her_days() {
        // Two planned pupils; one leaves after 31 January 2027 (184 of 365 days).
        let f = funder(
            CareLaw::Zvw,
            1_000_000,
            vec![
                pupil(1, d(2026, 8, 1), None, true),
                pupil(2, d(2026, 8, 1), Some(d(2027, 1, 31)), true),
            ],
        );
        let s = settle(year(), &[f], &mut NoTrace).unwrap();
        // 1,000,000 × (365 + 184) / (2 × 365) = 752,054.79… → 752,055.
        assert_eq!(s.totals[0].amount, Cents(752_055));
        assert_eq!(s.lines.iter().map(|l| l.amount.0).sum::<i64>(), 752_055);
        // February and later months carry half of what August carries per day.
        // Per day, in whole cents: feb / 28 × 2 = aug / 31, within the rounding of a cent.
        let (aug, feb) = (s.lines[0].amount.0, s.lines[6].amount.0);
        assert!(
            (feb * 31 * 2 - aug * 28).abs() <= 2 * 31 + 28,
            "{aug} {feb}"
        );
    }

    #[test]
    fn jeugdwet_lines_carry_their_national_productcategorie() {
        let f = funder(
            CareLaw::Jeugdwet,
            400_000,
            vec![pupil(1, d(2026, 8, 1), None, true)],
        );
        let s = settle(year(), &[f], &mut NoTrace).unwrap();
        assert_eq!(s.lines.len(), 24, "two productcategorieën a month");
        let codes: Vec<&str> = s.lines[..2]
            .iter()
            .map(|l| l.productcategorie.unwrap().0)
            .collect();
        assert_eq!(codes, ["40", "45"]);
        assert_eq!(s.lines.iter().map(|l| l.amount.0).sum::<i64>(), 400_000);
    }

    #[test]
    fn a_period_without_an_end_cannot_be_settled() {
        let open = Period::from(d(2026, 8, 1));
        let err = settle(open, &[], &mut NoTrace).unwrap_err();
        assert!(err.to_string().starts_with("period: "), "{err}");
    }

    proptest! {
        /// The lines add up to each funder's amount, exactly, whoever comes and goes.
        #[test]
        fn lines_add_up_to_each_funders_amount(
            share in 0i64..50_000_000,
            stays in proptest::collection::vec((0i64..365, 0i64..365, any::<bool>(), 1u64..500), 1..12),
            law in 0usize..3,
        ) {
            let law = [CareLaw::Jeugdwet, CareLaw::Wlz, CareLaw::Zvw][law];
            let pupils: Vec<SettlementPupil> = stays
                .iter()
                .enumerate()
                .map(|(i, (a, b, planned, w))| {
                    let from = d(2026, 8, 1) + chrono::Days::new((*a.min(b)) as u64);
                    let until = d(2026, 8, 1) + chrono::Days::new((*a.max(b)) as u64);
                    SettlementPupil { weight: *w, ..pupil(i as u128, from, Some(until), *planned) }
                })
                .collect();
            let s = settle(year(), &[funder(law, share, pupils)], &mut NoTrace).unwrap();
            prop_assert_eq!(s.lines.iter().map(|l| l.amount.0).sum::<i64>(), s.totals[0].amount.0);
        }
    }
}
