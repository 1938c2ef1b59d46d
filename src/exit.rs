//! Process exit codes of docs/contract.md §1, shared by the report, the daemon and the CLI.

/// EIAM matches the snapshot.
pub const OK: i32 = 0;
/// Fatal: bad config, source or EIAM unreachable, authentication refused.
pub const FATAL: i32 = 1;
/// `--dry-run` only: changes are pending.
pub const CHANGES_PENDING: i32 = 2;
/// Finished, but some operations failed or some source records were rejected.
pub const PARTIAL: i32 = 3;
/// Refused by a safety guard; nothing was written.
pub const REFUSED: i32 = 4;
