//! Fault injection: what happens to one API request before it is processed — delay, a scripted
//! or random error, the server-side budget (a token bucket answered with 429), a dropped
//! connection — and whether its answer is dropped afterwards.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use rand::RngExt;

use super::config::{Faults, ScriptedKind};
use super::error::ApiError;

/// What to do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Process it; if `drop_after`, close the connection instead of answering.
    Proceed { drop_after: bool },
    /// Answer with this error without processing.
    Respond(ApiError),
    /// Close the connection without processing or answering.
    Drop,
    /// Process it, then damage its success answer.
    Damage(super::damage::Damage),
}

/// The delay to add, then the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub delay: Duration,
    pub verdict: Verdict,
}

#[derive(Debug)]
struct Bucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn new(rate: f64, burst: Option<f64>) -> Self {
        let capacity = burst.unwrap_or(rate).max(1.0);
        Bucket {
            rate,
            capacity,
            tokens: capacity,
            last: Instant::now(),
        }
    }

    /// Takes one token, or says how many whole seconds until one is available (at least 1:
    /// `x-acs-retry-after` is an integer and the SDK ignores 0).
    fn take(&mut self) -> Result<(), u64> {
        let now = Instant::now();
        let elapsed = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - self.tokens) / self.rate).ceil();
            // A float to integer conversion: the value is a small positive number here.
            Err((wait as u64).max(1))
        }
    }
}

#[derive(Debug)]
struct Inner {
    faults: Faults,
    bucket: Option<Bucket>,
}

/// The current faults and the budget's bucket.
#[derive(Debug)]
pub struct FaultState {
    inner: Mutex<Inner>,
}

fn scripted_error(status: Option<u16>) -> ApiError {
    let status = status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    match status.as_u16() {
        429 => ApiError::throttled(1),
        500..=599 => ApiError::server_fault(status),
        _ => ApiError::new(
            status,
            "InjectedError",
            "An error injected by the emulator's fault script.".to_owned(),
        ),
    }
}

impl FaultState {
    pub fn new(faults: Faults) -> Self {
        let bucket = faults
            .rate_limit_qps
            .map(|q| Bucket::new(q, faults.rate_limit_burst));
        FaultState {
            inner: Mutex::new(Inner { faults, bucket }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn get(&self) -> Faults {
        self.lock().faults.clone()
    }

    /// Replaces every fault; the budget starts with a full bucket.
    pub fn set(&self, faults: Faults) {
        let mut inner = self.lock();
        inner.bucket = faults
            .rate_limit_qps
            .map(|q| Bucket::new(q, faults.rate_limit_burst));
        inner.faults = faults;
    }

    pub fn token_ttl_secs(&self) -> u64 {
        self.lock().faults.token_ttl_secs
    }

    /// Decides the fate of one request of `action`.
    pub fn decide(&self, action: &str) -> Decision {
        let mut inner = self.lock();
        let delay = Duration::from_millis(inner.faults.latency_ms);
        let verdict = Self::verdict(&mut inner, action);
        Decision { delay, verdict }
    }

    fn verdict(inner: &mut Inner, action: &str) -> Verdict {
        let script = &mut inner.faults.script;
        if let Some(i) = script
            .iter()
            .position(|f| f.action.as_deref().is_none_or(|a| a == action))
        {
            let f = script.remove(i);
            return match f.fault {
                ScriptedKind::Error => Verdict::Respond(scripted_error(f.status)),
                ScriptedKind::Throttle => Verdict::Respond(ApiError::throttled(1)),
                ScriptedKind::Drop => Verdict::Drop,
                ScriptedKind::DropAfter => Verdict::Proceed { drop_after: true },
                ScriptedKind::Damage(d) => Verdict::Damage(d),
            };
        }
        if let Some(bucket) = inner.bucket.as_mut()
            && let Err(wait) = bucket.take()
        {
            return Verdict::Respond(ApiError::throttled(wait));
        }
        let f = &inner.faults;
        if !f.targets(action) {
            return Verdict::Proceed { drop_after: false };
        }
        let mut rng = rand::rng();
        if f.error_rate > 0.0 && rng.random_bool(f.error_rate) {
            let status = [
                StatusCode::INTERNAL_SERVER_ERROR,
                StatusCode::BAD_GATEWAY,
                StatusCode::SERVICE_UNAVAILABLE,
            ][rng.random_range(0..3)];
            return Verdict::Respond(ApiError::server_fault(status));
        }
        if f.drop_rate > 0.0 && rng.random_bool(f.drop_rate) {
            return Verdict::Drop;
        }
        let drop_after = f.drop_after_rate > 0.0 && rng.random_bool(f.drop_after_rate);
        Verdict::Proceed { drop_after }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ScriptedFault;

    #[test]
    fn scripted_faults_fire_once_for_their_action_in_order() {
        let state = FaultState::new(Faults {
            script: vec![
                ScriptedFault {
                    action: Some("CreateUser".into()),
                    fault: ScriptedKind::DropAfter,
                    status: None,
                },
                ScriptedFault {
                    action: None,
                    fault: ScriptedKind::Error,
                    status: Some(502),
                },
            ],
            ..Faults::default()
        });
        let v = state.decide("GetUser").verdict;
        assert!(
            matches!(v, Verdict::Respond(ref e) if e.status == StatusCode::BAD_GATEWAY),
            "{v:?}"
        );
        assert_eq!(
            state.decide("CreateUser").verdict,
            Verdict::Proceed { drop_after: true }
        );
        assert_eq!(
            state.decide("CreateUser").verdict,
            Verdict::Proceed { drop_after: false }
        );
        assert!(state.get().script.is_empty());
    }

    #[test]
    fn the_budget_allows_a_burst_then_throttles_with_a_whole_second() {
        let state = FaultState::new(Faults {
            rate_limit_qps: Some(2.0),
            rate_limit_burst: Some(3.0),
            ..Faults::default()
        });
        for _ in 0..3 {
            assert_eq!(
                state.decide("GetUser").verdict,
                Verdict::Proceed { drop_after: false }
            );
        }
        match state.decide("GetUser").verdict {
            Verdict::Respond(e) => {
                assert_eq!(e.status, StatusCode::TOO_MANY_REQUESTS);
                assert_eq!(e.retry_after, Some(1));
            }
            other => panic!("expected 429, got {other:?}"),
        }
    }

    #[test]
    fn random_faults_respect_the_action_filter_and_certain_rates() {
        let state = FaultState::new(Faults {
            error_rate: 1.0,
            actions: vec!["ListUsers".into()],
            latency_ms: 7,
            ..Faults::default()
        });
        let d = state.decide("GetUser");
        assert_eq!(d.delay, Duration::from_millis(7));
        assert_eq!(d.verdict, Verdict::Proceed { drop_after: false });
        let v = state.decide("ListUsers").verdict;
        assert!(matches!(v, Verdict::Respond(ref e) if e.status.is_server_error()));
        state.set(Faults {
            drop_rate: 1.0,
            ..Faults::default()
        });
        assert_eq!(state.decide("GetUser").verdict, Verdict::Drop);
    }
}
