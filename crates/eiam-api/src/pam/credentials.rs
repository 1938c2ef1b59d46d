//! Wire types of the PAM credential operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

use serde::{Deserialize, Serialize};

/// JSON body of `CreateUserExclusiveCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserExclusiveCredentialRequest {
    pub credential_content: CredentialContentInput,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_external_id: Option<String>,
    pub credential_identifier: String,
    pub credential_name: String,
    /// one of: llm | saas
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_scenario_label: Option<String>,
    /// one of: api_key | oauth_client
    pub credential_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_ciphertext: Option<bool>,
}

/// Response of `CreateUserExclusiveCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateUserExclusiveCredentialResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_ciphertext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_identifier: Option<String>,
}

/// Query string of `ObtainCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObtainCredentialQuery {
    pub credential_identifier: String,
}

/// Response of `ObtainCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObtainCredentialResponse {
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_content: Option<CredentialContent>,
    /// one of: system_init | user_custom
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_creation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_name: Option<String>,
    /// one of: llm | saas
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_scenario_label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_sharing_scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_subject_id: Option<String>,
    /// one of: authentication_token_provider
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_subject_type: Option<String>,
    /// one of: api_key | oauth_client
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// one of: enabled | disabled
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}

/// `ApiKeyContentInput` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiKeyContentInput {
    pub api_key: String,
}

/// `CredentialContentInput` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CredentialContentInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_content: Option<ApiKeyContentInput>,
}

/// `ApiKeyContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

/// `OAuthClientContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthClientContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// `CredentialContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_content: Option<ApiKeyContent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_client_content: Option<OAuthClientContent>,
}
