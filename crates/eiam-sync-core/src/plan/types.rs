//! The plan's vocabulary: operations, what they reference, what they change.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::model::{
    AdoptKey, EiamId, ExtId, GroupAttrs, GroupPatch, Kind, OuAttrs, OuPatch, Rejection, UserAttrs,
    UserPatch, UserStatus,
};

/// Index of an operation in [`Plan::ops`].
pub type OpId = usize;

/// What a user who left the snapshot gets (the planner's own copy of `[sync] user_removal`,
/// so planning does not depend on how the configuration is read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserRemoval {
    #[default]
    Disable,
    Delete,
}

/// Managed objects of each kind before the run (the base of `max_delete_percent`).
pub type ManagedCounts = BTreeMap<Kind, u64>;

/// The EIAM operation that carries a change (the report's `action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Action {
    CreateOrganizationalUnit,
    PatchOrganizationalUnit,
    PatchOrganizationalUnitParentId,
    DeleteOrganizationalUnit,
    CreateUser,
    PatchUser,
    SetUserPrimaryOrganizationalUnit,
    AddUserToOrganizationalUnits,
    RemoveUserFromOrganizationalUnits,
    EnableUser,
    DisableUser,
    DeleteUser,
    CreateGroup,
    PatchGroup,
    DeleteGroup,
    AddUsersToGroup,
    RemoveUsersFromGroup,
    /// Take over an existing object an adoption rule matched (no EIAM write: ownership only).
    Adopt,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::CreateOrganizationalUnit => "CreateOrganizationalUnit",
            Action::PatchOrganizationalUnit => "PatchOrganizationalUnit",
            Action::PatchOrganizationalUnitParentId => "PatchOrganizationalUnitParentId",
            Action::DeleteOrganizationalUnit => "DeleteOrganizationalUnit",
            Action::CreateUser => "CreateUser",
            Action::PatchUser => "PatchUser",
            Action::SetUserPrimaryOrganizationalUnit => "SetUserPrimaryOrganizationalUnit",
            Action::AddUserToOrganizationalUnits => "AddUserToOrganizationalUnits",
            Action::RemoveUserFromOrganizationalUnits => "RemoveUserFromOrganizationalUnits",
            Action::EnableUser => "EnableUser",
            Action::DisableUser => "DisableUser",
            Action::DeleteUser => "DeleteUser",
            Action::CreateGroup => "CreateGroup",
            Action::PatchGroup => "PatchGroup",
            Action::DeleteGroup => "DeleteGroup",
            Action::AddUsersToGroup => "AddUsersToGroup",
            Action::RemoveUsersFromGroup => "RemoveUsersFromGroup",
            Action::Adopt => "Adopt",
        }
    }

    /// The text report's marker: `+` create, `~` patch, `>` move, `-` delete/disable/remove,
    /// `=` adopt (taken over as it is).
    pub fn marker(self) -> char {
        use Action::*;
        match self {
            CreateOrganizationalUnit
            | CreateUser
            | CreateGroup
            | AddUsersToGroup
            | AddUserToOrganizationalUnits
            | EnableUser => '+',
            PatchOrganizationalUnit | PatchUser | PatchGroup => '~',
            PatchOrganizationalUnitParentId | SetUserPrimaryOrganizationalUnit => '>',
            DeleteOrganizationalUnit
            | DeleteUser
            | DeleteGroup
            | DisableUser
            | RemoveUsersFromGroup
            | RemoveUserFromOrganizationalUnits => '-',
            Adopt => '=',
        }
    }

    /// Whether the operation deletes an object (or, for users, disables one): what the
    /// `max_deletes` guards count.
    pub fn is_removal(self) -> bool {
        matches!(
            self,
            Action::DeleteOrganizationalUnit
                | Action::DeleteUser
                | Action::DeleteGroup
                | Action::DisableUser
        )
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An object an operation refers to: one that exists in EIAM, or one an earlier operation of
/// the same plan creates (resolved when that operation has run).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ObjRef {
    Id(EiamId),
    Created(OpId),
    /// Neither exists nor is created by the plan. Only blocked operations, which are never
    /// sent, refer to such an object; resolving it is an error.
    Absent,
}

