//! Wire types of the OAuth and JWT authentication tokens (Eiam-developerapi 2022-02-25), shared by the client and the emulator.

use serde::{Deserialize, Serialize};

use super::{OAuthAccessTokenContent, OAuthAuthorizationSession};

/// `OAuthAuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthAuthenticationToken {
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
    #[serde(
        rename = "oauthAccessTokenContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oauth_access_token_content: Option<OAuthAccessTokenContent>,
    #[serde(
        rename = "oauthAuthorizationSession",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub oauth_authorization_session: Option<OAuthAuthorizationSession>,
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

/// `JwtContent` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JwtContent {
    #[serde(
        rename = "derivedShortToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub derived_short_token: Option<String>,
    #[serde(rename = "jwtValue", default, skip_serializing_if = "Option::is_none")]
    pub jwt_value: Option<String>,
}

/// `JwtAuthenticationToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JwtAuthenticationToken {
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
    #[serde(
        rename = "jwtContent",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub jwt_content: Option<JwtContent>,
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
