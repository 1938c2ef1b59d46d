//! Webhook notifications (docs/notifications.md): a run a guard refused, a failed run,
//! operations left in doubt, a leadership change — sent on a background task, retried for a
//! bounded time, never delaying or failing a run.
//!
//! [`Notifier`] is the handle the daemon and the one-shot commands hold: `hooks` resolves the
//! configuration, `event` builds what is said from plain inputs (a report, an error, the
//! journal's operations in doubt), `format` shapes it for each receiver, `sender` delivers it.

mod error;
mod event;
mod format;
mod hooks;
mod metrics;
mod robots;
mod sender;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tracing::{debug, warn};

use crate::config::{NotifyEvent, NotifySettings};
use crate::report::Report;
use crate::state::InDoubt;

pub use error::NotifyError;
pub use event::{Context, Counts, DoubtItem, Doubts, Event, IN_DOUBT_LISTED, MARKDOWN_LIMIT};
pub use format::{Outgoing, SIGNATURE_HEADER, dingtalk_sign, render, sign_body};
pub use hooks::{Webhook, webhooks};
pub use metrics::{Delivered, NotifyMetrics};
pub use sender::Policy;

/// The handle that sends notifications. Cloning shares it; a reload swaps its webhooks.
#[derive(Clone)]
pub struct Notifier {
    inner: Arc<Inner>,
}

struct Inner {
    hooks: RwLock<Arc<Vec<Webhook>>>,
    context: Context,
    tx: mpsc::Sender<sender::Msg>,
    metrics: NotifyMetrics,
    policy: Policy,
    /// Operations in doubt already announced by this process (run, seq): a later run that
    /// finds them again says nothing new.
    announced: Mutex<HashSet<(i64, u32)>>,
    /// The fatal error each reconciler last announced: the daemon's retries of a run that keeps
    /// failing the same way say nothing new until a run of it finishes.
    failing: Mutex<HashMap<String, String>>,
}

impl Notifier {
    /// Resolve the webhooks of `settings` and start the sending task (needs a Tokio runtime).
    /// `command` is how a printed command names the configuration (`eiam-sync --config
    /// PATH`).
    pub fn start(
        settings: &NotifySettings,
        metrics: NotifyMetrics,
        command: String,
    ) -> Result<Notifier, NotifyError> {
        Notifier::with_policy(webhooks(settings)?, metrics, command, Policy::default())
    }

    /// [`Notifier::start`] with resolved webhooks and another policy.
    pub fn with_policy(
        hooks: Vec<Webhook>,
        metrics: NotifyMetrics,
        command: String,
        policy: Policy,
    ) -> Result<Notifier, NotifyError> {
        let tx = sender::spawn(policy, metrics.clone())?;
        Ok(Notifier::from_parts(hooks, metrics, command, policy, tx))
    }

    /// A notifier that sends nothing (when even the HTTP client cannot be built).
    pub fn off(metrics: NotifyMetrics, command: String) -> Notifier {
        let (tx, _) = mpsc::channel(1);
        Notifier::from_parts(Vec::new(), metrics, command, Policy::default(), tx)
    }

    fn from_parts(
        hooks: Vec<Webhook>,
        metrics: NotifyMetrics,
        command: String,
        policy: Policy,
        tx: mpsc::Sender<sender::Msg>,
    ) -> Notifier {
        Notifier {
            inner: Arc::new(Inner {
                hooks: RwLock::new(Arc::new(hooks)),
                context: Context {
                    command,
                    host: crate::state::holder_name(),
                },
                tx,
                metrics,
                policy,
                announced: Mutex::new(HashSet::new()),
                failing: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Use the webhooks of a reloaded configuration from now on.
    pub fn reconfigure(&self, settings: &NotifySettings) -> Result<(), NotifyError> {
        let hooks = webhooks(settings)?;
        *self
            .inner
            .hooks
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(hooks);
        Ok(())
    }

    fn hooks(&self) -> Arc<Vec<Webhook>> {
        self.inner
            .hooks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Whether some webhook is told about `event`.
    pub fn wants(&self, event: NotifyEvent) -> bool {
        self.hooks().iter().any(|h| h.wants(event))
    }

    pub fn context(&self) -> &Context {
        &self.inner.context
    }

    pub fn metrics(&self) -> &NotifyMetrics {
        &self.inner.metrics
    }

    /// Announce what a finished run calls for (a refusal, failed operations), if anything.
    pub fn report(&self, reconciler: &str, report: &Report) {
        self.failing().remove(reconciler);
        if let Some(event) = Event::from_report(report, reconciler, &self.inner.context) {
            self.send(&event);
        }
    }

    /// Announce a run that ended fatally, unless the previous run of `reconciler` in this
    /// process failed with the same error.
    pub fn fatal(&self, reconciler: &str, error: &str) {
        let previous = self
            .failing()
            .insert(reconciler.to_owned(), error.to_owned());
        if previous.as_deref() != Some(error) {
            self.send(&Event::fatal(reconciler, error, &self.inner.context));
        }
    }

    fn failing(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.inner
            .failing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Announce the operations in doubt a run found, those this process has not announced
    /// yet; `limit` is how many were read at most.
    pub fn in_doubt(&self, reconciler: &str, found: &[InDoubt], limit: usize) {
        let fresh = {
            let mut seen = self
                .inner
                .announced
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            found
                .iter()
                .filter(|d| seen.insert((d.run.0, d.seq)))
                .count()
        };
        if fresh > 0 {
            self.send(&Event::in_doubt(
                reconciler,
                found,
                limit,
                &self.inner.context,
            ));
        }
    }

    /// Announce that this replica took (`true`) or lost (`false`) the leader lease.
    pub fn leader(&self, took: bool) {
        self.send(&Event::leader(took, &self.inner.context));
    }

    /// Queue `event` for every webhook told about it. Never waits for the network.
    pub fn send(&self, event: &Event) {
        let now_ms = chrono::Utc::now().timestamp_millis();
        for hook in self.hooks().iter().filter(|h| h.wants(event.event)) {
            let outgoing = match render(hook, event, now_ms) {
                Ok(o) => o,
                Err(e) => {
                    self.inner.metrics.record(event.event, Delivered::Failed);
                    warn!(webhook = %hook.label, event = %event.event, error = %crate::errors::chain(&e), "notification not sent");
                    continue;
                }
            };
            let delivery = sender::Delivery {
                label: hook.label.clone(),
                format: hook.format,
                event: event.event,
                outgoing,
            };
            if self
                .inner
                .tx
                .try_send(sender::Msg::Deliver(delivery))
                .is_err()
            {
                self.inner.metrics.record(event.event, Delivered::Dropped);
                warn!(webhook = %hook.label, event = %event.event, "notification dropped: the queue is full or closed");
            }
        }
    }

    /// Before the process exits: wait at most the policy's flush bound for the notifications
    /// in flight, then drop what is left. Later notifications are dropped.
    pub async fn flush(&self) {
        self.flush_within(self.inner.policy.flush).await;
    }

    pub async fn flush_within(&self, bound: Duration) {
        let (done, wait) = oneshot::channel();
        let msg = sender::Msg::Flush { bound, done };
        if self.inner.tx.send(msg).await.is_err() {
            return;
        }
        // The worker keeps the bound itself; the margin only guards against a lost worker.
        if tokio::time::timeout(bound + Duration::from_secs(1), wait)
            .await
            .is_err()
        {
            debug!("the notification worker did not confirm the flush");
        }
    }
}
