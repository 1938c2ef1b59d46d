//! The client handle: every call goes through it.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use reqwest::header::HeaderMap;

use super::config::ClientConfig;
use super::decode::decode;
use super::error::EiamError;
use super::http::Transport;
use super::metrics::ClientMetrics;
use super::request::{self, Auth, Payload, Request};
use super::retry;
use super::shared::{IDS_PER_REQUEST, owned};
use super::types::{NoQuery, Operation};

/// The EIAM developer-API client. Cheap to clone; clones share the connection pool, the token,
/// the pacing and the counters, so one client serves every task of a run.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Transport>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("api_calls", &self.api_calls())
            .finish()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, EiamError> {
        Client::with_metrics(config, ClientMetrics::new())
    }

    /// A client feeding existing metrics (e.g. already registered for `/metrics`).
    pub fn with_metrics(config: ClientConfig, metrics: ClientMetrics) -> Result<Client, EiamError> {
        let base = validate(&config)?;
        Ok(Client {
            inner: Arc::new(Transport::new(config, base, metrics)?),
        })
    }

    /// Send any operation: `path` gives the path parameters other than `instanceId` and
    /// `applicationId` (which come from the configuration), `body` is `None` for operations
    /// without body parameters (nothing is sent, not even `{}`). Bearer operations carry the
    /// application's token. Every typed method goes through here.
    pub async fn execute<O: Operation>(
        &self,
        path: &[(&str, &str)],
        query: &O::Query,
        body: Option<&O::Body>,
    ) -> Result<O::Response, EiamError> {
        let auth = if O::BEARER {
            Auth::App
        } else {
            Auth::Anonymous
        };
        self.call::<O>(path, query, body, auth).await
    }

    /// `O` on the object at `path` once per at most [`IDS_PER_REQUEST`] of `ids` (the API's
    /// limit), each body made from its chunk by `body`; nothing is sent for an empty list.
    pub(crate) async fn execute_chunked<O: Operation<Query = NoQuery>>(
        &self,
        path: (&str, &str),
        ids: &[impl AsRef<str>],
        body: impl Fn(Vec<String>) -> O::Body,
    ) -> Result<(), EiamError> {
        for chunk in ids.chunks(IDS_PER_REQUEST) {
            let body = body(owned(chunk));
            self.execute::<O>(&[path], &NoQuery {}, Some(&body)).await?;
        }
        Ok(())
    }

    /// `execute` with an explicit authentication (an end user's token for `GetUserInfo`).
    pub(crate) async fn call<O: Operation>(
        &self,
        path: &[(&str, &str)],
        query: &O::Query,
        body: Option<&O::Body>,
        auth: Auth<'_>,
    ) -> Result<O::Response, EiamError> {
        let req = self.request::<O>(path, query, body, auth)?;
        let answer = self.inner.send(&req).await?;
        decode(O::ACTION, &answer)
    }

    pub(crate) fn request<'a, O: Operation>(
        &self,
        path: &[(&str, &str)],
        query: &O::Query,
        body: Option<&O::Body>,
        auth: Auth<'a>,
    ) -> Result<Request<'a>, EiamError> {
        let c = &self.inner.config;
        let path = request::fill_path(O::ACTION, O::PATH, path, &c.instance_id, &c.application_id)?;
        let query = request::encode_query(O::ACTION, query)?;
        let payload = match body {
            Some(b) => request::json_body(O::ACTION, b)?,
            None => Payload::None,
        };
        Ok(Request {
            action: O::ACTION,
            method: O::METHOD,
            url: request::url(O::ACTION, &self.inner.base, &path, &query)?,
            payload,
            auth,
            idempotent: retry::is_idempotent(O::ACTION),
            headers: HeaderMap::new(),
        })
    }

    /// Obtain the application's access token (or keep the cached one): whether the endpoint,
    /// instance, application and client credentials are accepted, before any operation.
    pub async fn authenticate(&self) -> Result<(), EiamError> {
        self.inner.app_token().await.map(|_| ())
    }

    /// Every HTTP request this client (and its clones) sent, token requests and retries included.
    pub fn api_calls(&self) -> u64 {
        self.inner.api_calls()
    }

    /// Request counters and latency by action and status.
    pub fn metrics(&self) -> &ClientMetrics {
        &self.inner.metrics
    }

    /// How many access tokens this client has requested.
    pub fn token_fetches(&self) -> u64 {
        self.inner.tokens.fetches()
    }

    /// The request rate currently allowed (lowered after 429 answers).
    pub fn effective_rate_limit(&self) -> f64 {
        self.inner.pacer.effective_qps()
    }

    pub fn instance_id(&self) -> &str {
        &self.inner.config.instance_id
    }

    pub fn application_id(&self) -> &str {
        &self.inner.config.application_id
    }
}

/// Check the configuration; returns the endpoint without a trailing slash.
fn validate(c: &ClientConfig) -> Result<String, EiamError> {
    for (name, value) in [
        ("instance_id", &c.instance_id),
        ("application_id", &c.application_id),
        ("client_id", &c.client_id),
    ] {
        if value.trim().is_empty() {
            return Err(EiamError::config(format!("{name} is empty")));
        }
    }
    if c.rate_limit_qps == 0 {
        return Err(EiamError::config("rate_limit_qps must be at least 1"));
    }
    if c.max_concurrency == 0 {
        return Err(EiamError::config("max_concurrency must be at least 1"));
    }
    if c.connect_timeout.is_zero() || c.request_timeout.is_zero() {
        return Err(EiamError::config("timeouts must be longer than zero"));
    }
    let url = url::Url::parse(&c.endpoint).map_err(|e| EiamError::Config {
        reason: format!("endpoint {:?} is not a url", c.endpoint),
        source: Some(Box::new(e)),
    })?;
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(EiamError::config(format!(
            "endpoint {:?} must not carry credentials, a query or a fragment",
            c.endpoint
        )));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(EiamError::config(format!(
                "endpoint {:?} uses plain http on a non-loopback host; use https",
                c.endpoint
            )));
        }
        other => {
            return Err(EiamError::config(format!(
                "endpoint scheme {other:?} is not http(s)"
            )));
        }
    }
    Ok(c.endpoint.trim_end_matches('/').to_owned())
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
