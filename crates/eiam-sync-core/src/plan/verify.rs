//! Replays a plan, operation by operation, against a model of EIAM's rules (sibling OU names,
//! unique usernames/emails/phones, parents before children, empty before delete, no cycles,
//! the primary OU never removed), and returns the resulting state. The reconciler runs it
//! before applying, as a last check that the plan is executable step by step; tests run it in
//! every order the dependencies allow.

use std::collections::{BTreeSet, HashSet};

use crate::model::{
    EiamId, ExtId, Kind, ObservedGroup, ObservedOu, ObservedState, ObservedUser, SmallSet,
    UserStatus,
};

use super::types::{OpId, Payload, Plan};

mod access;
mod index;
mod layer;

use index::Index;
use layer::Layer;

/// A rule the plan would break, naming the operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operation {op} ({action}) would fail: {reason}")]
pub struct Violation {
    pub op: OpId,
    pub action: &'static str,
    pub reason: String,
}

/// The replayed state: the observed one, read in place, and what the plan changed.
struct Replay<'a> {
    root: &'a EiamId,
    ous: Layer<'a, ObservedOu>,
    users: Layer<'a, ObservedUser>,
    groups: Layer<'a, ObservedGroup>,
    members: Layer<'a, BTreeSet<EiamId>>,
    /// Users deleted so far. They stay in the member sets they were in and count as gone.
    gone: HashSet<EiamId>,
    index: Index<'a>,
    /// The id each creating operation gave its object, by operation (a plan's ids are
    /// positions, so a list, not a map: an initial load creates an object per operation).
    created: Vec<Option<EiamId>>,
}

impl<'a> Replay<'a> {
    fn new(observed: &'a ObservedState) -> Self {
        Replay {
            root: &observed.root,
            ous: Layer::new(&observed.ous),
            users: Layer::new(&observed.users),
            groups: Layer::new(&observed.groups),
            members: Layer::new(&observed.members),
            gone: HashSet::new(),
            index: Index::new(observed),
            created: Vec::new(),
        }
    }

    /// The state after the replay, as one observed state.
    fn into_state(self) -> ObservedState {
        let gone = self.gone;
        let mut members = self.members.into_map();
        if !gone.is_empty() {
            for m in members.values_mut() {
                m.retain(|u| !gone.contains(u));
            }
        }
        ObservedState {
            root: self.root.clone(),
            ous: self.ous.into_map(),
            users: self.users.into_map(),
            groups: self.groups.into_map(),
            members,
        }
    }

