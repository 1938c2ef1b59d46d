//! What both paths of a run start from once the snapshot is read, validated and gated: the
//! lease that lets it write, the sync root, the leavers due and the snapshot's fingerprints.

use std::collections::HashSet;
use std::time::SystemTime;

use super::ReconcileError;
use super::reconciler::{Reconciler, RunRequest};
use super::review;
use super::stages::{
    self, Fingerprints, Gate, Input, MemberFingerprints, ModeInput, ObserveInput, PlanInput,
};
use crate::model::{ExtId, Kind};
use crate::plan::adopt::AdoptRules;
use crate::state::Lease;

/// A run past its gate, before EIAM is observed.
pub(super) struct Start<'r> {
    pub now: SystemTime,
    /// The client's call count when the run began (the report counts the run's calls).
    pub calls_before: u64,
    pub input: Input,
    pub gate: Gate,
    /// The lease a writing run holds (none for a dry run).
    pub lease: Option<&'r Lease>,
    pub root: String,
    pub adopt: AdoptRules,
    /// Leavers whose grace period is over.
    pub due: HashSet<ExtId>,
    pub fps: Fingerprints,
    pub members: MemberFingerprints,
}

impl Start<'_> {
    pub fn observe_input(&self, r: &Reconciler, req: &RunRequest) -> ObserveInput<'_> {
        ObserveInput {
            desired: &self.input.desired,
            kinds: req.kinds,
            root: Some(&self.root),
            concurrency: r.settings.eiam.max_concurrency,
            adopt: &self.adopt,
        }
    }

    pub fn modes(&self, req: &RunRequest) -> ModeInput<'_> {
        ModeInput {
            mode: req.mode,
            fingerprints: &self.fps,
            members: &self.members,
            due: &self.due,
        }
    }
}

impl Reconciler {
    /// The lease a writing run holds, checked to be held; a run holding it announces the
    /// operations a crash left in doubt.
    pub(super) async fn held_lease<'r>(
        &self,
        req: &'r RunRequest,
        taken: Option<&'r Lease>,
    ) -> Result<Option<&'r Lease>, ReconcileError> {
        if req.dry_run {
            return Ok(None);
        }
        let lease = req.lease.as_deref().or(taken);
        if lease.is_some_and(|l| !l.is_held()) {
            return Err(ReconcileError::LeaseLost);
        }
        if lease.is_some() {
            self.announce_in_doubt(req).await;
        }
        Ok(lease)
    }

    /// The sync root, the leavers due and the snapshot's fingerprints.
    pub(super) async fn start<'r>(
        &self,
        req: &RunRequest,
        input: Input,
        gate: Gate,
        lease: Option<&'r Lease>,
        calls_before: u64,
    ) -> Result<Start<'r>, ReconcileError> {
        let (eiam, sync) = (&self.settings.eiam, &self.settings.sync);
        let now = self.clock.now();
        let key = stages::root_key(&eiam.instance_id, &eiam.application_id);
        let configured = sync.root_organizational_unit_id.as_deref();
        let root = stages::sync_root(&self.client, &self.store, configured, &key, req.mode).await?;
        let due = if req.kinds.contains(Kind::User) {
            review::due_leavers(&self.store, &self.settings, now).await?
        } else {
            Default::default()
        };
        let fps = stages::fingerprints(&input.desired, &self.fingerprinter);
        let members = stages::member_fingerprints(&input.desired, &self.fingerprinter);
        Ok(Start {
            now,
            calls_before,
            input,
            gate,
            lease,
            root,
            adopt: stages::adopt_rules(sync),
            due,
            fps,
            members,
        })
    }

    /// What the planner is given, for `desired` (the snapshot, or the part a saved plan uses).
    pub(super) fn plan_input<'a>(
        &'a self,
        s: &'a Start<'_>,
        req: &RunRequest,
        desired: &'a crate::model::DesiredState,
        observation: &'a stages::Observation,
    ) -> PlanInput<'a> {
        PlanInput {
            desired,
            observation,
            options: stages::plan_options(&self.settings.sync, req.kinds),
            fingerprinter: &self.fingerprinter,
            due: &s.due,
            adopt: &s.adopt,
        }
    }
}
