//! Run history: one row per reconciliation run, opened at its start and closed with its result.

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use sqlx::Row;
use tracing::instrument;

use super::error::{StateError, query};
use super::process::ProcessIdentity;
use super::time::{from_ms, now_ms};
use super::{StateStore, on_pool};
use crate::model::SyncMode;

/// A run's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RunId(pub i64);

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Whether a run may write to EIAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunMode {
    Apply,
    DryRun,
}

impl RunMode {
    pub fn as_str(self) -> &'static str {
        match self {
            RunMode::Apply => "apply",
            RunMode::DryRun => "dry_run",
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunResult {
    /// Everything planned was applied (or nothing was needed).
    Success,
    /// Finished, but some operations failed or some records were rejected.
    Partial,
    /// A safety guard refused the run; nothing was written.
    Refused,
    /// A fatal error ended the run.
    Failed,
}

impl RunResult {
    pub fn as_str(self) -> &'static str {
        match self {
            RunResult::Success => "success",
            RunResult::Partial => "partial",
            RunResult::Refused => "refused",
            RunResult::Failed => "failed",
        }
    }
}

/// One run as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub id: RunId,
    pub reconciler: String,
    pub mode: RunMode,
    /// Whether it observed all of EIAM or only what changed.
    pub sync_mode: SyncMode,
    pub started_at: SystemTime,
    /// `None` while running — or if the process died during the run.
    pub finished_at: Option<SystemTime>,
    pub result: Option<RunResult>,
    /// Operations per EIAM action.
    pub counts: BTreeMap<String, u64>,
    /// Users in the snapshot the run read, when it read one.
    pub snapshot_users: Option<u64>,
    /// The id of the plan it computed, once it planned.
    pub plan_id: Option<String>,
    /// The approval its guarded changes passed by.
    pub approval_id: Option<i64>,
    /// The process that ran it (`host:pid`); `None` for runs recorded before it was kept.
    pub holder: Option<String>,
    /// HTTP requests made to EIAM, when the run got far enough to count them.
    pub api_calls: Option<u64>,
}

const COLUMNS: &str = "id, reconciler, mode, started_at, finished_at, result, counts, \
                       snapshot_users, plan_id, approval_id, holder, api_calls, sync_mode";

impl StateStore {
    /// Open a full run.
    pub async fn start_run(&self, reconciler: &str, mode: RunMode) -> Result<RunId, StateError> {
        self.start_run_in(reconciler, mode, SyncMode::Full).await
    }

    /// Open a run of the given sync mode.
    #[instrument(level = "debug", skip(self))]
    pub async fn start_run_in(
        &self,
        reconciler: &str,
        mode: RunMode,
        sync_mode: SyncMode,
    ) -> Result<RunId, StateError> {
        let sql = "INSERT INTO runs (reconciler, mode, started_at, holder, sync_mode) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let holder = ProcessIdentity::current().holder_name();
        let id: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(reconciler)
                .bind(mode.as_str())
                .bind(now_ms())
                .bind(holder)
                .bind(sync_mode.as_str())
                .fetch_one(pool)
                .await
                .map_err(query("starting a run"))?
        });
        Ok(RunId(id))
    }

    /// Record the sync mode a run ended up in (an incremental run may widen to a full one).
    pub async fn record_sync_mode(
        &self,
        run: RunId,
        sync_mode: SyncMode,
    ) -> Result<(), StateError> {
        on_pool!(&self.db, pool => {
            sqlx::query("UPDATE runs SET sync_mode = $1 WHERE id = $2")
                .bind(sync_mode.as_str())
                .bind(run.0)
                .execute(pool)
                .await
                .map_err(query("recording a run's sync mode"))?
                .rows_affected()
        });
        Ok(())
    }

    /// Close a run with its result, the number of operations per action and the snapshot's
    /// user count. A run can be finished once.
    #[instrument(level = "debug", skip(self, counts))]
    pub async fn finish_run(
        &self,
        run: RunId,
        result: RunResult,
        counts: &BTreeMap<String, u64>,
        snapshot_users: Option<u64>,
    ) -> Result<(), StateError> {
        let counts = serde_json::to_string(counts).unwrap_or_else(|_| "{}".to_owned());
        let users = snapshot_users.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let sql = "UPDATE runs SET finished_at = $1, result = $2, counts = $3, snapshot_users = $4 \
                   WHERE id = $5 AND finished_at IS NULL";
        let affected = on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(now_ms())
                .bind(result.as_str())
                .bind(counts)
                .bind(users)
                .bind(run.0)
                .execute(pool)
                .await
                .map_err(query("finishing a run"))?
                .rows_affected()
        });
        if affected == 0 {
            return Err(StateError::RunNotOpen { run: run.0 });
        }
        Ok(())
    }

    /// Record how many HTTP requests a run made to EIAM (shown by `status`).
    pub async fn record_api_calls(&self, run: RunId, calls: u64) -> Result<(), StateError> {
        let calls = i64::try_from(calls).unwrap_or(i64::MAX);
        on_pool!(&self.db, pool => {
            sqlx::query("UPDATE runs SET api_calls = $1 WHERE id = $2")
                .bind(calls)
                .bind(run.0)
                .execute(pool)
                .await
                .map_err(query("recording a run's API calls"))?
                .rows_affected()
        });
        Ok(())
    }

    /// The latest applying run that ended in `success` (its `snapshot_users` is the baseline
    /// of the snapshot-shrink guard). Dry runs never count: they prove nothing was applied.
    pub async fn last_successful_run(&self) -> Result<Option<RunRecord>, StateError> {
        self.last_run_where("result = 'success'").await
    }

    /// The latest applying run that completed, fully or partly (`success` or `partial`): with
    /// real data some records are nearly always rejected, and such a run still applied.
    pub async fn last_completed_run(&self) -> Result<Option<RunRecord>, StateError> {
        self.last_run_where("result IN ('success', 'partial')")
            .await
    }

    async fn last_run_where(
        &self,
        condition: &'static str,
    ) -> Result<Option<RunRecord>, StateError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM runs WHERE {condition} AND mode = 'apply' ORDER BY id DESC LIMIT 1"
        );
        let sql = sqlx::AssertSqlSafe(sql);
        let row = on_pool!(&self.db, pool => {
            match sqlx::query(sql)
                .fetch_optional(pool)
                .await
                .map_err(query("reading the last run"))?
            {
                Some(row) => Some(record(&row)?),
                None => None,
            }
        });
        Ok(row)
    }

    /// The latest `limit` runs, newest first.
    pub async fn runs(&self, limit: u32) -> Result<Vec<RunRecord>, StateError> {
        let sql = format!("SELECT {COLUMNS} FROM runs ORDER BY id DESC LIMIT $1");
        let sql = sqlx::AssertSqlSafe(sql);
        on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await
                .map_err(query("listing runs"))?
                .iter()
                .map(record)
                .collect()
        })
    }
}

