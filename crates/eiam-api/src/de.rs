//! Lenient query-string decoding: the Python SDK sends booleans as `True`/`False`, other SDKs as
//! `true`/`false`, and every number as a string.

use serde::{Deserialize, Deserializer};

/// Parse `true`/`True`/`1` and `false`/`False`/`0`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" | "1" => Some(true),
        "false" | "False" | "FALSE" | "0" => Some(false),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrString {
    Bool(bool),
    Str(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrString {
    Int(i64),
    Str(String),
}

pub fn opt_flex_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Option::<BoolOrString>::deserialize(d)? {
        None => Ok(None),
        Some(BoolOrString::Bool(b)) => Ok(Some(b)),
        Some(BoolOrString::Str(s)) if s.is_empty() => Ok(None),
        Some(BoolOrString::Str(s)) => parse_bool(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("invalid boolean `{s}`"))),
    }
}

pub fn opt_flex_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<IntOrString>::deserialize(d)? {
        None => Ok(None),
        Some(IntOrString::Int(i)) => Ok(Some(i)),
        Some(IntOrString::Str(s)) if s.is_empty() => Ok(None),
        Some(IntOrString::Str(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("invalid integer `{s}`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Q {
        #[serde(default, deserialize_with = "opt_flex_bool")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_flex_i64")]
        n: Option<i64>,
    }

    #[test]
    fn query_values_in_every_spelling() {
        let q: Q = serde_urlencoded::from_str("b=True&n=20").expect("decodes");
        assert_eq!((q.b, q.n), (Some(true), Some(20)));
        let q: Q = serde_urlencoded::from_str("b=false").expect("decodes");
        assert_eq!((q.b, q.n), (Some(false), None));
        assert!(serde_urlencoded::from_str::<Q>("b=maybe").is_err());
        assert!(serde_urlencoded::from_str::<Q>("n=abc").is_err());
    }
}
