//! PAM OAuth access tokens fetched from a credential provider, cached per (consumer, provider,
//! scope), and the authorization sessions that stand for a user's consent.

use super::tokens::{AuthToken, AuthTokens, Session, TokenKind, provider_id};
use crate::error::ApiError;
use crate::store::{new_id, now_ms};
use crate::tokens::random_token;
use eiam_api::pam::{
    AuthenticationToken, GetOAuthAuthorizationSessionResponse, OAuthAccessTokenContent,
    OAuthAuthenticationToken, OAuthAuthorizationSession,
};

/// Lifetime of a fetched OAuth access token.
const OAUTH_TOKEN_TTL_MS: i64 = 3_600_000;

impl AuthTokens {
    fn oauth_view(&self, i: usize) -> OAuthAuthenticationToken {
        let t = &self.tokens[i];
        token_view!(OAuthAuthenticationToken, self.meta(t), {
            oauth_access_token_content: Some(OAuthAccessTokenContent {
                access_token_value: Some(t.value.clone()),
                scope: t.scope.clone(),
                token_type: Some("Bearer".to_owned()),
            }),
            oauth_authorization_session: None,
        })
    }

    fn mint_oauth(&mut self, consumer_id: &str, provider: &str, scope: Option<String>) -> usize {
        let now = now_ms();
        let i = self.push(AuthToken {
            id: new_id("atntkn_"),
            kind: TokenKind::OAuth,
            consumer_id: consumer_id.to_owned(),
            provider_identifier: provider.to_owned(),
            value: random_token("oat_"),
            short_token: None,
            scope: scope.clone(),
            create_ms: now,
            update_ms: now,
            expires_ms: now + OAUTH_TOKEN_TTL_MS,
            revoked: false,
        });
        let key = (
            consumer_id.to_owned(),
            provider.to_owned(),
            scope.unwrap_or_default(),
        );
        self.cached.insert(key, i);
        i
    }

    /// `FetchOAuthAuthenticationToken`: the cached valid token of (consumer, provider, scope),
    /// else a new one (the emulated user has consented before). With `forceAuthentication` the
    /// answer is a pending authorization session instead; polling it with
    /// `GetOAuthAuthorizationSession` completes it (the emulated user approves at once).
    pub fn fetch_oauth(
        &mut self,
        consumer_id: &str,
        provider: &str,
        scope: Option<String>,
        force: bool,
    ) -> OAuthAuthenticationToken {
        let now = now_ms();
        if force {
            let id = new_id("oas_");
            let uri = format!("/v2/{}/oauthAuthorizationSessions/{id}", self.instance_id);
            let session = Session {
                id: id.clone(),
                uri: uri.clone(),
                consumer_id: consumer_id.to_owned(),
                provider_identifier: provider.to_owned(),
                scope,
                expires_ms: now + 600_000,
                token: None,
            };
            self.sessions.insert(uri.clone(), session);
            return OAuthAuthenticationToken {
                consumer_id: Some(consumer_id.to_owned()),
                consumer_type: Some("application".to_owned()),
                credential_provider_id: Some(provider_id(provider)),
                instance_id: Some(self.instance_id.clone()),
                oauth_authorization_session: Some(OAuthAuthorizationSession {
                    authorization_url: Some(format!(
                        "https://emulator.invalid/authorize?session={id}"
                    )),
                    session_id: Some(id),
                    session_status: Some("pending".to_owned()),
                    session_uri: Some(uri),
                }),
                ..OAuthAuthenticationToken::default()
            };
        }
        let key = (
            consumer_id.to_owned(),
            provider.to_owned(),
            scope.clone().unwrap_or_default(),
        );
        let i = match self.cached.get(&key).copied() {
            Some(i) if !self.tokens[i].revoked && now < self.tokens[i].expires_ms => i,
            _ => self.mint_oauth(consumer_id, provider, scope),
        };
        self.oauth_view(i)
    }

    /// `GetOAuthAuthorizationSession`.
    pub fn session(&mut self, uri: &str) -> Result<GetOAuthAuthorizationSessionResponse, ApiError> {
        let s = self
            .sessions
            .get(uri)
            .cloned()
            .ok_or_else(|| ApiError::resource_not_found("OAuthAuthorizationSession", uri))?;
        let token = match s.token {
            Some(t) => t,
            None => {
                let t = self.mint_oauth(&s.consumer_id, &s.provider_identifier, s.scope.clone());
                if let Some(stored) = self.sessions.get_mut(uri) {
                    stored.token = Some(t);
                }
                t
            }
        };
        Ok(GetOAuthAuthorizationSessionResponse {
            authentication_token_id: Some(self.tokens[token].id.clone()),
            authorization_url: Some(format!(
                "https://emulator.invalid/authorize?session={}",
                s.id
            )),
            consumer_id: Some(s.consumer_id.clone()),
            consumer_type: Some("application".to_owned()),
            creator_id: Some(s.consumer_id),
            creator_type: Some("application".to_owned()),
            credential_provider_identifier: Some(s.provider_identifier),
            error_code: None,
            error_description: None,
            expiration_time: Some(s.expires_ms),
            instance_id: Some(self.instance_id.clone()),
            session_id: Some(s.id),
            session_status: Some("authorized".to_owned()),
            session_uri: Some(s.uri),
        })
    }
}