fn record<R: Row>(row: &R) -> Result<RunRecord, StateError>
where
    usize: sqlx::ColumnIndex<R>,
    i64: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let get = query("reading a run");
    let id: i64 = row.try_get(0).map_err(get)?;
    let reconciler: String = row.try_get(1).map_err(query("reading a run"))?;
    let mode: String = row.try_get(2).map_err(query("reading a run"))?;
    let started_at: i64 = row.try_get(3).map_err(query("reading a run"))?;
    let finished_at: Option<i64> = row.try_get(4).map_err(query("reading a run"))?;
    let result: Option<String> = row.try_get(5).map_err(query("reading a run"))?;
    let counts: Option<String> = row.try_get(6).map_err(query("reading a run"))?;
    let snapshot_users: Option<i64> = row.try_get(7).map_err(query("reading a run"))?;
    let plan_id: Option<String> = row.try_get(8).map_err(query("reading a run"))?;
    let approval_id: Option<i64> = row.try_get(9).map_err(query("reading a run"))?;
    let holder: Option<String> = row.try_get(10).map_err(query("reading a run"))?;
    let api_calls: Option<i64> = row.try_get(11).map_err(query("reading a run"))?;
    let sync_mode: String = row.try_get(12).map_err(query("reading a run"))?;
    let sync_mode = sync_mode
        .parse()
        .map_err(|_| corrupt("sync_mode", &sync_mode))?;
    let mode = match mode.as_str() {
        "apply" => RunMode::Apply,
        "dry_run" => RunMode::DryRun,
        other => return Err(corrupt("mode", other)),
    };
    let result = match result.as_deref() {
        None => None,
        Some("success") => Some(RunResult::Success),
        Some("partial") => Some(RunResult::Partial),
        Some("refused") => Some(RunResult::Refused),
        Some("failed") => Some(RunResult::Failed),
        Some(other) => return Err(corrupt("result", other)),
    };
    let counts = match counts {
        None => BTreeMap::new(),
        Some(text) => serde_json::from_str(&text).map_err(|_| corrupt("counts", &text))?,
    };
    Ok(RunRecord {
        id: RunId(id),
        reconciler,
        mode,
        sync_mode,
        started_at: from_ms(started_at),
        finished_at: finished_at.map(from_ms),
        result,
        counts,
        snapshot_users: snapshot_users.and_then(|n| u64::try_from(n).ok()),
        plan_id,
        approval_id,
        holder,
        api_calls: api_calls.and_then(|n| u64::try_from(n).ok()),
    })
}

fn corrupt(column: &'static str, value: &str) -> StateError {
    StateError::Corrupt {
        column,
        value: value.to_owned(),
    }
}
