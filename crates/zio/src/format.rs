//! Serde types of the `zio-plan/1` exchange format (FORMAT.md §1 and §4).
//!
//! Field names are lowerCamelCase, unknown fields are ignored, money is an integer number
//! of cents. These are the *raw* documents; [`crate::Instance::parse`] checks an instance
//! and builds the index the planner works on.

use serde::{Deserialize, Serialize};

/// The only format version this crate reads and writes.
pub const FORMAT_VERSION: &str = "zio-plan/1";

/// A raw `zio-plan/1` instance exactly as it appears in JSON (not yet checked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceData {
    /// Must be exactly `"zio-plan/1"`.
    pub format_version: String,
    /// Copied into the plan.
    pub instance_id: String,
    /// Informational; not used by planning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<serde_json::Value>,
    /// Informational; not used by planning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<serde_json::Value>,
    /// G: one worker may serve at most G pupils of one class in one slot (group needs only).
    pub group_size: i64,
    /// At most this many providers may supply workers; `None` means no limit.
    #[serde(default)]
    pub max_providers: Option<i64>,
    /// The school's time grid, in chronological order.
    pub slots: Vec<SlotData>,
    /// The classes with their timetables.
    pub classes: Vec<ClassData>,
    /// Funders (informational for planning).
    #[serde(default)]
    pub funders: Vec<FunderData>,
    /// Every pupil of the school.
    pub pupils: Vec<PupilData>,
    /// The care needs in school time.
    pub needs: Vec<NeedData>,
    /// Candidate providers with their workers.
    pub providers: Vec<ProviderData>,
    /// Workers hired by families with a PGB.
    #[serde(default)]
    pub pgb_workers: Vec<PgbWorkerData>,
}

/// One teaching block of the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotData {
    /// Identifier, e.g. `d1-0830`.
    pub slot_id: String,
    /// ISO weekday, 1 = Monday … 7 = Sunday.
    pub iso_weekday: i64,
    /// Local start time `HH:MM`.
    pub start_time: String,
    /// Length in minutes (> 0).
    pub minutes: i64,
}

/// One class and its timetable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassData {
    /// Identifier, e.g. `k01`.
    pub class_id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The slots in which the class has lessons.
    pub slot_ids: Vec<String>,
}

/// A funder (zorgkantoor, insurer, municipality).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FunderData {
    /// Identifier.
    pub funder_id: String,
    /// `wlz`, `zvw`, `jeugdwet` or `wmo`.
    #[serde(default)]
    pub kind: String,
    /// Name.
    #[serde(default)]
    pub name: String,
}

/// A pupil and her class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PupilData {
    /// Identifier.
    pub pupil_id: String,
    /// The pupil's class.
    pub class_id: String,
}

/// `individual` (1:1) or `group` (up to G pupils of one class per worker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    /// One worker for this pupil only.
    Individual,
    /// The worker may serve up to G pupils with group needs of the same class.
    Group,
}

/// One care need of one pupil, with its fixed blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedData {
    /// Identifier.
    pub need_id: String,
    /// The pupil.
    pub pupil_id: String,
    /// Care category (open set of strings).
    pub category: String,
    /// Individual or group.
    pub mode: Mode,
    /// Qualification a worker must hold, if any.
    #[serde(default)]
    pub required_qualification: Option<String>,
    /// Who pays.
    pub funder_id: String,
    /// The fixed blocks in which the care is delivered.
    pub slot_ids: Vec<String>,
    /// The PGB worker who must serve this need, if it is paid by a PGB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pgb_worker_id: Option<String>,
}

/// A care provider and its candidate workers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderData {
    /// Identifier.
    pub provider_id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Candidate workers.
    pub workers: Vec<WorkerData>,
}

/// A provider's care worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkerData {
    /// Identifier (unique over provider and PGB workers).
    pub worker_id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Qualifications held.
    #[serde(default)]
    pub qualifications: Vec<String>,
    /// ISO weekdays she works; `None` = every day.
    #[serde(default)]
    pub available_weekdays: Option<Vec<i64>>,
    /// Most slots per week.
    pub max_slots_per_week: i64,
    /// Most slots per day.
    pub max_slots_per_day: i64,
    /// Cost of one hour of presence, in cents.
    pub hourly_cost_cents: i64,
}

