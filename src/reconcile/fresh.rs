//! A run planned from the snapshot: observe (full or incremental), plan, review, guard, apply,
//! report.

use super::ReconcileError;
use super::reconciler::{Reconciler, RunRequest};
use super::stages::{self, GuardInput};
use super::start::Start;
use crate::report::Report;
use crate::state::RunId;

impl Reconciler {
    pub(super) async fn fresh(
        &self,
        run: RunId,
        req: &RunRequest,
        mut s: Start<'_>,
    ) -> Result<Report, ReconcileError> {
        let (client, store) = (&self.client, &self.store);
        let observed =
            stages::observe_mode(client, store, s.observe_input(self, req), s.modes(req)).await?;
        let mut observation = observed.observation;
        // The snapshot's fingerprints serve the plan: a run computes and holds them once.
        let fps = std::mem::take(&mut s.fps);
        let plan_input = self.plan_input(&s, req, &s.input.desired, &observation);
        let mut planned = stages::plan_with(plan_input, fps)?;
        let approval = self.review(run, req, &s, &mut planned.plan).await?;
        let plan_id = self
            .record_plan_id(run, &planned.plan, approval.is_some())
            .await?;
        let guard_input = GuardInput {
            gate: std::mem::take(&mut s.gate),
            dry_run: req.dry_run,
        };
        let verdict = stages::guard(&mut planned.plan, guard_input);
        let outcomes = match verdict.applies() {
            true => Some(
                self.send(run, req, &s, &planned, &mut observation, true)
                    .await?,
            ),
            false => None,
        };
        let mut report = self.report(req, s, &planned, outcomes);
        report.approval = approval;
        (report.mode, report.mode_notes) = (observed.mode, observed.notes);
        if report.refused.is_some() {
            report.next_command = Some(format!(
                "eiam-sync approve {plan_id} --reason \"<why this change is expected>\""
            ));
        }
        Ok(report)
    }
}
