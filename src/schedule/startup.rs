//! What `/metrics` says from the first scrape on: every run counter of every reconciler at 0,
//! and each reconciler's last in-step run read back from the state store, so the alerts see
//! the first refusal of a process and a restart does not reset the no-success clock.

use std::time::{SystemTime, UNIX_EPOCH};

use tracing::warn;

use super::jobs::Job;
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::model::SyncMode;
use crate::state::StateStore;

/// Declare the counters of `jobs` and restore their last successes. A reconciler with no
/// in-step run on record (or a history that cannot be read) starts its clock now.
pub(super) async fn prime_metrics(metrics: &Metrics, store: &StateStore, jobs: &[Job]) {
    let now = SystemTime::now();
    for job in jobs {
        // An incremental run widens to a full one when it has no fingerprints to go by.
        let modes: &[SyncMode] = match job.mode {
            SyncMode::Incremental => &[SyncMode::Incremental, SyncMode::Full],
            SyncMode::Full => &[SyncMode::Full],
        };
        metrics.declare_reconciler(job.name, modes);
        let last = match store.last_in_step(job.name).await {
            Ok(last) => last,
            Err(e) => {
                warn!(reconciler = job.name, error = %chain(&e), "cannot read the last successful run");
                None
            }
        };
        let at = last.unwrap_or(now);
        let secs = at
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        metrics.restore_last_success(job.name, secs);
    }
}
