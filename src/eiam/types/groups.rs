//! Wire types of the groups operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

#[allow(unused_imports)]
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// JSON body of `AddUsersToGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddUsersToGroupRequest {
    #[serde(rename = "userIds")]
    pub user_ids: Vec<String>,
}

/// JSON body of `CreateGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupRequest {
    #[serde(
        rename = "groupExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_external_id: Option<String>,
    #[serde(rename = "groupName")]
    pub group_name: String,
}

/// Response of `CreateGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateGroupResponse {
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
}

/// Query string of `ListGroups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListGroupsQuery {
    /// note: name prefix filter
    #[serde(
        rename = "groupNameStartWith",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_name_start_with: Option<String>,
    /// default: 20; note: upper bound undocumented
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    /// note: opaque; omit/empty = first page
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of `ListGroups`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListGroupsResponse {
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Group>>,
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

/// Query string of `ListUsersForGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListUsersForGroupQuery {
    /// default: 20; note: upper bound undocumented
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Response of `ListUsersForGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListUsersForGroupResponse {
    #[serde(rename = "data", default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<GroupMember>>,
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

/// JSON body of `PatchGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatchGroupRequest {
    #[serde(rename = "groupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// JSON body of `RemoveUsersFromGroup`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemoveUsersFromGroupRequest {
    #[serde(rename = "userIds")]
    pub user_ids: Vec<String>,
}

/// `Group` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
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
        rename = "groupExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_external_id: Option<String>,
    #[serde(rename = "groupId", default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(rename = "groupName", default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(
        rename = "groupSourceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_source_id: Option<String>,
    /// one of: build_in | ding_talk | ad | ldap
    #[serde(
        rename = "groupSourceType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub group_source_type: Option<String>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "updateTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_time: Option<i64>,
}

/// `GroupMember` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}
