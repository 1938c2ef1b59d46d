//! What the state store knows, for `eiam-sync status`: recent runs, the leader lease, approvals, leavers awaiting deletion, operations in doubt.

mod text;

use std::time::SystemTime;

use serde_json::{Value, json};

use crate::state::{
    Approval, History, InDoubt, LeaseState, LeaseStatus, Leaver, RunRecord, StateError, StateStore,
};

pub use text::render_text;

/// Runs shown by default.
pub const DEFAULT_RUNS: u32 = 20;
/// Operations in doubt shown at most.
const IN_DOUBT_LIMIT: u32 = 200;

/// Everything `status` shows, read in one go from the state store (never from EIAM).
#[derive(Debug, Clone)]
pub struct Status {
    pub backend: &'static str,
    pub runs: Vec<RunRecord>,
    pub lease: LeaseStatus,
    pub in_doubt: Vec<InDoubt>,
    /// The latest approvals, newest first.
    pub approvals: Vec<Approval>,
    /// Leavers disabled and awaiting deletion: external id, record, when deletion is due.
    pub pending_deletions: Vec<(String, Leaver, SystemTime)>,
    /// How much history the store holds, and the horizon it is pruned to (days).
    pub history: History,
    pub history_days: u32,
}

/// Approvals shown at most.
const APPROVALS_LIMIT: u32 = 20;

/// How a run stands, including the ones without a recorded end.
pub fn run_result(run: &RunRecord, lease: &LeaseStatus) -> &'static str {
    if let Some(result) = run.result {
        return result.as_str();
    }
    let holder_leads = lease.state == LeaseState::Held
        && lease.holder.as_ref().map(|h| &h.holder) == run.holder.as_ref();
    // An applying run without an end whose process no longer leads was cut short (a crash, a
    // kill -9); one of the current leader may still be going.
    if holder_leads || run.mode == crate::state::RunMode::DryRun {
        "running"
    } else {
        "unfinished"
    }
}

impl Status {
    /// `delete_after_days` dates the leavers' deletions (`[sync] delete_after_days`);
    /// `history_days` is the horizon shown beside the history (`[state] history_days`).
    pub async fn gather(
        store: &StateStore,
        runs: u32,
        delete_after_days: u32,
        history_days: u32,
    ) -> Result<Status, StateError> {
        let grace = std::time::Duration::from_secs(u64::from(delete_after_days) * 86_400);
        let mut pending_deletions: Vec<_> = store
            .leavers()
            .await?
            .into_iter()
            .map(|(ext, l)| {
                let due = l.disabled_at + grace;
                (ext, l, due)
            })
            .collect();
        pending_deletions.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
        Ok(Status {
            backend: store.backend(),
            runs: store.runs(runs).await?,
            lease: store.lease_status().await?,
            in_doubt: store.in_doubt(IN_DOUBT_LIMIT).await?,
            approvals: store.approvals(APPROVALS_LIMIT).await?,
            pending_deletions,
            history: store.history().await?,
            history_days,
        })
    }

    /// The JSON object of `status --output json` (docs/contract.md §9).
    pub fn to_json(&self) -> Value {
        let runs: Vec<Value> = self
            .runs
            .iter()
            .map(|r| {
                json!({
                    "id": r.id.0,
                    "reconciler": r.reconciler,
                    "mode": r.mode.as_str(),
                    "sync_mode": r.sync_mode.as_str(),
                    "holder": r.holder,
                    "started_at": time(Some(r.started_at)),
                    "finished_at": time(r.finished_at),
                    "duration_secs": r.finished_at
                        .and_then(|f| f.duration_since(r.started_at).ok())
                        .map(|d| d.as_secs_f64()),
                    "result": run_result(r, &self.lease),
                    "plan_id": r.plan_id,
                    "operations": r.counts,
                    "api_calls": r.api_calls,
                })
            })
            .collect();
        let lease = json!({
            "state": self.lease.state.as_str(),
            "holder": self.lease.holder.as_ref().map(|h| &h.holder),
            "host": self.lease.holder.as_ref().and_then(|h| h.host.as_ref()),
            "pid": self.lease.holder.as_ref().and_then(|h| h.pid),
            "acquired_at": time(self.lease.holder.as_ref().and_then(|h| h.acquired_at)),
            "renewed_at": time(self.lease.holder.as_ref().and_then(|h| h.renewed_at)),
            "expires_at": time(self.lease.holder.as_ref().and_then(|h| h.expires_at)),
        });
        let in_doubt: Vec<Value> = self
            .in_doubt
            .iter()
            .map(|d| {
                json!({
                    "run_id": d.run.0,
                    "reconciler": d.reconciler,
                    "seq": d.seq,
                    "action": d.action,
                    "kind": d.kind.as_str(),
                    "external_id": d.external_id,
                    "eiam_id": d.eiam_id,
                    "started_at": time(d.started_at),
                    "run_finished": d.run_finished,
                })
            })
            .collect();
        json!({
            "backend": self.backend,
            "runs": runs,
            "lease": lease,
            "approvals": self.approvals.iter().map(|a| json!({
                "id": a.id,
                "plan_id": a.plan_id,
                "approved_by": a.approved_by,
                "reason": a.reason,
                "approved_at": time(Some(a.approved_at)),
                "expires_at": time(Some(a.expires_at)),
                "used_at": time(a.used_at),
                "used_by_run": a.used_by_run.map(|r| r.0),
            })).collect::<Vec<_>>(),
            "pending_deletions": self.pending_deletions.iter().map(|(ext, l, due)| json!({
                "external_id": ext,
                "eiam_id": l.eiam_id,
                "disabled_at": time(Some(l.disabled_at)),
                "delete_after": time(Some(*due)),
            })).collect::<Vec<_>>(),
            "in_doubt": in_doubt,
            "history": {
                "runs": self.history.runs,
                "journal_entries": self.history.journal_entries,
                "oldest_run": time(self.history.oldest_run),
                "horizon_days": self.history_days,
            },
        })
    }
}

/// RFC 3339 in UTC, to the second.
pub fn time(t: Option<SystemTime>) -> Option<String> {
    t.map(|t| {
        chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    })
}
