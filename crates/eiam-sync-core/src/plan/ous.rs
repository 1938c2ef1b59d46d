//! Organizational-unit intentions: create parents first, rename and move without ever breaking
//! sibling-name uniqueness or creating a cycle, delete children first once empty.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{ExtId, Kind, OuAttrs, OuPatch};

use super::engine::{Blocker, Planner, Step};
use super::intent_set::Intent;
use super::types::{Changes, ObjRef, OpId, Payload};
use super::world::{Fate, OuNode, Role};

pub(super) fn change(pairs: &[(&str, Value, Value)]) -> Changes {
    pairs
        .iter()
        .map(|(k, a, b)| ((*k).to_owned(), [a.clone(), b.clone()]))
        .collect()
}

impl Planner<'_> {
    /// The creation operation of an OU that does not exist before the run (or its adoption).
    pub fn ou_dep(&self, ix: usize) -> Option<OpId> {
        match self.world.ous[ix].reference {
            Some(ObjRef::Created(op)) => Some(op),
            _ => self.adopted.op(Kind::OrganizationalUnit, ix),
        }
    }

    /// How an operation refers to the OU: `Absent` only for one that will never exist.
    pub fn ou_ref(&self, ix: usize) -> ObjRef {
        self.world.ous[ix]
            .reference
            .clone()
            .unwrap_or(ObjRef::Absent)
    }

    /// The OU's source id. Every OU the planner acts on has one: only those matched to a
    /// snapshot record or created by eiam-sync are ever changed.
    pub(super) fn ou_ext(&self, ix: usize) -> Option<ExtId> {
        self.world.ous[ix].ext.clone()
    }

    /// Desired `(parent node, attributes)` of a desired OU node.
    pub(super) fn ou_target(&self, ix: usize) -> Option<(usize, OuAttrs)> {
        let ext = self.world.ous[ix].ext.as_ref()?;
        let d = self.desired.ous.get(ext)?;
        let parent = match &d.parent {
            None => self.world.root,
            Some(p) => *self.world.ou_by_ext.get(p)?,
        };
        Some((parent, d.attrs.clone()))
    }

    /// Seed OU intentions: creates and updates parents-first, then orphan deletes children-first.
    pub fn seed_ous(&mut self) {
        let mut children: BTreeMap<Option<&ExtId>, Vec<&ExtId>> = BTreeMap::new();
        for (ext, ou) in &self.desired.ous {
            children.entry(ou.parent.as_ref()).or_default().push(ext);
        }
        let mut queue: std::collections::VecDeque<&ExtId> =
            children.get(&None).cloned().unwrap_or_default().into();
        while let Some(ext) = queue.pop_front() {
            if let Some(kids) = children.get(&Some(ext)) {
                queue.extend(kids.iter().copied());
            }
            let Some(d) = self.desired.ous.get(ext) else {
                continue;
            };
            if self.adopted.rejects(Kind::OrganizationalUnit, ext) {
                continue;
            }
            match self.world.ou_by_ext.get(ext).copied() {
                Some(ix) if self.world.ous[ix].role == Role::Desired => {
                    self.pending.push(Intent::OuUpdate(ix))
                }
                _ => {
                    let ix = self.world.ous.len();
                    self.world.ous.push(OuNode {
                        reference: None,
                        ext: Some(ext.clone()),
                        parent: None,
                        attrs: d.attrs.clone(),
                        exists: false,
                        role: Role::Desired,
                        fate: Fate::Stays,
                        last_op: None,
                        leave_ops: Vec::new(),
                        children: 0,
                        members: 0,
                    });
                    self.world.ou_by_ext.insert(ext.clone(), ix);
                    self.pending.push(Intent::OuCreate(ix));
                }
            }
        }
    }

    /// Decide which orphan OUs can go (children first) and which must stay, then seed deletes.
    pub fn seed_ou_deletes(&mut self) {
        let n = self.world.ous.len();
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (ix, node) in self.world.ous.iter().enumerate() {
            if node.exists
                && let Some(p) = node.parent
            {
                kids[p].push(ix);
            }
        }
        let mut staying_members = vec![0usize; n];
        for u in 0..self.world.users.len() {
            let ous: Vec<usize> = self.world.users[u].ous.iter().copied().collect();
            for o in ous {
                if self.world.ous[o].role == Role::Orphan && self.user_stays_in(u, o) {
                    staying_members[o] += 1;
                }
            }
        }
        // Post-order over the existing tree from the root.
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![(self.world.root, false)];
        while let Some((ix, expanded)) = stack.pop() {
            if expanded {
                order.push(ix);
                continue;
            }
            stack.push((ix, true));
            for &k in &kids[ix] {
                stack.push((k, false));
            }
        }
        for ix in order {
            if self.world.ous[ix].role != Role::Orphan {
                continue;
            }
            let blocking_child = kids[ix].iter().find(|&&k| {
                let c = &self.world.ous[k];
                match c.role {
                    Role::Orphan => c.fate == Fate::Kept,
                    Role::Desired => false,
                    Role::Root | Role::Frozen | Role::Unmanaged => true,
                }
            });
            let reason = if let Some(&k) = blocking_child {
                Some(format!(
                    "kept: it still holds OU {} which eiam-sync does not remove",
                    self.world.ou_label(k)
                ))
            } else if staying_members[ix] > 0 {
                Some(format!(
                    "kept: it still holds {} user(s) that stay (unmanaged, rejected, or disabled leavers kept by user_removal = \"disable\")",
                    staying_members[ix]
                ))
            } else {
                None
            };
            match reason {
                Some(message) => {
                    self.world.ous[ix].fate = Fate::Kept;
                    if let Some(ext) = self.ou_ext(ix) {
                        self.notes.push(super::types::Note {
                            kind: Kind::OrganizationalUnit,
                            external_id: ext.into_string(),
                            message,
                        });
                    }
                }
                None => {
                    self.world.ous[ix].fate = Fate::Deleted;
                    self.pending.push(Intent::OuDelete(ix));
                }
            }
        }
    }

    /// Whether an OU will give up its current `(parent, name)` later in the plan.
    pub(super) fn ou_will_vacate(&self, ix: usize) -> bool {
        let node = &self.world.ous[ix];
        if self.blocked.contains(&Intent::OuUpdate(ix))
            || self.blocked.contains(&Intent::OuDelete(ix))
        {
            return false;
        }
        match node.role {
            Role::Orphan => node.fate == Fate::Deleted && node.exists,
            Role::Desired => match self.ou_target(ix) {
                Some((p, wanted)) => node.parent != Some(p) || node.attrs.name != wanted.name,
                None => false,
            },
            _ => false,
        }
    }

    /// Wait for, or give up on, the OU that occupies a wanted `(parent, name)`.
    pub(super) fn ou_slot_wait(&self, occupant: usize, parent: usize, name: &str) -> Step {
        if self.ou_will_vacate(occupant) {
            return Step::Wait(
                Blocker::OuSlot(occupant),
                format!(
                    "waiting for OU {} to free the name `{name}` under {}",
                    self.world.ou_label(occupant),
                    self.world.ou_label(parent)
                ),
            );
        }
        let why = match self.world.ous[occupant].role {
            Role::Unmanaged => "an OU eiam-sync does not manage",
            Role::Frozen => "an OU whose snapshot record was rejected",
            Role::Orphan => "an OU eiam-sync has to keep",
            _ => "another OU of the snapshot",
        };
        Step::Blocked(format!(
            "the name `{name}` is taken under {} by {why} ({})",
            self.world.ou_label(parent),
            self.world.ou_label(occupant)
        ))
    }

    pub(super) fn slot_occupant(&self, parent: usize, name: &str, me: usize) -> Option<usize> {
        self.world
            .ou_slots
            .get(&(parent, name.to_owned()))
            .copied()
            .filter(|o| *o != me)
    }

    pub fn step_ou_create(&mut self, ix: usize) -> Step {
        let Some((parent, attrs)) = self.ou_target(ix) else {
            return Step::Blocked("its parent is not in the snapshot".to_owned());
        };
        let Some(ext) = self.ou_ext(ix) else {
            return Step::Done;
        };
        let name = attrs.name.clone();
        if !self.world.ous[parent].exists {
            return Step::Wait(
                Blocker::Other,
                format!(
                    "waiting for parent OU {} to be created",
                    self.world.ou_label(parent)
                ),
            );
        }
        if let Some(occ) = self.slot_occupant(parent, &name, ix) {
            return self.ou_slot_wait(occ, parent, &name);
        }
        let mut changes = attrs.create_changes();
        changes.insert(
            "parent".into(),
            [Value::Null, json!(self.world.ou_label(parent))],
        );
        let deps = [
            self.ou_dep(parent),
            self.world
                .slot_freed_by
                .get(&(parent, name.clone()))
                .copied(),
        ];
        let payload = Payload::CreateOu {
            parent: self.ou_ref(parent),
            attrs,
        };
        let op = self.emit(Kind::OrganizationalUnit, ext, payload, changes, deps);
        let node = &mut self.world.ous[ix];
        node.exists = true;
        node.reference = Some(ObjRef::Created(op));
        node.parent = Some(parent);
        node.last_op = Some(op);
        self.world.ous[parent].children += 1;
        self.world.ou_slots.insert((parent, name), ix);
        Step::Done
    }

    pub fn step_ou_update(&mut self, ix: usize) -> Step {
        let (Some((target, wanted)), Some(ext)) = (self.ou_target(ix), self.ou_ext(ix)) else {
            return Step::Done;
        };
        if !self.world.ous[target].exists {
            return Step::Wait(
                Blocker::Other,
                format!(
                    "waiting for parent OU {} to be created",
                    self.world.ou_label(target)
                ),
            );
        }
        let node = &self.world.ous[ix];
        let Some(parent) = node.parent else {
            return Step::Done;
        };
        let patch = node.attrs.diff(&wanted);
        let name = wanted.name;
        let need_move = parent != target;
        let need_rename = patch.name.is_some();
        if !need_move {
            if need_rename && let Some(occ) = self.slot_occupant(parent, &name, ix) {
                return self.ou_slot_wait(occ, parent, &name);
            }
            if !patch.is_empty() {
                self.patch_ou(ix, ext, patch);
            }
            return Step::Done;
        }
        if self.world.is_within(target, ix) {
            return Step::Wait(
                Blocker::Ancestry(ix, target),
                format!(
                    "waiting: the new parent {} is still inside it",
                    self.world.ou_label(target)
                ),
            );
        }
        let current = node.attrs.name.clone();
        if !need_rename {
            if let Some(occ) = self.slot_occupant(target, &current, ix) {
                return self.ou_slot_wait(occ, target, &current);
            }
            self.move_ou(ix, ext.clone(), target);
            if !patch.is_empty() {
                self.patch_ou(ix, ext, patch);
            }
            return Step::Done;
        }
        // Both a move and a rename: go through whichever intermediate name is free, or a
        // temporary one, so no step ever meets a sibling with the same name. Never start that
        // route when the final name can never be had: the OU would keep a temporary name.
        if let Some(occ) = self.slot_occupant(target, &name, ix)
            && !self.ou_will_vacate(occ)
        {
            return self.ou_slot_wait(occ, target, &name);
        }
        if self.slot_occupant(target, &current, ix).is_none() {
            self.move_ou(ix, ext, target);
        } else if self.slot_occupant(parent, &name, ix).is_none() {
            self.patch_ou(ix, ext, OuPatch::rename(name));
        } else {
            let temp = self.ou_temp_name(parent, target);
            self.patch_ou(ix, ext, OuPatch::rename(temp));
        }
        Step::Progress
    }
}
