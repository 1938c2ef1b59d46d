//! An in-process emulator for tests, and a small raw-JSON client for its API.

use std::time::Duration;

use eiam_sync::emulator::{Emulator, EmulatorConfig, ListUsersReading, Readings, RunningEmulator};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Installs the rustls crypto provider once (reqwest is built without one).
pub fn init_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A plain HTTP client with a short timeout.
pub fn http() -> reqwest::Client {
    init_tls();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client")
}

/// The readings the end-to-end environments start their emulator with: the defaults, or
/// `ListUsers` by OU listing whole subtrees when `EIAM_EMULATOR_LIST_USERS=subtree` (CI runs
/// the end-to-end tests once under each reading). Any other value fails the test.
pub fn readings_from_env() -> Readings {
    let list_users = match std::env::var("EIAM_EMULATOR_LIST_USERS") {
        Ok(v) if !v.is_empty() => ListUsersReading::parse(&v).unwrap_or_else(|| {
            panic!("EIAM_EMULATOR_LIST_USERS={v:?}: expected direct or subtree")
        }),
        _ => ListUsersReading::Direct,
    };
    Readings { list_users }
}

/// An emulator with the defaults of docs/contract.md §5 on a free port.
pub async fn start() -> RunningEmulator {
    start_with(EmulatorConfig::default()).await
}

/// An emulator with `config` on a free port.
pub async fn start_with(config: EmulatorConfig) -> RunningEmulator {
    Emulator::start(config, "127.0.0.1:0".parse().expect("address"))
        .await
        .expect("emulator starts")
}

/// A `client_credentials` token of the default application.
pub async fn token(emu: &RunningEmulator) -> String {
    token_for(emu, "app_emulator", "app_emulator", "emulator-secret").await
}

/// A `client_credentials` token of any application.
pub async fn token_for(emu: &RunningEmulator, app: &str, client_id: &str, secret: &str) -> String {
    let url = format!(
        "{}/v2/{}/{app}/oauth2/token?grant_type=client_credentials&client_id={client_id}&client_secret={secret}",
        emu.url(),
        emu.instance_id()
    );
    let body: Value = http()
        .post(url)
        .send()
        .await
        .expect("token request")
        .json()
        .await
        .expect("token JSON");
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// One answer: status, JSON body (or `Null`), headers.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The API code of an error answer.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or("")
    }

    /// Asserts a 200 and returns the body.
    #[track_caller]
    pub fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "expected 200, got {self:?}");
        self.body
    }

    /// Asserts an error answer with both body conventions and a request id.
    #[track_caller]
    pub fn err(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status.as_u16(), self.code()),
            (status, code),
            "unexpected answer {self:?}"
        );
        assert_eq!(
            self.body["error"], self.body["code"],
            "both conventions: {self:?}"
        );
        assert_eq!(self.body["error_description"], self.body["message"]);
        let rid = self.body["requestId"].as_str().unwrap_or("");
        assert_eq!(rid.len(), 36, "request id in {self:?}");
        assert_eq!(self.headers["x-acs-request-id"], rid);
    }
}

/// A raw client of one emulator with a token of the default application.
pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub instance: String,
    pub app: String,
    pub token: String,
}

impl Api {
    pub async fn new(emu: &RunningEmulator) -> Api {
        Api {
            http: http(),
            base: emu.url(),
            instance: emu.instance_id().to_owned(),
            app: "app_emulator".to_owned(),
            token: token(emu).await,
        }
    }

    /// `{base}/v2/{instance}/{app}{rest}`.
    pub fn url(&self, rest: &str) -> String {
        format!("{}/v2/{}/{}{}", self.base, self.instance, self.app, rest)
    }

    /// `{base}/v2/{instance}{rest}` (PAM paths have no application).
    pub fn instance_url(&self, rest: &str) -> String {
        format!("{}/v2/{}{}", self.base, self.instance, rest)
    }

    /// Sends a request with this client's bearer token.
    pub async fn send(
        &self,
        method: Method,
        url: impl Into<String>,
        body: Option<Value>,
    ) -> Answer {
        self.send_as(method, url, body, Some(&self.token)).await
    }

    /// Sends a request with any (or no) bearer token.
    pub async fn send_as(
        &self,
        method: Method,
        url: impl Into<String>,
        body: Option<Value>,
        bearer: Option<&str>,
    ) -> Answer {
        let mut req = self.http.request(method, url.into());
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request reaches the emulator");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("every answer is JSON")
        };
        Answer {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, rest: impl Into<String>) -> Answer {
        self.send(Method::GET, self.url(&rest.into()), None).await
    }

    pub async fn post(&self, rest: impl Into<String>, body: Value) -> Answer {
        self.send(Method::POST, self.url(&rest.into()), Some(body))
            .await
    }

    pub async fn patch(&self, rest: impl Into<String>, body: Value) -> Answer {
        self.send(Method::PATCH, self.url(&rest.into()), Some(body))
            .await
    }

    pub async fn delete(&self, rest: impl Into<String>) -> Answer {
        self.send(Method::DELETE, self.url(&rest.into()), None)
            .await
    }

    /// Creates an OU and returns its id.
    pub async fn create_ou(&self, parent: &str, name: &str) -> String {
        let b = self
            .post(
                "/organizationalUnits",
                json!({"organizationalUnitName": name, "parentId": parent}),
            )
            .await
            .ok();
        b["organizationalUnitId"]
            .as_str()
            .expect("OU id")
            .to_owned()
    }

    /// Creates a user with only the required fields and returns its id.
    pub async fn create_user(&self, ou: &str, username: &str) -> String {
        self.create_user_with(json!({"username": username, "primaryOrganizationalUnitId": ou}))
            .await
    }

    /// Creates a user from a full body and returns its id.
    pub async fn create_user_with(&self, body: Value) -> String {
        let b = self.post("/users", body).await.ok();
        b["userId"].as_str().expect("user id").to_owned()
    }

    /// Creates a group and returns its id.
    pub async fn create_group(&self, name: &str) -> String {
        let b = self.post("/groups", json!({"groupName": name})).await.ok();
        b["groupId"].as_str().expect("group id").to_owned()
    }

    /// An admin request (`/_emulator/...`).
    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send_as(method, format!("{}{}", self.base, path), body, None)
            .await
    }
}
