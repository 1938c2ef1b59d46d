//! How to reach EIAM: the client's configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::sleep::{Sleeper, TokioSleeper};

/// Where the client-credentials token request carries the client secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenAuth {
    /// Form body (`client_secret_post`, as the vendor's examples call the endpoint). The
    /// default: the secret stays out of URLs, which proxies and servers tend to log.
    #[default]
    Form,
    /// Query string, exactly as the official SDK sends it.
    Query,
    /// HTTP Basic (`client_secret_basic`).
    Basic,
}

/// How to reach EIAM and how hard to push it.
#[derive(Clone)]
pub struct ClientConfig {
    /// `https://eiam-developerapi.<region>.aliyuncs.com`, or `http://` on a loopback address.
    pub endpoint: String,
    pub instance_id: String,
    pub application_id: String,
    pub client_id: String,
    pub client_secret: SecretString,
    /// Requests per second, shared by all concurrent tasks (the ceiling of the adaptive rate).
    pub rate_limit_qps: u32,
    /// Requests in flight at once.
    pub max_concurrency: usize,
    pub connect_timeout: Duration,
    /// Total time for one attempt: connect, send, whole answer.
    pub request_timeout: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Backoff bounds (each delay gets up to 100% jitter on top).
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// A longer `Retry-After` than this fails the call instead of waiting.
    pub max_retry_after: Duration,
    /// Lower the rate when EIAM answers 429 (and raise it back when it stops).
    pub adaptive_rate: bool,
    pub token_auth: TokenAuth,
    /// `scope` of the client-credentials request (e.g. `urn:cloud:idaas:pam|.all` for PAM);
    /// none by default: the token carries the permissions granted in the console.
    pub token_scope: Option<String>,
    /// A PEM bundle of private CA certificates trusted besides the system's roots.
    pub ca_file: Option<std::path::PathBuf>,
    /// How the client waits before a retry: tokio's timer (a test can record the waits).
    pub retry_sleeper: Arc<dyn Sleeper>,
}

impl ClientConfig {
    /// A configuration with the defaults of the `[eiam]` settings.
    pub fn new(
        endpoint: impl Into<String>,
        instance_id: impl Into<String>,
        application_id: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: SecretString,
    ) -> ClientConfig {
        ClientConfig {
            endpoint: endpoint.into(),
            instance_id: instance_id.into(),
            application_id: application_id.into(),
            client_id: client_id.into(),
            client_secret,
            rate_limit_qps: 10,
            max_concurrency: 8,
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            max_retries: 6,
            min_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
            adaptive_rate: true,
            token_auth: TokenAuth::default(),
            token_scope: None,
            ca_file: None,
            retry_sleeper: Arc::new(TokioSleeper),
        }
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("endpoint", &self.endpoint)
            .field("instance_id", &self.instance_id)
            .field("application_id", &self.application_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("rate_limit_qps", &self.rate_limit_qps)
            .field("max_concurrency", &self.max_concurrency)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_retries", &self.max_retries)
            .field("adaptive_rate", &self.adaptive_rate)
            .field("token_auth", &self.token_auth)
            .field("token_scope", &self.token_scope)
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}