impl ObjRef {
    pub fn id(&self) -> Option<&EiamId> {
        match self {
            ObjRef::Id(id) => Some(id),
            ObjRef::Created(_) | ObjRef::Absent => None,
        }
    }
}

/// What an operation sends, with references to the objects involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    CreateOu {
        parent: ObjRef,
        attrs: OuAttrs,
    },
    PatchOu {
        ou: ObjRef,
        patch: OuPatch,
    },
    MoveOu {
        ou: ObjRef,
        parent: ObjRef,
    },
    DeleteOu {
        ou: EiamId,
    },
    CreateUser {
        primary_ou: ObjRef,
        /// The snapshot record's own, shared.
        attrs: std::sync::Arc<UserAttrs>,
    },
    PatchUser {
        user: ObjRef,
        /// Boxed: the largest payload by far, it would make every operation of a plan (most
        /// of them creates) as large as itself.
        patch: Box<UserPatch>,
    },
    SetPrimaryOu {
        user: ObjRef,
        ou: ObjRef,
    },
    AddUserToOus {
        user: ObjRef,
        ous: Vec<ObjRef>,
    },
    RemoveUserFromOus {
        user: ObjRef,
        ous: Vec<EiamId>,
    },
    SetUserStatus {
        user: ObjRef,
        status: UserStatus,
    },
    DeleteUser {
        user: EiamId,
    },
    CreateGroup {
        attrs: GroupAttrs,
    },
    PatchGroup {
        group: ObjRef,
        patch: GroupPatch,
    },
    DeleteGroup {
        group: EiamId,
    },
    AddUsersToGroup {
        group: ObjRef,
        users: Vec<ObjRef>,
    },
    RemoveUsersFromGroup {
        group: ObjRef,
        users: Vec<EiamId>,
    },
    /// Record that the existing `object` is the record's, matched by `key`.
    Adopt {
        object: ObjRef,
        key: AdoptKey,
    },
}

impl Payload {
    pub fn action(&self) -> Action {
        match self {
            Payload::CreateOu { .. } => Action::CreateOrganizationalUnit,
            Payload::PatchOu { .. } => Action::PatchOrganizationalUnit,
            Payload::MoveOu { .. } => Action::PatchOrganizationalUnitParentId,
            Payload::DeleteOu { .. } => Action::DeleteOrganizationalUnit,
            Payload::CreateUser { .. } => Action::CreateUser,
            Payload::PatchUser { .. } => Action::PatchUser,
            Payload::SetPrimaryOu { .. } => Action::SetUserPrimaryOrganizationalUnit,
            Payload::AddUserToOus { .. } => Action::AddUserToOrganizationalUnits,
            Payload::RemoveUserFromOus { .. } => Action::RemoveUserFromOrganizationalUnits,
            Payload::SetUserStatus {
                status: UserStatus::Enabled,
                ..
            } => Action::EnableUser,
            Payload::SetUserStatus {
                status: UserStatus::Disabled,
                ..
            } => Action::DisableUser,
            Payload::DeleteUser { .. } => Action::DeleteUser,
            Payload::CreateGroup { .. } => Action::CreateGroup,
            Payload::PatchGroup { .. } => Action::PatchGroup,
            Payload::DeleteGroup { .. } => Action::DeleteGroup,
            Payload::AddUsersToGroup { .. } => Action::AddUsersToGroup,
            Payload::RemoveUsersFromGroup { .. } => Action::RemoveUsersFromGroup,
            Payload::Adopt { .. } => Action::Adopt,
        }
    }

    /// The object the operation acts on, when it already exists.
    pub fn target(&self) -> Option<&ObjRef> {
        match self {
            Payload::PatchOu { ou, .. } | Payload::MoveOu { ou, .. } => Some(ou),
            Payload::PatchUser { user, .. }
            | Payload::SetPrimaryOu { user, .. }
            | Payload::AddUserToOus { user, .. }
            | Payload::RemoveUserFromOus { user, .. }
            | Payload::SetUserStatus { user, .. } => Some(user),
            Payload::PatchGroup { group, .. }
            | Payload::AddUsersToGroup { group, .. }
            | Payload::RemoveUsersFromGroup { group, .. } => Some(group),
            Payload::Adopt { object, .. } => Some(object),
            _ => None,
        }
    }
}

