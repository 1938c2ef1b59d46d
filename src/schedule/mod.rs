//! The daemon: cron-scheduled reconcilers, one run at a time, on the replica that holds the
//! leader lease; health and metrics server; SIGHUP reloads the configuration; graceful
//! shutdown on SIGTERM/SIGINT (the run in flight finishes its started operations and journals
//! the rest as skipped); sd_notify for the service manager.

mod jobs;
mod leader;
mod notify;
mod runner;
mod server;
mod signals;
mod startup;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

use crate::config::Settings;
use crate::errors::chain;
use crate::exit;
use crate::metrics::Metrics;
use crate::notify::Notifier;
use crate::reconcile::Reconciler;

pub use jobs::{ErrorPolicy, INCREMENTAL, Job, Reason, jobs};
pub use runner::{Outcome, Pushed, Queue, Trigger, run_job};
pub use server::{Health, router};

use runner::Current;
use signals::Signal;

/// `eiam-sync run`. `config` is re-read on SIGHUP; `command` is how printed commands name it
/// (`eiam-sync --config PATH`).
pub async fn run(config: &Path, settings: Settings, command: String) -> i32 {
    let mut signals = signals::listen();
    let jobs = match jobs(&settings.schedule) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::FATAL;
        }
    };
    let metrics = Metrics::new();
    let notifier = notifier(&settings, &metrics, command);
    let reconciler = match Reconciler::new(settings.clone(), metrics.clone()).await {
        Ok(mut r) => {
            r.set_notifier(notifier.clone());
            Arc::new(r)
        }
        Err(e) => {
            eprintln!("error: {}", chain(&e));
            notifier.fatal("run", &chain(&e));
            notifier.flush().await;
            return exit::FATAL;
        }
    };
    startup::prime_metrics(&metrics, reconciler.store(), &jobs).await;
    let health = Health::new(reconciler.store().clone(), metrics.clone());
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
    let watchdog = tokio::spawn(notify::watchdog(stop_rx.clone()));

    // Leadership ends only after the runner: the run in flight keeps the lease to its end.
    let (lead_stop_tx, lead_stop_rx) = watch::channel(false);
    let ttl = Duration::from_secs(settings.state.lease_ttl_secs);
    let (leadership, leader) = leader::spawn(
        reconciler.store().clone(),
        ttl,
        metrics.clone(),
        lead_stop_rx,
    );

    let (tx, rx) = mpsc::unbounded_channel::<Trigger>();
    let queue = Queue::new(tx);
    let (current_tx, current_rx) = watch::channel(Current {
        reconciler,
        jobs: Arc::new(jobs),
        settings,
    });
    let mut timers = Timers::start(&current_rx.borrow().clone(), &queue, &metrics, &stop_rx);
    let on_leadership = tokio::spawn(follow_leadership(
        leadership.clone(),
        current_rx.clone(),
        queue.clone(),
        health.clone(),
        notifier.clone(),
    ));
    let runner = tokio::spawn(runner::runner(
        current_rx.clone(),
        leadership,
        health,
        queue.clone(),
        rx,
        stop_rx.clone(),
    ));
    notify::ready("serving; contending for the leader lease");

    while let Some(signal) = signals.recv().await {
        match signal {
            Signal::Stop => break,
            Signal::Reload => {
                notify::reloading();
                let now = current_rx.borrow().clone();
                if let Some(next) = reload(config, &now, &metrics, &notifier).await {
                    timers.stop();
                    timers = Timers::start(&next, &queue, &metrics, &stop_rx);
                    current_tx.send_replace(next);
                    info!("configuration reloaded");
                }
                notify::ready("serving; configuration reloaded");
            }
        }
    }
    info!("shutting down: finishing the run in flight");
    notify::stopping();
    let _ = stop_tx.send(true);
    timers.stop();
    on_leadership.abort();
    if let Err(e) = runner.await {
        error!(error = %e, "the runner task failed");
    }
    let _ = lead_stop_tx.send(true);
    let _ = leader.await;
    let _ = server.await;
    let _ = watchdog.await;
    notifier.flush().await;
    info!("stopped");
    exit::OK
}

/// The notifier of the daemon, for its whole life (a reload swaps its webhooks). A problem with
/// the webhooks leaves the daemon running without them, logged.
fn notifier(settings: &Settings, metrics: &Metrics, command: String) -> Notifier {
    let hooks = crate::notify::webhooks(&settings.notify).unwrap_or_else(|e| {
        error!(error = %chain(&e), "the webhooks cannot be used; notifications are off");
        Vec::new()
    });
    let policy = crate::notify::Policy::default();
    Notifier::with_policy(hooks, metrics.notify.clone(), command.clone(), policy).unwrap_or_else(
        |e| {
            error!(error = %chain(&e), "notifications are off");
            Notifier::off(metrics.notify.clone(), command)
        },
    )
}

