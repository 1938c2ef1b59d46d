//! The observation of an incremental run: what targeted calls read of the unsettled part, and
//! the settled part synthesized without calls from the snapshot and the ownership map (a settled
//! record is in EIAM exactly as the snapshot says, under the EIAM ids the store keeps).

use std::collections::{BTreeSet, HashMap};

use crate::model::{
    DesiredState, DesiredUser, EiamId, ExtId, Kind, ObservedGroup, ObservedOu, ObservedState,
    ObservedUser, Ownership,
};
use crate::observe::targeted::{Lookup, Targeted, Targets};

use super::kept::KeptGroups;
use super::scope::Scope;

fn id(ownership: &Ownership, kind: Kind, ext: &ExtId) -> Option<EiamId> {
    ownership.get(kind, ext).map(|o| o.eiam_id.clone())
}

/// Member lists kept as last applied, of groups whose member set changed in the snapshot.
pub type MemberLists = HashMap<ExtId, Vec<ExtId>>;

/// What to read first: the root, the unsettled objects by id (or by external id and unique
/// values when new), the siblings of unsettled OUs, the members of unsettled groups with no
/// member list kept, and what vanished OUs still hold.
pub fn first_targets(
    desired: &DesiredState,
    ownership: &Ownership,
    scope: &Scope,
    root: &EiamId,
    lists: &MemberLists,
) -> Targets {
    let mut t = Targets::default();
    t.ous.insert(root.clone());
    for (e, ou) in desired
        .ous
        .iter()
        .filter(|(e, _)| !scope.settled_ous.contains(*e))
    {
        match id(ownership, Kind::OrganizationalUnit, e) {
            Some(i) => {
                t.ous.insert(i);
            }
            None => {
                t.lookups.insert(Lookup::OuExternalId(e.clone()));
            }
        }
        let parent = match &ou.parent {
            None => Some(root.clone()),
            Some(p) => id(ownership, Kind::OrganizationalUnit, p),
        };
        if let Some(p) = parent {
            t.ou_children.insert(p);
        }
    }
    for (e, u) in desired
        .users
        .iter()
        .filter(|(e, _)| !scope.settled_users.contains(*e))
    {
        match id(ownership, Kind::User, e) {
            // Its unique values are looked up once it is read, those it does not hold yet.
            Some(i) => {
                t.users.insert(i);
            }
            None => {
                t.lookups.insert(Lookup::UserExternalId(e.clone()));
                t.lookups.extend(value_lookups(u, None));
            }
        }
    }
    for (e, g) in &desired.groups {
        let owned = id(ownership, Kind::Group, e);
        if !scope.settled_groups.contains(e) {
            t.group_names.insert(g.attrs.name.clone());
            if let Some(i) = &owned {
                t.groups.insert(i.clone());
            }
        }
        // A group whose name is settled is only listed; an empty listing has it read too (see
        // `second_targets`). One whose members as last applied are kept is not listed at all:
        // adding and removing members are idempotent, and a group deleted by hand fails its
        // write (hand-made changes are a full run's to find).
        if !scope.settled_members.contains(e)
            && !lists.contains_key(e)
            && let Some(i) = owned
        {
            t.members.insert(i);
        }
    }
    for (kind, e) in &scope.vanished {
        let Some(i) = id(ownership, *kind, e) else {
            continue;
        };
        match kind {
            Kind::OrganizationalUnit => {
                t.ous.insert(i.clone());
                t.ou_children.insert(i.clone());
                t.ou_users.insert(i);
            }
            Kind::User => {
                t.users.insert(i);
            }
            Kind::Group => {
                t.groups.insert(i.clone());
                t.members.insert(i);
            }
            Kind::Membership => {}
        }
    }
    t
}

