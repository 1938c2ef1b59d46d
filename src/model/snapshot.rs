//! Raw snapshot rows, exactly as the source tables (CONTRACT section 2) hold them, before
//! validation. Nothing here is trusted yet.

/// A row of `organizational_units`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OuRow {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
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
    pub status: String,
}

/// A row of `user_organizational_units` (secondary memberships).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserOuRow {
    pub user_id: String,
    pub ou_id: String,
}

/// A row of `groups`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
}

/// A row of `group_members`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupMemberRow {
    pub group_id: String,
    pub user_id: String,
}

/// One consistent read of the whole snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub organizational_units: Vec<OuRow>,
    pub users: Vec<UserRow>,
    pub user_organizational_units: Vec<UserOuRow>,
    pub groups: Vec<GroupRow>,
    pub group_members: Vec<GroupMemberRow>,
}
