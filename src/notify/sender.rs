//! Delivery on a background task: each notification is POSTed on a task of its own, retried
//! with exponential backoff for a bounded time, then counted once as sent or failed; a flush
//! at shutdown waits a bounded time for what is still in flight and drops the rest.

use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use secrecy::ExposeSecret;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use tracing::{debug, info, warn};

use crate::config::{NotifyEvent, WebhookFormat};
use crate::errors::chain;

use super::error::NotifyError;
use super::format::{Outgoing, SIGNATURE_HEADER};
use super::metrics::{Delivered, NotifyMetrics};

/// Notifications waiting for the worker; more are dropped (and counted).
const QUEUE: usize = 64;
/// Deliveries in flight at once; more are dropped (and counted).
const MAX_IN_FLIGHT: usize = 32;
/// DingTalk (sending too fast) and WeCom (frequency limit) answers worth another attempt.
const ROBOT_RATE_LIMITED: [i64; 2] = [130_101, 45_009];

/// How long and how often a notification is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub connect_timeout: Duration,
    /// One attempt, answer included.
    pub attempt_timeout: Duration,
    /// All attempts and the waits between them.
    pub total: Duration,
    pub min_delay: Duration,
    pub max_delay: Duration,
    pub max_attempts: usize,
    /// How long the process waits at exit for notifications still in flight.
    pub flush: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            connect_timeout: Duration::from_secs(5),
            attempt_timeout: Duration::from_secs(10),
            total: Duration::from_secs(30),
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_attempts: 6,
            flush: Duration::from_secs(5),
        }
    }
}

/// One notification for one webhook.
pub(super) struct Delivery {
    pub label: String,
    pub format: WebhookFormat,
    pub event: NotifyEvent,
    pub outgoing: Outgoing,
}

pub(super) enum Msg {
    Deliver(Delivery),
    /// Wait up to `bound` for the deliveries in flight, drop the rest, stop.
    Flush {
        bound: Duration,
        done: oneshot::Sender<()>,
    },
}

/// Start the worker; the sender feeds it.
pub(super) fn spawn(
    policy: Policy,
    metrics: NotifyMetrics,
) -> Result<mpsc::Sender<Msg>, NotifyError> {
    // reqwest is built without a default crypto provider (see the EIAM client).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .connect_timeout(policy.connect_timeout)
        .timeout(policy.attempt_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("eiam-sync/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| NotifyError::Client(e.without_url()))?;
    let (tx, rx) = mpsc::channel(QUEUE);
    tokio::spawn(worker(client, policy, metrics, rx));
    Ok(tx)
}

async fn worker(
    client: reqwest::Client,
    policy: Policy,
    metrics: NotifyMetrics,
    mut rx: mpsc::Receiver<Msg>,
) {
    let mut inflight = JoinSet::new();
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(Msg::Deliver(d)) if inflight.len() >= MAX_IN_FLIGHT => {
                    metrics.record(d.event, Delivered::Dropped);
                    warn!(webhook = %d.label, event = %d.event, "notification dropped: too many in flight");
                }
                Some(Msg::Deliver(d)) => {
                    inflight.spawn(deliver(client.clone(), policy, metrics.clone(), d));
                }
                Some(Msg::Flush { bound, done }) => {
                    finish(&mut inflight, bound).await;
                    let _ = done.send(());
                    return;
                }
                None => {
                    finish(&mut inflight, policy.flush).await;
                    return;
                }
            },
            Some(_) = inflight.join_next(), if !inflight.is_empty() => {}
        }
    }
}

/// Wait up to `bound` for the deliveries in flight; abort the rest (each counts itself as
/// dropped).
async fn finish(inflight: &mut JoinSet<()>, bound: Duration) {
    if inflight.is_empty() {
        return;
    }
    let drained = tokio::time::timeout(bound, async {
        while inflight.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        warn!(
            left = inflight.len(),
            flush_secs = bound.as_secs_f64(),
            "notifications still in flight when eiam-sync stopped are dropped"
        );
        inflight.shutdown().await;
    }
}

/// Counts a delivery that never settled (aborted at shutdown) as dropped.
struct Pending<'a> {
    metrics: &'a NotifyMetrics,
    delivery: &'a Delivery,
    settled: bool,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.metrics.record(self.delivery.event, Delivered::Dropped);
            warn!(
                webhook = %self.delivery.label,
                event = %self.delivery.event,
                "notification dropped: eiam-sync stopped before the receiver answered"
            );
        }
    }
}

