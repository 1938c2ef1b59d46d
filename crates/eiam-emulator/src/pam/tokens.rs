//! PAM authentication tokens: JWTs minted for a credential provider (OAuth access tokens and
//! their authorization sessions are stored here too, see `oauth`). Everything created can be
//! fetched, listed, revoked, reinstated and validated.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::ApiError;
use crate::store::{new_id, now_ms};
use crate::tokens::random_token;
use eiam_api::pam::{AuthenticationToken, JwtAuthenticationToken, JwtContent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Jwt,
    OAuth,
}

/// One authentication token.
#[derive(Debug, Clone)]
pub struct AuthToken {
    pub id: String,
    pub kind: TokenKind,
    pub consumer_id: String,
    pub provider_identifier: String,
    pub value: String,
    pub short_token: Option<String>,
    pub scope: Option<String>,
    pub create_ms: i64,
    pub update_ms: i64,
    pub expires_ms: i64,
    pub revoked: bool,
}

/// A pending or completed authorization session (`oauth` opens and completes them).
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) id: String,
    pub(super) uri: String,
    pub(super) consumer_id: String,
    pub(super) provider_identifier: String,
    pub(super) scope: Option<String>,
    pub(super) expires_ms: i64,
    /// The token it was completed with.
    pub(super) token: Option<usize>,
}

/// A new JWT: everything `GenerateJwtAuthenticationToken` takes.
#[derive(Debug, Clone)]
pub struct JwtRequest {
    pub consumer_id: String,
    pub provider_identifier: String,
    pub subject: String,
    pub audiences: Vec<String>,
    pub issuer: Option<String>,
    pub claims: serde_json::Map<String, serde_json::Value>,
    pub ttl_secs: i64,
    pub short_token: bool,
}

/// The stable provider id (`atp_…`) the emulator gives a credential provider identifier.
pub fn provider_id(identifier: &str) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(identifier.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("atp_{}", &hex[..26])
}

/// Authentication tokens in creation order, with lookups by id and by value.
#[derive(Debug, Default)]
pub struct AuthTokens {
    pub(super) tokens: Vec<AuthToken>,
    by_id: HashMap<String, usize>,
    by_value: HashMap<String, usize>,
    /// The current OAuth token per (consumer, provider, scope).
    pub(super) cached: HashMap<(String, String, String), usize>,
    pub(super) sessions: HashMap<String, Session>,
    pub(super) instance_id: String,
}

impl AuthTokens {
    pub fn new(instance_id: &str) -> Self {
        AuthTokens {
            instance_id: instance_id.to_owned(),
            ..AuthTokens::default()
        }
    }

    pub(super) fn push(&mut self, t: AuthToken) -> usize {
        let i = self.tokens.len();
        self.by_id.insert(t.id.clone(), i);
        self.by_value.insert(t.value.clone(), i);
        if let Some(s) = &t.short_token {
            self.by_value.insert(s.clone(), i);
        }
        self.tokens.push(t);
        i
    }

