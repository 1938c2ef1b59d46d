//! The SQLite lease: a row with an expiry, and the identity of the process behind it.

use std::time::Duration;

use sqlx::Row;
use sqlx::sqlite::SqlitePool;

use super::shared::{LEASE_NAME, record_holder};
use crate::state::error::{StateError, query};
use crate::state::process::ProcessIdentity;
use crate::state::time::now_ms;

pub(super) fn ttl_ms(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX / 2)
}

/// Take the lease if it is free or expired; failing that, take it over from a holder seen
/// dead on this host (a kill -9 leaves its row behind).
pub(super) async fn take(
    pool: &SqlitePool,
    holder: &str,
    token: &str,
    ttl: Duration,
    me: &ProcessIdentity,
) -> Result<bool, StateError> {
    if take_unless_live(pool, holder, token, ttl, me).await? {
        return Ok(true);
    }
    let Some(dead) = dead_holder(pool, me).await? else {
        return Ok(false);
    };
    tracing::warn!(
        holder = %dead.1,
        "the leader lease's holder is no longer running on this host; taking the lease over"
    );
    // Only the row of that very holder goes: if someone else took over meanwhile, it stays.
    sqlx::query("DELETE FROM leases WHERE name = $1 AND token = $2")
        .bind(LEASE_NAME)
        .bind(&dead.0)
        .execute(pool)
        .await
        .map_err(query("taking over the lease"))?;
    take_unless_live(pool, holder, token, ttl, me).await
}

/// One transaction: insert the lease, or take it over if it has expired, and say who we are.
async fn take_unless_live(
    pool: &SqlitePool,
    holder: &str,
    token: &str,
    ttl: Duration,
    me: &ProcessIdentity,
) -> Result<bool, StateError> {
    let now = now_ms();
    let sql = "INSERT INTO leases (name, holder, token, expires_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                 token = excluded.token, expires_at = excluded.expires_at \
               WHERE leases.expires_at <= $5 \
               RETURNING token";
    let mut tx = pool.begin().await.map_err(query("taking the lease"))?;
    let won: Option<String> = sqlx::query_scalar(sql)
        .bind(LEASE_NAME)
        .bind(holder)
        .bind(token)
        .bind(now + ttl_ms(ttl))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(query("taking the lease"))?;
    if won.as_deref() != Some(token) {
        return Ok(false);
    }
    record_holder(token, holder, me, now)
        .execute(&mut *tx)
        .await
        .map_err(query("taking the lease"))?;
    tx.commit().await.map_err(query("taking the lease"))?;
    Ok(true)
}

/// The token and name of the live-looking lease's holder, when it is provably dead.
async fn dead_holder(
    pool: &SqlitePool,
    me: &ProcessIdentity,
) -> Result<Option<(String, String)>, StateError> {
    let sql = "SELECT l.token, l.holder, h.host, h.boot_id, h.pid_ns, h.pid, h.process_start \
               FROM leases l JOIN lease_holders h ON h.name = l.name AND h.token = l.token \
               WHERE l.name = $1";
    let Some(row) = sqlx::query(sql)
        .bind(LEASE_NAME)
        .fetch_optional(pool)
        .await
        .map_err(query("reading the lease holder"))?
    else {
        return Ok(None);
    };
    let get = || query("reading the lease holder");
    let pid: i64 = row.try_get(5).map_err(get())?;
    let Ok(pid) = u32::try_from(pid) else {
        return Ok(None);
    };
    let other = ProcessIdentity {
        host: row.try_get(2).map_err(get())?,
        boot_id: row.try_get(3).map_err(get())?,
        pid_ns: row.try_get(4).map_err(get())?,
        pid,
        start: row.try_get(6).map_err(get())?,
    };
    if !me.sees_dead(&other) {
        return Ok(None);
    }
    Ok(Some((
        row.try_get(0).map_err(get())?,
        row.try_get(1).map_err(get())?,
    )))
}

pub(super) async fn renew(
    pool: &SqlitePool,
    token: &str,
    ttl: Duration,
) -> Result<bool, StateError> {
    let now = now_ms();
    let sql =
        "UPDATE leases SET expires_at = $1 WHERE name = $2 AND token = $3 AND expires_at > $4";
    let affected = sqlx::query(sql)
        .bind(now + ttl_ms(ttl))
        .bind(LEASE_NAME)
        .bind(token)
        .bind(now)
        .execute(pool)
        .await
        .map_err(query("renewing the lease"))?
        .rows_affected();
    if affected == 1 {
        // Only for people reading `status`; the lease row above is what counts.
        let sql = "UPDATE lease_holders SET renewed_at = $1 WHERE name = $2 AND token = $3";
        if let Err(e) = sqlx::query(sql)
            .bind(now)
            .bind(LEASE_NAME)
            .bind(token)
            .execute(pool)
            .await
        {
            tracing::debug!(error = %e, "recording the lease renewal failed");
        }
    }
    Ok(affected == 1)
}

pub(super) async fn release(pool: &SqlitePool, token: &str) -> Result<(), StateError> {
    sqlx::query("DELETE FROM leases WHERE name = $1 AND token = $2")
        .bind(LEASE_NAME)
        .bind(token)
        .execute(pool)
        .await
        .map_err(query("releasing the lease"))?;
    Ok(())
}
