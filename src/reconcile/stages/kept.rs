//! The memberships owned users gone from the snapshot keep (a disabled leaver stays in its
//! groups): the planner never removes them, and a full observation counts them in the base of
//! the membership-removal share. An incremental run synthesizes settled groups from the
//! snapshot and does not read such users, so the state store keeps, per user, the EIAM ids of
//! the managed groups it is in (ids only), and an incremental run counts those memberships as
//! a full observation would see them.

use std::collections::{BTreeSet, HashMap};

use crate::apply::{Outcome, Status};
use crate::model::{DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership};
use crate::plan::{Action, Plan, is_managed};

/// Per owned user gone from the snapshot, the managed groups it is a member of.
pub type KeptGroups = HashMap<ExtId, BTreeSet<EiamId>>;

/// What this run learnt of the groups owned users gone from the snapshot are in: the groups it
/// listed say it afresh; of the others (synthesized, not listed), what was recorded before
/// stands, but for the groups this run deleted. Only changes are returned.
pub fn kept_groups(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    synthesized: &BTreeSet<EiamId>,
    stored: &KeptGroups,
    applied: (&Plan, &[Outcome]),
) -> Vec<(ExtId, BTreeSet<EiamId>)> {
    let (plan, outcomes) = applied;
    let gone: HashMap<&EiamId, &ExtId> = ownership
        .objects
        .iter()
        .filter(|((k, e), _)| *k == Kind::User && !desired.users.contains_key(e))
        .map(|((_, e), o)| (&o.eiam_id, e))
        .collect();
    if gone.is_empty() {
        return Vec::new();
    }
    let deleted: BTreeSet<&EiamId> = plan
        .ops
        .iter()
        .zip(outcomes)
        .filter(|(op, o)| o.status == Status::Applied && op.action() == Action::DeleteGroup)
        .filter_map(|(_, o)| o.eiam_id.as_ref())
        .collect();
    let listed = |g: &EiamId| observed.members.contains_key(g) && !synthesized.contains(g);
    let mut found: HashMap<&ExtId, BTreeSet<EiamId>> = HashMap::new();
    for (gid, members) in observed.members.iter().filter(|(g, _)| listed(g)) {
        if deleted.contains(gid) || !managed(desired, observed, ownership, gid) {
            continue;
        }
        for ext in members.iter().filter_map(|m| gone.get(m)) {
            found.entry(*ext).or_default().insert(gid.clone());
        }
    }
    let mut out = Vec::new();
    for ext in gone.values() {
        let before = stored.get(*ext);
        let mut now = found.remove(*ext).unwrap_or_default();
        now.extend(
            (before.into_iter().flatten())
                .filter(|g| !listed(g) && !deleted.contains(g))
                .cloned(),
        );
        if before.map_or(!now.is_empty(), |b| *b != now) {
            out.push(((*ext).clone(), now));
        }
    }
    out.sort();
    out
}

/// Whether a group is one the planner counts memberships of.
fn managed(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    gid: &EiamId,
) -> bool {
    observed.groups.get(gid).is_some_and(|g| {
        let (ext, source) = (g.external_id.as_ref(), g.source_type.as_deref());
        is_managed(desired, ownership, Kind::Group, ext, gid, source)
    })
}

/// The memberships of owned users gone from the snapshot that the planner does not see in an
/// incremental observation: those in synthesized groups, and those a listing shows of users
/// that were not read.
pub fn unseen_memberships(
    observed: &ObservedState,
    ownership: &Ownership,
    desired: &DesiredState,
    synthesized: &BTreeSet<EiamId>,
    kept: &KeptGroups,
) -> u64 {
    let mut n = 0;
    for (ext, groups) in kept {
        let Some(o) = ownership.get(Kind::User, ext) else {
            continue;
        };
        if desired.users.contains_key(ext) {
            continue;
        }
        let read = observed.users.contains_key(&o.eiam_id);
        for g in groups.iter().filter(|g| observed.groups.contains_key(*g)) {
            let member = observed
                .members
                .get(g)
                .is_some_and(|m| m.contains(&o.eiam_id));
            if synthesized.contains(g) || (member && !read) {
                n += 1;
            }
        }
    }
    n
}
