//! The stages of one run, in order: read → validate → gate → observe → plan → guard → apply →
//! record. Each is a function of plain inputs to plain outputs, so a test can run one alone.
//!
//! Where to extend a run: what to observe and how to plan (a narrower observation, a different
//! mode) goes into [`ObserveInput`] and [`PlanInput`]; whether a plan may be applied (approvals,
//! saved plans) is the [`guard`] stage's [`Verdict`]; what the state store learns after applying
//! (ownership of in-doubt creates, adoptions, fingerprints) is the [`record`] stage.

mod adopt;
mod apply;
mod gate;
mod guard;
mod incremental;
mod kept;
mod observe;
mod plan;
mod read;
mod record;
mod root;
mod scope;
mod settle;
mod synth;

pub use adopt::adopt_rules;
pub use apply::{ApplyInput, StoreLog, apply, journal_entries};
pub use gate::{Gate, GateInput, gate};
pub use guard::{GuardInput, Verdict, guard};
pub use incremental::{ModeInput, Observed, observe_mode};
pub use observe::{Observation, ObserveInput, observe, observe_owned, owned};
pub use plan::{
    Fingerprints, PlanInput, Planned, causes, fingerprints, plan, plan_options, plan_with,
};
pub use read::{Input, read, validate, validate_with};
pub use record::{Before, RecordInput, record};
pub use root::{root_key, sync_root};
pub use scope::{MemberFingerprints, Scope, member_fingerprints};
pub use settle::{SettleInput, settle, touched, unsettle};
