//! The planner's working model of EIAM: every OU, user and group with its role (desired,
//! rejected, orphan, unmanaged), kept up to date operation by operation as the plan is built,
//! so each operation is checked against the state it will really meet.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use crate::model::{
    DesiredState, EiamId, ExtId, GroupAttrs, Kind, ObservedState, OuAttrs, Ownership, SmallSet,
    UserStatus,
};

/// A value that must be unique across users.
pub use crate::model::UniqueKey as Key;

use super::types::{ObjRef, OpId};

mod attrs;
mod keys;

pub use attrs::NodeAttrs;

/// How the planner may treat an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The sync root: never changed.
    Root,
    /// Matches a valid snapshot record: brought in line with it.
    Desired,
    /// Matches a rejected snapshot record: left exactly as it is.
    Frozen,
    /// Created by eiam-sync, gone from the snapshot: removed.
    Orphan,
    /// Not eiam-sync's: never touched.
    Unmanaged,
}

/// Where an orphan OU's deletion stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Stays,
    Deleted,
    /// An orphan that must stay because it still holds something eiam-sync does not remove.
    Kept,
}

#[derive(Debug, Clone)]
pub struct OuNode {
    pub reference: Option<ObjRef>,
    pub ext: Option<ExtId>,
    pub parent: Option<usize>,
    pub attrs: OuAttrs,
    pub exists: bool,
    pub role: Role,
    pub fate: Fate,
    pub last_op: Option<OpId>,
    /// Operations that took a child or a member out of this OU (a delete must follow them).
    pub leave_ops: Vec<OpId>,
    pub children: usize,
    pub members: usize,
}

#[derive(Debug, Clone)]
pub struct UserNode<'a> {
    pub reference: Option<ObjRef>,
    pub ext: Option<ExtId>,
    pub role: Role,
    pub exists: bool,
    pub attrs: NodeAttrs<'a>,
    pub status: UserStatus,
    pub primary: Option<usize>,
    pub ous: SmallSet<usize>,
    /// The last operation of each of the user's independent chains.
    pub chains: Chains,
}

#[derive(Debug, Clone)]
pub struct GroupNode {
    pub reference: Option<ObjRef>,
    pub ext: Option<ExtId>,
    pub role: Role,
    pub exists: bool,
    pub attrs: GroupAttrs,
    pub members: BTreeSet<usize>,
    /// Members outside the observed subtree (only known by id).
    pub foreign: BTreeSet<EiamId>,
    /// Operations that took members out of the group (a delete must follow them).
    pub leave_ops: Vec<OpId>,
    pub last_op: Option<OpId>,
    pub deleting: bool,
}

/// A user's operations fall in independent chains: a failed patch must not stop the same
/// user's disable (offboarding), and an OU move must not wait for a rename.
#[derive(Debug, Clone, Copy, Default)]
pub struct Chains {
    /// Field patches (including temporary values).
    pub fields: Option<OpId>,
    /// Primary and secondary OU changes (ordered: adds follow a primary move).
    pub ous: Option<OpId>,
    /// Enable/disable.
    pub status: Option<OpId>,
}

impl Chains {
    pub fn all(&self) -> [Option<OpId>; 3] {
        [self.fields, self.ous, self.status]
    }
}

/// The whole working model.
#[derive(Debug, Default)]
pub struct World<'a> {
    pub ous: Vec<OuNode>,
    pub users: Vec<UserNode<'a>>,
    pub groups: Vec<GroupNode>,
    pub root: usize,
    pub ou_by_ext: HashMap<ExtId, usize>,
    pub user_by_ext: HashMap<ExtId, usize>,
    pub group_by_ext: HashMap<ExtId, usize>,
    pub ou_by_id: HashMap<EiamId, usize>,
    pub user_by_id: HashMap<EiamId, usize>,
    /// `(parent, name)` → the OU holding it now.
    pub ou_slots: HashMap<(usize, String), usize>,
    /// Unique user values → the user holding them now.
    pub user_keys: HashMap<(Key, Cow<'a, str>), usize>,
    /// Group names → the group holding them now (treated as unique, conservatively).
    pub group_names: HashMap<String, usize>,
    /// The operation that last released an OU slot, a user value or a group name.
    pub slot_freed_by: HashMap<(usize, String), OpId>,
    pub key_freed_by: HashMap<(Key, String), OpId>,
    pub name_freed_by: HashMap<String, OpId>,
    /// The last move of each OU that moved. A move depends on the earlier moves of the OUs on
    /// its target's ancestor chain: they are what makes it safe from cycles.
    pub moved_by: HashMap<usize, OpId>,
}

