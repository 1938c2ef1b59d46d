//! Opening the state database (SQLite or PostgreSQL by URL scheme) and its embedded, numbered
//! migrations.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::migrate::{AppliedMigration, Migrate, Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Database, Pool, SqlSafeStr};

use super::error::StateError;
use crate::config::redact;

/// How long a writer waits for SQLite's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to wait for a connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(30);
/// Table where the applied migrations are recorded.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The embedded migrations: (version, description, SQLite SQL, PostgreSQL SQL).
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "initial schema",
        include_str!("../../migrations/sqlite/0001_initial.sql"),
        include_str!("../../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "lease holders, run holder and API calls",
        include_str!("../../migrations/sqlite/0002_operations.sql"),
        include_str!("../../migrations/postgres/0002_operations.sql"),
    ),
    (
        3,
        "plans, approvals and leavers",
        include_str!("../../migrations/sqlite/0003_plans.sql"),
        include_str!("../../migrations/postgres/0003_plans.sql"),
    ),
    (
        4,
        "run sync mode",
        include_str!("../../migrations/sqlite/0004_sync_mode.sql"),
        include_str!("../../migrations/postgres/0004_sync_mode.sql"),
    ),
    (
        5,
        "group member fingerprints",
        include_str!("../../migrations/sqlite/0005_settled.sql"),
        include_str!("../../migrations/postgres/0005_settled.sql"),
    ),
    (
        6,
        "groups kept by leavers",
        include_str!("../../migrations/sqlite/0006_kept_memberships.sql"),
        include_str!("../../migrations/postgres/0006_kept_memberships.sql"),
    ),
    (
        7,
        "history indexes and remembered values",
        include_str!("../../migrations/sqlite/0007_history.sql"),
        include_str!("../../migrations/postgres/0007_history.sql"),
    ),
    (
        8,
        "runs by reconciler",
        include_str!("../../migrations/sqlite/0008_last_success.sql"),
        include_str!("../../migrations/postgres/0008_last_success.sql"),
    ),
    (
        9,
        "adoption keys",
        include_str!("../../migrations/sqlite/0009_adoptions.sql"),
        include_str!("../../migrations/postgres/0009_adoptions.sql"),
    ),
];

/// A pool of the chosen backend.
#[derive(Clone)]
pub(crate) enum Db {
    Sqlite(SqlitePool),
    /// The options are kept to open the lease's dedicated connection.
    Postgres(PgPool, Box<PgConnectOptions>),
}

