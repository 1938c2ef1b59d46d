//! The gate stage: refuse a snapshot that looks broken (empty, or shrunk too much since the
//! last completed run) before EIAM is even read.

use crate::model::{DesiredState, Rejection};
use crate::plan::{GuardCheck, Plan, guards};
use crate::report::Report;
use crate::state::StateStore;

use super::super::ReconcileError;

/// What the gates look at.
#[derive(Debug, Clone, Copy)]
pub struct GateInput<'a> {
    pub desired: &'a DesiredState,
    /// `[sync] max_snapshot_drop_percent`.
    pub max_snapshot_drop_percent: f64,
}

/// The gates' checks, tripped or not; the guard stage puts them before the plan's own.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    pub guards: Vec<GuardCheck>,
}

impl Gate {
    /// Whether a gate tripped: the run stops here and nothing is observed or sent.
    pub fn refused(&self) -> bool {
        self.guards.iter().any(|g| g.tripped)
    }

    /// The report of a run the gates refused.
    pub fn report(self, dry_run: bool, rejected: Vec<Rejection>) -> Report {
        let refused = Plan {
            guards: self.guards,
            ..Default::default()
        };
        Report::new(&refused, None, dry_run, rejected, 0)
    }
}

/// Check the snapshot against the last completed run's user count.
pub async fn gate(store: &StateStore, input: GateInput<'_>) -> Result<Gate, ReconcileError> {
    let last = store
        // Runs that finished with rejected records count too: HR data rarely has none.
        .last_completed_run()
        .await?
        .and_then(|r| r.snapshot_users);
    Ok(Gate {
        guards: guards::sanity(input.desired, last, input.max_snapshot_drop_percent),
    })
}
