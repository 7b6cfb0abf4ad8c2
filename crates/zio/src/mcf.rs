//! Minimum-cost flow (primal-dual: Dijkstra with potentials, then blocking flow on the
//! zero-reduced-cost edges). Used for stage 3 (cheapest roster for fixed class teams)
//! and for the stage-3 lower bound (cheapest roster with no team restriction).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::instance::Index;
use crate::model::Model;
use crate::search::NONE;

#[derive(Clone, Copy)]
struct Edge {
    to: u32,
    cap: i32,
    cost: i64,
}

#[derive(Clone)]
struct Graph {
    edges: Vec<Edge>,
    adj: Vec<Vec<u32>>,
    /// Scratch of `run`, kept between solves.
    dist: Vec<i64>,
    it: Vec<usize>,
    on_path: Vec<bool>,
    heap: BinaryHeap<Reverse<(i64, u32)>>,
    stack: Vec<(usize, u32)>,
}

impl Graph {
    fn new(n: usize) -> Self {
        Self {
            edges: Vec::new(),
            adj: vec![Vec::new(); n],
            dist: Vec::new(),
            it: Vec::new(),
            on_path: Vec::new(),
            heap: BinaryHeap::new(),
            stack: Vec::new(),
        }
    }

    fn add(&mut self, a: usize, b: usize, cap: i32, cost: i64) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge {
            to: b as u32,
            cap,
            cost,
        });
        self.edges.push(Edge {
            to: a as u32,
            cap: 0,
            cost: -cost,
        });
        self.adj[a].push(id as u32);
        self.adj[b].push(id as u32 + 1);
        id
    }

    /// Sends up to `want` units from `s` to `t` at minimum cost; returns (flow, cost).
    /// `pot` ends as optimal node potentials: every arc with residual capacity has a
    /// non-negative reduced cost `cost + pot[from] - pot[to]`. Successive shortest paths
    /// stop early once the cost is sure to reach `cutoff` (`i64::MAX`: never): the paths'
    /// costs never fall, so the cost so far plus the units left at the current path's
    /// cost bounds the final cost from below; it then returns with fewer than `want`
    /// units, and `pot` is not optimal.
    fn run(
        &mut self,
        (s, t): (usize, usize),
        want: i64,
        pot: &mut Vec<i64>,
        cutoff: i64,
    ) -> (i64, i64) {
        let n = self.adj.len();
        pot.clear();
        pot.resize(n, 0);
        let mut flow = 0i64;
        let mut cost = 0i64;
        let inf = i64::MAX / 4;
        let mut dist = std::mem::take(&mut self.dist);
        dist.clear();
        dist.resize(n, inf);
        let mut it = std::mem::take(&mut self.it);
        it.clear();
        it.resize(n, 0);
        let mut on_path = std::mem::take(&mut self.on_path);
        on_path.clear();
        on_path.resize(n, false);
        let mut heap = std::mem::take(&mut self.heap);
        let mut stack = std::mem::take(&mut self.stack);
        while flow < want {
            dist.fill(inf);
            dist[s] = 0;
            heap.clear();
            heap.push(Reverse((0i64, s as u32)));
            while let Some(Reverse((dv, v))) = heap.pop() {
                let v = v as usize;
                if dv > dist[v] {
                    continue;
                }
                for &e in &self.adj[v] {
                    let ed = self.edges[e as usize];
                    if ed.cap <= 0 {
                        continue;
                    }
                    let to = ed.to as usize;
                    let nd = dv + ed.cost + pot[v] - pot[to];
                    if nd < dist[to] {
                        dist[to] = nd;
                        heap.push(Reverse((nd, to as u32)));
                    }
                }
            }
            if dist[t] >= inf {
                break;
            }
            let dt = dist[t];
            for v in 0..n {
                pot[v] += dist[v].min(dt);
            }
            if cutoff < i64::MAX
                && cost.saturating_add((want - flow).saturating_mul(pot[t] - pot[s])) >= cutoff
            {
                break;
            }
            // blocking flow on edges with zero reduced cost
            it.fill(0);
            loop {
                if flow >= want {
                    break;
                }
                let pushed = self.dfs((s, t), pot, (&mut it, &mut on_path, &mut stack), &dist, inf);
                if !pushed {
                    break;
                }
                flow += 1;
                cost += pot[t] - pot[s];
            }
        }
        self.dist = dist;
        self.it = it;
        self.on_path = on_path;
        self.heap = heap;
        self.stack = stack;
        (flow, cost)
    }

    /// Pushes one unit along zero-reduced-cost edges (iterative DFS).
    fn dfs(
        &mut self,
        (s, t): (usize, usize),
        pot: &[i64],
        (it, on_path, stack): (&mut [usize], &mut [bool], &mut Vec<(usize, u32)>),
        dist: &[i64],
        inf: i64,
    ) -> bool {
        stack.clear(); // (node, edge used to reach it)
        let mut v = s;
        on_path[s] = true;
        loop {
            if v == t {
                for &(_, e) in stack.iter() {
                    self.edges[e as usize].cap -= 1;
                    self.edges[(e ^ 1) as usize].cap += 1;
                }
                for &(x, _) in stack.iter() {
                    on_path[x] = false;
                }
                on_path[s] = false;
                return true;
            }
            let mut advanced = false;
            while it[v] < self.adj[v].len() {
                let e = self.adj[v][it[v]];
                let ed = self.edges[e as usize];
                let to = ed.to as usize;
                if ed.cap > 0 && dist[to] < inf && !on_path[to] && ed.cost + pot[v] - pot[to] == 0 {
                    stack.push((to, e));
                    on_path[to] = true;
                    v = to;
                    advanced = true;
                    break;
                }
                it[v] += 1;
            }
            if !advanced {
                // dead end: retreat
                match stack.pop() {
                    Some((x, _)) => {
                        on_path[x] = false;
                        v = stack.last().map_or(s, |&(y, _)| y);
                        it[v] += 1;
                    }
                    None => {
                        on_path[s] = false;
                        return false;
                    }
                }
            }
        }
    }
}

