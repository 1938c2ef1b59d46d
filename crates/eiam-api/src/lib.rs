//! Wire types of the EIAM developer API: one definition shared by the client, the emulator and
//! eiam-sync's model, with EIAM's field rules ([`rules`]). Serde only: no I/O.
//!
//! Every operation of `Eiam-developerapi 2022-02-25` is a marker type implementing [`Operation`],
//! which names its action, HTTP method, path template, authentication and the types of its query
//! string, JSON body and response. Wire names are the field names in camelCase
//! (`#[serde(rename_all = "camelCase")]` on each type) or, for the OAuth endpoints, the field
//! names themselves; a per-field `#[serde(rename)]` marks a name the API spells otherwise.

pub mod answer;
pub mod de;
pub mod groups;
pub mod ids;
pub mod oauth;
pub mod ops;
pub mod organizational_units;
pub mod pam;
pub mod rules;
pub mod scope;
pub mod users;

pub use answer::Answer;
pub use ids::{GroupId, OrganizationalUnitId, UserId};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The HTTP methods the developer API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One operation of the API.
pub trait Operation {
    /// The action name, sent as `x-acs-action`.
    const ACTION: &'static str;
    const METHOD: HttpMethod;
    /// Path template with `{instanceId}`-style placeholders (also the axum route syntax).
    const PATH: &'static str;
    /// Whether the call carries `Authorization: Bearer <access token>`.
    const BEARER: bool;
    type Query: Serialize + DeserializeOwned + Send + Sync;
    type Body: Serialize + DeserializeOwned + Send + Sync;
    type Response: Answer + Serialize + DeserializeOwned + Send + Sync;
}

/// Marker for operations without a query string.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct NoQuery {}

/// Marker for operations without a JSON body (nothing is sent, not even `{}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct NoBody {}

/// The `{}` that write operations answer with (the SDK ignores it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Empty {}

/// Free-form OIDC userinfo claims (`GetUserInfo`).
pub type UserInfo = serde_json::Map<String, serde_json::Value>;

/// An error body. The real field names are an open question (docs/eiam-api.md, open question 1), so
/// the emulator emits both conventions and the client reads whichever is present.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "Code")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "Message")]
    pub message: Option<String>,
    #[serde(
        rename = "requestId",
        default,
        skip_serializing_if = "Option::is_none",
        alias = "RequestId",
        alias = "requestid",
        alias = "request_id"
    )]
    pub request_id: Option<String>,
}

impl ErrorBody {
    /// A body carrying `code`/`message` in both conventions.
    pub fn new(code: &str, message: &str, request_id: &str) -> Self {
        ErrorBody {
            error: Some(code.to_owned()),
            error_description: Some(message.to_owned()),
            code: Some(code.to_owned()),
            message: Some(message.to_owned()),
            request_id: Some(request_id.to_owned()),
        }
    }

    /// The API code, whichever convention carried it.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref().or(self.error.as_deref())
    }

    /// The message, whichever convention carried it.
    pub fn message(&self) -> Option<&str> {
        self.message
            .as_deref()
            .or(self.error_description.as_deref())
    }
}
