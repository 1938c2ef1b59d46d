//! Wire types of the PAM authentication tokens and authorization sessions as returned (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

use serde::{Deserialize, Serialize};

/// Response of `GetOAuthAuthorizationSession`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetOAuthAuthorizationSessionResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_token_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// one of: application | custom
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    /// one of: application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_provider_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_uri: Option<String>,
}

/// Response of `ListAuthenticationTokens`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListAuthenticationTokensResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<AuthenticationToken>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
}

/// Response of `ValidateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidateAuthenticationTokenResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `OAuthAccessTokenContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthAccessTokenContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

/// `OAuthAuthorizationSession` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthAuthorizationSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_uri: Option<String>,
}

/// `AuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationToken {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_token_id: Option<String>,
    /// one of: jwt | oauth_access_token
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_token_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_id: Option<String>,
    /// one of: application | custom
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer_type: Option<String>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    /// one of: application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_provider_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_time: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}
