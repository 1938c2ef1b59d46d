//! The details an error keeps: what the server answered, or why no answer came.

use std::fmt;
use std::time::Duration;

use eiam_api::ErrorBody;

/// How much of an answer's body an error keeps (bodies are for diagnosis, not storage).
pub(super) const MAX_RAW_BODY: usize = 4096;
/// How much of a non-JSON body is quoted as the message.
const MAX_QUOTED_BODY: usize = 200;

/// An error status from the server, with everything it told us.
#[derive(Debug, thiserror::Error)]
pub struct ApiError {
    pub action: &'static str,
    pub status: u16,
    /// The API code (`code` or OAuth `error`), e.g. `ResourceNotFound.User`.
    pub code: Option<String>,
    /// The message (`message` or OAuth `error_description`), or the start of a non-JSON body.
    pub message: Option<String>,
    /// The server's `requestId` when it sent one, else the client's `x-acs-signature-nonce`.
    pub request_id: String,
    /// The body as received (truncated to a few KiB).
    pub raw_body: String,
    /// `x-acs-retry-after` or `Retry-After`, when present.
    pub retry_after: Option<Duration>,
    /// How many times the request was sent.
    pub attempts: u32,
}

/// Where a request without an answer failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Before the request reached the server: it was certainly not processed.
    Connect,
    /// After the request was (possibly) sent: the server may have processed it.
    Sent,
}

/// A request that got no complete answer.
#[derive(Debug, thiserror::Error)]
pub struct TransportError {
    pub action: &'static str,
    pub request_id: String,
    pub phase: Phase,
    pub timed_out: bool,
    pub attempts: u32,
    #[source]
    pub source: reqwest::Error,
}

/// A success answer whose body is not what the operation returns.
#[derive(Debug, thiserror::Error)]
pub struct DecodeError {
    pub action: &'static str,
    pub status: u16,
    pub request_id: String,
    pub raw_body: String,
    #[source]
    pub source: serde_json::Error,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with http {}", self.action, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        match &self.message {
            Some(message) => write!(f, ": {message}")?,
            None if self.raw_body.is_empty() => write!(f, " and an empty body")?,
            None => {}
        }
        write!(f, " (request id {}", self.request_id)?;
        if self.attempts > 1 {
            write!(f, ", {} attempts", self.attempts)?;
        }
        write!(f, ")")
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match (self.phase, self.timed_out) {
            (Phase::Connect, true) => "connecting timed out",
            (Phase::Connect, false) => "cannot connect to the server",
            (Phase::Sent, true) => "timed out waiting for the answer",
            (Phase::Sent, false) => "connection lost before the answer arrived",
        };
        write!(
            f,
            "{} failed: {what} (request id {}",
            self.action, self.request_id
        )?;
        if self.attempts > 1 {
            write!(f, ", {} attempts", self.attempts)?;
        }
        write!(f, ")")
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} answered http {} with a body that is not the expected json (request id {})",
            self.action, self.status, self.request_id
        )
    }
}

impl ApiError {
    /// Build from an error answer. Both body conventions are read (docs/eiam-api.md, open
    /// question 1); a body that is not JSON still yields a useful message.
    pub(crate) fn from_response(
        action: &'static str,
        status: u16,
        body: &[u8],
        client_request_id: &str,
        retry_after: Option<Duration>,
    ) -> ApiError {
        let text = String::from_utf8_lossy(body);
        let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
        let (code, message, server_id) = match &parsed {
            Some(b) => (
                b.code().map(str::to_owned),
                b.message().map(str::to_owned),
                b.request_id.clone(),
            ),
            None => (None, quote(&text), None),
        };
        ApiError {
            action,
            status,
            code,
            message,
            request_id: server_id.unwrap_or_else(|| client_request_id.to_owned()),
            raw_body: truncate(&text, MAX_RAW_BODY),
            retry_after,
            attempts: 1,
        }
    }
}

impl DecodeError {
    pub(crate) fn new(
        action: &'static str,
        status: u16,
        request_id: String,
        body: &[u8],
        source: serde_json::Error,
    ) -> DecodeError {
        DecodeError {
            action,
            status,
            request_id,
            raw_body: truncate(&String::from_utf8_lossy(body), MAX_RAW_BODY),
            source,
        }
    }
}

pub(crate) fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

/// A short, single-line rendering of a non-JSON body, or nothing for a blank one.
fn quote(text: &str) -> Option<String> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!flat.is_empty()).then(|| format!("non-json body: {}", truncate(&flat, MAX_QUOTED_BODY)))
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
