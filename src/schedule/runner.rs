//! The queue of reconciler runs and the task that runs them one at a time, on the leader only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{mpsc, watch};
use tracing::{Instrument, debug, error, info, info_span, warn};

use super::jobs::{ErrorPolicy, Job, Reason};
use super::leader::Leadership;
use super::notify;
use super::server::Health;
use crate::config::Settings;
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::model::SyncMode;
use crate::reconcile::{ReconcileError, Reconciler, RunRequest};
use crate::state::Lease;

/// A request to run one reconciler.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub job: usize,
    pub reason: Reason,
    /// The job's name and whether it is the incremental one, for the queue's rules.
    pub name: &'static str,
    pub incremental: bool,
}

impl Trigger {
    pub fn new(job: usize, of: &Job, reason: Reason) -> Trigger {
        Trigger {
            job,
            reason,
            name: of.name,
            incremental: of.mode == SyncMode::Incremental,
        }
    }
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
    let span = info_span!(
        "reconciler",
        name = job.name,
        mode = job.mode.as_str(),
        reason = reason.as_str()
    );
    async {
        let mut req = RunRequest::new(job.name, false, job.kinds);
        req.mode = job.mode;
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

/// What became of a trigger pushed into the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pushed {
    Queued,
    /// That job was already waiting to run: one run serves both.
    AlreadyQueued,
    /// An incremental trigger met another run (`reason`, the metric's label, and the run's
    /// name): dropped, the next firing picks up the changes.
    Skipped {
        reason: &'static str,
        busy: &'static str,
    },
}

#[derive(Default)]
struct QueueState {
    /// Waiting jobs → whether each is incremental.
    pending: HashMap<usize, (&'static str, bool)>,
    /// The job running now, and whether it is incremental.
    running: Option<(&'static str, bool)>,
}

/// The queue of triggers. Runs never overlap (one runner takes them one at a time); a job
/// already waiting is not queued twice; a full run that meets another run waits for it; an
/// incremental trigger that meets any run in progress, or a full run waiting to start, is
/// skipped: the full run observes everything anyway, and the next incremental firing picks
/// up what changed since.
#[derive(Clone)]
pub struct Queue {
    tx: mpsc::UnboundedSender<Trigger>,
    state: Arc<Mutex<QueueState>>,
}

impl Queue {
    pub fn new(tx: mpsc::UnboundedSender<Trigger>) -> Queue {
        Queue {
            tx,
            state: Arc::new(Mutex::new(QueueState::default())),
        }
    }

    pub fn push(&self, t: Trigger) -> Pushed {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if t.incremental {
            let busy = match state.running {
                Some((name, false)) => Some(("full_run_in_progress", name)),
                Some((name, true)) => Some(("incremental_run_in_progress", name)),
                None => state
                    .pending
                    .values()
                    .find(|(_, incremental)| !incremental)
                    .map(|(name, _)| ("full_run_waiting", *name)),
            };
            if let Some((reason, busy)) = busy {
                return Pushed::Skipped { reason, busy };
            }
        }
        if state.pending.contains_key(&t.job) {
            return Pushed::AlreadyQueued;
        }
        state.pending.insert(t.job, (t.name, t.incremental));
        let _ = self.tx.send(t);
        Pushed::Queued
    }

    /// Push a trigger, logging and counting a skipped one.
    pub fn fire(&self, t: Trigger, metrics: &Metrics) {
        if let Pushed::Skipped { reason, busy } = self.push(t) {
            metrics.record_skipped(t.name, reason);
            let met = match reason {
                "full_run_in_progress" => format!("the full run of {busy} is in progress"),
                "full_run_waiting" => format!("the full run of {busy} is waiting to start"),
                _ => "the previous incremental run is still in progress".to_owned(),
            };
            info!(
                reconciler = t.name,
                trigger = t.reason.as_str(),
                skipped = reason,
                busy,
                "{} run skipped: {met}; the next firing picks up the changes",
                t.name,
            );
        }
    }

    /// The runner took `t` off the queue and runs it.
    pub fn start(&self, t: &Trigger) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.pending.remove(&t.job);
        state.running = Some((t.name, t.incremental));
    }

    /// The run the runner took ended (or never began).
    pub fn finish(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .running = None;
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
        queue.start(&t);
        let now = current.borrow().clone();
        let Some(job) = now.jobs.get(t.job) else {
            queue.finish();
            continue; // a job a reload removed
        };
        policies.resize_with(now.jobs.len(), ErrorPolicy::default);
        let lease = leadership.borrow().clone();
        let Some(lease) = lease.filter(|l| l.is_held()) else {
            queue.finish();
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
        queue.finish();
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
        let retry = Trigger {
            reason: Reason::Retry,
            ..t
        };
        let (queue, mut stop, metrics) = (queue.clone(), stop.clone(), health.metrics.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = tokio::time::sleep(delay) => queue.fire(retry, &metrics),
                _ = stop.wait_for(|s| *s) => {}
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(job: usize, name: &'static str, incremental: bool) -> Trigger {
        Trigger {
            job,
            reason: Reason::Schedule,
            name,
            incremental,
        }
    }

    #[test]
    fn runs_never_overlap_full_ones_wait_and_incremental_ones_meeting_a_run_are_skipped() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let q = Queue::new(tx);
        let (users, inc) = (trigger(1, "users", false), trigger(3, "incremental", true));

        // Nothing running: an incremental firing is queued, once.
        assert_eq!(q.push(inc), Pushed::Queued);
        assert_eq!(q.push(inc), Pushed::AlreadyQueued);
        let taken = rx.try_recv().expect("queued");
        q.start(&taken);
        // While it runs, a full firing waits; another incremental one is skipped.
        assert_eq!(q.push(users), Pushed::Queued);
        assert_eq!(
            q.push(inc),
            Pushed::Skipped {
                reason: "incremental_run_in_progress",
                busy: "incremental"
            }
        );
        q.finish();
        // A full run waiting to start: the incremental firing is skipped too.
        assert_eq!(
            q.push(inc),
            Pushed::Skipped {
                reason: "full_run_waiting",
                busy: "users"
            }
        );
        let taken = rx.try_recv().expect("the full run");
        assert_eq!(taken.name, "users");
        q.start(&taken);
        assert_eq!(
            q.push(inc),
            Pushed::Skipped {
                reason: "full_run_in_progress",
                busy: "users"
            }
        );
        // Another full reconciler firing meanwhile waits for its turn.
        assert_eq!(
            q.push(trigger(0, "organizational_units", false)),
            Pushed::Queued
        );
        q.finish();
        q.start(&rx.try_recv().expect("the next full run"));
        q.finish();
        assert!(rx.try_recv().is_err(), "nothing else was queued");
        assert_eq!(q.push(inc), Pushed::Queued);
    }

    #[test]
    fn a_skipped_firing_is_counted_by_reconciler_and_reason() {
        let (tx, _rx) = mpsc::unbounded_channel();
        let q = Queue::new(tx);
        let metrics = Metrics::new();
        q.start(&trigger(2, "groups", false));
        q.fire(trigger(3, "incremental", true), &metrics);
        q.fire(trigger(3, "incremental", true), &metrics);
        let text = metrics.encode();
        assert!(
            text.contains(
                "eiam_sync_runs_skipped_total{reconciler=\"incremental\",reason=\"full_run_in_progress\"} 2"
            ),
            "{text}"
        );
    }
}
