//! When each reconciler last brought EIAM in step, read back at start so the daemon's
//! last-success gauge (and the alert on it) survives a restart.

use std::time::SystemTime;

use super::error::{StateError, query};
use super::time::from_ms;
use super::{StateStore, on_pool};

/// The latest applying `success` of a reconciler: one seek on `runs_by_reconciler`.
const LAST_SUCCESS: &str = "SELECT finished_at FROM runs \
     WHERE reconciler = $1 AND mode = 'apply' AND result = 'success' \
     ORDER BY id DESC LIMIT 1";

/// The latest applying `partial` run whose operations all applied (only source records were
/// rejected): the index walks that reconciler's partial runs newest first, the journal's
/// primary key (run_id, seq) answers for each.
const LAST_CLEAN_PARTIAL: &str = "SELECT r.finished_at FROM runs r \
     WHERE r.reconciler = $1 AND r.mode = 'apply' AND r.result = 'partial' \
     AND NOT EXISTS (SELECT 1 FROM journal j \
                     WHERE j.run_id = r.id AND j.status IN ('failed', 'skipped')) \
     ORDER BY r.id DESC LIMIT 1";

impl StateStore {
    /// When the latest applying run of `reconciler` that brought EIAM in step ended: a
    /// `success`, or a `partial` run whose only problems were rejected source records (the
    /// same rule as the daemon's `eiam_sync_last_success_timestamp_seconds`). `None` when it
    /// never did.
    pub async fn last_in_step(&self, reconciler: &str) -> Result<Option<SystemTime>, StateError> {
        let mut latest: Option<i64> = None;
        for sql in [LAST_SUCCESS, LAST_CLEAN_PARTIAL] {
            let finished: Option<Option<i64>> = on_pool!(&self.db, pool => {
                sqlx::query_scalar(sql)
                    .bind(reconciler)
                    .fetch_optional(pool)
                    .await
                    .map_err(query("reading a reconciler's last successful run"))?
            });
            if let Some(Some(ms)) = finished {
                latest = Some(latest.map_or(ms, |l| l.max(ms)));
            }
        }
        Ok(latest.map(from_ms))
    }
}

/// The queries above, for the test that checks the database answers them from the index.
#[doc(hidden)]
pub const LAST_IN_STEP_QUERIES: [&str; 2] = [LAST_SUCCESS, LAST_CLEAN_PARTIAL];
