//! The service manager's notification protocol (sd_notify): ready, reloading, status, stopping, and the watchdog when the unit asks for one. Without `$NOTIFY_SOCKET` every call does nothing.

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;

use sd_notify::NotifyState;
use tokio::sync::watch;

/// A message for the service manager, owned so it can cross to the sending thread.
enum Message {
    Ready(String),
    Status(String),
    Reloading,
    Stopping(Sender<()>),
    Watchdog,
}

/// Datagrams to the notify socket block when its queue is full: they go out from a thread of
/// their own so a slow service manager never stalls a run.
fn sender() -> Option<&'static Sender<Message>> {
    static SENDER: OnceLock<Option<Sender<Message>>> = OnceLock::new();
    SENDER
        .get_or_init(|| {
            std::env::var_os("NOTIFY_SOCKET")?;
            let (tx, rx) = channel::<Message>();
            let spawned = std::thread::Builder::new()
                .name("sd-notify".to_owned())
                .spawn(move || {
                    for message in rx {
                        deliver(message);
                    }
                });
            spawned.ok().map(|_| tx)
        })
        .as_ref()
}

fn deliver(message: Message) {
    let sent = match &message {
        Message::Ready(status) => {
            sd_notify::notify(&[NotifyState::Ready, NotifyState::Status(status)])
        }
        Message::Status(status) => sd_notify::notify(&[NotifyState::Status(status)]),
        Message::Reloading => match NotifyState::monotonic_usec_now() {
            Ok(now) => sd_notify::notify(&[NotifyState::Reloading, now]),
            Err(_) => sd_notify::notify(&[NotifyState::Reloading]),
        },
        Message::Stopping(_) => {
            sd_notify::notify(&[NotifyState::Stopping, NotifyState::Status("stopping")])
        }
        Message::Watchdog => sd_notify::notify(&[NotifyState::Watchdog]),
    };
    if let Err(e) = sent {
        tracing::debug!(error = %e, "notifying the service manager failed");
    }
    if let Message::Stopping(done) = message {
        let _ = done.send(());
    }
}

fn send(message: Message) {
    if let Some(tx) = sender() {
        let _ = tx.send(message);
    }
}

/// Serving: the health server listens and the reconcilers are scheduled.
pub fn ready(status: &str) {
    send(Message::Ready(status.to_owned()));
}

/// A one-line status, e.g. the last run's outcome.
pub fn status(status: &str) {
    send(Message::Status(status.to_owned()));
}

/// A reload began; [`ready`] ends it.
pub fn reloading() {
    send(Message::Reloading);
}

/// Shutdown began. Waits (a second at most) until the message is out, since the process
/// ends soon after.
pub fn stopping() {
    let Some(tx) = sender() else { return };
    let (done, sent) = channel();
    if tx.send(Message::Stopping(done)).is_ok() {
        let _ = sent.recv_timeout(Duration::from_secs(1));
    }
}

/// Pings the watchdog at half its interval while the process's runtime is responsive, until
/// `stop` turns true. Does nothing when the unit has no `WatchdogSec=`.
pub async fn watchdog(mut stop: watch::Receiver<bool>) {
    let Some(interval) = sd_notify::watchdog_enabled() else {
        return;
    };
    let period = (interval / 2).max(Duration::from_millis(100));
    tracing::info!(
        interval_ms = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX),
        "service manager watchdog enabled"
    );
    loop {
        send(Message::Watchdog);
        tokio::select! {
            _ = tokio::time::sleep(period) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}
