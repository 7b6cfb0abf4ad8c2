//! Money as integer euro cents: never floats.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Sub};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Add for Cents {
    type Output = Cents;
    fn add(self, o: Cents) -> Cents {
        Cents(self.0 + o.0)
    }
}
impl Sub for Cents {
    type Output = Cents;
    fn sub(self, o: Cents) -> Cents {
        Cents(self.0 - o.0)
    }
}

impl fmt::Display for Cents {
    /// Dutch notation: `€ 8.000,00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        write!(f, "{sign}€ {grouped},{:02}", abs % 100)
    }
}

/// A decimal number with at most two decimals (`64`, `64,50`, `64.5`) as hundredths:
/// euros as cents, percentages as basis points. No thousands separators, no sign.
pub fn parse_hundredths(s: &str) -> Result<i64, String> {
    let t = s.trim().replace(',', ".");
    let bad = || {
        format!(
            "'{}' is geen bedrag of getal met hoogstens twee decimalen",
            s.trim()
        )
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 15
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    w.checked_mul(100)
        .and_then(|x| x.checked_add(f))
        .ok_or_else(bad)
}

impl Cents {
    /// Euros as written in a Dutch file: `64`, `64,50`, `64.50`.
    pub fn parse_euros(s: &str) -> Result<Cents, String> {
        parse_hundredths(s).map(Cents)
    }
}

/// `total` split in proportion to `weights`, exact to the cent (largest remainder method,
/// Hamilton): each part rounded down, then one cent more for the parts with the largest
/// remainders; equal remainders go to the earliest weight, so callers fix ties by the order
/// they pass the weights in. The parts add up to `total` exactly and each lies within one
/// cent of its exact share. `None` when every weight is zero (nothing to split by) or the
/// total is negative.
pub fn split_by_weights(total: Cents, weights: &[u64]) -> Option<Vec<Cents>> {
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    let total_u = u128::try_from(total.0).ok()?;
    if sum == 0 {
        return None;
    }
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for w in weights {
        // total < 2^63 and w < 2^64: the product fits in u128.
        let product = total_u * u128::from(*w);
        parts.push(product / sum);
        remainders.push(product % sum);
    }
    // Σ floor(part) ≤ total < Σ floor(part) + n: fewer cents left than parts.
    let handed: u128 = parts.iter().sum();
    let left = usize::try_from(total_u - handed).ok()?;
    let mut ranked: Vec<usize> = (0..weights.len()).collect();
    ranked.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    for &i in ranked.iter().take(left) {
        parts[i] += 1;
    }
    parts
        .into_iter()
        .map(|p| i64::try_from(p).ok().map(Cents))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The invariant the funders rely on: the parts add up to the total, to the cent,
        /// and none is more than a cent away from its exact share.
        #[test]
        fn parts_add_up_to_the_total_and_stay_within_a_cent(
            total in 0i64..10_000_000_000,
            weights in proptest::collection::vec(0u64..1_000_000_000, 1..40),
        ) {
            let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
            let parts = split_by_weights(Cents(total), &weights);
            if sum == 0 {
                prop_assert!(parts.is_none());
                return Ok(());
            }
            let parts = parts.unwrap_or_default();
            prop_assert_eq!(parts.iter().map(|p| i128::from(p.0)).sum::<i128>(), i128::from(total));
            for (p, w) in parts.iter().zip(&weights) {
                let exact_times_sum = u128::try_from(total).unwrap_or(0) * u128::from(*w);
                let floor = exact_times_sum / sum;
                let got = u128::try_from(p.0).unwrap_or(0);
                prop_assert!(got == floor || got == floor + 1, "{} vs floor {}", got, floor);
            }
        }
    }

    #[test]
    fn euros_and_percentages_read_to_the_hundredth() {
        assert_eq!(Cents::parse_euros("64"), Ok(Cents(6_400)));
        assert_eq!(Cents::parse_euros("64,5"), Ok(Cents(6_450)));
        assert_eq!(Cents::parse_euros(" 64.05 "), Ok(Cents(6_405)));
        assert_eq!(parse_hundredths("33,33"), Ok(3_333));
        for bad in ["", "-1", "1.234,56", "6,455", "€ 5", "x"] {
            assert!(parse_hundredths(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_split_gives_the_odd_cents_to_the_largest_remainders_then_the_first() {
        // 100 cents over 1:1:1 → 33.33 each: the first gets the odd cent.
        assert_eq!(
            split_by_weights(Cents(100), &[1, 1, 1]),
            Some(vec![Cents(34), Cents(33), Cents(33)])
        );
        // 10 cents over 1:2:3 → 1.67, 3.33, 5: the largest remainder (0.67) wins.
        assert_eq!(
            split_by_weights(Cents(10), &[1, 2, 3]),
            Some(vec![Cents(2), Cents(3), Cents(5)])
        );
        assert_eq!(split_by_weights(Cents(10), &[0, 0]), None);
        assert_eq!(split_by_weights(Cents(-1), &[1]), None);
    }
    #[test]
    fn cents_print_in_dutch_notation() {
        assert_eq!(Cents(800_000).to_string(), "€ 8.000,00");
        assert_eq!(Cents(1_000_000_000).to_string(), "€ 10.000.000,00");
        assert_eq!(Cents(-5).to_string(), "-€ 0,05");
    }
}
