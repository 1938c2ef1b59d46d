//! `eiam_sync_notifications_total{event,result}`: what became of each notification.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

use crate::config::NotifyEvent;

/// How a notification ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivered {
    /// The receiver accepted it.
    Sent,
    /// The receiver refused it, or stayed unreachable for the whole retry period.
    Failed,
    /// Not delivered before the process stopped (the exit flush ran out), or the queue was
    /// full.
    Dropped,
}

impl Delivered {
    pub const ALL: [Delivered; 3] = [Delivered::Sent, Delivered::Failed, Delivered::Dropped];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivered::Sent => "sent",
            Delivered::Failed => "failed",
            Delivered::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Labels {
    event: String,
    result: String,
}

/// The notification counters. Cloning shares them.
#[derive(Clone, Default)]
pub struct NotifyMetrics {
    total: Family<Labels, Counter>,
}

impl NotifyMetrics {
    pub fn new() -> Self {
        NotifyMetrics::default()
    }

    /// Register in `registry`, every event and result at 0 so alerts see the series from the
    /// start.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "eiam_sync_notifications",
            "Webhook notifications, by event and result (sent, failed, dropped)",
            self.total.clone(),
        );
        for event in NotifyEvent::ALL {
            for result in Delivered::ALL {
                let _ = self.total.get_or_create(&labels(event, result));
            }
        }
    }

    pub fn record(&self, event: NotifyEvent, result: Delivered) {
        self.total.get_or_create(&labels(event, result)).inc();
    }

    /// How many notifications of `event` ended as `result` so far.
    pub fn count(&self, event: NotifyEvent, result: Delivered) -> u64 {
        self.total.get_or_create(&labels(event, result)).get()
    }
}

fn labels(event: NotifyEvent, result: Delivered) -> Labels {
    Labels {
        event: event.as_str().to_owned(),
        result: result.as_str().to_owned(),
    }
}
