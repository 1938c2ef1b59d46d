//! The leader lease: only one instance applies at a time.
//!
//! PostgreSQL: a session advisory lock held on a dedicated connection for the lease's lifetime
//! (the server frees it when that connection ends, however the process dies). SQLite: a row
//! with holder and expiry, taken atomically, renewed by a background task while held, deleted
//! on release; a lease whose holder stopped renewing expires and can be taken over.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqlitePool;
use sqlx::{ConnectOptions, Connection};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tracing::instrument;

use super::StateStore;
use super::backend::Db;
use super::error::{StateError, query};
use super::time::now_ms;

/// How long to wait for the lease's own PostgreSQL connection.
const LEASE_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The name of the single leader lease.
const LEASE_NAME: &str = "leader";
/// Advisory-lock key namespace; the schema is mixed in so two deployments sharing a database
/// in different schemas do not block each other.
const LOCK_KEY_SQL: &str = "SELECT hashtextextended('eiam-sync leader ' || current_schema(), 0)";

/// A held leader lease. Check [`Lease::is_held`] before each write phase; call
/// [`Lease::release`] when done (dropping it releases it too, best effort).
pub struct Lease {
    holder: String,
    lost: Arc<AtomicBool>,
    keeper: Option<JoinHandle<()>>,
    inner: Inner,
}

enum Inner {
    Sqlite {
        pool: SqlitePool,
        token: String,
    },
    Postgres {
        conn: Arc<Mutex<Option<PgConnection>>>,
        key: i64,
    },
}

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lease")
            .field("holder", &self.holder)
            .field("held", &self.is_held())
            .finish()
    }
}

impl StateStore {
    /// Try to become leader as `holder` (a name for people: host, pid). `Some` when taken;
    /// `None` when another instance holds it. On SQLite the lease lasts `ttl` and is renewed
    /// every third of it; on PostgreSQL `ttl` paces the check that the lock's connection lives.
    #[instrument(skip(self))]
    pub async fn acquire_lease(
        &self,
        holder: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StateError> {
        let ttl = ttl.max(Duration::from_millis(30));
        let inner = match &self.db {
            Db::Sqlite(pool) => {
                let token = uuid::Uuid::new_v4().to_string();
                if !take_sqlite(pool, holder, &token, ttl).await? {
                    return Ok(None);
                }
                Inner::Sqlite {
                    pool: pool.clone(),
                    token,
                }
            }
            Db::Postgres(_, options) => {
                let mut conn = tokio::time::timeout(LEASE_CONNECT_TIMEOUT, options.connect())
                    .await
                    .map_err(|_| StateError::LeaseConnectTimeout {
                        seconds: LEASE_CONNECT_TIMEOUT.as_secs(),
                    })?
                    .map_err(query("opening the lease connection"))?;
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
                Inner::Postgres {
                    conn: Arc::new(Mutex::new(Some(conn))),
                    key,
                }
            }
        };
        let lost = Arc::new(AtomicBool::new(false));
        let keeper = tokio::spawn(keep(inner.handle(), ttl, Arc::clone(&lost)));
        Ok(Some(Lease {
            holder: holder.to_owned(),
            lost,
            keeper: Some(keeper),
            inner,
        }))
    }
}

/// One atomic statement: insert the lease, or take it over if it has expired.
async fn take_sqlite(
    pool: &SqlitePool,
    holder: &str,
    token: &str,
    ttl: Duration,
) -> Result<bool, StateError> {
    let now = now_ms();
    let sql = "INSERT INTO leases (name, holder, token, expires_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, \
                 token = excluded.token, expires_at = excluded.expires_at \
               WHERE leases.expires_at <= $5 \
               RETURNING token";
    let won: Option<String> = sqlx::query_scalar(sql)
        .bind(LEASE_NAME)
        .bind(holder)
        .bind(token)
        .bind(now + ttl_ms(ttl))
        .bind(now)
        .fetch_optional(pool)
        .await
        .map_err(query("taking the lease"))?;
    Ok(won.as_deref() == Some(token))
}

fn ttl_ms(ttl: Duration) -> i64 {
    i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX / 2)
}

/// What the keeper task needs to renew or check a lease.
#[derive(Clone)]
enum Handle {
    Sqlite {
        pool: SqlitePool,
        token: String,
    },
    Postgres {
        conn: Arc<Mutex<Option<PgConnection>>>,
    },
}

