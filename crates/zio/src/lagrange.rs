//! Lagrangian bound for stage 3 over candidate class teams.
//!
//! The constraints that tie the classes together (a worker is in one place per slot,
//! her daily and her weekly limit) are priced by non-negative multipliers; then each class
//! independently takes its cheapest candidate team, serving every slot by the cheapest
//! members present (qualified where needed) at the priced rates. For any prices the sum
//! minus the priced capacities is a lower bound on the cost of every roster whose class
//! teams are candidates. The prices start at the optimal duals of a minimum-cost flow
//! (which makes the bound at least that flow's cost) and subgradient steps raise it; at
//! the root of the team search, cutting planes ([`cuts`]) then take it to (near) the dual
//! optimum.

mod cuts;
mod simplex;

use crate::instance::Index;
use crate::model::Model;

/// Per class, its admissible teams' priced costs as (cost, team).
pub(crate) type Costs = Vec<Vec<(f64, usize)>>;

/// The `k` cheapest of `list` (priced cost, team), in no particular order.
fn k_cheapest(list: &[(f64, usize)], k: usize) -> Vec<(f64, usize)> {
    let mut v = list.to_vec();
    if v.len() > k {
        if k == 0 {
            return Vec::new();
        }
        v.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0));
        v.truncate(k);
    }
    v
}

/// Per class in `classes`, its `k` cheapest teams by `costs`: the working set of the
/// steps between full evaluations.
fn working_set(classes: &[usize], costs: &Costs, k: usize) -> Vec<Vec<usize>> {
    let mut work = vec![Vec::new(); costs.len()];
    for &c in classes {
        work[c] = k_cheapest(&costs[c], k).into_iter().map(|x| x.1).collect();
    }
    work
}

/// Subgradient steps without improvement before the step size halves.
const PATIENCE: usize = 20;

/// One slot of one class: its units' qualifications.
#[derive(Clone)]
struct SlotNeed {
    t: u16,
    day: u8,
    /// Number of units.
    n: usize,
    /// (qualification, number of units needing it).
    quals: Vec<(u16, usize)>,
}

/// The candidate teams of one class, with per slot the members present.
#[derive(Clone)]
struct ClassTeams {
    slots: Vec<SlotNeed>,
    /// Per team, per slot: the members present that day (flattened, `stride` apart
    /// per team is not fixed: see `offsets`).
    present: Vec<u32>,
    /// Per team, per slot: start of its members in `present`; one extra at the end.
    offsets: Vec<u32>,
    /// Per team its members (for the relevance of the shared constraints).
    members: Vec<Vec<u32>>,
    /// Per slot: no worker holds two of the slot's qualifications (then the greedy
    /// selection is exact).
    single: Vec<bool>,
    /// Per slot: its shape and its row in the rates.
    shapes: Vec<Shape>,
    rows: Vec<u16>,
    /// Per worker (`serve_at[w]..serve_at[w + 1]`): the slots of the class in which she
    /// could serve a unit (present, and qualified where every unit needs a
    /// qualification).
    serve: Vec<u16>,
    serve_at: Vec<u32>,
    /// Parallel to `present`: in a `single` slot, 1 + the index in the slot's `quals` of
    /// the qualification the member holds, or 0 (also in every other slot).
    group: Vec<u8>,
}

/// Qualifications a slot may ask for and still be selected exactly (beyond it, the
/// selection ignores them: a weaker, still valid bound).
const MAX_SLOT_QUALS: usize = 15;

/// Insertion sort by rate: the members present in a slot are a handful, and this inlines
/// where the library's sort is a call per slot (a fifth of a full evaluation's time).
#[inline]
fn sort_by_rate(h: &mut [(f64, u32, u8)]) {
    for i in 1..h.len() {
        let x = h[i];
        let mut j = i;
        while j > 0 && h[j - 1].0 > x.0 {
            h[j] = h[j - 1];
            j -= 1;
        }
        h[j] = x;
    }
}

/// The cheapest members for the units of slot `s` among those present, `h` (priced
/// rate, worker, qualification group; reordered): adds their rates to `total` and, with
/// `sel`, appends them. One pass over the members by rate takes, for each
/// qualification, its cheapest holders, and fills the units without one with the
/// cheapest of the rest: exact where no member holds two of the slot's qualifications
/// (`single`); elsewhere the qualifications are ignored (a weaker, valid bound). False if
/// the members cannot staff the slot.
#[inline]
fn select(
    h: &mut [(f64, u32, u8)],
    s: &SlotNeed,
    single: bool,
    total: &mut f64,
    sel: &mut Option<&mut Vec<(u32, u16)>>,
) -> bool {
    if h.len() < s.n {
        return false;
    }
    sort_by_rate(h);
    let mut want = [0usize; MAX_SLOT_QUALS + 1];
    let mut qual_left = 0;
    if single {
        for (j, &(_, need)) in s.quals.iter().enumerate() {
            want[j + 1] = need;
            qual_left += need;
        }
    }
    let mut free = s.n - qual_left;
    for &(p, w, g) in h.iter() {
        if qual_left == 0 && free == 0 {
            break;
        }
        let g = usize::from(g);
        if g > 0 && want[g] > 0 {
            want[g] -= 1;
            qual_left -= 1;
        } else if free > 0 {
            free -= 1;
        } else {
            continue;
        }
        *total += p;
        if let Some(v) = sel.as_deref_mut() {
            v.push((w, s.t));
        }
    }
    qual_left == 0
}

/// The members present in a slot with their rates, for [`select`]: on the stack, or for
/// unusually large teams on the heap.
struct Scratch {
    small: [(f64, u32, u8); 16],
    large: Vec<(f64, u32, u8)>,
}

