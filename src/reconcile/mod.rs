//! One reconciliation as a list of stages (see [`stages`]): read, validate, gate, observe,
//! plan, guard, apply, record, then the report. The daemon, the demo and `eiam-sync reconcile`
//! call [`Reconciler::run`].

mod announce;
mod error;
mod finish;
mod fresh;
mod learn;
mod reconciler;
mod replan;
mod review;
mod saved;
mod saved_run;
pub mod stages;
mod start;
mod upkeep;

use tracing::{Instrument, info_span};

use crate::exit;
use crate::report::Report;
use crate::state::{Lease, RunId, RunMode, RunResult};

pub use error::ReconcileError;
pub use reconciler::{Reconciler, RunRequest};
use stages::GateInput;

impl Reconciler {
    /// One run, recorded in the run history and the metrics.
    pub async fn run(&self, req: RunRequest) -> Result<Report, ReconcileError> {
        let mode = if req.dry_run {
            RunMode::DryRun
        } else {
            RunMode::Apply
        };
        let span = info_span!(
            "reconcile",
            reconciler = %req.reconciler,
            dry_run = req.dry_run,
            mode = req.mode.as_str()
        );
        async {
            let run = self
                .store
                .start_run_in(&req.reconciler, mode, req.mode)
                .await?;
            let calls_before = self.client.api_calls();
            let mut taken = None;
            let outcome = self.run_inner(run, &req, &mut taken).await;
            // The one place a lease the run took is given back, whatever path it ended on; a
            // lease the caller holds (the daemon's leadership) stays with the caller.
            if let Some(lease) = taken
                && let Err(e) = lease.release().await
            {
                tracing::warn!(error = %e, "releasing the leader lease failed");
            }
            let calls = self.client.api_calls().saturating_sub(calls_before);
            let (result, counts, users) = match &outcome {
                Ok((report, users)) => {
                    let result = match report.exit_code() {
                        exit::REFUSED => RunResult::Refused,
                        exit::PARTIAL => RunResult::Partial,
                        _ => RunResult::Success,
                    };
                    let counts = report
                        .summary
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), *v))
                        .collect();
                    (result, counts, *users)
                }
                Err(_) => (RunResult::Failed, Default::default(), None),
            };
            if let Err(e) = self.store.finish_run(run, result, &counts, users).await {
                tracing::warn!(error = %e, "recording the end of the run failed");
            }
            if mode == RunMode::Apply {
                self.prune_history().await;
            }
            if let Err(e) = self.store.record_api_calls(run, calls).await {
                tracing::warn!(error = %e, "recording the run's API calls failed");
            }
            let sync_mode = outcome.as_ref().map_or(req.mode, |(r, _)| r.mode);
            if sync_mode != req.mode
                && let Err(e) = self.store.record_sync_mode(run, sync_mode).await
            {
                tracing::warn!(error = %e, "recording the run's sync mode failed");
            }
            self.metrics.record_run(
                &req.reconciler,
                result.as_str(),
                sync_mode,
                outcome.as_ref().ok().map(|o| &o.0),
            );
            let outcome = outcome.map(|(report, _)| report);
            self.announce_end(&req, &outcome);
            outcome
        }
        .instrument(span)
        .await
    }

    /// The stages of one run: those both paths share up to the sync root, then the straight
    /// list of a fresh run or of a saved plan (`apply FILE`).
    async fn run_inner(
        &self,
        run: RunId,
        req: &RunRequest,
        taken: &mut Option<Lease>,
    ) -> Result<(Report, Option<u64>), ReconcileError> {
        let calls_before = self.client.api_calls();
        let sync = &self.settings.sync;
        let snapshot = stages::read(&self.settings.source).await?;
        let input = stages::validate_with(snapshot, &sync.custom_fields);
        let users = Some(input.users());
        let gate_input = GateInput {
            desired: &input.desired,
            max_snapshot_drop_percent: sync.max_snapshot_drop_percent,
        };
        let gate = stages::gate(&self.store, gate_input).await?;
        if gate.refused() {
            return Ok((gate.report(req.dry_run, input.rejected), users));
        }
        *taken = self.lease(req).await?;
        let lease = self.held_lease(req, taken.as_ref()).await?;
        let start = self.start(req, input, gate, lease, calls_before).await?;
        let report = match &req.saved {
            None => self.fresh(run, req, start).await?,
            Some(saved) => self.saved_run(run, req, saved, start).await?,
        };
        Ok((report, users))
    }
}
