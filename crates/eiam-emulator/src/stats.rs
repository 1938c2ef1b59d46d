//! Request counters of the API (admin requests are not counted): total, by action, by status.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

/// `GET /_emulator/stats`. Requests that were dropped without an answer count under the
/// status `dropped`; requests to unknown paths count in `total` and `by_status` only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub total: u64,
    pub by_action: BTreeMap<String, u64>,
    pub by_status: BTreeMap<String, u64>,
}

impl Stats {
    /// Requests of one action.
    pub fn action(&self, action: &str) -> u64 {
        self.by_action.get(action).copied().unwrap_or(0)
    }

    /// Requests answered with one status (`"429"`, `"dropped"`, ...).
    pub fn status(&self, status: &str) -> u64 {
        self.by_status.get(status).copied().unwrap_or(0)
    }
}

/// The live counters.
#[derive(Debug, Default)]
pub struct StatsCounter {
    inner: Mutex<Stats>,
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

impl StatsCounter {
    pub fn record(&self, action: Option<&str>, status: &str) {
        let mut s = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        s.total += 1;
        if let Some(a) = action {
            bump(&mut s.by_action, a);
        }
        bump(&mut s.by_status, status);
    }

    pub fn snapshot(&self) -> Stats {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn reset(&self) {
        *self.inner.lock().unwrap_or_else(PoisonError::into_inner) = Stats::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_action_and_status() {
        let c = StatsCounter::default();
        c.record(Some("GetUser"), "200");
        c.record(Some("GetUser"), "429");
        c.record(None, "404");
        let s = c.snapshot();
        assert_eq!((s.total, s.action("GetUser")), (3, 2));
        assert_eq!(
            (s.status("200"), s.status("429"), s.status("404")),
            (1, 1, 1)
        );
        c.reset();
        assert_eq!(c.snapshot(), Stats::default());
    }
}
