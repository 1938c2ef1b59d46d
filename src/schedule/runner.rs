//! The queue of reconciler runs and the task that runs them one at a time, on the leader only.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use tokio::sync::{mpsc, watch};
use tracing::{Instrument, debug, error, info, info_span, warn};

use super::jobs::{ErrorPolicy, Job, Reason};
use super::leader::Leadership;
use super::notify;
use super::server::Health;
use crate::config::Settings;
use crate::errors::chain;
use crate::reconcile::{ReconcileError, Reconciler, RunRequest};
use crate::state::Lease;

/// A request to run one reconciler.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub job: usize,
    pub reason: Reason,
}

/// What the runner uses now; replaced as a whole by a reload.
#[derive(Clone)]
pub struct Current {
    pub reconciler: Arc<Reconciler>,
    pub jobs: Arc<Vec<Job>>,
    pub settings: Settings,
}

/// How a run ended, for the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Finished,
    Failed,
    /// Another replica leads (or the lease went during the run): not a failure of this one.
    NotLeader,
}

/// Run one job once: the single step of the daemon, also called directly by tests. `lease`
/// is the leadership this replica holds; without one the run takes the lease itself.
pub async fn run_job(
    reconciler: &Reconciler,
    health: &Health,
    job: &Job,
    reason: Reason,
    stop: watch::Receiver<bool>,
    lease: Option<Arc<Lease>>,
) -> Outcome {
    let span = info_span!("reconciler", name = job.name, reason = reason.as_str());
    async {
        let mut req = RunRequest::new(job.name, false, job.kinds);
        req.stop = Some(stop);
        req.lease = lease;
        match reconciler.run(req).await {
            Ok(report) => {
                let summary = crate::report::summary_line(&report);
                info!(exit_code = report.exit_code(), summary = %summary, "run finished");
                notify::status(&format!(
                    "leader; last run {}: {}",
                    job.name,
                    summary.trim()
                ));
                health.set_failure(job.name, None);
                Outcome::Finished
            }
            Err(ReconcileError::Busy | ReconcileError::LeaseLost) => {
                info!("another replica holds the leader lease; this run did not apply");
                Outcome::NotLeader
            }
            Err(e) => {
                let text = chain(&e);
                error!(error = %text, "run failed");
                notify::status(&format!("leader; last run {} failed: {text}", job.name));
                health.set_failure(job.name, Some(text));
                Outcome::Failed
            }
        }
    }
    .instrument(span)
    .await
}

/// The queue of triggers; a job already waiting to run is not queued twice.
#[derive(Clone)]
pub struct Queue {
    tx: mpsc::UnboundedSender<Trigger>,
    pending: Arc<Mutex<HashSet<usize>>>,
}

impl Queue {
    pub fn new(tx: mpsc::UnboundedSender<Trigger>) -> Queue {
        Queue {
            tx,
            pending: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    pub fn push(&self, t: Trigger) {
        let fresh = self
            .pending
            .lock()
            .map(|mut p| p.insert(t.job))
            .unwrap_or(true);
        if fresh {
            let _ = self.tx.send(t);
        }
    }

    fn taken(&self, job: usize) {
        if let Ok(mut p) = self.pending.lock() {
            p.remove(&job);
        }
    }
}

/// Runs the queued jobs one at a time until stopped, while this replica leads; schedules
/// retries after fatal failures.
pub async fn runner(
    current: watch::Receiver<Current>,
    leadership: Leadership,
    health: Health,
    queue: Queue,
    mut rx: mpsc::UnboundedReceiver<Trigger>,
    mut stop: watch::Receiver<bool>,
) {
    let mut policies: Vec<ErrorPolicy> = Vec::new();
    loop {
        // Stop wins over a queued trigger: nothing new starts once shutdown began.
        let t = tokio::select! {
            biased;
            _ = stop.wait_for(|s| *s) => return,
            t = rx.recv() => match t { Some(t) => t, None => return },
        };
        if *stop.borrow() {
            return;
        }
        queue.taken(t.job);
        let now = current.borrow().clone();
        let Some(job) = now.jobs.get(t.job) else {
            continue; // a job a reload removed
        };
        policies.resize_with(now.jobs.len(), ErrorPolicy::default);
        let lease = leadership.borrow().clone();
        let Some(lease) = lease.filter(|l| l.is_held()) else {
            debug!(reconciler = job.name, "following: the leader runs it");
            continue;
        };
        let outcome = run_job(
            &now.reconciler,
            &health,
            job,
            t.reason,
            stop.clone(),
            Some(lease),
        )
        .await;
        match outcome {
            Outcome::Finished | Outcome::NotLeader => {
                policies[t.job].succeeded();
                continue;
            }
            Outcome::Failed => {}
        }
        let delay = policies[t.job].failed();
        warn!(
            reconciler = job.name,
            retry_in_secs = delay.as_secs(),
            "will try again"
        );
        let (queue, mut stop, job) = (queue.clone(), stop.clone(), t.job);
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep(delay) => queue.push(Trigger { job, reason: Reason::Retry }),
                _ = stop.wait_for(|s| *s) => {}
            }
        });
    }
}
