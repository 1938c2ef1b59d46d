//! Wire types of the PAM credential operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use serde::{Deserialize, Serialize};

/// JSON body of `CreateUserExclusiveCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUserExclusiveCredentialRequest {
    #[serde(rename = "credentialContent")]
    pub credential_content: CredentialContentInput,
    #[serde(
        rename = "credentialExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_external_id: Option<String>,
    #[serde(rename = "credentialIdentifier")]
    pub credential_identifier: String,
    #[serde(rename = "credentialName")]
    pub credential_name: String,
    /// one of: llm | saas
    #[serde(
        rename = "credentialScenarioLabel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_scenario_label: Option<String>,
    /// one of: api_key | oauth_client
    #[serde(rename = "credentialType")]
    pub credential_type: String,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "returnCiphertext",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub return_ciphertext: Option<bool>,
}

/// Response of `CreateUserExclusiveCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateUserExclusiveCredentialResponse {
    #[serde(
        rename = "credentialCiphertext",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_ciphertext: Option<String>,
    #[serde(
        rename = "credentialId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_id: Option<String>,
    #[serde(
        rename = "credentialIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_identifier: Option<String>,
}

/// Query string of `ObtainCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObtainCredentialQuery {
    #[serde(rename = "credentialIdentifier")]
    pub credential_identifier: String,
}

/// Response of `ObtainCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObtainCredentialResponse {
    /// unit: epoch milliseconds
    #[serde(
        rename = "createTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<i64>,
    #[serde(
        rename = "credentialContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_content: Option<CredentialContent>,
    /// one of: system_init | user_custom
    #[serde(
        rename = "credentialCreationType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_creation_type: Option<String>,
    #[serde(
        rename = "credentialExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_external_id: Option<String>,
    #[serde(
        rename = "credentialId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_id: Option<String>,
    #[serde(
        rename = "credentialIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_identifier: Option<String>,
    #[serde(
        rename = "credentialName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_name: Option<String>,
    /// one of: llm | saas
    #[serde(
        rename = "credentialScenarioLabel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_scenario_label: Option<String>,
    #[serde(
        rename = "credentialSharingScope",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_sharing_scope: Option<String>,
    #[serde(
        rename = "credentialSubjectId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_subject_id: Option<String>,
    /// one of: authentication_token_provider
    #[serde(
        rename = "credentialSubjectType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_subject_type: Option<String>,
    /// one of: api_key | oauth_client
    #[serde(
        rename = "credentialType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_type: Option<String>,
    #[serde(
        rename = "description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    #[serde(
        rename = "exclusiveUserId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub exclusive_user_id: Option<String>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
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
}

/// `ApiKeyContentInput` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKeyContentInput {
    #[serde(rename = "apiKey")]
    pub api_key: String,
}

/// `CredentialContentInput` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CredentialContentInput {
    #[serde(
        rename = "apiKeyContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub api_key_content: Option<ApiKeyContentInput>,
}

/// `ApiKeyContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyContent {
    #[serde(rename = "apiKey", default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

/// `OAuthClientContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthClientContent {
    #[serde(rename = "clientId", default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(
        rename = "clientSecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_secret: Option<String>,
}

/// `CredentialContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CredentialContent {
    #[serde(
        rename = "apiKeyContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub api_key_content: Option<ApiKeyContent>,
    #[serde(
        rename = "oauthClientContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oauth_client_content: Option<OAuthClientContent>,
}
