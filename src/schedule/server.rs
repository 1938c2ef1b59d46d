//! The daemon's HTTP endpoints: `/healthz` (alive), `/readyz` (state store reachable and no
//! reconciler failed fatally last time), `/metrics` (Prometheus text). `/readyz` names what is
//! wrong but never quotes an error: database messages can carry host names, users and paths,
//! and the port is reachable from the whole network; the details go to the log.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::errors::chain;
use crate::metrics::Metrics;
use crate::state::StateStore;

/// What `/readyz` looks at.
#[derive(Clone)]
pub struct Health {
    pub store: StateStore,
    pub metrics: Metrics,
    /// Reconciler → the error of its last run, when it failed fatally.
    pub failures: Arc<Mutex<BTreeMap<String, String>>>,
    /// Whether the last `/readyz` found the state store down (its error is logged once).
    store_down: Arc<AtomicBool>,
}

impl Health {
    pub fn new(store: StateStore, metrics: Metrics) -> Health {
        Health {
            store,
            metrics,
            failures: Arc::new(Mutex::new(BTreeMap::new())),
            store_down: Arc::new(AtomicBool::new(false)),
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
    match h.store.ping().await {
        Ok(()) => {
            if h.store_down.swap(false, Ordering::Relaxed) {
                tracing::info!("readiness: the state store answers again");
            }
        }
        Err(e) => {
            if !h.store_down.swap(true, Ordering::Relaxed) {
                tracing::warn!(error = %chain(&e), "readiness: the state store does not answer");
            }
            problems.push("state store unreachable".to_owned());
        }
    }
    // The runs' errors were logged when they failed.
    let failures = h
        .failures
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    for r in failures.keys() {
        problems.push(format!("reconciler {r}: last run failed"));
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
