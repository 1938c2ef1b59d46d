//! The daemon's HTTP endpoints: `/healthz` (alive), `/readyz` (state store reachable and no
//! reconciler failed fatally last time), `/metrics` (Prometheus text).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::metrics::Metrics;
use crate::state::StateStore;

/// What `/readyz` looks at.
#[derive(Clone)]
pub struct Health {
    pub store: StateStore,
    pub metrics: Metrics,
    /// Reconciler → the error of its last run, when it failed fatally.
    pub failures: Arc<Mutex<BTreeMap<String, String>>>,
}

impl Health {
    pub fn new(store: StateStore, metrics: Metrics) -> Health {
        Health {
            store,
            metrics,
            failures: Arc::new(Mutex::new(BTreeMap::new())),
        }
    }

    /// Forget every reconciler's last failure (a replica that stopped leading runs none).
    pub fn clear_failures(&self) {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    pub fn set_failure(&self, reconciler: &str, error: Option<String>) {
        let mut f = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        match error {
            Some(e) => f.insert(reconciler.to_owned(), e),
            None => f.remove(reconciler),
        };
    }
}

async fn healthz() -> &'static str {
    "ok\n"
}

async fn readyz(State(h): State<Health>) -> impl IntoResponse {
    let mut problems = Vec::new();
    if let Err(e) = h.store.ping().await {
        problems.push(format!("state store: {e}"));
    }
    let failures = h
        .failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    for (r, e) in failures {
        problems.push(format!("reconciler {r}: {e}"));
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(serde_json::json!({ "ready": problems.is_empty(), "problems": problems })),
    )
}

async fn metrics(State(h): State<Health>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        h.metrics.encode(),
    )
}

pub fn router(health: Health) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(health)
}
