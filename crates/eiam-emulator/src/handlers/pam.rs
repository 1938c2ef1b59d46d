//! The PAM operations: authentication tokens, user-exclusive credentials, cloud-account roles.
//! The consumer of a token is the calling application.

use super::{Cx, Endpoint};
use crate::error::ApiError;
use crate::pam::credentials::{Credential, cloud_role_credential};
use crate::pam::tokens::JwtRequest;
use crate::validate::{self, required};
use eiam_api::ops::{
    CreateUserExclusiveCredential, FetchOAuthAuthenticationToken, GenerateJwtAuthenticationToken,
    GetOAuthAuthorizationSession, ListAuthenticationTokens, ObtainCloudAccountRoleAccessCredential,
    ObtainCredential, ObtainJwtAuthenticationToken,
    ObtainJwtAuthenticationTokenByDerivedShortToken, ReinstateAuthenticationToken,
    ReinstateAuthenticationTokenByConsumer, RevokeAuthenticationToken,
    RevokeAuthenticationTokenByConsumer, ValidateAuthenticationToken,
};
use eiam_api::pam::{
    CreateUserExclusiveCredentialRequest, CreateUserExclusiveCredentialResponse,
    FetchOAuthAuthenticationTokenRequest, GenerateJwtAuthenticationTokenRequest,
    GetOAuthAuthorizationSessionRequest, GetOAuthAuthorizationSessionResponse,
    JwtAuthenticationToken, ListAuthenticationTokensQuery, ListAuthenticationTokensResponse,
    OAuthAuthenticationToken, ObtainCloudAccountRoleAccessCredentialQuery,
    ObtainCloudAccountRoleAccessCredentialResponse, ObtainCredentialQuery,
    ObtainCredentialResponse, ObtainJwtAuthenticationTokenByDerivedShortTokenRequest,
    ObtainJwtAuthenticationTokenRequest, ValidateAuthenticationTokenRequest,
    ValidateAuthenticationTokenResponse,
};
use eiam_api::{Empty, NoBody, NoQuery};

/// JWT lifetimes: default 900 s (the documented example), at most a day.
const JWT_TTL_DEFAULT: i64 = 900;
const JWT_TTL_MAX: i64 = 86_400;

impl Endpoint for GenerateJwtAuthenticationToken {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: GenerateJwtAuthenticationTokenRequest,
    ) -> Result<JwtAuthenticationToken, ApiError> {
        required(
            "credentialProviderIdentifier",
            &b.credential_provider_identifier,
        )?;
        required("subject", &b.subject)?;
        if b.audiences.is_empty() || b.audiences.iter().any(|a| a.trim().is_empty()) {
            return Err(ApiError::invalid("audiences"));
        }
        let ttl = b.expiration.unwrap_or(JWT_TTL_DEFAULT);
        if !(1..=JWT_TTL_MAX).contains(&ttl) {
            return Err(ApiError::invalid("expiration"));
        }
        let req = JwtRequest {
            consumer_id: cx.app().to_owned(),
            provider_identifier: b.credential_provider_identifier,
            subject: b.subject,
            audiences: b.audiences,
            issuer: b.issuer,
            claims: b.custom_claims.unwrap_or_default().into_iter().collect(),
            ttl_secs: ttl,
            short_token: b.include_derived_short_token.unwrap_or(false),
        };
        Ok(cx.shared.pam().tokens.generate_jwt(req))
    }
}

impl Endpoint for ObtainJwtAuthenticationToken {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: ObtainJwtAuthenticationTokenRequest,
    ) -> Result<JwtAuthenticationToken, ApiError> {
        required("authenticationTokenId", &b.authentication_token_id)?;
        required("consumerId", &b.consumer_id)?;
        cx.shared
            .pam()
            .tokens
            .obtain_jwt(&b.authentication_token_id, &b.consumer_id)
    }
}

impl Endpoint for ObtainJwtAuthenticationTokenByDerivedShortToken {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: ObtainJwtAuthenticationTokenByDerivedShortTokenRequest,
    ) -> Result<JwtAuthenticationToken, ApiError> {
        required("derivedShortToken", &b.derived_short_token)?;
        cx.shared
            .pam()
            .tokens
            .obtain_by_short_token(&b.derived_short_token)
    }
}

/// Revoking and reinstating are one operation, setting the revoked flag to `true` or `false`:
/// on one token, or on every token of a consumer at a credential provider.
macro_rules! set_revoked {
    ($($op:ident($revoked:literal);)*) => {$(
        impl Endpoint for $op {
            fn handle(cx: &Cx<'_>, _: NoQuery, b: Self::Body) -> Result<Empty, ApiError> {
                required("token", &b.token)?;
                cx.shared.pam().tokens.set_revoked(&b.token, $revoked)?;
                Ok(Empty {})
            }
        }
    )*};
    (by consumer: $($op:ident($revoked:literal);)*) => {$(
        impl Endpoint for $op {
            fn handle(cx: &Cx<'_>, _: NoQuery, b: Self::Body) -> Result<Empty, ApiError> {
                required("consumerId", &b.consumer_id)?;
                required(
                    "credentialProviderIdentifier",
                    &b.credential_provider_identifier,
                )?;
                cx.shared.pam().tokens.set_revoked_by_consumer(
                    &b.consumer_id,
                    &b.credential_provider_identifier,
                    $revoked,
                );
                Ok(Empty {})
            }
        }
    )*};
}

