//! Request counters and latency by action and status, for `/metrics` and the run report.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Registry, Unit};

/// Labels of one request: the operation and the outcome (`200`, `429`, ..., or `timeout` /
/// `network` when no answer arrived).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub action: String,
    pub status: String,
}

type HistogramCtor = fn() -> Histogram;

fn latency_histogram() -> Histogram {
    // 5 ms .. ~20 s
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

/// The client's metrics. Cloning shares them, so several clients (one per run, say) can feed
/// the same registry.
#[derive(Debug, Clone)]
pub struct ClientMetrics {
    requests: Family<RequestLabels, Counter>,
    duration: Family<RequestLabels, Histogram, HistogramCtor>,
    in_flight: Gauge,
    max_in_flight: Arc<AtomicI64>,
    effective_qps: Gauge<f64, std::sync::atomic::AtomicU64>,
}

impl Default for ClientMetrics {
    fn default() -> Self {
        ClientMetrics {
            requests: Family::default(),
            duration: Family::new_with_constructor(latency_histogram),
            in_flight: Gauge::default(),
            max_in_flight: Arc::new(AtomicI64::new(0)),
            effective_qps: Gauge::default(),
        }
    }
}

impl ClientMetrics {
    pub fn new() -> ClientMetrics {
        ClientMetrics::default()
    }

    /// Register `eiam_sync_api_requests_total{action,status}`,
    /// `eiam_sync_api_request_duration_seconds{action,status}` (histogram),
    /// `eiam_sync_api_requests_in_flight` and `eiam_sync_api_rate_limit_qps` (the adaptive rate).
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "eiam_sync_api_requests",
            "HTTP requests sent to EIAM, by operation and answer status",
            self.requests.clone(),
        );
        registry.register_with_unit(
            "eiam_sync_api_request_duration",
            "Duration of HTTP requests to EIAM, by operation and answer status",
            Unit::Seconds,
            self.duration.clone(),
        );
        registry.register(
            "eiam_sync_api_requests_in_flight",
            "HTTP requests to EIAM currently waiting for their answer",
            self.in_flight.clone(),
        );
        registry.register(
            "eiam_sync_api_rate_limit_qps",
            "Effective client-side request rate limit (lowered when EIAM throttles)",
            self.effective_qps.clone(),
        );
    }

    /// Requests counted for this action and status so far.
    pub fn requests(&self, action: &str, status: &str) -> u64 {
        let labels = RequestLabels {
            action: action.to_owned(),
            status: status.to_owned(),
        };
        self.requests.get(&labels).map_or(0, |c| c.get())
    }

    /// Requests waiting for their answer right now.
    pub fn in_flight(&self) -> i64 {
        self.in_flight.get()
    }

    /// The most requests that were in flight at once.
    pub fn max_in_flight(&self) -> i64 {
        self.max_in_flight.load(Ordering::Relaxed)
    }

    /// The adaptive rate limit last applied, in requests per second.
    pub fn effective_qps(&self) -> f64 {
        self.effective_qps.get()
    }

    pub(crate) fn set_effective_qps(&self, qps: f64) {
        self.effective_qps.set(qps);
    }

    /// A request is about to be sent; the guard records its outcome.
    pub(crate) fn start(&self, action: &'static str) -> InFlight<'_> {
        let now = self.in_flight.inc() + 1;
        self.max_in_flight.fetch_max(now, Ordering::Relaxed);
        InFlight {
            metrics: self,
            action,
            done: false,
        }
    }
}

/// One request in flight; counts as `network` if dropped without an outcome (e.g. cancelled).
pub(crate) struct InFlight<'a> {
    metrics: &'a ClientMetrics,
    action: &'static str,
    done: bool,
}

impl InFlight<'_> {
    pub(crate) fn finish(mut self, status: &str, elapsed: Duration) {
        self.record(status, elapsed);
    }

    fn record(&mut self, status: &str, elapsed: Duration) {
        if self.done {
            return;
        }
        self.done = true;
        self.metrics.in_flight.dec();
        let labels = RequestLabels {
            action: self.action.to_owned(),
            status: status.to_owned(),
        };
        self.metrics.requests.get_or_create(&labels).inc();
        self.metrics
            .duration
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.record("cancelled", Duration::ZERO);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_exports_by_action_and_status() {
        let m = ClientMetrics::new();
        let a = m.start("GetUser");
        let b = m.start("GetUser");
        assert_eq!((m.in_flight(), m.max_in_flight()), (2, 2));
        a.finish("200", Duration::from_millis(12));
        b.finish("404", Duration::from_millis(30));
        drop(m.start("ListUsers"));
        assert_eq!(m.in_flight(), 0);
        assert_eq!(m.requests("GetUser", "200"), 1);
        assert_eq!(m.requests("GetUser", "404"), 1);
        assert_eq!(m.requests("ListUsers", "cancelled"), 1);

        let mut registry = Registry::default();
        m.register(&mut registry);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
        assert!(
            text.contains(r#"eiam_sync_api_requests_total{action="GetUser",status="404"} 1"#),
            "{text}"
        );
        assert!(text.contains("# TYPE eiam_sync_api_request_duration_seconds histogram"));
        assert!(text.contains(
            r#"eiam_sync_api_request_duration_seconds_count{action="GetUser",status="200"} 1"#
        ));
        assert!(text.contains("eiam_sync_api_requests_in_flight 0"));
    }

    #[test]
    fn clones_share_counters() {
        let m = ClientMetrics::new();
        let shared = m.clone();
        m.start("PatchUser").finish("200", Duration::ZERO);
        assert_eq!(shared.requests("PatchUser", "200"), 1);
    }
}