/// What the reads so far pointed at without reading it: the unique values accounts read by id
/// do not hold yet, accounts holding a looked-up value or listed in an OU, OUs found by
/// external id, groups whose member listing is empty, and groups found by name that a
/// snapshot group would adopt (their members).
pub fn second_targets(
    desired: &DesiredState,
    ownership: &Ownership,
    scope: &Scope,
    found: &Targeted,
) -> Targets {
    let settled_user_ids: BTreeSet<EiamId> = scope
        .settled_users
        .iter()
        .filter_map(|e| id(ownership, Kind::User, e))
        .collect();
    let mut t = Targets::default();
    // The unique values an unsettled account read by id does not hold yet: who holds them
    // decides whether the plan can give them. One it holds already is nobody else's; and
    // should EIAM let two accounts share an email or phone number (undocumented), the plan
    // leaves an unchanged value alone, so who else holds it never matters.
    for (e, u) in desired
        .users
        .iter()
        .filter(|(e, _)| !scope.settled_users.contains(*e))
    {
        let Some(read) = id(ownership, Kind::User, e).and_then(|i| found.users.get(&i)) else {
            continue;
        };
        t.lookups
            .extend(value_lookups(u, Some(read)).filter(|l| !found.lookups.contains_key(l)));
    }
    // A listing cannot be told from a group that is gone when it is empty (whether listing
    // the members of a missing group is an error is not documented): such a group is read.
    for (gid, members) in &found.members {
        if members.is_empty()
            && !found.groups.contains_key(gid)
            && !found.missing.groups.contains(gid)
        {
            t.groups.insert(gid.clone());
        }
    }
    for (lookup, hit) in &found.lookups {
        let Some(hit) = hit else { continue };
        match lookup {
            Lookup::OuExternalId(_) => {
                if !found.ous.contains_key(hit) {
                    t.ous.insert(hit.clone());
                }
            }
            _ => {
                if !found.users.contains_key(hit) {
                    t.users.insert(hit.clone());
                }
            }
        }
    }
    for members in found.ou_users.values() {
        for u in members {
            if !found.users.contains_key(u) && !settled_user_ids.contains(u) {
                t.users.insert(u.clone());
            }
        }
    }
    // An OU gone from the snapshot that a listing showed: what it holds decides whether it
    // can be deleted, as a full observation would see.
    for (oid, ou) in &found.ous {
        let gone = ou.external_id.as_ref().is_some_and(|e| {
            !desired.ous.contains_key(e)
                && ownership
                    .get(Kind::OrganizationalUnit, e)
                    .is_some_and(|o| &o.eiam_id == oid)
        });
        if gone {
            if !found.ou_users.contains_key(oid) {
                t.ou_users.insert(oid.clone());
            }
            if !found.children.contains_key(oid) {
                t.ou_children.insert(oid.clone());
            }
        }
    }
    for (gid, g) in &found.groups {
        let adoptable = g
            .external_id
            .as_ref()
            .is_some_and(|e| desired.groups.contains_key(e));
        if adoptable && !found.members.contains_key(gid) {
            t.members.insert(gid.clone());
        }
    }
    t
}

/// The lookups of `u`'s unique values, but those `held` (the account as read) already holds.
fn value_lookups<'a>(
    u: &'a DesiredUser,
    held: Option<&'a ObservedUser>,
) -> impl Iterator<Item = Lookup> + 'a {
    let a = held.map(|h| &h.attrs);
    let username = (a.map(|a| &a.username) != Some(&u.attrs.username))
        .then(|| Lookup::Username(u.attrs.username.clone()));
    let email = u.attrs.email.as_ref().and_then(|m| {
        let holds = a
            .and_then(|a| a.email.as_ref())
            .is_some_and(|h| h.address == m.address);
        (!holds).then(|| Lookup::Email(m.address.clone()))
    });
    let phone = u.attrs.phone.as_ref().and_then(|p| {
        let holds = a
            .and_then(|a| a.phone.as_ref())
            .is_some_and(|h| h.number == p.number);
        (!holds).then(|| Lookup::Phone(p.number.clone()))
    });
    username.into_iter().chain(email).chain(phone)
}

