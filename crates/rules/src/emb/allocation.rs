//! EMB-regeling (policy: seed 000, seed 004) — the yearly budget for schools with pupils with
//! ernstig meervoudige beperkingen, divided over the EMB pupils counted on the reference date.
//!
//! - Each pupil gets its claim, at most the cap per pupil per school year
//!   (`emb_regeling.cap_per_pupil`, € 8.000 in 2020–2026).
//! - When the capped claims together exceed the budget (`emb_regeling.budget_per_year`,
//!   € 10 million in 2020–2026) every amount is lowered pro rata (seed 000: "het bedrag per
//!   ingeschreven leerling maximaal €8.000"; DOMAIN §3.4: "lowered pro rata").
//! - Money is exact (DOMAIN §3.4): each pro-rata share is rounded down to the cent and the
//!   cents left over go, one each, to the pupils with the largest remainders (largest
//!   remainder method, Hamilton); equal remainders go to the lowest pupil id first, so the
//!   answer does not depend on the order of the input. The amounts then add up to the budget
//!   exactly, and none exceeds its capped claim.
//!
//! Both parameters end on 2026-12-31 (seed 004: kept "tot en met 2026"); a reference date
//! after that is a `NoPeriod` error until the next decision is entered in
//! `params/emb_regeling.toml`. Cases: `allocation.cases.toml` beside this file.

use crate::error::RuleError;
use crate::params::Params;
use crate::trace::{Step, Tracer};
use continuum_domain::Date;
use continuum_domain::ids::{OrgId, PupilId};
use continuum_domain::money::{Cents, split_by_weights};
use serde::{Deserialize, Serialize};

/// The claim of one EMB pupil counted on the reference date, for its school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbClaim {
    pub pupil: PupilId,
    pub school: OrgId,
    pub claim: Cents,
}

/// What one pupil's school receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EmbShare {
    pub pupil: PupilId,
    pub school: OrgId,
    pub claim: Cents,
    /// The claim, at most the cap.
    pub capped: Cents,
    pub amount: Cents,
}

/// The whole allocation; `shares` in the order of the claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbAllocation {
    pub shares: Vec<EmbShare>,
    pub cap: Cents,
    pub budget: Cents,
    /// The capped claims together.
    pub claimed: Cents,
    /// The amounts together: `claimed` when it fits the budget, else exactly `budget`.
    pub allocated: Cents,
    /// Whether the amounts were lowered pro rata.
    pub lowered: bool,
}

/// Allocates the budget valid on `on` (the reference date) over `claims`.
pub fn allocate_emb<T: Tracer>(
    claims: &[EmbClaim],
    on: Date,
    p: &Params,
    trace: &mut T,
) -> Result<EmbAllocation, RuleError> {
    let cap = p.emb_regeling.cap_per_pupil.at(on)?;
    let budget = p.emb_regeling.budget_per_year.at(on)?;
    check_claims(claims)?;

    let capped: Vec<Cents> = claims.iter().map(|c| c.claim.min(cap.value)).collect();
    let over_cap = claims.iter().filter(|c| c.claim > cap.value).count();
    trace.step(|| {
        Step::new(
            "Ten hoogste het maximumbedrag per leerling per schooljaar",
            cap.cite.clone(),
        )
        .input("maximum per leerling", cap.value)
        .input("EMB-leerlingen op de peildatum", claims.len())
        .outcome(format!(
            "{over_cap} aanvra(a)g(en) boven het maximum teruggebracht tot {}",
            cap.value
        ))
    });

    let claimed = sum(&capped);
    let lowered = claimed > i128::from(budget.value.0);
    trace.step(|| {
        Step::new(
            "Passen de aanvragen binnen het budget?",
            budget.cite.clone(),
        )
        .input("aanvragen samen (na maximum)", cents(claimed))
        .input("budget", budget.value)
        .outcome(if lowered {
            "nee: ieder bedrag wordt naar rato lager"
        } else {
            "ja: iedere leerling krijgt de aanvraag, tot het maximum"
        })
    });

    let order = || {
        let mut ids: Vec<usize> = (0..claims.len()).collect();
        ids.sort_by_key(|&i| claims[i].pupil);
        ids
    };
    let amounts = if lowered {
        let (amounts, left) = pro_rata(&capped, budget.value, order());
        trace.step(|| {
            Step::new(
                "Naar rato verlagen, afgerond op centen (grootste-restmethode)",
                budget.cite.clone(),
            )
            .input("factor", format!("{} / {}", budget.value, cents(claimed)))
            .input("restcenten", left)
            .outcome(format!(
                "{left} leerling(en) met de grootste rest krijgen één cent extra \
                 (bij gelijke rest de laagste leerling-id eerst); samen precies {}",
                budget.value
            ))
        });
        amounts
    } else {
        capped.clone()
    };

    let allocated = Cents(amounts.iter().map(|a| a.0).sum());
    let shares = claims
        .iter()
        .zip(capped.iter().zip(amounts))
        .map(|(c, (&capped, amount))| EmbShare {
            pupil: c.pupil,
            school: c.school,
            claim: c.claim,
            capped,
            amount,
        })
        .collect();
    Ok(EmbAllocation {
        shares,
        cap: cap.value,
        budget: budget.value,
        claimed: cents(claimed),
        allocated,
        lowered,
    })
}

/// `budget` over `capped` (which together exceed it) pro rata, exact to the cent: each share
/// rounded down, then one cent more for the largest remainders, ties in `order` (the indices
/// sorted by pupil id) — `money::split_by_weights`. Returns the amounts and the number of
/// cents handed out as remainders.
pub(crate) fn pro_rata(capped: &[Cents], budget: Cents, order: Vec<usize>) -> (Vec<Cents>, i64) {
    let weights: Vec<u64> = order
        .iter()
        .map(|&i| u64::try_from(capped[i].0).unwrap_or(0))
        .collect();
    let parts = split_by_weights(budget, &weights).unwrap_or_default();
    let mut amounts = vec![Cents(0); capped.len()];
    for (k, &i) in order.iter().enumerate() {
        amounts[i] = parts.get(k).copied().unwrap_or(Cents(0));
    }
    // The cents beyond the rounded-down shares, for the trace.
    let total = sum(capped);
    let floors: i128 = capped
        .iter()
        .map(|c| i128::from(c.0) * i128::from(budget.0) / total.max(1))
        .sum();
    let left = i64::try_from(i128::from(budget.0) - floors).unwrap_or(0);
    (amounts, left)
}

fn sum(amounts: &[Cents]) -> i128 {
    amounts.iter().map(|a| i128::from(a.0)).sum()
}

fn cents(v: i128) -> Cents {
    Cents(i64::try_from(v).unwrap_or(i64::MAX))
}

fn check_claims(claims: &[EmbClaim]) -> Result<(), RuleError> {
    if let Some(c) = claims.iter().find(|c| c.claim.0 < 0) {
        let reason = format!(
            "de aanvraag voor leerling {} is negatief ({})",
            c.pupil, c.claim
        );
        return Err(RuleError::invalid("claims.claim", reason));
    }
    let mut ids: Vec<PupilId> = claims.iter().map(|c| c.pupil).collect();
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        let reason = format!("leerling {} komt meer dan eens voor", w[0]);
        return Err(RuleError::invalid("claims.pupil", reason));
    }
    Ok(())
}

#[cfg(test)]
#[path = "allocation_tests.rs"]
mod tests;