set_revoked! {
    RevokeAuthenticationToken(true);
    ReinstateAuthenticationToken(false);
}

set_revoked! {
    by consumer:
    RevokeAuthenticationTokenByConsumer(true);
    ReinstateAuthenticationTokenByConsumer(false);
}

impl Endpoint for ValidateAuthenticationToken {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: ValidateAuthenticationTokenRequest,
    ) -> Result<ValidateAuthenticationTokenResponse, ApiError> {
        required("token", &b.token)?;
        Ok(ValidateAuthenticationTokenResponse {
            active: Some(cx.shared.pam().tokens.is_active(&b.token)),
        })
    }
}

impl Endpoint for ListAuthenticationTokens {
    fn handle(
        cx: &Cx<'_>,
        q: ListAuthenticationTokensQuery,
        _: NoBody,
    ) -> Result<ListAuthenticationTokensResponse, ApiError> {
        required("consumerId", &q.consumer_id)?;
        required(
            "credentialProviderIdentifier",
            &q.credential_provider_identifier,
        )?;
        let limit = validate::max_results(q.max_results)?;
        let kind = format!(
            "authTokens:{}:{}",
            q.consumer_id, q.credential_provider_identifier
        );
        let after = validate::after_token(&kind, q.next_token.as_deref())?;
        let (entities, next, total) = cx.shared.pam().tokens.list(
            &q.consumer_id,
            &q.credential_provider_identifier,
            q.expired,
            q.revoked,
            after,
            limit,
        );
        Ok(ListAuthenticationTokensResponse {
            entities: Some(entities),
            max_results: i64::try_from(limit).ok(),
            next_token: next.map(|n| validate::next_token(&kind, n)),
            total_count: i64::try_from(total).ok(),
        })
    }
}

impl Endpoint for FetchOAuthAuthenticationToken {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: FetchOAuthAuthenticationTokenRequest,
    ) -> Result<OAuthAuthenticationToken, ApiError> {
        required(
            "credentialProviderIdentifier",
            &b.credential_provider_identifier,
        )?;
        Ok(cx.shared.pam().tokens.fetch_oauth(
            cx.app(),
            &b.credential_provider_identifier,
            b.scope.filter(|s| !s.is_empty()),
            b.force_authentication.unwrap_or(false),
        ))
    }
}

impl Endpoint for GetOAuthAuthorizationSession {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: GetOAuthAuthorizationSessionRequest,
    ) -> Result<GetOAuthAuthorizationSessionResponse, ApiError> {
        required("sessionUri", &b.session_uri)?;
        cx.shared.pam().tokens.session(&b.session_uri)
    }
}

impl Endpoint for CreateUserExclusiveCredential {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: CreateUserExclusiveCredentialRequest,
    ) -> Result<CreateUserExclusiveCredentialResponse, ApiError> {
        required("credentialIdentifier", &b.credential_identifier)?;
        required("credentialName", &b.credential_name)?;
        if !matches!(b.credential_type.as_str(), "api_key" | "oauth_client") {
            return Err(ApiError::invalid("credentialType"));
        }
        if b.credential_scenario_label
            .as_deref()
            .is_some_and(|l| !matches!(l, "llm" | "saas"))
        {
            return Err(ApiError::invalid("credentialScenarioLabel"));
        }
        let api_key = b.credential_content.api_key_content.map(|c| c.api_key);
        if b.credential_type == "api_key" {
            match api_key.as_deref() {
                None => return Err(ApiError::missing("credentialContent.apiKeyContent")),
                Some(k) => required("credentialContent.apiKeyContent.apiKey", k)?,
            }
        }
        let identifier = b.credential_identifier.clone();
        let (id, cipher) = cx.shared.pam().credentials.create(
            Credential {
                id: String::new(),
                identifier: b.credential_identifier,
                name: b.credential_name,
                kind: b.credential_type,
                scenario: b.credential_scenario_label,
                external_id: b.credential_external_id,
                description: b.description,
                api_key,
                exclusive_user: cx.subject().map(str::to_owned),
                create_ms: 0,
            },
            b.return_ciphertext.unwrap_or(false),
        )?;
        Ok(CreateUserExclusiveCredentialResponse {
            credential_ciphertext: cipher,
            credential_id: Some(id),
            credential_identifier: Some(identifier),
        })
    }
}

impl Endpoint for ObtainCredential {
    fn handle(
        cx: &Cx<'_>,
        q: ObtainCredentialQuery,
        _: NoBody,
    ) -> Result<ObtainCredentialResponse, ApiError> {
        required("credentialIdentifier", &q.credential_identifier)?;
        cx.shared.pam().credentials.obtain(&q.credential_identifier)
    }
}

impl Endpoint for ObtainCloudAccountRoleAccessCredential {
    fn handle(
        _cx: &Cx<'_>,
        q: ObtainCloudAccountRoleAccessCredentialQuery,
        _: NoBody,
    ) -> Result<ObtainCloudAccountRoleAccessCredentialResponse, ApiError> {
        required(
            "cloudAccountRoleExternalId",
            &q.cloud_account_role_external_id,
        )?;
        let duration = q.duration_seconds.unwrap_or(3600);
        if !(900..=43_200).contains(&duration) {
            return Err(ApiError::invalid("durationSeconds"));
        }
        Ok(cloud_role_credential(
            &q.cloud_account_role_external_id,
            duration,
        ))
    }
}
