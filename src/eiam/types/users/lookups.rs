//! Wire types of the user lookups (by username, email, phone number, external ID) (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use serde::{Deserialize, Serialize};

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
