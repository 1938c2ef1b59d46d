//! Wire types of the users operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

#[allow(unused_imports)]
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// JSON body of `AddUserToOrganizationalUnits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddUserToOrganizationalUnitsRequest {
    #[serde(rename = "organizationalUnitIds")]
    pub organizational_unit_ids: Vec<String>,
}

/// JSON body of `CreateUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[serde(
        rename = "customFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_fields: Option<Vec<CustomField>>,
    /// max_length: 256
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// max_length: 128; note: older docs say 64
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    /// max_length: 128; note: local part letters/digits/._-; older docs say 64; emailVerified required when email set
    #[serde(rename = "email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// required_if: email is set
    #[serde(
        rename = "emailVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    /// note: must satisfy instance password policy (InvalidParameter.Password)
    #[serde(rename = "password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(
        rename = "passwordInitializationConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_initialization_config: Option<PasswordInitializationConfig>,
    /// pattern: ^[0-9]{6,15}$; note: phoneRegion + phoneNumberVerified required when set
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    /// required_if: phoneNumber is set
    #[serde(
        rename = "phoneNumberVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number_verified: Option<bool>,
    /// pattern: digits, no 00/+ prefix (e.g. 86); Eiam 2021-12-01 says 1-6 digits; required_if: phoneNumber is set
    #[serde(
        rename = "phoneRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_region: Option<String>,
    #[serde(rename = "primaryOrganizationalUnitId")]
    pub primary_organizational_unit_id: String,
    /// max_length: 128; default: same as generated userId; note: older docs say 64; unique per (sourceType, sourceId)
    #[serde(
        rename = "userExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_external_id: Option<String>,
    /// max_length: 256; pattern: [A-Za-z0-9_.@-]+; note: older docs/meta say max 64
    #[serde(rename = "username")]
    pub username: String,
}

/// Response of `CreateUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateUserResponse {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

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

/// JSON body of `GetUserIdByEmail`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetUserIdByEmailRequest {
    #[serde(rename = "email")]
    pub email: String,
}

/// Response of `GetUserIdByEmail`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserIdByEmailResponse {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByPhoneNumber`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetUserIdByPhoneNumberRequest {
    #[serde(rename = "phoneNumber")]
    pub phone_number: String,
}

/// Response of `GetUserIdByPhoneNumber`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserIdByPhoneNumberResponse {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByUserExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetUserIdByUserExternalIdRequest {
    #[serde(rename = "userExternalId")]
    pub user_external_id: String,
    /// note: instance id for build_in; enterprise id (e.g. DingTalk corpId) otherwise
    #[serde(rename = "userSourceId")]
    pub user_source_id: String,
    /// one of: build_in | ding_talk | ad | ldap
    #[serde(rename = "userSourceType")]
    pub user_source_type: String,
}

/// Response of `GetUserIdByUserExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserIdByUserExternalIdResponse {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByUsername`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetUserIdByUsernameRequest {
    #[serde(rename = "username")]
    pub username: String,
}

/// Response of `GetUserIdByUsername`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetUserIdByUsernameResponse {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// Query string of `ListGroupsForUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListGroupsForUserQuery {
    /// default: 20; note: upper bound undocumented
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of `ListGroupsForUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsForUserResponse {
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<GroupMembership>>,
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub max_results: Option<i64>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "totalCount",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<i64>,
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
        deserialize_with = "super::de::opt_flex_i64"
    )]
    pub page_number: Option<i64>,
    /// min: 1; max: 100; default: 20
    #[serde(
        rename = "pageSize",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_flex_i64"
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

/// JSON body of `PatchUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchUserRequest {
    #[serde(
        rename = "customFields",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_fields: Option<Vec<PatchCustomField>>,
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    #[serde(rename = "email", default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// required_if: email is set
    #[serde(
        rename = "emailVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    #[serde(
        rename = "phoneNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number: Option<String>,
    /// required_if: phoneNumber is set
    #[serde(
        rename = "phoneNumberVerified",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_number_verified: Option<bool>,
    /// required_if: phoneNumber is set
    #[serde(
        rename = "phoneRegion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub phone_region: Option<String>,
    #[serde(rename = "username", default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// JSON body of `RemoveUserFromOrganizationalUnits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveUserFromOrganizationalUnitsRequest {
    #[serde(rename = "organizationalUnitIds")]
    pub organizational_unit_ids: Vec<String>,
}

/// JSON body of `SetUserPrimaryOrganizationalUnit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetUserPrimaryOrganizationalUnitRequest {
    #[serde(rename = "organizationalUnitId")]
    pub organizational_unit_id: String,
}

/// JSON body of `UpdateUserPassword`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserPasswordRequest {
    #[serde(rename = "password", default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `CustomField` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomField {
    #[serde(rename = "fieldName", default, skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    #[serde(
        rename = "fieldValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_value: Option<String>,
}

/// `PasswordInitializationConfig` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordInitializationConfig {
    /// default: disabled; one of: enabled | disabled
    #[serde(
        rename = "passwordForcedUpdateStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_forced_update_status: Option<String>,
    /// one of: global | custom
    #[serde(
        rename = "passwordInitializationPolicyPriority",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_initialization_policy_priority: Option<String>,
    /// one of: random
    #[serde(
        rename = "passwordInitializationType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub password_initialization_type: Option<String>,
    /// items one of: email | sms
    #[serde(
        rename = "userNotificationChannels",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_notification_channels: Option<Vec<String>>,
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

/// `GroupMembership` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupMembership {
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(
        rename = "groupMemberRelationSourceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_member_relation_source_id: Option<String>,
    #[serde(
        rename = "groupMemberRelationSourceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_member_relation_source_type: Option<String>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
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

/// `PatchCustomField` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchCustomField {
    #[serde(rename = "fieldName", default, skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    #[serde(
        rename = "fieldValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub field_value: Option<String>,
    /// note: replace on a field with no value behaves as add; 'operator' is the deprecated alias; one of: add | replace | remove
    #[serde(rename = "operation", default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(rename = "operator", default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}
