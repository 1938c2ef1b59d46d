//! The OAuth/OIDC operations: token endpoints (client credentials, password, refresh and device
//! grants), revocation, device authorization and userinfo. Client credentials are accepted in
//! the query string (what the SDK sends), a form body, or HTTP Basic — one method at a time.

use axum::http::StatusCode;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::de::DeserializeOwned;

use super::{Cx, Endpoint};
use crate::decode;
use crate::error::ApiError;
use crate::shared::App;
use crate::store::now_ms;
use crate::tokens::Issued;
use eiam_api::oauth::{
    GenerateDeviceCodeQuery, GenerateDeviceCodeResponse, GenerateTokenByAuthorizationServerQuery,
    GenerateTokenByAuthorizationServerResponse, GenerateTokenQuery, GenerateTokenResponse,
    RevokeTokenQuery,
};
use eiam_api::ops::{
    GenerateDeviceCode, GenerateToken, GenerateTokenByAuthorizationServer, GetUserInfo, RevokeToken,
};
use eiam_api::{Empty, NoBody, NoQuery, UserInfo};

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The one authorization server of an instance.
const AUTHORIZATION_SERVER: &str = "iauths_system";

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes())
        .next()
        .map_or_else(|| s.to_owned(), |(_, v)| v.into_owned())
}

/// The request's parameters: query, form body, and Basic credentials as `client_id`/`client_secret`.
fn params(cx: &Cx<'_>) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(cx.raw_query.unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let is_form = cx
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        pairs.extend(url::form_urlencoded::parse(cx.body).into_owned());
    }
    let basic = cx
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        });
    if let Some(b64) = basic {
        let decoded = STANDARD
            .decode(b64.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| ApiError::oauth("invalid_client", "Malformed HTTP Basic credentials"))?;
        let (id, secret) = decoded
            .split_once(':')
            .ok_or_else(|| ApiError::oauth("invalid_client", "Malformed HTTP Basic credentials"))?;
        if pairs.iter().any(|(k, _)| k == "client_secret") {
            return Err(ApiError::oauth(
                "invalid_request",
                "More than one client authentication method was used",
            ));
        }
        pairs.retain(|(k, _)| k != "client_id");
        pairs.push(("client_id".into(), percent_decode(id)));
        pairs.push(("client_secret".into(), percent_decode(secret)));
    }
    for (i, (k, _)) in pairs.iter().enumerate() {
        if pairs[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(ApiError::oauth(
                "invalid_request",
                format!("Parameter {k} was given more than once"),
            ));
        }
    }
    Ok(pairs)
}

/// Decodes parameters as `Q`; problems are OAuth `invalid_request` errors.
fn typed<Q: DeserializeOwned>(pairs: &[(String, String)]) -> Result<Q, ApiError> {
    let encoded = serde_urlencoded::to_string(pairs)
        .map_err(|e| ApiError::oauth("invalid_request", e.to_string()))?;
    decode::query(Some(&encoded)).map_err(|e| ApiError::oauth("invalid_request", e.message))
}

fn authenticate(app: &App, id: Option<&str>, secret: Option<&str>) -> Result<(), ApiError> {
    match (id, secret) {
        (Some(id), Some(secret)) if id == app.client_id && secret == app.client_secret => Ok(()),
        (None, _) => Err(ApiError::oauth(
            "invalid_client",
            "Client authentication required (client_id)",
        )),
        _ => Err(ApiError::oauth(
            "invalid_client",
            "Client authentication failed",
        )),
    }
}

fn scopes(scope: Option<&str>) -> Option<Vec<String>> {
    let list: Vec<String> = scope?.split_whitespace().map(str::to_owned).collect();
    (!list.is_empty()).then_some(list)
}

/// The grant-specific inputs of both token endpoints.
struct Grant<'a> {
    grant_type: &'a str,
    scope: Option<&'a str>,
    username: Option<&'a str>,
    password: Option<&'a str>,
    refresh_token: Option<&'a str>,
    device_code: Option<&'a str>,
}

