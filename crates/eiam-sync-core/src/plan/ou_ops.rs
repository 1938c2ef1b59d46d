//! The OU operations themselves (rename, move, delete), the deadlock breakers that use a
//! temporary name or position, and reporting what cannot run.

use serde_json::{Value, json};

use crate::model::{ExtId, Kind, OuPatch};

use super::engine::{Blocker, Planner, Step};
use super::intent_set::Intent;
use super::ous::change;
use super::types::{ObjRef, OpId, Payload};
use super::world::Role;

impl Planner<'_> {
    pub(super) fn ou_temp_name(&mut self, a: usize, b: usize) -> String {
        let slots = std::mem::take(&mut self.world.ou_slots);
        let name = self.temp_name("eiam-sync-tmp-", |n| {
            slots.contains_key(&(a, n.to_owned())) || slots.contains_key(&(b, n.to_owned()))
        });
        self.world.ou_slots = slots;
        name
    }

    pub(super) fn patch_ou(&mut self, ix: usize, ext: ExtId, patch: OuPatch) -> OpId {
        let node = &self.world.ous[ix];
        let parent = node.parent.unwrap_or(self.world.root);
        let changes = node.attrs.patch_changes(&patch);
        let deps = [
            node.last_op,
            patch
                .name
                .as_ref()
                .and_then(|n| self.world.slot_freed_by.get(&(parent, n.clone())).copied()),
        ];
        let payload = Payload::PatchOu {
            ou: self.ou_ref(ix),
            patch: patch.clone(),
        };
        let op = self.emit(Kind::OrganizationalUnit, ext, payload, changes, deps);
        if let Some(n) = &patch.name {
            let old = self.world.ous[ix].attrs.name.clone();
            self.world.ou_slots.remove(&(parent, old.clone()));
            self.world.slot_freed_by.insert((parent, old), op);
            self.world.ou_slots.insert((parent, n.clone()), ix);
        }
        let node = &mut self.world.ous[ix];
        node.attrs.apply(&patch);
        node.last_op = Some(op);
        op
    }

    pub(super) fn move_ou(&mut self, ix: usize, ext: ExtId, target: usize) -> OpId {
        let node = &self.world.ous[ix];
        let old_parent = node.parent.unwrap_or(self.world.root);
        let name = node.attrs.name.clone();
        let changes = change(&[(
            "parent",
            json!(self.world.ou_label(old_parent)),
            json!(self.world.ou_label(target)),
        )]);
        let mut deps = vec![
            node.last_op,
            self.ou_dep(target),
            self.world
                .slot_freed_by
                .get(&(target, name.clone()))
                .copied(),
        ];
        deps.extend(self.world.chain_moves(target).into_iter().map(Some));
        let payload = Payload::MoveOu {
            ou: self.ou_ref(ix),
            parent: self.ou_ref(target),
        };
        let op = self.emit(Kind::OrganizationalUnit, ext, payload, changes, deps);
        let w = &mut self.world;
        w.ou_slots.remove(&(old_parent, name.clone()));
        w.slot_freed_by.insert((old_parent, name.clone()), op);
        w.ous[old_parent].children = w.ous[old_parent].children.saturating_sub(1);
        w.ous[old_parent].leave_ops.push(op);
        w.ous[target].children += 1;
        w.ou_slots.insert((target, name), ix);
        w.ous[ix].parent = Some(target);
        w.ous[ix].last_op = Some(op);
        w.moved_by.insert(ix, op);
        op
    }

    pub fn step_ou_delete(&mut self, ix: usize) -> Step {
        let node = &self.world.ous[ix];
        if node.children > 0 || node.members > 0 {
            return Step::Wait(
                Blocker::Other,
                format!(
                    "waiting for its {} child OU(s) and {} member(s) to leave",
                    node.children, node.members
                ),
            );
        }
        let (Some(ObjRef::Id(id)), Some(ext)) = (node.reference.clone(), node.ext.clone()) else {
            return Step::Done;
        };
        let parent = node.parent.unwrap_or(self.world.root);
        let name = node.attrs.name.clone();
        let mut deps: Vec<Option<OpId>> = node.leave_ops.iter().copied().map(Some).collect();
        deps.push(node.last_op);
        let changes = change(&[("name", json!(name), Value::Null)]);
        let op = self.emit(
            Kind::OrganizationalUnit,
            ext,
            Payload::DeleteOu { ou: id },
            changes,
            deps,
        );
        let w = &mut self.world;
        w.ou_slots.remove(&(parent, name.clone()));
        w.slot_freed_by.insert((parent, name), op);
        w.ous[parent].children = w.ous[parent].children.saturating_sub(1);
        w.ous[parent].leave_ops.push(op);
        w.ous[ix].exists = false;
        w.ous[ix].last_op = Some(op);
        Step::Done
    }

    /// Deadlock breaker: rename an OU that is in the way to a temporary name.
    pub fn ou_temp_rename(&mut self, ix: usize) -> bool {
        let node = &self.world.ous[ix];
        if !node.exists || !matches!(node.role, Role::Desired | Role::Orphan) {
            return false;
        }
        let Some(ext) = node.ext.clone() else {
            return false;
        };
        let parent = node.parent.unwrap_or(self.world.root);
        let temp = self.ou_temp_name(parent, parent);
        self.patch_ou(ix, ext, OuPatch::rename(temp));
        true
    }

    /// Deadlock breaker: `ou` must move under `target`, which is still inside it. Lift the
    /// branch of `ou` that leads to `target` to the root for now; its own intention moves it on.
    pub fn ou_temp_move(&mut self, ou: usize, target: usize) -> bool {
        let mut branch = target;
        while let Some(p) = self.world.ous[branch].parent {
            if p == ou {
                break;
            }
            branch = p;
        }
        if self.world.ous[branch].parent != Some(ou) || self.world.ous[branch].role != Role::Desired
        {
            return false;
        }
        let Some(ext) = self.ou_ext(branch) else {
            return false;
        };
        let root = self.world.root;
        let name = self.world.ous[branch].attrs.name.clone();
        if self.slot_occupant(root, &name, branch).is_some() {
            let temp = self.ou_temp_name(root, root);
            self.patch_ou(branch, ext.clone(), OuPatch::rename(temp));
        }
        self.move_ou(branch, ext, root);
        true
    }

    pub fn block_ou(&mut self, intent: Intent, ix: usize, why: String) {
        let Some(ext) = self.ou_ext(ix) else {
            return;
        };
        let target = self.ou_target(ix);
        let node = &self.world.ous[ix];
        let (payload, changes) = match (intent, target) {
            (Intent::OuDelete(_), _) => {
                // Only OUs observed in EIAM are ever deleted.
                let Some(ou) = node.reference.as_ref().and_then(|r| r.id().cloned()) else {
                    return;
                };
                let changes = change(&[("name", json!(node.attrs.name), Value::Null)]);
                (Payload::DeleteOu { ou }, changes)
            }
            (Intent::OuCreate(_), Some((p, attrs))) => {
                let mut changes = attrs.create_changes();
                changes.insert(
                    "parent".into(),
                    [Value::Null, json!(self.world.ou_label(p))],
                );
                (
                    Payload::CreateOu {
                        parent: self.ou_ref(p),
                        attrs,
                    },
                    changes,
                )
            }
            (_, Some((p, wanted))) if node.parent != Some(p) => (
                Payload::MoveOu {
                    ou: self.ou_ref(ix),
                    parent: self.ou_ref(p),
                },
                change(&[
                    (
                        "parent",
                        json!(node.parent.map(|x| self.world.ou_label(x))),
                        json!(self.world.ou_label(p)),
                    ),
                    ("name", json!(node.attrs.name), json!(wanted.name)),
                ]),
            ),
            (_, target) => {
                let name = target.map_or_else(|| node.attrs.name.clone(), |t| t.1.name);
                (
                    Payload::PatchOu {
                        ou: self.ou_ref(ix),
                        patch: OuPatch::rename(name.clone()),
                    },
                    change(&[("name", json!(node.attrs.name), json!(name))]),
                )
            }
        };
        self.emit_blocked(Kind::OrganizationalUnit, ext, payload, changes, why);
    }
}
