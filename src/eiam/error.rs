//! The one error type of the EIAM client and the questions callers ask of it.

use std::fmt;
use std::time::Duration;

use crate::eiam::types::ErrorBody;

/// How much of an answer's body an error keeps (bodies are for diagnosis, not storage).
const MAX_RAW_BODY: usize = 4096;
/// How much of a non-JSON body is quoted as the message.
const MAX_QUOTED_BODY: usize = 200;

/// Everything that can go wrong talking to EIAM.
#[derive(Debug, thiserror::Error)]
pub enum EiamError {
    /// The server answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No (complete) answer: connection refused or lost, or timed out.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// A success status with a body that is not the expected JSON.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// A success answer that makes no sense (no id after a create, a paging loop, ...).
    #[error("{action} answered inconsistently: {reason}{}", request_id_suffix(.request_id))]
    Protocol {
        action: &'static str,
        reason: String,
        request_id: Option<String>,
    },
    /// The call could not be built (empty or unsafe path parameter, unserialisable body).
    #[error("invalid {action} request: {reason}")]
    InvalidRequest {
        action: &'static str,
        reason: String,
    },
    /// The client configuration is unusable.
    #[error("invalid eiam client configuration: {reason}")]
    Config {
        reason: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

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
    /// Build from an error answer. Both body conventions are read (FACTS open question 1); a
    /// body that is not JSON still yields a useful message.
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

fn request_id_suffix(request_id: &Option<String>) -> String {
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

/// OAuth and gateway codes that mean "these credentials or ids do not grant access": retrying
/// cannot help, the configuration or the console grants must change.
const AUTH_CODES: &[&str] = &[
    "invalid_token",
    "invalid_client",
    "unauthorized_client",
    "invalid_grant",
    "access_denied",
    "permission_denied",
    "application_not_found",
    "application_disabled",
    "application_api_disabled",
    "instance_not_found",
];

impl EiamError {
    pub(crate) fn config(reason: impl Into<String>) -> EiamError {
        EiamError::Config {
            reason: reason.into(),
            source: None,
        }
    }

    /// The operation (`x-acs-action`) that failed, when the error belongs to one.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            EiamError::Api(e) => Some(e.action),
            EiamError::Transport(e) => Some(e.action),
            EiamError::Decode(e) => Some(e.action),
            EiamError::Protocol { action, .. } | EiamError::InvalidRequest { action, .. } => {
                Some(action)
            }
            EiamError::Config { .. } => None,
        }
    }

    /// The HTTP status, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            EiamError::Api(e) => Some(e.status),
            EiamError::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API error code, e.g. `ResourceNotFound.User` or `invalid_token`.
    pub fn code(&self) -> Option<&str> {
        match self {
            EiamError::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The server's message.
    pub fn message(&self) -> Option<&str> {
        match self {
            EiamError::Api(e) => e.message.as_deref(),
            _ => None,
        }
    }

    /// The request id: the server's `requestId` if it sent one, else the client-generated
    /// `x-acs-signature-nonce` of the last attempt.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            EiamError::Api(e) => Some(&e.request_id),
            EiamError::Transport(e) => Some(&e.request_id),
            EiamError::Decode(e) => Some(&e.request_id),
            EiamError::Protocol { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// The raw body of the answer (truncated), when one arrived.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            EiamError::Api(e) => Some(&e.raw_body),
            EiamError::Decode(e) => Some(&e.raw_body),
            _ => None,
        }
    }

    /// The delay the server asked for (`x-acs-retry-after` / `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            EiamError::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// How many times the request was sent before giving up.
    pub fn attempts(&self) -> u32 {
        match self {
            EiamError::Api(e) => e.attempts,
            EiamError::Transport(e) => e.attempts,
            _ => 1,
        }
    }

    pub(crate) fn set_attempts(&mut self, attempts: u32) {
        match self {
            EiamError::Api(e) => e.attempts = attempts,
            EiamError::Transport(e) => e.attempts = attempts,
            _ => {}
        }
    }

    /// The object does not exist: `ResourceNotFound.*` (404 for `GetUser`-style reads, 400
    /// `ResourceNotFound.UserId` for the lookups).
    ///
    /// `OrganizationUnitIdNotInScopes` is deliberately NOT "not found": EIAM answers it both for
    /// an OU that does not exist and for one outside the application's provisioning scope. Taking
    /// it for "absent" would let a caller re-create an OU that exists out of sight, or count a
    /// delete as done when it was refused; see [`EiamError::is_not_in_scope`].
    pub fn is_not_found(&self) -> bool {
        matches!(self, EiamError::Api(e)
            if matches!(e.status, 400 | 404)
                && e.code.as_deref().is_some_and(|c| c.starts_with("ResourceNotFound.")))
    }

    /// The OU id is unknown or outside the provisioning scope (EIAM does not say which).
    pub fn is_not_in_scope(&self) -> bool {
        self.code() == Some("OrganizationUnitIdNotInScopes")
    }

    /// A unique value is already taken (`ResourceDuplicated.*`).
    pub fn is_conflict(&self) -> bool {
        self.code()
            .is_some_and(|c| c.starts_with("ResourceDuplicated."))
    }

    /// The server refused to serve us at this rate (HTTP 429).
    pub fn is_throttled(&self) -> bool {
        self.status() == Some(429)
    }

    /// Authentication or authorization was refused: bad or expired token, bad client
    /// credentials, a token of another application (`invalid_request` "... not match"),
    /// a missing API permission, a disabled or unknown application or instance.
    pub fn is_auth(&self) -> bool {
        let EiamError::Api(e) = self else {
            return false;
        };
        let Some(code) = e.code.as_deref() else {
            return false;
        };
        if AUTH_CODES.contains(&code) {
            return true;
        }
        // `invalid_request` also covers plain bad input; only the credential variants count.
        code == "invalid_request"
            && e.message.as_deref().is_some_and(|m| {
                let m = m.to_ascii_lowercase();
                m.contains("token") || m.contains("client id")
            })
    }

    /// Sending the same request again could succeed: throttling, a server or gateway fault,
    /// no answer. Whether the client actually re-sends also depends on the operation being
    /// idempotent (see `retry::decide`).
    pub fn is_retryable(&self) -> bool {
        match self {
            EiamError::Api(e) => e.status == 429 || (e.status >= 500 && e.status != 501),
            EiamError::Transport(_) => true,
            _ => false,
        }
    }

    /// The server may have carried out the request although the call failed: a timeout or a
    /// lost connection after sending, an HTTP 500, or a success answer that could not be read.
    /// For a create the caller must ask whether the object exists now (`id_by_external_id`)
    /// before trying again. 502/503/504 and 429 mean "not processed" and are not included.
    pub fn is_unknown_outcome(&self) -> bool {
        match self {
            EiamError::Api(e) => e.status >= 500 && !matches!(e.status, 501..=504),
            EiamError::Transport(e) => e.phase == Phase::Sent,
            EiamError::Decode(e) => (200..300).contains(&e.status),
            EiamError::Protocol { .. } => true,
            _ => false,
        }
    }

    /// The error and all its causes on one line, for logs and reports.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            out.push_str(": ");
            out.push_str(&e.to_string());
            cause = e.source();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &str) -> EiamError {
        EiamError::Api(Box::new(ApiError::from_response(
            "GetUser",
            status,
            body.as_bytes(),
            "client-nonce",
            None,
        )))
    }

    #[test]
    fn reads_the_alibaba_convention() {
        let e = api(
            404,
            r#"{"code":"ResourceNotFound.User","message":"The specified User resource: u1 not found.","requestId":"R1"}"#,
        );
        assert_eq!(e.code(), Some("ResourceNotFound.User"));
        assert_eq!(
            e.message(),
            Some("The specified User resource: u1 not found.")
        );
        assert_eq!(e.request_id(), Some("R1"));
        assert!(e.is_not_found());
        assert_eq!(
            e.to_string(),
            "GetUser failed with http 404 ResourceNotFound.User: The specified User resource: u1 not found. (request id R1)"
        );
    }

    #[test]
    fn reads_the_oauth_convention_and_capitalised_keys() {
        let e = api(
            400,
            r#"{"error":"invalid_token","error_description":"Access token is not valid"}"#,
        );
        assert_eq!(e.code(), Some("invalid_token"));
        assert_eq!(e.message(), Some("Access token is not valid"));
        // No server id: the client's nonce stands in.
        assert_eq!(e.request_id(), Some("client-nonce"));
        assert!(e.is_auth());

        let e = api(
            400,
            r#"{"Code":"MissingParameter.Username","Message":"required","RequestId":"R2"}"#,
        );
        assert_eq!(e.code(), Some("MissingParameter.Username"));
        assert_eq!(e.request_id(), Some("R2"));
        assert!(!e.is_auth() && !e.is_not_found() && !e.is_retryable());
    }

    #[test]
    fn a_non_json_body_still_explains_itself() {
        let e = api(502, "<html>\n  <body>Bad   Gateway</body>\n</html>");
        assert_eq!(e.code(), None);
        assert_eq!(
            e.message(),
            Some("non-json body: <html> <body>Bad Gateway</body> </html>")
        );
        assert!(e.is_retryable() && !e.is_unknown_outcome());
        assert!(e.to_string().contains("http 502"));

        let e = api(500, "");
        assert_eq!(e.message(), None);
        assert!(e.to_string().contains("empty body"), "{e}");
        assert!(e.is_unknown_outcome());
    }

    #[test]
    fn raw_bodies_are_truncated_on_a_char_boundary() {
        let body = "é".repeat(5000);
        let e = api(500, &body);
        let raw = e.raw_body().unwrap();
        assert!(raw.len() <= MAX_RAW_BODY + '…'.len_utf8());
        assert!(raw.ends_with('…'));
    }

    #[test]
    fn classification_table() {
        // (status, code, message, not_found, conflict, auth, retryable, unknown_outcome)
        let cases: &[(u16, &str, &str, [bool; 5])] = &[
            (
                404,
                "ResourceNotFound.User",
                "",
                [true, false, false, false, false],
            ),
            (
                400,
                "ResourceNotFound.UserId",
                "",
                [true, false, false, false, false],
            ),
            (
                400,
                "OrganizationUnitIdNotInScopes",
                "",
                [false, false, false, false, false],
            ),
            (
                404,
                "application_not_found",
                "",
                [false, false, true, false, false],
            ),
            (
                404,
                "instance_not_found",
                "",
                [false, false, true, false, false],
            ),
            (
                403,
                "ResourceDuplicated.Username",
                "",
                [false, true, false, false, false],
            ),
            (
                400,
                "ResourceDuplicated.OrganizationalUnitName",
                "",
                [false, true, false, false, false],
            ),
            (400, "invalid_token", "", [false, false, true, false, false]),
            (
                400,
                "invalid_client",
                "",
                [false, false, true, false, false],
            ),
            (
                400,
                "invalid_request",
                "Access token application id not match",
                [false, false, true, false, false],
            ),
            (
                400,
                "invalid_request",
                "Application is not OIDC application",
                [false, false, false, false, false],
            ),
            (
                403,
                "permission_denied",
                "Require scopes",
                [false, false, true, false, false],
            ),
            (
                403,
                "application_api_disabled",
                "",
                [false, false, true, false, false],
            ),
            (429, "Throttling", "", [false, false, false, true, false]),
            (
                500,
                "Internal Server Error",
                "",
                [false, false, false, true, true],
            ),
            (502, "BadGateway", "", [false, false, false, true, false]),
            (
                503,
                "ServiceUnavailable",
                "",
                [false, false, false, true, false],
            ),
            (
                504,
                "GatewayTimeout",
                "",
                [false, false, false, true, false],
            ),
            (
                501,
                "NotImplemented",
                "",
                [false, false, false, false, false],
            ),
        ];
        for (status, code, message, want) in cases {
            let body = serde_json::json!({"code": code, "message": message}).to_string();
            let e = api(*status, &body);
            let got = [
                e.is_not_found(),
                e.is_conflict(),
                e.is_auth(),
                e.is_retryable(),
                e.is_unknown_outcome(),
            ];
            assert_eq!(&got, want, "{status} {code} {message}");
        }
    }

    #[test]
    fn chain_includes_causes() {
        let source = serde_json::from_str::<u32>("x").unwrap_err();
        let e = EiamError::Decode(Box::new(DecodeError::new(
            "ListUsers",
            200,
            "R9".into(),
            b"x",
            source,
        )));
        let chain = e.chain();
        assert!(chain.starts_with("ListUsers answered http 200 with a body that is not"));
        assert!(chain.contains("expected value"), "{chain}");
        assert!(e.is_unknown_outcome());
    }
}
