//! What both backends of the lease use: the lease's name and the statement recording its holder.

use sqlx::query::Query;
use sqlx::{Database, Encode, Type};

use crate::state::process::ProcessIdentity;

/// The name of the single leader lease.
pub(super) const LEASE_NAME: &str = "leader";
/// Records who holds the lease (same statement on both backends).
const RECORD_HOLDER: &str = "INSERT INTO lease_holders (name, token, holder, host, boot_id, \
     pid_ns, pid, process_start, acquired_at, renewed_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
     ON CONFLICT (name) DO UPDATE SET token = excluded.token, \
     holder = excluded.holder, host = excluded.host, boot_id = excluded.boot_id, \
     pid_ns = excluded.pid_ns, pid = excluded.pid, \
     process_start = excluded.process_start, acquired_at = excluded.acquired_at, \
     renewed_at = excluded.renewed_at";

/// [`RECORD_HOLDER`] for `me`, holding the lease as `holder` with `token` since `now`.
pub(super) fn record_holder<'q, DB>(
    token: &'q str,
    holder: &'q str,
    me: &'q ProcessIdentity,
    now: i64,
) -> Query<'q, DB, DB::Arguments>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
{
    sqlx::query(RECORD_HOLDER)
        .bind(LEASE_NAME)
        .bind(token)
        .bind(holder)
        .bind(me.host.as_str())
        .bind(me.boot_id.as_deref())
        .bind(me.pid_ns.as_deref())
        .bind(i64::from(me.pid))
        .bind(me.start.as_deref())
        .bind(now)
}