pub use crate::model::Changes;

/// Why a change is planned, when the state store can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The snapshot changed since the last applied run (or the object is new).
    Source,
    /// The snapshot did not change, but EIAM was changed by someone else.
    Drift,
}

/// One planned operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    pub kind: Kind,
    /// Source id of the object (for memberships the group's; for secondary OUs the user's).
    pub external_id: ExtId,
    /// EIAM id of the object, when it exists before the run.
    pub eiam_id: Option<EiamId>,
    pub payload: Payload,
    /// Shared with the report, which lists every operation's changes too.
    pub changes: std::sync::Arc<Changes>,
    /// Operations that must succeed before this one may run.
    pub deps: Vec<OpId>,
    /// Set when the operation cannot be carried out; it is reported as `skipped` and never sent.
    pub blocked: Option<String>,
    pub cause: Option<Cause>,
}

impl Op {
    pub fn action(&self) -> Action {
        self.payload.action()
    }
}

/// The check a saved plan fails when what it expects is no longer so.
pub const SAVED_PLAN_CURRENT: &str = "saved_plan_current";
/// The check a saved plan fails when it was applied before.
pub const SAVED_PLAN_UNUSED: &str = "saved_plan_unused";

/// A guard or sanity gate, as evaluated on the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardCheck {
    pub name: String,
    pub limit: f64,
    pub planned: f64,
    pub tripped: bool,
    #[serde(skip)]
    pub message: String,
}

impl GuardCheck {
    /// A limit on a count: tripped when `planned` exceeds `limit`.
    pub fn count(name: &str, planned: u64, limit: u64, message: String) -> Self {
        GuardCheck {
            name: name.to_owned(),
            limit: limit as f64,
            planned: planned as f64,
            tripped: planned > limit,
            message,
        }
    }
}

/// Something eiam-sync deliberately leaves as it is, worth telling the operator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub kind: Kind,
    /// The record's source id; empty for a note about a whole table.
    pub external_id: String,
    pub message: String,
}

/// Objects seen in EIAM that eiam-sync does not manage, by kind (those adopted by the plan are
/// not among them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Unmanaged {
    pub organizational_units: u64,
    pub users: u64,
    pub groups: u64,
    /// Of those, the objects of another source than `build_in` (kept by IDaaS's inbound sync
    /// from DingTalk, AD, LDAP): kind (`users`, ...) → source type → how many.
    pub other_sources: BTreeMap<String, BTreeMap<String, u64>>,
}

/// A complete plan: operations in an order that is valid step by step, their dependencies,
/// the guards, and notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub ops: Vec<Op>,
    pub guards: Vec<GuardCheck>,
    pub notes: Vec<Note>,
    /// Snapshot records the plan leaves alone because matching them would be a guess
    /// (adoption), each naming its candidates; reported with the snapshot's rejections.
    pub rejected: Vec<Rejection>,
    pub unmanaged: Unmanaged,
    /// Managed objects of each kind before the run (memberships: of managed groups), the base
    /// of the percent guards.
    pub managed: ManagedCounts,
    /// Extended-field values EIAM holds on managed users before the run (the base of the
    /// custom-field removal guard).
    pub managed_custom_fields: u64,
}

impl Plan {
    pub fn is_refused(&self) -> bool {
        self.guards.iter().any(|g| g.tripped)
    }

    /// Operations that would be sent (not blocked).
    pub fn runnable(&self) -> impl Iterator<Item = (OpId, &Op)> {
        self.ops
            .iter()
            .enumerate()
            .filter(|(_, op)| op.blocked.is_none())
    }

    /// Planned operations by action (blocked ones excluded).
    pub fn summary(&self) -> BTreeMap<Action, u64> {
        let mut out = BTreeMap::new();
        for (_, op) in self.runnable() {
            *out.entry(op.action()).or_insert(0) += 1;
        }
        out
    }
}

/// A helper to turn optional text into a report value.
pub fn val<T: Serialize>(v: Option<T>) -> Value {
    v.and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or(Value::Null)
}