impl Default for Scratch {
    fn default() -> Self {
        Self {
            small: [(0.0, 0, 0); 16],
            large: Vec::new(),
        }
    }
}

/// Marks entry `i` of a kind of limit relevant (`r`: listed in `idx`) or not (its
/// multiplier in `mult` zeroed); true if that zeroed a multiplier.
fn mark(i: usize, r: bool, (rel, idx, mult): (&mut [bool], &mut Vec<u32>, &mut [f64])) -> bool {
    rel[i] = r;
    if r {
        idx.push(i as u32);
        false
    } else {
        std::mem::replace(&mut mult[i], 0.0) != 0.0
    }
}

/// How a slot's staffing is priced: the slots that one pass over the members prices
/// ([`one_pass`]), by their units and qualification units (those of a slot
/// where some worker holds two of its qualifications are ignored, as in [`select`]), or
/// the general selection.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// One unit, no qualification: the commonest slot.
    One,
    /// One unit needing the qualification of group 1.
    OneQual,
    /// Two units, no qualification.
    Two,
    /// Two units, both needing the qualification of group 1.
    TwoQual,
    /// Two units, needing the qualifications of groups 1 and 2.
    TwoQuals,
    /// Two units, one needing the qualification of group 1.
    QualFree,
    /// Any other slot of at most [`MAX_FEW_QUALS`] qualifications: the members' rates less
    /// those of the (at most two) members left idle.
    Few,
    /// Any other slot: [`select`].
    General,
}

/// Qualifications up to which a slot is priced in one pass ([`Shape::Few`]).
const MAX_FEW_QUALS: usize = 3;

impl Shape {
    fn of(s: &SlotNeed, single: bool) -> Self {
        let quals: &[(u16, usize)] = if single { &s.quals } else { &[] };
        match (s.n, quals) {
            (1, []) => Self::One,
            (1, [_]) => Self::OneQual,
            (2, []) => Self::Two,
            (2, [(_, 2)]) => Self::TwoQual,
            (2, [_, _]) => Self::TwoQuals,
            (2, [(_, 1)]) => Self::QualFree,
            (_, q) if q.len() <= MAX_FEW_QUALS => Self::Few,
            _ => Self::General,
        }
    }
}

/// [`select`]'s cost for a slot of one of the one-pass [`Shape`]s (up to the rounding of
/// the sum), in one or two passes over the members without gathering and sorting them:
/// `Some(Some(cost))`, `Some(None)` where they cannot staff the slot, `None` for the
/// other slots (and where more than two members of a [`Shape::Few`] slot stay idle).
/// With one qualification unit and one free unit the cheapest staffing is the cheapest
/// holder and the cheapest of the others (the greedy's answer, whichever of the two comes
/// first by rate). A [`Shape::Few`] slot costs its members' rates less those of the
/// members left idle.
#[inline]
fn one_pass(
    rate: impl Fn(u32) -> f64,
    members: &[u32],
    groups: &[u8],
    (shape, s, single): (Shape, &SlotNeed, bool),
) -> Option<Option<f64>> {
    let finite = |x: f64| Some(x.is_finite().then_some(x));
    // the two least rates among the members of group `g` (any group where `None`), and
    // where the least is
    let two_least = |g: Option<u8>| {
        let (mut a, mut b, mut at) = (f64::INFINITY, f64::INFINITY, usize::MAX);
        for (i, (&w, &mg)) in members.iter().zip(groups).enumerate() {
            if g.is_some_and(|g| g != mg) {
                continue;
            }
            let p = rate(w);
            if p < a {
                (b, a, at) = (a, p, i);
            } else if p < b {
                b = p;
            }
        }
        (a, b, at)
    };
    match shape {
        Shape::One => {
            // (`if` rather than `f64::min`: no NaN here, and it is one instruction)
            let mut a = f64::INFINITY;
            for &w in members {
                let p = rate(w);
                a = if p < a { p } else { a };
            }
            finite(a)
        }
        Shape::OneQual => finite(two_least(Some(1)).0),
        Shape::Two => {
            let (a, b, _) = two_least(None);
            finite(a + b)
        }
        Shape::TwoQual => {
            let (a, b, _) = two_least(Some(1));
            finite(a + b)
        }
        Shape::TwoQuals => finite(two_least(Some(1)).0 + two_least(Some(2)).0),
        Shape::QualFree => {
            let (h, _, at_h) = two_least(Some(1));
            let (a, b, at_a) = two_least(None);
            finite(h + if at_a != at_h { a } else { b })
        }
        Shape::Few => {
            let quals: &[(u16, usize)] = if single { &s.quals } else { &[] };
            let Some(idle) = members.len().checked_sub(s.n) else {
                return Some(None);
            };
            if idle > 2 {
                return None;
            }
            // per group (0: no qualification of the slot) its size and two largest rates
            let mut count = [0usize; MAX_FEW_QUALS + 1];
            let mut top = [(f64::NEG_INFINITY, f64::NEG_INFINITY); MAX_FEW_QUALS + 1];
            let mut sum = 0.0;
            for (&w, &g) in members.iter().zip(groups) {
                let p = rate(w);
                sum += p;
                let g = usize::from(g);
                count[g] += 1;
                let t = &mut top[g];
                if p > t.0 {
                    *t = (p, t.0);
                } else if p > t.1 {
                    t.1 = p;
                }
            }
            // the idle members: the largest rates, but no more of a qualification's
            // holders than it can spare (a partition matroid: greedy is optimal)
            let mut spare = [0usize; MAX_FEW_QUALS + 1];
            spare[0] = 2;
            for (j, &(_, need)) in quals.iter().enumerate() {
                let Some(x) = count[j + 1].checked_sub(need) else {
                    return Some(None);
                };
                spare[j + 1] = x.min(2);
            }
            let (mut x, mut y) = (f64::NEG_INFINITY, f64::NEG_INFINITY);
            for (t, &k) in top.iter().zip(&spare) {
                for &p in [t.0, t.1].iter().take(k) {
                    if p > x {
                        (y, x) = (x, p);
                    } else if p > y {
                        y = p;
                    }
                }
            }
            finite(match idle {
                0 => sum,
                1 => sum - x,
                _ => sum - x - y,
            })
        }
        Shape::General => None,
    }
}