async fn deliver(client: reqwest::Client, policy: Policy, metrics: NotifyMetrics, d: Delivery) {
    let mut pending = Pending {
        metrics: &metrics,
        delivery: &d,
        settled: false,
    };
    let backoff = ExponentialBuilder::default()
        .with_min_delay(policy.min_delay)
        .with_max_delay(policy.max_delay)
        .with_max_times(policy.max_attempts.saturating_sub(1))
        .with_jitter();
    let attempts = (|| attempt(&client, &d))
        .retry(backoff)
        .when(NotifyError::retryable)
        .notify(|e, after| {
            debug!(webhook = %d.label, error = %chain(e), retry_in_ms = after.as_millis() as u64, "notification attempt failed");
        });
    let result = match tokio::time::timeout(policy.total, attempts).await {
        Ok(result) => result,
        Err(_) => Err(NotifyError::TimedOut {
            secs: policy.total.as_secs(),
        }),
    };
    pending.settled = true;
    match result {
        Ok(()) => {
            metrics.record(d.event, Delivered::Sent);
            info!(webhook = %d.label, event = %d.event, "notification sent");
        }
        Err(e) => {
            metrics.record(d.event, Delivered::Failed);
            warn!(webhook = %d.label, event = %d.event, error = %chain(&e), "notification not delivered; gave up");
        }
    }
}

async fn attempt(client: &reqwest::Client, d: &Delivery) -> Result<(), NotifyError> {
    let mut request = client
        .post(d.outgoing.url.expose_secret())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(d.outgoing.body.clone());
    if let Some(signature) = &d.outgoing.signature {
        request = request.header(SIGNATURE_HEADER, signature);
    }
    // Errors lose the URL: it holds the receiver's token.
    let response = request
        .send()
        .await
        .map_err(|e| NotifyError::Transport(e.without_url()))?;
    let status = response.status();
    if !status.is_success() {
        return Err(NotifyError::Status {
            status: status.as_u16(),
        });
    }
    if matches!(d.format, WebhookFormat::Dingtalk | WebhookFormat::Wecom) {
        let body = response
            .bytes()
            .await
            .map_err(|e| NotifyError::Transport(e.without_url()))?;
        robot_answer(&body)?;
    }
    Ok(())
}

/// DingTalk and WeCom answer HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`; another code is
/// a refusal (a wrong signature, a missing keyword, a rate limit).
fn robot_answer(body: &[u8]) -> Result<(), NotifyError> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Ok(());
    };
    match value.get("errcode").and_then(serde_json::Value::as_i64) {
        None | Some(0) => Ok(()),
        Some(code) => {
            let message: String = value
                .get("errmsg")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .chars()
                .take(120)
                .collect();
            Err(NotifyError::Robot { code, message })
        }
    }
}

impl NotifyError {
    /// Whether another attempt may succeed: no connection, no answer in time, HTTP 429 or 5xx,
    /// a robot's rate limit. Other refusals stay refusals.
    pub fn retryable(&self) -> bool {
        match self {
            NotifyError::Transport(_) | NotifyError::TimedOut { .. } => true,
            NotifyError::Status { status } => *status == 429 || *status >= 500,
            NotifyError::Robot { code, .. } => ROBOT_RATE_LIMITED.contains(code),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robot_codes_other_than_zero_are_refusals() {
        assert!(robot_answer(br#"{"errcode":0,"errmsg":"ok"}"#).is_ok());
        assert!(robot_answer(b"ok").is_ok());
        let e = robot_answer(br#"{"errcode":310000,"errmsg":"sign not match"}"#).unwrap_err();
        assert!(!e.retryable());
        assert!(e.to_string().contains("310000"), "{e}");
        let e = robot_answer(br#"{"errcode":130101,"errmsg":"send too fast"}"#).unwrap_err();
        assert!(e.retryable());
        assert!(NotifyError::Status { status: 503 }.retryable());
        assert!(!NotifyError::Status { status: 404 }.retryable());
    }
}
