//! Rows that link records: secondary OUs of users and group members. A bad link is rejected on
//! its own; the user or group it names stays.

use std::collections::{BTreeMap, BTreeSet};

use super::groups::Groups;
use super::ous::Ous;
use super::shared::{Rejects, Shrinking, first_defect};
use super::users::Users;
use crate::model::ids::ExtId;
use crate::model::snapshot::{GroupMemberRow, UserOuRow};

/// Attach the valid `user_organizational_units` rows to their users.
pub(super) fn secondary_ous(
    rows: Vec<UserOuRow>,
    users: &mut Users,
    ous: &Ous,
    rejects: &mut Rejects,
) {
    for row in Shrinking(rows) {
        let problem = if let Some(defect) = first_defect(&row.defects) {
            Some(defect)
        } else if let Some(reason) = users.refuse(&row.user_id, rejects) {
            Some(("user_id", reason))
        } else {
            ous.refuse(&row.ou_id, rejects)
                .map(|reason| ("ou_id", reason))
        };
        if let Some((field, reason)) = problem {
            rejects.user_ou(&row.user_id, &row.ou_id, field, reason);
            continue;
        }
        let Some(user) = users.valid.get_mut(row.user_id.as_str()) else {
            continue;
        };
        // The primary OU is a membership already; the redundant row is reported and dropped,
        // the user stays valid.
        if user.primary_ou.as_str() == row.ou_id {
            let reason = "is already the user's primary organizational unit".to_owned();
            rejects.user_ou(&row.user_id, &row.ou_id, "ou_id", reason);
            continue;
        }
        let ou = match ous.valid.get_key_value(row.ou_id.as_str()) {
            Some((id, _)) => id.clone(),
            None => ExtId::from(row.ou_id),
        };
        user.secondary_ous.insert(ou);
    }
}

/// The members of every valid group (an empty set for a group without members).
pub(super) fn members(
    rows: Vec<GroupMemberRow>,
    users: &Users,
    groups: &Groups,
    rejects: &mut Rejects,
) -> BTreeMap<ExtId, BTreeSet<ExtId>> {
    // Gathered as lists and packed into sets once: sets grown one random insert at a time
    // leave their B-tree nodes half empty.
    let mut members: BTreeMap<ExtId, Vec<ExtId>> = groups
        .valid
        .keys()
        .map(|id| (id.clone(), Vec::new()))
        .collect();
    for row in Shrinking(rows) {
        let problem = if let Some(defect) = first_defect(&row.defects) {
            Some(defect)
        } else if let Some(reason) = groups.refuse(&row.group_id, rejects) {
            Some(("group_id", reason))
        } else {
            users
                .refuse(&row.user_id, rejects)
                .map(|reason| ("user_id", reason))
        };
        if let Some((field, reason)) = problem {
            rejects.member(&row.group_id, &row.user_id, field, reason);
            continue;
        }
        // The member's id shares the user's allocation: half a million members are half a
        // million copies of a few strings otherwise.
        let user = match users.valid.get_key_value(row.user_id.as_str()) {
            Some((id, _)) => id.clone(),
            None => ExtId::from(row.user_id),
        };
        if let Some(list) = members.get_mut(row.group_id.as_str()) {
            list.push(user);
        }
    }
    (members.into_iter())
        .map(|(group, list)| (group, list.into_iter().collect()))
        .collect()
}