#[derive(Clone)]
pub(crate) struct Lagrange<'a> {
    ix: &'a Index,
    ns: usize,
    nd: usize,
    classes: Vec<ClassTeams>,
    base: Vec<f64>,
    pub lam: Vec<f64>,
    pub mu: Vec<f64>,
    pub nu: Vec<f64>,
    /// Scratch: priced rate per (slot, worker) of the current prices (slot-major: a
    /// slot's members' rates lie together).
    price: Vec<f64>,
    /// Which shared constraints can bind at all (given the admissible teams): the others
    /// keep a zero multiplier, which only raises the bound.
    rel_lam: Vec<bool>,
    rel_mu: Vec<bool>,
    rel_nu: Vec<bool>,
    /// The relevant entries as index lists, and the workers they concern.
    lam_idx: Vec<u32>,
    mu_idx: Vec<u32>,
    nu_idx: Vec<u32>,
    rel_workers: Vec<u32>,
    /// Scratch of the subgradient: uses per (worker, slot), (worker, day), worker.
    use_wt: Vec<i32>,
    use_wd: Vec<i32>,
    use_w: Vec<i32>,
}

impl<'a> Lagrange<'a> {
    /// `teams[c]`: the candidate teams of class `c` (worker indices).
    pub(crate) fn new(ix: &'a Index, m: &Model, teams: &[Vec<&[u32]>]) -> Self {
        let ns = ix.slots.len();
        let nd = ix.day_iso.len();
        let nw = ix.workers.len();
        let mut classes = Vec::with_capacity(ix.classes.len());
        for (c, units) in m.class_units.iter().enumerate() {
            let mut per: std::collections::BTreeMap<u16, Vec<Option<u16>>> =
                std::collections::BTreeMap::new();
            for &u in units {
                let un = &m.units[u as usize];
                per.entry(un.slot).or_default().push(un.qual);
            }
            let slots: Vec<SlotNeed> = per
                .into_iter()
                .map(|(t, qs)| {
                    let mut quals: Vec<(u16, usize)> = Vec::new();
                    for q in qs.iter().flatten() {
                        match quals.iter_mut().find(|(x, _)| x == q) {
                            Some(e) => e.1 += 1,
                            None => quals.push((*q, 1)),
                        }
                    }
                    SlotNeed {
                        t,
                        day: ix.slots[usize::from(t)].day,
                        n: qs.len(),
                        quals,
                    }
                })
                .collect();
            let single: Vec<bool> = slots
                .iter()
                .map(|s| {
                    s.quals.len() <= MAX_SLOT_QUALS
                        && (s.quals.len() <= 1
                            || ix.workers.iter().all(|wk| {
                                s.quals.iter().filter(|(q, _)| wk.holds(Some(*q))).count() <= 1
                            }))
                })
                .collect();
            let list = teams.get(c).map_or(&[][..], Vec::as_slice);
            // per slot and worker: her group there (see `group`), if she is present
            let nw = ix.workers.len();
            let mut slot_group = vec![None; slots.len() * nw];
            for (k, (s, &exact)) in slots.iter().zip(&single).enumerate() {
                for (w, wk) in ix.workers.iter().enumerate() {
                    if wk.available[usize::from(s.day)] {
                        let g = s.quals.iter().position(|&(q, _)| wk.holds(Some(q)));
                        slot_group[k * nw + w] = Some(match g {
                            Some(j) if exact => j as u8 + 1,
                            _ => 0,
                        });
                    }
                }
            }
            let mut present = Vec::new();
            let mut group = Vec::new();
            let mut offsets = Vec::with_capacity(list.len() * slots.len() + 1);
            for team in list {
                for k in 0..slots.len() {
                    offsets.push(present.len() as u32);
                    for &w in *team {
                        if let Some(g) = slot_group[k * nw + w as usize] {
                            present.push(w);
                            group.push(g);
                        }
                    }
                }
            }
            offsets.push(present.len() as u32);
            let mut serve = Vec::new();
            let mut serve_at = vec![0u32];
            for wk in &ix.workers {
                for s in &slots {
                    let free = s.n > s.quals.iter().map(|q| q.1).sum::<usize>();
                    if wk.available[usize::from(s.day)]
                        && (free || s.quals.iter().any(|&(q, _)| wk.holds(Some(q))))
                    {
                        serve.push(s.t);
                    }
                }
                serve_at.push(serve.len() as u32);
            }
            classes.push(ClassTeams {
                serve,
                serve_at,
                shapes: slots
                    .iter()
                    .zip(&single)
                    .map(|(s, &e)| Shape::of(s, e))
                    .collect(),
                rows: slots.iter().map(|s| s.t).collect(),
                slots,
                present,
                offsets,
                members: list.iter().map(|t| t.to_vec()).collect(),
                single,
                group,
            });
        }
        let mut base = vec![0.0; nw * ns];
        for (w, wk) in ix.workers.iter().enumerate() {
            for (t, sl) in ix.slots.iter().enumerate() {
                base[w * ns + t] = (wk.hourly_cents * u64::from(sl.minutes) / 60) as f64;
            }
        }
        let mut lg = Self {
            ix,
            ns,
            nd,
            classes,
            price: vec![0.0; nw * ns],
            base,
            lam: vec![0.0; nw * ns],
            mu: vec![0.0; nw * nd],
            nu: vec![0.0; nw],
            rel_lam: vec![true; nw * ns],
            rel_mu: vec![true; nw * nd],
            rel_nu: vec![true; nw],
            lam_idx: (0..(nw * ns) as u32).collect(),
            mu_idx: (0..(nw * nd) as u32).collect(),
            nu_idx: (0..nw as u32).collect(),
            rel_workers: (0..nw as u32).collect(),
            use_wt: vec![0; nw * ns],
            use_wd: vec![0; nw * nd],
            use_w: vec![0; nw],
        };
        lg.refresh();
        lg
    }