    /// `GenerateJwtAuthenticationToken`.
    pub fn generate_jwt(&mut self, req: JwtRequest) -> JwtAuthenticationToken {
        let now = now_ms();
        let id = new_id("atntkn_");
        let header = serde_json::json!({"alg": "none", "typ": "JWT"});
        let mut claims = req.claims;
        claims.insert("sub".into(), req.subject.into());
        claims.insert("aud".into(), req.audiences.into());
        claims.insert(
            "iss".into(),
            req.issuer
                .unwrap_or_else(|| format!("emulator:{}", self.instance_id))
                .into(),
        );
        claims.insert("iat".into(), (now / 1000).into());
        claims.insert("exp".into(), (now / 1000 + req.ttl_secs).into());
        claims.insert("jti".into(), id.clone().into());
        // Unsigned (`alg: none`): nothing verifies these tokens except this emulator, by value.
        let value = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(serde_json::Value::Object(claims).to_string())
        );
        let i = self.push(AuthToken {
            id,
            kind: TokenKind::Jwt,
            consumer_id: req.consumer_id,
            provider_identifier: req.provider_identifier,
            value,
            short_token: req.short_token.then(|| random_token("dst_")),
            scope: None,
            create_ms: now,
            update_ms: now,
            expires_ms: now + req.ttl_secs * 1000,
            revoked: false,
        });
        self.jwt_view(i)
    }

    fn jwt_view(&self, i: usize) -> JwtAuthenticationToken {
        let t = &self.tokens[i];
        token_view!(JwtAuthenticationToken, self.meta(t), {
            jwt_content: Some(JwtContent {
                derived_short_token: t.short_token.clone(),
                jwt_value: Some(t.value.clone()),
            }),
        })
    }

    pub(super) fn meta(&self, t: &AuthToken) -> AuthenticationToken {
        AuthenticationToken {
            authentication_token_id: Some(t.id.clone()),
            authentication_token_type: Some(match t.kind {
                TokenKind::Jwt => "jwt".to_owned(),
                TokenKind::OAuth => "oauth_access_token".to_owned(),
            }),
            consumer_id: Some(t.consumer_id.clone()),
            consumer_type: Some("application".to_owned()),
            create_time: Some(t.create_ms),
            creator_id: Some(t.consumer_id.clone()),
            creator_type: Some("application".to_owned()),
            credential_provider_id: Some(provider_id(&t.provider_identifier)),
            expiration_time: Some(t.expires_ms),
            instance_id: Some(self.instance_id.clone()),
            revoked: Some(t.revoked),
            update_time: Some(t.update_ms),
        }
    }

    fn not_found(what: &str) -> ApiError {
        ApiError::resource_not_found("AuthenticationToken", what)
    }

    /// `ObtainJwtAuthenticationToken`: a JWT by id, for its consumer only.
    pub fn obtain_jwt(
        &self,
        id: &str,
        consumer_id: &str,
    ) -> Result<JwtAuthenticationToken, ApiError> {
        self.by_id
            .get(id)
            .copied()
            .filter(|&i| {
                self.tokens[i].kind == TokenKind::Jwt && self.tokens[i].consumer_id == consumer_id
            })
            .map(|i| self.jwt_view(i))
            .ok_or_else(|| Self::not_found(id))
    }

    /// `ObtainJwtAuthenticationTokenByDerivedShortToken`.
    pub fn obtain_by_short_token(&self, short: &str) -> Result<JwtAuthenticationToken, ApiError> {
        self.by_value
            .get(short)
            .copied()
            .filter(|&i| self.tokens[i].short_token.as_deref() == Some(short))
            .map(|i| self.jwt_view(i))
            .ok_or_else(|| Self::not_found(short))
    }

    /// `Revoke`/`ReinstateAuthenticationToken` (JWTs only, by value or derived short token).
    pub fn set_revoked(&mut self, token: &str, revoked: bool) -> Result<(), ApiError> {
        let i = self
            .by_value
            .get(token)
            .copied()
            .filter(|&i| self.tokens[i].kind == TokenKind::Jwt)
            .ok_or_else(|| Self::not_found("(token)"))?;
        let t = &mut self.tokens[i];
        t.revoked = revoked;
        t.update_ms = now_ms();
        Ok(())
    }

    /// `Revoke`/`ReinstateAuthenticationTokenByConsumer`: every JWT of the pair.
    pub fn set_revoked_by_consumer(&mut self, consumer_id: &str, provider: &str, revoked: bool) {
        let now = now_ms();
        for t in self.tokens.iter_mut().filter(|t| {
            t.kind == TokenKind::Jwt
                && t.consumer_id == consumer_id
                && t.provider_identifier == provider
        }) {
            t.revoked = revoked;
            t.update_ms = now;
        }
    }

    /// `ValidateAuthenticationToken`: known, unrevoked and unexpired.
    pub fn is_active(&self, token: &str) -> bool {
        let now = now_ms();
        self.by_value
            .get(token)
            .is_some_and(|&i| !self.tokens[i].revoked && now < self.tokens[i].expires_ms)
    }

    /// `ListAuthenticationTokens`: tokens of (consumer, provider) after position `after`,
    /// filtered by the optional expired/revoked flags; (items, next position, total).
    pub fn list(
        &self,
        consumer_id: &str,
        provider: &str,
        expired: Option<bool>,
        revoked: Option<bool>,
        after: Option<u32>,
        limit: usize,
    ) -> (Vec<AuthenticationToken>, Option<u32>, usize) {
        let now = now_ms();
        let matches = |t: &AuthToken| {
            t.consumer_id == consumer_id
                && t.provider_identifier == provider
                && expired.is_none_or(|e| e == (now >= t.expires_ms))
                && revoked.is_none_or(|r| r == t.revoked)
        };
        let total = self.tokens.iter().filter(|t| matches(t)).count();
        let start = after.map_or(0, |a| a as usize + 1);
        let mut hits = (start..self.tokens.len()).filter(|&i| matches(&self.tokens[i]));
        let items: Vec<usize> = hits.by_ref().take(limit).collect();
        let next = match (items.last(), hits.next()) {
            (Some(&last), Some(_)) => u32::try_from(last).ok(),
            _ => None,
        };
        (
            items.iter().map(|&i| self.meta(&self.tokens[i])).collect(),
            next,
            total,
        )
    }
}