/// The owned objects the store points at that EIAM no longer has.
pub fn missing_owned(ownership: &Ownership, found: &Targeted) -> Option<String> {
    let m = &found.missing;
    ownership
        .objects
        .iter()
        .find(|((kind, _), o)| match kind {
            Kind::OrganizationalUnit => m.ous.contains(&o.eiam_id),
            Kind::User => m.users.contains(&o.eiam_id),
            Kind::Group => m.groups.contains(&o.eiam_id),
            Kind::Membership => false,
        })
        .map(|((kind, ext), o)| {
            format!(
                "{kind} {ext} is not where the state store says (EIAM has no {})",
                o.eiam_id
            )
        })
}

/// The observed state: everything read, plus the settled records as the snapshot has them and
/// the kept member lists of groups not listed.
pub fn synthesize(
    desired: &DesiredState,
    ownership: &Ownership,
    scope: &Scope,
    root: &EiamId,
    found: Targeted,
    (lists, kept): (&MemberLists, &KeptGroups),
) -> ObservedState {
    let mut o = ObservedState {
        root: root.clone(),
        ous: found.ous,
        users: found.users,
        groups: found.groups,
        members: found.members,
    };
    let ou_id = |e: &ExtId| id(ownership, Kind::OrganizationalUnit, e);
    for e in &scope.settled_ous {
        let (Some(d), Some(i)) = (desired.ous.get(e), ou_id(e)) else {
            continue;
        };
        let parent = match &d.parent {
            None => Some(root.clone()),
            Some(p) => ou_id(p),
        };
        o.ous.entry(i.clone()).or_insert_with(|| ObservedOu {
            id: i,
            external_id: Some(e.clone()),
            parent_id: parent,
            attrs: d.attrs.clone(),
            source_type: None,
        });
    }
    // Gathered, then packed into the map with what was observed (full B-tree nodes; a map
    // grown one insert at a time leaves them half empty).
    let mut settled: Vec<(EiamId, ObservedUser)> = Vec::with_capacity(scope.settled_users.len());
    for e in &scope.settled_users {
        let (Some(d), Some(i)) = (desired.users.get(e), id(ownership, Kind::User, e)) else {
            continue;
        };
        if o.users.contains_key(&i) {
            continue;
        }
        let primary = ou_id(&d.primary_ou);
        let ous = primary
            .iter()
            .cloned()
            .chain(d.secondary_ous.iter().filter_map(&ou_id))
            .collect();
        settled.push((
            i.clone(),
            ObservedUser {
                id: i,
                external_id: Some(e.clone()),
                attrs: d.attrs.clone(),
                status: d.status,
                primary_ou: primary,
                ous,
                source_type: None,
            },
        ));
    }
    o.users = std::mem::take(&mut o.users)
        .into_iter()
        .chain(settled)
        .collect();
    for e in &scope.settled_groups {
        let (Some(d), Some(i)) = (desired.groups.get(e), id(ownership, Kind::Group, e)) else {
            continue;
        };
        o.groups.entry(i.clone()).or_insert_with(|| ObservedGroup {
            id: i,
            external_id: Some(e.clone()),
            attrs: d.attrs.clone(),
            source_type: None,
        });
    }
    for e in &scope.settled_members {
        let Some(i) = id(ownership, Kind::Group, e) else {
            continue;
        };
        let members = desired
            .members
            .get(e)
            .map(|m| {
                m.iter()
                    .filter_map(|u| id(ownership, Kind::User, u))
                    .collect()
            })
            .unwrap_or_default();
        o.members.entry(i).or_insert(members);
    }
    // A kept list is the group as last applied; the leavers the group keeps are in it too.
    for (e, list) in lists {
        let Some(i) = id(ownership, Kind::Group, e) else {
            continue;
        };
        let leavers = (kept.iter())
            .filter(|(_, groups)| groups.contains(&i))
            .map(|(u, _)| u);
        let members: BTreeSet<EiamId> = (list.iter().chain(leavers))
            .filter_map(|u| id(ownership, Kind::User, u))
            .collect();
        o.members.entry(i).or_insert(members);
    }
    o
}