impl Inner {
    fn handle(&self) -> Handle {
        match self {
            Inner::Sqlite { pool, token } => Handle::Sqlite {
                pool: pool.clone(),
                token: token.clone(),
            },
            Inner::Postgres { conn, .. } => Handle::Postgres {
                conn: Arc::clone(conn),
            },
        }
    }
}

impl Handle {
    /// Extend (SQLite) or confirm (PostgreSQL) the lease; `false` when it is gone.
    async fn renew(&self, ttl: Duration) -> Result<bool, StateError> {
        match self {
            Handle::Sqlite { pool, token } => {
                let now = now_ms();
                let sql = "UPDATE leases SET expires_at = $1 \
                           WHERE name = $2 AND token = $3 AND expires_at > $4";
                let affected = sqlx::query(sql)
                    .bind(now + ttl_ms(ttl))
                    .bind(LEASE_NAME)
                    .bind(token)
                    .bind(now)
                    .execute(pool)
                    .await
                    .map_err(query("renewing the lease"))?
                    .rows_affected();
                Ok(affected == 1)
            }
            Handle::Postgres { conn } => {
                let mut guard = conn.lock().await;
                let Some(conn) = guard.as_mut() else {
                    return Ok(false);
                };
                // The session lock lives exactly as long as this connection.
                Ok(conn.ping().await.is_ok())
            }
        }
    }
}

async fn keep(handle: Handle, ttl: Duration, lost: Arc<AtomicBool>) {
    let period = ttl / 3;
    let mut valid_until = tokio::time::Instant::now() + ttl;
    loop {
        tokio::time::sleep(period).await;
        let attempt = tokio::time::Instant::now();
        match handle.renew(ttl).await {
            Ok(true) => valid_until = attempt + ttl,
            Ok(false) => {
                tracing::error!("leader lease lost");
                lost.store(true, Ordering::SeqCst);
                return;
            }
            // A transient error is retried until the lease would have run out.
            Err(e) => {
                tracing::warn!(error = %e, "renewing the leader lease failed");
                if tokio::time::Instant::now() >= valid_until {
                    tracing::error!("leader lease expired while renewals failed");
                    lost.store(true, Ordering::SeqCst);
                    return;
                }
            }
        }
    }
}

impl Lease {
    /// Who holds it.
    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Whether the lease is still ours (renewals succeeded, the lock's connection is alive).
    pub fn is_held(&self) -> bool {
        !self.lost.load(Ordering::SeqCst)
    }

    /// Renew now (besides the background renewal); `false` means the lease is lost.
    pub async fn renew(&self, ttl: Duration) -> Result<bool, StateError> {
        let held = self.inner.handle().renew(ttl).await?;
        if !held {
            self.lost.store(true, Ordering::SeqCst);
        }
        Ok(held)
    }

    /// Give the lease up so another instance can take it at once.
    pub async fn release(mut self) -> Result<(), StateError> {
        if let Some(keeper) = self.keeper.take() {
            keeper.abort();
        }
        self.lost.store(true, Ordering::SeqCst);
        release(&self.inner).await
    }
}

async fn release(inner: &Inner) -> Result<(), StateError> {
    match inner {
        Inner::Sqlite { pool, token } => {
            sqlx::query("DELETE FROM leases WHERE name = $1 AND token = $2")
                .bind(LEASE_NAME)
                .bind(token)
                .execute(pool)
                .await
                .map_err(query("releasing the lease"))?;
        }
        Inner::Postgres { conn, key } => {
            if let Some(mut conn) = conn.lock().await.take() {
                sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(key)
                    .execute(&mut conn)
                    .await
                    .map_err(query("releasing the lease"))?;
                conn.close().await.map_err(query("releasing the lease"))?;
            }
        }
    }
    Ok(())
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(keeper) = self.keeper.take() {
            keeper.abort();
            let inner = match &self.inner {
                Inner::Sqlite { pool, token } => Inner::Sqlite {
                    pool: pool.clone(),
                    token: token.clone(),
                },
                Inner::Postgres { conn, key } => Inner::Postgres {
                    conn: Arc::clone(conn),
                    key: *key,
                },
            };
            // Without a runtime the PostgreSQL lock still ends with its connection and the
            // SQLite row with its expiry.
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    if let Err(e) = release(&inner).await {
                        tracing::warn!(error = %e, "releasing the dropped leader lease failed");
                    }
                });
            }
        }
    }
}
