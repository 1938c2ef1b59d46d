//! Guard-refused plans, the approvals that let one through once, saved plans already applied,
//! and the rolling count of removals.

use std::collections::BTreeSet;
use std::time::SystemTime;

use sqlx::Row;
use tracing::instrument;

use super::error::{StateError, query};
use super::time::{from_ms, to_ms};
use super::{RunId, StateStore, on_pool};

/// One approval as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub id: i64,
    pub plan_id: String,
    pub approved_by: String,
    pub reason: String,
    pub approved_at: SystemTime,
    pub expires_at: SystemTime,
    /// When a run used it (an approval is used at most once).
    pub used_at: Option<SystemTime>,
    pub used_by_run: Option<RunId>,
}

/// A refused plan as recorded for `approve`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardedPlan {
    pub plan_id: String,
    /// The guarded changes it would have made.
    pub items: BTreeSet<String>,
    pub refusal: String,
}

const APPROVAL_COLUMNS: &str =
    "id, plan_id, approved_by, reason, approved_at, expires_at, used_at, used_by_run";

impl StateStore {
    /// Remember what a guard-refused plan would have changed (once per plan id).
    #[instrument(level = "debug", skip(self, items, refusal))]
    pub async fn record_guarded_plan(
        &self,
        plan_id: &str,
        items: &BTreeSet<String>,
        refusal: &str,
        now: SystemTime,
    ) -> Result<(), StateError> {
        let items = serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned());
        // A plan refused again is recorded anew: the history horizon counts from its last
        // refusal, so a plan still being refused can always be approved.
        let sql = "INSERT INTO guarded_plans (plan_id, items, refusal, recorded_at) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (plan_id) DO UPDATE \
                   SET recorded_at = excluded.recorded_at";
        on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(plan_id)
                .bind(items)
                .bind(refusal)
                .bind(to_ms(now))
                .execute(pool)
                .await
                .map_err(query("recording a refused plan"))?;
        });
        Ok(())
    }

    /// A refused plan by id.
    pub async fn guarded_plan(&self, plan_id: &str) -> Result<Option<GuardedPlan>, StateError> {
        let sql = "SELECT plan_id, items, refusal FROM guarded_plans WHERE plan_id = $1";
        let row: Option<(String, String, String)> = on_pool!(&self.db, pool => {
            sqlx::query_as(sql)
                .bind(plan_id)
                .fetch_optional(pool)
                .await
                .map_err(query("reading a refused plan"))?
        });
        row.map(|(plan_id, items, refusal)| {
            let items = serde_json::from_str(&items).map_err(|_| StateError::Corrupt {
                column: "guarded_plans.items",
                value: items.chars().take(80).collect(),
            })?;
            Ok(GuardedPlan {
                plan_id,
                items,
                refusal,
            })
        })
        .transpose()
    }

    /// Record an approval of a refused plan; returns its id.
    pub async fn approve(
        &self,
        plan_id: &str,
        by: &str,
        reason: &str,
        now: SystemTime,
        expires_at: SystemTime,
    ) -> Result<i64, StateError> {
        let sql = "INSERT INTO approvals (plan_id, approved_by, reason, approved_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let id: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(plan_id)
                .bind(by)
                .bind(reason)
                .bind(to_ms(now))
                .bind(to_ms(expires_at))
                .fetch_one(pool)
                .await
                .map_err(query("recording an approval"))?
        });
        Ok(id)
    }

    /// Unused, unexpired approvals with the items of their plans, newest first.
    pub async fn usable_approvals(
        &self,
        now: SystemTime,
    ) -> Result<Vec<(Approval, BTreeSet<String>)>, StateError> {
        // Each open approval's plan is looked up by its id (a join would let a planner read
        // every refused plan ever recorded); `+a.id` sorts the few open approvals found
        // through `approvals_open` rather than walking every approval in id order.
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {APPROVAL_COLUMNS}, \
               (SELECT g.items FROM guarded_plans g WHERE g.plan_id = a.plan_id) \
             FROM approvals a \
             WHERE a.used_at IS NULL AND a.expires_at > $1 ORDER BY +a.id DESC"
        ));
        on_pool!(&self.db, pool => {
            let rows = sqlx::query(sql)
                .bind(to_ms(now))
                .fetch_all(pool)
                .await
                .map_err(query("reading approvals"))?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let approval = approval(row)?;
                let items: Option<String> = row.try_get(8).map_err(query("reading approvals"))?;
                // An approval outlives no plan it names; without one it lets nothing through.
                let Some(items) = items else { continue };
                let items = serde_json::from_str(&items).map_err(|_| StateError::Corrupt {
                    column: "guarded_plans.items",
                    value: items.chars().take(80).collect(),
                })?;
                out.push((approval, items));
            }
            Ok(out)
        })
    }

    /// Mark an approval used by a run; `false` if another run used it first.
    pub async fn use_approval(
        &self,
        id: i64,
        run: RunId,
        now: SystemTime,
    ) -> Result<bool, StateError> {
        let sql = "UPDATE approvals SET used_at = $1, used_by_run = $2 \
                   WHERE id = $3 AND used_at IS NULL";
        let affected = on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(to_ms(now))
                .bind(run.0)
                .bind(id)
                .execute(pool)
                .await
                .map_err(query("using an approval"))?
                .rows_affected()
        });
        Ok(affected == 1)
    }

    /// The latest `limit` approvals, newest first.
    pub async fn approvals(&self, limit: u32) -> Result<Vec<Approval>, StateError> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {APPROVAL_COLUMNS} FROM approvals ORDER BY id DESC LIMIT $1"
        ));
        on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await
                .map_err(query("listing approvals"))?
                .iter()
                .map(approval)
                .collect()
        })
    }

    /// Claim a saved plan file for a run; `false` if it was applied (or claimed) before.
    pub async fn claim_plan_file(
        &self,
        file_id: &str,
        plan_id: &str,
        run: RunId,
        now: SystemTime,
    ) -> Result<bool, StateError> {
        let sql = "INSERT INTO applied_plans (file_id, plan_id, run_id, applied_at) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (file_id) DO NOTHING";
        let affected = on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(file_id)
                .bind(plan_id)
                .bind(run.0)
                .bind(to_ms(now))
                .execute(pool)
                .await
                .map_err(query("recording an applied plan"))?
                .rows_affected()
        });
        Ok(affected == 1)
    }

    /// When a saved plan file was applied, and by which run.
    pub async fn plan_file_applied(
        &self,
        file_id: &str,
    ) -> Result<Option<(RunId, SystemTime)>, StateError> {
        let sql = "SELECT run_id, applied_at FROM applied_plans WHERE file_id = $1";
        let row: Option<(i64, i64)> = on_pool!(&self.db, pool => {
            sqlx::query_as(sql)
                .bind(file_id)
                .fetch_optional(pool)
                .await
                .map_err(query("reading applied plans"))?
        });
        Ok(row.map(|(run, at)| (RunId(run), from_ms(at))))
    }

    /// Deletes and disables of objects that existed, applied since `since` (the rolling
    /// removal window).
    pub async fn removals_since(&self, since: SystemTime) -> Result<u64, StateError> {
        let sql = "SELECT COUNT(*) FROM journal WHERE status = 'applied' \
                   AND action IN ('DeleteOrganizationalUnit', 'DeleteUser', 'DeleteGroup', 'DisableUser') \
                   AND finished_at >= $1 AND eiam_id IS NOT NULL";
        let n: i64 = on_pool!(&self.db, pool => {
            sqlx::query_scalar(sql)
                .bind(to_ms(since))
                .fetch_one(pool)
                .await
                .map_err(query("counting recent removals"))?
        });
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Remember the plan a run computed and the approval it used.
    pub async fn set_run_plan(
        &self,
        run: RunId,
        plan_id: &str,
        approval: Option<i64>,
    ) -> Result<(), StateError> {
        let sql = "UPDATE runs SET plan_id = $1, approval_id = $2 WHERE id = $3";
        on_pool!(&self.db, pool => {
            sqlx::query(sql)
                .bind(plan_id)
                .bind(approval)
                .bind(run.0)
                .execute(pool)
                .await
                .map_err(query("recording a run's plan"))?;
        });
        Ok(())
    }
}

fn approval<R: Row>(row: &R) -> Result<Approval, StateError>
where
    usize: sqlx::ColumnIndex<R>,
    i64: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let get = || query("reading an approval");
    let used_at: Option<i64> = row.try_get(6).map_err(get())?;
    let used_by: Option<i64> = row.try_get(7).map_err(get())?;
    Ok(Approval {
        id: row.try_get(0).map_err(get())?,
        plan_id: row.try_get(1).map_err(get())?,
        approved_by: row.try_get(2).map_err(get())?,
        reason: row.try_get(3).map_err(get())?,
        approved_at: from_ms(row.try_get(4).map_err(get())?),
        expires_at: from_ms(row.try_get(5).map_err(get())?),
        used_at: used_at.map(from_ms),
        used_by_run: used_by.map(RunId),
    })
}
