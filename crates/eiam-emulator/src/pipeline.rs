//! The path of one API request: faults first (delay, scripted or random error, budget, drop),
//! then the body (size limit), the access checks, decoding, the operation, and the answer —
//! counted in the stats and tagged with a request id.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::auth;
use super::error::ApiError;
use super::faults::Verdict;
use super::handlers::{Cx, Endpoint};
use super::requests::Pending;
use super::server::ConnInfo;
use super::shared::Shared;

/// A request id in the service's style (an uppercase UUID).
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

/// Counts a request and adds it to the request log.
fn record(shared: &Shared, pending: Option<Pending>, action: Option<&str>, status: &str) {
    shared.stats.record(action, status);
    if let Some(p) = pending {
        shared.requests.push(p, action, status);
    }
}

/// Stamps the request id, counts the answer, and logs it at debug level.
fn finish(
    shared: &Shared,
    pending: Option<Pending>,
    action: Option<&str>,
    request_id: &str,
    mut response: Response,
) -> Response {
    let status = response.status();
    record(shared, pending, action, status.as_str());
    if let Ok(v) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-acs-request-id", v);
    }
    tracing::debug!(
        action = action.unwrap_or("-"),
        status = status.as_u16(),
        request_id,
        "answered"
    );
    response
}

async fn read_body(body: Body, parts: &Parts, limit: usize) -> Result<Vec<u8>, ApiError> {
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(ApiError::payload_too_large(limit));
    }
    // A body without a length that grows past the limit fails here too.
    axum::body::to_bytes(body, limit)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| ApiError::payload_too_large(limit))
}

fn run<E: Endpoint>(
    shared: &Shared,
    params: &HashMap<String, String>,
    parts: &Parts,
    body: &[u8],
) -> Result<Response, ApiError> {
    let caller = auth::authorize(shared, E::ACTION, E::BEARER, params, &parts.headers)?;
    let cx = Cx {
        shared,
        caller,
        params,
        headers: &parts.headers,
        raw_query: parts.uri.query(),
        body,
    };
    let (query, body) = E::decode(&cx)?;
    let answer = E::handle(&cx, query, body)?;
    Ok(Json(answer).into_response())
}

/// What the request log keeps of a request, if the log is on.
fn pending(shared: &Shared, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<Pending> {
    shared
        .requests
        .enabled()
        .then(|| Pending::new(method, uri, headers))
}

/// The axum handler of operation `E`.
pub async fn dispatch<E: Endpoint>(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    path: Result<Path<HashMap<String, String>>, PathRejection>,
    request: Request,
) -> Response {
    let id = request_id();
    let action = Some(E::ACTION);
    let seen = pending(&shared, request.method(), request.uri(), request.headers());
    let decision = shared.faults.decide(E::ACTION);
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let (drop_after, damage) = match decision.verdict {
        Verdict::Drop => {
            conn.kill();
            record(&shared, seen, action, "dropped");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        Verdict::Respond(e) => return finish(&shared, seen, action, &id, e.into_response(&id)),
        Verdict::Proceed { drop_after } => (drop_after, None),
        Verdict::Damage(d) => (false, Some(d)),
    };
    let (parts, body) = request.into_parts();
    let outcome = match (read_body(body, &parts, shared.max_body_bytes).await, path) {
        (Err(e), _) => Err(e),
        (Ok(_), Err(rejection)) => Err(ApiError::invalid_request_body(&rejection.body_text())),
        (Ok(bytes), Ok(Path(params))) => run::<E>(&shared, &params, &parts, &bytes),
    };
    let mut response = outcome.unwrap_or_else(|e| e.into_response(&id));
    if let Some(d) = damage.filter(|_| response.status().is_success()) {
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        response = super::damage::damage(d, &body);
    }
    if drop_after {
        // Processed, but the caller never learns the outcome.
        conn.kill();
        record(&shared, seen, action, "dropped");
        return response;
    }
    finish(&shared, seen, action, &id, response)
}

fn is_admin(uri: &Uri) -> bool {
    uri.path().starts_with("/_emulator")
}

/// A request no operation serves, answered with `error` (built from the method and path) and
/// recorded like any other, unless it was for the admin API.
fn refuse(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    error: fn(&str, &str) -> ApiError,
) -> Response {
    let id = request_id();
    let response = error(method.as_str(), uri.path()).into_response(&id);
    if is_admin(uri) {
        return response;
    }
    let seen = pending(shared, method, uri, headers);
    finish(shared, seen, None, &id, response)
}

/// Any path that is not an operation.
pub async fn unknown_path(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    refuse(&shared, &method, &uri, &headers, ApiError::unknown_path)
}

/// A path of an operation with another method.
pub async fn method_not_allowed(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    refuse(
        &shared,
        &method,
        &uri,
        &headers,
        ApiError::method_not_allowed,
    )
}
