//! Group intentions: create, rename and delete groups, and bring memberships in line, batched
//! per group.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::{EiamId, Kind};

use super::engine::{Blocker, Intent, Planner, Step};
use super::types::{Changes, ObjRef, OpId, Payload};
use super::world::{GroupNode, Role};

/// At most this many user ids per AddUsersToGroup / RemoveUsersFromGroup call (the sibling
/// API's documented cap; the developer API states none).
pub const MEMBER_BATCH: usize = 100;

impl Planner<'_> {
    pub(super) fn group_ref(&self, ix: usize) -> ObjRef {
        self.world.groups[ix]
            .reference
            .clone()
            .unwrap_or_else(|| ObjRef::Id(EiamId::new("(not created)")))
    }

    pub(super) fn group_label(&self, ix: usize) -> String {
        let g = &self.world.groups[ix];
        match (&g.ext, &g.reference) {
            (Some(e), _) => e.to_string(),
            (None, Some(ObjRef::Id(id))) => id.to_string(),
            _ => g.name.clone(),
        }
    }

    pub(super) fn desired_group_name(&self, ix: usize) -> Option<String> {
        let g = &self.world.groups[ix];
        if g.role != Role::Desired {
            return None;
        }
        self.desired
            .groups
            .get(g.ext.as_ref()?)
            .map(|d| d.name.clone())
    }

    pub fn seed_groups(&mut self) {
        for (ext, d) in &self.desired.groups {
            let ix = match self.world.group_by_ext.get(ext).copied() {
                Some(ix) if self.world.groups[ix].role == Role::Desired => {
                    if self.world.groups[ix].name != d.name {
                        self.pending.push(Intent::GroupRename(ix));
                    }
                    ix
                }
                _ => {
                    let ix = self.world.groups.len();
                    self.world.groups.push(GroupNode {
                        reference: None,
                        ext: Some(ext.clone()),
                        role: Role::Desired,
                        exists: false,
                        name: d.name.clone(),
                        members: BTreeSet::new(),
                        foreign: BTreeSet::new(),
                        leave_ops: Vec::new(),
                        last_op: None,
                        deleting: false,
                    });
                    self.world.group_by_ext.insert(ext.clone(), ix);
                    self.pending.push(Intent::GroupCreate(ix));
                    ix
                }
            };
            self.pending.push(Intent::Members(ix));
        }
        for ix in 0..self.world.groups.len() {
            if self.world.groups[ix].role == Role::Orphan {
                self.world.groups[ix].deleting = true;
                self.pending.push(Intent::GroupDelete(ix));
            }
        }
    }

    pub(super) fn group_name_free(&self, ix: usize, name: &str) -> Result<(), Step> {
        let Some(&holder) = self.world.group_names.get(name) else {
            return Ok(());
        };
        if holder == ix {
            return Ok(());
        }
        let h = &self.world.groups[holder];
        let gave_up = self.blocked.contains(&Intent::GroupRename(holder))
            || self.blocked.contains(&Intent::GroupDelete(holder));
        let releases = !gave_up
            && match h.role {
                Role::Orphan => h.deleting && h.exists,
                Role::Desired => self.desired_group_name(holder).is_some_and(|n| n != h.name),
                _ => false,
            };
        if releases {
            return Err(Step::Wait(
                Blocker::GroupName(holder),
                format!(
                    "waiting for group {} to give up the name",
                    self.group_label(holder)
                ),
            ));
        }
        let who = match h.role {
            Role::Unmanaged => "a group eiam-sync does not manage",
            Role::Frozen => "a group whose snapshot record was rejected",
            _ => "another group of the snapshot",
        };
        Err(Step::Blocked(format!(
            "the group name `{name}` is already used by {who} ({})",
            self.group_label(holder)
        )))
    }

    pub(super) fn rename_group_model(&mut self, ix: usize, name: String, op: OpId) {
        let old = std::mem::replace(&mut self.world.groups[ix].name, name.clone());
        if self.world.group_names.get(&old) == Some(&ix) {
            self.world.group_names.remove(&old);
            self.world.name_freed_by.insert(old, op);
        }
        self.world.group_names.insert(name, ix);
        self.world.groups[ix].last_op = Some(op);
    }

    pub fn step_group_create(&mut self, ix: usize) -> Step {
        let Some(name) = self.desired_group_name(ix) else {
            return Step::Done;
        };
        if let Err(step) = self.group_name_free(ix, &name) {
            return step;
        }
        let changes: Changes = [("name".to_owned(), [Value::Null, json!(name)])].into();
        let deps = [self.world.name_freed_by.get(&name).copied()];
        let label = self.group_label(ix);
        let op = self.emit(
            Kind::Group,
            label,
            Payload::CreateGroup { name: name.clone() },
            changes,
            deps,
        );
        let g = &mut self.world.groups[ix];
        g.exists = true;
        g.reference = Some(ObjRef::Created(op));
        self.world.group_names.insert(name, ix);
        self.world.groups[ix].last_op = Some(op);
        Step::Done
    }

    pub fn step_group_rename(&mut self, ix: usize) -> Step {
        let Some(name) = self.desired_group_name(ix) else {
            return Step::Done;
        };
        if self.world.groups[ix].name == name {
            return Step::Done;
        }
        if let Err(step) = self.group_name_free(ix, &name) {
            return step;
        }
        self.patch_group(ix, name);
        Step::Done
    }

    pub(super) fn patch_group(&mut self, ix: usize, name: String) {
        let g = &self.world.groups[ix];
        let changes: Changes = [("name".to_owned(), [json!(g.name), json!(name)])].into();
        let deps = [g.last_op, self.world.name_freed_by.get(&name).copied()];
        let payload = Payload::PatchGroup {
            group: self.group_ref(ix),
            name: name.clone(),
        };
        let op = self.emit(Kind::Group, self.group_label(ix), payload, changes, deps);
        self.rename_group_model(ix, name, op);
    }

    /// Deadlock breaker: a group in the way of another's name takes a temporary name.
    pub fn group_temp_rename(&mut self, ix: usize) -> bool {
        let g = &self.world.groups[ix];
        if !g.exists || g.role != Role::Desired {
            return false;
        }
        let names = std::mem::take(&mut self.world.group_names);
        let temp = self.temp_name("eiam-sync-tmp-", |n| names.contains_key(n));
        self.world.group_names = names;
        self.patch_group(ix, temp);
        true
    }

    /// Delete an orphan group; EIAM refuses to delete a group with members, so they are
    /// removed first (the group is eiam-sync's own, and it is going away).
    pub fn step_group_delete(&mut self, ix: usize) -> Step {
        let g = &self.world.groups[ix];
        let Some(ObjRef::Id(id)) = g.reference.clone() else {
            return Step::Done;
        };
        let label = self.group_label(ix);
        let mut members: Vec<(String, EiamId)> = g
            .members
            .iter()
            .filter_map(|&u| {
                let user = &self.world.users[u];
                let id = user.reference.as_ref().and_then(|r| r.id().cloned())?;
                Some((self.world.user_label(u), id))
            })
            .collect();
        members.extend(g.foreign.iter().map(|id| (id.to_string(), id.clone())));
        let mut last = g.last_op;
        for chunk in members.chunks(MEMBER_BATCH) {
            let labels: Vec<&str> = chunk.iter().map(|(l, _)| l.as_str()).collect();
            let changes: Changes = [("members".to_owned(), [json!(labels), Value::Null])].into();
            let payload = Payload::RemoveUsersFromGroup {
                group: ObjRef::Id(id.clone()),
                users: chunk.iter().map(|(_, i)| i.clone()).collect(),
            };
            // Part of deleting the group (kind `group`): `--only memberships` must not empty a
            // group whose deletion it leaves out.
            last = Some(self.emit(Kind::Group, label.clone(), payload, changes, [last]));
        }
        let g = &mut self.world.groups[ix];
        g.members.clear();
        g.foreign.clear();
        let changes: Changes = [("name".to_owned(), [json!(g.name), Value::Null])].into();
        let mut deps: Vec<Option<OpId>> = g.leave_ops.iter().copied().map(Some).collect();
        deps.push(last);
        let op = self.emit(
            Kind::Group,
            label,
            Payload::DeleteGroup { group: id },
            changes,
            deps,
        );
        let name = self.world.groups[ix].name.clone();
        if self.world.group_names.get(&name) == Some(&ix) {
            self.world.group_names.remove(&name);
            self.world.name_freed_by.insert(name, op);
        }
        let g = &mut self.world.groups[ix];
        g.exists = false;
        g.last_op = Some(op);
        Step::Done
    }

    pub fn step_members(&mut self, ix: usize) -> Step {
        let g = &self.world.groups[ix];
        if !g.exists {
            return Step::Wait(
                Blocker::Other,
                "waiting for the group to be created".to_owned(),
            );
        }
        let Some(gext) = g.ext.clone() else {
            return Step::Done;
        };
        let wanted = self.desired.members.get(&gext);
        let mut ready = Vec::new();
        let mut waiting = 0usize;
        let mut wanted_ix = BTreeSet::new();
        for uext in wanted.into_iter().flatten() {
            let Some(&u) = self.world.user_by_ext.get(uext) else {
                continue;
            };
            wanted_ix.insert(u);
            if g.members.contains(&u) {
                continue;
            }
            if self.world.users[u].exists {
                ready.push(u);
            } else {
                waiting += 1;
            }
        }
        let removes: Vec<usize> = g
            .members
            .iter()
            .copied()
            .filter(|u| !wanted_ix.contains(u))
            .filter(|&u| {
                let user = &self.world.users[u];
                // Only members eiam-sync manages as valid snapshot users are removed; leavers,
                // rejected and unmanaged users keep their memberships.
                user.role == Role::Desired
                    && user.ext.as_ref().is_some_and(|ue| {
                        !self
                            .desired
                            .rejected_members
                            .contains(&(gext.clone(), ue.clone()))
                    })
            })
            .collect();
        let emitted = !ready.is_empty() || !removes.is_empty();
        for chunk in ready.chunks(MEMBER_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&u| self.world.user_label(u)).collect();
            let changes: Changes = [("members".to_owned(), [Value::Null, json!(labels)])].into();
            let mut deps: Vec<Option<OpId>> = chunk.iter().map(|&u| self.user_dep(u)).collect();
            deps.push(self.world.groups[ix].last_op);
            let payload = Payload::AddUsersToGroup {
                group: self.group_ref(ix),
                users: chunk.iter().map(|&u| self.user_ref(u)).collect(),
            };
            let op = self.emit(Kind::Membership, gext.to_string(), payload, changes, deps);
            self.world.groups[ix].members.extend(chunk.iter().copied());
            self.world.groups[ix].last_op = Some(op);
        }
        for chunk in removes.chunks(MEMBER_BATCH) {
            let labels: Vec<String> = chunk.iter().map(|&u| self.world.user_label(u)).collect();
            let changes: Changes = [("members".to_owned(), [json!(labels), Value::Null])].into();
            let ids = chunk
                .iter()
                .filter_map(|&u| {
                    self.world.users[u]
                        .reference
                        .as_ref()
                        .and_then(|r| r.id().cloned())
                })
                .collect();
            let payload = Payload::RemoveUsersFromGroup {
                group: self.group_ref(ix),
                users: ids,
            };
            let op = self.emit(
                Kind::Membership,
                gext.to_string(),
                payload,
                changes,
                [self.world.groups[ix].last_op],
            );
            for u in chunk {
                self.world.groups[ix].members.remove(u);
            }
            self.world.groups[ix].last_op = Some(op);
        }
        match (waiting, emitted) {
            (0, _) => Step::Done,
            (_, true) => Step::Progress,
            (n, false) => Step::Wait(
                Blocker::Other,
                format!("waiting for {n} member(s) to be created"),
            ),
        }
    }

    pub fn block_group(&mut self, intent: Intent, ix: usize, why: String) {
        let g = &self.world.groups[ix];
        if !g.exists && matches!(intent, Intent::Members(_)) {
            // The blocked create already reports this group.
            return;
        }
        let label = self.group_label(ix);
        let (kind, payload, changes): (Kind, Payload, Changes) = match intent {
            Intent::GroupDelete(_) => (
                Kind::Group,
                Payload::DeleteGroup {
                    group: g
                        .reference
                        .as_ref()
                        .and_then(|r| r.id().cloned())
                        .unwrap_or_default(),
                },
                [("name".to_owned(), [json!(g.name), Value::Null])].into(),
            ),
            Intent::Members(_) => {
                let missing: Vec<String> = g
                    .ext
                    .as_ref()
                    .and_then(|e| self.desired.members.get(e))
                    .into_iter()
                    .flatten()
                    .filter(|u| {
                        self.world
                            .user_by_ext
                            .get(*u)
                            .is_none_or(|&ix| !g.members.contains(&ix))
                    })
                    .map(|u| u.to_string())
                    .collect();
                (
                    Kind::Membership,
                    Payload::AddUsersToGroup {
                        group: self.group_ref(ix),
                        users: Vec::new(),
                    },
                    [("members".to_owned(), [Value::Null, json!(missing)])].into(),
                )
            }
            _ => {
                let name = self
                    .desired_group_name(ix)
                    .unwrap_or_else(|| g.name.clone());
                let before = if g.exists { json!(g.name) } else { Value::Null };
                let payload = if g.exists {
                    Payload::PatchGroup {
                        group: self.group_ref(ix),
                        name: name.clone(),
                    }
                } else {
                    Payload::CreateGroup { name: name.clone() }
                };
                (
                    Kind::Group,
                    payload,
                    [("name".to_owned(), [before, json!(name)])].into(),
                )
            }
        };
        self.emit_blocked(kind, label, payload, changes, why);
    }
}