    /// Marks the shared constraints that can bind when class `c` takes one of `alive[c]`
    /// (for `c` in `classes`): a worker-slot wanted by two classes, a worker-day or
    /// worker-week whose possible use exceeds the limit. Zeroes the other multipliers.
    ///
    /// Returns per worker whether one of her multipliers went to zero (her priced rates
    /// changed).
    pub(crate) fn set_relevance(&mut self, classes: &[usize], alive: &[Vec<usize>]) -> Vec<bool> {
        let ix = self.ix;
        let (ns, nd) = (self.ns, self.nd);
        let nw = ix.workers.len();
        let mut use_t = vec![0u32; nw * ns];
        let mut in_class = vec![false; nw];
        for &c in classes {
            let ct = &self.classes[c];
            in_class.fill(false);
            for &ti in &alive[c] {
                for &w in &ct.members[ti] {
                    in_class[w as usize] = true;
                }
            }
            for (w, _) in in_class.iter().enumerate().filter(|x| *x.1) {
                let (a, b) = (ct.serve_at[w] as usize, ct.serve_at[w + 1] as usize);
                for &t in &ct.serve[a..b] {
                    use_t[w * ns + usize::from(t)] += 1;
                }
            }
        }
        // one pass per worker: the relevant entries, their index lists, and the
        // multipliers of the others zeroed
        let mut changed = vec![false; nw];
        let mut day = vec![0u32; nd];
        self.lam_idx.clear();
        self.mu_idx.clear();
        self.nu_idx.clear();
        self.rel_workers.clear();
        for (w, wk) in ix.workers.iter().enumerate() {
            day.fill(0);
            let mut relevant = false;
            for (t, sl) in ix.slots.iter().enumerate() {
                let i = w * ns + t;
                let u = use_t[i];
                let r = u >= 2;
                relevant |= r;
                changed[w] |= mark(i, r, (&mut self.rel_lam, &mut self.lam_idx, &mut self.lam));
                day[usize::from(sl.day)] += u.min(1);
            }
            let mut week = 0;
            for (d, &x) in day.iter().enumerate() {
                let i = w * nd + d;
                let r = x > wk.max_day;
                relevant |= r;
                changed[w] |= mark(i, r, (&mut self.rel_mu, &mut self.mu_idx, &mut self.mu));
                week += x.min(wk.max_day);
            }
            let r = week > wk.max_week;
            relevant |= r;
            changed[w] |= mark(w, r, (&mut self.rel_nu, &mut self.nu_idx, &mut self.nu));
            if relevant {
                self.rel_workers.push(w as u32);
            }
        }
        // (the rates of the others are those of their multipliers already)
        for (w, _) in changed.iter().enumerate().filter(|x| *x.1) {
            self.refresh_worker(w);
        }
        changed
    }

    /// Sets the prices (e.g. the duals of a minimum-cost flow).
    pub(crate) fn set_prices(&mut self, lam: Vec<f64>, mu: Vec<f64>, nu: Vec<f64>) {
        self.lam = lam;
        self.mu = mu;
        self.nu = nu;
        self.refresh();
    }

