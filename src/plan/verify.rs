//! Replays a plan, operation by operation, against a model of EIAM's rules (sibling OU names,
//! unique usernames/emails/phones, parents before children, empty before delete, no cycles,
//! the primary OU never removed), and returns the resulting state. The reconciler runs it
//! before applying, as a last check that the plan is executable step by step; tests run it in
//! every order the dependencies allow.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{
    EiamId, ExtId, ObservedGroup, ObservedOu, ObservedState, ObservedUser, UserStatus,
};

use super::types::{ObjRef, OpId, Payload, Plan};

/// A rule the plan would break, naming the operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("operation {op} ({action}) would fail: {reason}")]
pub struct Violation {
    pub op: OpId,
    pub action: &'static str,
    pub reason: String,
}

struct Replay {
    state: ObservedState,
    created: HashMap<OpId, EiamId>,
}

impl Replay {
    fn resolve(&self, r: &ObjRef) -> Result<EiamId, String> {
        match r {
            ObjRef::Id(id) => Ok(id.clone()),
            ObjRef::Created(op) => self
                .created
                .get(op)
                .cloned()
                .ok_or_else(|| format!("refers to operation {op}, which has not run")),
        }
    }

    fn ou_exists(&self, id: &EiamId) -> Result<(), String> {
        if self.state.ous.contains_key(id) {
            Ok(())
        } else {
            Err(format!("OU {id} does not exist"))
        }
    }

    fn sibling_taken(&self, parent: &EiamId, name: &str, except: Option<&EiamId>) -> bool {
        self.state.ous.values().any(|o| {
            o.parent_id.as_ref() == Some(parent) && o.name == name && Some(&o.id) != except
        })
    }

    fn within(&self, candidate: &EiamId, ou: &EiamId) -> bool {
        let mut cur = Some(candidate.clone());
        let mut steps = 0;
        while let Some(c) = cur {
            if &c == ou || steps > self.state.ous.len() {
                return true;
            }
            steps += 1;
            cur = self.state.ous.get(&c).and_then(|o| o.parent_id.clone());
        }
        false
    }

