//! The plan stage: the planner's diff, checked by replaying it against what was observed, with
//! each change marked as coming from the snapshot or undoing drift in EIAM.

use crate::config::{self, SyncSettings};
use crate::model::{DesiredState, ExtId, Kind, KindSet, Ownership};
use crate::plan::adopt::AdoptRules;
use crate::plan::verify::check;
use crate::plan::{Cause, GuardLimits, Plan, PlanOptions, UserRemoval};
use crate::state::Fingerprinter;

use super::super::ReconcileError;
use super::observe::{Observation, Unobserved};

/// Keyed fingerprints of the snapshot's objects, computed once per run. A B-tree packed in one
/// pass: a hash table of a hundred thousand entries keeps twice their room.
pub type Fingerprints = std::collections::BTreeMap<(Kind, ExtId), String>;

/// What to plan from.
#[derive(Clone, Copy)]
pub struct PlanInput<'a> {
    pub desired: &'a DesiredState,
    pub observation: &'a Observation,
    pub options: PlanOptions,
    pub fingerprinter: &'a Fingerprinter,
    /// Leavers whose grace period is over (`disable_then_delete`): deleted.
    pub due: &'a std::collections::HashSet<ExtId>,
    /// `[sync.adopt]`.
    pub adopt: &'a AdoptRules,
}

/// The plan (its guards still without the gates') and the snapshot's fingerprints.
#[derive(Debug, Clone, Default)]
pub struct Planned {
    pub plan: Plan,
    pub fingerprints: Fingerprints,
}

/// The planner's options from `[sync]`, for the kinds of this run.
pub fn plan_options(sync: &SyncSettings, kinds: KindSet) -> PlanOptions {
    PlanOptions {
        user_removal: match sync.user_removal {
            // Leavers past their grace period are handed to the planner separately (`due`).
            config::UserRemoval::Disable | config::UserRemoval::DisableThenDelete => {
                UserRemoval::Disable
            }
            config::UserRemoval::Delete => UserRemoval::Delete,
        },
        kinds,
        limits: GuardLimits {
            max_deletes: sync.max_deletes,
            max_delete_percent: sync.max_delete_percent,
            percent_min_count: sync.guard_percent_min_count,
        },
    }
}

/// Plan, and refuse a plan that would break EIAM's rules on the way.
pub fn plan(input: PlanInput<'_>) -> Result<Planned, ReconcileError> {
    let fingerprints = fingerprints(input.desired, input.fingerprinter);
    plan_with(input, fingerprints)
}

/// [`plan`] with the snapshot's fingerprints already computed (by [`fingerprints`] of the
/// same desired state), so a run computes and holds them once.
pub fn plan_with(
    input: PlanInput<'_>,
    fingerprints: Fingerprints,
) -> Result<Planned, ReconcileError> {
    let Observation {
        observed,
        ownership,
        unobserved,
        matches,
        ..
    } = input.observation;
    // A full observation worked them out from the same snapshot and rules.
    let computed;
    let matches = match matches {
        Some(m) => m,
        None => {
            computed = super::adopt::matches(input.desired, observed, ownership, input.adopt);
            &computed
        }
    };
    let mut plan = crate::plan::plan_adopting(
        input.desired,
        observed,
        ownership,
        input.options,
        input.due,
        matches,
    );
    if *unobserved != Unobserved::default() {
        for (kind, n) in &unobserved.managed {
            *plan.managed.entry(*kind).or_insert(0) += n;
        }
        let u = &mut plan.unmanaged;
        u.organizational_units += unobserved.unmanaged.organizational_units;
        u.users += unobserved.unmanaged.users;
        u.groups += unobserved.unmanaged.groups;
        plan.guards = crate::plan::guards::evaluate(&plan, &plan.managed, input.options.limits);
    }
    check(observed, &plan)?;
    causes(&mut plan, &fingerprints, ownership);
    Ok(Planned { plan, fingerprints })
}

/// Desired fingerprints of every snapshot object, by kind and external id.
pub fn fingerprints(desired: &DesiredState, f: &Fingerprinter) -> Fingerprints {
    let ous = (desired.ous.iter()).map(|(e, o)| ((Kind::OrganizationalUnit, e.clone()), f.ou(o)));
    let users = (desired.users.iter()).map(|(e, u)| ((Kind::User, e.clone()), f.user(u)));
    let groups = (desired.groups.iter()).map(|(e, g)| ((Kind::Group, e.clone()), f.group(g)));
    ous.chain(users).chain(groups).collect()
}

/// Mark each change as coming from the snapshot or from drift in EIAM: when the snapshot
/// record is exactly what was last applied, someone changed EIAM by hand.
pub fn causes(plan: &mut Plan, fps: &Fingerprints, ownership: &Ownership) {
    for op in &mut plan.ops {
        let key = (op.kind, op.external_id.clone());
        let stored = ownership
            .get(op.kind, &key.1)
            .and_then(|o| o.fingerprint.as_ref());
        op.cause = Some(match (fps.get(&key), stored) {
            (Some(now), Some(before)) if now == before => Cause::Drift,
            _ => Cause::Source,
        });
    }
}
