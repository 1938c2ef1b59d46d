//! The state store: ownership map, fingerprints, run history, operation journal, leader lease.

use crate::config::Settings;

/// `eiam-sync migrate`.
pub async fn migrate_command(_settings: &Settings) -> i32 {
    eprintln!("error: migrations are not available yet");
    1
}
