//! What an administrator made by hand before eiam-sync arrived: objects seeded through the
//! emulator's admin API, each with its own EIAM id as external id (what EIAM gives when none
//! is); and the emulator's state as eiam-sync knows it once it adopted some.

use eiam_sync::emulator::{AdminState, StateGroup, StateGroupMember, StateOu, StateUser};
use eiam_sync::model::Kind;

use crate::support::harness::Env;

/// The console-made part of an instance, put on top of what the emulator holds.
pub struct Console {
    state: AdminState,
    root: String,
}

impl Console {
    pub fn of(env: &Env) -> Console {
        Console {
            state: env.state(),
            root: env.root.clone(),
        }
    }

    /// An OU under `parent` (the sync root when `None`).
    pub fn ou(mut self, id: &str, parent: Option<&str>, name: &str) -> Self {
        self.state.organizational_units.push(StateOu {
            organizational_unit_id: id.into(),
            organizational_unit_name: name.into(),
            organizational_unit_external_id: id.into(),
            parent_id: Some(parent.unwrap_or(&self.root).to_owned()),
            ..Default::default()
        });
        self
    }

    /// An account in `ous` (the first is its primary OU), with an email of `email`.
    pub fn user(mut self, id: &str, username: &str, email: Option<&str>, ous: &[&str]) -> Self {
        self.state.users.push(StateUser {
            user_id: id.into(),
            username: username.into(),
            status: "enabled".into(),
            user_external_id: id.into(),
            organizational_unit_ids: ous.iter().map(|o| (*o).to_owned()).collect(),
            primary_organizational_unit_id: ous.first().map(|o| (*o).to_owned()),
            display_name: Some(format!("{username} (console)")),
            email: email.map(Into::into),
            email_verified: email.map(|_| true),
            ..Default::default()
        });
        self
    }

    pub fn group(mut self, id: &str, name: &str, members: &[&str]) -> Self {
        self.state.groups.push(StateGroup {
            group_id: id.into(),
            group_name: name.into(),
            group_external_id: id.into(),
            ..Default::default()
        });
        self.state
            .group_members
            .extend(members.iter().map(|m| StateGroupMember {
                group_id: id.into(),
                user_id: (*m).into(),
            }));
        self
    }

    /// Make the object `id` one of IDaaS's inbound sync (`ding_talk`, `ad`, `ldap`).
    pub fn source(mut self, id: &str, source_type: &str) -> Self {
        let s = Some(source_type.to_owned());
        let corp = Some("corp-1".to_owned());
        for o in
            (self.state.organizational_units.iter_mut()).filter(|o| o.organizational_unit_id == id)
        {
            (
                o.organizational_unit_source_type,
                o.organizational_unit_source_id,
            ) = (s.clone(), corp.clone());
        }
        for u in self.state.users.iter_mut().filter(|u| u.user_id == id) {
            (u.user_source_type, u.user_source_id) = (s.clone(), corp.clone());
        }
        for g in self.state.groups.iter_mut().filter(|g| g.group_id == id) {
            (g.group_source_type, g.group_source_id) = (s.clone(), corp.clone());
        }
        self
    }

    pub fn put(self, env: &Env) {
        env.emulator
            .put_state(self.state)
            .expect("console objects seeded");
    }
}

/// The emulator's state with every object an adoption rule linked to a record showing that
/// record's external id (EIAM keeps its own; the state store holds the link).
pub async fn as_known(env: &Env) -> AdminState {
    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    let link = |kind: Kind, id: &str| {
        (ownership.objects.iter())
            .find(|((k, _), o)| *k == kind && o.eiam_id == id && o.matched_by.is_some())
            .map(|((_, ext), _)| ext.to_string())
    };
    let mut state = env.state();
    for o in &mut state.organizational_units {
        if let Some(e) = link(Kind::OrganizationalUnit, &o.organizational_unit_id) {
            o.organizational_unit_external_id = e;
        }
    }
    for u in &mut state.users {
        if let Some(e) = link(Kind::User, &u.user_id) {
            u.user_external_id = e;
        }
    }
    for g in &mut state.groups {
        if let Some(e) = link(Kind::Group, &g.group_id) {
            g.group_external_id = e;
        }
    }
    state
}

/// The console-made object `id` as the emulator holds it now.
pub fn user(env: &Env, id: &str) -> StateUser {
    (env.state().users.into_iter())
        .find(|u| u.user_id == id)
        .unwrap_or_else(|| panic!("user {id} is gone"))
}