/// A reusable min-cost-flow network over all active workers and units; each solve only
/// switches the unit edges of disallowed (worker, class) pairs off.
#[derive(Clone)]
pub(crate) struct Network {
    g: Graph,
    caps: Vec<i32>,
    /// Per unit edge: (edge id, worker, class, unit).
    unit_edges: Vec<(usize, u32, u16, u32)>,
    /// Per (worker, slot): the id of the worker-day → worker-slot edge (`usize::MAX` if none).
    slot_edge: Vec<usize>,
    /// Per (worker, day): the id of the worker → worker-day edge.
    day_edge: Vec<usize>,
    /// Per worker: the id of the source → worker edge.
    week_edge: Vec<usize>,
    s: usize,
    t: usize,
    n_units: usize,
    /// Potentials of the last solve (optimal where it succeeded and was not cut off).
    pot: Vec<i64>,
}

impl Network {
    pub(crate) fn new(ix: &Index, m: &Model, active: &[bool]) -> Self {
        let nw = ix.workers.len();
        let ns = ix.slots.len();
        let nd = ix.day_iso.len();
        let nu = m.units.len();
        let s = 0usize;
        let t = 1usize;
        // nodes only where they can carry flow: active workers, their days, and their
        // slots in which some unit could be theirs
        let mut slot_units: Vec<Vec<usize>> = vec![Vec::new(); ns];
        for (ui, un) in m.units.iter().enumerate() {
            slot_units[usize::from(un.slot)].push(ui);
        }
        let mut next = 2usize;
        let mut fresh = || {
            next += 1;
            next - 1
        };
        let mut w_node = vec![usize::MAX; nw];
        let mut wd_node = vec![usize::MAX; nw * nd];
        let mut ws_node = vec![usize::MAX; nw * ns];
        for (w, wk) in ix.workers.iter().enumerate() {
            if !active[w] {
                continue;
            }
            w_node[w] = fresh();
            for d in 0..nd {
                if wk.available[d] {
                    wd_node[w * nd + d] = fresh();
                }
            }
            for (ti, sl) in ix.slots.iter().enumerate() {
                if wk.available[usize::from(sl.day)]
                    && slot_units[ti].iter().any(|&u| wk.holds(m.units[u].qual))
                {
                    ws_node[w * ns + ti] = fresh();
                }
            }
        }
        let u0 = fresh();
        let mut g = Graph::new(u0 + nu);
        let mut slot_edge = vec![usize::MAX; nw * ns];
        let mut day_edge = vec![usize::MAX; nw * nd];
        let mut week_edge = vec![usize::MAX; nw];
        for (w, wk) in ix.workers.iter().enumerate() {
            if !active[w] {
                continue;
            }
            week_edge[w] = g.add(
                s,
                w_node[w],
                i32::try_from(wk.max_week).unwrap_or(i32::MAX),
                0,
            );
            for d in 0..nd {
                if wk.available[d] {
                    day_edge[w * nd + d] = g.add(
                        w_node[w],
                        wd_node[w * nd + d],
                        i32::try_from(wk.max_day).unwrap_or(i32::MAX),
                        0,
                    );
                }
            }
            for (ti, sl) in ix.slots.iter().enumerate() {
                if ws_node[w * ns + ti] != usize::MAX {
                    let c = (wk.hourly_cents * u64::from(sl.minutes) / 60) as i64;
                    slot_edge[w * ns + ti] = g.add(
                        wd_node[w * nd + usize::from(sl.day)],
                        ws_node[w * ns + ti],
                        1,
                        c,
                    );
                }
            }
        }
        let mut unit_edges = Vec::new();
        for (ui, un) in m.units.iter().enumerate() {
            for (w, wk) in ix.workers.iter().enumerate() {
                if active[w] && wk.available[usize::from(un.day)] && wk.holds(un.qual) {
                    let e = g.add(ws_node[w * ns + usize::from(un.slot)], u0 + ui, 1, 0);
                    unit_edges.push((e, w as u32, un.class, ui as u32));
                }
            }
            g.add(u0 + ui, t, 1, 0);
        }
        let caps = g.edges.iter().map(|e| e.cap).collect();
        Self {
            g,
            caps,
            unit_edges,
            slot_edge,
            day_edge,
            week_edge,
            s,
            t,
            n_units: nu,
            pot: Vec::new(),
        }
    }

