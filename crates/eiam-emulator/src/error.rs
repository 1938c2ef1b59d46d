//! Errors: [`ApiError`] is an error answer of the emulated API (status, code, message, in the
//! shapes docs/eiam-api.md §3 describes); [`EmulatorError`] is a failure of the emulator itself.

use std::borrow::Cow;
use std::net::SocketAddr;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use eiam_api::ErrorBody;

/// A failure of the emulator (not an API answer).
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read the emulator's listening address")]
    LocalAddr(#[source] std::io::Error),
    #[error("invalid emulator state: {0}")]
    InvalidState(String),
    #[error("invalid emulator setting: {0}")]
    InvalidConfig(String),
}

/// An error answer of the emulated API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: String,
    /// Whole seconds for `x-acs-retry-after` and `Retry-After` (throttling only).
    pub retry_after: Option<u64>,
}

/// `primaryOrganizationalUnitId` → `PrimaryOrganizationalUnitId`, `grant_type` → `GrantType`,
/// `a.b` → `A.B`: the field spelling of `MissingParameter.*` / `InvalidParameter.*` codes.
pub fn pascal(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = true;
    for c in field.chars() {
        match c {
            '_' | '-' | ' ' => upper = true,
            '.' => {
                out.push('.');
                upper = true;
            }
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>, message: String) -> Self {
        ApiError {
            status,
            code: code.into(),
            message,
            retry_after: None,
        }
    }

    fn bad(code: impl Into<Cow<'static, str>>, message: String) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// `MissingParameter.<Field>` (400); `field` is the wire name or an already PascalCased one.
    pub fn missing(field: &str) -> Self {
        let f = pascal(field);
        ApiError::bad(
            format!("MissingParameter.{f}"),
            format!("The specified parameter:{f} is required!"),
        )
    }

    /// `InvalidParameter.<Field>` (400).
    pub fn invalid(field: &str) -> Self {
        let f = pascal(field);
        ApiError::bad(
            format!("InvalidParameter.{f}"),
            format!("The specified parameter:{f} is invalid."),
        )
    }

    /// A request that names no particular field, e.g. a body that is not JSON.
    pub fn invalid_request_body(detail: &str) -> Self {
        ApiError::bad(
            "InvalidParameter",
            format!("The request is invalid: {detail}"),
        )
    }

    pub fn instance_not_found(id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "instance_not_found",
            format!("Instance id not found: {id}"),
        )
    }

    pub fn application_not_found(id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "application_not_found",
            format!("Application id not found: {id}"),
        )
    }

    pub fn invalid_token() -> Self {
        ApiError::bad("invalid_token", "Access token is not valid".to_owned())
    }

    pub fn token_application_mismatch() -> Self {
        ApiError::bad(
            "invalid_request",
            "Access token application id not match".to_owned(),
        )
    }

    pub fn application_disabled() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "application_disabled",
            "Application is disabled".to_owned(),
        )
    }

    pub fn application_api_disabled() -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "application_api_disabled",
            "Application api invoke disabled".to_owned(),
        )
    }

    pub fn permission_denied(scope: &str) -> Self {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "permission_denied",
            format!("Require scopes: [{scope}]"),
        )
    }

    /// An OAuth error of the token endpoints (`invalid_client`, `invalid_grant`, ...), 400.
    pub fn oauth(code: &'static str, description: impl Into<String>) -> Self {
        ApiError::bad(code, description.into())
    }

    pub fn not_in_scope(ou_id: &str) -> Self {
        ApiError::bad(
            "OrganizationUnitIdNotInScopes",
            format!("organizationUnitId : {ou_id} not in provisioning scope!"),
        )
    }

    /// `ResourceNotFound.<Resource>`, 404 (an object addressed by its id in the path).
    pub fn resource_not_found(resource: &str, id: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            format!("ResourceNotFound.{resource}"),
            format!("The specified {resource} resource: {id} not found."),
        )
    }

    /// A lookup that found nothing (`ResourceNotFound.UserId`): 400, as the tables publish.
    pub fn lookup_not_found(resource: &str, key: &str) -> Self {
        ApiError::bad(
            format!("ResourceNotFound.{resource}"),
            format!("The specified {resource} resource: {key} not found."),
        )
    }

    /// `ResourceDuplicated.<Field>` with the given status.
    pub fn duplicated(status: StatusCode, field: &str, value: &str) -> Self {
        ApiError::new(
            status,
            format!("ResourceDuplicated.{field}"),
            format!("The specified {field} resource: {value} already exist!"),
        )
    }

    /// An emulator-specific refusal, `OperationDenied.<Reason>` (400).
    pub fn denied(reason: &str, message: String) -> Self {
        ApiError::bad(format!("OperationDenied.{reason}"), message)
    }

    pub fn unknown_path(method: &str, path: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "InvalidAction.NotFound",
            format!(
                "Specified api is not found, please check your url and method: {method} {path}"
            ),
        )
    }

    /// A known path with the wrong method (axum adds the `Allow` header).
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "UnsupportedHTTPMethod",
            format!("The HTTP method {method} is not supported for {path}."),
        )
    }

    pub fn payload_too_large(limit: usize) -> Self {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLarge",
            format!("The request body exceeds the limit of {limit} bytes."),
        )
    }

    pub fn throttled(retry_after_secs: u64) -> Self {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Throttling",
            "Request was denied due to request throttling.".to_owned(),
        );
        e.retry_after = Some(retry_after_secs.max(1));
        e
    }

    /// An injected server fault (500, 502, 503, 504).
    pub fn server_fault(status: StatusCode) -> Self {
        let (code, message) = match status.as_u16() {
            502 => ("BadGateway", "Bad Gateway"),
            503 => (
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            ),
            504 => ("GatewayTimeout", "Gateway Timeout"),
            // The code string the error tables publish for 500.
            _ => ("Internal Server Error", "Internal Server Error"),
        };
        ApiError::new(status, code, message.to_owned())
    }

    /// The JSON answer, in both error-body conventions at once (docs/eiam-api.md, open question 1).
    pub fn into_response(self, request_id: &str) -> Response {
        let body = ErrorBody::new(&self.code, &self.message, request_id);
        let mut response = (self.status, axum::Json(body)).into_response();
        let headers = response.headers_mut();
        if let Some(secs) = self.retry_after {
            headers.insert("x-acs-retry-after", HeaderValue::from(secs));
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_become_pascal_case() {
        assert_eq!(
            pascal("primaryOrganizationalUnitId"),
            "PrimaryOrganizationalUnitId"
        );
        assert_eq!(pascal("grant_type"), "GrantType");
        assert_eq!(
            pascal("credentialContent.apiKeyContent.apiKey"),
            "CredentialContent.ApiKeyContent.ApiKey"
        );
        assert_eq!(pascal("Email"), "Email");
    }

    #[test]
    fn parameter_errors_use_the_published_texts() {
        let e = ApiError::missing("username");
        assert_eq!(
            (e.status.as_u16(), &*e.code),
            (400, "MissingParameter.Username")
        );
        assert_eq!(e.message, "The specified parameter:Username is required!");
        let e = ApiError::invalid("phoneNumber");
        assert_eq!(e.message, "The specified parameter:PhoneNumber is invalid.");
        assert_eq!(ApiError::throttled(0).retry_after, Some(1));
    }
}
