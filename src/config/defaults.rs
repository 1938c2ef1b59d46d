//! Default values of the configuration keys (what an absent key means).

use std::net::SocketAddr;

pub fn rate_limit_qps() -> u32 {
    10
}
pub fn max_concurrency() -> usize {
    8
}
pub fn connect_timeout_secs() -> u64 {
    5
}
pub fn request_timeout_secs() -> u64 {
    30
}
pub fn max_retries() -> u32 {
    6
}
pub fn max_deletes() -> u64 {
    500
}
pub fn max_delete_percent() -> f64 {
    20.0
}
pub fn max_snapshot_drop_percent() -> f64 {
    30.0
}
pub fn delete_after_days() -> u32 {
    30
}
pub fn approval_ttl_hours() -> u32 {
    24
}
fn wide() -> crate::plan::WideLimits {
    crate::plan::WideLimits::default()
}
pub fn max_moves() -> u64 {
    wide().max_moves
}
pub fn max_move_percent() -> f64 {
    wide().max_move_percent
}
pub fn max_membership_removals() -> u64 {
    wide().max_membership_removals
}
pub fn max_membership_removal_percent() -> f64 {
    wide().max_membership_removal_percent
}
pub fn max_identifier_rewrites() -> u64 {
    wide().max_identifier_rewrites
}
pub fn max_identifier_rewrite_percent() -> f64 {
    wide().max_identifier_rewrite_percent
}
pub fn max_removals_24h() -> u64 {
    wide().max_removals_24h
}
pub fn max_removal_percent_24h() -> f64 {
    wide().max_removal_percent_24h
}
pub fn max_custom_field_removals() -> u64 {
    wide().max_custom_field_removals
}
pub fn max_custom_field_removal_percent() -> f64 {
    wide().max_custom_field_removal_percent
}
pub fn guard_percent_min_count() -> u64 {
    wide().percent_min_count
}
pub fn history_days() -> u32 {
    90
}
pub fn lease_ttl_secs() -> u64 {
    30
}

pub fn cron() -> String {
    "0 */10 * * * *".to_owned()
}
pub fn listen() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 9464))
}
pub fn log_level() -> String {
    "info".to_owned()
}
