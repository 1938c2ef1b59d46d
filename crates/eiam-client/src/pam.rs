//! Privileged-access operations: authentication tokens, static credentials, cloud-role credentials.

use futures_util::Stream;
use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::page::{self, Cursor, MAX_RESULTS, Page};
use super::types::pam::{
    AuthenticationToken, CreateUserExclusiveCredentialRequest,
    CreateUserExclusiveCredentialResponse, FetchOAuthAuthenticationTokenRequest,
    GenerateJwtAuthenticationTokenRequest, GetOAuthAuthorizationSessionRequest,
    GetOAuthAuthorizationSessionResponse, JwtAuthenticationToken, ListAuthenticationTokensQuery,
    OAuthAuthenticationToken, ObtainCloudAccountRoleAccessCredentialQuery,
    ObtainCloudAccountRoleAccessCredentialResponse, ObtainCredentialQuery,
    ObtainCredentialResponse, ObtainJwtAuthenticationTokenByDerivedShortTokenRequest,
    ObtainJwtAuthenticationTokenRequest, ReinstateAuthenticationTokenByConsumerRequest,
    ReinstateAuthenticationTokenRequest, RevokeAuthenticationTokenByConsumerRequest,
    RevokeAuthenticationTokenRequest, ValidateAuthenticationTokenRequest,
    ValidateAuthenticationTokenResponse,
};
use super::types::{NoQuery, Operation, ops};

/// The PAM operations. Their permissions are `urn:cloud:idaas:pam|...` scopes; set
/// `ClientConfig::token_scope` (e.g. `urn:cloud:idaas:pam|.all`) if the token must ask for them.
pub struct Pam<'a> {
    client: &'a Client,
}

impl Client {
    /// The PAM operations.
    pub fn pam(&self) -> Pam<'_> {
        Pam { client: self }
    }
}

