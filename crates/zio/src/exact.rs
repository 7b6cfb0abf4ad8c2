//! Exact stage 3 (and the exact stage-1 and stage-2 checks) for small schools: branch and
//! bound over the class teams.
//!
//! Every class gets a team of its proven size (plus what the slack allows); the teams a
//! class may get are enumerated once, keeping only those that pass quick necessary tests
//! (enough members present in every slot, with the qualifications, and enough daily and
//! weekly capacity). A node fixes the teams of some classes. Its bound is Lagrangian
//! ([`crate::lagrange`]): the limits the classes share are priced, each open class takes
//! its cheapest team at those prices, and subgradient steps improve the prices. The root
//! starts from the dual prices of the minimum-cost flow in which every class may use any
//! worker, or another search's root prices where they give more ([`Exact::warm`]); after
//! its subgradient steps, cutting planes take it to (near) the dual optimum
//! (`Lagrange::ascend_cuts`), and the nodes start from the root's prices. At the node's
//! prices, the bound with one more class fixed to a team is the node's bound plus that
//! team's priced cost minus the class's cheapest, and with two more classes fixed it adds
//! both excesses: a child keeps only the other classes' teams whose bound, with its own
//! team's, stays below the incumbent; a child first checks its bound at the parent's
//! prices over the teams the slot test left it. The search branches on the class with the
//! fewest teams left, cheapest first. A leaf (every team fixed) gets a few
//! more steps and then its exact minimum-cost flow. The root also yields a first roster: a
//! depth-first dive checked by the flow.
//!
//! With several threads the cost search runs on copies that take the root's children one
//! at a time, each the next that no copy has taken, and share the least cost found
//! ([`Exact::search_parallel`]). While a root closes, a thread with nothing else to do
//! searches a copy of it from the open root's prices for rosters ([`Exact::probe`]).
//!
//! Workers alike but for their limits ([`crate::alike`]) are searched once: where two
//! teams of the branching class differ only by a swap of such workers that the fixed
//! teams cannot tell apart, only the team with the earlier worker gets a subtree. The
//! search then runs on the relaxation in which such workers share their group's largest
//! limits, a node's bound adds what the instance's own limits must add for every
//! permutation of them ([`Alike::least_rise`]), and each leaf also tries its images, the
//! members permuted, each with its own flow and bound ([`Alike::rise`]): 30-minute-block
//! 40 / 4 schools take half the nodes or fewer.
//!
//! Before the bound, a pair filter drops the teams of a class that no team of some other
//! class fits slot by slot (within the slack). Every node first drops the teams of the
//! open classes that cannot join the fixed teams slot by slot ([`crate::slotfit`]). In
//! feasibility mode (is there any roster with such teams?) the root is checked by the
//! flow with every class free, each leaf by the flow with its teams (every node, where
//! the slot test is off: more than 128 workers), and the first leaf found ends the
//! search.

use std::time::Instant;

use crate::alike::{Alike, Role};
use crate::instance::Index;
use crate::lagrange::{Costs, Lagrange};
use crate::mcf;
use crate::model::Model;
use crate::retain_kept;
use crate::slotfit::{Scan, SlotFit};
use crate::teams::{Next, TeamTests};

/// One candidate team of a class.
#[derive(Clone)]
struct Team {
    /// Global worker indices.
    members: Vec<u32>,
    /// Members beyond the class's bound.
    extra: u64,
}

#[derive(Clone)]
pub(crate) struct Exact<'a> {
    /// The relaxation of [`Alike`] (the instance's index but for the limits of workers
    /// alike but for their limits); only `net` has the instance's own.
    pub ix: &'a Index,
    pub m: &'a Model,
    /// Per class its stage-1 lower bound (team size at least this).
    pub lbs: Vec<u64>,
    pub deadline: Instant,
    pub best_cost: u64,
    pub best_assign: Option<Vec<u32>>,
    pub aborted: bool,
    pub nodes: u64,
    /// Proven lower bound on the cost of every roster this search covers (meaningful
    /// whether or not the search finishes).
    pub root_bound: u64,
    net: mcf::Network,
    /// Classes with units.
    classes: Vec<usize>,
    /// Per class the active workers who can serve at least one of its units.
    eligible: Vec<Vec<u32>>,
    teams: Vec<Vec<Team>>,
    chosen: Vec<Option<usize>>,
    /// `in_team[c * n_workers + w]` for the classes whose team is chosen.
    in_team: Vec<bool>,
    first_feasible: bool,
    slack: u64,
    /// Some class has no possible team.
    empty: bool,
    lg: Option<Lagrange<'a>>,
    /// The search stops (as if by the deadline) after this many nodes.
    node_limit: u64,
    /// The prices of `root_bound`.
    root_prices: Option<Prices>,
    /// [`Exact::close_root`] has run (its dive, steps and cutting planes, or as many of
    /// them as came before the bound reached the incumbent or the deadline passed).
    closed: bool,
    /// The per-slot matching test of fixed teams, and each team's member mask.
    fit: Option<SlotFit>,
    team_masks: Vec<Vec<u128>>,
    /// In a parallel search: the position (among the root's children, cheapest first)
    /// of the next child that no copy has taken yet. Every copy computes the same list:
    /// the root uses the incumbent all copies started from.
    split: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
    /// In a parallel search: the least cost found by any copy.
    shared: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    /// The cost of `best_assign` (in a parallel search `best_cost` may be another
    /// copy's).
    assign_cost: u64,
    /// The class fixed last on the way to the current node (its parent's teams were
    /// checked against the others).
    newest: Option<usize>,
    /// The root's dive found a roster.
    pub dived: bool,
    /// The cost of the root's minimum-cost flow (a bound).
    flow_cost: u64,
    /// While the root closes beside other roots: the least cost any of them has found.
    pub(crate) feed: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
    /// A probe ([`Exact::probe`]) stops (as if by the deadline) once this is set.
    stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// The interchangeable workers, and the relaxation in which they are alike.
    alike: &'a Alike,
}

/// Prices of the shared limits: per (worker, slot), (worker, day), worker.
pub(crate) type Prices = (Vec<f64>, Vec<f64>, Vec<f64>);

/// Nodes of the root's dive for a first roster.
const DIVE_NODES: u64 = 400;

/// Team pairs the pair filter may look at before the search (each one or a few slot
/// matchings: about 0.1 s at most).
const PAIR_CHECKS: u64 = 400_000;

