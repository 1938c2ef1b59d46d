//! Wire types of the PAM authentication-token requests (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// JSON body of `FetchOAuthAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchOAuthAuthenticationTokenRequest {
    #[serde(rename = "credentialProviderIdentifier")]
    pub credential_provider_identifier: String,
    #[serde(
        rename = "customParameters",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_parameters: Option<BTreeMap<String, String>>,
    /// default: False
    #[serde(
        rename = "forceAuthentication",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub force_authentication: Option<bool>,
    #[serde(rename = "scope", default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// JSON body of `GenerateJwtAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateJwtAuthenticationTokenRequest {
    #[serde(rename = "audiences")]
    pub audiences: Vec<String>,
    #[serde(rename = "credentialProviderIdentifier")]
    pub credential_provider_identifier: String,
    #[serde(
        rename = "customClaims",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_claims: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<i64>,
    #[serde(
        rename = "includeDerivedShortToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub include_derived_short_token: Option<bool>,
    #[serde(rename = "issuer", default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(rename = "subject")]
    pub subject: String,
}

/// JSON body of `GetOAuthAuthorizationSession`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GetOAuthAuthorizationSessionRequest {
    #[serde(rename = "sessionUri")]
    pub session_uri: String,
}

/// Query string of `ListAuthenticationTokens`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListAuthenticationTokensQuery {
    #[serde(rename = "consumerId")]
    pub consumer_id: String,
    #[serde(rename = "credentialProviderIdentifier")]
    pub credential_provider_identifier: String,
    #[serde(
        rename = "expired",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_bool"
    )]
    pub expired: Option<bool>,
    /// note: default/bounds undocumented
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "revoked",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::eiam::types::de::opt_flex_bool"
    )]
    pub revoked: Option<bool>,
}

/// JSON body of `ObtainJwtAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObtainJwtAuthenticationTokenRequest {
    #[serde(rename = "authenticationTokenId")]
    pub authentication_token_id: String,
    #[serde(rename = "consumerId")]
    pub consumer_id: String,
}

/// JSON body of `ObtainJwtAuthenticationTokenByDerivedShortToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObtainJwtAuthenticationTokenByDerivedShortTokenRequest {
    #[serde(rename = "derivedShortToken")]
    pub derived_short_token: String,
}

/// JSON body of `ReinstateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReinstateAuthenticationTokenRequest {
    #[serde(rename = "token")]
    pub token: String,
    /// note: leave empty
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}

/// JSON body of `ReinstateAuthenticationTokenByConsumer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReinstateAuthenticationTokenByConsumerRequest {
    #[serde(rename = "consumerId")]
    pub consumer_id: String,
    #[serde(rename = "credentialProviderIdentifier")]
    pub credential_provider_identifier: String,
}

/// JSON body of `RevokeAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeAuthenticationTokenRequest {
    #[serde(rename = "token")]
    pub token: String,
    /// note: leave empty
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}

/// JSON body of `RevokeAuthenticationTokenByConsumer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevokeAuthenticationTokenByConsumerRequest {
    #[serde(rename = "consumerId")]
    pub consumer_id: String,
    #[serde(rename = "credentialProviderIdentifier")]
    pub credential_provider_identifier: String,
}

/// JSON body of `ValidateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidateAuthenticationTokenRequest {
    #[serde(rename = "token")]
    pub token: String,
    /// note: leave empty
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}
