//! Who holds the leader lease, as `eiam-sync status` shows it (read-only: nothing is taken).

use std::time::SystemTime;

use sqlx::Row;

use super::postgres::LOCK_KEY_SQL;
use super::shared::LEASE_NAME;
use crate::state::StateStore;
use crate::state::backend::Db;
use crate::state::error::{StateError, query};
use crate::state::process::ProcessIdentity;
use crate::state::time::{from_ms, now_ms};

/// Whether anyone leads now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaseState {
    /// Nobody holds the lease; `holder`, if any, is the last one known.
    Free,
    Held,
    /// The holder stopped renewing; the next contender takes it.
    Expired,
    /// The holder is provably gone from this host; the next contender takes it at once.
    HolderDead,
}

impl LeaseState {
    pub fn as_str(self) -> &'static str {
        match self {
            LeaseState::Free => "free",
            LeaseState::Held => "held",
            LeaseState::Expired => "expired",
            LeaseState::HolderDead => "holder_dead",
        }
    }
}

/// The process behind the lease.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaseHolder {
    /// `host:pid`.
    pub holder: String,
    pub host: Option<String>,
    pub pid: Option<u32>,
    pub acquired_at: Option<SystemTime>,
    pub renewed_at: Option<SystemTime>,
    /// SQLite only: when the lease runs out unless renewed.
    pub expires_at: Option<SystemTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaseStatus {
    pub state: LeaseState,
    pub holder: Option<LeaseHolder>,
}

const HOLDER_COLUMNS: &str =
    "h.holder, h.host, h.pid, h.acquired_at, h.renewed_at, h.boot_id, h.pid_ns, h.process_start";

impl StateStore {
    /// The leader lease's state and holder.
    pub async fn lease_status(&self) -> Result<LeaseStatus, StateError> {
        match &self.db {
            Db::Sqlite(pool) => {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT l.holder, h.host, h.pid, h.acquired_at, h.renewed_at, h.boot_id, \
                       h.pid_ns, h.process_start, l.expires_at \
                     FROM leases l LEFT JOIN lease_holders h ON h.name = l.name AND h.token = l.token \
                     WHERE l.name = '{LEASE_NAME}'"
                ));
                let Some(row) = sqlx::query(sql)
                    .fetch_optional(pool)
                    .await
                    .map_err(query("reading the lease"))?
                else {
                    return Ok(LeaseStatus {
                        state: LeaseState::Free,
                        holder: None,
                    });
                };
                let (mut holder, identity) = holder_of(&row)?;
                let expires: i64 = row.try_get(8).map_err(query("reading the lease"))?;
                holder.expires_at = Some(from_ms(expires));
                let state = if expires <= now_ms() {
                    LeaseState::Expired
                } else if identity.is_some_and(|i| ProcessIdentity::current().sees_dead(&i)) {
                    LeaseState::HolderDead
                } else {
                    LeaseState::Held
                };
                Ok(LeaseStatus {
                    state,
                    holder: Some(holder),
                })
            }
            Db::Postgres(pool, _) => {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT {HOLDER_COLUMNS} FROM lease_holders h WHERE h.name = '{LEASE_NAME}'"
                ));
                let holder = match sqlx::query(sql)
                    .fetch_optional(pool)
                    .await
                    .map_err(query("reading the lease"))?
                {
                    Some(row) => Some(holder_of(&row)?.0),
                    None => None,
                };
                // pg_locks shows a bigint advisory key as its high and low 32 bits.
                let sql = sqlx::AssertSqlSafe(format!(
                    "WITH k AS ({LOCK_KEY_SQL} AS key) \
                     SELECT EXISTS (SELECT 1 FROM pg_locks, k WHERE locktype = 'advisory' \
                       AND granted AND objsubid = 1 \
                       AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                       AND classid::bigint = (k.key >> 32) & 4294967295 \
                       AND objid::bigint = k.key & 4294967295)"
                ));
                let held: bool = sqlx::query_scalar(sql)
                    .fetch_one(pool)
                    .await
                    .map_err(query("reading the lease"))?;
                let state = if held {
                    LeaseState::Held
                } else {
                    LeaseState::Free
                };
                Ok(LeaseStatus { state, holder })
            }
        }
    }
}

fn holder_of<R: Row>(row: &R) -> Result<(LeaseHolder, Option<ProcessIdentity>), StateError>
where
    usize: sqlx::ColumnIndex<R>,
    i64: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    String: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let get = || query("reading the lease");
    let host: Option<String> = row.try_get(1).map_err(get())?;
    let pid: Option<i64> = row.try_get(2).map_err(get())?;
    let pid = pid.and_then(|p| u32::try_from(p).ok());
    let acquired: Option<i64> = row.try_get(3).map_err(get())?;
    let renewed: Option<i64> = row.try_get(4).map_err(get())?;
    let identity = match (&host, pid) {
        (Some(host), Some(pid)) => Some(ProcessIdentity {
            host: host.clone(),
            boot_id: row.try_get(5).map_err(get())?,
            pid_ns: row.try_get(6).map_err(get())?,
            pid,
            start: row.try_get(7).map_err(get())?,
        }),
        _ => None,
    };
    let holder = LeaseHolder {
        holder: row.try_get(0).map_err(get())?,
        host,
        pid,
        acquired_at: acquired.map(from_ms),
        renewed_at: renewed.map(from_ms),
        expires_at: None,
    };
    Ok((holder, identity))
}