/// Limit on the candidate teams over all classes (beyond it the search gives up).
const MAX_TEAMS: usize = 400_000;

impl<'a> Exact<'a> {
    /// `ix` is the instance's index (for the minimum-cost flows); the rest of the search
    /// sees `alike`'s relaxation.
    pub(crate) fn new(
        ix: &Index,
        alike: &'a Alike,
        m: &'a Model,
        lbs: Vec<u64>,
        deadline: Instant,
        incumbent: u64,
    ) -> Self {
        let active = &alike.active;
        let nc = ix.classes.len();
        let mut eligible = vec![Vec::new(); nc];
        for (c, el) in eligible.iter_mut().enumerate() {
            let mut v: Vec<u32> = (0..ix.workers.len())
                .filter(|&w| {
                    let wk = &ix.workers[w];
                    active[w]
                        && wk.max_day > 0
                        && wk.max_week > 0
                        && m.class_units[c].iter().any(|&u| {
                            let un = &m.units[u as usize];
                            wk.available[usize::from(un.day)] && wk.holds(un.qual)
                        })
                })
                .map(|w| w as u32)
                .collect();
            v.sort_by_key(|&w| (ix.workers[w as usize].hourly_cents, w));
            *el = v;
        }
        let classes = m.classes_with_units();
        Self {
            alike,
            net: mcf::Network::new(ix, m, active),
            ix: &alike.relaxed,
            m,
            lbs,
            deadline,
            best_cost: incumbent,
            best_assign: None,
            aborted: false,
            nodes: 0,
            root_bound: 0,
            classes,
            eligible,
            teams: (0..nc).map(|_| Vec::new()).collect(),
            chosen: vec![None; nc],
            in_team: vec![false; nc * ix.workers.len()],
            first_feasible: false,
            slack: 0,
            empty: false,
            lg: None,
            node_limit: u64::MAX,
            root_prices: None,
            closed: false,
            fit: SlotFit::new(ix, m, active),
            team_masks: Vec::new(),
            split: None,
            shared: None,
            assign_cost: u64::MAX,
            newest: None,
            dived: false,
            flow_cost: 0,
            feed: None,
            stop: None,
        }
    }

    /// Per class, every team of size `lb..=lb+slack` that passes the necessary tests.
    /// Returns false if there are too many or the deadline passes.
    fn enumerate(&mut self, slack: u64) -> bool {
        let mut total = 0usize;
        for &c in &self.classes.clone() {
            let Some(list) = self.class_teams(c, slack, &mut total) else {
                return false;
            };
            self.teams[c] = list;
        }
        if let Some(fit) = &self.fit {
            self.team_masks = self
                .teams
                .iter()
                .map(|l| l.iter().map(|t| fit.mask(&t.members)).collect())
                .collect();
        }
        true
    }

    /// Drops the teams of a class with which some other class has no team that fits slot
    /// by slot (within the slack), until none goes, the budget of team pairs is spent or
    /// the deadline passes: no roster has them, and without them the search meets its
    /// dead ends sooner (`gen_instance.py` 40 / 4 seed 19: a provider pair without a
    /// roster at the stage-1 value, 142,403 nodes in 3.3 s before, 12,626 in 1.1 s with
    /// 7 % of the teams dropped; its stage-1 checks of 40 / 3 seed 19 end at once).
    ///
    /// True if it went on until no team went (not stopped by the budget or the deadline,
    /// nor by a class without teams); false also without the slot test (more than 128
    /// workers).
    fn pair_filter(&mut self) -> bool {
        let Some(fit) = &self.fit else {
            return false;
        };
        let mut budget = PAIR_CHECKS;
        // per class how often it lost teams, and per pair (a, b) how often `b` had lost
        // teams when `a`'s were last checked against it: a pair is checked again only
        // once its partner has lost teams since (`a`'s own losses leave its other teams'
        // partners in place)
        let nc = self.teams.len();
        let mut losses = vec![0u32; nc];
        let mut checked: Vec<Option<u32>> = vec![None; nc * nc];
        loop {
            let mut dropped = false;
            // the pairs with the fewest teams to scan first
            let mut pairs: Vec<(usize, usize)> = self
                .classes
                .iter()
                .flat_map(|&a| self.classes.iter().map(move |&b| (a, b)))
                .filter(|&(a, b)| a != b)
                .collect();
            pairs.sort_by_key(|&(a, b)| (self.teams[b].len(), self.teams[a].len()));
            let mut lists = self.pair_lists();
            for (a, b) in pairs {
                if checked[a * nc + b] == Some(losses[b]) {
                    continue;
                }
                checked[a * nc + b] = Some(losses[b]);
                let Some(keep) = fit.supported(
                    (a, &lists[a]),
                    (b, &lists[b]),
                    self.slack,
                    (&mut budget, self.deadline),
                ) else {
                    return false; // (what was dropped so far stays dropped)
                };
                if keep.iter().all(|&k| k) {
                    continue;
                }
                dropped = true;
                losses[a] += 1;
                retain_kept(&mut self.teams[a], &keep);
                retain_kept(&mut self.team_masks[a], &keep);
                retain_kept(&mut lists[a], &keep);
                if self.teams[a].is_empty() {
                    return false;
                }
            }
            if !dropped {
                return true;
            }
        }
    }

    /// Per class its teams as (member mask, members beyond the bound), for
    /// [`SlotFit::supported`].
    fn pair_lists(&self) -> Vec<Vec<(u128, u64)>> {
        self.team_masks
            .iter()
            .zip(&self.teams)
            .map(|(ms, ts)| ms.iter().zip(ts).map(|(&m, t)| (m, t.extra)).collect())
            .collect()
    }

    fn class_teams(&self, c: usize, slack: u64, total: &mut usize) -> Option<Vec<Team>> {
        let el = &self.eligible[c];
        let tests = TeamTests::new(self.ix, self.m, c, el)?;
        let lb = self.lbs[c] as usize;
        let mut out = Vec::new();
        for size in lb.max(1)..=(lb + slack as usize).min(el.len()) {
            let mut over = false;
            let in_time = tests.each(size, self.deadline, &mut |idx| {
                *total += 1;
                if *total > MAX_TEAMS {
                    over = true;
                    return Next::Stop;
                }
                out.push(Team {
                    members: idx.iter().map(|&i| el[i]).collect(),
                    extra: (size - lb) as u64,
                });
                Next::Continue
            });
            if over || !in_time {
                return None;
            }
        }
        Some(out)
    }

