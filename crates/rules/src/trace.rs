//! The reasoning of an evaluation: ordered steps, each with its inputs, outcome and legal
//! basis, so the "Wie is aan zet?" page can show why, and an answer can be checked.
//!
//! Rules are generic over the [`Tracer`]: a batch run passes [`NoTrace`], which is
//! zero-sized and never calls the closure, so building the step's strings costs nothing.

use crate::citation::Citation;
use serde::Serialize;

/// One step of the reasoning. The description and outcome are Dutch: they are shown to
/// parents and professionals as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub description: String,
    pub inputs: Vec<(String, String)>,
    pub outcome: String,
    pub basis: Citation,
}

impl Step {
    pub fn new(description: impl Into<String>, basis: Citation) -> Step {
        Step {
            description: description.into(),
            inputs: Vec::new(),
            outcome: String::new(),
            basis,
        }
    }

    pub fn input(mut self, name: &str, value: impl ToString) -> Step {
        self.inputs.push((name.to_owned(), value.to_string()));
        self
    }

    pub fn outcome(mut self, outcome: impl ToString) -> Step {
        self.outcome = outcome.to_string();
        self
    }
}

pub trait Tracer {
    /// Record a step. `f` builds it, and is only called when the tracer keeps steps.
    fn step(&mut self, f: impl FnOnce() -> Step);
}

/// For batch runs: keeps nothing, calls nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTrace;

impl Tracer for NoTrace {
    #[inline(always)]
    fn step(&mut self, _f: impl FnOnce() -> Step) {}
}

/// Keeps every step, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Trace {
    pub steps: Vec<Step>,
}

impl Trace {
    pub fn new() -> Trace {
        Trace::default()
    }

    /// The short keys of all citations in the trace (`BWBR0002628 art. 3 lid 1`).
    pub fn cited(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.basis.key()).collect()
    }
}

impl Tracer for Trace {
    fn step(&mut self, f: impl FnOnce() -> Step) {
        self.steps.push(f());
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // tests: a called closure is the failure being tested
mod tests {
    use super::*;

    #[test]
    fn no_trace_never_builds_a_step() {
        let mut t = NoTrace;
        t.step(|| panic!("NoTrace must not call the closure"));
        assert_eq!(std::mem::size_of::<NoTrace>(), 0);
    }

    #[test]
    fn trace_keeps_steps_in_order() {
        let mut t = Trace::new();
        t.step(|| Step::new("eerste", Citation::policy("seed 000")).outcome("ja"));
        t.step(|| Step::new("tweede", Citation::policy("seed 004")).input("x", 1));
        assert_eq!(t.steps.len(), 2);
        assert_eq!(t.steps[0].description, "eerste");
        assert_eq!(t.steps[1].inputs, vec![("x".to_owned(), "1".to_owned())]);
        assert_eq!(t.cited(), vec!["seed 000", "seed 004"]);
    }
}