pub(super) fn role_for(
    desired: &DesiredState,
    ownership: &Ownership,
    kind: Kind,
    ext: Option<&ExtId>,
    id: &EiamId,
    source_type: Option<&str>,
) -> Role {
    // Objects synchronised from DingTalk, AD or LDAP are keyed in another external-id space;
    // they never match a snapshot record, unless an adoption linked them to one.
    let ours = source_type.is_none_or(|t| t == "build_in")
        || ext.is_some_and(|e| ownership.linked(kind, e, id));
    match ext {
        Some(ext) if ours => {
            let valid = match kind {
                Kind::OrganizationalUnit => desired.ous.contains_key(ext),
                Kind::User => desired.users.contains_key(ext),
                Kind::Group => desired.groups.contains_key(ext),
                Kind::Membership => false,
            };
            if valid {
                Role::Desired
            } else if desired.is_rejected(kind, ext)
                // A row of this kind whose id could not be read may be this very object.
                || (desired.removals_frozen(kind) && ownership.owns(kind, ext, id))
            {
                Role::Frozen
            } else if ownership.owns(kind, ext, id) {
                Role::Orphan
            } else {
                Role::Unmanaged
            }
        }
        _ => Role::Unmanaged,
    }
}

impl<'a> World<'a> {
    /// Build the model from what EIAM holds; desired-but-missing objects are added later by
    /// the planner as not-yet-existing nodes.
    pub fn observe(
        desired: &DesiredState,
        observed: &'a ObservedState,
        ownership: &Ownership,
    ) -> Self {
        let mut w = World::default();
        // Sized once: a no-op run adds nothing, and growing by doubling would hold twice the
        // nodes (and, while a vector grows, both copies) at the run's peak.
        let (ous, users) = (observed.ous.len(), observed.users.len());
        w.ous.reserve_exact(ous);
        w.users.reserve_exact(users);
        w.groups.reserve_exact(observed.groups.len());
        w.ou_by_id.reserve(ous);
        w.user_by_id.reserve(users);
        w.user_by_ext.reserve(users);
        // As many as the observed accounts hold (a username each, an email or a phone number
        // for some): a table sized for three per account kept twice the room it needed.
        let keys: usize = (observed.users.values())
            .map(|u| {
                1 + usize::from(u.attrs.email.is_some()) + usize::from(u.attrs.phone.is_some())
            })
            .sum();
        w.user_keys.reserve(keys);
        for (id, ou) in &observed.ous {
            let role = if *id == observed.root {
                Role::Root
            } else {
                role_for(
                    desired,
                    ownership,
                    Kind::OrganizationalUnit,
                    ou.external_id.as_ref(),
                    id,
                    ou.source_type.as_deref(),
                )
            };
            let ix = w.ous.len();
            w.ous.push(OuNode {
                reference: Some(ObjRef::Id(id.clone())),
                ext: ou.external_id.clone(),
                parent: None,
                attrs: ou.attrs.clone(),
                exists: true,
                role,
                fate: Fate::Stays,
                last_op: None,
                leave_ops: Vec::new(),
                children: 0,
                members: 0,
            });
            w.ou_by_id.insert(id.clone(), ix);
            if matches!(role, Role::Desired | Role::Frozen | Role::Orphan)
                && let Some(ext) = &ou.external_id
            {
                w.ou_by_ext.entry(ext.clone()).or_insert(ix);
            }
        }
        w.root = w.ou_by_id.get(&observed.root).copied().unwrap_or(0);
        for (id, ou) in &observed.ous {
            let (Some(&ix), Some(parent)) = (w.ou_by_id.get(id), ou.parent_id.as_ref()) else {
                continue;
            };
            if let Some(&p) = w.ou_by_id.get(parent) {
                w.ous[ix].parent = Some(p);
                w.ous[p].children += 1;
                w.ou_slots.insert((p, ou.attrs.name.clone()), ix);
            }
        }
        for (id, u) in &observed.users {
            let role = role_for(
                desired,
                ownership,
                Kind::User,
                u.external_id.as_ref(),
                id,
                u.source_type.as_deref(),
            );
            let ix = w.users.len();
            let ous: SmallSet<usize> = u
                .ous
                .iter()
                .filter_map(|o| w.ou_by_id.get(o).copied())
                .collect();
            for &o in &ous {
                w.ous[o].members += 1;
            }
            w.users.push(UserNode {
                reference: Some(ObjRef::Id(id.clone())),
                ext: u.external_id.clone(),
                role,
                exists: true,
                attrs: NodeAttrs::Observed(&u.attrs),
                status: u.status,
                primary: u
                    .primary_ou
                    .as_ref()
                    .and_then(|p| w.ou_by_id.get(p).copied()),
                ous,
                chains: Chains::default(),
            });
            w.user_by_id.insert(id.clone(), ix);
            if matches!(role, Role::Desired | Role::Frozen | Role::Orphan)
                && let Some(ext) = &u.external_id
            {
                w.user_by_ext.entry(ext.clone()).or_insert(ix);
            }
            w.claim_user_keys(ix);
        }
        for (id, g) in &observed.groups {
            let role = role_for(
                desired,
                ownership,
                Kind::Group,
                g.external_id.as_ref(),
                id,
                g.source_type.as_deref(),
            );
            let listed = observed.members.get(id);
            let members = listed
                .map(|m| {
                    m.iter()
                        .filter_map(|u| w.user_by_id.get(u).copied())
                        .collect()
                })
                .unwrap_or_default();
            let foreign = listed
                .map(|m| {
                    m.iter()
                        .filter(|u| !w.user_by_id.contains_key(*u))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let ix = w.groups.len();
            w.groups.push(GroupNode {
                reference: Some(ObjRef::Id(id.clone())),
                ext: g.external_id.clone(),
                role,
                exists: true,
                attrs: g.attrs.clone(),
                members,
                foreign,
                leave_ops: Vec::new(),
                last_op: None,
                deleting: false,
            });
            w.group_names.entry(g.attrs.name.clone()).or_insert(ix);
            if matches!(role, Role::Desired | Role::Frozen | Role::Orphan)
                && let Some(ext) = &g.external_id
            {
                w.group_by_ext.entry(ext.clone()).or_insert(ix);
            }
        }
        w
    }

    /// Whether `candidate` is `ou` itself or one of its descendants, in the current model.
    pub fn is_within(&self, candidate: usize, ou: usize) -> bool {
        let mut cur = Some(candidate);
        let mut steps = 0usize;
        while let Some(c) = cur {
            if c == ou {
                return true;
            }
            steps += 1;
            if steps > self.ous.len() {
                return true; // a cycle in the model: treat as unsafe
            }
            cur = self.ous[c].parent;
        }
        false
    }

    /// The moves that shaped `ou`'s current ancestor chain (itself included).
    pub fn chain_moves(&self, ou: usize) -> Vec<OpId> {
        let mut out = Vec::new();
        let mut cur = Some(ou);
        let mut steps = 0usize;
        while let Some(c) = cur {
            if let Some(op) = self.moved_by.get(&c) {
                out.push(*op);
            }
            steps += 1;
            if steps > self.ous.len() {
                break;
            }
            cur = self.ous[c].parent;
        }
        out
    }

    /// A label for an OU in the report: its source id when it has one, else its EIAM id.
    pub fn ou_label(&self, ix: usize) -> String {
        let n = &self.ous[ix];
        if n.role == Role::Root {
            return "(root)".to_owned();
        }
        match (&n.ext, &n.reference) {
            (Some(e), _) if n.role != Role::Unmanaged => e.to_string(),
            (_, Some(ObjRef::Id(id))) => id.to_string(),
            (Some(e), _) => e.to_string(),
            _ => n.attrs.name.clone(),
        }
    }

    pub fn user_label(&self, ix: usize) -> String {
        let u = &self.users[ix];
        match (&u.ext, &u.reference) {
            (Some(e), _) => e.to_string(),
            (None, Some(ObjRef::Id(id))) => id.to_string(),
            _ => u.attrs.username.clone(),
        }
    }
}