    /// Cheapest assignment of all units using only the pairs for which `pair_ok` holds:
    /// the cost and, per unit, the worker; `None` if not every unit can be served.
    pub(crate) fn solve(&mut self, pair_ok: &dyn Fn(u32, u16) -> bool) -> Option<(u64, Vec<u32>)> {
        self.solve_below(pair_ok, u64::MAX)
    }

    /// [`Network::solve`], but `None` also as soon as the cost is sure to reach `cutoff`
    /// (a leaf of the exact search that cannot beat the incumbent ends early).
    pub(crate) fn solve_below(
        &mut self,
        pair_ok: &dyn Fn(u32, u16) -> bool,
        cutoff: u64,
    ) -> Option<(u64, Vec<u32>)> {
        for (e, c) in self.g.edges.iter_mut().zip(&self.caps) {
            e.cap = *c;
        }
        for &(e, w, c, _) in &self.unit_edges {
            if !pair_ok(w, c) {
                self.g.edges[e].cap = 0;
            }
        }
        let nu = self.n_units;
        let cutoff = i64::try_from(cutoff).unwrap_or(i64::MAX);
        let (flow, cost) = self
            .g
            .run((self.s, self.t), nu as i64, &mut self.pot, cutoff);
        if flow < nu as i64 {
            return None;
        }
        let mut assign = vec![NONE; nu];
        for &(e, w, _, u) in &self.unit_edges {
            if self.g.edges[e ^ 1].cap > 0 {
                assign[u as usize] = w;
            }
        }
        Some((cost.max(0) as u64, assign))
    }
}

