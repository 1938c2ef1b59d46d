//! Whether the emulator holds what a snapshot says.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::emulator::AdminState;
use eiam_sync::model::Snapshot;

/// Assert that the emulator holds exactly what the snapshot says (for the snapshot's objects).
pub fn assert_matches(state: &AdminState, root: &str, s: &Snapshot) {
    let ou_ext: BTreeMap<&str, &str> = state
        .organizational_units
        .iter()
        .map(|o| {
            (
                o.organizational_unit_id.as_str(),
                o.organizational_unit_external_id.as_str(),
            )
        })
        .collect();
    let parent_ext = |id: &Option<String>| -> Option<String> {
        match id.as_deref() {
            None => None,
            Some(p) if p == root => None,
            Some(p) => ou_ext.get(p).map(|e| e.to_string()),
        }
    };
    let mut problems = Vec::new();
    for want in &s.organizational_units {
        match state
            .organizational_units
            .iter()
            .find(|o| o.organizational_unit_external_id == want.id)
        {
            None => problems.push(format!("ou {} missing", want.id)),
            Some(o) => {
                if o.organizational_unit_name != want.name
                    || parent_ext(&o.parent_id) != want.parent_id
                {
                    problems.push(format!(
                        "ou {}: {} under {:?}",
                        want.id,
                        o.organizational_unit_name,
                        parent_ext(&o.parent_id)
                    ));
                }
                if want.description.is_some() && o.description != want.description {
                    problems.push(format!("ou {}: description {:?}", want.id, o.description));
                }
            }
        }
    }
    let snapshot_ous: BTreeSet<&str> = s
        .organizational_units
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    for want in &s.users {
        let Some(u) = state.users.iter().find(|u| u.user_external_id == want.id) else {
            problems.push(format!("user {} missing", want.id));
            continue;
        };
        let primary = u
            .primary_organizational_unit_id
            .as_ref()
            .and_then(|p| ou_ext.get(p.as_str()).map(|e| e.to_string()));
        let secondary: BTreeSet<String> = u
            .organizational_unit_ids
            .iter()
            .filter_map(|o| ou_ext.get(o.as_str()))
            .filter(|e| snapshot_ous.contains(*e) && Some(e.to_string()) != primary)
            .map(|e| e.to_string())
            .collect();
        let wanted: BTreeSet<String> = s
            .user_organizational_units
            .iter()
            .filter(|r| r.user_id == want.id)
            .map(|r| r.ou_id.clone())
            .collect();
        let checks = [
            (
                "username",
                Some(u.username.clone()),
                Some(want.username.clone()),
            ),
            (
                "display_name",
                u.display_name.clone(),
                want.display_name.clone(),
            ),
            ("email", u.email.clone(), want.email.clone()),
            (
                "phone_number",
                u.phone_number.clone(),
                want.phone_number.clone(),
            ),
            (
                "status",
                Some(u.status.clone()),
                Some(want.status.to_string()),
            ),
            (
                "primary_ou",
                primary.clone(),
                Some(want.primary_ou_id.clone()),
            ),
        ];
        for (field, have, wanted_value) in checks {
            if wanted_value.is_some() && have != wanted_value {
                problems.push(format!(
                    "user {} {field}: {have:?} != {wanted_value:?}",
                    want.id
                ));
            }
        }
        if secondary != wanted {
            problems.push(format!(
                "user {} secondary OUs: {secondary:?} != {wanted:?}",
                want.id
            ));
        }
    }
    let user_ext: BTreeMap<&str, &str> = state
        .users
        .iter()
        .map(|u| (u.user_id.as_str(), u.user_external_id.as_str()))
        .collect();
    let snapshot_users: BTreeSet<&str> = s.users.iter().map(|u| u.id.as_str()).collect();
    for want in &s.groups {
        let Some(g) = state.groups.iter().find(|g| g.group_external_id == want.id) else {
            problems.push(format!("group {} missing", want.id));
            continue;
        };
        if g.group_name != want.name {
            problems.push(format!("group {}: name {}", want.id, g.group_name));
        }
        let members: BTreeSet<&str> = state
            .group_members
            .iter()
            .filter(|m| m.group_id == g.group_id)
            .filter_map(|m| user_ext.get(m.user_id.as_str()).copied())
            .filter(|e| snapshot_users.contains(e))
            .collect();
        let wanted: BTreeSet<&str> = s
            .group_members
            .iter()
            .filter(|m| m.group_id == want.id)
            .map(|m| m.user_id.as_str())
            .collect();
        if members != wanted {
            problems.push(format!(
                "group {} members: {members:?} != {wanted:?}",
                want.id
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "EIAM does not match the snapshot:\n{}",
        problems.join("\n")
    );
}
