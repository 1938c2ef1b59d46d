//! When a failed call is sent again, and after how long: the one retry decision of the client.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

use super::error::{EiamError, Phase};

/// Operations that must not be sent twice when the first outcome is unknown: a second
/// `CreateUser` after a timed-out first one could create a duplicate account, a second
/// `Generate*` mints a second credential. Everything else in the API is idempotent (patches set
/// values, adds/removes skip existing memberships, deletes of a deleted object answer not-found).
const NOT_IDEMPOTENT: &[&str] = &[
    "CreateUser",
    "CreateOrganizationalUnit",
    "CreateGroup",
    "CreateUserExclusiveCredential",
    "GenerateToken",
    "GenerateDeviceCode",
    "GenerateJwtAuthenticationToken",
    "GenerateTokenByAuthorizationServer",
    // May start a new authorization session or mint a token; conservative.
    "FetchOAuthAuthenticationToken",
];

/// Whether the operation can safely be sent again when its first outcome is unknown.
pub(crate) fn is_idempotent(action: &str) -> bool {
    !NOT_IDEMPOTENT.contains(&action)
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Send again after the backoff delay, or after `after` when the server asked for it.
    Retry { after: Option<Duration> },
    /// The access token was refused: fetch a new one and send again at once (only once).
    RefreshToken,
    /// Give up and return the error.
    Fail,
}

/// THE retry decision. `idempotent`: the operation may be sent twice; `bearer`: it carried the
/// application's access token; `refreshed`: the token was already renewed once for this call.
///
/// - 429, 503: not processed; retried for every operation, honouring Retry-After.
/// - 500, 502, 504 (and other 5xx but 501): a gateway may have passed the request on before it
///   failed or timed out, so it may have been processed; retried only when idempotent.
/// - no connection: not processed; retried. Lost connection or timeout after sending: may have
///   been processed; retried only when idempotent.
/// - `invalid_token` on a bearer call: the token expired or was revoked; renewed once.
/// - every other 4xx, decode and protocol errors: never retried.
pub(crate) fn decide(err: &EiamError, idempotent: bool, bearer: bool, refreshed: bool) -> Decision {
    match err {
        EiamError::Api(e) => match e.status {
            429 | 503 => Decision::Retry {
                after: e.retry_after,
            },
            501 => Decision::Fail,
            s if s >= 500 && idempotent => Decision::Retry {
                after: e.retry_after,
            },
            _ if bearer && !refreshed && e.code.as_deref() == Some("invalid_token") => {
                Decision::RefreshToken
            }
            _ => Decision::Fail,
        },
        EiamError::Transport(e) if e.phase == Phase::Connect || idempotent => {
            Decision::Retry { after: None }
        }
        _ => Decision::Fail,
    }
}

/// Exponential backoff with full jitter, `max_retries` delays long.
pub(crate) fn backoff(
    max_retries: u32,
    min: Duration,
    max: Duration,
) -> impl Iterator<Item = Duration> {
    ExponentialBuilder::default()
        .with_jitter()
        // Without backon's `std` feature every backoff would share one fixed seed, so tasks
        // failing together would also retry together.
        .with_jitter_seed(rand::random())
        .with_min_delay(min)
        .with_max_delay(max)
        .with_factor(2.0)
        .with_max_times(usize::try_from(max_retries).unwrap_or(usize::MAX))
        .build()
}

/// The delay the server asked for: `x-acs-retry-after` (integer seconds, what the Alibaba
/// runtime reads) or the standard `Retry-After` (seconds or an HTTP date).
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(secs) = value("x-acs-retry-after").and_then(|v| v.trim().parse::<f64>().ok())
        && secs.is_finite()
        && secs > 0.0
    {
        return Some(Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let v = value("retry-after")?.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs.min(86_400)));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;
    use eiam_api::ops;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn api(status: u16, code: &str, retry_after: Option<Duration>) -> EiamError {
        let body = serde_json::json!({ "code": code, "message": "m" }).to_string();
        EiamError::Api(Box::new(ApiError::from_response(
            "X",
            status,
            body.as_bytes(),
            "n",
            retry_after,
        )))
    }

    #[test]
    fn every_create_and_generate_operation_is_not_idempotent() {
        for (action, ..) in ops::ALL {
            if action.starts_with("Create") || action.starts_with("Generate") {
                assert!(!is_idempotent(action), "{action}");
            }
        }
        for action in NOT_IDEMPOTENT {
            assert!(ops::ALL.iter().any(|(a, ..)| a == action), "{action}");
        }
        assert!(is_idempotent("PatchUser") && is_idempotent("DeleteUser"));
    }

    #[test]
    fn decision_table() {
        let ra = Some(Duration::from_secs(2));
        let retry = |after| Decision::Retry { after };
        // (error, idempotent, bearer, refreshed, expected)
        let cases = [
            (api(429, "Throttling", ra), false, true, false, retry(ra)),
            (api(503, "x", None), false, true, false, retry(None)),
            (api(502, "x", None), true, true, false, retry(None)),
            (api(504, "x", None), true, true, false, retry(None)),
            (api(502, "x", None), false, true, false, Decision::Fail),
            (api(504, "x", None), false, true, false, Decision::Fail),
            (api(500, "x", None), true, true, false, retry(None)),
            (api(500, "x", None), false, true, false, Decision::Fail),
            (api(501, "x", None), true, true, false, Decision::Fail),
            (
                api(400, "invalid_token", None),
                false,
                true,
                false,
                Decision::RefreshToken,
            ),
            (
                api(400, "invalid_token", None),
                true,
                true,
                true,
                Decision::Fail,
            ),
            (
                api(400, "invalid_token", None),
                true,
                false,
                false,
                Decision::Fail,
            ),
            (
                api(404, "ResourceNotFound.User", None),
                true,
                true,
                false,
                Decision::Fail,
            ),
            (
                api(400, "InvalidParameter.Email", None),
                true,
                true,
                false,
                Decision::Fail,
            ),
            (
                api(403, "permission_denied", None),
                true,
                true,
                false,
                Decision::Fail,
            ),
        ];
        for (err, idem, bearer, refreshed, want) in cases {
            assert_eq!(decide(&err, idem, bearer, refreshed), want, "{err}");
        }
    }

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let min = Duration::from_millis(100);
        let max = Duration::from_secs(2);
        let a: Vec<_> = backoff(6, min, max).collect();
        assert_eq!(a.len(), 6);
        assert!(a.iter().all(|d| *d <= max * 2), "{a:?}");
        // Two schedules differ (independent seeds), with overwhelming probability.
        let b: Vec<_> = backoff(6, min, max).collect();
        assert_ne!(a, b);
        assert_eq!(backoff(0, min, max).count(), 0);
    }

    #[test]
    fn retry_after_headers() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        h.insert("x-acs-retry-after", HeaderValue::from_static("1"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(1)));
        h.insert("x-acs-retry-after", HeaderValue::from_static("0"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(3)));
        let later = std::time::SystemTime::now() + Duration::from_secs(30);
        let mut h = HeaderMap::new();
        h.insert(
            "retry-after",
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
        );
        let got = retry_after(&h).unwrap();
        assert!(
            got > Duration::from_secs(25) && got <= Duration::from_secs(30),
            "{got:?}"
        );
        h.insert("retry-after", HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
