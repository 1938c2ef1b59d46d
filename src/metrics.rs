//! The process's Prometheus metrics (docs/contract.md §6): runs, operations, last success,
//! rejected records, the client's request metrics and the notifications, in one registry.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::eiam::ClientMetrics;
use crate::model::{Kind, SyncMode};
use crate::notify::NotifyMetrics;
use crate::report::{Report, Status};
use crate::state::RunResult;

/// Every result a run counter carries.
const RUN_RESULTS: [RunResult; 4] = [
    RunResult::Success,
    RunResult::Partial,
    RunResult::Refused,
    RunResult::Failed,
];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RunLabels {
    reconciler: String,
    result: String,
    mode: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    action: String,
    result: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReconcilerLabel {
    reconciler: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SkipLabels {
    reconciler: String,
    reason: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: String,
}

/// All metrics of the process. Cloning shares them.
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    pub client: ClientMetrics,
    pub notify: NotifyMetrics,
    runs: Family<RunLabels, Counter>,
    skipped: Family<SkipLabels, Counter>,
    operations: Family<OperationLabels, Counter>,
    last_success: Family<ReconcilerLabel, Gauge<f64, AtomicU64>>,
    rejected: Family<KindLabel, Gauge>,
    approvals_used: Family<ReconcilerLabel, Counter>,
    leader: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let client = ClientMetrics::new();
        client.register(&mut registry);
        let notify = NotifyMetrics::new();
        notify.register(&mut registry);
        let runs = Family::<RunLabels, Counter>::default();
        let skipped = Family::<SkipLabels, Counter>::default();
        let operations = Family::<OperationLabels, Counter>::default();
        let last_success = Family::<ReconcilerLabel, Gauge<f64, AtomicU64>>::default();
        let rejected = Family::<KindLabel, Gauge>::default();
        let approvals_used = Family::<ReconcilerLabel, Counter>::default();
        registry.register(
            "eiam_sync_approvals_used",
            "Runs whose guarded changes passed by an approval, by reconciler",
            approvals_used.clone(),
        );
        let leader = Gauge::default();
        registry.register(
            "eiam_sync_leader",
            "1 while this replica holds the leader lease (and so may reconcile), else 0",
            leader.clone(),
        );
        registry.register(
            "eiam_sync_runs",
            "Reconciliation runs, by reconciler, result and mode (full or incremental)",
            runs.clone(),
        );
        registry.register(
            "eiam_sync_runs_skipped",
            "Scheduled runs not started because another run was in progress or waiting, by reconciler and reason",
            skipped.clone(),
        );
        registry.register(
            "eiam_sync_operations",
            "Operations carried out, by action and result (applied, failed, skipped)",
            operations.clone(),
        );
        registry.register(
            "eiam_sync_last_success_timestamp_seconds",
            "Unix time of the last run that brought EIAM in step, by reconciler (from the state store's history at start; the process's start when there is none)",
            last_success.clone(),
        );
        registry.register(
            "eiam_sync_rejected_records",
            "Source records rejected by the last run, by kind",
            rejected.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            client,
            notify,
            runs,
            skipped,
            operations,
            last_success,
            rejected,
            approvals_used,
            leader,
        }
    }

    /// Whether this replica holds the leader lease.
    pub fn set_leader(&self, leader: bool) {
        self.leader.set(i64::from(leader));
    }

    /// Make the run counters of `reconciler` exist at 0 for every result and each of `modes`:
    /// a series that appears only with its first event hides that event from `increase()`,
    /// so the first refusal or failure of a process would raise no alert.
    pub fn declare_reconciler(&self, reconciler: &str, modes: &[SyncMode]) {
        for mode in modes {
            for result in RUN_RESULTS {
                drop(self.runs.get_or_create(&RunLabels {
                    reconciler: reconciler.to_owned(),
                    result: result.as_str().to_owned(),
                    mode: mode.as_str().to_owned(),
                }));
            }
        }
    }

    /// Set the last success of `reconciler` to `unix_secs` unless a later one is known (the
    /// state store's history at start, so the gauge survives a restart).
    pub fn restore_last_success(&self, reconciler: &str, unix_secs: f64) {
        let gauge = self.last_success.get_or_create(&ReconcilerLabel {
            reconciler: reconciler.to_owned(),
        });
        if gauge.get() < unix_secs {
            gauge.set(unix_secs);
        }
    }

    /// Count a scheduled run that did not start (`reason`: what it met).
    pub fn record_skipped(&self, reconciler: &str, reason: &str) {
        self.skipped
            .get_or_create(&SkipLabels {
                reconciler: reconciler.to_owned(),
                reason: reason.to_owned(),
            })
            .inc();
    }

    /// Count a finished run; `result` is `success`, `partial`, `refused` or `failed`.
    pub fn record_run(
        &self,
        reconciler: &str,
        result: &str,
        mode: SyncMode,
        report: Option<&Report>,
    ) {
        self.runs
            .get_or_create(&RunLabels {
                reconciler: reconciler.to_owned(),
                result: result.to_owned(),
                mode: mode.as_str().to_owned(),
            })
            .inc();
        // A run whose only problems are rejected source records did bring EIAM in step.
        let in_step = result == "success"
            || (result == "partial"
                && report.is_some_and(|r| r.count(Status::Failed) + r.count(Status::Skipped) == 0));
        if in_step {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0);
            self.last_success
                .get_or_create(&ReconcilerLabel {
                    reconciler: reconciler.to_owned(),
                })
                .set(now);
        }
        let Some(report) = report else { return };
        if report.approval.is_some() && !report.dry_run {
            self.approvals_used
                .get_or_create(&ReconcilerLabel {
                    reconciler: reconciler.to_owned(),
                })
                .inc();
        }
        if !report.dry_run {
            for op in &report.operations {
                let result = match op.status {
                    Status::Applied => "applied",
                    Status::Failed => "failed",
                    Status::Skipped => "skipped",
                    Status::Planned => continue,
                };
                self.operations
                    .get_or_create(&OperationLabels {
                        action: op.action.as_str().to_owned(),
                        result: result.to_owned(),
                    })
                    .inc();
            }
        }
        for kind in Kind::ALL {
            let n = report.rejected.iter().filter(|r| r.kind == kind).count();
            self.rejected
                .get_or_create(&KindLabel {
                    kind: kind.as_str().to_owned(),
                })
                .set(n as i64);
        }
    }

    /// The Prometheus text exposition.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Rejection;
    use crate::plan::Plan;

    #[test]
    fn declared_reconcilers_expose_every_result_at_zero_and_restored_successes() {
        let m = Metrics::new();
        m.declare_reconciler("incremental", &[SyncMode::Incremental, SyncMode::Full]);
        m.restore_last_success("incremental", 1_700_000_000.0);
        let text = m.encode();
        for result in ["success", "partial", "refused", "failed"] {
            for mode in ["incremental", "full"] {
                let series = format!(
                    "eiam_sync_runs_total{{reconciler=\"incremental\",result=\"{result}\",mode=\"{mode}\"}} 0"
                );
                assert!(text.contains(&series), "{series} in {text}");
            }
        }
        assert!(
            text.contains(
                "eiam_sync_last_success_timestamp_seconds{reconciler=\"incremental\"} 1700000000"
            ),
            "{text}"
        );
    }

    #[test]
    fn rejected_records_alone_do_not_stop_the_success_clock() {
        let m = Metrics::new();
        let rejection = Rejection {
            kind: Kind::User,
            external_id: "e1".into(),
            field: "email".into(),
            reason: "is not an email address".into(),
        };
        let report = Report::new(&Plan::default(), Some(&[]), false, vec![rejection], 3);
        m.record_run("users", "partial", SyncMode::Full, Some(&report));
        let text = m.encode();
        assert!(
            text.contains("eiam_sync_last_success_timestamp_seconds{reconciler=\"users\"}"),
            "{text}"
        );
        assert!(
            text.contains("eiam_sync_rejected_records{kind=\"user\"} 1"),
            "{text}"
        );
        assert!(
            text.contains(
                "eiam_sync_runs_total{reconciler=\"users\",result=\"partial\",mode=\"full\"} 1"
            ),
            "{text}"
        );
        m.record_run("groups", "failed", SyncMode::Incremental, None);
        m.restore_last_success("users", 1.0);
        assert!(
            !m.encode()
                .contains("eiam_sync_last_success_timestamp_seconds{reconciler=\"users\"} 1.0")
        );
        assert!(
            m.encode().contains(
                "eiam_sync_runs_total{reconciler=\"groups\",result=\"failed\",mode=\"incremental\"} 1"
            ),
            "{}",
            m.encode()
        );
        assert!(
            !m.encode()
                .contains("eiam_sync_last_success_timestamp_seconds{reconciler=\"groups\"}")
        );
    }
}
