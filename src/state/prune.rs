//! The history horizon: runs and their journal entries older than `[state] history_days` are
//! removed oldest first, in bounded batches, so the store stays the size of its horizon and
//! no statement of a run grows with the years.
//!
//! What is never removed: a run with an operation still in doubt (in-doubt recovery reads it);
//! the latest run that completed (the snapshot-shrink guard's baseline) and everything after
//! it; the last 24 hours (the rolling removal window — the horizon is at least two days);
//! ownership, fingerprints and leavers (the truth about what eiam-sync made, and the grace
//! periods, live outside the history); refused plans with an approval still usable, and the
//! record of every saved plan file applied (a file is applied at most once).

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use tracing::{debug, instrument};

use super::error::{StateError, query};
use super::time::to_ms;
use super::{StateStore, on_pool};

/// How much one call may remove: journal rows per statement, and statements in all.
#[derive(Debug, Clone, Copy)]
pub struct PruneBudget {
    pub batch: u32,
    pub batches: u32,
}

impl Default for PruneBudget {
    /// 100,000 journal rows per call, 5,000 per statement: a backlog left by an older version
    /// is worked off over a few runs, each statement holding SQLite's write lock briefly.
    fn default() -> Self {
        PruneBudget {
            batch: 5_000,
            batches: 20,
        }
    }
}

/// What one call removed, and whether history older than the horizon remains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pruned {
    pub runs: u64,
    pub journal_entries: u64,
    pub approvals: u64,
    pub guarded_plans: u64,
    /// The budget ran out before everything past the horizon was removed.
    pub more: bool,
}

/// How much history the store holds (for `status`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub runs: u64,
    pub journal_entries: u64,
    pub oldest_run: Option<SystemTime>,
}

