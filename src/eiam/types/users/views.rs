//! Wire types of accounts as returned (GetUser, ListUsers) (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use serde::{Deserialize, Serialize};

use super::CustomField;

/// Response of `GetUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserResponse {
    /// unit: epoch milliseconds
    #[serde(
        rename = "accountExpireTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_expire_time: Option<i64>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "createTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<i64>,
    #[serde(
        rename = "customFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_fields: Option<Vec<CustomField>>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    #[serde(rename = "email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(
        rename = "emailVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    #[serde(rename = "groups", default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<UserGroup>>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "lockExpireTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lock_expire_time: Option<i64>,
    #[serde(
        rename = "organizationalUnits",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_units: Option<Vec<UserOrganizationalUnit>>,
    #[serde(
        rename = "passwordSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_set: Option<bool>,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(
        rename = "phoneNumberVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number_verified: Option<bool>,
    #[serde(
        rename = "phoneRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_region: Option<String>,
    #[serde(
        rename = "primaryOrganizationalUnitId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub primary_organizational_unit_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "registerTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub register_time: Option<i64>,
    /// one of: enabled | disabled
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "updateTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_time: Option<i64>,
    #[serde(
        rename = "userExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_external_id: Option<String>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(
        rename = "userSourceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_source_id: Option<String>,
    /// one of: build_in | ding_talk | ad | ldap
    #[serde(
        rename = "userSourceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_source_type: Option<String>,
    #[serde(rename = "username", default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// Query string of `ListUsers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListUsersQuery {
    #[serde(
        rename = "organizationalUnitId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit_id: Option<String>,
    /// min: 1; default: 1
    #[serde(
        rename = "pageNumber",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub page_number: Option<i64>,
    /// min: 1; max: 100; default: 20
    #[serde(
        rename = "pageSize",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub page_size: Option<i64>,
}

/// Response of `ListUsers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUsersResponse {
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<UserSummary>>,
    #[serde(
        rename = "totalCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<i64>,
}

/// `UserGroup` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserGroup {
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(rename = "groupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// `UserOrganizationalUnit` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserOrganizationalUnit {
    #[serde(
        rename = "organizationalUnitId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit_id: Option<String>,
    #[serde(
        rename = "organizationalUnitName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub organizational_unit_name: Option<String>,
    #[serde(rename = "primary", default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
}

/// `UserSummary` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    /// unit: epoch milliseconds
    #[serde(
        rename = "accountExpireTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub account_expire_time: Option<i64>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "createTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<i64>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    #[serde(rename = "email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(
        rename = "emailVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "lockExpireTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub lock_expire_time: Option<i64>,
    #[serde(
        rename = "passwordSet",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_set: Option<bool>,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    #[serde(
        rename = "phoneNumberVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number_verified: Option<bool>,
    #[serde(
        rename = "phoneRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_region: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "registerTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub register_time: Option<i64>,
    /// one of: enabled | disabled
    #[serde(rename = "status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "updateTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_time: Option<i64>,
    #[serde(
        rename = "userExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_external_id: Option<String>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(
        rename = "userSourceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_source_id: Option<String>,
    /// one of: build_in | ding_talk | ad | ldap
    #[serde(
        rename = "userSourceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_source_type: Option<String>,
    #[serde(rename = "username", default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}