    fn user_value_taken(
        &self,
        me: Option<&EiamId>,
        username: Option<&str>,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> Option<String> {
        for u in self.state.users.values() {
            if Some(&u.id) == me {
                continue;
            }
            let same = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
            if same(username, Some(u.username.as_str())) {
                return Some(format!("username is used by {}", u.id));
            }
            if same(email, u.email.as_deref()) {
                return Some(format!("email is used by {}", u.id));
            }
            if phone.is_some() && phone == u.phone_number.as_deref() {
                return Some(format!("phone number is used by {}", u.id));
            }
        }
        None
    }

    fn user_mut(&mut self, r: &ObjRef) -> Result<&mut ObservedUser, String> {
        let id = self.resolve(r)?;
        self.state
            .users
            .get_mut(&id)
            .ok_or_else(|| format!("user {id} does not exist"))
    }

    fn apply(&mut self, op_id: OpId, ext: &str, payload: &Payload) -> Result<(), String> {
        match payload {
            Payload::CreateOu {
                parent,
                name,
                description,
            } => {
                let parent = self.resolve(parent)?;
                self.ou_exists(&parent)?;
                if self.sibling_taken(&parent, name, None) {
                    return Err(format!(
                        "an OU named `{name}` already exists under {parent}"
                    ));
                }
                let id = EiamId::new(format!("ou_new{op_id}"));
                self.state.ous.insert(
                    id.clone(),
                    ObservedOu {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        parent_id: Some(parent),
                        name: name.clone(),
                        description: description.clone(),
                        source_type: Some("build_in".into()),
                    },
                );
                self.created.insert(op_id, id);
            }
            Payload::PatchOu {
                ou,
                name,
                description,
            } => {
                let id = self.resolve(ou)?;
                let parent = self
                    .state
                    .ous
                    .get(&id)
                    .ok_or(format!("OU {id} does not exist"))?
                    .parent_id
                    .clone();
                if let (Some(n), Some(p)) = (name, &parent)
                    && self.sibling_taken(p, n, Some(&id))
                {
                    return Err(format!("an OU named `{n}` already exists under {p}"));
                }
                let o = self
                    .state
                    .ous
                    .get_mut(&id)
                    .ok_or(format!("OU {id} does not exist"))?;
                if let Some(n) = name {
                    o.name = n.clone();
                }
                if description.is_some() {
                    o.description = description.clone();
                }
            }
            Payload::MoveOu { ou, parent } => {
                let id = self.resolve(ou)?;
                let parent = self.resolve(parent)?;
                self.ou_exists(&parent)?;
                if id == self.state.root {
                    return Err("the root cannot move".into());
                }
                if self.within(&parent, &id) {
                    return Err(format!(
                        "{parent} is inside {id}: the move would create a cycle"
                    ));
                }
                let name = self
                    .state
                    .ous
                    .get(&id)
                    .ok_or(format!("OU {id} does not exist"))?
                    .name
                    .clone();
                if self.sibling_taken(&parent, &name, Some(&id)) {
                    return Err(format!(
                        "an OU named `{name}` already exists under {parent}"
                    ));
                }
                if let Some(o) = self.state.ous.get_mut(&id) {
                    o.parent_id = Some(parent);
                }
            }
            Payload::DeleteOu { ou } => {
                self.ou_exists(ou)?;
                if self
                    .state
                    .ous
                    .values()
                    .any(|o| o.parent_id.as_ref() == Some(ou))
                {
                    return Err(format!("OU {ou} still has child OUs"));
                }
                if self.state.users.values().any(|u| u.ous.contains(ou)) {
                    return Err(format!("OU {ou} still has users"));
                }
                self.state.ous.remove(ou);
            }
            Payload::CreateUser { primary_ou, fields } => {
                let ou = self.resolve(primary_ou)?;
                self.ou_exists(&ou)?;
                let username = fields.username.clone().ok_or("no username")?;
                let email = fields.email.as_ref().map(|e| e.0.as_str());
                let phone = fields.phone.as_ref().map(|p| p.1.as_str());
                if let Some(why) = self.user_value_taken(None, Some(&username), email, phone) {
                    return Err(why);
                }
                let id = EiamId::new(format!("user_new{op_id}"));
                self.state.users.insert(
                    id.clone(),
                    ObservedUser {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        username,
                        display_name: fields.display_name.clone(),
                        email: fields.email.as_ref().map(|e| e.0.clone()),
                        email_verified: fields.email.as_ref().map(|e| e.1),
                        phone_region: fields.phone.as_ref().map(|p| p.0.clone()),
                        phone_number: fields.phone.as_ref().map(|p| p.1.clone()),
                        phone_number_verified: fields.phone.as_ref().map(|p| p.2),
                        description: fields.description.clone(),
                        status: UserStatus::Enabled,
                        primary_ou: Some(ou.clone()),
                        ous: BTreeSet::from([ou]),
                        source_type: Some("build_in".into()),
                    },
                );
                self.created.insert(op_id, id);
            }
            Payload::PatchUser { user, fields } => {
                let id = self.resolve(user)?;
                let email = fields.email.as_ref().map(|e| e.0.as_str());
                let phone = fields.phone.as_ref().map(|p| p.1.as_str());
                if let Some(why) =
                    self.user_value_taken(Some(&id), fields.username.as_deref(), email, phone)
                {
                    return Err(why);
                }
                let u = self.user_mut(user)?;
                if let Some(n) = &fields.username {
                    u.username = n.clone();
                }
                if let Some(n) = &fields.display_name {
                    u.display_name = Some(n.clone());
                }
                if let Some((a, v)) = &fields.email {
                    u.email = Some(a.clone());
                    u.email_verified = Some(*v);
                }
                if let Some((r, n, v)) = &fields.phone {
                    u.phone_region = Some(r.clone());
                    u.phone_number = Some(n.clone());
                    u.phone_number_verified = Some(*v);
                }
            }
            Payload::SetPrimaryOu { user, ou } => {
                let ou = self.resolve(ou)?;
                self.ou_exists(&ou)?;
                let u = self.user_mut(user)?;
                if let Some(old) = u.primary_ou.take() {
                    u.ous.remove(&old);
                }
                u.ous.insert(ou.clone());
                u.primary_ou = Some(ou);
            }
            Payload::AddUserToOus { user, ous } => {
                let ids = ous
                    .iter()
                    .map(|o| self.resolve(o))
                    .collect::<Result<Vec<_>, _>>()?;
                for id in &ids {
                    self.ou_exists(id)?;
                }
                self.user_mut(user)?.ous.extend(ids);
            }
            Payload::RemoveUserFromOus { user, ous } => {
                let u = self.user_mut(user)?;
                if ous.iter().any(|o| u.primary_ou.as_ref() == Some(o)) {
                    return Err("the primary OU cannot be removed".into());
                }
                for o in ous {
                    u.ous.remove(o);
                }
            }
            Payload::SetUserStatus { user, status } => self.user_mut(user)?.status = *status,
            Payload::DeleteUser { user } => {
                self.state
                    .users
                    .remove(user)
                    .ok_or(format!("user {user} does not exist"))?;
                for m in self.state.members.values_mut() {
                    m.remove(user);
                }
            }
            Payload::CreateGroup { name } => {
                if self.state.groups.values().any(|g| &g.name == name) {
                    return Err(format!("a group named `{name}` already exists"));
                }
                let id = EiamId::new(format!("group_new{op_id}"));
                self.state.groups.insert(
                    id.clone(),
                    ObservedGroup {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        name: name.clone(),
                        source_type: Some("build_in".into()),
                    },
                );
                self.state.members.insert(id.clone(), BTreeSet::new());
                self.created.insert(op_id, id);
            }
            Payload::PatchGroup { group, name } => {
                let id = self.resolve(group)?;
                if self
                    .state
                    .groups
                    .values()
                    .any(|g| &g.name == name && g.id != id)
                {
                    return Err(format!("a group named `{name}` already exists"));
                }
                self.state
                    .groups
                    .get_mut(&id)
                    .ok_or(format!("group {id} does not exist"))?
                    .name = name.clone();
            }
            Payload::DeleteGroup { group } => {
                if self.state.members.get(group).is_some_and(|m| !m.is_empty()) {
                    return Err(format!("group {group} still has members"));
                }
                self.state
                    .groups
                    .remove(group)
                    .ok_or(format!("group {group} does not exist"))?;
                self.state.members.remove(group);
            }
            Payload::AddUsersToGroup { group, users } => {
                let g = self.resolve(group)?;
                let ids = users
                    .iter()
                    .map(|u| self.resolve(u))
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some(missing) = ids.iter().find(|u| !self.state.users.contains_key(*u)) {
                    return Err(format!("user {missing} does not exist"));
                }
                if !self.state.groups.contains_key(&g) {
                    return Err(format!("group {g} does not exist"));
                }
                self.state.members.entry(g).or_default().extend(ids);
            }
            Payload::RemoveUsersFromGroup { group, users } => {
                let g = self.resolve(group)?;
                let m = self.state.members.entry(g).or_default();
                for u in users {
                    m.remove(u);
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
    let mut r = Replay {
        state: observed.clone(),
        created: HashMap::new(),
    };
    let mut done: BTreeMap<OpId, bool> = BTreeMap::new();
    for &id in order {
        let Some(op) = plan.ops.get(id) else { continue };
        let violation = |reason: String| Violation {
            op: id,
            action: op.action().as_str(),
            reason,
        };
        if let Some(d) = op.deps.iter().find(|d| !done.contains_key(d)) {
            return Err(violation(format!(
                "runs before operation {d} it depends on"
            )));
        }
        let runnable = op.blocked.is_none() && op.deps.iter().all(|d| done.get(d) == Some(&true));
        if runnable {
            r.apply(id, &op.external_id, &op.payload)
                .map_err(violation)?;
        }
        done.insert(id, runnable);
    }
    Ok(r.state)
}

/// Replay `plan` in its own order.
pub fn replay(observed: &ObservedState, plan: &Plan) -> Result<ObservedState, Violation> {
    let order: Vec<OpId> = (0..plan.ops.len()).collect();
    replay_in_order(observed, plan, &order)
}
