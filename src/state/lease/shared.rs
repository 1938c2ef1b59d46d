//! What both backends of the lease use: the lease's name and the statement recording its holder.

/// The name of the single leader lease.
pub(super) const LEASE_NAME: &str = "leader";
/// Records who holds the lease (same statement on both backends).
pub(super) const RECORD_HOLDER: &str = "INSERT INTO lease_holders (name, token, holder, host, boot_id, \
     pid_ns, pid, process_start, acquired_at, renewed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
     ON CONFLICT (name) DO UPDATE SET token = excluded.token, \
     holder = excluded.holder, host = excluded.host, boot_id = excluded.boot_id, \
     pid_ns = excluded.pid_ns, pid = excluded.pid, \
     process_start = excluded.process_start, acquired_at = excluded.acquired_at, \
     renewed_at = excluded.renewed_at";
