//! What the state store knows, for `eiam-sync status`: recent runs, the leader lease, approvals, leavers awaiting deletion, operations in doubt.

mod text;

use std::time::SystemTime;

use serde_json::{Value, json};

use crate::state::{InDoubt, LeaseState, LeaseStatus, RunRecord, StateError, StateStore};

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
}

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
    pub async fn gather(store: &StateStore, runs: u32) -> Result<Status, StateError> {
        Ok(Status {
            backend: store.backend(),
            runs: store.runs(runs).await?,
            lease: store.lease_status().await?,
            in_doubt: store.in_doubt(IN_DOUBT_LIMIT).await?,
        })
    }

    /// The JSON object of `status --output json` (CONTRACT section 9).
    pub fn to_json(&self) -> Value {
        let runs: Vec<Value> = self
            .runs
            .iter()
            .map(|r| {
                json!({
                    "id": r.id.0,
                    "reconciler": r.reconciler,
                    "mode": r.mode.as_str(),
                    "holder": r.holder,
                    "started_at": time(Some(r.started_at)),
                    "finished_at": time(r.finished_at),
                    "duration_secs": r.finished_at
                        .and_then(|f| f.duration_since(r.started_at).ok())
                        .map(|d| d.as_secs_f64()),
                    "result": run_result(r, &self.lease),
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
            // Guard approvals and leavers kept for a delayed deletion are recorded by the
            // saved-plan features; until a store holds such records these lists are empty.
            "approvals": [],
            "pending_deletions": [],
            "in_doubt": in_doubt,
        })
    }
}

/// RFC 3339 in UTC, to the second.
pub fn time(t: Option<SystemTime>) -> Option<String> {
    t.map(|t| {
        chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    })
}
