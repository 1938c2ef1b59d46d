//! Raw snapshot rows, exactly as the source tables (docs/snapshot.md) hold them, before
//! validation. Nothing here is trusted yet: a value that could not even be read as its column's
//! type is recorded as a [`Defect`] of its row, so validation rejects that one record.

use std::borrow::Cow;

/// The snapshot's tables, in the order they are read.
pub const TABLE_NAMES: &[&str] = &[
    "organizational_units",
    "users",
    "user_organizational_units",
    "groups",
    "group_members",
    "user_custom_fields",
];

/// A field that could not be read as its column's type (text in a boolean column, a number
/// where text belongs, NULL in a required column). The field holds its default instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Defect {
    /// The column name.
    pub field: &'static str,
    /// Why, without the value itself.
    pub reason: String,
}

/// A row of `organizational_units`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OuRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub defects: Vec<Defect>,
}

/// A row of `users`. `status` is kept as text so a bad value is rejected, not a read error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub phone_region: Option<String>,
    pub phone_number: Option<String>,
    pub phone_number_verified: Option<bool>,
    pub primary_ou_id: String,
    pub description: Option<String>,
    /// `enabled` and `disabled` are borrowed, not allocated: a million users share them.
    pub status: Cow<'static, str>,
    pub defects: Vec<Defect>,
}

/// A row of `user_organizational_units` (secondary memberships).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserOuRow {
    pub user_id: String,
    pub ou_id: String,
    pub defects: Vec<Defect>,
}

/// A row of `groups`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub defects: Vec<Defect>,
}

/// A row of `group_members`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupMemberRow {
    pub group_id: String,
    pub user_id: String,
    pub defects: Vec<Defect>,
}

/// A row of `user_custom_fields` (an extended-field value of a user).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserCustomFieldRow {
    pub user_id: String,
    pub field_name: String,
    /// `None` or `""`: the field is to be removed.
    pub field_value: Option<String>,
    pub defects: Vec<Defect>,
}

/// One consistent read of the whole snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub organizational_units: Vec<OuRow>,
    pub users: Vec<UserRow>,
    pub user_organizational_units: Vec<UserOuRow>,
    pub groups: Vec<GroupRow>,
    pub group_members: Vec<GroupMemberRow>,
    /// `None` when the optional table does not exist: custom fields are then not managed at
    /// all in this run (never all removed).
    pub user_custom_fields: Option<Vec<UserCustomFieldRow>>,
}

impl Snapshot {
    /// Whether the snapshot has no rows at all.
    pub fn is_empty(&self) -> bool {
        self.organizational_units.is_empty()
            && self.users.is_empty()
            && self.user_organizational_units.is_empty()
            && self.groups.is_empty()
            && self.group_members.is_empty()
            && self.user_custom_fields.as_ref().is_none_or(Vec::is_empty)
    }
}
