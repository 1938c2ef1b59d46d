//! Wire types of the pam operations (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: field names are exactly the wire names.

#[allow(unused_imports)]
use std::collections::BTreeMap;

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
        deserialize_with = "super::de::opt_flex_bool"
    )]
    pub expired: Option<bool>,
    /// note: default/bounds undocumented
    #[serde(
        rename = "maxResults",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_flex_i64"
    )]
    pub max_results: Option<i64>,
    #[serde(rename = "nextToken", default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(
        rename = "revoked",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_flex_bool"
    )]
    pub revoked: Option<bool>,
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

/// Query string of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObtainCloudAccountRoleAccessCredentialQuery {
    #[serde(rename = "cloudAccountRoleExternalId")]
    pub cloud_account_role_external_id: String,
    /// min: 900; max: 43200; note: upper bound further capped by the cloud role's max session
    #[serde(
        rename = "durationSeconds",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::de::opt_flex_i64"
    )]
    pub duration_seconds: Option<i64>,
}

/// Response of `ObtainCloudAccountRoleAccessCredential`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObtainCloudAccountRoleAccessCredentialResponse {
    #[serde(
        rename = "cloudAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleAccessCredential",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_access_credential: Option<CloudAccountRoleAccessCredential>,
    #[serde(
        rename = "cloudAccountRoleExternalId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_external_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_id: Option<String>,
    #[serde(
        rename = "cloudAccountRoleName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_role_name: Option<String>,
    /// one of: alibaba_cloud
    #[serde(
        rename = "cloudAccountVendorType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_account_vendor_type: Option<String>,
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

/// Response of `ValidateAuthenticationToken`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ValidateAuthenticationTokenResponse {
    #[serde(rename = "active", default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
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

/// `AlibabaCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlibabaCloudStsToken {
    #[serde(
        rename = "accessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    #[serde(
        rename = "accessKeySecret",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_secret: Option<String>,
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "securityToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub security_token: Option<String>,
}

/// `AwsStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AwsStsToken {
    #[serde(
        rename = "accessKeyId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_key_id: Option<String>,
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "secretAccessKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub secret_access_key: Option<String>,
    #[serde(
        rename = "sessionToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_token: Option<String>,
}

/// `TencentCloudStsToken` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TencentCloudStsToken {
    #[serde(
        rename = "expiration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub expiration: Option<String>,
    #[serde(
        rename = "tmpSecretId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tmp_secret_id: Option<String>,
    #[serde(
        rename = "tmpSecretKey",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tmp_secret_key: Option<String>,
    #[serde(rename = "token", default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// `CloudAccountRoleAccessCredential` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CloudAccountRoleAccessCredential {
    /// unit: epoch seconds
    #[serde(
        rename = "accessCredentialExpiresAt",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub access_credential_expires_at: Option<i64>,
    #[serde(
        rename = "alibabaCloudStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alibaba_cloud_sts_token: Option<AlibabaCloudStsToken>,
    #[serde(
        rename = "awsStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_sts_token: Option<AwsStsToken>,
    #[serde(
        rename = "tencentCloudStsToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub tencent_cloud_sts_token: Option<TencentCloudStsToken>,
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
