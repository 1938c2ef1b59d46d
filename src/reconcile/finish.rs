//! The stages both paths end with: the guards beyond deletions and approvals, the plan id
//! recorded with the run, applying, and the report.

use tracing::info;

use super::ReconcileError;
use super::learn;
use super::reconciler::{Reconciler, RunRequest};
use super::review;
use super::stages::{self, ApplyInput, Observation, Planned};
use super::start::Start;
use crate::plan::Plan;
use crate::report::{ApprovalUsed, Outcome, Report, Status};
use crate::state::RunId;

impl Reconciler {
    /// The guards beyond deletions (moves, rewrites, the rolling removal window) and the
    /// approval that lets a refused plan through.
    pub(super) async fn review(
        &self,
        run: RunId,
        req: &RunRequest,
        s: &Start<'_>,
        plan: &mut Plan,
    ) -> Result<Option<ApprovalUsed>, ReconcileError> {
        let limits = self.settings.sync.wide_limits();
        Ok(review::guard(&self.store, s.now, plan, &limits, run, req.dry_run).await?)
    }

    /// The plan id, recorded with the run unless an approval recorded it already.
    pub(super) async fn record_plan_id(
        &self,
        run: RunId,
        plan: &Plan,
        approved: bool,
    ) -> Result<String, ReconcileError> {
        let plan_id = crate::plan::plan_id(plan);
        if !approved {
            self.store.set_run_plan(run, &plan_id, None).await?;
        }
        Ok(plan_id)
    }

    /// Apply a plan the guard let through: clear the fingerprints of every object it touches,
    /// send its operations, then record what the store learns. `whole`: the plan covers the
    /// whole snapshot (not a saved plan's part of it).
    pub(super) async fn send(
        &self,
        run: RunId,
        req: &RunRequest,
        s: &Start<'_>,
        planned: &Planned,
        observation: &mut Observation,
        whole: bool,
    ) -> Result<Vec<Outcome>, ReconcileError> {
        let sync = &self.settings.sync;
        let apply_input = ApplyInput {
            plan: &planned.plan,
            run,
            lease: s.lease,
            concurrency: self.settings.eiam.max_concurrency,
            progress: req.progress,
            stop: req.stop.clone(),
            new_users: &sync.new_users,
        };
        let touched = stages::touched(&planned.plan);
        stages::unsettle(&self.store, &mut observation.ownership, &touched).await?;
        let outcomes = stages::apply(&self.client, &self.store, apply_input).await?;
        let after = learn::After {
            now: s.now,
            desired: &s.input.desired,
            observation,
            planned,
            outcomes: &outcomes,
            members: &s.members,
            kinds: req.kinds,
            whole,
        };
        self.learn(after).await;
        Ok(outcomes)
    }

    /// The run's report; for `--plan-out` on a dry run, with the sealed plan file.
    pub(super) fn report(
        &self,
        req: &RunRequest,
        s: Start<'_>,
        planned: &Planned,
        outcomes: Option<Vec<Outcome>>,
    ) -> Report {
        let calls = self.client.api_calls().saturating_sub(s.calls_before);
        let mut report = Report::new(
            &planned.plan,
            outcomes.as_deref(),
            req.dry_run,
            s.input.rejected,
            calls,
        );
        if req.plan_out && req.dry_run {
            let cx = review::SaveContext {
                settings: &self.settings,
                fingerprinter: &self.fingerprinter,
                fps: &planned.fingerprints,
                desired: &s.input.desired,
                kinds: req.kinds,
                now: s.now,
            };
            report.plan_file = Some(review::save(&planned.plan, &cx));
        }
        info!(
            applied = report.count(Status::Applied),
            failed = report.count(Status::Failed),
            skipped = report.count(Status::Skipped),
            api_calls = calls,
            "run finished"
        );
        report
    }
}
