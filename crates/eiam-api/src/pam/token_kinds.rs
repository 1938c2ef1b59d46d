//! Wire types of the OAuth and JWT authentication tokens (Eiam-developerapi 2022-02-25), shared by the client and the emulator.

use serde::{Deserialize, Serialize};

use super::{OAuthAccessTokenContent, OAuthAuthorizationSession};

/// `OAuthAuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuthAuthenticationToken {
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
    pub oauth_access_token_content: Option<OAuthAccessTokenContent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth_authorization_session: Option<OAuthAuthorizationSession>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}

/// `JwtContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JwtContent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_short_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_value: Option<String>,
}

/// `JwtAuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JwtAuthenticationToken {
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
    pub jwt_content: Option<JwtContent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// unit: epoch milliseconds
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
}
