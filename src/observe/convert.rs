//! From the API's answers to the observation's records: one record per object, ids shared
//! where the same object is named twice.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use crate::eiam::types::groups::Group;
use crate::eiam::types::organizational_units::OrganizationalUnit;
use crate::eiam::types::users::UserSummary;
use crate::model::{
    EiamId, ExtId, GroupAttrs, ObservedGroup, ObservedOu, ObservedUser, OuAttrs, SmallSet,
    UserAttrs, UserStatus,
};

pub(super) fn ou_from(o: OrganizationalUnit, parent: Option<EiamId>) -> Option<ObservedOu> {
    let attrs = OuAttrs::from_wire(&o);
    Some(ObservedOu {
        id: EiamId::new(o.organizational_unit_id?),
        external_id: o.organizational_unit_external_id.map(ExtId::new),
        parent_id: parent.or_else(|| o.parent_id.map(EiamId::new)),
        attrs,
        source_type: other_source(o.organizational_unit_source_type),
    })
}

/// The source type kept for an object: `None` for `build_in` (made through the API or the
/// console), which every reader takes `None` for; 100,000 copies of `"build_in"` are 3 MB.
fn other_source(t: Option<String>) -> Option<String> {
    t.filter(|t| t != "build_in")
}

fn status_from(s: Option<&str>) -> UserStatus {
    match s {
        Some("disabled") => UserStatus::Disabled,
        _ => UserStatus::Enabled,
    }
}

pub(super) fn user_from(u: UserSummary) -> Option<ObservedUser> {
    let attrs = UserAttrs::from_summary(&u);
    Some(ObservedUser {
        id: EiamId::new(u.user_id?),
        external_id: u.user_external_id.map(ExtId::new),
        attrs: std::sync::Arc::new(attrs),
        status: status_from(u.status.as_deref()),
        primary_ou: None,
        ous: SmallSet::new(),
        source_type: other_source(u.user_source_type),
    })
}

pub(super) fn group_from(g: Group) -> Option<ObservedGroup> {
    let attrs = GroupAttrs::from_wire(&g);
    Some(ObservedGroup {
        id: EiamId::new(g.group_id?),
        external_id: g.group_external_id.map(ExtId::new),
        attrs,
        source_type: other_source(g.group_source_type),
    })
}

/// Put each OU's listed users into `users`, one record per account holding every OU it was
/// listed in.
pub(super) fn pack_users(
    listed: Vec<(EiamId, Vec<ObservedUser>)>,
    users: &mut BTreeMap<EiamId, ObservedUser>,
) {
    // Sorted, merged and packed into the map at once: a map grown one random insert at a
    // time leaves its B-tree nodes half empty.
    let mut all: Vec<(EiamId, ObservedUser)> = (listed.into_iter())
        .flat_map(|(ou, list)| list.into_iter().map(move |u| (ou.clone(), u)))
        .collect();
    all.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut merged: Vec<(EiamId, ObservedUser)> = Vec::with_capacity(all.len());
    for (ou, u) in all {
        match merged.last_mut() {
            Some((id, seen)) if *id == u.id => {
                seen.ous.insert(ou);
            }
            _ => {
                let mut u = u;
                u.ous.insert(ou);
                merged.push((u.id.clone(), u));
            }
        }
    }
    if users.is_empty() {
        *users = std::mem::take(&mut merged).into_iter().collect();
    }
    for (id, u) in std::mem::take(&mut merged) {
        match users.entry(id) {
            Entry::Occupied(mut e) => {
                e.get_mut().ous.extend(u.ous.iter().cloned());
            }
            Entry::Vacant(e) => {
                e.insert(u);
            }
        }
    }
}
