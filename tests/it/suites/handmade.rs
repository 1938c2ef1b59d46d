//! Objects made by hand in EIAM beside the managed ones: eiam-sync must never touch them.
// Shared by the suites; not every suite uses every helper.
#![allow(dead_code)]

use std::collections::BTreeSet;

use eiam_sync::emulator::{
    AdminState, RunningEmulator, StateGroup, StateGroupMember, StateOu, StateUser,
};

/// Objects made by hand in EIAM, which eiam-sync must never touch.
#[derive(Debug, Clone, Default)]
pub struct Handmade {
    pub ous: Vec<StateOu>,
    pub users: Vec<StateUser>,
    pub groups: Vec<StateGroup>,
    pub members: Vec<StateGroupMember>,
}

/// Adds hand-made objects under the root: an OU with a user in it, a user at the root, a group
/// with both as members.
pub fn seed_handmade(emulator: &RunningEmulator) -> Handmade {
    let mut state = emulator.state();
    let root = emulator.root_ou_id().into_string();
    let ou = StateOu {
        organizational_unit_id: "ou_handmade".into(),
        organizational_unit_name: "Contractors (by hand)".into(),
        organizational_unit_external_id: "manual-ou".into(),
        parent_id: Some(root.clone()),
        ..Default::default()
    };
    let user = |id: &str, name: &str, ou: &str| StateUser {
        user_id: id.into(),
        username: name.into(),
        status: "enabled".into(),
        user_external_id: format!("manual-{name}"),
        organizational_unit_ids: vec![ou.to_owned()],
        primary_organizational_unit_id: Some(ou.to_owned()),
        display_name: Some(format!("{name} (by hand)")),
        ..Default::default()
    };
    let users = [
        user("user_hand1", "hand.one", "ou_handmade"),
        user("user_hand2", "hand.two", &root),
    ];
    let group = StateGroup {
        group_id: "group_handmade".into(),
        group_name: "Hand-made team".into(),
        group_external_id: "manual-group".into(),
        ..Default::default()
    };
    let members: Vec<StateGroupMember> = users
        .iter()
        .map(|u| StateGroupMember {
            group_id: group.group_id.clone(),
            user_id: u.user_id.clone(),
        })
        .collect();
    state.organizational_units.push(ou.clone());
    state.users.extend(users.iter().cloned());
    state.groups.push(group.clone());
    state.group_members.extend(members.iter().cloned());
    emulator.put_state(state).expect("hand-made objects");
    let now = emulator.state();
    let find_ou = |id: &str| {
        now.organizational_units
            .iter()
            .find(|o| o.organizational_unit_id == id)
            .cloned()
            .unwrap()
    };
    Handmade {
        ous: vec![find_ou("ou_handmade")],
        users: users
            .iter()
            .map(|u| {
                now.users
                    .iter()
                    .find(|x| x.user_id == u.user_id)
                    .cloned()
                    .unwrap()
            })
            .collect(),
        groups: vec![group],
        members,
    }
}

impl Handmade {
    pub fn ids(&self) -> BTreeSet<String> {
        self.ous
            .iter()
            .map(|o| o.organizational_unit_id.clone())
            .chain(self.users.iter().map(|u| u.user_id.clone()))
            .chain(self.groups.iter().map(|g| g.group_id.clone()))
            .collect()
    }

    /// What changed about the hand-made objects in `state`.
    pub fn changes(&self, state: &AdminState) -> Vec<String> {
        let mut out = Vec::new();
        for o in &self.ous {
            let now = state
                .organizational_units
                .iter()
                .find(|x| x.organizational_unit_id == o.organizational_unit_id);
            if now != Some(o) {
                out.push(format!("hand-made OU changed: {now:?}"));
            }
        }
        for u in &self.users {
            let now = state.users.iter().find(|x| x.user_id == u.user_id);
            let same = now.is_some_and(|n| {
                (
                    &n.username,
                    &n.status,
                    &n.user_external_id,
                    &n.organizational_unit_ids,
                    &n.display_name,
                ) == (
                    &u.username,
                    &u.status,
                    &u.user_external_id,
                    &u.organizational_unit_ids,
                    &u.display_name,
                )
            });
            if !same {
                out.push(format!("hand-made user changed: {now:?}"));
            }
        }
        for g in &self.groups {
            let now = state.groups.iter().find(|x| x.group_id == g.group_id);
            if now.map(|n| (&n.group_name, &n.group_external_id))
                != Some((&g.group_name, &g.group_external_id))
            {
                out.push(format!("hand-made group changed: {now:?}"));
            }
        }
        for m in &self.members {
            if !state.group_members.contains(m) {
                out.push(format!("hand-made membership removed: {m:?}"));
            }
        }
        out
    }
}
