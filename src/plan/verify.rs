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
            o.parent_id.as_ref() == Some(parent) && o.attrs.name == name && Some(&o.id) != except
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
            let a = &u.attrs;
            if same(username, Some(a.username.as_str())) {
                return Some(format!("username is used by {}", u.id));
            }
            if same(email, a.email.as_ref().map(|e| e.address.as_str())) {
                return Some(format!("email is used by {}", u.id));
            }
            if phone.is_some() && phone == a.phone.as_ref().map(|p| p.number.as_str()) {
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
                self.state.ous.insert(
                    id.clone(),
                    ObservedOu {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        parent_id: Some(parent),
                        attrs: attrs.clone(),
                        source_type: Some("build_in".into()),
                    },
                );
                self.created.insert(op_id, id);
            }
            Payload::PatchOu { ou, patch } => {
                let id = self.resolve(ou)?;
                let parent = self
                    .state
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
                let o = self
                    .state
                    .ous
                    .get_mut(&id)
                    .ok_or(format!("OU {id} does not exist"))?;
                o.attrs.apply(patch);
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
                    .attrs
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
                self.state.users.insert(
                    id.clone(),
                    ObservedUser {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        attrs: attrs.clone(),
                        status: UserStatus::Enabled,
                        primary_ou: Some(ou.clone()),
                        ous: BTreeSet::from([ou]),
                        source_type: Some("build_in".into()),
                    },
                );
                self.created.insert(op_id, id);
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
                self.user_mut(user)?.attrs.apply(patch);
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
            Payload::CreateGroup { attrs } => {
                let name = &attrs.name;
                if self.state.groups.values().any(|g| &g.attrs.name == name) {
                    return Err(format!("a group named `{name}` already exists"));
                }
                let id = EiamId::new(format!("group_new{op_id}"));
                self.state.groups.insert(
                    id.clone(),
                    ObservedGroup {
                        id: id.clone(),
                        external_id: Some(ExtId::new(ext)),
                        attrs: attrs.clone(),
                        source_type: Some("build_in".into()),
                    },
                );
                self.state.members.insert(id.clone(), BTreeSet::new());
                self.created.insert(op_id, id);
            }
            Payload::PatchGroup { group, patch } => {
                let id = self.resolve(group)?;
                if let Some(name) = &patch.name
                    && self
                        .state
                        .groups
                        .values()
                        .any(|g| &g.attrs.name == name && g.id != id)
                {
                    return Err(format!("a group named `{name}` already exists"));
                }
                self.state
                    .groups
                    .get_mut(&id)
                    .ok_or(format!("group {id} does not exist"))?
                    .attrs
                    .apply(patch);
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
