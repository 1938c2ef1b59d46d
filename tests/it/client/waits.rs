//! A retry sleeper that records the delays the client asks for, then waits them out: tests of
//! retry timing assert on these (exact, whatever the machine's load), and keep only lower
//! bounds on wall time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use eiam_sync::clock::Sleeper;
use futures_util::future::BoxFuture;

#[derive(Clone, Default)]
pub struct Waits(Arc<Mutex<Vec<Duration>>>);

impl Waits {
    /// The delays asked for so far, in order.
    pub fn taken(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleeper for Waits {
    fn sleep(&self, delay: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(delay);
        Box::pin(tokio::time::sleep(delay))
    }
}