impl Db {
    /// `password`, when given, overrides the URL's (and libpq's password file).
    pub(crate) async fn open(url: &str, password: Option<SecretString>) -> Result<Db, StateError> {
        let shown = redact::url(url);
        let invalid = |source| StateError::InvalidUrl {
            url: shown.clone(),
            source,
        };
        let connect = |source| StateError::Connect {
            url: shown.clone(),
            source,
        };
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        match scheme.as_deref() {
            Some("sqlite") => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(invalid)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a commit survives a power cut, so the journal never claims less
                    // than what was sent.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(BUSY_TIMEOUT)
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await
                    .map_err(connect)?;
                Ok(Db::Sqlite(pool))
            }
            Some("postgres" | "postgresql") => {
                let mut options = PgConnectOptions::from_str(url)
                    .map_err(invalid)?
                    .application_name("eiam-sync");
                if let Some(password) = &password {
                    options = options.password(password.expose_secret());
                }
                // One plain attempt first: the pool would retry a refused connection until its
                // acquire timeout, and an unreachable server should be reported at once.
                let first = tokio::time::timeout(ACQUIRE_TIMEOUT, options.connect())
                    .await
                    .map_err(|_| StateError::ConnectTimeout {
                        url: shown.clone(),
                        seconds: ACQUIRE_TIMEOUT.as_secs(),
                    })?
                    .map_err(connect)?;
                drop(first.close().await);
                let pool = PgPoolOptions::new()
                    .max_connections(4)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options.clone())
                    .await
                    .map_err(connect)?;
                Ok(Db::Postgres(pool, Box::new(options)))
            }
            _ => Err(StateError::UnsupportedUrl { url: shown }),
        }
    }

    pub(crate) fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(..) => "postgres",
        }
    }

    fn migrator(&self) -> Migrator {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, description, sqlite, postgres)| {
                let sql = match self {
                    Db::Sqlite(_) => *sqlite,
                    Db::Postgres(..) => *postgres,
                };
                // no_tx = false: each migration runs in its own transaction.
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
    }

    /// Versions already applied. Reads only: a missing bookkeeping table means none.
    async fn applied(&self) -> Result<BTreeSet<i64>, StateError> {
        let what = "reading the migration history";
        let exists = match self {
            Db::Sqlite(pool) => sqlx::query_scalar::<_, String>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_optional(pool)
            .await
            .map(|name| name.is_some()),
            Db::Postgres(pool, _) => {
                sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
                    .bind(MIGRATIONS_TABLE)
                    .fetch_one(pool)
                    .await
            }
        }
        .map_err(super::error::query(what))?;
        if !exists {
            return Ok(BTreeSet::new());
        }
        let applied = match self {
            Db::Sqlite(pool) => list_applied(pool).await?,
            Db::Postgres(pool, _) => list_applied(pool).await?,
        };
        Ok(applied.into_iter().map(|m| m.version).collect())
    }

    /// Migrations not yet applied, as (version, description).
    pub(crate) async fn pending(&self) -> Result<Vec<(i64, &'static str)>, StateError> {
        let applied = self.applied().await?;
        Ok(MIGRATIONS
            .iter()
            .filter(|(v, ..)| !applied.contains(v))
            .map(|(v, d, ..)| (*v, *d))
            .collect())
    }

    /// Versions applied to the store that this binary does not know: a newer release has
    /// migrated it (and this one is a rollback).
    pub(crate) async fn newer(&self) -> Result<Vec<i64>, StateError> {
        let applied = self.applied().await?;
        Ok(applied
            .into_iter()
            .filter(|v| !MIGRATIONS.iter().any(|(known, ..)| known == v))
            .collect())
    }

    /// Apply the pending migrations; returns what was applied. Migrations of a newer release
    /// are left in place and logged: every migration only adds (tables, nullable or defaulted
    /// columns, indexes), so the previous release still runs on a migrated store and a
    /// rollback does not crash-loop (CHANGELOG, "Upgrades and rollbacks").
    pub(crate) async fn migrate(&self) -> Result<Vec<(i64, &'static str)>, StateError> {
        let newer = self.newer().await?;
        if !newer.is_empty() {
            tracing::warn!(
                versions = ?newer,
                "the state store has migrations of a newer eiam-sync; this older binary runs on it \
                 (migrations only add); upgrade again when you can"
            );
        }
        let pending = self.pending().await?;
        let mut migrator = self.migrator();
        migrator.set_ignore_missing(true);
        let result = match self {
            Db::Sqlite(pool) => migrator.run(pool).await,
            Db::Postgres(pool, _) => migrator.run(pool).await,
        };
        result.map_err(|source| StateError::Migrate { source })?;
        Ok(pending)
    }
}

/// The migrations recorded in [`MIGRATIONS_TABLE`], which exists.
async fn list_applied<DB: Database>(pool: &Pool<DB>) -> Result<Vec<AppliedMigration>, StateError>
where
    DB::Connection: Migrate,
{
    let mut conn = pool.acquire().await.map_err(connect_err)?;
    conn.list_applied_migrations(MIGRATIONS_TABLE)
        .await
        .map_err(|source| StateError::Migrate { source })
}

fn connect_err(source: sqlx::Error) -> StateError {
    StateError::Query {
        what: "acquiring a state database connection",
        source,
    }
}
