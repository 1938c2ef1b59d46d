//! How the client waits out a delay before a retry: tokio's timer, or what a test puts in its
//! place to see the delays asked for.

use std::time::Duration;

use futures_util::future::BoxFuture;

/// Waits out a delay.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()>;
}

/// tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(delay))
    }
}
