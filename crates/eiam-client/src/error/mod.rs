//! The one error type of the EIAM client and the questions callers ask of it.

use std::time::Duration;

mod detail;
#[cfg(test)]
mod tests;

pub(crate) use detail::request_id_suffix;
pub use detail::{ApiError, DecodeError, Phase, TransportError};

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
    /// before trying again. 503 and 429 mean "not processed" and are not included; a 502 or
    /// 504 from a gateway may come after the request was passed on, so they are.
    pub fn is_unknown_outcome(&self) -> bool {
        match self {
            EiamError::Api(e) => e.status >= 500 && !matches!(e.status, 501 | 503),
            EiamError::Transport(e) => e.phase == Phase::Sent,
            EiamError::Decode(e) => (200..300).contains(&e.status),
            EiamError::Protocol { .. } => true,
            _ => false,
        }
    }

    /// The error and all its causes on one line, for logs and reports.
    pub fn chain(&self) -> String {
        crate::chain::chain(self)
    }
}
