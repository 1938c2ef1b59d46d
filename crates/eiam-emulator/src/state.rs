//! The admin JSON of the whole directory (`GET`/`PUT /_emulator/state`, docs/contract.md §5).
//!
//! Output carries every field; input needs only ids, names, parents, external ids, usernames,
//! statuses and OU ids. Output-only fields (`instanceId`, `organizationalUnits`, `groups`) are
//! accepted and ignored on input, so a state read can be written back.

use serde::{Deserialize, Serialize};

use eiam_api::users::{
    CustomField, PasswordInitializationConfig, UserGroup, UserOrganizationalUnit,
};

/// The whole directory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminState {
    #[serde(default)]
    pub organizational_units: Vec<StateOu>,
    #[serde(default)]
    pub users: Vec<StateUser>,
    #[serde(default)]
    pub groups: Vec<StateGroup>,
    #[serde(default)]
    pub group_members: Vec<StateGroupMember>,
}

/// An OU. Exactly one has `parentId: null`: the root.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateOu {
    pub organizational_unit_id: String,
    pub organizational_unit_name: String,
    pub organizational_unit_external_id: String,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Default `build_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_source_type: Option<String>,
    /// Default: the instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}

/// A user: the `GetUser` fields plus `organizationalUnitIds` (all, primary included; the primary
/// is `primaryOrganizationalUnitId`, else the first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateUser {
    pub user_id: String,
    pub username: String,
    /// `enabled` or `disabled`.
    pub status: String,
    pub user_external_id: String,
    pub organizational_unit_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_organizational_unit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Default `build_in`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_source_type: Option<String>,
    /// Default: the instance id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_expire_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock_expire_time: Option<i64>,
    /// Output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// Kept as given (no password is imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_set: Option<bool>,
    /// The `passwordInitializationConfig` of the `CreateUser` that made the account (which
    /// notification channels, forced change); never a password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_initialization_config: Option<PasswordInitializationConfig>,
    /// Output only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_units: Option<Vec<UserOrganizationalUnit>>,
    /// Output only (memberships come from `groupMembers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UserGroup>>,
}

/// A group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateGroup {
    pub group_id: String,
    pub group_name: String,
    pub group_external_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_source_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_source_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}

/// One membership.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StateGroupMember {
    pub group_id: String,
    pub user_id: String,
}