impl Pam<'_> {
    /// `GenerateJwtAuthenticationToken`. Not re-sent when the outcome is unknown.
    #[instrument(skip_all)]
    pub async fn generate_jwt_authentication_token(
        &self,
        request: &GenerateJwtAuthenticationTokenRequest,
    ) -> Result<JwtAuthenticationToken, EiamError> {
        self.client
            .execute::<ops::GenerateJwtAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `ObtainJwtAuthenticationToken`: a JWT generated earlier, by id and consumer.
    #[instrument(skip_all)]
    pub async fn obtain_jwt_authentication_token(
        &self,
        request: &ObtainJwtAuthenticationTokenRequest,
    ) -> Result<JwtAuthenticationToken, EiamError> {
        self.client
            .execute::<ops::ObtainJwtAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `ObtainJwtAuthenticationTokenByDerivedShortToken` (no bearer: the short token is the
    /// credential).
    #[instrument(skip_all)]
    pub async fn obtain_jwt_authentication_token_by_derived_short_token(
        &self,
        request: &ObtainJwtAuthenticationTokenByDerivedShortTokenRequest,
    ) -> Result<JwtAuthenticationToken, EiamError> {
        self.client
            .execute::<ops::ObtainJwtAuthenticationTokenByDerivedShortToken>(
                &[],
                &NoQuery {},
                Some(request),
            )
            .await
    }

    /// `FetchOAuthAuthenticationToken`. Not re-sent when the outcome is unknown.
    #[instrument(skip_all)]
    pub async fn fetch_oauth_authentication_token(
        &self,
        request: &FetchOAuthAuthenticationTokenRequest,
    ) -> Result<OAuthAuthenticationToken, EiamError> {
        self.client
            .execute::<ops::FetchOAuthAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `GetOAuthAuthorizationSession`.
    #[instrument(skip_all)]
    pub async fn get_oauth_authorization_session(
        &self,
        request: &GetOAuthAuthorizationSessionRequest,
    ) -> Result<GetOAuthAuthorizationSessionResponse, EiamError> {
        self.client
            .execute::<ops::GetOAuthAuthorizationSession>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `ListAuthenticationTokens` of a consumer, 100 per request, fetched lazily. `max_results`
    /// and `next_token` of `query` are managed by the stream.
    pub fn list_authentication_tokens(
        &self,
        query: &ListAuthenticationTokensQuery,
    ) -> impl Stream<Item = Result<AuthenticationToken, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let query = query.clone();
        page::items(
            ops::ListAuthenticationTokens::ACTION,
            Cursor::Token(String::new()),
            move |cursor| {
                let client = client.clone();
                let query = ListAuthenticationTokensQuery {
                    max_results: Some(MAX_RESULTS),
                    next_token: page::token(&cursor),
                    ..query.clone()
                };
                async move { client.pam().list_authentication_tokens_page(&query).await }
            },
        )
    }

    /// One page of `ListAuthenticationTokens`, exactly as `query` asks.
    #[instrument(skip_all)]
    pub async fn list_authentication_tokens_page(
        &self,
        query: &ListAuthenticationTokensQuery,
    ) -> Result<Page<AuthenticationToken>, EiamError> {
        let r = self
            .client
            .execute::<ops::ListAuthenticationTokens>(&[], query, None)
            .await?;
        Ok(
            Page::tokened(r.entities.unwrap_or_default(), r.total_count, r.next_token)
                .with_limit(query.max_results),
        )
    }

    /// `RevokeAuthenticationToken` (a JWT or its derived short token).
    #[instrument(skip_all)]
    pub async fn revoke_authentication_token(
        &self,
        request: &RevokeAuthenticationTokenRequest,
    ) -> Result<(), EiamError> {
        self.client
            .execute::<ops::RevokeAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await?;
        Ok(())
    }

    /// `RevokeAuthenticationTokenByConsumer`.
    #[instrument(skip_all)]
    pub async fn revoke_authentication_token_by_consumer(
        &self,
        request: &RevokeAuthenticationTokenByConsumerRequest,
    ) -> Result<(), EiamError> {
        self.client
            .execute::<ops::RevokeAuthenticationTokenByConsumer>(&[], &NoQuery {}, Some(request))
            .await?;
        Ok(())
    }

    /// `ReinstateAuthenticationToken`.
    #[instrument(skip_all)]
    pub async fn reinstate_authentication_token(
        &self,
        request: &ReinstateAuthenticationTokenRequest,
    ) -> Result<(), EiamError> {
        self.client
            .execute::<ops::ReinstateAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await?;
        Ok(())
    }

    /// `ReinstateAuthenticationTokenByConsumer`.
    #[instrument(skip_all)]
    pub async fn reinstate_authentication_token_by_consumer(
        &self,
        request: &ReinstateAuthenticationTokenByConsumerRequest,
    ) -> Result<(), EiamError> {
        self.client
            .execute::<ops::ReinstateAuthenticationTokenByConsumer>(&[], &NoQuery {}, Some(request))
            .await?;
        Ok(())
    }

    /// `ValidateAuthenticationToken` (no bearer): whether the JWT is active.
    #[instrument(skip_all)]
    pub async fn validate_authentication_token(
        &self,
        request: &ValidateAuthenticationTokenRequest,
    ) -> Result<ValidateAuthenticationTokenResponse, EiamError> {
        self.client
            .execute::<ops::ValidateAuthenticationToken>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `CreateUserExclusiveCredential`. Not re-sent when the outcome is unknown.
    #[instrument(skip_all)]
    pub async fn create_user_exclusive_credential(
        &self,
        request: &CreateUserExclusiveCredentialRequest,
    ) -> Result<CreateUserExclusiveCredentialResponse, EiamError> {
        self.client
            .execute::<ops::CreateUserExclusiveCredential>(&[], &NoQuery {}, Some(request))
            .await
    }

    /// `ObtainCredential`: a static credential with its plaintext content.
    #[instrument(skip_all)]
    pub async fn obtain_credential(
        &self,
        credential_identifier: &str,
    ) -> Result<ObtainCredentialResponse, EiamError> {
        let query = ObtainCredentialQuery {
            credential_identifier: credential_identifier.to_owned(),
        };
        self.client
            .execute::<ops::ObtainCredential>(&[], &query, None)
            .await
    }

    /// `ObtainCloudAccountRoleAccessCredential`: temporary cloud credentials of a role.
    #[instrument(skip_all)]
    pub async fn obtain_cloud_account_role_access_credential(
        &self,
        query: &ObtainCloudAccountRoleAccessCredentialQuery,
    ) -> Result<ObtainCloudAccountRoleAccessCredentialResponse, EiamError> {
        self.client
            .execute::<ops::ObtainCloudAccountRoleAccessCredential>(&[], query, None)
            .await
    }
}