/// Re-read the configuration; `None` (with the reason logged) keeps the running one.
async fn reload(
    config: &Path,
    current: &Current,
    metrics: &Metrics,
    notifier: &Notifier,
) -> Option<Current> {
    let mut next = match crate::config::load(config) {
        Ok(s) => s,
        Err(e) => {
            error!(error = %chain(&e), "the new configuration is invalid; keeping the previous one");
            return None;
        }
    };
    let old = &current.settings;
    // The lease and the listening socket belong to the process: they change at a restart.
    if next.state.url != old.state.url || next.state.lease_ttl_secs != old.state.lease_ttl_secs {
        warn!("[state] changes take effect at the next restart; keeping the running state store");
        next.state.url.clone_from(&old.state.url);
        next.state.lease_ttl_secs = old.state.lease_ttl_secs;
    }
    if next.server.listen != old.server.listen {
        warn!("server.listen changes take effect at the next restart");
        next.server.listen = old.server.listen;
    }
    if next.log.level != old.log.level || next.log.format != old.log.format {
        warn!("[log] changes take effect at the next restart");
    }
    let jobs = match jobs(&next.schedule) {
        Ok(j) => j,
        Err(e) => {
            error!(error = %e, "the new configuration is invalid; keeping the previous one");
            return None;
        }
    };
    match Reconciler::new(next.clone(), metrics.clone()).await {
        Ok(mut r) => {
            if let Err(e) = notifier.reconfigure(&next.notify) {
                error!(error = %chain(&e), "the new webhooks cannot be used; keeping the previous configuration");
                return None;
            }
            r.set_notifier(notifier.clone());
            startup::prime_metrics(metrics, r.store(), &jobs).await;
            Some(Current {
                reconciler: Arc::new(r),
                jobs: Arc::new(jobs),
                settings: next,
            })
        }
        Err(e) => {
            error!(error = %chain(&e), "the new configuration cannot be used; keeping the previous one");
            None
        }
    }
}

/// When this replica becomes leader it runs every reconciler at once (the previous leader
/// may have died mid-run); when it stops leading, its old failures are no longer its own.
async fn follow_leadership(
    mut leadership: leader::Leadership,
    current: watch::Receiver<Current>,
    queue: Queue,
    health: Health,
    notifier: Notifier,
) {
    let mut first = true;
    let mut led = false;
    loop {
        let leads = leadership.borrow_and_update().is_some();
        if leads != led {
            notifier.leader(leads);
            led = leads;
        }
        if leads {
            let reason = if first {
                Reason::Startup
            } else {
                Reason::Leadership
            };
            first = false;
            let jobs = current.borrow().jobs.clone();
            for job in jobs::on_taking_lead(&jobs) {
                queue.fire(Trigger::new(job, &jobs[job], reason), &health.metrics);
            }
        } else {
            health.clear_failures();
            notify::status("following: another replica holds the leader lease");
        }
        if leadership.changed().await.is_err() {
            return;
        }
    }
}

/// One task per job, firing its cron schedule into the queue, each firing delayed by its
/// jitter.
struct Timers(Vec<JoinHandle<()>>);

impl Timers {
    fn start(
        current: &Current,
        queue: &Queue,
        metrics: &Metrics,
        stop: &watch::Receiver<bool>,
    ) -> Timers {
        let jitter_secs = current.settings.schedule.jitter_secs;
        let tasks = current
            .jobs
            .iter()
            .enumerate()
            .map(|(i, job)| {
                let trigger = Trigger::new(i, job, Reason::Schedule);
                let (queue, metrics, schedule, mut stop) = (
                    queue.clone(),
                    metrics.clone(),
                    job.schedule.clone(),
                    stop.clone(),
                );
                tokio::spawn(async move {
                    while let Some(wait) = jobs::until_next(&schedule) {
                        let wait = wait.max(Duration::from_millis(500)) + jobs::jitter(jitter_secs);
                        tokio::select! {
                            _ = tokio::time::sleep(wait) => queue.fire(trigger, &metrics),
                            _ = stop.wait_for(|s| *s) => return,
                        }
                    }
                })
            })
            .collect();
        Timers(tasks)
    }

    fn stop(&mut self) {
        for t in self.0.drain(..) {
            t.abort();
        }
    }
}