/// A worker hired by a family with a PGB.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PgbWorkerData {
    /// Identifier (unique over provider and PGB workers).
    pub worker_id: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Qualifications held.
    #[serde(default)]
    pub qualifications: Vec<String>,
}

/// Outcome of planning (FORMAT.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Proven lexicographic optimum.
    Optimal,
    /// Valid plan, optimality not proven (`gap` says where).
    Feasible,
    /// No valid plan exists; `explanations` say why; no roster.
    Infeasible,
    /// No plan found and no proof.
    Unknown,
}

/// A `zio-plan/1` plan. Serialises to the exact exchange JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// `"zio-plan/1"`.
    pub format_version: String,
    /// Copied from the instance.
    pub instance_id: String,
    /// Optimal, feasible, infeasible or unknown.
    pub status: Status,
    /// Providers used (with a roster).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_ids: Option<Vec<String>>,
    /// True when more than `maxProviders` are used because no plan within the limit exists.
    #[serde(default)]
    pub provider_limit_exceeded: bool,
    /// Per class (instance order) the sorted workers appearing in its entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_workers: Option<Vec<ClassWorkers>>,
    /// The roster (absent without a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<Vec<RosterEntry>>,
    /// The objective tuple recomputed from the roster.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Objective>,
    /// Proven lower bound of stage 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_bound: Option<LowerBound>,
    /// The first stage not proven optimal (status `feasible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<Gap>,
    /// Why the instance is infeasible or the provider limit is exceeded.
    #[serde(default)]
    pub explanations: Vec<Explanation>,
    /// Free-form solver information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solver: Option<serde_json::Value>,
}

/// The workers of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClassWorkers {
    /// The class.
    pub class_id: String,
    /// Sorted worker ids appearing in its entries.
    pub worker_ids: Vec<String>,
}

/// One roster entry: the worker is present in the class in that slot and serves the needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RosterEntry {
    /// Slot.
    pub slot_id: String,
    /// Class.
    pub class_id: String,
    /// Worker (provider or PGB).
    pub worker_id: String,
    /// Needs served.
    pub need_ids: Vec<String>,
}

/// The lexicographic objective (FORMAT.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Objective {
    /// Σ over classes of distinct workers in the class.
    pub distinct_workers_per_class: u64,
    /// Distinct providers of the provider workers used.
    pub providers: u64,
    /// Σ over provider entries of `hourlyCostCents × minutes / 60`.
    pub cost_cents: u64,
}

impl Objective {
    /// The objective as the tuple `[distinctWorkersPerClass, providers, costCents]`.
    #[must_use]
    pub fn tuple(&self) -> [u64; 3] {
        [
            self.distinct_workers_per_class,
            self.providers,
            self.cost_cents,
        ]
    }
}

/// Proven lower bound of stage 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LowerBound {
    /// Proven lower bound of Σ distinct workers per class.
    pub distinct_workers_per_class: u64,
}

/// The first stage not proven optimal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    /// `distinctWorkersPerClass`, `providers` or `costCents`.
    pub stage: String,
    /// The plan's value in that stage.
    pub value: u64,
    /// Proven bound of that stage.
    pub bound: u64,
    /// `(value − bound) / value`.
    pub relative_gap: f64,
}

/// Kind of explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExplanationRule {
    /// Too few qualified workers in one slot.
    Qualification,
    /// Too few workers at all in one slot.
    Capacity,
    /// The provider limit cannot be met.
    ProviderLimit,
    /// Proven infeasible; no single slot explains it.
    Combination,
}

/// Why an instance is infeasible (or the provider limit exceeded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Kind.
    pub rule: ExplanationRule,
    /// The slot concerned, if one.
    pub slot_id: Option<String>,
    /// The qualification concerned, if one.
    pub qualification: Option<String>,
    /// The needs concerned.
    pub need_ids: Vec<String>,
    /// Workers required at once.
    pub required: u64,
    /// Workers available.
    pub available: u64,
    /// Plain-language explanation in Dutch.
    pub message: String,
}