impl StateStore {
    /// Remove what lies past `horizon` before `now`, within `budget`.
    #[instrument(level = "debug", skip(self))]
    pub async fn prune_history(
        &self,
        now: SystemTime,
        horizon: Duration,
        budget: PruneBudget,
    ) -> Result<Pruned, StateError> {
        let cutoff = to_ms(now.checked_sub(horizon).unwrap_or(SystemTime::UNIX_EPOCH));
        let mut out = Pruned::default();
        let Some(before) = self.prune_boundary(cutoff).await? else {
            return Ok(out);
        };
        let in_doubt: BTreeSet<i64> = (self.in_doubt(u32::MAX).await?.iter())
            .map(|d| d.run.0)
            .collect();
        let mut left = budget.batches;
        let mut after = 0_i64;
        'runs: while left > 0 {
            let ids = self.runs_before(after, before).await?;
            if ids.is_empty() {
                break;
            }
            for id in ids {
                after = id;
                if in_doubt.contains(&id) {
                    continue;
                }
                loop {
                    if left == 0 {
                        out.more = true;
                        break 'runs;
                    }
                    left -= 1;
                    let n = self.delete_journal_batch(id, budget.batch).await?;
                    out.journal_entries += n;
                    if n < u64::from(budget.batch) {
                        break;
                    }
                }
                self.delete_run(id).await?;
                out.runs += 1;
            }
        }
        if left > 0 {
            (out.approvals, out.guarded_plans) = self.prune_approvals(now, cutoff, budget).await?;
        }
        debug!(?out, "history pruned");
        Ok(out)
    }

    /// Runs with an id below the returned one may be removed: those started before the
    /// cutoff, short of the latest completed applying run. `None` when there are none.
    async fn prune_boundary(&self, cutoff: i64) -> Result<Option<i64>, StateError> {
        let first_recent = "SELECT MIN(id) FROM runs WHERE started_at >= $1";
        let completed = "SELECT MAX(id) FROM runs WHERE result IN ('success', 'partial') \
                         AND mode = 'apply'";
        let what = "finding the history horizon";
        let (recent, completed): (Option<i64>, Option<i64>) = on_pool!(&self.db, pool => {
            let recent = sqlx::query_scalar(first_recent)
                .bind(cutoff)
                .fetch_one(pool)
                .await
                .map_err(query(what))?;
            let completed = sqlx::query_scalar(completed)
                .fetch_one(pool)
                .await
                .map_err(query(what))?;
            (recent, completed)
        });
        let limit = match (recent, completed) {
            (Some(r), Some(c)) => r.min(c),
            (Some(r), None) => r,
            // Every run is older than the horizon: keep the latest completed one onwards.
            (None, Some(c)) => c,
            (None, None) => return Ok(None),
        };
        Ok(Some(limit))
    }

    async fn runs_before(&self, after: i64, before: i64) -> Result<Vec<i64>, StateError> {
        let sql = "SELECT id FROM runs WHERE id > $1 AND id < $2 ORDER BY id LIMIT 64";
        on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(after)
                .bind(before)
                .fetch_all(pool)
                .await
                .map_err(query("listing old runs"))
        })
    }

    async fn delete_journal_batch(&self, run: i64, batch: u32) -> Result<u64, StateError> {
        let sql = "DELETE FROM journal WHERE run_id = $1 AND seq IN \
                   (SELECT seq FROM journal WHERE run_id = $1 ORDER BY seq LIMIT $2)";
        on_pool!(&self.db, pool => {
            Ok(sqlx::query(sql)
                .bind(run)
                .bind(i64::from(batch))
                .execute(pool)
                .await
                .map_err(query("pruning the journal"))?
                .rows_affected())
        })
    }

    async fn delete_run(&self, run: i64) -> Result<(), StateError> {
        on_pool!(&self.db, pool => {
            sqlx::query("DELETE FROM runs WHERE id = $1")
                .bind(run)
                .execute(pool)
                .await
                .map_err(query("pruning runs"))?;
        });
        Ok(())
    }

    /// Approvals used or expired before the cutoff, then refused plans recorded before it that
    /// no usable approval names.
    async fn prune_approvals(
        &self,
        now: SystemTime,
        cutoff: i64,
        budget: PruneBudget,
    ) -> Result<(u64, u64), StateError> {
        let approvals = "DELETE FROM approvals WHERE id IN (SELECT id FROM approvals \
                           WHERE approved_at < $1 AND (used_at IS NOT NULL OR expires_at <= $2) \
                           ORDER BY approved_at LIMIT $3)";
        let plans = "DELETE FROM guarded_plans WHERE plan_id IN (SELECT g.plan_id \
                       FROM guarded_plans g WHERE g.recorded_at < $1 AND NOT EXISTS \
                         (SELECT 1 FROM approvals a WHERE a.plan_id = g.plan_id \
                            AND a.used_at IS NULL AND a.expires_at > $2) \
                       ORDER BY g.recorded_at LIMIT $3)";
        let now = to_ms(now);
        let limit = i64::from(budget.batch);
        on_pool!(&self.db, pool => {
            let a = sqlx::query(approvals)
                .bind(cutoff)
                .bind(now)
                .bind(limit)
                .execute(pool)
                .await
                .map_err(query("pruning approvals"))?
                .rows_affected();
            let g = sqlx::query(plans)
                .bind(cutoff)
                .bind(now)
                .bind(limit)
                .execute(pool)
                .await
                .map_err(query("pruning refused plans"))?
                .rows_affected();
            Ok((a, g))
        })
    }

    /// How much history the store holds: one row per run is read, never the journal.
    pub async fn history(&self) -> Result<History, StateError> {
        let sql =
            "SELECT COUNT(*), MIN(started_at), CAST(SUM(journal_entries) AS BIGINT) FROM runs";
        let (runs, oldest, entries): (i64, Option<i64>, Option<i64>) = on_pool!(&self.db, pool => {
            sqlx::query_as(sql)
                .fetch_one(pool)
                .await
                .map_err(query("reading the history's size"))?
        });
        Ok(History {
            runs: u64::try_from(runs).unwrap_or(0),
            journal_entries: entries.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            oldest_run: oldest.map(super::time::from_ms),
        })
    }
}
