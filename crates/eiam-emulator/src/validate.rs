//! Request validation shared by the handlers: required values, the field rules of
//! `model::rules` (the same limits snapshot validation uses), paging parameters and tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::ApiError;
use eiam_api::rules::RuleResult;

/// Page-number paging: default page 1 of 20, page size 1..=100.
pub const PAGE_SIZE_DEFAULT: i64 = 20;
pub const PAGE_SIZE_MAX: i64 = 100;
/// Token paging: default 20 per page; larger requests are capped at 100 (the upper bound is
/// undocumented, docs/eiam-api.md, open question 9).
pub const MAX_RESULTS_DEFAULT: i64 = 20;
pub const MAX_RESULTS_CAP: i64 = 100;
/// Most ids one membership request may carry (the sibling API's cap).
pub const MAX_IDS_PER_REQUEST: usize = 100;

/// A required string: absent fields fail in decoding, empty ones here.
pub fn required(field: &str, value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::missing(field))
    } else {
        Ok(())
    }
}

/// Applies a field rule; a broken rule is `InvalidParameter.<Field>`.
pub fn rule(field: &str, result: RuleResult) -> Result<(), ApiError> {
    result.map_err(|_| ApiError::invalid(field))
}

/// An optional value that must follow a rule when present and non-empty.
pub fn optional(
    field: &str,
    value: Option<&str>,
    check: fn(&str) -> RuleResult,
) -> Result<(), ApiError> {
    match value {
        Some(v) if !v.is_empty() => rule(field, check(v)),
        _ => Ok(()),
    }
}

/// `pageNumber`/`pageSize` → (offset, limit).
pub fn page(number: Option<i64>, size: Option<i64>) -> Result<(usize, usize), ApiError> {
    let number = number.unwrap_or(1);
    let size = size.unwrap_or(PAGE_SIZE_DEFAULT);
    if number < 1 {
        return Err(ApiError::invalid("pageNumber"));
    }
    if !(1..=PAGE_SIZE_MAX).contains(&size) {
        return Err(ApiError::invalid("pageSize"));
    }
    let size = usize::try_from(size).unwrap_or(20);
    let offset = usize::try_from(number - 1)
        .ok()
        .and_then(|n| n.checked_mul(size))
        .unwrap_or(usize::MAX);
    Ok((offset, size))
}

/// `maxResults` → the page length (default 20, capped at 100, at least 1).
pub fn max_results(v: Option<i64>) -> Result<usize, ApiError> {
    match v.unwrap_or(MAX_RESULTS_DEFAULT) {
        n if n < 1 => Err(ApiError::invalid("maxResults")),
        n => Ok(usize::try_from(n.min(MAX_RESULTS_CAP)).unwrap_or(20)),
    }
}

/// An opaque `nextToken` for a list of `kind`, continuing after sequence number `after`.
pub fn next_token(kind: &str, after: u32) -> String {
    format!("NT{}", URL_SAFE_NO_PAD.encode(format!("{kind}:{after}")))
}

/// Reads a `nextToken` of a list of `kind`; absent or empty is the first page.
pub fn after_token(kind: &str, token: Option<&str>) -> Result<Option<u32>, ApiError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    token
        .strip_prefix("NT")
        .and_then(|b| URL_SAFE_NO_PAD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (k, seq) = s.rsplit_once(':')?;
            (k == kind).then(|| seq.parse().ok()).flatten()
        })
        .map(Some)
        .ok_or_else(|| ApiError::invalid("nextToken"))
}

/// A list of ids in a membership request: 1 to 100 non-empty ids.
pub fn id_list(field: &str, ids: &[String]) -> Result<(), ApiError> {
    if ids.is_empty() || ids.len() > MAX_IDS_PER_REQUEST || ids.iter().any(|i| i.trim().is_empty())
    {
        return Err(ApiError::invalid(field));
    }
    Ok(())
}

/// The emulator's password policy (the real one is configured per instance): 8 to 64
/// characters, no control characters, at least one letter and one digit.
pub fn password(value: &str) -> Result<(), ApiError> {
    let n = value.chars().count();
    let ok = (8..=64).contains(&n)
        && !value.chars().any(char::is_control)
        && value.chars().any(char::is_alphabetic)
        && value.chars().any(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid("password"))
    }
}

/// One of the source types of docs/eiam-api.md §8.
pub fn source_type(field: &str, value: &str) -> Result<(), ApiError> {
    required(field, value)?;
    if matches!(value, "build_in" | "ding_talk" | "ad" | "ldap") {
        Ok(())
    } else {
        Err(ApiError::invalid(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_limits() {
        assert_eq!(page(None, None).unwrap(), (0, 20));
        assert_eq!(page(Some(3), Some(100)).unwrap(), (200, 100));
        for (n, s) in [(Some(0), None), (None, Some(0)), (None, Some(101))] {
            assert!(page(n, s).is_err());
        }
        assert_eq!(max_results(None).unwrap(), 20);
        assert_eq!(max_results(Some(1000)).unwrap(), 100);
        assert!(max_results(Some(0)).is_err());
    }

    #[test]
    fn next_tokens_round_trip_and_are_bound_to_their_list() {
        let t = next_token("groups", 41);
        assert_eq!(after_token("groups", Some(&t)).unwrap(), Some(41));
        assert_eq!(after_token("groups", Some("")).unwrap(), None);
        assert!(after_token("members", Some(&t)).is_err());
        assert!(after_token("groups", Some("garbage")).is_err());
    }

    #[test]
    fn password_policy() {
        assert!(password("Secret123").is_ok());
        assert!(password("short1").is_err());
        assert!(password("lettersonly").is_err());
        assert!(password("12345678").is_err());
    }
}
