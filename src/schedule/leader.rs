//! Leadership among replicas: every replica contends for the state store's leader lease; the holder reconciles, the others wait and take over when it dies or stops.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::metrics::Metrics;
use crate::state::{Lease, StateStore};

/// The lease this replica holds, if it leads; `None` while it follows.
pub type Leadership = watch::Receiver<Option<Arc<Lease>>>;

/// Contend for the lease until `stop` turns true, then give it up (after the run in flight,
/// which holds its own reference, has ended).
pub fn spawn(
    store: StateStore,
    ttl: Duration,
    metrics: Metrics,
    stop: watch::Receiver<bool>,
) -> (Leadership, tokio::task::JoinHandle<()>) {
    let (tx, rx) = watch::channel(None);
    let task = tokio::spawn(lead(store, ttl, metrics, tx, stop));
    (rx, task)
}

async fn lead(
    store: StateStore,
    ttl: Duration,
    metrics: Metrics,
    tx: watch::Sender<Option<Arc<Lease>>>,
    mut stop: watch::Receiver<bool>,
) {
    let holder = crate::state::holder_name();
    // A third of the period between attempts: a follower takes over well within one period
    // of the lease becoming free.
    let retry = (ttl / 3).max(Duration::from_millis(100));
    metrics.set_leader(false);
    let mut waiting_logged = false;
    loop {
        match store.acquire_lease(&holder, ttl).await {
            Ok(Some(lease)) => {
                waiting_logged = false;
                let grace = lease.takeover_grace();
                info!(holder, "took the leader lease; this replica reconciles");
                // Give a previous holder whose connection died the time to notice it.
                let stopped = tokio::select! {
                    _ = tokio::time::sleep(grace) => false,
                    _ = stop.wait_for(|s| *s) => true,
                };
                if stopped {
                    return give_up(lease, &tx, &metrics).await;
                }
                let lease = Arc::new(lease);
                metrics.set_leader(true);
                tx.send_replace(Some(Arc::clone(&lease)));
                let check = Duration::from_millis(200);
                loop {
                    let stopped = tokio::select! {
                        _ = tokio::time::sleep(check) => false,
                        _ = stop.wait_for(|s| *s) => true,
                    };
                    if stopped {
                        tx.send_replace(None);
                        return match Arc::try_unwrap(lease) {
                            Ok(lease) => give_up(lease, &tx, &metrics).await,
                            // Someone still holds it: dropping the last reference releases it.
                            Err(_) => metrics.set_leader(false),
                        };
                    }
                    if !lease.is_held() {
                        break;
                    }
                }
                warn!("lost the leader lease; no further operation starts; following");
                metrics.set_leader(false);
                tx.send_replace(None);
            }
            Ok(None) => {
                if !waiting_logged {
                    info!("another replica holds the leader lease; waiting for it");
                    waiting_logged = true;
                }
                debug!("the leader lease is taken");
            }
            Err(e) => warn!(
                error = %crate::errors::chain(&e),
                "contending for the leader lease failed; trying again"
            ),
        }
        tokio::select! {
            _ = tokio::time::sleep(retry) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

async fn give_up(lease: Lease, tx: &watch::Sender<Option<Arc<Lease>>>, metrics: &Metrics) {
    tx.send_replace(None);
    metrics.set_leader(false);
    if let Err(e) = lease.release().await {
        warn!(error = %e, "releasing the leader lease failed");
    } else {
        info!("released the leader lease");
    }
}
