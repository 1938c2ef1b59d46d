//! The one execution path of every call: authentication, pacing, sending, retrying, errors.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use secrecy::ExposeSecret;
use tracing::{Instrument, Span, field};

use super::config::ClientConfig;
use super::decode::Answer;
use super::error::{ApiError, EiamError, Phase, TransportError};
use super::metrics::ClientMetrics;
use super::pacing::Pacer;
use super::request::{self, Auth, Payload, Request};
use super::retry::{self, Decision};
use super::token::{AccessToken, TokenCache};
use super::token_request::{client_credentials_request, issued_token};
use super::types::HttpMethod;

/// Answers larger than this are refused instead of buffered (no list page comes close).
const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// What every clone of a client shares.
pub(crate) struct Transport {
    pub(crate) config: ClientConfig,
    /// The endpoint without a trailing slash.
    pub(crate) base: String,
    http: reqwest::Client,
    user_agent: HeaderValue,
    pub(crate) pacer: Pacer,
    pub(crate) tokens: TokenCache,
    pub(crate) metrics: ClientMetrics,
    api_calls: AtomicU64,
}

impl Transport {
    pub(crate) fn new(
        config: ClientConfig,
        base: String,
        metrics: ClientMetrics,
    ) -> Result<Transport, EiamError> {
        // reqwest is built without a default crypto provider; install ring once per process
        // (a provider installed earlier, by us or the application, is kept).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut roots = Vec::new();
        if let Some(path) = &config.ca_file {
            let certs = crate::tls::ca_certificates(path).map_err(|e| EiamError::Config {
                reason: format!("`eiam.ca_file`: {e}"),
                source: None,
            })?;
            roots.extend(
                certs
                    .iter()
                    .filter_map(|c| reqwest::Certificate::from_der(c).ok()),
            );
        }
        // Certificates are always verified: a private CA is added to the system's roots.
        let http = reqwest::Client::builder()
            .tls_certs_merge(roots)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_max_idle_per_host(config.max_concurrency)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| EiamError::Config {
                reason: "cannot build the http client".into(),
                source: Some(Box::new(e.without_url())),
            })?;
        let pacer = Pacer::new(
            config.rate_limit_qps,
            config.max_concurrency,
            config.adaptive_rate,
        );
        metrics.set_effective_qps(pacer.effective_qps());
        Ok(Transport {
            base,
            http,
            user_agent: request::user_agent(),
            pacer,
            tokens: TokenCache::default(),
            metrics,
            api_calls: AtomicU64::new(0),
            config,
        })
    }

    /// Every HTTP request sent so far, token requests included.
    pub(crate) fn api_calls(&self) -> u64 {
        self.api_calls.load(Ordering::Relaxed)
    }

    /// Send `req` until it succeeds or the retry decision says stop.
    pub(crate) async fn send(&self, req: &Request<'_>) -> Result<Answer, EiamError> {
        let span = tracing::info_span!(
            "eiam_call",
            action = req.action,
            request_id = field::Empty,
            attempts = field::Empty
        );
        self.send_inner(req).instrument(span).await
    }

    async fn send_inner(&self, req: &Request<'_>) -> Result<Answer, EiamError> {
        let c = &self.config;
        let mut delays = retry::backoff(c.max_retries, c.min_backoff, c.max_backoff);
        let mut refreshed = false;
        let mut attempts = 0u32;
        loop {
            attempts += 1;
            let token = match req.auth {
                Auth::App => Some(self.app_token().await?),
                _ => None,
            };
            let nonce = uuid::Uuid::new_v4().simple().to_string();
            let result = self.attempt(req, token.as_deref(), &nonce).await;
            let mut err = match result {
                Ok(answer) => {
                    record(attempts, &answer.request_id);
                    return Ok(answer);
                }
                Err(e) => e,
            };
            err.set_attempts(attempts);
            let bearer = matches!(req.auth, Auth::App);
            match retry::decide(&err, req.idempotent, bearer, refreshed) {
                Decision::Fail => return Err(finish(err, attempts)),
                Decision::RefreshToken => {
                    refreshed = true;
                    if let Some(t) = &token {
                        self.tokens.invalidate(t);
                    }
                    tracing::info!(error = %err, "access token refused; renewing it once");
                }
                Decision::Retry { after } => {
                    let Some(backoff) = delays.next() else {
                        return Err(finish(err, attempts));
                    };
                    let delay = match after {
                        // A server asking for more patience than we are willing to give: stop.
                        Some(wait) if wait > c.max_retry_after => {
                            return Err(finish(err, attempts));
                        }
                        Some(wait) => wait,
                        None => backoff,
                    };
                    tracing::warn!(
                        error = %err,
                        attempt = attempts,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "eiam call failed; retrying"
                    );
                    c.retry_sleeper.sleep(delay).await;
                }
            }
        }
    }

    /// One exchange: concurrency slot and rate slot, request, whole answer.
    async fn attempt(
        &self,
        req: &Request<'_>,
        token: Option<&AccessToken>,
        nonce: &str,
    ) -> Result<Answer, EiamError> {
        let admission = self.pacer.admit().await;
        // Every event of this attempt carries its request id (the server's, once known).
        Span::current().record("request_id", nonce);
        // Built after admission so the `date` header is the sending time, not the queueing time.
        let builder = self.build(req, token, nonce);
        self.api_calls.fetch_add(1, Ordering::Relaxed);
        let flight = self.metrics.start(req.action);
        let started = Instant::now();
        let exchange = async {
            let response = builder.send().await?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = read_limited(response).await?;
            Ok::<_, reqwest::Error>((status, headers, body))
        };
        let outcome = exchange.await;
        let elapsed = started.elapsed();
        let paced_at = admission.paced_at;
        drop(admission);

        let (status, headers, body) = match outcome {
            Ok(answer) => answer,
            Err(e) => {
                // The URL of the token request may carry the client secret.
                let e = e.without_url();
                flight.finish(if e.is_timeout() { "timeout" } else { "network" }, elapsed);
                tracing::debug!(elapsed_ms = millis(elapsed), error = %e, "no answer");
                return Err(transport_error(req.action, nonce, e));
            }
        };
        flight.finish(&status.to_string(), elapsed);
        let request_id = headers
            .get("x-acs-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .unwrap_or(nonce)
            .to_owned();
        Span::current().record("request_id", request_id.as_str());
        tracing::debug!(status, elapsed_ms = millis(elapsed), "eiam answered");
        let changed = if status == 429 {
            self.pacer.on_throttled(paced_at)
        } else {
            self.pacer.on_answered()
        };
        if let Some(qps) = changed {
            self.metrics.set_effective_qps(qps);
        }
        let Some(body) = body else {
            return Err(EiamError::Protocol {
                action: req.action,
                reason: format!("the answer exceeds {MAX_ANSWER_BYTES} bytes"),
                request_id: Some(request_id),
            });
        };
        if (200..300).contains(&status) {
            return Ok(Answer {
                status,
                body,
                request_id,
            });
        }
        let retry_after = retry::retry_after(&headers);
        Err(EiamError::Api(Box::new(ApiError::from_response(
            req.action,
            status,
            &body,
            &request_id,
            retry_after,
        ))))
    }

    /// The HTTP request of one attempt: standard headers, authorization, body.
    fn build(
        &self,
        req: &Request<'_>,
        token: Option<&AccessToken>,
        nonce: &str,
    ) -> reqwest::RequestBuilder {
        let mut headers = request::standard_headers(req.action, nonce, &self.user_agent);
        headers.extend(req.headers.clone());
        let bearer = match (req.auth, token) {
            (Auth::Bearer(secret), _) => Some(secret.expose_secret()),
            (Auth::App, Some(t)) => Some(t.secret().expose_secret()),
            _ => None,
        };
        if let Some(value) = bearer.and_then(request::bearer) {
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        let method = match req.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, req.url.clone());
        match &req.payload {
            Payload::None => {}
            Payload::Json(bytes) => {
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                );
                builder = builder.body(bytes.clone());
            }
            Payload::Form(form) => {
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                builder = builder.body(form.expose_secret().to_owned());
            }
        }
        builder.headers(headers)
    }

    /// The application token, fetched through this same path when missing or due.
    pub(crate) async fn app_token(&self) -> Result<Arc<AccessToken>, EiamError> {
        self.tokens
            .get(|| async {
                let req = client_credentials_request(&self.config, &self.base)?;
                // Boxed: the token request runs through `send`, which may call this function.
                let answer = Box::pin(self.send(&req)).await?;
                issued_token(req.action, &answer)
            })
            .await
    }
}

fn record(attempts: u32, request_id: &str) {
    let span = Span::current();
    span.record("attempts", attempts);
    span.record("request_id", request_id);
}

fn finish(err: EiamError, attempts: u32) -> EiamError {
    record(attempts, err.request_id().unwrap_or_default());
    err
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The whole body, or `None` if it is larger than `MAX_ANSWER_BYTES`.
async fn read_limited(mut response: reqwest::Response) -> Result<Option<Vec<u8>>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// Classify a failed exchange. The URL is dropped from the error: for the token request it
/// may carry the client secret in the query string.
fn transport_error(action: &'static str, nonce: &str, e: reqwest::Error) -> EiamError {
    let phase = if e.is_connect() {
        Phase::Connect
    } else {
        Phase::Sent
    };
    EiamError::Transport(Box::new(TransportError {
        action,
        request_id: nonce.to_owned(),
        phase,
        timed_out: e.is_timeout(),
        attempts: 1,
        source: e.without_url(),
    }))
}
