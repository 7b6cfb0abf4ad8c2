#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: fail loudly

use super::*;
use crate::cases::{self, D};
use crate::params::embedded_with;
use crate::trace::{NoTrace, Trace};
use proptest::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

fn pupil(n: u128) -> PupilId {
    PupilId::from_u128(n)
}

fn school() -> OrgId {
    OrgId::from_u128(0x5c_40_01)
}

fn claims(list: &[(u128, i64)]) -> Vec<EmbClaim> {
    list.iter()
        .map(|&(id, claim)| EmbClaim {
            pupil: pupil(id),
            school: school(),
            claim: Cents(claim),
        })
        .collect()
}

fn on() -> Date {
    Date::from_ymd_opt(2026, 10, 1).unwrap()
}

/// The embedded parameters with another cap and budget, to explore small numbers.
fn emb_params(cap: i64, budget: i64) -> Params {
    let value = |name: &str, unit: &str, v: i64| {
        format!(
            "[{name}]\nunit = \"{unit}\"\nmeaning = \"m\"\n[[{name}.values]]\n\
             from = 2020-01-01\nuntil = 2026-12-31\nvalue = {v}\n\
             cite = {{ policy = \"seed 000; seed 004\" }}\n"
        )
    };
    let text = value("cap_per_pupil", "cents per pupil per school year", cap)
        + &value("budget_per_year", "cents per year", budget);
    embedded_with("emb_regeling.toml", &text).unwrap()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    on: D,
    pupils: Vec<CasePupils>,
    pending: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CasePupils {
    claim: i64,
    count: Option<usize>,
    id: Option<u128>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    per_pupil: Option<Vec<i64>>,
    amounts: Option<Vec<AmountCount>>,
    allocated: Option<i64>,
    lowered: Option<bool>,
    #[serde(default)]
    cites: Vec<String>,
    error: Option<String>,
    error_text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountCount {
    amount: i64,
    pupils: usize,
}

impl cases::Case for Case {
    fn name(&self) -> &str {
        &self.name
    }
    fn pending(&self) -> Option<&str> {
        self.pending.as_deref()
    }
    fn check(&self) -> Vec<String> {
        let mut list = Vec::new();
        for group in &self.pupils {
            for _ in 0..group.count.unwrap_or(1) {
                let id = group.id.unwrap_or(list.len() as u128 + 1);
                list.push((id, group.claim));
            }
        }
        let input = claims(&list);
        let p = Params::embedded().unwrap();
        let mut trace = Trace::new();
        let got = allocate_emb(&input, self.on.0, &p, &mut trace);
        let untraced = allocate_emb(&input, self.on.0, &p, &mut NoTrace);
        let mut wrong = Vec::new();
        if got != untraced {
            wrong.push("traced and untraced answers differ".to_owned());
        }
        let e = &self.expect;
        let answer = match (got, &e.error) {
            (Err(err), Some(code)) => {
                cases::check_error(&err, code, e.error_text.as_deref(), &mut wrong);
                return wrong;
            }
            (Err(err), None) => return vec![format!("error {err}")],
            (Ok(a), Some(code)) => return vec![format!("expected error {code}, got {a:?}")],
            (Ok(a), None) => a,
        };
        let amounts: Vec<i64> = answer.shares.iter().map(|s| s.amount.0).collect();
        if let Some(want) = e.per_pupil.as_ref().filter(|w| **w != amounts) {
            wrong.push(format!("per pupil: expected {want:?}, got {amounts:?}"));
        }
        if let Some(want) = &e.amounts {
            let mut got: BTreeMap<i64, usize> = BTreeMap::new();
            for a in &amounts {
                *got.entry(*a).or_default() += 1;
            }
            let want: BTreeMap<i64, usize> = want.iter().map(|a| (a.amount, a.pupils)).collect();
            if want != got {
                wrong.push(format!("amounts: expected {want:?}, got {got:?}"));
            }
        }
        if let Some(want) = e.allocated.filter(|w| *w != answer.allocated.0) {
            wrong.push(format!(
                "allocated: expected {want}, got {}",
                answer.allocated.0
            ));
        }
        if let Some(want) = e.lowered.filter(|w| *w != answer.lowered) {
            wrong.push(format!("lowered: expected {want}, got {}", answer.lowered));
        }
        cases::check_cites(&trace, &e.cites, &mut wrong);
        wrong
    }
}

#[test]
fn every_case_in_allocation_cases_toml_holds() {
    let file: CaseFile = toml::from_str(include_str!("allocation.cases.toml")).unwrap();
    cases::run_all("allocation.cases.toml", &file.case, 15);
}

#[test]
fn equal_remainders_go_to_the_lowest_pupil_id_whatever_the_input_order() {
    // A budget of one euro over three claims of one euro: 33 cents each, one cent left.
    let p = emb_params(800_000, 100);
    for order in [[1, 2, 3], [3, 2, 1], [2, 3, 1]] {
        let input = claims(&order.map(|id| (id, 100)));
        let answer = allocate_emb(&input, on(), &p, &mut NoTrace).unwrap();
        let by_id: BTreeMap<PupilId, i64> = answer
            .shares
            .iter()
            .map(|s| (s.pupil, s.amount.0))
            .collect();
        let lowest = *by_id.keys().min().unwrap();
        for (id, amount) in by_id {
            assert_eq!(
                amount,
                if id == lowest { 34 } else { 33 },
                "order {order:?}"
            );
        }
        assert_eq!(answer.allocated, Cents(100));
    }
}

#[test]
fn a_lowered_allocation_explains_itself_in_three_steps() {
    let p = emb_params(800_000, 100);
    let mut trace = Trace::new();
    allocate_emb(
        &claims(&[(1, 100), (2, 100), (3, 100)]),
        on(),
        &p,
        &mut trace,
    )
    .unwrap();
    assert_eq!(trace.steps.len(), 3);
    assert!(trace.steps[2].outcome.contains("samen precies € 1,00"));
    assert!(
        trace
            .steps
            .iter()
            .all(|s| s.basis.key() == "seed 000; seed 004")
    );
}

/// Unique pupil ids with claims, a cap and a budget — small numbers, so lowering is common.
fn small_cases() -> impl Strategy<Value = (Vec<(u128, i64)>, i64, i64)> {
    (
        prop::collection::btree_map(any::<u16>(), 0i64..3_000, 0..40),
        0i64..2_000,
        0i64..40_000,
    )
        .prop_map(|(m, cap, budget)| {
            let list = m
                .into_iter()
                .map(|(id, c)| (u128::from(id) + 1, c))
                .collect();
            (list, cap, budget)
        })
}

proptest! {
    #[test]
    fn shares_add_up_exactly_and_stay_within_the_cap((list, cap, budget) in small_cases()) {
        let p = emb_params(cap, budget);
        let answer = allocate_emb(&claims(&list), on(), &p, &mut NoTrace).unwrap();
        let capped: i64 = list.iter().map(|(_, c)| (*c).min(cap)).sum();
        let total: i64 = answer.shares.iter().map(|s| s.amount.0).sum();
        prop_assert_eq!(total, capped.min(budget));
        prop_assert_eq!(answer.allocated.0, total);
        prop_assert_eq!(answer.lowered, capped > budget);
        for s in &answer.shares {
            prop_assert!(s.amount.0 >= 0);
            prop_assert!(s.amount <= s.capped && s.capped <= Cents(cap));
            // Within one cent of the exact pro-rata share.
            if answer.lowered {
                let exact = i128::from(s.capped.0) * i128::from(budget);
                let got = i128::from(s.amount.0) * i128::from(capped);
                prop_assert!(got <= exact + i128::from(capped) && exact < got + i128::from(capped));
            }
        }
    }

    #[test]
    fn with_enough_budget_every_pupil_gets_its_capped_claim((list, cap, _b) in small_cases()) {
        let capped: i64 = list.iter().map(|(_, c)| (*c).min(cap)).sum();
        let p = emb_params(cap, capped);
        let answer = allocate_emb(&claims(&list), on(), &p, &mut NoTrace).unwrap();
        prop_assert!(!answer.lowered);
        for (s, (_, claim)) in answer.shares.iter().zip(&list) {
            prop_assert_eq!(s.amount, Cents((*claim).min(cap)));
        }
    }

    #[test]
    fn the_order_of_the_claims_does_not_change_any_amount((list, cap, budget) in small_cases()) {
        let p = emb_params(cap, budget);
        let forward = allocate_emb(&claims(&list), on(), &p, &mut NoTrace).unwrap();
        let mut reversed = list.clone();
        reversed.reverse();
        let backward = allocate_emb(&claims(&reversed), on(), &p, &mut NoTrace).unwrap();
        let by_id = |a: &EmbAllocation| -> BTreeMap<PupilId, Cents> {
            a.shares.iter().map(|s| (s.pupil, s.amount)).collect()
        };
        prop_assert_eq!(by_id(&forward), by_id(&backward));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn with_the_real_budget_the_shares_add_up_to_ten_million(
        claims_list in prop::collection::vec(700_000i64..1_000_000, 1_240..1_320)
    ) {
        let list: Vec<(u128, i64)> =
            claims_list.iter().enumerate().map(|(i, c)| (i as u128 + 1, *c)).collect();
        let p = Params::embedded().unwrap();
        let answer = allocate_emb(&claims(&list), on(), &p, &mut NoTrace).unwrap();
        let capped: i64 = list.iter().map(|(_, c)| (*c).min(800_000)).sum();
        prop_assert_eq!(answer.allocated.0, capped.min(1_000_000_000));
        prop_assert!(answer.shares.iter().all(|s| s.amount <= Cents(800_000)));
    }
}
