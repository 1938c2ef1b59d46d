//! One reconciliation: read the snapshot, observe EIAM, plan, guard, apply, report.

use crate::cli::ReconcileArgs;
use crate::config::Settings;

/// `eiam-sync reconcile`.
pub async fn command(_settings: &Settings, _args: &ReconcileArgs) -> i32 {
    eprintln!("error: reconcile is not available yet");
    1
}
