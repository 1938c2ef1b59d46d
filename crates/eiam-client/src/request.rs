//! Turning an operation and its arguments into a request: URL, query, body, headers.

use std::fmt::Write as _;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::SecretString;
use serde::Serialize;
use url::Url;

use super::error::EiamError;
use super::types::HttpMethod;

/// `x-acs-version` of the developer API.
pub const API_VERSION: &str = "2022-02-25";

/// Who a call authenticates as.
#[derive(Clone, Copy)]
pub(crate) enum Auth<'a> {
    /// No `Authorization` header (token endpoints, short-token lookups).
    Anonymous,
    /// The application's client-credentials token, managed by the client.
    App,
    /// A token the caller holds (an end user's token for `GetUserInfo`).
    Bearer(&'a SecretString),
}

/// The body of a request.
pub(crate) enum Payload {
    /// No body and no `content-type` (operations without body parameters).
    None,
    /// Compact UTF-8 JSON, `content-type: application/json; charset=utf-8`.
    Json(Vec<u8>),
    /// `application/x-www-form-urlencoded` (the token request's client credentials).
    Form(SecretString),
}

/// A request ready to be sent (and re-sent: it is rebuilt from this on every attempt).
/// Deliberately not `Debug`: the URL or the form may carry the client secret.
pub(crate) struct Request<'a> {
    pub action: &'static str,
    pub method: HttpMethod,
    pub url: Url,
    pub payload: Payload,
    pub auth: Auth<'a>,
    /// Safe to send twice when the first outcome is unknown.
    pub idempotent: bool,
    /// Extra headers (HTTP Basic client authentication), marked sensitive.
    pub headers: HeaderMap,
}

/// Fill a path template such as `/v2/{instanceId}/{applicationId}/users/{userId}`: `params`
/// first, then the client's own instance and application ids. Every value is percent-encoded
/// as one segment; empty values and the dot segments `.`/`..` (which URL parsers resolve, even
/// percent-encoded) are refused rather than silently addressing another resource.
pub(crate) fn fill_path(
    action: &'static str,
    template: &str,
    params: &[(&str, &str)],
    instance_id: &str,
    application_id: &str,
) -> Result<String, EiamError> {
    let invalid = |reason: String| EiamError::InvalidRequest { action, reason };
    let mut out = String::with_capacity(template.len() + 64);
    let mut used = 0usize;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| invalid(format!("malformed path template {template}")))?;
        let name = &rest[open + 1..open + close];
        let value = match params.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => {
                used += 1;
                *v
            }
            None if name == "instanceId" => instance_id,
            None if name == "applicationId" => application_id,
            None => return Err(invalid(format!("missing path parameter {name}"))),
        };
        if value.is_empty() || value == "." || value == ".." {
            return Err(invalid(format!("{name} must not be {value:?}")));
        }
        encode_segment(value, &mut out);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if used != params.len() {
        return Err(invalid(format!(
            "path parameters {:?} do not all appear in {template}",
            params.iter().map(|(k, _)| *k).collect::<Vec<_>>()
        )));
    }
    Ok(out)
}

/// RFC 3986 percent-encoding as the SDK does it: unreserved characters kept, everything else
/// (space → `%20`, `*` → `%2A`, `/` → `%2F`, UTF-8 bytes) encoded.
pub(crate) fn encode_segment(value: &str, out: &mut String) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Form-style query string as the SDK builds it (Python `urlencode`: space → `+`).
pub(crate) fn encode_query<Q: Serialize>(
    action: &'static str,
    query: &Q,
) -> Result<String, EiamError> {
    serde_urlencoded::to_string(query).map_err(|e| EiamError::InvalidRequest {
        action,
        reason: format!("cannot encode the query string: {e}"),
    })
}

/// `base` + `path` + `?query`.
pub(crate) fn url(
    action: &'static str,
    base: &str,
    path: &str,
    query: &str,
) -> Result<Url, EiamError> {
    let mut text = String::with_capacity(base.len() + path.len() + query.len() + 1);
    text.push_str(base);
    text.push_str(path);
    if !query.is_empty() {
        text.push('?');
        text.push_str(query);
    }
    Url::parse(&text).map_err(|e| EiamError::InvalidRequest {
        action,
        reason: format!("cannot build the request url: {e}"),
    })
}

/// Compact JSON as the SDK sends it (non-ASCII not escaped).
pub(crate) fn json_body<B: Serialize>(
    action: &'static str,
    body: &B,
) -> Result<Payload, EiamError> {
    serde_json::to_vec(body)
        .map(Payload::Json)
        .map_err(|e| EiamError::InvalidRequest {
            action,
            reason: format!("cannot encode the json body: {e}"),
        })
}

/// The `user-agent` header, shaped like the official SDK's.
pub(crate) fn user_agent() -> HeaderValue {
    let ua = format!(
        "AlibabaCloud ({}; {}) eiam-sync/{} TeaDSL/2",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("CARGO_PKG_VERSION")
    );
    HeaderValue::from_str(&ua)
        .unwrap_or(HeaderValue::from_static("AlibabaCloud eiam-sync TeaDSL/2"))
}

