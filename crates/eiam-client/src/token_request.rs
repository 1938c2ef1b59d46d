//! The application's own token: the `client_credentials` request the transport sends when the
//! cached token is missing or due, and the reading of its answer.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use url::form_urlencoded;

use super::config::{ClientConfig, TokenAuth};
use super::decode::{Answer, decode};
use super::error::EiamError;
use super::request::{self, Auth, Payload, Request};
use super::token::Issued;
use super::types::oauth::GenerateTokenResponse;
use super::types::{Operation, ops};

/// The application's `client_credentials` token request, with the secret where
/// `ClientConfig::token_auth` says. Re-sending it is harmless (at worst a second token is
/// minted), so unlike other `Generate*` calls it is retried when its outcome is unknown.
pub(crate) fn client_credentials_request(
    c: &ClientConfig,
    base: &str,
) -> Result<Request<'static>, EiamError> {
    let action = ops::GenerateToken::ACTION;
    let path = request::fill_path(
        action,
        ops::GenerateToken::PATH,
        &[],
        &c.instance_id,
        &c.application_id,
    )?;
    let mut fields: Vec<(&str, &str)> = vec![("grant_type", "client_credentials")];
    if c.token_auth != TokenAuth::Basic {
        fields.push(("client_id", &c.client_id));
        fields.push(("client_secret", c.client_secret.expose_secret()));
    }
    if let Some(scope) = &c.token_scope {
        fields.push(("scope", scope));
    }
    let encoded = SecretString::from(request::encode_query(action, &fields)?);
    let mut headers = HeaderMap::new();
    let (query, payload) = match c.token_auth {
        TokenAuth::Query => (encoded, Payload::None),
        TokenAuth::Form | TokenAuth::Basic => {
            (SecretString::from(String::new()), Payload::Form(encoded))
        }
    };
    if c.token_auth == TokenAuth::Basic {
        headers.insert(
            AUTHORIZATION,
            basic(&c.client_id, c.client_secret.expose_secret())?,
        );
    }
    Ok(Request {
        action,
        method: ops::GenerateToken::METHOD,
        url: request::url(action, base, &path, query.expose_secret())?,
        payload,
        auth: Auth::Anonymous,
        idempotent: true,
        headers,
    })
}

/// `Authorization: Basic` per RFC 6749 2.3.1 (id and secret form-encoded first).
fn basic(client_id: &str, secret: &str) -> Result<HeaderValue, EiamError> {
    let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let raw = format!("{}:{}", enc(client_id), enc(secret));
    let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
    let mut v =
        HeaderValue::from_str(&format!("Basic {b64}")).map_err(|_| EiamError::InvalidRequest {
            action: ops::GenerateToken::ACTION,
            reason: "the client credentials cannot be sent in a header".into(),
        })?;
    v.set_sensitive(true);
    Ok(v)
}

/// Read the token answer: an access token, and its lifetime from `expires_in` (or
/// `expires_at`, epoch seconds, when only that is given).
pub(crate) fn issued_token(action: &'static str, answer: &Answer) -> Result<Issued, EiamError> {
    let resp: GenerateTokenResponse = decode(action, answer)?;
    let protocol = |reason: &str| EiamError::Protocol {
        action,
        reason: reason.to_owned(),
        request_id: Some(answer.request_id.clone()),
    };
    let value = resp
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| protocol("the token answer has no access_token"))?;
    if resp
        .token_type
        .as_deref()
        .is_some_and(|t| !t.eq_ignore_ascii_case("bearer"))
    {
        return Err(protocol("the token answer is not a bearer token"));
    }
    let lifetime = match (resp.expires_in, resp.expires_at) {
        (Some(secs), _) if secs > 0 => Some(Duration::from_secs(secs.unsigned_abs())),
        (_, Some(at)) => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            u64::try_from(at)
                .ok()
                .filter(|at| *at > now)
                .map(|at| Duration::from_secs(at - now))
        }
        _ => None,
    };
    Ok(Issued {
        value: SecretString::from(value),
        lifetime,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Answer {
        Answer {
            status: 200,
            body: body.as_bytes().to_vec(),
            request_id: "r".into(),
        }
    }

    #[test]
    fn reads_the_token_answer() {
        let t = issued_token(
            "GenerateToken",
            &answer(r#"{"access_token":"AT1","token_type":"Bearer","expires_in":1200}"#),
        )
        .unwrap();
        assert_eq!(t.value.expose_secret(), "AT1");
        assert_eq!(t.lifetime, Some(Duration::from_secs(1200)));

        let at = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 100;
        let t = issued_token(
            "GenerateToken",
            &answer(&format!(r#"{{"access_token":"AT2","expires_at":{at}}}"#)),
        )
        .unwrap();
        let l = t.lifetime.unwrap();
        assert!(l <= Duration::from_secs(100) && l >= Duration::from_secs(98));

        let t = issued_token("GenerateToken", &answer(r#"{"access_token":"AT3"}"#)).unwrap();
        assert_eq!(t.lifetime, None);

        for bad in [
            r#"{}"#,
            r#"{"access_token":""}"#,
            r#"{"access_token":"x","token_type":"Basic"}"#,
        ] {
            let e = issued_token("GenerateToken", &answer(bad))
                .map(|_| ())
                .unwrap_err();
            assert!(matches!(e, EiamError::Protocol { .. }), "{bad}");
        }
    }

    #[test]
    fn basic_credentials_are_form_encoded_then_base64() {
        let v = basic("app 1", "s:e/c").unwrap();
        assert!(v.is_sensitive());
        let b64 = v.to_str().unwrap().strip_prefix("Basic ").unwrap();
        let raw = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        assert_eq!(String::from_utf8(raw).unwrap(), "app+1:s%3Ae%2Fc");
    }
}
