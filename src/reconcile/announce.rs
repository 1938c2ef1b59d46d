//! What a run tells the webhooks: the operations in doubt it found at its start, and how it
//! ended (refused by a guard, failed). Announcing never changes the run's outcome.

use crate::config::NotifyEvent;
use crate::errors::chain;
use crate::notify::Notifier;
use crate::report::Report;

use super::{ReconcileError, Reconciler, RunRequest};

/// Operations in doubt read for one notification at most.
const IN_DOUBT_READ: u32 = 200;

impl Reconciler {
    /// Tell `notifier`'s webhooks about this reconciler's runs from now on.
    pub fn set_notifier(&mut self, notifier: Notifier) {
        self.notifier = Some(notifier);
    }

    pub fn notifier(&self) -> Option<&Notifier> {
        self.notifier.as_ref()
    }

    /// Journal entries a crash left `started`, found by a run that holds the leader lease
    /// (an applying run elsewhere can no longer be writing them).
    pub(super) async fn announce_in_doubt(&self, req: &RunRequest) {
        let Some(notifier) = self
            .notifier
            .as_ref()
            .filter(|n| n.wants(NotifyEvent::InDoubt))
        else {
            return;
        };
        match self.store.in_doubt(IN_DOUBT_READ).await {
            Ok(found) if !found.is_empty() => {
                notifier.in_doubt(&req.reconciler, &found, IN_DOUBT_READ as usize);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(
                error = %chain(&e),
                "reading the operations in doubt for the notification failed"
            ),
        }
    }

    /// A refusal or failed operations, or a fatal end; a run that found another replica
    /// leading did not fail (the daemon's follower), unless it was asked to apply on its own.
    pub(super) fn announce_end(&self, req: &RunRequest, outcome: &Result<Report, ReconcileError>) {
        let Some(notifier) = &self.notifier else {
            return;
        };
        match outcome {
            Ok(report) => notifier.report(&req.reconciler, report),
            Err(ReconcileError::Busy | ReconcileError::LeaseLost) if req.lease.is_some() => {}
            Err(e) => notifier.fatal(&req.reconciler, &chain(e)),
        }
    }
}
