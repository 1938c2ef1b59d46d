//! A log of the last API requests (`GET /_emulator/requests`), so tests can assert the exact
//! calls and headers a client sent. Secrets are redacted before anything is stored.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, PoisonError};

use axum::http::{HeaderMap, Method, Uri};
use serde::{Deserialize, Serialize};

/// Query parameters whose values are never kept.
const SECRET_PARAMS: &[&str] = &[
    "client_secret",
    "password",
    "refresh_token",
    "device_code",
    "token",
    "client_assertion",
];

/// One API request as the emulator saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// The operation, if the path named one.
    pub action: Option<String>,
    pub method: String,
    pub path: String,
    /// The query string, with secret values replaced by `[redacted]`.
    pub query: Option<String>,
    /// Header names in lower case; `authorization` keeps only its scheme.
    pub headers: BTreeMap<String, String>,
    /// The status answered, or `dropped`.
    pub status: String,
}

/// What is known of a request before it is answered.
#[derive(Debug, Clone)]
pub struct Pending {
    method: String,
    path: String,
    query: Option<String>,
    headers: BTreeMap<String, String>,
}

impl Pending {
    pub fn new(method: &Method, uri: &Uri, headers: &HeaderMap) -> Self {
        let headers = headers
            .iter()
            .map(|(name, value)| {
                let value = value.to_str().unwrap_or("[binary]");
                let value = if name == axum::http::header::AUTHORIZATION {
                    let scheme = value.split_whitespace().next().unwrap_or("");
                    format!("{scheme} [redacted]")
                } else {
                    value.to_owned()
                };
                (name.as_str().to_owned(), value)
            })
            .collect();
        Pending {
            method: method.as_str().to_owned(),
            path: uri.path().to_owned(),
            query: uri.query().map(redact_query),
            headers,
        }
    }
}

fn redact_query(q: &str) -> String {
    if !SECRET_PARAMS.iter().any(|p| q.contains(p)) {
        return q.to_owned();
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| {
            let v = if SECRET_PARAMS.contains(&k.as_ref()) {
                "[redacted]".to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// The last `capacity` requests, oldest first.
#[derive(Debug)]
pub struct RequestLog {
    capacity: usize,
    records: Mutex<VecDeque<RequestRecord>>,
}

impl RequestLog {
    pub fn new(capacity: usize) -> Self {
        RequestLog {
            capacity,
            records: Mutex::new(VecDeque::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.capacity > 0
    }

    pub fn push(&self, pending: Pending, action: Option<&str>, status: &str) {
        if !self.enabled() {
            return;
        }
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        if records.len() >= self.capacity {
            records.pop_front();
        }
        records.push_back(RequestRecord {
            action: action.map(str::to_owned),
            method: pending.method,
            path: pending.path,
            query: pending.query,
            headers: pending.headers,
            status: status.to_owned(),
        });
    }

    pub fn snapshot(&self) -> Vec<RequestRecord> {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_and_the_log_is_bounded() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", "Bearer ATsecret".parse().unwrap());
        headers.insert("x-acs-action", "GenerateToken".parse().unwrap());
        let uri: Uri = "/v2/i/a/oauth2/token?grant_type=client_credentials&client_secret=s3cret"
            .parse()
            .unwrap();
        let log = RequestLog::new(2);
        for status in ["200", "400", "429"] {
            log.push(
                Pending::new(&Method::POST, &uri, &headers),
                Some("GenerateToken"),
                status,
            );
        }
        let records = log.snapshot();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].status, "400");
        let r = &records[1];
        assert_eq!(r.headers["authorization"], "Bearer [redacted]");
        assert_eq!(r.headers["x-acs-action"], "GenerateToken");
        let q = r.query.as_deref().unwrap();
        assert!(
            q.contains("grant_type=client_credentials") && !q.contains("s3cret"),
            "{q}"
        );
        log.clear();
        assert!(log.snapshot().is_empty());
    }
}
