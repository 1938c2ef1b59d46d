//! Group intentions: create, rename and delete groups (memberships are in `members`).

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::model::{EiamId, ExtId, GroupAttrs, GroupPatch, Kind};

use super::engine::{Blocker, Planner, Step};
use super::intent_set::Intent;
use super::types::{Changes, ObjRef, OpId, Payload};
use super::world::{GroupNode, Role};

/// At most this many user ids per AddUsersToGroup / RemoveUsersFromGroup call (the sibling
/// API's documented cap; the developer API states none).
pub const MEMBER_BATCH: usize = 100;

impl Planner<'_> {
    /// How an operation refers to the group: `Absent` only for one that will never exist.
    pub(super) fn group_ref(&self, ix: usize) -> ObjRef {
        self.world.groups[ix]
            .reference
            .clone()
            .unwrap_or(ObjRef::Absent)
    }

    /// The group's source id: every group the planner acts on has one.
    pub(super) fn group_ext(&self, ix: usize) -> Option<ExtId> {
        self.world.groups[ix].ext.clone()
    }

    pub(super) fn group_label(&self, ix: usize) -> String {
        let g = &self.world.groups[ix];
        match (&g.ext, &g.reference) {
            (Some(e), _) => e.to_string(),
            (None, Some(ObjRef::Id(id))) => id.to_string(),
            _ => g.attrs.name.clone(),
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
            .map(|d| d.attrs.name.clone())
    }

    pub fn seed_groups(&mut self) {
        for (ext, d) in &self.desired.groups {
            if self.adopted.rejects(Kind::Group, ext) {
                continue;
            }
            let ix = match self.world.group_by_ext.get(ext).copied() {
                Some(ix) if self.world.groups[ix].role == Role::Desired => {
                    if self.world.groups[ix].attrs.name != d.attrs.name {
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
                        attrs: d.attrs.clone(),
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
                Role::Desired => self
                    .desired_group_name(holder)
                    .is_some_and(|n| n != h.attrs.name),
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
        let old = std::mem::replace(&mut self.world.groups[ix].attrs.name, name.clone());
        if self.world.group_names.get(&old) == Some(&ix) {
            self.world.group_names.remove(&old);
            self.world.name_freed_by.insert(old, op);
        }
        self.world.group_names.insert(name, ix);
        self.world.groups[ix].last_op = Some(op);
    }

    pub fn step_group_create(&mut self, ix: usize) -> Step {
        let (Some(name), Some(ext)) = (self.desired_group_name(ix), self.group_ext(ix)) else {
            return Step::Done;
        };
        if let Err(step) = self.group_name_free(ix, &name) {
            return step;
        }
        let attrs = GroupAttrs { name: name.clone() };
        let changes = attrs.create_changes();
        let deps = [self.world.name_freed_by.get(&name).copied()];
        let op = self.emit(
            Kind::Group,
            ext,
            Payload::CreateGroup { attrs },
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
        let (Some(name), Some(ext)) = (self.desired_group_name(ix), self.group_ext(ix)) else {
            return Step::Done;
        };
        if self.world.groups[ix].attrs.name == name {
            return Step::Done;
        }
        if let Err(step) = self.group_name_free(ix, &name) {
            return step;
        }
        self.patch_group(ix, ext, name);
        Step::Done
    }

    pub(super) fn patch_group(&mut self, ix: usize, ext: ExtId, name: String) {
        let g = &self.world.groups[ix];
        let patch = GroupPatch {
            name: Some(name.clone()),
        };
        let changes = g.attrs.patch_changes(&patch);
        let deps = [g.last_op, self.world.name_freed_by.get(&name).copied()];
        let payload = Payload::PatchGroup {
            group: self.group_ref(ix),
            patch,
        };
        let op = self.emit(Kind::Group, ext, payload, changes, deps);
        self.rename_group_model(ix, name, op);
    }

    /// Deadlock breaker: a group in the way of another's name takes a temporary name.
    pub fn group_temp_rename(&mut self, ix: usize) -> bool {
        let g = &self.world.groups[ix];
        if !g.exists || g.role != Role::Desired {
            return false;
        }
        let Some(ext) = g.ext.clone() else {
            return false;
        };
        let names = std::mem::take(&mut self.world.group_names);
        let temp = self.temp_name("eiam-sync-tmp-", |n| names.contains_key(n));
        self.world.group_names = names;
        self.patch_group(ix, ext, temp);
        true
    }

    /// Delete an orphan group; EIAM refuses to delete a group with members, so they are
    /// removed first (the group is eiam-sync's own, and it is going away).
    pub fn step_group_delete(&mut self, ix: usize) -> Step {
        let g = &self.world.groups[ix];
        let (Some(ObjRef::Id(id)), Some(ext)) = (g.reference.clone(), g.ext.clone()) else {
            return Step::Done;
        };
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
            last = Some(self.emit(Kind::Group, ext.clone(), payload, changes, [last]));
        }
        let g = &mut self.world.groups[ix];
        g.members.clear();
        g.foreign.clear();
        let changes: Changes = [("name".to_owned(), [json!(g.attrs.name), Value::Null])].into();
        let mut deps: Vec<Option<OpId>> = g.leave_ops.iter().copied().map(Some).collect();
        deps.push(last);
        let op = self.emit(
            Kind::Group,
            ext,
            Payload::DeleteGroup { group: id },
            changes,
            deps,
        );
        let name = self.world.groups[ix].attrs.name.clone();
        if self.world.group_names.get(&name) == Some(&ix) {
            self.world.group_names.remove(&name);
            self.world.name_freed_by.insert(name, op);
        }
        let g = &mut self.world.groups[ix];
        g.exists = false;
        g.last_op = Some(op);
        Step::Done
    }

    pub fn block_group(&mut self, intent: Intent, ix: usize, why: String) {
        let g = &self.world.groups[ix];
        if !g.exists && matches!(intent, Intent::Members(_)) {
            // The blocked create already reports this group.
            return;
        }
        let Some(ext) = self.group_ext(ix) else {
            return;
        };
        let (kind, payload, changes): (Kind, Payload, Changes) = match intent {
            Intent::GroupDelete(_) => {
                // Only groups observed in EIAM are ever deleted.
                let Some(group) = g.reference.as_ref().and_then(|r| r.id().cloned()) else {
                    return;
                };
                let changes = [("name".to_owned(), [json!(g.attrs.name), Value::Null])].into();
                (Kind::Group, Payload::DeleteGroup { group }, changes)
            }
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
                    .unwrap_or_else(|| g.attrs.name.clone());
                let before = if g.exists {
                    json!(g.attrs.name)
                } else {
                    Value::Null
                };
                let payload = if g.exists {
                    Payload::PatchGroup {
                        group: self.group_ref(ix),
                        patch: GroupPatch {
                            name: Some(name.clone()),
                        },
                    }
                } else {
                    Payload::CreateGroup {
                        attrs: GroupAttrs { name: name.clone() },
                    }
                };
                (
                    Kind::Group,
                    payload,
                    [("name".to_owned(), [before, json!(name)])].into(),
                )
            }
        };
        self.emit_blocked(kind, ext, payload, changes, why);
    }
}
