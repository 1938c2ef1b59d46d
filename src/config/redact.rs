//! Redaction of secrets and database passwords wherever settings are shown.

use secrecy::SecretString;
use serde::Serializer;

/// What a secret is shown as.
pub const REDACTED: &str = "[redacted]";

/// Query parameters of database URLs that carry a password.
const SECRET_PARAMS: [&str; 3] = ["password", "sslpassword", "sslkey_password"];

/// `url` with any password (`user:password@host` or a `password=` query parameter) replaced
/// by `[redacted]`. Anything that does not look like a URL is returned unchanged.
pub fn url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let authority_start = scheme_end + 3;
    let rest = &url[authority_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..authority_start]);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            match userinfo.split_once(':') {
                Some((user, _password)) => {
                    out.push_str(user);
                    out.push(':');
                    out.push_str(REDACTED);
                }
                None => out.push_str(userinfo),
            }
            out.push('@');
            out.push_str(host);
        }
        None => out.push_str(authority),
    }
    let tail = &rest[authority_len..];
    match tail.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            out.push_str(&redact_query(query));
        }
        None => out.push_str(tail),
    }
    out
}

fn redact_query(query: &str) -> String {
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let mut parts: Vec<String> = Vec::new();
    for pair in query.split('&') {
        let name = pair.split_once('=').map_or(pair, |(n, _)| n);
        if SECRET_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name)) {
            parts.push(format!("{name}={REDACTED}"));
        } else {
            parts.push(pair.to_owned());
        }
    }
    let mut out = parts.join("&");
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// `serialize_with` for URL fields.
pub fn serialize_url<S: Serializer>(value: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&url(value))
}

/// `serialize_with` for optional secrets: present ones show as `[redacted]`.
pub fn serialize_secret<S: Serializer>(
    value: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(_) => serializer.serialize_some(REDACTED),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_redacted() {
        let cases = [
            (
                "postgres://sync:s3cret@db.example.com:5432/hr",
                "postgres://sync:[redacted]@db.example.com:5432/hr",
            ),
            (
                "postgresql://db/hr?user=sync&password=s3cret&sslmode=require",
                "postgresql://db/hr?user=sync&password=[redacted]&sslmode=require",
            ),
            ("postgres://sync@db/hr", "postgres://sync@db/hr"),
            (
                "sqlite:///var/lib/x.db?mode=rwc",
                "sqlite:///var/lib/x.db?mode=rwc",
            ),
            ("sqlite://data/a@b.db", "sqlite://data/a@b.db"),
            ("sqlite::memory:", "sqlite::memory:"),
            (
                "https://u:p@eiam.example.com/path#x",
                "https://u:[redacted]@eiam.example.com/path#x",
            ),
            ("postgres://a:b:c@h/d", "postgres://a:[redacted]@h/d"),
        ];
        for (input, expected) in cases {
            assert_eq!(url(input), expected, "{input}");
        }
    }
}