fn grant(cx: &Cx<'_>, app: &App, g: Grant<'_>) -> Result<Issued, ApiError> {
    let ttl = cx.shared.faults.token_ttl_secs();
    let need = |v: Option<&str>, name: &str| {
        v.filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| ApiError::oauth("invalid_request", format!("Missing parameter: {name}")))
    };
    match g.grant_type {
        // Machine-to-machine tokens carry no refresh token.
        "client_credentials" => {
            Ok(cx
                .shared
                .tokens()
                .issue(&app.id, None, scopes(g.scope), ttl, false))
        }
        "password" => {
            let (user, pass) = (need(g.username, "username")?, need(g.password, "password")?);
            let subject = cx
                .shared
                .dir()
                .check_password(&user, &pass)
                .ok_or_else(|| ApiError::oauth("invalid_grant", "Invalid username or password"))?;
            Ok(cx
                .shared
                .tokens()
                .issue(&app.id, Some(subject), scopes(g.scope), ttl, true))
        }
        "refresh_token" => {
            let rt = need(g.refresh_token, "refresh_token")?;
            cx.shared
                .tokens()
                .refresh(&rt, &app.id, ttl)
                .ok_or_else(|| ApiError::oauth("invalid_grant", "Invalid refresh token"))
        }
        DEVICE_GRANT => {
            let dc = need(g.device_code, "device_code")?;
            cx.shared
                .tokens()
                .redeem_device(&dc, &app.id, ttl)
                .map_err(|code| ApiError::oauth(code, format!("Device authorization: {code}")))
        }
        // No authorization endpoint exists here, so no code can be valid.
        "authorization_code" => Err(ApiError::oauth(
            "invalid_grant",
            "Invalid authorization code",
        )),
        other => Err(ApiError::oauth(
            "invalid_grant",
            format!("Invalid or not supported grant_type: {other}"),
        )),
    }
}

/// The grant inputs of either token endpoint's query (both name them alike).
macro_rules! grant_of {
    ($q:expr) => {
        Grant {
            grant_type: &$q.grant_type,
            scope: $q.scope.as_deref(),
            username: $q.username.as_deref(),
            password: $q.password.as_deref(),
            refresh_token: $q.refresh_token.as_deref(),
            device_code: $q.device_code.as_deref(),
        }
    };
}

/// Either token endpoint's answer for an issued token (both name its fields alike); each
/// `field: f` in the braces adds a field of that answer's own, `f(&issued)`.
macro_rules! token_answer {
    ($response:ident { $($field:ident: $value:path),* }, $cx:expr, $app:expr, $issued:expr) => {{
        let issued: Issued = $issued;
        $response {
            id_token: id_token($cx, &$app.client_id, &issued),
            $($field: $value(&issued),)*
            access_token: Some(issued.access_token),
            expires_at: Some(issued.expires_at),
            expires_in: Some(issued.expires_in),
            refresh_token: issued.refresh_token,
            token_type: Some("Bearer".to_owned()),
        }
    }};
}

/// The granted scopes, space separated, as the authorization server's answer names them.
fn granted_scope(issued: &Issued) -> Option<String> {
    issued.scopes.as_ref().map(|s| s.join(" "))
}

/// An unsigned OIDC id token for user flows that asked for `openid`.
fn id_token(cx: &Cx<'_>, client_id: &str, issued: &Issued) -> Option<String> {
    let sub = issued.subject.as_deref()?;
    issued
        .scopes
        .as_ref()?
        .iter()
        .any(|s| s == "openid")
        .then(|| {
            let claims = serde_json::json!({
                "iss": format!("emulator:{}", cx.shared.instance_id),
                "sub": sub, "aud": client_id, "iat": now_ms() / 1000, "exp": issued.expires_at,
            });
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            )
        })
}

impl Endpoint for GenerateToken {
    fn decode(cx: &Cx<'_>) -> Result<(GenerateTokenQuery, NoBody), ApiError> {
        Ok((typed(&params(cx)?)?, NoBody {}))
    }

    fn handle(
        cx: &Cx<'_>,
        q: GenerateTokenQuery,
        _: NoBody,
    ) -> Result<GenerateTokenResponse, ApiError> {
        let app = cx
            .shared
            .app(cx.param("applicationId"))
            .ok_or_else(|| ApiError::application_not_found(cx.param("applicationId")))?;
        authenticate(&app, q.client_id.as_deref(), q.client_secret.as_deref())?;
        let issued = grant(cx, &app, grant_of!(q))?;
        Ok(token_answer!(GenerateTokenResponse {}, cx, &app, issued))
    }
}

impl Endpoint for GenerateTokenByAuthorizationServer {
    fn decode(cx: &Cx<'_>) -> Result<(GenerateTokenByAuthorizationServerQuery, NoBody), ApiError> {
        Ok((typed(&params(cx)?)?, NoBody {}))
    }

