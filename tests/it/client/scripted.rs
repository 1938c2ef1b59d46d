//! A scripted fake EIAM: answers token requests itself, answers every other request with the
//! next reply of a script, and records everything it received.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode, Uri};
use eiam_sync::eiam::{Client, ClientConfig};
use secrecy::SecretString;

pub const SECRET: &str = "scripted-client-secret-7f3a";

/// One canned answer.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply {
            status,
            body: body.to_string(),
            headers: vec![("content-type", "application/json".into())],
            delay: Duration::ZERO,
        }
    }

    pub fn ok(body: serde_json::Value) -> Reply {
        Reply::json(200, body)
    }

    /// A `GetUser` answer with every field the client requires of one.
    pub fn user(id: &str, username: &str) -> Reply {
        Reply::ok(serde_json::json!({
            "userId": id,
            "username": username,
            "status": "enabled",
            "primaryOrganizationalUnitId": "ou_1",
            "organizationalUnits": [{"organizationalUnitId": "ou_1", "primary": true}],
        }))
    }

    /// An error in both body conventions, as the emulator sends it.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(
            status,
            serde_json::json!({"code": code, "message": message, "error": code,
                "error_description": message, "requestId": format!("srv-{code}")}),
        )
    }

    pub fn raw(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_owned(),
            headers: vec![("content-type", "text/html".into())],
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn is_token(&self) -> bool {
        self.path.ends_with("/oauth2/token")
    }
}

#[derive(Default)]
struct State {
    script: Mutex<VecDeque<Reply>>,
    token_replies: Mutex<VecDeque<Reply>>,
    seen: Mutex<Vec<Seen>>,
    tokens: AtomicU64,
    token_ttl: AtomicU64,
}

pub struct Scripted {
    pub addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Scripted {
    pub async fn start() -> Scripted {
        let state = Arc::new(State::default());
        state.token_ttl.store(1200, Ordering::SeqCst);
        let shared = state.clone();
        let app = Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = shared.clone();
                async move { answer(&state, method, uri, headers, body).await }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Scripted { addr, state, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queue answers for the next non-token requests (an empty script answers 200 `{}`).
    pub fn push(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.script.lock().unwrap().extend(replies);
    }

    /// Queue answers for the next token requests (an empty queue issues a fresh token).
    pub fn push_token(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.token_replies.lock().unwrap().extend(replies);
    }

    pub fn set_token_ttl(&self, secs: u64) {
        self.state.token_ttl.store(secs, Ordering::SeqCst);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// Requests other than token requests.
    pub fn calls(&self) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| !s.is_token()).collect()
    }

    pub fn token_requests(&self) -> usize {
        self.seen().iter().filter(|s| s.is_token()).count()
    }

    /// A client for this server, with fast retries for tests.
    pub fn config(&self) -> ClientConfig {
        let mut c = ClientConfig::new(
            self.url(),
            "idaas_test",
            "app_test",
            "app_test",
            SecretString::from(SECRET.to_owned()),
        );
        c.rate_limit_qps = 10_000;
        c.max_retries = 4;
        c.min_backoff = Duration::from_millis(5);
        c.max_backoff = Duration::from_millis(40);
        c.request_timeout = Duration::from_secs(5);
        c
    }

    pub fn client(&self) -> Client {
        Client::new(self.config()).unwrap()
    }
}

async fn answer(
    state: &State,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response<Body> {
    let seen = Seen {
        method,
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers,
        body,
        at: Instant::now(),
    };
    let is_token = seen.is_token();
    state.seen.lock().unwrap().push(seen);
    let reply = if is_token {
        state
            .token_replies
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| {
                let n = state.tokens.fetch_add(1, Ordering::SeqCst) + 1;
                Reply::ok(serde_json::json!({
                    "access_token": format!("AT-scripted-{n}"),
                    "token_type": "Bearer",
                    "expires_in": state.token_ttl.load(Ordering::SeqCst),
                }))
            })
    } else {
        state
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| Reply::ok(serde_json::json!({})))
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap();
    for (name, value) in reply.headers {
        response.headers_mut().insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    response
}