    /// Searches every combination of class teams with at most `slack` team members beyond
    /// the per-class bounds. Returns true if the search completed: then `best_cost` is the
    /// optimum over such rosters (or nothing beats the incumbent). With `first_feasible`,
    /// stops at the first roster found.
    pub(crate) fn run(&mut self, slack: u64, first_feasible: bool) -> bool {
        self.prepare(slack, first_feasible) && self.search()
    }

    /// Enumerates the teams and, when optimising, opens the root: its bound at the dual
    /// prices of the minimum-cost flow in which every class may use any worker
    /// (`root_bound`), which [`Exact::warm`] and [`Exact::close_root`] raise. Returns
    /// false if the teams are too many or the deadline passes first (then nothing is
    /// proven).
    pub(crate) fn prepare(&mut self, slack: u64, first_feasible: bool) -> bool {
        self.first_feasible = first_feasible;
        self.slack = slack;
        if !self.enumerate(slack) {
            return false;
        }
        let _complete = self.pair_filter();
        if self.classes.iter().any(|&c| self.teams[c].is_empty()) {
            self.root_bound = u64::MAX;
            self.empty = true;
            return true; // no team can cover some class: nothing to find
        }
        if Instant::now() >= self.deadline {
            return false;
        }
        let lists: Vec<Vec<&[u32]>> = self
            .teams
            .iter()
            .map(|l| l.iter().map(|t| t.members.as_slice()).collect())
            .collect();
        let mut lg = Lagrange::new(self.ix, self.m, &lists);
        drop(lists);
        if Instant::now() >= self.deadline {
            return false;
        }
        if !first_feasible {
            self.open_root(&mut lg);
        }
        self.lg = Some(lg);
        true
    }

    /// A bound from the value of the Lagrangian at some prices: never below the root's
    /// minimum-cost flow.
    fn rounded(&self, v: f64) -> u64 {
        if v.is_finite() {
            ((v - 1e-4).ceil().max(0.0) as u64).max(self.flow_cost)
        } else {
            u64::MAX
        }
    }

    /// Takes `v`, the Lagrangian's value at the prices `lg` holds, as the root's bound
    /// where it is no lower.
    fn raise_root(&mut self, v: f64, lg: &Lagrange<'a>) {
        let b = self.rounded(v);
        if b >= self.root_bound {
            self.root_bound = b;
            self.root_prices = Some(lg.prices());
        }
    }

    /// The root's bound at the dual prices of its minimum-cost flow.
    fn open_root(&mut self, lg: &mut Lagrange<'a>) {
        let Some((cost, _)) = self.flow() else {
            self.root_bound = u64::MAX;
            return;
        };
        self.flow_cost = cost;
        self.root_bound = cost;
        if Instant::now() >= self.deadline {
            return; // (the search then ends at once, unfinished)
        }
        let (lam, mu, nu) = self.net.prices();
        lg.set_prices(lam, mu, nu);
        let alive = self.all_alive();
        lg.set_relevance(&self.classes, &alive);
        let (v, _) = lg.costs(&self.classes, &alive);
        self.raise_root(v, lg);
    }

    /// Raises the root's bound (before [`Exact::close_root`]) with the prices of another
    /// search's root where they give more: the searches of one provider subset that split
    /// the extra team members differently have much the same prices (`gen_instance.py`
    /// 30-minute 40 / 4 seed 2: 744,348 at a sibling's prices against 732,050 at the
    /// flow's).
    pub(crate) fn warm(&mut self, prices: &Prices) {
        if self.closed
            || self.empty
            || self.first_feasible
            || self.root_bound == u64::MAX
            || Instant::now() >= self.deadline
        {
            return;
        }
        let Some(mut lg) = self.lg.take() else {
            return;
        };
        let alive = self.all_alive();
        lg.restore(prices.clone());
        lg.set_relevance(&self.classes, &alive);
        let (v, _) = lg.costs(&self.classes, &alive);
        self.raise_root(v, &lg);
        self.lg = Some(lg);
    }

    /// The prices of the root's bound.
    pub(crate) fn root_prices(&self) -> Option<&Prices> {
        self.root_prices.as_ref()
    }

    /// Whether [`Exact::close_root`] has run.
    pub(crate) fn closed(&self) -> bool {
        self.closed
    }

    /// Looks for a first roster by a short dive, then raises the root's bound by
    /// subgradient steps and cutting planes from its best prices so far, stopping once it
    /// reaches the incumbent (which `feed` may lower meanwhile).
    pub(crate) fn close_root(&mut self) {
        if self.closed {
            return;
        }
        self.closed = true;
        if self.empty || self.first_feasible || self.root_bound == u64::MAX {
            return;
        }
        if let Some(mut lg) = self.lg.take() {
            self.root(&mut lg);
            self.lg = Some(lg);
        }
    }

    /// The root bound and a first roster from a short dive.
    fn root(&mut self, lg: &mut Lagrange<'a>) {
        let Some(start) = self.root_prices.clone() else {
            return;
        };
        if self.root_bound >= self.best_cost || Instant::now() >= self.deadline {
            return;
        }
        lg.restore(start);
        let alive = self.all_alive();
        lg.set_relevance(&self.classes, &alive);
        // a depth-first dive for a first feasible roster (the flow proves infeasible
        // branches), each class's teams by their cost at the flow's dual prices. It comes
        // first: the subgradient steps aim at the incumbent, and with a nearer one they and
        // the cutting planes reach the bound sooner (30-minute-block 40 / 4 seed 7: the
        // root closes at 0.38 s instead of 0.56 s when the optimum is known). Until
        // 2026-11-24 team swaps from it followed, each checked by a flow: the search finds
        // cheaper rosters within its first nodes, and without them the 190 small schools
        // took 12.5 s instead of 13.8 s (30-minute-block 40 / 4 seed 7: 0.05 s less)
        self.dived = self.dive(lg);
        if self.dived
            && let Some(f) = &self.feed
        {
            f.fetch_min(self.best_cost, std::sync::atomic::Ordering::Relaxed);
        }
        if self.closed_by_feed() || Instant::now() >= self.deadline {
            return;
        }
        // (the dive's nodes left their own relevance behind)
        lg.set_relevance(&self.classes, &alive);
        let sg = lg.ascend_root(
            &self.classes,
            &alive,
            self.best_cost as f64,
            (ROOT_ITERS, ROOT_ROUND, ROOT_WORKING_SET, ROOT_THETA),
            self.deadline,
        );
        self.raise_root(sg, lg);
        if self.closed_by_feed() {
            return;
        }
        // then cutting planes take the bound to (near) the dual optimum, where the
        // subgradient steps stall (they start from its prices), within a share of the time
        // left; the root keeps the prices of the better of the two
        let now = Instant::now();
        let until = now
            + self
                .deadline
                .saturating_duration_since(now)
                .mul_f64(CUT_SHARE);
        let (own, feed) = (self.best_cost, self.feed.clone());
        let upper = move || {
            let fed = feed
                .as_ref()
                .map_or(u64::MAX, |f| f.load(std::sync::atomic::Ordering::Relaxed));
            own.min(fed) as f64
        };
        let b = lg.ascend_cuts(
            &self.classes,
            &alive,
            &upper,
            (CUT_ROUNDS, CUT_WORKING_SET),
            until,
        );
        self.raise_root(b, lg);
    }