impl Network {
    /// After a successful [`Network::solve`] (or a [`Network::solve_below`] that found a
    /// flow): optimal dual prices of the capacities, as
    /// `(slot, day, week)` vectors indexed `w * n_slots + t`, `w * n_days + d` and `w`.
    /// With these prices on the capacities, serving each unit by its cheapest priced
    /// worker costs (minus the priced capacities) exactly the optimum (LP duality).
    pub(crate) fn prices(&self) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let g = &self.g;
        let pot = &self.pot;
        let from = |e: usize| g.edges[e ^ 1].to as usize;
        let to = |e: usize| g.edges[e].to as usize;
        let flow = |e: usize| g.edges[e ^ 1].cap;
        let nw = self.week_edge.len();
        let mut lam = vec![0.0; self.slot_edge.len()];
        let mut mu = vec![0.0; self.day_edge.len()];
        let mut nu = vec![0.0; nw];
        for (i, &e) in self.slot_edge.iter().enumerate() {
            if e == usize::MAX || flow(e) == 0 {
                continue;
            }
            // the worker-slot node may take the potential of the unit it serves (its
            // only way out carrying flow), which makes the unit edge's price zero
            let ws = to(e);
            let mut p_ws = pot[ws];
            for &x in &g.adj[ws] {
                let x = x as usize;
                if x.is_multiple_of(2) && flow(x) > 0 {
                    p_ws = pot[to(x)];
                    break;
                }
            }
            lam[i] = (-(g.edges[e].cost + pot[from(e)] - p_ws)).max(0) as f64;
        }
        for (i, &e) in self.day_edge.iter().enumerate() {
            if e != usize::MAX && flow(e) > 0 {
                mu[i] = (-(pot[from(e)] - pot[to(e)])).max(0) as f64;
            }
        }
        for (i, &e) in self.week_edge.iter().enumerate() {
            if e != usize::MAX && flow(e) > 0 {
                nu[i] = (-(pot[from(e)] - pot[to(e)])).max(0) as f64;
            }
        }
        (lam, mu, nu)
    }

    /// Checks that the potentials of the last solve are optimal duals (tests only).
    #[cfg(test)]
    pub(crate) fn duals_valid(&self) -> bool {
        let g = &self.g;
        g.adj.iter().enumerate().all(|(v, list)| {
            list.iter().all(|&e| {
                let ed = g.edges[e as usize];
                ed.cap <= 0 || ed.cost + self.pot[v] - self.pot[ed.to as usize] >= 0
            })
        })
    }
}

/// Cheapest assignment of all units to the active workers, using only the (worker,
/// class) pairs for which `pair_ok` holds (see [`Network::solve`]).
pub(crate) fn min_cost(
    ix: &Index,
    m: &Model,
    active: &[bool],
    pair_ok: &dyn Fn(u32, u16) -> bool,
) -> Option<(u64, Vec<u32>)> {
    Network::new(ix, m, active).solve(pair_ok)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::generator::{GenOptions, generate};
    use crate::instance::Instance;

    /// The potentials of a solve are optimal duals, and the dual prices make serving every
    /// unit by its cheapest priced worker cost (minus the priced capacities) at most the
    /// flow's cost: the Lagrangian bound starts at least at the flow's cost.
    #[test]
    fn duals_are_optimal() {
        for seed in 1..4 {
            let data = generate(&GenOptions::new(30, 3, seed)).unwrap();
            let inst = Instance::from_data(data).unwrap();
            let ix = &inst.index;
            let m = crate::model::build(ix, 3);
            let active = vec![true; ix.workers.len()];
            let mut net = super::Network::new(ix, &m, &active);
            let (cost, _) = net.solve(&|_, _| true).unwrap();
            assert!(net.duals_valid());
            // every worker may join every class: one team per class of all workers
            let all: Vec<u32> = (0..ix.workers.len() as u32).collect();
            let teams: Vec<Vec<&[u32]>> = (0..ix.classes.len()).map(|_| vec![&all[..]]).collect();
            let mut lg = crate::lagrange::Lagrange::new(ix, &m, &teams);
            let (lam, mu, nu) = net.prices();
            lg.set_prices(lam, mu, nu);
            let classes: Vec<usize> = (0..ix.classes.len()).collect();
            let alive: Vec<Vec<usize>> = classes.iter().map(|_| vec![0]).collect();
            let (bound, _) = lg.eval(&classes, &alive);
            // with unrestricted teams the bound is the flow's cost (LP duality), up to
            // rounding; never above it
            assert!(bound <= cost as f64 + 1e-3, "{bound} > {cost}");
            assert!(bound >= cost as f64 - 1e-3, "{bound} < {cost}");
        }
    }

    /// A solve with a cutoff gives the optimum where it is below the cutoff, and nothing
    /// where it is not (it stops early once the cost is sure to reach it); the next solve
    /// starts afresh.
    #[test]
    fn a_cutoff_at_or_below_the_optimum_gives_nothing() {
        for seed in 1..4 {
            let inst =
                Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
            let ix = &inst.index;
            let m = crate::model::build(ix, 3);
            let mut net = super::Network::new(ix, &m, &vec![true; ix.workers.len()]);
            let all = |_, _| true;
            let (cost, assign) = net.solve(&all).unwrap();
            assert_eq!(net.solve_below(&all, cost + 1), Some((cost, assign)));
            assert_eq!(net.solve_below(&all, cost), None);
            assert_eq!(net.solve_below(&all, cost / 2), None);
            assert!(net.solve(&all).is_some_and(|r| r.0 == cost));
        }
    }
}
