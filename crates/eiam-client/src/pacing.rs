//! Pacing shared by every task of a client: a concurrency cap, a rate limiter, and an adaptive
//! (AIMD) effective rate that backs off when the server answers 429.

use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
// Tokio's clock: the system's monotonic clock, which a test can pause and move forward.
use tokio::time::Instant;

/// Multiplicative decrease on throttling: small enough that the saw-tooth stays close under the
/// server's budget (a run settles at ~95% of it), large enough to converge in a few steps.
const DECREASE: f64 = 0.9;
/// Additive increase: after this long without throttling the rate grows by `INCREASE_SHARE` of
/// itself (at least one request/s), back up to the configured ceiling.
const INCREASE_PERIOD: Duration = Duration::from_secs(1);
const INCREASE_SHARE: f64 = 0.05;
/// The adaptive rate never drops below this (requests/s).
const FLOOR_QPS: f64 = 1.0;

/// Admits requests: at most `max_concurrency` at once, at most the effective rate per second.
///
/// The configured `rate_limit_qps` is a fixed governor limiter. The adaptive rate below it is a
/// schedule of reserved send times shared by all tasks, so a change applies at once to every
/// later reservation (swapping limiters instead would let the tasks already queued on the old
/// one keep its rate, in parallel with the new one).
#[derive(Debug)]
pub(crate) struct Pacer {
    ceiling: f64,
    slots: Arc<Semaphore>,
    limiter: Limiter,
    aimd: Option<Mutex<Aimd>>,
}

/// Held for the whole HTTP exchange; dropping it frees the concurrency slot.
#[derive(Debug)]
pub(crate) struct Admission {
    _permit: Option<OwnedSemaphorePermit>,
    /// When the request's send time was decided, i.e. at which rate it was paced (to tell
    /// fresh throttling signals from stale ones).
    pub(crate) paced_at: Instant,
}

impl Pacer {
    /// `rate_limit_qps` and `max_concurrency` must be at least 1 (checked by the config).
    pub(crate) fn new(rate_limit_qps: u32, max_concurrency: usize, adaptive: bool) -> Pacer {
        let ceiling = f64::from(rate_limit_qps.max(1));
        Pacer {
            ceiling,
            slots: Arc::new(Semaphore::new(max_concurrency.max(1))),
            limiter: limiter_for(ceiling),
            aimd: adaptive.then(|| Mutex::new(Aimd::new(ceiling, Instant::now()))),
        }
    }

    /// Wait for a concurrency slot, then for the rate. The slot is taken first so a request
    /// leaves as soon as its rate slot comes up (no burst of pre-admitted requests).
    pub(crate) async fn admit(&self) -> Admission {
        // Acquiring fails only on a closed semaphore, and this one is never closed.
        let permit = Arc::clone(&self.slots).acquire_owned().await.ok();
        let paced_at = Instant::now();
        if let Some(aimd) = &self.aimd {
            let slot = lock(aimd).reserve(paced_at);
            if let Some(at) = slot {
                tokio::time::sleep_until(at).await;
            }
        }
        // governor's own `until_ready` waits on a timer of its own; tokio's keeps one clock.
        while let Err(not_until) = self.limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(TokioClock.now())).await;
        }
        Admission {
            _permit: permit,
            paced_at,
        }
    }

    /// The server answered 429 to a request paced at `sent` (`Admission::paced_at`). Returns
    /// the new effective rate if it changed.
    pub(crate) fn on_throttled(&self, sent: Instant) -> Option<f64> {
        let rate = lock(self.aimd.as_ref()?).on_throttled(Instant::now(), sent)?;
        tracing::info!(
            qps = rate,
            "eiam throttled the client; lowering the request rate"
        );
        Some(rate)
    }

    /// The server answered anything but 429 (the request counted against its budget).
    /// Returns the new effective rate if it changed.
    pub(crate) fn on_answered(&self) -> Option<f64> {
        let rate = lock(self.aimd.as_ref()?).on_answered(Instant::now())?;
        tracing::debug!(qps = rate, "raising the request rate");
        Some(rate)
    }

    /// The current effective rate limit in requests per second.
    pub(crate) fn effective_qps(&self) -> f64 {
        match &self.aimd {
            Some(aimd) => lock(aimd).rate(),
            None => self.ceiling,
        }
    }
}

fn lock(aimd: &Mutex<Aimd>) -> std::sync::MutexGuard<'_, Aimd> {
    aimd.lock().unwrap_or_else(PoisonError::into_inner)
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<StdInstant>>;
type StdInstant = std::time::Instant;

