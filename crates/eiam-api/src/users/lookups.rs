//! Wire types of the user lookups (by username, email, phone number, external ID) (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

use serde::{Deserialize, Serialize};

/// JSON body of `GetUserIdByEmail`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserIdByEmailRequest {
    pub email: String,
}

/// Response of `GetUserIdByEmail`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUserIdByEmailResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByPhoneNumber`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserIdByPhoneNumberRequest {
    pub phone_number: String,
}

/// Response of `GetUserIdByPhoneNumber`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUserIdByPhoneNumberResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByUserExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserIdByUserExternalIdRequest {
    pub user_external_id: String,
    /// note: instance id for build_in; enterprise id (e.g. DingTalk corpId) otherwise
    pub user_source_id: String,
    /// one of: build_in | ding_talk | ad | ldap
    pub user_source_type: String,
}

/// Response of `GetUserIdByUserExternalId`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUserIdByUserExternalIdResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `GetUserIdByUsername`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetUserIdByUsernameRequest {
    pub username: String,
}

/// Response of `GetUserIdByUsername`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetUserIdByUsernameResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}
