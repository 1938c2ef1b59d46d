//! `apply FILE`: a saved plan applied exactly, or refused. Observe what the plan reads or
//! changes, plan that part again, compare with the saved plan (applied before, drift), review,
//! guard and claim the file, apply, report.

use super::ReconcileError;
use super::reconciler::{Reconciler, RunRequest};
use super::saved;
use super::stages::{self, GuardInput, Verdict};
use super::start::Start;
use crate::plan::saved::SavedPlan;
use crate::report::Report;
use crate::state::RunId;

impl Reconciler {
    pub(super) async fn saved_run(
        &self,
        run: RunId,
        req: &RunRequest,
        plan: &SavedPlan,
        mut s: Start<'_>,
    ) -> Result<Report, ReconcileError> {
        let observe_input = s.observe_input(self, req);
        let (mut observation, scoped) = self
            .observe_saved(plan, &s.input.desired, observe_input)
            .await?;
        // The part of the snapshot the saved plan uses, or all of it when EIAM was observed in
        // full (a crash left creates in doubt, or adoption rules are on).
        let desired = scoped.as_ref().map_or(&s.input.desired, |s| &s.desired);
        let fps = std::mem::take(&mut s.fps);
        let plan_input = self.plan_input(&s, req, desired, &observation);
        let mut planned = match &scoped {
            None => stages::plan_with(plan_input, fps)?,
            Some(_) => {
                let mut planned = stages::plan(plan_input)?;
                self.saved_guards(plan, &mut planned.plan, req.kinds);
                planned
            }
        };
        let used = self.store.plan_file_applied(&plan.file_id).await?.is_some();
        let drift = match used {
            true => None,
            false => {
                let conflicts = scoped.as_ref().map_or(&[][..], |s| &s.conflicts[..]);
                let scope = (desired, &s.input.desired, conflicts);
                Some(self.drift(plan, &planned, scope, &observation))
            }
        };
        if used {
            planned.plan.guards.push(saved::already_applied());
        }
        if let Some(d) = drift.as_ref().filter(|d| !d.is_empty()) {
            planned.plan.guards.push(saved::stale(d.len()));
        }
        let stale = used || drift.as_ref().is_some_and(|d| !d.is_empty());
        let approval = match stale {
            true => None,
            false => self.review(run, req, &s, &mut planned.plan).await?,
        };
        self.record_plan_id(run, &planned.plan, approval.is_some())
            .await?;
        let guard_input = GuardInput {
            gate: std::mem::take(&mut s.gate),
            dry_run: req.dry_run,
        };
        let mut verdict = stages::guard(&mut planned.plan, guard_input);
        if verdict.applies()
            && !self
                .store
                .claim_plan_file(&plan.file_id, &plan.plan_id, run, s.now)
                .await?
        {
            planned.plan.guards.push(saved::already_applied());
            verdict = Verdict::Refused;
        }
        let outcomes = match verdict.applies() {
            true => Some(
                self.send(run, req, &s, &planned, &mut observation, false)
                    .await?,
            ),
            false => None,
        };
        let mut report = self.report(req, s, &planned, outcomes);
        report.drift = drift;
        report.approval = approval;
        Ok(report)
    }
}