/// governor's time source: tokio's clock, the one the adaptive schedule and the waits use.
#[derive(Debug, Clone, Copy, Default)]
struct TokioClock;

impl Clock for TokioClock {
    type Instant = StdInstant;

    fn now(&self) -> StdInstant {
        Instant::now().into_std()
    }
}

/// A limiter spacing requests evenly at `qps` (no burst: a burst is exactly what drains a
/// server-side token bucket).
fn limiter_for(qps: f64) -> Limiter {
    let period = Duration::from_secs_f64(1.0 / qps.max(FLOOR_QPS));
    let quota = Quota::with_period(period.max(Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::MIN);
    RateLimiter::direct_with_clock(quota, TokioClock)
}

/// The adaptive rate: additive increase, multiplicative decrease, never above the ceiling.
#[derive(Debug, Clone)]
pub(crate) struct Aimd {
    ceiling: f64,
    rate: f64,
    last_decrease: Option<Instant>,
    last_change: Instant,
    /// The earliest send time not yet reserved (used while `rate` is below the ceiling).
    next_slot: Instant,
    sent: Window,
    answered: Window,
}

impl Aimd {
    pub(crate) fn new(ceiling: f64, now: Instant) -> Aimd {
        Aimd {
            ceiling,
            rate: ceiling,
            last_decrease: None,
            last_change: now,
            next_slot: now,
            sent: Window::new(now),
            answered: Window::new(now),
        }
    }

    pub(crate) fn rate(&self) -> f64 {
        self.rate
    }

    /// Reserve a send time: `None` to go at once (no slow-down in effect), else the instant to
    /// wait for. Reservations are spaced `1 / rate` apart.
    pub(crate) fn reserve(&mut self, now: Instant) -> Option<Instant> {
        self.sent.add(now);
        if self.rate >= self.ceiling {
            return None;
        }
        let slot = self.next_slot.max(now);
        self.next_slot = slot + Duration::from_secs_f64(1.0 / self.rate);
        Some(slot)
    }

    /// A 429 for a request paced at `sent`: lower the rate to `DECREASE` times what the server
    /// was accepting from us (never more than half at once). A request paced before the last
    /// decrease (even if it left after it) went at the old rate, so its 429 says nothing about
    /// the new one: one decrease per round trip, however slow the server or long the queue.
    pub(crate) fn on_throttled(&mut self, now: Instant, sent: Instant) -> Option<f64> {
        if self.last_decrease.is_some_and(|t| sent < t) {
            return None;
        }
        // The allowed rate may be far above what is actually sent (e.g. a high ceiling with
        // few tasks); what the server accepted is the better estimate of its budget.
        let accepted = self.answered.rate(now).min(self.sent.rate(now));
        let base = self.rate.min(accepted.max(self.rate * 0.5));
        self.rate = (base * DECREASE).max(FLOOR_QPS).min(self.ceiling);
        self.last_decrease = Some(now);
        self.last_change = now;
        Some(self.rate)
    }

    /// Any answer but 429: count it, and raise the rate if it has been quiet for a while.
    pub(crate) fn on_answered(&mut self, now: Instant) -> Option<f64> {
        self.answered.add(now);
        if self.rate >= self.ceiling || now.duration_since(self.last_change) < INCREASE_PERIOD {
            return None;
        }
        self.rate = (self.rate + (self.rate * INCREASE_SHARE).max(1.0)).min(self.ceiling);
        self.last_change = now;
        Some(self.rate)
    }
}

/// Events per second over the last second (two one-second buckets, linearly blended).
#[derive(Debug, Clone)]
struct Window {
    start: Instant,
    current: u64,
    previous: u64,
}

const WINDOW: Duration = Duration::from_secs(1);

impl Window {
    fn new(now: Instant) -> Window {
        Window {
            start: now,
            current: 0,
            previous: 0,
        }
    }

    fn roll(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.start);
        if elapsed >= WINDOW * 2 {
            self.previous = 0;
            self.current = 0;
            self.start = now;
        } else if elapsed >= WINDOW {
            self.previous = self.current;
            self.current = 0;
            self.start += WINDOW;
        }
    }

    fn add(&mut self, now: Instant) {
        self.roll(now);
        self.current += 1;
    }

    #[allow(clippy::cast_precision_loss)]
    fn rate(&mut self, now: Instant) -> f64 {
        self.roll(now);
        let into = now.saturating_duration_since(self.start).as_secs_f64() / WINDOW.as_secs_f64();
        self.previous as f64 * (1.0 - into) + self.current as f64
    }
}

#[cfg(test)]
#[path = "pacing_tests.rs"]
mod tests;
