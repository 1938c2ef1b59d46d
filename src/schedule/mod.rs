//! The daemon: cron-scheduled reconcilers, one run at a time, health and metrics server,
//! graceful shutdown on SIGTERM/SIGINT (the run in flight finishes its started operations and
//! journals the rest as skipped).

mod jobs;
mod server;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tracing::{Instrument, error, info, info_span, warn};

use crate::config::Settings;
use crate::errors::chain;
use crate::exit;
use crate::metrics::Metrics;
use crate::reconcile::{Reconciler, RunRequest};

pub use jobs::{ErrorPolicy, Job, Reason, jobs};
pub use server::{Health, router};

/// A request to run one reconciler.
#[derive(Debug, Clone, Copy)]
pub struct Trigger {
    pub job: usize,
    pub reason: Reason,
}

/// Run one job once: the single step of the daemon, also called directly by tests.
pub async fn run_job(
    reconciler: &Reconciler,
    health: &Health,
    job: &Job,
    reason: Reason,
    stop: watch::Receiver<bool>,
) -> bool {
    let span = info_span!("reconciler", name = job.name, reason = reason.as_str());
    async {
        let mut req = RunRequest::new(job.name, false, job.kinds);
        req.stop = Some(stop);
        match reconciler.run(req).await {
            Ok(report) => {
                info!(
                    exit_code = report.exit_code(),
                    summary = %crate::report::summary_line(&report),
                    "run finished"
                );
                health.set_failure(job.name, None);
                true
            }
            Err(e) => {
                let text = chain(&e);
                error!(error = %text, "run failed");
                health.set_failure(job.name, Some(text));
                false
            }
        }
    }
    .instrument(span)
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// `eiam-sync run`.
pub async fn run(settings: Settings) -> i32 {
    let jobs = match jobs(&settings.schedule) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FATAL;
        }
    };
    let metrics = Metrics::new();
    let reconciler = match Reconciler::new(settings.clone(), metrics.clone()).await {
        Ok(r) => Arc::new(r),
        Err(e) => {
            eprintln!("error: {}", chain(&e));
            return exit::FATAL;
        }
    };
    let health = Health {
        store: reconciler.store().clone(),
        metrics,
        failures: Arc::new(Mutex::new(BTreeMap::new())),
    };
    let listener = match tokio::net::TcpListener::bind(settings.server.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", settings.server.listen);
            return exit::FATAL;
        }
    };
    info!(listen = %settings.server.listen, "serving /healthz, /readyz and /metrics");
    let (stop_tx, stop_rx) = watch::channel(false);
    let server = {
        let (app, mut stop) = (router(health.clone()), stop_rx.clone());
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
            if let Err(e) = served {
                error!(error = %e, "the health server failed");
            }
        })
    };

    let (tx, rx) = mpsc::unbounded_channel::<Trigger>();
    let queue = Queue {
        tx,
        pending: Arc::new(Mutex::new(HashSet::new())),
    };
    for (i, job) in jobs.iter().enumerate() {
        queue.push(Trigger {
            job: i,
            reason: Reason::Startup,
        });
        let (queue, schedule, mut stop) = (queue.clone(), job.schedule.clone(), stop_rx.clone());
        tokio::spawn(async move {
            while let Some(wait) = jobs::until_next(&schedule) {
                tokio::select! {
                    _ = tokio::time::sleep(wait.max(Duration::from_millis(500))) => {
                        queue.push(Trigger { job: i, reason: Reason::Schedule });
                    }
                    _ = stop.wait_for(|s| *s) => return,
                }
            }
        });
    }
    let runner = tokio::spawn(runner(reconciler, health, jobs, queue, rx, stop_rx));

    shutdown_signal().await;
    info!("shutting down: finishing the run in flight");
    let _ = stop_tx.send(true);
    if let Err(e) = runner.await {
        error!(error = %e, "the runner task failed");
    }
    let _ = server.await;
    info!("stopped");
    exit::OK
}

/// The queue of triggers; a job already waiting to run is not queued twice.
#[derive(Clone)]
struct Queue {
    tx: mpsc::UnboundedSender<Trigger>,
    pending: Arc<Mutex<HashSet<usize>>>,
}

impl Queue {
    fn push(&self, t: Trigger) {
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

/// Runs the queued jobs one at a time until stopped; schedules retries after fatal failures.
async fn runner(
    reconciler: Arc<Reconciler>,
    health: Health,
    jobs: Vec<Job>,
    queue: Queue,
    mut rx: mpsc::UnboundedReceiver<Trigger>,
    mut stop: watch::Receiver<bool>,
) {
    let mut policies = vec![ErrorPolicy::default(); jobs.len()];
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
        let job = &jobs[t.job];
        if run_job(&reconciler, &health, job, t.reason, stop.clone()).await {
            policies[t.job].succeeded();
            continue;
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
