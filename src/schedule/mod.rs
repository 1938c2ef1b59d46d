//! The daemon: cron-scheduled reconcilers, one run at a time, health and metrics server.

use crate::config::Settings;

/// `eiam-sync run`.
pub async fn run(_settings: Settings) -> i32 {
    eprintln!("error: the daemon is not available yet");
    1
}
