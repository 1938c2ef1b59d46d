//! OAuth/OIDC operations.

use secrecy::SecretString;
use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::request::Auth;
use super::types::oauth::{
    GenerateDeviceCodeQuery, GenerateDeviceCodeResponse, GenerateTokenByAuthorizationServerQuery,
    GenerateTokenByAuthorizationServerResponse, GenerateTokenQuery, GenerateTokenResponse,
    RevokeTokenQuery,
};
use super::types::{NoQuery, UserInfo, ops};

/// The OAuth/OIDC endpoints of the application.
pub struct OAuth<'a> {
    client: &'a Client,
}

impl Client {
    /// The OAuth/OIDC endpoints of the application.
    pub fn oauth(&self) -> OAuth<'_> {
        OAuth { client: self }
    }
}

impl OAuth<'_> {
    /// `GenerateToken` with any grant, parameters in the query string as the SDK sends them.
    /// (The client's own token is managed internally; this is for other flows.)
    #[instrument(skip_all)]
    pub async fn generate_token(
        &self,
        query: &GenerateTokenQuery,
    ) -> Result<GenerateTokenResponse, EiamError> {
        self.client
            .execute::<ops::GenerateToken>(&[], query, None)
            .await
    }

    /// `RevokeToken`: revoke an access or refresh token issued to the application.
    #[instrument(skip_all)]
    pub async fn revoke_token(&self, query: &RevokeTokenQuery) -> Result<(), EiamError> {
        self.client
            .execute::<ops::RevokeToken>(&[], query, None)
            .await?;
        Ok(())
    }

    /// `GenerateDeviceCode`: start a device-authorization flow.
    #[instrument(skip_all)]
    pub async fn generate_device_code(
        &self,
        query: &GenerateDeviceCodeQuery,
    ) -> Result<GenerateDeviceCodeResponse, EiamError> {
        self.client
            .execute::<ops::GenerateDeviceCode>(&[], query, None)
            .await
    }

    /// `GetUserInfo`: the OIDC claims of an end user's access token (not the application's).
    #[instrument(skip_all)]
    pub async fn user_info(&self, user_access_token: &SecretString) -> Result<UserInfo, EiamError> {
        self.client
            .call::<ops::GetUserInfo>(&[], &NoQuery {}, None, Auth::Bearer(user_access_token))
            .await
    }

    /// `GenerateTokenByAuthorizationServer`: the token endpoint of an instance-level
    /// authorization server (e.g. `iauths_system`).
    #[instrument(skip_all, fields(authorization_server_id))]
    pub async fn generate_token_by_authorization_server(
        &self,
        authorization_server_id: &str,
        query: &GenerateTokenByAuthorizationServerQuery,
    ) -> Result<GenerateTokenByAuthorizationServerResponse, EiamError> {
        self.client
            .execute::<ops::GenerateTokenByAuthorizationServer>(
                &[("authorizationServerId", authorization_server_id)],
                query,
                None,
            )
            .await
    }
}
