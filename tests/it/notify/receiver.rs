//! A local webhook receiver: records every request (path with query, headers, body) and
//! answers at once, or after a delay longer than any bound eiam-sync keeps.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub query: BTreeMap<String, String>,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub struct Receiver {
    pub base: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Answers `{"errcode":0,"errmsg":"ok"}` at once.
    pub async fn start() -> Receiver {
        Receiver::answering_after(Duration::ZERO).await
    }

    /// Answers only after `delay` (a slow receiver).
    pub async fn answering_after(delay: Duration) -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let recorded = got.clone();
        let app = Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let recorded = recorded.clone();
            async move {
                recorded.lock().unwrap().push(Received {
                    path: uri.path().to_owned(),
                    query: url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                        .into_owned()
                        .collect(),
                    headers: headers
                        .iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                        .collect(),
                    body: body.to_vec(),
                });
                tokio::time::sleep(delay).await;
                r#"{"errcode":0,"errmsg":"ok"}"#
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { base, got }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// The requests whose path is `path`.
    pub fn at(&self, path: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.path == path)
            .collect()
    }
}

/// A loopback URL nothing listens on (connection refused).
pub fn down_url() -> String {
    let port = crate::ops::free_port();
    format!("http://127.0.0.1:{port}/down?token=down-token")
}