    /// Takes the least cost the roots closing beside this one have found (the roster stays
    /// theirs: `assign_cost` keeps this search's own); true if the root's bound reaches
    /// it.
    fn closed_by_feed(&mut self) -> bool {
        if let Some(f) = &self.feed {
            self.best_cost = self
                .best_cost
                .min(f.load(std::sync::atomic::Ordering::Relaxed));
        }
        self.root_bound >= self.best_cost
    }

    /// A first feasible roster by a depth-first search with at most `DIVE_NODES` nodes,
    /// kept if best; true if it found one.
    fn dive(&mut self, lg: &mut Lagrange<'a>) -> bool {
        let saved = (
            self.best_cost,
            self.best_assign.take(),
            self.nodes,
            self.assign_cost,
        );
        self.first_feasible = true;
        self.best_cost = u64::MAX;
        self.node_limit = self.nodes + DIVE_NODES;
        let alive = self.all_alive();
        let prices = lg.prices();
        self.rec(self.slack, lg, (0, None), &alive);
        lg.restore(prices);
        let found = self.best_assign.take().map(|a| (self.best_cost, a));
        self.first_feasible = false;
        self.aborted = false;
        self.node_limit = u64::MAX;
        self.best_cost = saved.0;
        self.best_assign = saved.1;
        self.nodes = saved.2;
        self.assign_cost = saved.3;
        let Some((cost, assign)) = found else {
            return false;
        };
        if cost < self.best_cost {
            self.best_cost = cost;
            self.best_assign = Some(assign);
            self.assign_cost = cost;
        }
        true
    }

    fn all_alive(&self) -> Vec<Vec<usize>> {
        self.teams
            .iter()
            .map(|l| {
                (0..l.len())
                    .filter(|&ti| l[ti].extra <= self.slack)
                    .collect()
            })
            .collect()
    }

    /// The branch and bound after [`Exact::prepare`]; true if it completed.
    pub(crate) fn search(&mut self) -> bool {
        self.close_root();
        if self.empty || self.root_bound >= self.best_cost && !self.first_feasible {
            return true;
        }
        let Some(mut lg) = self.lg.take() else {
            return false;
        };
        let alive = self.all_alive();
        self.rec(self.slack, &mut lg, (0, None), &alive);
        self.lg = Some(lg);
        !self.aborted
    }

    /// While another thread closes this search's root (on another copy): the search from
    /// the open root's prices, for rosters only (its bounds are weaker than the closed
    /// root's), sharing the least cost with the closing roots through `feed`, until
    /// `stop` is set. Its roster, if it finds one below `feed`, ends in `best_assign`.
    pub(crate) fn probe(
        &mut self,
        feed: std::sync::Arc<std::sync::atomic::AtomicU64>,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) {
        if self.empty || self.first_feasible || self.closed {
            return;
        }
        let Some(mut lg) = self.lg.take() else {
            return;
        };
        self.best_cost = feed.load(std::sync::atomic::Ordering::Relaxed);
        self.shared = Some(feed);
        self.stop = Some(stop);
        let alive = self.all_alive();
        self.rec(self.slack, &mut lg, (0, None), &alive);
        self.lg = Some(lg);
    }

