//! The errors that end a run before it could finish.

use crate::config::ConfigError;
use crate::eiam::EiamError;
use crate::observe::ObserveError;
use crate::plan::verify::Violation;
use crate::source::SourceError;
use crate::state::StateError;

/// Errors that end a run before it could finish (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum ReconcileError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("reading the snapshot failed")]
    Source(#[from] SourceError),
    #[error("the state store failed")]
    State(#[from] StateError),
    #[error("observing EIAM failed")]
    Observe(#[from] ObserveError),
    #[error("setting up the EIAM client failed")]
    Client(#[from] EiamError),
    #[error(
        "another eiam-sync instance is applying changes (it holds the state store's leader lease); try again later"
    )]
    Busy,
    #[error("the leader lease was lost before applying; another instance may be applying")]
    LeaseLost,
    #[error("refusing a plan that would break EIAM's rules (this is a bug; please report it)")]
    Plan(#[from] Violation),
    #[error("refusing the saved plan")]
    PlanFile(#[from] crate::plan::saved::SavedPlanError),
    #[error(
        "refusing the saved plan: it was made by eiam-sync {found}, this is {ours}; make a new plan with this version"
    )]
    PlanVersion { found: String, ours: String },
    #[error(
        "refusing the saved plan: it was made for another configuration (EIAM endpoint, instance, application, source, state store or [sync]); make a new plan with this configuration"
    )]
    PlanConfig,
    #[error(
        "refusing the saved plan: it was already applied (run {run}, {at}); a plan file is applied at most once"
    )]
    PlanApplied { run: i64, at: String },
    #[error(
        "no guard-refused run has plan id `{plan_id}`; approve the plan_id a refused run reported"
    )]
    UnknownPlan { plan_id: String },
    #[error("an approval needs a reason")]
    NoReason,
}
