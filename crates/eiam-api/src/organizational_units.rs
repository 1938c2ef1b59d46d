//! Wire types of the organizational units operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

#[allow(unused_imports)]
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// JSON body of `CreateOrganizationalUnit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateOrganizationalUnitRequest {
    /// max_length: 128
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// max_length: 64; default: same as generated OU id
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_external_id: Option<String>,
    /// max_length: 64
    pub organizational_unit_name: String,
    pub parent_id: String,
}

/// Response of `CreateOrganizationalUnit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrganizationalUnitResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_id: Option<String>,
}

/// JSON body of `GetOrganizationalUnitIdByExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetOrganizationalUnitIdByExternalIdRequest {
    pub organizational_unit_external_id: String,
    /// note: instance id for build_in; enterprise id otherwise
    pub organizational_unit_source_id: String,
    /// one of: build_in | ding_talk | ad | ldap
    pub organizational_unit_source_type: String,
}

/// Response of `GetOrganizationalUnitIdByExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetOrganizationalUnitIdByExternalIdResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_id: Option<String>,
}

/// Response of `ListOrganizationalUnitParentIds`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListOrganizationalUnitParentIdsResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_ids: Option<Vec<String>>,
}

/// Query string of `ListOrganizationalUnits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListOrganizationalUnitsQuery {
    /// min: 1; default: 1
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_i64"
    )]
    pub page_number: Option<i64>,
    /// min: 1; max: 100; default: 20
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_i64"
    )]
    pub page_size: Option<i64>,
    /// note: docs mention value 'ou_root' to list children of the root OU (unverified)
    pub parent_id: String,
}

/// Response of `ListOrganizationalUnits`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListOrganizationalUnitsResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<OrganizationalUnit>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
}

/// JSON body of `PatchOrganizationalUnit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchOrganizationalUnitRequest {
    /// max_length: 128
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// max_length: 64
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_name: Option<String>,
}

/// JSON body of `PatchOrganizationalUnitParentId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchOrganizationalUnitParentIdRequest {
    pub parent_id: String,
}

/// `OrganizationalUnit` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationalUnit {
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_source_id: Option<String>,
    /// one of: build_in | ding_talk | ad | ldap
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizational_unit_source_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}
