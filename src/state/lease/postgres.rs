//! The PostgreSQL lease: a session advisory lock on a connection of its own.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::Mutex;

use super::shared::{LEASE_NAME, record_holder};
use crate::state::error::{StateError, query};
use crate::state::process::ProcessIdentity;
use crate::state::time::now_ms;

/// How long to wait for the lease's own PostgreSQL connection.
const LEASE_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Advisory-lock key namespace; the schema is mixed in so two deployments sharing a database
/// in different schemas do not block each other.
pub(super) const LOCK_KEY_SQL: &str =
    "SELECT hashtextextended('eiam-sync leader ' || current_schema(), 0)";

/// Open the lock's connection and try the lock; `None` when another session holds it.
pub(super) async fn take(
    options: &PgConnectOptions,
    holder: &str,
    token: &str,
    ttl: Duration,
    me: &ProcessIdentity,
) -> Result<Option<(PgConnection, i64)>, StateError> {
    let mut conn = tokio::time::timeout(LEASE_CONNECT_TIMEOUT, options.connect())
        .await
        .map_err(|_| StateError::LeaseConnectTimeout {
            seconds: LEASE_CONNECT_TIMEOUT.as_secs(),
        })?
        .map_err(query("opening the lease connection"))?;
    // The server frees the lock when it notices this connection is gone; its keepalives make
    // it notice a vanished host within about one lease period rather than hours.
    let idle = (ttl / 3).as_secs().max(1);
    let keepalives = format!(
        "SET tcp_keepalives_idle = {idle}; SET tcp_keepalives_interval = {idle}; \
         SET tcp_keepalives_count = 2"
    );
    if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(keepalives))
        .execute(&mut conn)
        .await
    {
        tracing::debug!(error = %e, "setting keepalives on the lease connection failed");
    }
    let key: i64 = sqlx::query_scalar(LOCK_KEY_SQL)
        .fetch_one(&mut conn)
        .await
        .map_err(query("taking the lease"))?;
    let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut conn)
        .await
        .map_err(query("taking the lease"))?;
    if !taken {
        // Closing errors are irrelevant: the lock was not taken.
        drop(conn.close().await);
        return Ok(None);
    }
    let recorded = record_holder(token, holder, me, now_ms())
        .execute(&mut conn)
        .await;
    if let Err(e) = recorded {
        // The lock is what counts; without the row `status` cannot say who holds it.
        tracing::warn!(error = %e, "recording the lease holder failed");
    }
    Ok(Some((conn, key)))
}

/// The lock lives exactly as long as its connection: a write through it proves both.
pub(super) async fn renew(conn: &Arc<Mutex<Option<PgConnection>>>, token: &str) -> bool {
    let mut guard = conn.lock().await;
    let Some(conn) = guard.as_mut() else {
        return false;
    };
    sqlx::query("UPDATE lease_holders SET renewed_at = $1 WHERE name = $2 AND token = $3")
        .bind(now_ms())
        .bind(LEASE_NAME)
        .bind(token)
        .execute(conn)
        .await
        .is_ok()
}

pub(super) async fn release(
    conn: &Arc<Mutex<Option<PgConnection>>>,
    key: i64,
) -> Result<(), StateError> {
    if let Some(mut conn) = conn.lock().await.take() {
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(key)
            .execute(&mut conn)
            .await
            .map_err(query("releasing the lease"))?;
        conn.close().await.map_err(query("releasing the lease"))?;
    }
    Ok(())
}
