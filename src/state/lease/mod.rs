//! The leader lease: only one instance applies at a time.
//!
//! PostgreSQL: a session advisory lock held on a dedicated connection for the lease's lifetime
//! (the server frees it when that connection ends, however the process dies), with the
//! holder's identity in `lease_holders` for `status`. SQLite: a row with holder and expiry,
//! taken atomically, renewed by a background task while held, deleted on release; a lease
//! whose holder stopped renewing expires and can be taken over, and one whose holder is seen
//! dead on this very host is taken over at once.
//!
//! A holder also keeps its own clock: when renewals have failed for a whole period the lease
//! counts as lost locally, before anyone else can have taken it.

mod info;
mod postgres;
mod shared;
mod sqlite;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqlitePool;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tracing::instrument;

use super::StateStore;
use super::backend::Db;
use super::error::StateError;
use super::process::ProcessIdentity;

pub use info::{LeaseHolder, LeaseState, LeaseStatus};

/// PostgreSQL checks its lock's connection at least this often, so a holder whose connection
/// died (and whose lock another replica may already hold) stops within this time.
const PG_CHECK_MAX: Duration = Duration::from_secs(1);

/// A held leader lease. Check [`Lease::is_held`] before each write phase; call
/// [`Lease::release`] when done (dropping it releases it too, best effort).
pub struct Lease {
    holder: String,
    grace: Duration,
    validity: Arc<Validity>,
    keeper: Option<JoinHandle<()>>,
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Sqlite {
        pool: SqlitePool,
        token: String,
    },
    Postgres {
        conn: Arc<Mutex<Option<PgConnection>>>,
        key: i64,
        token: String,
    },
}

/// Whether the lease is still ours: not lost, and renewed within its period.
struct Validity {
    lost: AtomicBool,
    base: Instant,
    valid_until_ms: AtomicU64,
}

impl Validity {
    fn new(from: Instant, ttl: Duration) -> Self {
        let v = Validity {
            lost: AtomicBool::new(false),
            base: from,
            valid_until_ms: AtomicU64::new(0),
        };
        v.extend(from, ttl);
        v
    }

    fn extend(&self, from: Instant, ttl: Duration) {
        let until = from.saturating_duration_since(self.base) + ttl;
        let ms = u64::try_from(until.as_millis()).unwrap_or(u64::MAX);
        self.valid_until_ms.fetch_max(ms, Ordering::SeqCst);
    }

    fn held(&self) -> bool {
        let elapsed = u64::try_from(self.base.elapsed().as_millis()).unwrap_or(u64::MAX);
        !self.lost.load(Ordering::SeqCst) && elapsed < self.valid_until_ms.load(Ordering::SeqCst)
    }

    fn lose(&self) {
        self.lost.store(true, Ordering::SeqCst);
    }
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
    /// `None` when another live instance holds it. On SQLite the lease lasts `ttl` and is
    /// renewed every third of it; on PostgreSQL `ttl` paces the check that the lock's
    /// connection lives (and the server's keepalives on it).
    #[instrument(skip(self))]
    pub async fn acquire_lease(
        &self,
        holder: &str,
        ttl: Duration,
    ) -> Result<Option<Lease>, StateError> {
        let ttl = ttl.max(Duration::from_millis(30));
        let me = ProcessIdentity::current();
        let token = uuid::Uuid::new_v4().to_string();
        let started = Instant::now();
        let (inner, period, grace) = match &self.db {
            Db::Sqlite(pool) => {
                if !sqlite::take(pool, holder, &token, ttl, me).await? {
                    return Ok(None);
                }
                let inner = Inner::Sqlite {
                    pool: pool.clone(),
                    token,
                };
                (inner, ttl / 3, Duration::ZERO)
            }
            Db::Postgres(_, options) => {
                let Some((conn, key)) = postgres::take(options, holder, &token, ttl, me).await?
                else {
                    return Ok(None);
                };
                let inner = Inner::Postgres {
                    conn: Arc::new(Mutex::new(Some(conn))),
                    key,
                    token,
                };
                let period = (ttl / 6).min(PG_CHECK_MAX);
                (inner, period, period * 2)
            }
        };
        let validity = Arc::new(Validity::new(started, ttl));
        let keeper = tokio::spawn(keep(inner.clone(), ttl, period, Arc::clone(&validity)));
        Ok(Some(Lease {
            holder: holder.to_owned(),
            grace,
            validity,
            keeper: Some(keeper),
            inner,
        }))
    }
}

impl Inner {
    /// Extend (SQLite) or confirm (PostgreSQL) the lease; `false` when it is gone.
    async fn renew(&self, ttl: Duration) -> Result<bool, StateError> {
        match self {
            Inner::Sqlite { pool, token } => sqlite::renew(pool, token, ttl).await,
            Inner::Postgres { conn, token, .. } => Ok(postgres::renew(conn, token).await),
        }
    }

    async fn release(&self) -> Result<(), StateError> {
        match self {
            Inner::Sqlite { pool, token } => sqlite::release(pool, token).await,
            Inner::Postgres { conn, key, .. } => postgres::release(conn, *key).await,
        }
    }
}

async fn keep(inner: Inner, ttl: Duration, period: Duration, validity: Arc<Validity>) {
    loop {
        tokio::time::sleep(period).await;
        let attempt = Instant::now();
        match inner.renew(ttl).await {
            Ok(true) => validity.extend(attempt, ttl),
            Ok(false) => {
                tracing::error!("leader lease lost");
                validity.lose();
                return;
            }
            // A transient error is retried until the lease would have run out.
            Err(e) => {
                tracing::warn!(error = %e, "renewing the leader lease failed");
                if !validity.held() {
                    tracing::error!("leader lease expired while renewals failed");
                    validity.lose();
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

    /// How long a new holder should wait before its first write: on PostgreSQL a previous
    /// holder whose connection died learns it at its next check, so waiting two check periods
    /// means it has stopped starting operations. A SQLite lease is only ever taken once it
    /// expired or its holder died, so there is nothing to wait for.
    pub fn takeover_grace(&self) -> Duration {
        self.grace
    }

    /// Whether the lease is still ours: renewals succeeded within its period and the lock's
    /// connection is alive.
    pub fn is_held(&self) -> bool {
        self.validity.held()
    }

    /// Renew now (besides the background renewal); `false` means the lease is lost.
    pub async fn renew(&self, ttl: Duration) -> Result<bool, StateError> {
        let attempt = Instant::now();
        let held = self.inner.renew(ttl).await?;
        if held {
            self.validity.extend(attempt, ttl);
        } else {
            self.validity.lose();
        }
        Ok(held)
    }

    /// Give the lease up so another instance can take it at once.
    pub async fn release(mut self) -> Result<(), StateError> {
        if let Some(keeper) = self.keeper.take() {
            keeper.abort();
        }
        self.validity.lose();
        self.inner.release().await
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(keeper) = self.keeper.take() {
            keeper.abort();
            self.validity.lose();
            let inner = self.inner.clone();
            // Without a runtime the PostgreSQL lock still ends with its connection and the
            // SQLite row with its expiry (or its holder's death).
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    if let Err(e) = inner.release().await {
                        tracing::warn!(error = %e, "releasing the dropped leader lease failed");
                    }
                });
            }
        }
    }
}
