//! What the state store must know for the next incremental run, in both modes: before
//! applying, the fingerprints of every object the plan touches are cleared (an operation that
//! fails, or a crash, leaves the object to be observed again); after applying, the member sets
//! of groups now in step, and the leavers that are owed nothing more while they stay away.

use std::collections::BTreeSet;

use tracing::warn;

use crate::apply::{Outcome, Status};
use crate::model::{DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership, UserStatus};
use crate::plan::{Action, Plan};
use crate::state::{LEAVER_DISABLED, StateError, StateStore};

use super::kept::kept_groups;
use super::scope::MemberFingerprints;

/// The objects the plan's operations change (a membership operation: its group's member set).
pub fn touched(plan: &Plan) -> Vec<(Kind, ExtId)> {
    let keys: BTreeSet<(Kind, ExtId)> = plan
        .ops
        .iter()
        .filter(|op| op.blocked.is_none())
        .map(|op| (op.kind, op.external_id.clone()))
        .collect();
    keys.into_iter().collect()
}

/// Clear, in the store and in `ownership` (the record stage compares with it), the
/// fingerprints of the objects about to change.
pub async fn unsettle(
    store: &StateStore,
    ownership: &mut Ownership,
    keys: &[(Kind, ExtId)],
) -> Result<(), StateError> {
    store.clear_fingerprints(keys).await?;
    for (kind, ext) in keys {
        if let Some(o) = ownership.objects.get_mut(&(*kind, ext.clone())) {
            o.fingerprint = None;
        }
    }
    Ok(())
}

/// What the settle step writes from.
#[derive(Clone, Copy)]
pub struct SettleInput<'a> {
    pub desired: &'a DesiredState,
    pub observed: &'a ObservedState,
    pub ownership: &'a Ownership,
    pub members: &'a MemberFingerprints,
    pub plan: &'a Plan,
    pub outcomes: &'a [Outcome],
    /// The groups whose members were taken from the snapshot, not listed.
    pub synthesized: &'a BTreeSet<EiamId>,
}

/// Store the member sets of groups with no unfinished operation, and mark owned users gone
/// from the snapshot that are disabled (or were left as they are, when adopted) as owed nothing.
/// Failures are logged: the next incremental run observes those objects again.
pub async fn settle(store: &StateStore, input: SettleInput<'_>) {
    let stored = store.member_fingerprints().await.unwrap_or_else(|e| {
        warn!(error = %e, "reading member fingerprints failed");
        Default::default()
    });
    let SettleInput {
        desired,
        observed,
        ownership,
        members,
        plan,
        outcomes,
        synthesized,
    } = input;
    match store.kept_groups().await {
        Ok(stored) => {
            let applied = (plan, outcomes);
            let kept = kept_groups(desired, observed, ownership, synthesized, &stored, applied);
            if let Err(e) = store.set_kept_groups(&kept).await {
                warn!(error = %e, "storing the groups leavers keep failed");
            }
        }
        Err(e) => warn!(error = %e, "reading the groups leavers keep failed"),
    }
    let mut unfinished = BTreeSet::new();
    let mut disabled = BTreeSet::new();
    for (op, o) in plan.ops.iter().zip(outcomes) {
        if o.status != Status::Applied {
            unfinished.insert((op.kind, op.external_id.clone()));
        } else if op.action() == Action::DisableUser {
            disabled.insert(op.external_id.clone());
        }
    }
    let cleared: BTreeSet<(Kind, ExtId)> = touched(plan).into_iter().collect();
    let groups: Vec<(ExtId, String)> = members
        .iter()
        .filter(|(g, fp)| {
            let key = |k| (k, (*g).clone());
            !unfinished.contains(&key(Kind::Membership))
                && !unfinished.contains(&key(Kind::Group))
                && (cleared.contains(&key(Kind::Membership)) || stored.get(*g) != Some(*fp))
        })
        .map(|(g, fp)| (g.clone(), fp.clone()))
        .collect();
    // Each with the member list it was made of: the next change to the group is planned from
    // it without listing the group.
    let sets: Vec<(ExtId, String, Vec<&ExtId>)> = groups
        .into_iter()
        .map(|(g, fp)| {
            let list = desired.members.get(&g).map(|m| m.iter().collect());
            (g, fp, list.unwrap_or_default())
        })
        .collect();
    if let Err(e) = store.set_member_sets(&sets).await {
        warn!(error = %e, "storing member sets failed");
    }
    let mut away = Vec::new();
    for ((kind, ext), o) in &ownership.objects {
        if desired.mentions(*kind, ext)
            || unfinished.contains(&(*kind, ext.clone()))
            || o.fingerprint.as_deref() == Some(LEAVER_DISABLED)
        {
            continue;
        }
        let settled = match kind {
            Kind::User => {
                disabled.contains(ext)
                    || (!cleared.contains(&(*kind, ext.clone()))
                        && observed
                            .users
                            .get(&o.eiam_id)
                            .is_some_and(|u| u.status == UserStatus::Disabled))
                    || (!o.is_own() && !cleared.contains(&(*kind, ext.clone())))
            }
            // Left in place (adopted, or still holding something): owed nothing until a
            // leaver in it is due for deletion.
            Kind::OrganizationalUnit => {
                !cleared.contains(&(*kind, ext.clone())) && observed.ous.contains_key(&o.eiam_id)
            }
            Kind::Group => {
                !cleared.contains(&(*kind, ext.clone())) && observed.groups.contains_key(&o.eiam_id)
            }
            Kind::Membership => false,
        };
        if settled {
            away.push((*kind, ext.clone(), LEAVER_DISABLED.to_owned()));
        }
    }
    if let Err(e) = store.set_fingerprints(&away).await {
        warn!(error = %e, "marking leavers as settled failed");
    }
}
