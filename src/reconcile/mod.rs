//! One reconciliation as a list of stages (see [`stages`]): read, validate, gate, observe,
//! plan, guard, apply, record, then the report. The daemon, the demo and `eiam-sync reconcile`
//! call [`Reconciler::run`].

mod announce;
mod error;
mod learn;
mod reconciler;
mod replan;
mod review;
mod saved;
pub mod stages;
mod upkeep;

use tracing::{Instrument, info, info_span};

use crate::exit;
use crate::report::{Report, Status};
use crate::state::{Lease, RunId, RunMode, RunResult};

pub use error::ReconcileError;
pub use reconciler::{Reconciler, RunRequest};
use stages::{ApplyInput, GateInput, GuardInput, ModeInput, ObserveInput, PlanInput};

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

    async fn run_inner(
        &self,
        run: RunId,
        req: &RunRequest,
        taken: &mut Option<Lease>,
    ) -> Result<(Report, Option<u64>), ReconcileError> {
        let calls_before = self.client.api_calls();
        let sync = &self.settings.sync;
        let now = self.clock.now();
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
        let lease: Option<&Lease> = if req.dry_run {
            None
        } else {
            req.lease.as_deref().or(taken.as_ref())
        };
        if lease.is_some_and(|l| !l.is_held()) {
            return Err(ReconcileError::LeaseLost);
        }
        if lease.is_some() {
            self.announce_in_doubt(req).await;
        }
        let eiam = &self.settings.eiam;
        let key = stages::root_key(&eiam.instance_id, &eiam.application_id);
        let configured = sync.root_organizational_unit_id.as_deref();
        let root = stages::sync_root(&self.client, &self.store, configured, &key, req.mode).await?;
        let observe_input = ObserveInput {
            desired: &input.desired,
            kinds: req.kinds,
            root: Some(&root),
            concurrency: self.settings.eiam.max_concurrency,
            adopt: &stages::adopt_rules(sync),
        };
        let due = if req.kinds.contains(crate::model::Kind::User) {
            review::due_leavers(&self.store, &self.settings, now).await?
        } else {
            Default::default()
        };
        let fps = stages::fingerprints(&input.desired, &self.fingerprinter);
        let members = stages::member_fingerprints(&input.desired, &self.fingerprinter);
        let modes = ModeInput {
            mode: req.mode,
            fingerprints: &fps,
            members: &members,
            due: &due,
        };
        let (observed, scoped) = match &req.saved {
            Some(saved) => {
                let (observation, scoped) = self
                    .observe_saved(saved, &input.desired, observe_input)
                    .await?;
                let observed = stages::Observed {
                    observation,
                    ..Default::default()
                };
                (observed, scoped)
            }
            None => (
                stages::observe_mode(&self.client, &self.store, observe_input, modes).await?,
                None,
            ),
        };
        let mut observation = observed.observation;
        // `apply FILE` plans from the part of the snapshot and of EIAM the saved plan uses.
        let desired = scoped.as_ref().map_or(&input.desired, |s| &s.desired);
        let plan_input = PlanInput {
            desired,
            observation: &observation,
            options: stages::plan_options(sync, req.kinds),
            fingerprinter: &self.fingerprinter,
            due: &due,
            adopt: observe_input.adopt,
        };
        // The snapshot's fingerprints serve the plan too, unless it plans from a scoped part.
        let mut planned = match &scoped {
            None => stages::plan_with(plan_input, fps)?,
            Some(_) => stages::plan(plan_input)?,
        };
        if let (Some(saved), Some(_)) = (&req.saved, &scoped) {
            self.saved_guards(saved, &mut planned.plan, req.kinds);
        }
        let used = match &req.saved {
            Some(s) => self.store.plan_file_applied(&s.file_id).await?.is_some(),
            None => false,
        };
        let drift = match &req.saved {
            Some(_) if used => None,
            Some(saved) => {
                let conflicts = scoped.as_ref().map_or(&[][..], |s| &s.conflicts[..]);
                let scope = (desired, &input.desired, conflicts);
                Some(self.drift(saved, &planned, scope, &observation))
            }
            None => None,
        };
        if used {
            planned.plan.guards.push(saved::already_applied());
        }
        if let Some(d) = drift.as_ref().filter(|d| !d.is_empty()) {
            planned.plan.guards.push(saved::stale(d.len()));
        }
        let stale = used || drift.as_ref().is_some_and(|d| !d.is_empty());
        let approval = if stale {
            None
        } else {
            let limits = sync.wide_limits();
            review::guard(
                &self.store,
                now,
                &mut planned.plan,
                &limits,
                run,
                req.dry_run,
            )
            .await?
        };
        let plan_id = crate::plan::plan_id(&planned.plan);
        if approval.is_none() {
            self.store.set_run_plan(run, &plan_id, None).await?;
        }
        let guard_input = GuardInput {
            gate,
            dry_run: req.dry_run,
        };
        let mut verdict = stages::guard(&mut planned.plan, guard_input);
        if let Some(saved) = &req.saved
            && verdict.applies()
            && !self
                .store
                .claim_plan_file(&saved.file_id, &saved.plan_id, run, now)
                .await?
        {
            planned.plan.guards.push(saved::already_applied());
            verdict = stages::Verdict::Refused;
        }
        let outcomes = if verdict.applies() {
            let apply_input = ApplyInput {
                plan: &planned.plan,
                run,
                lease,
                concurrency: self.settings.eiam.max_concurrency,
                progress: req.progress,
                stop: req.stop.clone(),
                new_users: &sync.new_users,
            };
            let touched = stages::touched(&planned.plan);
            stages::unsettle(&self.store, &mut observation.ownership, &touched).await?;
            let outcomes = stages::apply(&self.client, &self.store, apply_input).await?;
            let after = learn::After {
                now,
                desired: &input.desired,
                observation: &observation,
                planned: &planned,
                outcomes: &outcomes,
                members: &members,
                kinds: req.kinds,
                whole: req.saved.is_none(),
            };
            self.learn(after).await;
            Some(outcomes)
        } else {
            None
        };
        let calls = self.client.api_calls().saturating_sub(calls_before);
        let mut report = Report::new(
            &planned.plan,
            outcomes.as_deref(),
            req.dry_run,
            input.rejected,
            calls,
        );
        report.drift = drift;
        report.approval = approval;
        (report.mode, report.mode_notes) = (observed.mode, observed.notes);
        if report.refused.is_some() && !stale && req.saved.is_none() {
            report.next_command = Some(format!(
                "eiam-sync approve {plan_id} --reason \"<why this change is expected>\""
            ));
        }
        if req.plan_out && req.dry_run {
            let cx = review::SaveContext {
                settings: &self.settings,
                fingerprinter: &self.fingerprinter,
                fps: &planned.fingerprints,
                desired: &input.desired,
                kinds: req.kinds,
                now,
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
        Ok((report, users))
    }
}
