//! User intentions: create and patch only what differs, keeping usernames, emails and
//! phone numbers unique after every single operation.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::model::{
    DesiredUser, Email, ExtId, KeyTable, Kind, Phone, UserAttrs, UserPatch, UserStatus,
};
use crate::plan::types::UserRemoval;

use super::engine::{Blocker, Planner, Step};
use super::intent_set::Intent;
use super::types::{ObjRef, OpId, Payload};
use super::world::{Key, NodeAttrs, Role, UserNode};

impl Planner<'_> {
    pub(super) fn desired_user(&self, ix: usize) -> Option<&DesiredUser> {
        let u = &self.world.users[ix];
        if u.role != Role::Desired {
            return None;
        }
        self.desired.users.get(u.ext.as_ref()?)
    }

    /// The operation that creates (or adopts) the user, when the plan does.
    pub fn user_dep(&self, ix: usize) -> Option<OpId> {
        match self.world.users[ix].reference {
            Some(ObjRef::Created(op)) => Some(op),
            _ => self.adopted.op(Kind::User, ix),
        }
    }

    /// How an operation refers to the user: `Absent` only for one that will never exist.
    pub fn user_ref(&self, ix: usize) -> ObjRef {
        self.world.users[ix]
            .reference
            .clone()
            .unwrap_or(ObjRef::Absent)
    }

    /// The user's source id: every user the planner acts on has one (a snapshot user or a
    /// leaver eiam-sync created).
    pub(super) fn user_ext(&self, ix: usize) -> Option<ExtId> {
        self.world.users[ix].ext.clone()
    }

    /// Whether user `u` remains a member of OU `o` once the plan has run.
    pub fn user_stays_in(&self, u: usize, o: usize) -> bool {
        let user = &self.world.users[u];
        match user.role {
            Role::Unmanaged | Role::Frozen | Role::Root => true,
            Role::Orphan => self.removal_of(u) == UserRemoval::Disable,
            Role::Desired => {
                let ou = &self.world.ous[o];
                let (Some(d), Some(ou_ext)) = (self.desired_user(u), ou.ext.as_ref()) else {
                    return true;
                };
                if d.primary_ou == *ou_ext || d.secondary_ous.contains(ou_ext) {
                    return true;
                }
                let managed = matches!(ou.role, Role::Desired | Role::Orphan);
                let rejected = self
                    .desired
                    .is_unreadable(KeyTable::UserOrganizationalUnits)
                    || (self.desired.rejected_user_ous)
                        .contains(&(d.external_id.clone(), ou_ext.clone()));
                !managed || rejected
            }
        }
    }

    /// Seed user intentions for every desired user and every leaver.
    pub fn seed_users(&mut self) {
        for (ext, d) in &self.desired.users {
            if self.adopted.rejects(Kind::User, ext) {
                continue;
            }
            match self.world.user_by_ext.get(ext).copied() {
                Some(ix) if self.world.users[ix].role == Role::Desired => {
                    self.pending.extend([
                        Intent::UserFields(ix),
                        Intent::UserPrimary(ix),
                        Intent::UserSecondary(ix),
                        Intent::UserStatus(ix),
                    ]);
                }
                _ => {
                    let ix = self.world.users.len();
                    self.world.users.push(UserNode {
                        reference: None,
                        ext: Some(ext.clone()),
                        role: Role::Desired,
                        exists: false,
                        attrs: NodeAttrs::Planned(Arc::new(UserAttrs {
                            username: d.attrs.username.clone(),
                            ..Default::default()
                        })),
                        status: UserStatus::Enabled,
                        primary: None,
                        ous: Default::default(),
                        chains: Default::default(),
                    });
                    self.world.user_by_ext.insert(ext.clone(), ix);
                    self.pending.extend([
                        Intent::UserCreate(ix),
                        Intent::UserSecondary(ix),
                        Intent::UserStatus(ix),
                    ]);
                }
            }
        }
        for ix in 0..self.world.users.len() {
            let u = &self.world.users[ix];
            if u.role == Role::Orphan
                && u.exists
                && (self.removal_of(ix) == UserRemoval::Delete || u.status == UserStatus::Enabled)
            {
                self.pending.push(Intent::UserLeave(ix));
            }
        }
    }

    /// The unique values the snapshot wants for a user (only those it sets).
    pub(super) fn wanted_keys(d: &DesiredUser) -> Vec<(Key, String)> {
        d.attrs.unique_values()
    }

    /// Whether `holder` will give up `value` of `key` later in the plan.
    pub(super) fn user_will_release(&self, holder: usize, key: Key, value: &str) -> bool {
        let u = &self.world.users[holder];
        match u.role {
            Role::Orphan => {
                self.removal_of(holder) == UserRemoval::Delete
                    && u.exists
                    && !self.blocked.contains(&Intent::UserLeave(holder))
            }
            Role::Desired if self.blocked.contains(&Intent::UserFields(holder)) => false,
            Role::Desired => match self.desired_user(holder) {
                Some(d) => Self::wanted_keys(d)
                    .iter()
                    .any(|(k, v)| *k == key && v != value),
                None => false,
            },
            _ => false,
        }
    }

    /// Check that every wanted value is free (or already this user's); say what is in the way.
    pub(super) fn keys_free(&self, ix: usize, wanted: &[(Key, String)]) -> Result<(), Step> {
        for (key, value) in wanted {
            let Some(holder) = self.world.key_holder(*key, value) else {
                continue;
            };
            if holder == ix {
                continue;
            }
            if self.user_will_release(holder, *key, value) {
                return Err(Step::Wait(
                    Blocker::UserKey(holder, *key),
                    format!(
                        "waiting for user {} to give up this {}",
                        self.world.user_label(holder),
                        key.field()
                    ),
                ));
            }
            let who = match self.world.users[holder].role {
                Role::Unmanaged => "a user eiam-sync does not manage",
                Role::Frozen => "a user whose snapshot record was rejected",
                Role::Orphan => "a disabled leaver (user_removal = \"disable\" keeps it)",
                _ if *key != Key::Username => {
                    "a user whose snapshot record leaves it empty (the API cannot clear it)"
                }
                _ => "another user of the snapshot",
            };
            return Err(Step::Blocked(format!(
                "its {} is already used by {who} ({})",
                key.field(),
                self.world.user_label(holder)
            )));
        }
        Ok(())
    }

    pub(super) fn key_deps(&self, wanted: &[(Key, String)]) -> Vec<Option<OpId>> {
        wanted
            .iter()
            .map(|k| self.world.key_freed_by.get(k).copied())
            .collect()
    }

    /// Change a user's attributes in the model, moving unique values from old to new.
    pub(super) fn set_user_attrs(
        &mut self,
        ix: usize,
        op: OpId,
        change: impl for<'w> FnOnce(&mut NodeAttrs<'w>),
    ) {
        let old = self.world.user_key_values(ix);
        change(&mut self.world.users[ix].attrs);
        let new = self.world.user_key_values(ix);
        for (key, value) in old.into_iter().filter(|k| !new.contains(k)) {
            self.world.release_key(ix, key, value, op);
        }
        for (key, value) in new {
            self.world.user_keys.insert((key, Cow::Owned(value)), ix);
        }
    }

    pub fn step_user_create(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix).cloned() else {
            return Step::Done;
        };
        let Some(&p) = self.world.ou_by_ext.get(&d.primary_ou) else {
            return Step::Blocked("its primary OU is not in EIAM".to_owned());
        };
        if !self.world.ous[p].exists {
            return Step::Wait(
                Blocker::Other,
                format!(
                    "waiting for its primary OU {} to be created",
                    self.world.ou_label(p)
                ),
            );
        }
        let wanted = Self::wanted_keys(&d);
        if let Err(step) = self.keys_free(ix, &wanted) {
            return step;
        }
        let mut changes = d.attrs.create_changes();
        changes.insert(
            "primary_ou".into(),
            [Value::Null, json!(self.world.ou_label(p))],
        );
        let mut deps = self.key_deps(&wanted);
        deps.push(self.ou_dep(p));
        let payload = Payload::CreateUser {
            primary_ou: self.ou_ref(p),
            attrs: d.attrs.clone(),
        };
        let op = self.emit(Kind::User, d.external_id.clone(), payload, changes, deps);
        self.set_user_attrs(ix, op, |a| *a = NodeAttrs::Planned(d.attrs));
        let u = &mut self.world.users[ix];
        u.exists = true;
        u.reference = Some(ObjRef::Created(op));
        u.primary = Some(p);
        u.ous.insert(p);
        self.world.ous[p].members += 1;
        Step::Done
    }

    /// What of an existing user differs from the snapshot (attributes it leaves empty are kept).
    pub(super) fn user_patch(&self, ix: usize, d: &DesiredUser) -> UserPatch {
        self.world.users[ix].attrs.diff(&d.attrs)
    }

    pub fn step_user_fields(&mut self, ix: usize) -> Step {
        let Some(d) = self.desired_user(ix).cloned() else {
            return Step::Done;
        };
        let patch = self.user_patch(ix, &d);
        if patch.is_empty() {
            return Step::Done;
        }
        let wanted: Vec<(Key, String)> = Self::wanted_keys(&d);
        if let Err(step) = self.keys_free(ix, &wanted) {
            return step;
        }
        self.patch_user(ix, d.external_id, patch, &wanted);
        Step::Done
    }

    pub(super) fn patch_user(
        &mut self,
        ix: usize,
        ext: ExtId,
        patch: UserPatch,
        wanted: &[(Key, String)],
    ) -> OpId {
        let changes = self.world.users[ix].attrs.patch_changes(&patch);
        let mut deps = self.key_deps(wanted);
        deps.push(self.user_dep(ix));
        deps.push(self.world.users[ix].chains.fields);
        let payload = Payload::PatchUser {
            user: self.user_ref(ix),
            patch: Box::new(patch.clone()),
        };
        let op = self.emit(Kind::User, ext, payload, changes, deps);
        self.set_user_attrs(ix, op, |a| a.change(|a| a.apply(&patch)));
        self.world.users[ix].chains.fields = Some(op);
        op
    }

    /// Deadlock breaker: give a user that holds a wanted value a temporary one.
    pub fn user_temp_key(&mut self, ix: usize, key: Key) -> bool {
        let u = &self.world.users[ix];
        if !u.exists || u.role != Role::Desired {
            return false;
        }
        let Some(ext) = u.ext.clone() else {
            return false;
        };
        let email_verified = u.attrs.email.as_ref().is_some_and(|e| e.verified);
        let region = u.attrs.phone.as_ref().map(|p| p.region.clone());
        let region = region.unwrap_or_else(|| "86".to_owned());
        let phone_verified = u.attrs.phone.as_ref().is_some_and(|p| p.verified);
        let keys = std::mem::take(&mut self.world.user_keys);
        let taken = |k: Key, v: String| keys.contains_key(&(k, Cow::Owned(v)));
        let mut patch = UserPatch::default();
        match key {
            Key::Username => {
                let name = self.temp_name("eiam-sync-tmp.", |n| taken(Key::Username, n.to_owned()));
                patch.username = Some(name);
            }
            Key::Email => {
                let local = self.temp_name("eiam-sync-tmp.", |l| {
                    taken(Key::Email, format!("{l}@example.invalid"))
                });
                patch.email = Some(Email {
                    address: format!("{local}@example.invalid"),
                    verified: email_verified,
                });
            }
            Key::Phone => {
                let n = self.temp_name("99", |n| taken(Key::Phone, format!("{n:0<15}")));
                patch.phone = Some(Phone {
                    region,
                    number: format!("{n:0<15}"),
                    verified: phone_verified,
                });
            }
        }
        self.world.user_keys = keys;
        self.patch_user(ix, ext, patch, &[]);
        true
    }
}