    fn apply(&mut self, op_id: OpId, ext: &ExtId, payload: &Payload) -> Result<(), String> {
        match payload {
            Payload::CreateOu { parent, attrs } => {
                let parent = self.resolve(parent)?;
                self.ou_exists(&parent)?;
                let name = &attrs.name;
                if self.sibling_taken(&parent, name, None) {
                    return Err(format!(
                        "an OU named `{name}` already exists under {parent}"
                    ));
                }
                let id = EiamId::new(format!("ou_new{op_id}"));
                let ou = ObservedOu {
                    id: id.clone(),
                    external_id: Some(ext.clone()),
                    parent_id: Some(parent),
                    attrs: attrs.clone(),
                    source_type: Some("build_in".into()),
                };
                self.index.index_ou(&ou);
                self.ous.insert(id.clone(), ou);
                self.note_created(op_id, id);
            }
            Payload::PatchOu { ou, patch } => {
                let id = self.resolve(ou)?;
                let parent = self
                    .ous
                    .get(&id)
                    .ok_or(format!("OU {id} does not exist"))?
                    .parent_id
                    .clone();
                if let (Some(n), Some(p)) = (&patch.name, &parent)
                    && self.sibling_taken(p, n, Some(&id))
                {
                    return Err(format!("an OU named `{n}` already exists under {p}"));
                }
                self.with_ou(&id, |o| o.attrs.apply(patch))?;
            }
            Payload::MoveOu { ou, parent } => {
                let id = self.resolve(ou)?;
                let parent = self.resolve(parent)?;
                self.ou_exists(&parent)?;
                if &id == self.root {
                    return Err("the root cannot move".into());
                }
                if self.within(&parent, &id) {
                    return Err(format!(
                        "{parent} is inside {id}: the move would create a cycle"
                    ));
                }
                let name = self
                    .ous
                    .get(&id)
                    .ok_or(format!("OU {id} does not exist"))?
                    .attrs
                    .name
                    .clone();
                if self.sibling_taken(&parent, &name, Some(&id)) {
                    return Err(format!(
                        "an OU named `{name}` already exists under {parent}"
                    ));
                }
                self.with_ou(&id, |o| o.parent_id = Some(parent))?;
            }
            Payload::DeleteOu { ou } => {
                self.ou_exists(ou)?;
                if self.index.has_children(ou) {
                    return Err(format!("OU {ou} still has child OUs"));
                }
                if self.index.has_users(ou) {
                    return Err(format!("OU {ou} still has users"));
                }
                if let Some(o) = self.ous.remove(ou) {
                    self.index.unindex_ou(&o);
                }
            }
            Payload::CreateUser { primary_ou, attrs } => {
                let ou = self.resolve(primary_ou)?;
                self.ou_exists(&ou)?;
                let email = attrs.email.as_ref().map(|e| e.address.as_str());
                let phone = attrs.phone.as_ref().map(|p| p.number.as_str());
                if let Some(why) = self.user_value_taken(None, Some(&attrs.username), email, phone)
                {
                    return Err(why);
                }
                let id = EiamId::new(format!("user_new{op_id}"));
                let user = ObservedUser {
                    id: id.clone(),
                    external_id: Some(ext.clone()),
                    attrs: attrs.clone(),
                    status: UserStatus::Enabled,
                    primary_ou: Some(ou.clone()),
                    ous: SmallSet::from([ou]),
                    source_type: Some("build_in".into()),
                };
                self.index.index_user(&user);
                self.users.insert(id.clone(), user);
                self.note_created(op_id, id);
            }
            Payload::PatchUser { user, patch } => {
                let id = self.resolve(user)?;
                let email = patch.email.as_ref().map(|e| e.address.as_str());
                let phone = patch.phone.as_ref().map(|p| p.number.as_str());
                if let Some(why) =
                    self.user_value_taken(Some(&id), patch.username.as_deref(), email, phone)
                {
                    return Err(why);
                }
                self.with_user(user, |u| {
                    std::sync::Arc::make_mut(&mut u.attrs).apply(patch);
                    Ok(())
                })?;
            }
            Payload::SetPrimaryOu { user, ou } => {
                let ou = self.resolve(ou)?;
                self.ou_exists(&ou)?;
                self.with_user(user, |u| {
                    if let Some(old) = u.primary_ou.take() {
                        u.ous.remove(&old);
                    }
                    u.ous.insert(ou.clone());
                    u.primary_ou = Some(ou);
                    Ok(())
                })?;
            }
            Payload::AddUserToOus { user, ous } => {
                let ids = ous
                    .iter()
                    .map(|o| self.resolve(o))
                    .collect::<Result<Vec<_>, _>>()?;
                for id in &ids {
                    self.ou_exists(id)?;
                }
                self.with_user(user, |u| {
                    u.ous.extend(ids);
                    Ok(())
                })?;
            }
            Payload::RemoveUserFromOus { user, ous } => {
                self.with_user(user, |u| {
                    if ous.iter().any(|o| u.primary_ou.as_ref() == Some(o)) {
                        return Err("the primary OU cannot be removed".to_owned());
                    }
                    for o in ous {
                        u.ous.remove(o);
                    }
                    Ok(())
                })?;
            }
            Payload::SetUserStatus { user, status } => self.with_user(user, |u| {
                u.status = *status;
                Ok(())
            })?,
            Payload::DeleteUser { user } => {
                let gone = self
                    .users
                    .remove(user)
                    .ok_or(format!("user {user} does not exist"))?;
                self.index.unindex_user(&gone);
                self.gone.insert(gone.id);
            }
            Payload::CreateGroup { attrs } => {
                let name = &attrs.name;
                if self.index.group_name_taken(name, None) {
                    return Err(format!("a group named `{name}` already exists"));
                }
                let id = EiamId::new(format!("group_new{op_id}"));
                self.index.group_added(&id, name);
                self.groups.insert(
                    id.clone(),
                    ObservedGroup {
                        id: id.clone(),
                        external_id: Some(ext.clone()),
                        attrs: attrs.clone(),
                        source_type: Some("build_in".into()),
                    },
                );
                self.members.insert(id.clone(), BTreeSet::new());
                self.note_created(op_id, id);
            }
            Payload::PatchGroup { group, patch } => {
                let id = self.resolve(group)?;
                if let Some(name) = &patch.name
                    && self.index.group_name_taken(name, Some(&id))
                {
                    return Err(format!("a group named `{name}` already exists"));
                }
                let g = self
                    .groups
                    .get_mut(&id)
                    .ok_or(format!("group {id} does not exist"))?;
                let old = g.attrs.name.clone();
                g.attrs.apply(patch);
                self.index.group_renamed(&id, &old, &g.attrs.name);
            }
            Payload::DeleteGroup { group } => {
                let gone = &self.gone;
                if (self.members.get(group)).is_some_and(|m| m.iter().any(|u| !gone.contains(u))) {
                    return Err(format!("group {group} still has members"));
                }
                let gone = self
                    .groups
                    .remove(group)
                    .ok_or(format!("group {group} does not exist"))?;
                self.index.group_removed(group, &gone.attrs.name);
                self.members.remove(group);
            }
            Payload::AddUsersToGroup { group, users } => {
                let g = self.resolve(group)?;
                let ids = users
                    .iter()
                    .map(|u| self.resolve(u))
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some(missing) = ids.iter().find(|u| !self.users.contains(u)) {
                    return Err(format!("user {missing} does not exist"));
                }
                if !self.groups.contains(&g) {
                    return Err(format!("group {g} does not exist"));
                }
                match self.members.get_mut(&g) {
                    Some(m) => m.extend(ids),
                    None => self.members.insert(g, ids.into_iter().collect()),
                }
            }
            Payload::Adopt { object, key } => {
                // The object is the record's from now on (EIAM keeps its own external id;
                // the state store links it).
                let id = self.resolve(object)?;
                let ext = Some(ext.clone());
                match key.kind() {
                    Kind::OrganizationalUnit => self.with_ou(&id, |o| o.external_id = ext)?,
                    Kind::User => self.with_user(object, |u| {
                        u.external_id = ext;
                        Ok(())
                    })?,
                    _ => {
                        let g = (self.groups.get_mut(&id))
                            .ok_or(format!("group {id} does not exist"))?;
                        g.external_id = ext;
                    }
                }
            }
            Payload::RemoveUsersFromGroup { group, users } => {
                let g = self.resolve(group)?;
                if !self.members.contains(&g) {
                    self.members.insert(g.clone(), BTreeSet::new());
                }
                if let Some(m) = self.members.get_mut(&g) {
                    for u in users {
                        m.remove(u);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Replay `plan` in `order` (every runnable operation, each after its dependencies); blocked
/// operations and those depending on them are skipped, as `apply` would.
pub fn replay_in_order(
    observed: &ObservedState,
    plan: &Plan,
    order: &[OpId],
) -> Result<ObservedState, Violation> {
    run(observed, plan, order).map(Replay::into_state)
}

fn run<'a>(
    observed: &'a ObservedState,
    plan: &Plan,
    order: &[OpId],
) -> Result<Replay<'a>, Violation> {
    let mut r = Replay::new(observed);
    // Whether each operation that came up so far ran, by operation.
    let mut done: Vec<Option<bool>> = vec![None; plan.ops.len()];
    for &id in order {
        let Some(op) = plan.ops.get(id) else { continue };
        let violation = |reason: String| Violation {
            op: id,
            action: op.action().as_str(),
            reason,
        };
        let ran = |d: &OpId| done.get(*d).copied().flatten();
        if let Some(d) = op.deps.iter().find(|d| ran(d).is_none()) {
            return Err(violation(format!(
                "runs before operation {d} it depends on"
            )));
        }
        let runnable = op.blocked.is_none() && op.deps.iter().all(|d| ran(d) == Some(true));
        if runnable {
            r.apply(id, &op.external_id, &op.payload)
                .map_err(violation)?;
        }
        if let Some(slot) = done.get_mut(id) {
            *slot = Some(runnable);
        }
    }
    Ok(r)
}

/// Replay `plan` in its own order.
pub fn replay(observed: &ObservedState, plan: &Plan) -> Result<ObservedState, Violation> {
    let order: Vec<OpId> = (0..plan.ops.len()).collect();
    replay_in_order(observed, plan, &order)
}

/// Replay `plan` in its own order only to find the first rule it would break, without
/// building the resulting state.
pub fn check(observed: &ObservedState, plan: &Plan) -> Result<(), Violation> {
    let order: Vec<OpId> = (0..plan.ops.len()).collect();
    run(observed, plan, &order).map(drop)
}
