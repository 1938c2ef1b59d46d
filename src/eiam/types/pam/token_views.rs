//! Wire types of the PAM authentication tokens and authorization sessions as returned (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use serde::{Deserialize, Serialize};

/// Response of `GetOAuthAuthorizationSession`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GetOAuthAuthorizationSessionResponse {
    #[serde(
        rename = "authenticationTokenId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_token_id: Option<String>,
    #[serde(
        rename = "authorizationUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authorization_url: Option<String>,
    #[serde(
        rename = "consumerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consumer_id: Option<String>,
    /// one of: application | custom
    #[serde(
        rename = "consumerType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consumer_type: Option<String>,
    #[serde(rename = "creatorId", default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    /// one of: application
    #[serde(
        rename = "creatorType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creator_type: Option<String>,
    #[serde(
        rename = "credentialProviderIdentifier",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_provider_identifier: Option<String>,
    #[serde(rename = "errorCode", default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(
        rename = "errorDescription",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub error_description: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "expirationTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_time: Option<i64>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    #[serde(rename = "sessionId", default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(
        rename = "sessionStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_status: Option<String>,
    #[serde(
        rename = "sessionUri",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_uri: Option<String>,
}

/// Response of `ListAuthenticationTokens`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListAuthenticationTokensResponse {
    #[serde(rename = "entities", default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<AuthenticationToken>>,
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

/// Response of `ValidateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidateAuthenticationTokenResponse {
    #[serde(rename = "active", default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `OAuthAccessTokenContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthAccessTokenContent {
    #[serde(
        rename = "accessTokenValue",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_token_value: Option<String>,
    #[serde(rename = "scope", default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(rename = "tokenType", default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
}

/// `OAuthAuthorizationSession` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthAuthorizationSession {
    #[serde(
        rename = "authorizationUrl",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authorization_url: Option<String>,
    #[serde(rename = "sessionId", default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(
        rename = "sessionStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_status: Option<String>,
    #[serde(
        rename = "sessionUri",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_uri: Option<String>,
}

/// `AuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthenticationToken {
    #[serde(
        rename = "authenticationTokenId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_token_id: Option<String>,
    /// one of: jwt | oauth_access_token
    #[serde(
        rename = "authenticationTokenType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub authentication_token_type: Option<String>,
    #[serde(
        rename = "consumerId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consumer_id: Option<String>,
    /// one of: application | custom
    #[serde(
        rename = "consumerType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub consumer_type: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "createTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<i64>,
    #[serde(rename = "creatorId", default, skip_serializing_if = "Option::is_none")]
    pub creator_id: Option<String>,
    /// one of: application
    #[serde(
        rename = "creatorType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creator_type: Option<String>,
    #[serde(
        rename = "credentialProviderId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credential_provider_id: Option<String>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "expirationTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration_time: Option<i64>,
    #[serde(
        rename = "instanceId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub instance_id: Option<String>,
    #[serde(rename = "revoked", default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// unit: epoch milliseconds
    #[serde(
        rename = "updateTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub update_time: Option<i64>,
}