    /// [`Exact::search`] on `threads` copies, each taking the root's next child that no
    /// other copy has taken (so that a copy with easy children takes more of them),
    /// sharing the least cost found. True if every copy completed; the best
    /// roster found (below the incumbent) ends in `best_assign`.
    pub(crate) fn search_parallel(&mut self, threads: usize) -> bool {
        self.close_root();
        if threads <= 1 || self.empty || self.root_bound >= self.best_cost || self.first_feasible {
            return self.search();
        }
        if Instant::now() >= self.deadline {
            // no time left: not even for the copies (large schools have large team lists)
            self.aborted = true;
            return false;
        }
        let shared = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(self.best_cost));
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let copies: Vec<Exact<'a>> = (0..threads)
            .map(|_| {
                let mut c = self.clone();
                c.split = Some(next.clone());
                c.shared = Some(shared.clone());
                c.best_assign = None;
                c.assign_cost = u64::MAX;
                c
            })
            .collect();
        let results: Vec<Exact<'a>> = std::thread::scope(|sc| {
            let handles: Vec<_> = copies
                .into_iter()
                .map(|mut c| {
                    sc.spawn(move || {
                        c.search();
                        c
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(c) => c,
                    Err(e) => std::panic::resume_unwind(e),
                })
                .collect()
        });
        let mut done = true;
        for mut c in results {
            self.nodes += c.nodes;
            done &= !c.aborted;
            if let Some((cost, a)) = c.take_roster()
                && cost < self.best_cost
            {
                self.best_cost = cost;
                self.best_assign = Some(a);
                self.assign_cost = cost;
            }
        }
        self.aborted = !done;
        done
    }

    /// The cheapest roster this search has found, with its cost (its `best_cost` may be
    /// lower: another copy's or another root's).
    pub(crate) fn take_roster(&mut self) -> Option<(u64, Vec<u32>)> {
        self.best_assign.take().map(|a| (self.assign_cost, a))
    }

    fn done(&self) -> bool {
        self.aborted || (self.first_feasible && self.best_assign.is_some())
    }

    /// No roster in a node with this bound can beat the incumbent.
    fn cut(&self, bound: f64) -> bool {
        !self.first_feasible && (bound - 1e-4).ceil() >= self.best_cost as f64
    }

    /// The cheapest roster with the chosen teams (open classes may use anyone).
    fn flow(&mut self) -> Option<(u64, Vec<u32>)> {
        self.flow_below(u64::MAX)
    }

    /// [`Exact::flow`], `None` also where it is not cheaper than `cutoff`.
    fn flow_below(&mut self, cutoff: u64) -> Option<(u64, Vec<u32>)> {
        let nw = self.ix.workers.len();
        let chosen = &self.chosen;
        let in_team = &self.in_team;
        self.net.solve_below(
            &|w, c| chosen[usize::from(c)].is_none() || in_team[usize::from(c) * nw + w as usize],
            cutoff,
        )
    }

    /// The images of the chosen teams (see [`Alike::images`]; the first is the teams
    /// themselves).
    fn images(&self) -> Vec<Vec<Role>> {
        let nw = self.ix.workers.len();
        let signature = |w: u32| -> u64 {
            (self.classes.iter())
                .filter(|&&c| c < 64 && self.in_team[c * nw + w as usize])
                .fold(0, |s, &c| s | 1 << c)
        };
        self.alike.images(&signature)
    }

    /// The cheapest roster with the chosen teams or with one of their `images`; open
    /// classes may use anyone. `None` also where none is cheaper than `cutoff`.
    fn flow_images(&mut self, images: &[Vec<Role>], cutoff: u64) -> Option<(u64, Vec<u32>)> {
        if let [only] = images
            && only.iter().all(|r| r.worker == r.takes)
        {
            return self.flow_below(cutoff);
        }
        let nw = self.ix.workers.len();
        let mut best: Option<(u64, Vec<u32>)> = None;
        for img in images {
            let mut in_team = self.in_team.clone();
            for r in img {
                for &c in &self.classes {
                    in_team[c * nw + r.worker as usize] = self.in_team[c * nw + r.takes as usize];
                }
            }
            let chosen = &self.chosen;
            let below = best.as_ref().map_or(cutoff, |b| b.0);
            let found = self.net.solve_below(
                &|w, c| {
                    chosen[usize::from(c)].is_none() || in_team[usize::from(c) * nw + w as usize]
                },
                below,
            );
            if let Some((cost, a)) = found
                && best.as_ref().is_none_or(|b| cost < b.0)
            {
                best = Some((cost, a));
            }
        }
        best
    }

    fn ascend(
        &mut self,
        lg: &mut Lagrange<'_>,
        alive: &[Vec<usize>],
        iters: usize,
        first: Option<(f64, Costs)>,
    ) -> (f64, Costs) {
        let upper = if self.first_feasible {
            f64::INFINITY
        } else {
            self.best_cost as f64
        };
        lg.ascend_working(
            &self.classes,
            alive,
            (upper, iters, WORKING_SET),
            self.deadline,
            first,
        )
    }

    /// One node: the teams of `self.chosen` are fixed. The prices of `lg` are the
    /// parent's (restored on return); the root starts from the prices of its bound (see
    /// [`Exact::close_root`]), the feasibility search from the duals of the node's
    /// minimum-cost flow, which also proves infeasibility.
    ///
    /// `parent`: the parent's teams' costs at the prices it passes on, and this node's
    /// bound at those prices with the open classes' teams as the parent left them.
    fn rec(
        &mut self,
        slack: u64,
        lg: &mut Lagrange<'a>,
        (depth, parent): (usize, Option<(&Costs, f64)>),
        alive: &[Vec<usize>],
    ) {
        if self.done() {
            return;
        }
        if Instant::now() >= self.deadline
            || self.nodes >= self.node_limit
            || (self.stop.as_ref()).is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
        {
            self.aborted = true;
            return;
        }
        self.nodes += 1;
        // (not at the root: there every copy must branch alike, from the same incumbent)
        if let Some(sh) = &self.shared
            && depth > 0
        {
            let v = sh.load(std::sync::atomic::Ordering::Relaxed);
            if v < self.best_cost {
                self.best_cost = v;
            }
        }
        let ff = self.first_feasible;
        let open: Vec<usize> = self
            .classes
            .iter()
            .copied()
            .filter(|&c| self.chosen[c].is_none())
            .collect();
        // the admissible teams of the open classes within the slack left
        let mut alive: Vec<Vec<usize>> = alive.to_vec();
        for &c in &open {
            let teams = &self.teams[c];
            alive[c].retain(|&ti| teams[ti].extra <= slack);
            if alive[c].is_empty() {
                return;
            }
        }
        // the open classes keep the teams that fit the fixed ones slot by slot
        if let Some(fit) = &self.fit
            && depth > 0
            && !self.team_masks.is_empty()
        {
            let fixed: Vec<(usize, u128)> = self
                .classes
                .iter()
                .filter_map(|&c| self.chosen[c].map(|ti| (c, self.team_masks[c][ti])))
                .collect();
            let Some(fixed) = fit.fixed(&fixed) else {
                return;
            };
            for &c in &open {
                let masks = &self.team_masks[c];
                let mut scan = Scan::default();
                alive[c]
                    .retain(|&ti| fit.fits_from(&fixed, self.newest, (c, masks[ti]), &mut scan));
                if alive[c].is_empty() {
                    return;
                }
            }
        }
        if open.is_empty() {
            // a leaf: a few steps of the bound before the exact flow, of the teams and of
            // each image not cut at the prices of that bound
            let mut images = self.images();
            if !ff {
                let saved = lg.prices();
                lg.set_relevance(&self.classes, &alive);
                let (b, _) = self.ascend(lg, &alive, LEAF_ITERS, None);
                images.retain(|img| !self.cut(b + Alike::rise(img, &|w| lg.limit_prices(w))));
                lg.restore(saved);
                if images.is_empty() {
                    return;
                }
            }
            let cutoff = if ff { u64::MAX } else { self.best_cost };
            if let Some((cost, assign)) = self.flow_images(&images, cutoff)
                && (cost < self.best_cost || ff)
            {
                self.best_cost = cost;
                self.best_assign = Some(assign);
                self.assign_cost = cost;
                if let Some(sh) = &self.shared {
                    sh.fetch_min(cost, std::sync::atomic::Ordering::Relaxed);
                }
            }
            return;
        }
        // first the bound at the parent's prices over the teams the slot test left: any
        // prices give a bound, and the relevance below only raises it
        if !ff
            && depth > 0
            && let Some((p, b)) = parent
            && Self::min_rise(&open, &alive, p).is_some_and(|r| self.cut(b + r))
        {
            return;
        }
        let saved = lg.prices();
        let (bound, costs) = if depth == 0 && !ff {
            // the root was bounded by `prepare`, `warm` and `close_root`
            let Some(p) = self.root_prices.clone() else {
                self.aborted = true; // (no bound: nothing searched)
                return;
            };
            lg.restore(p);
            lg.set_relevance(&self.classes, &alive);
            if self.cut(self.root_bound as f64) {
                lg.restore(saved);
                return;
            }
            self.ascend(lg, &alive, 1, None)
        } else if ff && depth > 0 && self.fit.is_some() {
            // below the root the feasibility search relies on the slot-by-slot test of
            // the teams (the flow per node costs more than the nodes it saves); every
            // leaf is checked by the flow. Without the test (more than 128 workers) every
            // node keeps its flow.
            lg.set_relevance(&self.classes, &alive);
            self.ascend(lg, &alive, 1, None)
        } else if ff {
            let images = self.images();
            let Some((cost, _)) = self.flow_images(&images, u64::MAX) else {
                return;
            };
            // (with several images, these are the prices of the last one's flow, not
            // duals of the cheapest: any prices give a bound, and here they only steer)
            if self.cut(cost as f64) {
                return;
            }
            let (lam, mu, nu) = self.net.prices();
            lg.set_prices(lam, mu, nu);
            lg.set_relevance(&self.classes, &alive);
            self.ascend(lg, &alive, 1, None)
        } else {
            // the teams' costs are the parent's but for the workers whose rates the
            // relevance changed
            let changed = lg.set_relevance(&self.classes, &alive);
            let first = parent.and_then(|p| lg.restrict(&self.classes, &alive, p.0, &changed));
            let iters = if open.len() <= 2 && depth >= 2 {
                NODE_ITERS_FEW_OPEN
            } else {
                NODE_ITERS
            };
            self.ascend(lg, &alive, iters, first)
        };
        // (in the relaxation of interchangeable workers: what the instance's own limits
        // add for every roster of the node and its images)
        let bound = bound + self.alike.least_rise(&|w| lg.limit_prices(w));
        if bound.is_finite() && !self.cut(bound) {
            self.branch(slack, lg, depth, (bound, &costs), &open, alive);
        }
        lg.restore(saved);
    }

    /// Branches on the open class with the fewest teams whose bound (at the node's
    /// prices) is below the incumbent, cheapest first. Each child keeps the teams of the
    /// other open classes whose bound, with the child's team added, is below the
    /// incumbent (`gen_instance.py` 30-minute 40 / 4 seed 7: 2.6 s → 1.6 s).
    fn branch(
        &mut self,
        slack: u64,
        lg: &mut Lagrange<'a>,
        depth: usize,
        (bound, costs): (f64, &Costs),
        open: &[usize],
        alive: Vec<Vec<usize>>,
    ) {
        let mut best: Option<(usize, Vec<(f64, usize)>)> = None;
        let mut best_key = (usize::MAX, 0u64);
        // per open class its teams' bounds, in the order of `costs`
        let mut bounds: Vec<Vec<(f64, usize)>> = vec![Vec::new(); self.teams.len()];
        for &c in open {
            let mut list: Vec<(f64, usize)> = costs[c]
                .iter()
                .copied()
                .filter(|x| x.0.is_finite())
                .collect();
            let min = list.iter().map(|x| x.0).fold(f64::INFINITY, f64::min);
            let base = bound - min;
            for x in &mut list {
                x.0 += base;
            }
            list.retain(|x| !self.cut(x.0));
            if list.is_empty() {
                return;
            }
            bounds[c].clone_from(&list);
            let key = (list.len(), u64::MAX - (base.max(0.0) as u64));
            if key < best_key {
                best_key = key;
                best = Some((c, list));
            }
        }
        let Some((c, mut list)) = best else {
            return;
        };
        list.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let swaps = self.swaps_at_node();
        // in a parallel search, the root's child this copy has taken
        let mut taken: Option<usize> = None;
        // the lists of a child (the fixed classes' stay as they are)
        let mut child = alive;
        for (j, &(b, ti)) in list.iter().enumerate() {
            if self.cut(b) {
                break;
            }
            if depth == 0
                && let Some(next) = &self.split
            {
                if taken.is_none_or(|t| t < j) {
                    taken = Some(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
                }
                if taken != Some(j) {
                    continue; // another copy's
                }
            }
            // a team that takes a worker but not an earlier one interchangeable with her
            // here has the same subtree, worker for worker, as the team with the earlier
            // one instead: that team's subtree is searched (or cut by a valid bound)
            // (after the copies' split: every copy counts every child)
            let members = &self.teams[c][ti].members;
            if (swaps.iter())
                .any(|&(early, late)| members.contains(&late) && !members.contains(&early))
            {
                continue;
            }
            // the child's bound at these prices, with a team of one more open class
            // fixed, is this team's bound plus that team's excess over its class's
            // cheapest: the other classes' teams whose sum reaches the incumbent go
            let excess = b - bound;
            child[c] = vec![ti];
            let mut pruned = false;
            for &o in open.iter().filter(|&&o| o != c) {
                child[o] = bounds[o]
                    .iter()
                    .filter(|x| !self.cut(x.0 + excess))
                    .map(|x| x.1)
                    .collect();
                pruned |= child[o].is_empty();
            }
            if pruned {
                continue;
            }
            let extra = self.teams[c][ti].extra;
            self.choose(c, Some(ti));
            self.newest = Some(c);
            self.rec(slack - extra, lg, (depth + 1, Some((costs, b))), &child);
            self.choose(c, None);
            if self.done() {
                break;
            }
        }
    }

    /// Pairs `(a, b)` of interchangeable workers, `a` before `b`, that every fixed team
    /// either holds both or neither of, and no worker between them in their group does
    /// so too: swapping `a` and `b` maps the node's rosters onto themselves at the same
    /// cost, so of two teams of the branching class that differ only by such swaps, one
    /// subtree suffices (the one whose members come first in each group).
    fn swaps_at_node(&self) -> Vec<(u32, u32)> {
        let nw = self.ix.workers.len();
        let mut pairs = Vec::new();
        for group in self.alike.groups.iter().map(|g| &g.members) {
            // per member its membership in the fixed teams; each member is paired with the
            // nearest earlier member of the same membership
            for (i, &b) in group.iter().enumerate() {
                let same = |a: u32| {
                    self.classes.iter().all(|&c| {
                        self.in_team[c * nw + a as usize] == self.in_team[c * nw + b as usize]
                    })
                };
                if let Some(&a) = group[..i].iter().rev().find(|&&a| same(a)) {
                    pairs.push((a, b));
                }
            }
        }
        pairs
    }

    /// How much the open classes' cheapest teams by `costs` rise when each keeps only
    /// its teams in `alive`; `None` unless these are subsequences of those in `costs`.
    fn min_rise(open: &[usize], alive: &[Vec<usize>], costs: &Costs) -> Option<f64> {
        let mut rise = 0.0;
        for &c in open {
            let all = costs
                .get(c)?
                .iter()
                .map(|x| x.0)
                .fold(f64::INFINITY, f64::min);
            let mut from = costs[c].iter();
            let mut kept = f64::INFINITY;
            for &ti in &alive[c] {
                kept = kept.min(from.find(|x| x.1 == ti)?.0);
            }
            if all.is_finite() {
                rise += kept - all;
            }
        }
        Some(rise)
    }

    fn choose(&mut self, c: usize, team: Option<usize>) {
        let nw = self.ix.workers.len();
        let old = self.chosen[c];
        let members = match (old, team) {
            (Some(t), None) | (None, Some(t)) => self.teams[c][t].members.clone(),
            _ => Vec::new(),
        };
        for w in members {
            self.in_team[c * nw + w as usize] = team.is_some();
        }
        self.chosen[c] = team;
    }
}

