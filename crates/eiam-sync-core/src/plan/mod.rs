//! Planning: a pure diff of desired against observed under the ownership rules, ordered so that
//! every single step is valid in EIAM; and the guards. No I/O.
//!
//! Matching is by external ID only. The planner keeps a working model of EIAM and emits each
//! operation only when it is valid against the state it will meet: sibling OU names and user
//! names, emails and phone numbers stay unique after every step, parents exist before their
//! children, OUs are empty before they are deleted, and no move creates a cycle. Each operation
//! lists the earlier operations it needs, so `apply` may run independent ones concurrently.

pub mod adopt;
pub mod digest;
mod engine;
mod groups;
pub mod guards;
mod intent_set;
mod managed;
mod members;
pub mod only;
mod ou_ops;
mod ous;
pub mod saved;
pub mod types;
mod user_ous;
mod user_status;
mod users;
pub mod verify;
mod world;

pub use digest::plan_id;
pub use guards::{GuardLimits, Guarded, WideLimits};
pub use managed::is_managed;
pub use types::{
    Action, Cause, Changes, GuardCheck, ManagedCounts, Note, ObjRef, Op, OpId, Payload, Plan,
    SAVED_PLAN_CURRENT, SAVED_PLAN_UNUSED, Unmanaged, UserRemoval,
};

use std::collections::{BTreeMap, HashSet};

use crate::model::{
    DesiredState, ExtId, KeyTable, Kind, KindSet, ObservedState, Ownership, Rejection,
};

use engine::Planner;
use managed::{managed_counts, unmanaged_counts};
use world::Role;

/// What the plan may do.
#[derive(Debug, Clone, Copy)]
pub struct PlanOptions {
    pub user_removal: UserRemoval,
    pub kinds: KindSet,
    pub limits: GuardLimits,
}

/// Compute the plan that makes `observed` match `desired`.
pub fn plan(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    options: PlanOptions,
) -> Plan {
    plan_with_due(desired, observed, ownership, options, &HashSet::new())
}

/// [`plan`], with `due` the leavers whose grace period is over: each managed user among them
/// that is absent from the snapshot is deleted, whatever `user_removal` says (with
/// `disable_then_delete` the others are disabled).
pub fn plan_with_due(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    options: PlanOptions,
    due: &HashSet<ExtId>,
) -> Plan {
    let none = adopt::Matches::default();
    plan_adopting(desired, observed, ownership, options, due, &none)
}

/// [`plan_with_due`], adopting what `matches` (from [`adopt::match_all`] over the same
/// states) finds adoptable and leaving alone the records it finds ambiguous.
pub fn plan_adopting(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    options: PlanOptions,
    due: &HashSet<ExtId>,
    matches: &adopt::Matches,
) -> Plan {
    let mut p = Planner::new(desired, observed, ownership, options.user_removal);
    if !due.is_empty() {
        p.due = (p.world.users.iter().enumerate())
            .filter(|(_, u)| {
                u.role == Role::Orphan && u.ext.as_ref().is_some_and(|e| due.contains(e))
            })
            .map(|(ix, _)| ix)
            .collect();
    }
    let managed = managed_counts(&p);
    // The base is the values of the users the snapshot keeps: only theirs can be removed, and
    // only theirs does every observation read (an owned user gone from the snapshot has its
    // fields read or not depending on the listing, which would make the share vary with it).
    let managed_custom_fields = (p.world.users.iter())
        .filter(|u| matches!(u.role, Role::Desired | Role::Frozen))
        .map(|u| u.attrs.custom_fields.len() as u64)
        .sum();
    // Adopted objects were not managed before the run (the guards' bases) and are not
    // unmanaged any more (the report).
    p.seed_adoptions(matches);
    let mut unmanaged = unmanaged_counts(&p);
    unmanaged.other_sources = other_sources(matches);
    // Every intention of every record at once, instead of doubling past them.
    p.pending
        .reserve(desired.ous.len() + 4 * desired.users.len() + 2 * desired.groups.len() + 64);
    p.seed_ous();
    p.seed_users();
    p.seed_ou_deletes();
    p.seed_groups();
    p.run();
    let mut notes = unreadable_notes(desired);
    notes.append(&mut p.notes);
    let mut plan = Plan {
        ops: p.ops,
        guards: Vec::new(),
        notes,
        rejected: adoption_rejections(matches),
        unmanaged,
        managed: ManagedCounts::new(),
        managed_custom_fields,
    };
    only::restrict(&mut plan, options.kinds);
    plan.guards = guards::evaluate(&plan, &managed, options.limits);
    plan.managed = managed;
    plan
}

/// One note per table whose rows could not all be identified: what this run will not remove;
/// and one when extended fields are configured but the snapshot has no table of them.
fn unreadable_notes(desired: &DesiredState) -> Vec<Note> {
    let absent = desired.custom_fields.table_absent.then(|| Note {
        kind: Kind::User,
        external_id: String::new(),
        message: "the snapshot has no `user_custom_fields` table: custom fields are left as they are in EIAM in this run (an empty table would remove them)".to_owned(),
    });
    desired
        .unreadable
        .iter()
        .map(|table| {
            let kept = match table {
                KeyTable::OrganizationalUnits => "no organizational unit is deleted",
                KeyTable::Users => "no user is disabled or deleted",
                KeyTable::Groups => "no group is deleted",
                KeyTable::UserOrganizationalUnits => "no user is taken out of a secondary OU",
                KeyTable::GroupMembers => "no member is taken out of a group",
                KeyTable::UserCustomFields => "no custom field value is removed",
            };
            Note {
                kind: table.kind(),
                external_id: String::new(),
                message: format!(
                    "a row of `{}` has an id that could not be read (see the rejections); {kept} in this run",
                    table.name()
                ),
            }
        })
        .chain(absent)
        .collect()
}

/// The unmanaged objects of other sources, by kind (`users`, ...) and source type.
fn other_sources(matches: &adopt::Matches) -> BTreeMap<String, BTreeMap<String, u64>> {
    [Kind::OrganizationalUnit, Kind::User, Kind::Group]
        .into_iter()
        .filter_map(|k| {
            let m = matches.of(k)?;
            (!m.other_sources.is_empty()).then(|| (k.plural().to_owned(), m.other_sources.clone()))
        })
        .collect()
}

/// The records an adoption rule could not match without guessing, each naming its candidates.
fn adoption_rejections(matches: &adopt::Matches) -> Vec<Rejection> {
    matches
        .ambiguities()
        .map(|(kind, a)| Rejection {
            kind,
            external_id: a.record.to_string(),
            field: "matched_by".to_owned(),
            reason: a.reason(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