    /// The current prices (to restore later).
    pub(crate) fn prices(&self) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        (self.lam.clone(), self.mu.clone(), self.nu.clone())
    }

    pub(crate) fn restore(&mut self, p: (Vec<f64>, Vec<f64>, Vec<f64>)) {
        self.set_prices(p.0, p.1, p.2);
    }

    fn refresh(&mut self) {
        for w in 0..self.ix.workers.len() {
            self.refresh_worker(w);
        }
    }

    /// Recomputes the priced rates of worker `w`.
    fn refresh_worker(&mut self, w: usize) {
        let (ns, nd) = (self.ns, self.nd);
        let nw = self.ix.workers.len();
        let (lam, mu, nu) = (
            &self.lam[w * ns..][..ns],
            &self.mu[w * nd..][..nd],
            self.nu[w],
        );
        for (t, sl) in self.ix.slots.iter().enumerate() {
            self.price[t * nw + w] = self.base[w * ns + t] + lam[t] + mu[usize::from(sl.day)] + nu;
        }
    }

    /// Priced cost of team `ti` of class `c`; with `sel`, the (worker, slot) pairs it
    /// uses are appended. Infinite if the team cannot staff a slot.
    pub(crate) fn team_cost(
        &self,
        c: usize,
        ti: usize,
        mut sel: Option<&mut Vec<(u32, u16)>>,
    ) -> f64 {
        let ct = &self.classes[c];
        let nw = self.ix.workers.len();
        let nsl = ct.slots.len();
        let offsets = &ct.offsets[ti * nsl..=(ti + 1) * nsl];
        let mut total = 0.0;
        let mut buf = Scratch::default();
        if sel.is_none() {
            // where no selection is wanted, the slots of the one-pass shapes without
            // gathering and sorting the members
            for (k, (&shape, &row)) in ct.shapes.iter().zip(&ct.rows).enumerate() {
                let (a, b) = (offsets[k] as usize, offsets[k + 1] as usize);
                let rates = &self.price[usize::from(row) * nw..][..nw];
                let rate = |w: u32| rates[w as usize];
                let slot = (shape, &ct.slots[k], ct.single[k]);
                match one_pass(rate, &ct.present[a..b], &ct.group[a..b], slot) {
                    Some(Some(x)) => total += x,
                    Some(None) => return f64::INFINITY,
                    None => {
                        if !self.select_slot(ct, k, (a, b), &mut buf, (&mut total, &mut None)) {
                            return f64::INFINITY;
                        }
                    }
                }
            }
            return total;
        }
        for k in 0..nsl {
            let (a, b) = (offsets[k] as usize, offsets[k + 1] as usize);
            if !self.select_slot(ct, k, (a, b), &mut buf, (&mut total, &mut sel)) {
                return f64::INFINITY;
            }
        }
        total
    }

    /// [`select`] for slot `k` of `ct`, whose members present are `ct.present[a..b]`.
    fn select_slot(
        &self,
        ct: &ClassTeams,
        k: usize,
        (a, b): (usize, usize),
        buf: &mut Scratch,
        (total, sel): (&mut f64, &mut Option<&mut Vec<(u32, u16)>>),
    ) -> bool {
        let nw = self.ix.workers.len();
        let members = &ct.present[a..b];
        let rates = &self.price[usize::from(ct.rows[k]) * nw..][..nw];
        if ct.shapes[k] == Shape::One {
            // the commonest slot: the cheapest member, without gathering them
            let mut best: Option<(f64, u32)> = None;
            for &w in members {
                let p = rates[w as usize];
                if best.is_none_or(|b| p < b.0) {
                    best = Some((p, w));
                }
            }
            let Some((p, w)) = best else {
                return false;
            };
            *total += p;
            if let Some(v) = sel.as_deref_mut() {
                v.push((w, ct.rows[k]));
            }
            return true;
        }
        let h = if members.len() <= buf.small.len() {
            &mut buf.small[..members.len()]
        } else {
            buf.large.resize(members.len(), (0.0, 0, 0));
            &mut buf.large[..]
        };
        for ((x, &w), &g) in h.iter_mut().zip(members).zip(&ct.group[a..b]) {
            *x = (rates[w as usize], w, g);
        }
        select(h, &ct.slots[k], ct.single[k], total, sel)
    }

    /// The priced capacities (subtracted from the classes' sum); the multipliers outside
    /// the relevant entries are zero.
    fn constant(&self) -> f64 {
        let ix = self.ix;
        let mut k: f64 = self.lam_idx.iter().map(|&i| self.lam[i as usize]).sum();
        for &i in &self.mu_idx {
            let w = i as usize / self.nd;
            k += self.mu[i as usize] * f64::from(ix.workers[w].max_day);
        }
        for &w in &self.nu_idx {
            k += self.nu[w as usize] * f64::from(ix.workers[w as usize].max_week);
        }
        k
    }

    /// Recomputes the priced rates of the workers with relevant entries.
    fn refresh_relevant(&mut self) {
        for k in 0..self.rel_workers.len() {
            self.refresh_worker(self.rel_workers[k] as usize);
        }
    }

    /// Worker `w`'s multipliers: of her daily limits (per day) and of her weekly one.
    pub(crate) fn limit_prices(&self, w: u32) -> (&[f64], f64) {
        let w = w as usize;
        (&self.mu[w * self.nd..(w + 1) * self.nd], self.nu[w])
    }

    /// The relevant multipliers, in the order of the index lists.
    fn relevant_values(&self) -> Vec<f64> {
        self.lam_idx
            .iter()
            .map(|&i| self.lam[i as usize])
            .chain(self.mu_idx.iter().map(|&i| self.mu[i as usize]))
            .chain(self.nu_idx.iter().map(|&i| self.nu[i as usize]))
            .collect()
    }

    fn set_relevant_values(&mut self, v: &[f64]) {
        let (a, b) = (self.lam_idx.len(), self.lam_idx.len() + self.mu_idx.len());
        for (k, &i) in self.lam_idx.iter().enumerate() {
            self.lam[i as usize] = v[k];
        }
        for (k, &i) in self.mu_idx.iter().enumerate() {
            self.mu[i as usize] = v[a + k];
        }
        for (k, &i) in self.nu_idx.iter().enumerate() {
            self.nu[i as usize] = v[b + k];
        }
        self.refresh_relevant();
    }

    /// Per class in `classes`: the cheapest of its admissible teams `alive[c]`, as (team,
    /// priced cost); and the bound.
    pub(crate) fn eval(
        &self,
        classes: &[usize],
        alive: &[Vec<usize>],
    ) -> (f64, Vec<Option<(usize, f64)>>) {
        let mut value = -self.constant();
        let mut pick = vec![None; self.classes.len()];
        for &c in classes {
            let mut best: Option<(usize, f64)> = None;
            for &ti in &alive[c] {
                let v = self.team_cost(c, ti, None);
                if best.is_none_or(|b| v < b.1) {
                    best = Some((ti, v));
                }
            }
            match best {
                Some(b) if b.1.is_finite() => {
                    value += b.1;
                    pick[c] = Some(b);
                }
                _ => value = f64::INFINITY,
            }
        }
        (value, pick)
    }

    /// The bound at the current prices and, per class in `classes`, the priced cost of
    /// each of its admissible teams as (cost, team).
    pub(crate) fn costs(&self, classes: &[usize], alive: &[Vec<usize>]) -> (f64, Costs) {
        let mut value = -self.constant();
        let mut all: Costs = vec![Vec::new(); self.classes.len()];
        for &c in classes {
            let list: Vec<(f64, usize)> = alive[c]
                .iter()
                .map(|&ti| (self.team_cost(c, ti, None), ti))
                .collect();
            let min = list.iter().map(|x| x.0).fold(f64::INFINITY, f64::min);
            value += min;
            all[c] = list;
        }
        (value, all)
    }

    /// Subgradient ascent (see [`Lagrange::ascend`]) whose steps only look at each
    /// class's `k` cheapest teams at the starting prices (a working set); the bound is
    /// a full evaluation, at the end prices if that is higher than at the start (else the
    /// prices go back). Returns the bound and the teams' priced costs at those prices.
    ///
    /// With `first`, the bound and teams' costs at the current prices (from
    /// [`Lagrange::restrict`]) stand in for the evaluation at the start.
    pub(crate) fn ascend_working(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        (upper, iters, k): (f64, usize, usize),
        deadline: std::time::Instant,
        first: Option<(f64, Costs)>,
    ) -> (f64, Costs) {
        let (v0, costs0) = first.unwrap_or_else(|| self.costs(classes, alive));
        if iters <= 1 || !v0.is_finite() || v0 >= upper {
            return (v0, costs0);
        }
        let working = working_set(classes, &costs0, k);
        let start = self.prices();
        self.ascend(classes, &working, upper, iters - 1, deadline);
        let (v1, costs1) = self.costs(classes, alive);
        if v1 >= v0 {
            (v1, costs1)
        } else {
            self.restore(start);
            (v0, costs0)
        }
    }

    /// The bound at the current prices over the teams `alive` and their costs, from
    /// `parent`, the costs at earlier prices that differ only in the rates of the
    /// `changed` workers (see [`Lagrange::set_relevance`]): only teams with such a member
    /// are evaluated anew. Each of `alive`'s lists must be a subsequence of `parent`'s
    /// (a node's lists are its parent's, filtered); `None` if some team is missing there.
    pub(crate) fn restrict(
        &self,
        classes: &[usize],
        alive: &[Vec<usize>],
        parent: &Costs,
        changed: &[bool],
    ) -> Option<(f64, Costs)> {
        let mut value = -self.constant();
        let mut all: Costs = vec![Vec::new(); self.classes.len()];
        for &c in classes {
            let members = &self.classes[c].members;
            let mut from = parent.get(c)?.iter();
            let list: Vec<(f64, usize)> = alive[c]
                .iter()
                .map(|&ti| {
                    let &(v, _) = from.find(|x| x.1 == ti)?;
                    Some(if members[ti].iter().any(|&w| changed[w as usize]) {
                        (self.team_cost(c, ti, None), ti)
                    } else {
                        (v, ti)
                    })
                })
                .collect::<Option<_>>()?;
            value += list.iter().map(|x| x.0).fold(f64::INFINITY, f64::min);
            all[c] = list;
        }
        Some((value, all))
    }

    /// Subgradient ascent for the root, where classes may have thousands of teams: the
    /// steps (from `theta`) look at each class's `k` cheapest teams, rebuilt from a full
    /// evaluation every `round` steps; the bound is the best full evaluation, and the
    /// prices end there.
    pub(crate) fn ascend_root(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        upper: f64,
        (iters, round, k, theta): (usize, usize, usize, f64),
        deadline: std::time::Instant,
    ) -> f64 {
        let (mut best_v, mut costs) = self.costs(classes, alive);
        if iters <= 1 || !best_v.is_finite() || best_v >= upper {
            return best_v;
        }
        let start = self.relevant_values();
        let mut best_prices: Option<Vec<f64>> = None;
        let mut theta = theta;
        let mut stale = 0;
        let mut best_w = f64::NEG_INFINITY;
        let mut sel = Vec::new();
        let mut working: Vec<Vec<usize>> = Vec::new();
        for it in 0..iters {
            if it % round == 0 {
                working = working_set(classes, &costs, k);
                best_w = f64::NEG_INFINITY;
            }
            if std::time::Instant::now() >= deadline {
                break;
            }
            let (value, pick) = self.eval(classes, &working);
            if !value.is_finite() {
                break;
            }
            if value > best_w + 1e-9 {
                best_w = value;
                stale = 0;
            } else {
                stale += 1;
                if stale >= PATIENCE {
                    theta *= 0.5;
                    stale = 0;
                }
            }
            sel.clear();
            for &c in classes {
                if let Some((ti, _)) = pick[c] {
                    self.team_cost(c, ti, Some(&mut sel));
                }
            }
            if !self.step(&sel, theta * (upper - value).max(1.0)) {
                break;
            }
            if (it + 1) % round == 0 || it + 1 == iters {
                let (v, c) = self.costs(classes, alive);
                if v > best_v {
                    best_v = v;
                    best_prices = Some(self.relevant_values());
                    if v >= upper {
                        break;
                    }
                }
                costs = c;
            }
        }
        self.set_relevant_values(best_prices.as_deref().unwrap_or(&start));
        best_v
    }

    /// Subgradient ascent from the current prices for at most `iters` evaluations (fewer
    /// once the bound reaches `upper`); the prices end at the best point. Returns the best
    /// bound and the per-class picks there.
    pub(crate) fn ascend(
        &mut self,
        classes: &[usize],
        alive: &[Vec<usize>],
        upper: f64,
        iters: usize,
        deadline: std::time::Instant,
    ) -> (f64, Vec<Option<(usize, f64)>>) {
        let mut best: (f64, Vec<Option<(usize, f64)>>) = (f64::NEG_INFINITY, Vec::new());
        let mut best_prices: Option<Vec<f64>> = None;
        let mut theta = 1.0;
        let mut stale = 0;
        let mut sel = Vec::new();
        for it in 0..iters {
            let (value, pick) = self.eval(classes, alive);
            if !value.is_finite() {
                return (value, pick);
            }
            if value > best.0 + 1e-9 {
                best = (value, pick.clone());
                best_prices = if it + 1 < iters {
                    Some(self.relevant_values())
                } else {
                    None
                };
                stale = 0;
            } else {
                stale += 1;
                if stale >= PATIENCE {
                    theta *= 0.5;
                    stale = 0;
                }
            }
            if best.0 >= upper || it + 1 == iters || std::time::Instant::now() >= deadline {
                break;
            }
            sel.clear();
            for &c in classes {
                if let Some((ti, _)) = pick[c] {
                    self.team_cost(c, ti, Some(&mut sel));
                }
            }
            if !self.step(&sel, theta * (upper - value).max(1.0)) {
                break; // the classes' picks respect every shared constraint
            }
        }
        if let Some(v) = best_prices {
            self.set_relevant_values(&v);
        }
        best
    }

    /// One subgradient step from the picks `sel` (the (worker, slot) pairs the classes
    /// use): `scale / |g|²` along the subgradient g of the relevant shared constraints
    /// (zero where the multiplier is zero and the constraint slack). False if g is zero:
    /// the picks respect every shared constraint.
    fn step(&mut self, sel: &[(u32, u16)], scale: f64) -> bool {
        let ns = self.ns;
        let nd = self.nd;
        for &(w, t) in sel {
            let w = w as usize;
            self.use_wt[w * ns + usize::from(t)] += 1;
            self.use_wd[w * nd + usize::from(self.ix.slots[usize::from(t)].day)] += 1;
            self.use_w[w] += 1;
        }
        let keep = |x: f64, mult: f64| if x > 0.0 || mult > 0.0 { x } else { 0.0 };
        let mut g: Vec<f64> =
            Vec::with_capacity(self.lam_idx.len() + self.mu_idx.len() + self.nu_idx.len());
        for &i in &self.lam_idx {
            let i = i as usize;
            g.push(keep(f64::from(self.use_wt[i] - 1), self.lam[i]));
        }
        for &i in &self.mu_idx {
            let i = i as usize;
            let cap = f64::from(self.ix.workers[i / nd].max_day);
            g.push(keep(f64::from(self.use_wd[i]) - cap, self.mu[i]));
        }
        for &w in &self.nu_idx {
            let w = w as usize;
            let cap = f64::from(self.ix.workers[w].max_week);
            g.push(keep(f64::from(self.use_w[w]) - cap, self.nu[w]));
        }
        for &(w, t) in sel {
            let w = w as usize;
            self.use_wt[w * ns + usize::from(t)] = 0;
            self.use_wd[w * nd + usize::from(self.ix.slots[usize::from(t)].day)] = 0;
            self.use_w[w] = 0;
        }
        let norm: f64 = g.iter().map(|x| x * x).sum();
        if norm <= 0.0 {
            return false;
        }
        let step = scale / norm;
        let (a, b) = (self.lam_idx.len(), self.lam_idx.len() + self.mu_idx.len());
        for (k, &i) in self.lam_idx.iter().enumerate() {
            let x = &mut self.lam[i as usize];
            *x = (*x + step * g[k]).max(0.0);
        }
        for (k, &i) in self.mu_idx.iter().enumerate() {
            let x = &mut self.mu[i as usize];
            *x = (*x + step * g[a + k]).max(0.0);
        }
        for (k, &i) in self.nu_idx.iter().enumerate() {
            let x = &mut self.nu[i as usize];
            *x = (*x + step * g[b + k]).max(0.0);
        }
        self.refresh_relevant();
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{Lagrange, Shape, SlotNeed, one_pass, select};
    use crate::instance::Index;
    use crate::model::Model;
    use proptest::prelude::*;

    /// `count` random teams of the school's workers, each of the size `size` draws.
    pub(crate) fn random_teams(
        rng: &mut fastrand::Rng,
        nw: u32,
        count: usize,
        size: impl Fn(&mut fastrand::Rng) -> usize,
    ) -> Vec<Vec<u32>> {
        (0..count)
            .map(|_| {
                let mut all: Vec<u32> = (0..nw).collect();
                rng.shuffle(&mut all);
                all.truncate(size(rng));
                all
            })
            .collect()
    }

    /// The bound with the same candidate `teams` for every class, all of them admissible
    /// and the relevance set: the bound, its classes and their admissible teams.
    pub(crate) fn same_teams_for_every_class<'a>(
        ix: &'a Index,
        m: &Model,
        teams: &[Vec<u32>],
    ) -> (Lagrange<'a>, Vec<usize>, Vec<Vec<usize>>) {
        let lists: Vec<Vec<&[u32]>> = (0..ix.classes.len())
            .map(|_| teams.iter().map(Vec::as_slice).collect())
            .collect();
        let mut lg = Lagrange::new(ix, m, &lists);
        let classes: Vec<usize> = (0..ix.classes.len()).collect();
        let alive: Vec<Vec<usize>> = classes.iter().map(|_| (0..teams.len()).collect()).collect();
        lg.set_relevance(&classes, &alive);
        (lg, classes, alive)
    }

    /// The cheapest choice by brute force: every set of `n` members that gives each
    /// qualification enough holders (the groups are disjoint), or None.
    fn cheapest(h: &[(f64, u32, u8)], s: &SlotNeed) -> Option<f64> {
        let m = h.len();
        (0u32..1 << m)
            .filter(|set| set.count_ones() as usize == s.n)
            .filter(|set| {
                s.quals.iter().enumerate().all(|(j, &(_, need))| {
                    (0..m)
                        .filter(|&i| set & 1 << i != 0 && usize::from(h[i].2) == j + 1)
                        .count()
                        >= need
                })
            })
            .map(|set| (0..m).filter(|&i| set & 1 << i != 0).map(|i| h[i].0).sum())
            .min_by(f64::total_cmp)
    }

    proptest! {
        /// Where no member holds two of the slot's qualifications, the one pass over the
        /// members by rate finds the cheapest staffing, and says so when there is none;
        /// so does the pass without sorting where it applies.
        #[test]
        fn the_selection_is_the_cheapest_staffing(
            rates in proptest::collection::vec((0u32..50, 0u8..6), 1..8),
            n in 1usize..5,
            needs in proptest::collection::vec(1usize..3, 0..5),
        ) {
            let quals: Vec<(u16, usize)> =
                needs.iter().enumerate().map(|(j, &k)| (j as u16 + 7, k)).collect();
            // group 0: no qualification of the slot; j + 1: the j-th of `quals`
            let groups = quals.len() as u8 + 1;
            let h: Vec<(f64, u32, u8)> = rates
                .iter()
                .enumerate()
                .map(|(w, &(p, g))| (f64::from(p), w as u32, g % groups))
                .collect();
            let n = n.max(needs.iter().sum());
            let s = SlotNeed { t: 3, day: 0, n, quals };
            let mut work = h.clone();
            let mut total = 0.0;
            let mut sel = Vec::new();
            let ok = select(&mut work, &s, true, &mut total, &mut Some(&mut sel));
            let members: Vec<u32> = h.iter().map(|x| x.1).collect();
            let groups: Vec<u8> = h.iter().map(|x| x.2).collect();
            let shape = Shape::of(&s, true);
            let quick = one_pass(|w| h[w as usize].0, &members, &groups, (shape, &s, true));
            // one pass prices every slot of at most three qualifications where at most
            // two members stay idle (and the commonest shapes whatever stays idle)
            let priced = match shape {
                Shape::General => false,
                Shape::Few => h.len() <= s.n + 2,
                _ => true,
            };
            prop_assert_eq!(priced, s.quals.len() <= 3 && (h.len() <= s.n + 2 || s.n <= 2));
            prop_assert_eq!(quick.is_some(), priced);
            // where some worker holds two of the slot's qualifications, both ignore them
            // (every member in group 0)
            let plain: Vec<u8> = vec![0; h.len()];
            let mut work0: Vec<(f64, u32, u8)> = h.iter().map(|x| (x.0, x.1, 0)).collect();
            let mut total0 = 0.0;
            let ok0 = select(&mut work0, &s, false, &mut total0, &mut None);
            let shape0 = Shape::of(&s, false);
            if let Some(q) = one_pass(|w| h[w as usize].0, &members, &plain, (shape0, &s, false)) {
                prop_assert_eq!(q, ok0.then_some(total0));
            }
            if let Some(q) = quick {
                prop_assert_eq!(q, cheapest(&h, &s));
            }
            match cheapest(&h, &s) {
                Some(best) => {
                    prop_assert!(ok);
                    prop_assert_eq!(total, best);
                    prop_assert_eq!(sel.len(), s.n);
                    let picked: f64 = sel.iter().map(|&(w, _)| h[w as usize].0).sum();
                    prop_assert_eq!(picked, best);
                }
                None => prop_assert!(!ok),
            }
        }
    }

    /// A node's bound and teams' costs from its parent's, where the relevance zeroed
    /// some multipliers: the same as a full evaluation at the node's prices; a team that
    /// is not in the parent's lists gives none.
    #[test]
    fn a_node_takes_its_parents_costs_but_for_the_changed_workers() {
        #![allow(clippy::unwrap_used)]
        use crate::generator::{GenOptions, generate};
        use crate::instance::Instance;
        let mut rng = fastrand::Rng::with_seed(5);
        let (mut changed_any, mut reused_any, mut finite) = (false, false, 0);
        for seed in 1..8 {
            let inst =
                Instance::from_data(generate(&GenOptions::new(30, 3, seed)).unwrap()).unwrap();
            let ix = &inst.index;
            let nw = ix.workers.len() as u32;
            let m = crate::model::build(ix, 3);
            let teams = random_teams(&mut rng, nw, 80, |r| {
                r.usize(nw as usize / 2..=nw as usize * 3 / 4)
            });
            let (mut lg, classes, alive) = same_teams_for_every_class(ix, &m, &teams);
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            let active = vec![true; ix.workers.len()];
            let (cost, _) = crate::mcf::min_cost(ix, &m, &active, &|_, _| true).unwrap();
            lg.ascend(&classes, &alive, cost as f64 * 1.05, 40, deadline);
            let (_, parent) = lg.costs(&classes, &alive);
            // the node: class 0 fixed to a team, the others keep a third of theirs
            let mut node: Vec<Vec<usize>> = alive
                .iter()
                .map(|l| l.iter().copied().filter(|_| rng.usize(0..3) == 0).collect())
                .collect();
            node[0] = vec![rng.usize(0..teams.len())];
            let changed = lg.set_relevance(&classes, &node);
            let (v, costs) = lg.restrict(&classes, &node, &parent, &changed).unwrap();
            let (full_v, full) = lg.costs(&classes, &node);
            assert!(
                v == full_v || (v - full_v).abs() < 1e-6,
                "seed {seed}: {v} against {full_v}"
            );
            finite += usize::from(v.is_finite());
            assert_eq!(costs, full, "seed {seed}");
            changed_any |= changed.iter().any(|&x| x);
            reused_any |= classes.iter().any(|&c| {
                node[c]
                    .iter()
                    .any(|&ti| teams[ti].iter().all(|&w| !changed[w as usize]))
            });
            // a team the parent did not have
            let mut short = parent.clone();
            short[1].retain(|x| x.1 != node[1].first().copied().unwrap_or(usize::MAX));
            if !node[1].is_empty() {
                assert!(lg.restrict(&classes, &node, &short, &changed).is_none());
            }
        }
        assert!(
            changed_any && reused_any && finite >= 3,
            "changed {changed_any}, reused {reused_any}, {finite} finite"
        );
    }
}