/// Subgradient steps at the root (a warm start for the cutting planes: 200 took longer
/// on 40-pupil schools of three classes, whose classes have thousands of teams, and
/// proved no more schools), at the other nodes and at the leaves of the search.
const ROOT_ITERS: usize = 50;
const NODE_ITERS: usize = 60;
const LEAF_ITERS: usize = 40;
/// Steps at the nodes below the root's children with at most two open classes. Most of
/// their children end in the slot test (the last open class has no team that fits the
/// others), and steps there cost more than the nodes they save: with 60 steps the
/// `gen_instance.py` 40 / 4 seed 19 took 12.7 s, with 15 5.6-7.8 s (with 5, 6.9 s, and
/// no less over the ten hardest schools). The root's children keep their 60 steps: the
/// 30 / 3 seed 4, whose root's children have two open classes, took 1.0 s instead of
/// 0.85 s without them.
const NODE_ITERS_FEW_OPEN: usize = 15;
/// At the root: steps between rebuilds of the working set, its size, the first step size.
const ROOT_ROUND: usize = 20;
const ROOT_WORKING_SET: usize = 60;
const ROOT_THETA: f64 = 1.0;
/// Cutting-plane rounds at the root, the teams per class that the evaluations between
/// full ones look at, and the share of the time left they may take.
const CUT_ROUNDS: usize = 60;
const CUT_WORKING_SET: usize = 100;
const CUT_SHARE: f64 = 0.25;
/// Teams per open class the subgradient steps look at (the bound is a full evaluation).
const WORKING_SET: usize = 15;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::Exact;
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;
    use std::time::{Duration, Instant};

    /// A generated school as for a search of its first two providers: the instance, its
    /// model, which workers are active, and each class's stage-1 bound with them.
    fn provider_pair(o: GenOptions) -> (Instance, crate::model::Model, Vec<bool>, Vec<u64>) {
        let inst = Instance::from_data(generate(&o).unwrap()).unwrap();
        let ix = &inst.index;
        let m = crate::model::build(ix, 3);
        let active: Vec<bool> = ix.workers.iter().map(|w| w.provider < 2).collect();
        let lbs: Vec<u64> = (0..ix.classes.len())
            .map(|c| m.class_bound(ix, c, &|w| active[w]))
            .collect();
        (inst, m, active, lbs)
    }

    /// After the pair filter every team left has, in every other class, a team that fits
    /// with it slot by slot within the slack (the filter's fixed point, reached although
    /// a pair is checked again only once its partner class has lost teams), on the
    /// provider pairs of 40-pupil schools with 60- and 30-minute blocks; and it drops
    /// teams on some of them. (On these schools one pass over the pairs, smallest first,
    /// reaches the fixed point; the second pass that the filter no longer makes over
    /// every pair was what cost the time.)
    #[test]
    fn after_the_pair_filter_every_team_has_a_partner_in_every_class() {
        let (mut schools, mut dropped) = (0, 0);
        for (seed, block_minutes) in (1..=8).flat_map(|s| [(s, 60), (s, 30)]) {
            let (inst, m, active, lbs) = provider_pair(GenOptions {
                block_minutes,
                ..GenOptions::new(40, 4, seed)
            });
            let ix = &inst.index;
            let alike = crate::alike::Alike::new(ix, &active);
            for slack in [0, 1] {
                let deadline = Instant::now() + Duration::from_secs(60);
                let mut ex = Exact::new(ix, &alike, &m, lbs.clone(), deadline, u64::MAX);
                ex.slack = slack;
                if !ex.enumerate(slack) || ex.fit.is_none() {
                    continue;
                }
                let before: usize = ex.teams.iter().map(Vec::len).sum();
                if !ex.pair_filter() {
                    continue; // out of budget, or a class without a team left
                }
                let after: usize = ex.teams.iter().map(Vec::len).sum();
                schools += 1;
                dropped += usize::from(after < before);
                let fit = ex.fit.as_ref().unwrap();
                let lists = ex.pair_lists();
                let mut budget = u64::MAX;
                for &a in &ex.classes {
                    for &b in ex.classes.iter().filter(|&&b| b != a) {
                        let keep = fit
                            .supported(
                                (a, &lists[a]),
                                (b, &lists[b]),
                                slack,
                                (&mut budget, deadline),
                            )
                            .unwrap();
                        assert!(
                            keep.iter().all(|&k| k),
                            "seed {seed}, slack {slack}: a team of class {a} without a partner in class {b}"
                        );
                    }
                }
            }
        }
        assert!(schools >= 10, "only {schools} schools checked");
        assert!(
            dropped >= 3,
            "the filter dropped teams on {dropped} schools only"
        );
    }

    /// The search with interchangeable workers (one of two team combinations that differ
    /// by a swap of such workers, on the relaxation with the larger limits, both tried at
    /// the leaves) finds the optimum of the search that knows nothing of them, on the
    /// provider pairs of 30- and 40-pupil schools with 30-minute blocks, where workers
    /// alike but for their limits are common; with one thread, and with two.
    #[test]
    fn interchangeable_workers_leave_the_optimum_as_it_is() {
        let (mut compared, mut uneven) = (0, 0);
        // the nodes of the one-thread searches, without and with the groups
        let (mut nodes_plain, mut nodes_alike) = (0, 0);
        for (pupils, classes, seed) in [(30, 3, 1), (30, 3, 2), (30, 3, 4), (40, 4, 2)] {
            let (inst, m, active, lbs) = provider_pair(GenOptions {
                block_minutes: 30,
                ..GenOptions::new(pupils, classes, seed)
            });
            let ix = &inst.index;
            let alike = crate::alike::Alike::new(ix, &active);
            let none = crate::alike::Alike {
                relaxed: ix.clone(),
                active: active.clone(),
                groups: Vec::new(),
            };
            uneven += usize::from(uneven_limits(ix, &alike));
            for slack in 0..=1 {
                let deadline = Instant::now() + Duration::from_secs(120);
                let mut plain = Exact::new(ix, &none, &m, lbs.clone(), deadline, u64::MAX);
                assert!(plain.run(slack, false));
                let Some((cost, _)) = plain.take_roster() else {
                    continue; // no roster with teams this size
                };
                for threads in [1, 2] {
                    let mut ex = Exact::new(ix, &alike, &m, lbs.clone(), deadline, u64::MAX);
                    assert!(ex.prepare(slack, false));
                    assert!(ex.search_parallel(threads));
                    if threads == 1 {
                        nodes_plain += plain.nodes;
                        nodes_alike += ex.nodes;
                    }
                    let found = ex.take_roster().map(|r| r.0);
                    assert_eq!(
                        found,
                        Some(cost),
                        "{pupils} / {classes} seed {seed} slack {slack}"
                    );
                }
                compared += 1;
            }
        }
        assert!(compared >= 5, "only {compared} searches compared");
        // (the skip takes effect: fewer nodes, even with the relaxation's lower bounds)
        assert!(
            nodes_alike * 4 < nodes_plain * 3,
            "{nodes_alike} nodes with the groups, {nodes_plain} without"
        );
        assert!(
            uneven >= 2,
            "only {uneven} schools with workers alike but for their limits"
        );
    }

    /// Whether some worker's limits are raised in `alike`'s relaxation.
    fn uneven_limits(ix: &crate::instance::Index, alike: &crate::alike::Alike) -> bool {
        (ix.workers.iter().zip(&alike.relaxed.workers))
            .any(|(o, r)| (o.max_day, o.max_week) != (r.max_day, r.max_week))
    }

    /// What a leaf's images are bounded by (the relaxation's Lagrangian at some prices
    /// plus each image's rise, or the least rise for the leaf and all its images at once)
    /// is never above the image's own cost, with the instance's limits: random team
    /// combinations of schools with workers alike but for their limits, at random prices
    /// that make the limits count.
    #[test]
    fn a_leafs_images_cost_no_less_than_their_bounds() {
        let (mut checked, mut priced) = (0, 0);
        for seed in 1..=4 {
            let (inst, m, active, lbs) = provider_pair(GenOptions {
                block_minutes: 30,
                ..GenOptions::new(30, 3, seed)
            });
            let ix = &inst.index;
            let alike = crate::alike::Alike::new(ix, &active);
            if !uneven_limits(ix, &alike) {
                continue;
            }
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut ex = Exact::new(ix, &alike, &m, lbs, deadline, u64::MAX);
            assert!(ex.prepare(1, true));
            let mut lg = ex.lg.take().unwrap();
            let mut rng = fastrand::Rng::with_seed(seed);
            let (lam, mu, nu) = lg.prices();
            let classes = ex.classes.clone();
            for draw in 0..300 {
                let mut alive: Vec<Vec<usize>> = vec![Vec::new(); ix.classes.len()];
                for &c in &classes {
                    let ti = rng.usize(..ex.teams[c].len());
                    ex.choose(c, Some(ti));
                    alive[c] = vec![ti];
                }
                let random = |v: &[f64], top: f64, rng: &mut fastrand::Rng| -> Vec<f64> {
                    v.iter()
                        .map(|_| if rng.bool() { rng.f64() * top } else { 0.0 })
                        .collect()
                };
                // the dual prices of the leaf's own flow (where the bound of the leaf is
                // its cost: the images' bounds are then sharp), or random ones
                let p = if draw % 2 == 0
                    && let Some(_) = ex.flow()
                {
                    ex.net.prices()
                } else {
                    (
                        random(&lam, 3_000.0, &mut rng),
                        random(&mu, 8_000.0, &mut rng),
                        random(&nu, 8_000.0, &mut rng),
                    )
                };
                lg.set_prices(p.0, p.1, p.2);
                lg.set_relevance(&classes, &alive);
                let (v, _) = lg.costs(&classes, &alive);
                let least = ex.alike.least_rise(&|w| lg.limit_prices(w));
                priced += usize::from(least > 0.0);
                for img in ex.images() {
                    let rise = crate::alike::Alike::rise(&img, &|w| lg.limit_prices(w));
                    assert!(least <= rise + 1e-6, "seed {seed}: least {least} > {rise}");
                    if let Some((cost, _)) = ex.flow_images(&[img], u64::MAX) {
                        assert!(
                            v + rise <= cost as f64 + 1e-6,
                            "seed {seed}: bound {v} + {rise} above the cost {cost}"
                        );
                        checked += 1;
                    }
                }
                for &c in &classes {
                    ex.choose(c, None);
                }
            }
        }
        assert!(checked >= 100, "only {checked} images with a roster");
        assert!(priced >= 20, "only {priced} draws with a rise");
    }
}
