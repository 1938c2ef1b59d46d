//! The daemon's signals: SIGTERM/SIGINT stop it gracefully, SIGHUP reloads its configuration.

use tokio::sync::mpsc;

/// What a signal asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Stop,
    Reload,
}

/// Forward signals as they arrive. Handlers are installed before this returns, so a signal
/// sent once the daemon is up never takes the default action (which for SIGHUP is to die).
pub fn listen() -> mpsc::UnboundedReceiver<Signal> {
    let (tx, rx) = mpsc::unbounded_channel();
    #[cfg(not(unix))]
    {
        let tx = tx.clone();
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                if tx.send(Signal::Stop).is_err() {
                    return;
                }
            }
        });
    }
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        for (kind, what) in [
            (SignalKind::terminate(), Signal::Stop),
            (SignalKind::interrupt(), Signal::Stop),
            (SignalKind::hangup(), Signal::Reload),
        ] {
            match signal(kind) {
                Ok(mut stream) => {
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        while stream.recv().await.is_some() {
                            if tx.send(what).is_err() {
                                return;
                            }
                        }
                    });
                }
                Err(e) => tracing::warn!(error = %e, signal = ?what, "cannot handle a signal"),
            }
        }
    }
    rx
}