/// The headers every request carries, as the SDK's runtime sends them (docs/eiam-api.md §1). The
/// SDK computes no signature for these anonymous-auth operations but still announces the method.
pub(crate) fn standard_headers(
    action: &'static str,
    nonce: &str,
    user_agent: &HeaderValue,
) -> HeaderMap {
    let mut h = HeaderMap::with_capacity(10);
    let mut put = |name: &'static str, value: HeaderValue| {
        h.insert(HeaderName::from_static(name), value);
    };
    put("x-acs-action", HeaderValue::from_static(action));
    put("x-acs-version", HeaderValue::from_static(API_VERSION));
    if let Ok(date) = HeaderValue::from_str(&httpdate::fmt_http_date(SystemTime::now())) {
        put("date", date);
    }
    if let Ok(nonce) = HeaderValue::from_str(nonce) {
        put("x-acs-signature-nonce", nonce);
    }
    put(
        "x-acs-signature-method",
        HeaderValue::from_static("HMAC-SHA1"),
    );
    put("x-acs-signature-version", HeaderValue::from_static("1.0"));
    put("accept", HeaderValue::from_static("application/json"));
    put("user-agent", user_agent.clone());
    h
}

/// `Authorization: Bearer <token>`, marked sensitive so it never shows in `Debug` output.
pub(crate) fn bearer(token: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    v.set_sensitive(true);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(template: &str, params: &[(&str, &str)]) -> Result<String, EiamError> {
        fill_path("X", template, params, "idaas_1", "app_1")
    }

    #[test]
    fn fills_and_encodes_segments() {
        assert_eq!(
            fill(
                "/v2/{instanceId}/{applicationId}/users/{userId}",
                &[("userId", "user_1")]
            )
            .unwrap(),
            "/v2/idaas_1/app_1/users/user_1"
        );
        assert_eq!(
            fill(
                "/v2/{instanceId}/{applicationId}/users/{userId}",
                &[("userId", "a b/c*d~é")]
            )
            .unwrap(),
            "/v2/idaas_1/app_1/users/a%20b%2Fc%2Ad~%C3%A9"
        );
        assert_eq!(
            fill(
                "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByEmail",
                &[]
            )
            .unwrap(),
            "/v2/idaas_1/app_1/users/_/actions/getUserIdByEmail"
        );
    }

    #[test]
    fn refuses_unsafe_or_missing_parameters() {
        let t = "/v2/{instanceId}/{applicationId}/users/{userId}";
        for bad in ["", ".", ".."] {
            let e = fill(t, &[("userId", bad)]).unwrap_err();
            assert!(
                e.to_string()
                    .starts_with("invalid X request: userId must not be"),
                "{e}"
            );
        }
        assert!(
            fill(t, &[])
                .unwrap_err()
                .to_string()
                .contains("missing path parameter userId")
        );
        assert!(fill(t, &[("userId", "u"), ("groupId", "g")]).is_err());
        // A dot inside an id is fine.
        assert!(fill(t, &[("userId", "a.b")]).is_ok());
    }

    #[test]
    fn builds_urls_with_form_style_queries() {
        #[derive(Serialize)]
        struct Q {
            #[serde(rename = "groupNameStartWith")]
            prefix: &'static str,
            #[serde(rename = "maxResults")]
            max: i64,
        }
        let q = encode_query(
            "ListGroups",
            &Q {
                prefix: "a b|c",
                max: 100,
            },
        )
        .unwrap();
        assert_eq!(q, "groupNameStartWith=a+b%7Cc&maxResults=100");
        let u = url(
            "ListGroups",
            "http://127.0.0.1:8080/base",
            "/v2/i/a/groups",
            &q,
        )
        .unwrap();
        assert_eq!(
            u.as_str(),
            "http://127.0.0.1:8080/base/v2/i/a/groups?groupNameStartWith=a+b%7Cc&maxResults=100"
        );
        assert_eq!(
            encode_query("X", &super::super::types::NoQuery {}).unwrap(),
            ""
        );
    }

    #[test]
    fn standard_headers_match_the_sdk() {
        let h = standard_headers("GetUser", "nonce-1", &user_agent());
        assert_eq!(h["x-acs-action"], "GetUser");
        assert_eq!(h["x-acs-version"], "2022-02-25");
        assert_eq!(h["x-acs-signature-nonce"], "nonce-1");
        assert_eq!(h["x-acs-signature-method"], "HMAC-SHA1");
        assert_eq!(h["x-acs-signature-version"], "1.0");
        assert_eq!(h["accept"], "application/json");
        assert!(h["date"].to_str().unwrap().ends_with(" GMT"));
        assert!(
            h["user-agent"]
                .to_str()
                .unwrap()
                .starts_with("AlibabaCloud (")
        );
        let b = bearer("AT123").unwrap();
        assert!(b.is_sensitive());
        assert!(!format!("{b:?}").contains("AT123"));
    }
}
