//! What a run does besides its stages: take the leader lease it needs, and prune the history
//! past the horizon once it is done.

use std::time::Duration;

use tracing::{info, warn};

use super::{ReconcileError, Reconciler, RunRequest};
use crate::state::{Lease, PruneBudget};

impl Reconciler {
    /// The leader lease for a run that may write, unless the caller holds it already; a dry
    /// run writes nothing and takes none.
    pub(super) async fn lease(&self, req: &RunRequest) -> Result<Option<Lease>, ReconcileError> {
        if req.dry_run || req.lease.is_some() {
            return Ok(None);
        }
        let ttl = Duration::from_secs(self.settings.state.lease_ttl_secs);
        match self.store.acquire_lease(&self.holder, ttl).await? {
            Some(lease) => Ok(Some(lease)),
            None => Err(ReconcileError::Busy),
        }
    }

    /// Remove runs and journal entries older than `[state] history_days`, within a bounded
    /// budget per run; a failure is logged and the next run tries again.
    pub(super) async fn prune_history(&self) {
        let horizon = Duration::from_secs(u64::from(self.settings.state.history_days) * 86_400);
        match (self.store)
            .prune_history(self.clock.now(), horizon, PruneBudget::default())
            .await
        {
            Ok(p) if p.runs > 0 || p.approvals > 0 || p.guarded_plans > 0 => info!(
                runs = p.runs,
                journal_entries = p.journal_entries,
                approvals = p.approvals,
                refused_plans = p.guarded_plans,
                more = p.more,
                "history past the horizon pruned"
            ),
            Ok(_) => {}
            Err(e) => warn!(error = %e, "pruning the history failed"),
        }
    }
}
