//! Property tests over the randomized directories of [`super::random`] (managed, rejected,
//! orphaned and hand-made objects; moves, swaps, leavers, hires): the plan replays to a state
//! whose second plan is empty, and never touches an object eiam-sync does not manage.

use proptest::prelude::*;

use crate::model::{DesiredState, EiamId, ExtId, Kind, ObservedState, Ownership};

use super::fixtures::converge;
use super::random::scenario;

fn cases() -> u32 {
    match std::env::var("EIAM_SYNC_SUITES") {
        Ok(v) if v.eq_ignore_ascii_case("full") => 20_000,
        _ => 300,
    }
}

/// Whether eiam-sync may change the object `id` of `kind` seen with external id `ext`: the
/// snapshot names it (valid or rejected — a rejected one is kept, not changed), or the state
/// store records it as eiam-sync's.
fn managed(d: &DesiredState, o: &Ownership, kind: Kind, id: &EiamId, ext: Option<&ExtId>) -> bool {
    let Some(ext) = ext else { return false };
    let named = match kind {
        Kind::OrganizationalUnit => d.ous.contains_key(ext),
        Kind::User => d.users.contains_key(ext),
        Kind::Group => d.groups.contains_key(ext),
        Kind::Membership => false,
    };
    named || o.get(kind, ext).is_some_and(|x| &x.eiam_id == id)
}

/// The objects of `s` that no operation may touch, as (kind, id).
fn untouchable(d: &DesiredState, s: &ObservedState, o: &Ownership) -> Vec<(Kind, EiamId)> {
    let mut out = Vec::new();
    for (id, x) in &s.ous {
        if id != &s.root && !managed(d, o, Kind::OrganizationalUnit, id, x.external_id.as_ref()) {
            out.push((Kind::OrganizationalUnit, id.clone()));
        }
    }
    for (id, x) in &s.users {
        if !managed(d, o, Kind::User, id, x.external_id.as_ref()) {
            out.push((Kind::User, id.clone()));
        }
    }
    for (id, x) in &s.groups {
        if !managed(d, o, Kind::Group, id, x.external_id.as_ref()) {
            out.push((Kind::Group, id.clone()));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn plans_reach_a_fixed_point_and_leave_unmanaged_objects_alone(seed in any::<u64>()) {
        let (d, s, o, removal) = scenario(seed);
        let (p, after) = converge(&d, &s, &o, removal);
        for (kind, id) in untouchable(&d, &s, &o) {
            prop_assert!(
                p.ops.iter().all(|op| op.eiam_id.as_ref() != Some(&id) || op.kind == Kind::Membership),
                "seed {seed}: an operation targets unmanaged {kind:?} {id}"
            );
            let same = match kind {
                Kind::OrganizationalUnit => after.ous.get(&id) == s.ous.get(&id),
                Kind::User => after.users.get(&id) == s.users.get(&id),
                Kind::Group => {
                    // Deleting a managed user takes it out of every group; nothing else may.
                    let empty = Default::default();
                    let before = s.members.get(&id).unwrap_or(&empty);
                    let now = after.members.get(&id).unwrap_or(&empty);
                    after.groups.get(&id) == s.groups.get(&id)
                        && now.is_subset(before)
                        && before.iter().all(|m| now.contains(m) || !after.users.contains_key(m))
                }
                Kind::Membership => true,
            };
            prop_assert!(same, "seed {seed}: unmanaged {kind:?} {id} changed");
        }
    }
}