    fn handle(
        cx: &Cx<'_>,
        q: GenerateTokenByAuthorizationServerQuery,
        _: NoBody,
    ) -> Result<GenerateTokenByAuthorizationServerResponse, ApiError> {
        let server = cx.param("authorizationServerId");
        if server != AUTHORIZATION_SERVER {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "authorization_server_not_found",
                format!("Authorization server id not found: {server}"),
            ));
        }
        if q.client_assertion.is_some()
            || q.client_x509.is_some()
            || q.application_federated_credential_name.is_some()
        {
            return Err(ApiError::oauth(
                "invalid_client",
                "Only client_secret authentication is supported by the emulator",
            ));
        }
        let app = cx
            .shared
            .app_by_client(&q.client_id)
            .ok_or_else(|| ApiError::oauth("invalid_client", "Client authentication failed"))?;
        authenticate(&app, Some(&q.client_id), q.client_secret.as_deref())?;
        let issued = grant(cx, &app, grant_of!(q))?;
        Ok(token_answer!(
            GenerateTokenByAuthorizationServerResponse {
                scope: granted_scope
            },
            cx,
            &app,
            issued
        ))
    }
}

impl Endpoint for RevokeToken {
    fn decode(cx: &Cx<'_>) -> Result<(RevokeTokenQuery, NoBody), ApiError> {
        Ok((typed(&params(cx)?)?, NoBody {}))
    }

    /// RFC 7009: the client must authenticate; unknown tokens are not an error.
    fn handle(cx: &Cx<'_>, q: RevokeTokenQuery, _: NoBody) -> Result<Empty, ApiError> {
        let app = cx
            .shared
            .app(cx.param("applicationId"))
            .ok_or_else(|| ApiError::application_not_found(cx.param("applicationId")))?;
        authenticate(&app, q.client_id.as_deref(), q.client_secret.as_deref())?;
        if q.token.is_empty() {
            return Err(ApiError::oauth(
                "invalid_request",
                "Missing parameter: token",
            ));
        }
        cx.shared.tokens().revoke(&q.token, &app.id);
        Ok(Empty {})
    }
}

impl Endpoint for GenerateDeviceCode {
    /// The SDK sends only `scope`; other clients also send `client_id` (checked when present).
    fn decode(cx: &Cx<'_>) -> Result<(GenerateDeviceCodeQuery, NoBody), ApiError> {
        let mut pairs = params(cx)?;
        if let Some((_, id)) = pairs.iter().find(|(k, _)| k == "client_id") {
            let ok = cx
                .shared
                .app(cx.param("applicationId"))
                .is_some_and(|a| a.client_id == *id);
            if !ok {
                return Err(ApiError::oauth("invalid_request", "Invalid client id"));
            }
        }
        pairs.retain(|(k, _)| k != "client_id" && k != "client_secret");
        Ok((typed(&pairs)?, NoBody {}))
    }

    fn handle(
        cx: &Cx<'_>,
        q: GenerateDeviceCodeQuery,
        _: NoBody,
    ) -> Result<GenerateDeviceCodeResponse, ApiError> {
        let d = cx
            .shared
            .tokens()
            .start_device(cx.param("applicationId"), scopes(q.scope.as_deref()));
        let host = cx
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let uri = format!("http://{host}/_emulator/device");
        Ok(GenerateDeviceCodeResponse {
            verification_uri_complete: Some(format!("{uri}?user_code={}", d.user_code)),
            verification_uri: Some(uri),
            expires_at: Some(now_ms() / 1000 + d.expires_in),
            expires_in: Some(d.expires_in),
            interval: Some(d.interval),
            device_code: Some(d.device_code),
            user_code: Some(d.user_code),
        })
    }
}

impl Endpoint for GetUserInfo {
    /// OIDC userinfo: only a user's token (password or device flow) has a subject.
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<UserInfo, ApiError> {
        let invalid = || ApiError::oauth("invalid_token", "Invalid token");
        let sub = cx.subject().ok_or_else(invalid)?;
        let dir = cx.shared.dir();
        let u = dir
            .find_user(sub)
            .and_then(|s| dir.user(s))
            .ok_or_else(invalid)?;
        let mut claims = UserInfo::new();
        claims.insert("sub".into(), u.id.to_string().into());
        claims.insert("preferred_username".into(), u.username.to_string().into());
        if let Some(n) = &u.display_name {
            claims.insert("name".into(), n.to_string().into());
        }
        if let Some(e) = &u.email {
            claims.insert("email".into(), e.to_string().into());
            claims.insert(
                "email_verified".into(),
                u.email_verified.unwrap_or(false).into(),
            );
        }
        if let Some(p) = &u.phone_number {
            let region = u.phone_region.as_deref().unwrap_or("");
            claims.insert("phone_number".into(), format!("+{region} {p}").into());
            claims.insert(
                "phone_number_verified".into(),
                u.phone_number_verified.unwrap_or(false).into(),
            );
        }
        claims.insert("updated_at".into(), (u.update_time / 1000).into());
        Ok(claims)
    }
}
