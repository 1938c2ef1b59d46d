//! Wire types of the PAM authentication-token requests (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`), but for `token_type_hint`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// JSON body of `FetchOAuthAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FetchOAuthAuthenticationTokenRequest {
    pub credential_provider_identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_parameters: Option<BTreeMap<String, String>>,
    /// default: False
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_authentication: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// JSON body of `GenerateJwtAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateJwtAuthenticationTokenRequest {
    pub audiences: Vec<String>,
    pub credential_provider_identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_claims: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_derived_short_token: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    pub subject: String,
}

/// JSON body of `GetOAuthAuthorizationSession`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetOAuthAuthorizationSessionRequest {
    pub session_uri: String,
}

/// Query string of `ListAuthenticationTokens`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListAuthenticationTokensQuery {
    pub consumer_id: String,
    pub credential_provider_identifier: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_bool"
    )]
    pub expired: Option<bool>,
    /// note: default/bounds undocumented
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::de::opt_flex_bool"
    )]
    pub revoked: Option<bool>,
}

/// JSON body of `ObtainJwtAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObtainJwtAuthenticationTokenRequest {
    pub authentication_token_id: String,
    pub consumer_id: String,
}

/// JSON body of `ObtainJwtAuthenticationTokenByDerivedShortToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObtainJwtAuthenticationTokenByDerivedShortTokenRequest {
    pub derived_short_token: String,
}

/// JSON body of `ReinstateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReinstateAuthenticationTokenRequest {
    pub token: String,
    /// note: leave empty; snake_case on the wire, unlike the other fields (docs/eiam-api.md §9)
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}

/// JSON body of `ReinstateAuthenticationTokenByConsumer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReinstateAuthenticationTokenByConsumerRequest {
    pub consumer_id: String,
    pub credential_provider_identifier: String,
}

/// JSON body of `RevokeAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevokeAuthenticationTokenRequest {
    pub token: String,
    /// note: leave empty; snake_case on the wire, unlike the other fields (docs/eiam-api.md §9)
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}

/// JSON body of `RevokeAuthenticationTokenByConsumer`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RevokeAuthenticationTokenByConsumerRequest {
    pub consumer_id: String,
    pub credential_provider_identifier: String,
}

/// JSON body of `ValidateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidateAuthenticationTokenRequest {
    pub token: String,
    /// note: leave empty; snake_case on the wire, unlike the other fields (docs/eiam-api.md §9)
    #[serde(
        rename = "token_type_hint",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub token_type_hint: Option<String>,
}
