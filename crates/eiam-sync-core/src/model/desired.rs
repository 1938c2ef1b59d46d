//! The desired directory: the validated snapshot, keyed by external ID.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::attrs::{GroupAttrs, OuAttrs, UserAttrs};
use super::ids::ExtId;
use super::kind::{Kind, UserStatus};

/// An organizational unit as the snapshot wants it. `parent: None` means directly under the
/// sync root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredOu {
    pub external_id: ExtId,
    pub parent: Option<ExtId>,
    pub attrs: OuAttrs,
}

/// An account as the snapshot wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredUser {
    pub external_id: ExtId,
    /// Shared with what an incremental run takes as observed for a settled account.
    pub attrs: Arc<UserAttrs>,
    pub primary_ou: ExtId,
    /// Secondary OUs; never contains `primary_ou`.
    pub secondary_ous: BTreeSet<ExtId>,
    pub status: UserStatus,
}

/// A group as the snapshot wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredGroup {
    pub external_id: ExtId,
    pub attrs: GroupAttrs,
}

/// A source record that breaks a rule, and why. It is reported and left alone in EIAM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    pub kind: Kind,
    /// The record's source id; for memberships `<group id>/<user id>` (or `<user id>/<ou id>`
    /// for a secondary OU row).
    pub external_id: String,
    pub field: String,
    pub reason: String,
}

/// A snapshot table holding a row whose identity (its key columns) could not be read: a BLOB
/// or a number where the id belongs, or no id at all. That row may be any object of its kind,
/// so none of that kind can be shown to be gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyTable {
    OrganizationalUnits,
    Users,
    Groups,
    /// `user_organizational_units`: no secondary OU is taken away.
    UserOrganizationalUnits,
    /// `group_members`: no member is taken out of a group.
    GroupMembers,
    /// `user_custom_fields`: no extended field value is removed.
    UserCustomFields,
}

impl KeyTable {
    /// The table's name in the snapshot.
    pub fn name(self) -> &'static str {
        match self {
            KeyTable::OrganizationalUnits => "organizational_units",
            KeyTable::Users => "users",
            KeyTable::Groups => "groups",
            KeyTable::UserOrganizationalUnits => "user_organizational_units",
            KeyTable::GroupMembers => "group_members",
            KeyTable::UserCustomFields => "user_custom_fields",
        }
    }

    /// The kind whose records (or links) the table holds.
    pub fn kind(self) -> Kind {
        match self {
            KeyTable::OrganizationalUnits => Kind::OrganizationalUnit,
            KeyTable::Users => Kind::User,
            KeyTable::Groups => Kind::Group,
            KeyTable::UserOrganizationalUnits | KeyTable::GroupMembers => Kind::Membership,
            KeyTable::UserCustomFields => Kind::User,
        }
    }

    /// The table of the records of `kind` (none for memberships, which span two tables).
    pub fn of(kind: Kind) -> Option<KeyTable> {
        match kind {
            Kind::OrganizationalUnit => Some(KeyTable::OrganizationalUnits),
            Kind::User => Some(KeyTable::Users),
            Kind::Group => Some(KeyTable::Groups),
            Kind::Membership => None,
        }
    }
}

/// Which extended fields a run manages, and which values it must leave alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFieldScope {
    /// The names managed in this run: `[sync] custom_fields` when the snapshot has a
    /// `user_custom_fields` table, else none (nothing is observed, set or removed).
    pub managed: BTreeSet<String>,
    /// `[sync] custom_fields` is set but the table is absent: every field is left alone.
    pub table_absent: bool,
    /// `(user, field)` of rejected rows: that field of that user is neither set nor removed.
    pub rejected: BTreeSet<(ExtId, String)>,
}

impl CustomFieldScope {
    pub fn is_managed(&self, name: &str) -> bool {
        self.managed.contains(name)
    }
}

/// Everything valid in the snapshot, plus what was rejected (so nothing rejected is removed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DesiredState {
    pub ous: BTreeMap<ExtId, DesiredOu>,
    pub users: BTreeMap<ExtId, DesiredUser>,
    pub groups: BTreeMap<ExtId, DesiredGroup>,
    /// Group external ID → member user external IDs.
    pub members: BTreeMap<ExtId, BTreeSet<ExtId>>,
    /// Source ids of rejected OUs, users and groups, by kind.
    pub rejected: BTreeSet<(Kind, ExtId)>,
    /// Rejected `(group, user)` member rows: such a membership is neither added nor removed.
    pub rejected_members: BTreeSet<(ExtId, ExtId)>,
    /// Rejected `(user, ou)` secondary rows: such a secondary OU is neither added nor removed.
    pub rejected_user_ous: BTreeSet<(ExtId, ExtId)>,
    /// Tables with a row whose identity could not be read: nothing they could name is removed
    /// in this run (no object of that kind, no link of that table).
    pub unreadable: BTreeSet<KeyTable>,
    /// The extended fields this run manages; each desired user's `attrs.custom_fields` holds
    /// its values of them.
    pub custom_fields: CustomFieldScope,
}

impl DesiredState {
    /// Whether a row of `table` could not be identified, so nothing it names may be removed.
    pub fn is_unreadable(&self, table: KeyTable) -> bool {
        self.unreadable.contains(&table)
    }

    /// Whether objects of `kind` that left the snapshot must be kept in this run.
    pub fn removals_frozen(&self, kind: Kind) -> bool {
        KeyTable::of(kind).is_some_and(|t| self.is_unreadable(t))
    }

    pub fn is_rejected(&self, kind: Kind, id: &ExtId) -> bool {
        self.rejected.contains(&(kind, id.clone()))
    }

    /// Whether the snapshot mentions this source id at all (valid or rejected).
    pub fn mentions(&self, kind: Kind, id: &ExtId) -> bool {
        let valid = match kind {
            Kind::OrganizationalUnit => self.ous.contains_key(id),
            Kind::User => self.users.contains_key(id),
            Kind::Group => self.groups.contains_key(id),
            Kind::Membership => false,
        };
        valid || self.is_rejected(kind, id)
    }
}
