//! Reading the snapshot from SQLite or PostgreSQL in one consistent, read-only transaction.
//!
//! [`read_snapshot`] is the whole job; [`SnapshotReader`] exposes its steps (open the
//! transaction, read table by table, close) for callers that need to interleave them. Rows are
//! streamed straight into the raw snapshot model, never collected as database rows first.

mod decode;
mod error;
mod tables;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{AssertSqlSafe, Column, ConnectOptions, Connection, Executor, SqlSafeStr, Statement};
use tracing::{info, instrument};

use crate::config::SourceSettings;
use crate::config::redact;
use crate::model::snapshot::Snapshot;

pub use error::SourceError;
pub use tables::{Table, TableQuery};

/// How long to wait for the snapshot database to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// PostgreSQL: one snapshot for every table, and no writes even by a custom query.
const PG_BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

/// Read every table in one read-only transaction (PostgreSQL: `REPEATABLE READ READ ONLY`;
/// SQLite: a read-only connection and one read transaction), so a snapshot being rewritten is
/// never seen half old, half new.
#[instrument(skip_all, fields(backend))]
pub async fn read_snapshot(settings: &SourceSettings) -> Result<Snapshot, SourceError> {
    let mut reader = SnapshotReader::open(settings).await?;
    tracing::Span::current().record("backend", reader.backend());
    let mut snapshot = Snapshot::default();
    for table in Table::ALL {
        reader.read_table(table, &mut snapshot).await?;
    }
    reader.close().await?;
    info!(
        organizational_units = snapshot.organizational_units.len(),
        users = snapshot.users.len(),
        user_organizational_units = snapshot.user_organizational_units.len(),
        groups = snapshot.groups.len(),
        group_members = snapshot.group_members.len(),
        user_custom_fields = snapshot.user_custom_fields.as_ref().map_or(0, Vec::len),
        "snapshot read"
    );
    if snapshot.user_custom_fields.is_none() {
        info!("table `user_custom_fields` is absent: no custom fields are managed in this run");
    }
    Ok(snapshot)
}

/// What `config check` learned about the source.
#[derive(Debug, Clone)]
pub struct ProbeReport {
    pub backend: &'static str,
    pub queries: Vec<TableQuery>,
    /// Optional tables that do not exist (and have no configured query).
    pub absent: Vec<Table>,
}

impl fmt::Display for ProbeReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what: Vec<String> = self.queries.iter().map(TableQuery::describe).collect();
        write!(f, "{} ok; {} readable", self.backend, what.join(", "))?;
        for table in &self.absent {
            write!(f, "; optional table `{}` absent", table.name())?;
            if *table == Table::UserCustomFields {
                write!(f, " (no custom fields managed)")?;
            }
        }
        Ok(())
    }
}

/// Connect, check every table (or configured query) has the needed columns, and run each with
/// a limit of one row.
pub async fn probe(settings: &SourceSettings) -> Result<ProbeReport, SourceError> {
    let mut reader = SnapshotReader::open(settings).await?;
    let mut queries = Vec::new();
    let mut absent = Vec::new();
    for table in Table::ALL {
        let query = TableQuery::new(table, &settings.queries);
        if !reader.present(&query).await? {
            absent.push(table);
            continue;
        }
        reader.probe_query(&query).await?;
        queries.push(query);
    }
    let backend = reader.backend();
    reader.close().await?;
    Ok(ProbeReport {
        backend,
        queries,
        absent,
    })
}

/// An open, read-only snapshot transaction on a connection of its own.
pub struct SnapshotReader {
    conn: Conn,
    queries: std::collections::BTreeMap<String, String>,
}

enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Stream the rows of one query into the snapshot; shared by both backends.
macro_rules! stream_rows {
    ($conn:expr, $query:expr, $snapshot:expr) => {{
        let query: &TableQuery = $query;
        let statement = $conn
            .prepare(AssertSqlSafe(query.sql.clone()).into_sql_str())
            .await
            .map_err(|source| SourceError::Prepare {
                what: query.describe(),
                source,
            })?;
        let positions = query.map_columns(statement.columns().iter().map(|c| c.name()))?;
        let mut rows = statement.query().fetch($conn);
        let mut count = 0u64;
        while let Some(row) = rows.try_next().await.map_err(|source| SourceError::Read {
            what: query.describe(),
            source,
        })? {
            decode::push_row($snapshot, query.table, &row, &positions);
            count += 1;
        }
        Ok::<u64, SourceError>(count)
    }};
}

/// Check the columns of one query and run it for one row.
macro_rules! probe_rows {
    ($conn:expr, $query:expr) => {{
        let query: &TableQuery = $query;
        let prepare_error = |source| SourceError::Prepare {
            what: query.describe(),
            source,
        };
        let statement = $conn
            .prepare(AssertSqlSafe(query.sql.clone()).into_sql_str())
            .await
            .map_err(prepare_error)?;
        query.map_columns(statement.columns().iter().map(|c| c.name()))?;
        $conn
            .fetch_optional(AssertSqlSafe(query.probe_sql()))
            .await
            .map_err(|source| SourceError::Read {
                what: query.describe(),
                source,
            })?;
        Ok::<(), SourceError>(())
    }};
}

impl SnapshotReader {
    /// Connect and begin the read-only transaction.
    pub async fn open(settings: &SourceSettings) -> Result<Self, SourceError> {
        let url = settings.url.as_str();
        let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
        let conn = match scheme.as_deref() {
            Some("sqlite") => open_sqlite(url).await?,
            Some("postgres" | "postgresql") => {
                let password = settings.password().map_err(SourceError::Password)?;
                open_postgres(url, password).await?
            }
            _ => {
                return Err(SourceError::UnsupportedUrl {
                    url: redact::url(url),
                });
            }
        };
        Ok(SnapshotReader {
            conn,
            queries: settings.queries.clone(),
        })
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        match self.conn {
            Conn::Sqlite(_) => "sqlite",
            Conn::Postgres(_) => "postgres",
        }
    }

    /// Append the rows of one table (or its configured query) to `snapshot`; returns how many.
    #[instrument(skip(self, snapshot), fields(table = table.name()))]
    pub async fn read_table(
        &mut self,
        table: Table,
        snapshot: &mut Snapshot,
    ) -> Result<u64, SourceError> {
        let query = TableQuery::new(table, &self.queries);
        if !self.present(&query).await? {
            return Ok(0);
        }
        if table == Table::UserCustomFields {
            // Present but empty is not absent: it removes every managed field.
            snapshot.user_custom_fields.get_or_insert_with(Vec::new);
        }
        match &mut self.conn {
            Conn::Sqlite(conn) => stream_rows!(&mut *conn, &query, snapshot),
            Conn::Postgres(conn) => stream_rows!(&mut *conn, &query, snapshot),
        }
    }

    /// Whether a query can be run: always for required tables and configured queries (their
    /// failure is an error); for an optional table, whether it exists.
    async fn present(&mut self, query: &TableQuery) -> Result<bool, SourceError> {
        if !query.table.optional() || query.custom {
            return Ok(true);
        }
        let name = query.table.name();
        let lookup = |source| SourceError::Read {
            what: format!("the catalog entry of table `{name}`"),
            source,
        };
        match &mut self.conn {
            Conn::Sqlite(conn) => sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?",
            )
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .map(|n| n > 0)
            .map_err(lookup),
            Conn::Postgres(conn) => {
                sqlx::query_scalar::<_, bool>("SELECT to_regclass($1) IS NOT NULL")
                    .bind(name)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(lookup)
            }
        }
    }

    async fn probe_query(&mut self, query: &TableQuery) -> Result<(), SourceError> {
        match &mut self.conn {
            Conn::Sqlite(conn) => probe_rows!(&mut *conn, query),
            Conn::Postgres(conn) => probe_rows!(&mut *conn, query),
        }
    }

    /// End the transaction (nothing was written) and disconnect.
    pub async fn close(self) -> Result<(), SourceError> {
        let close = |source| SourceError::Close { source };
        match self.conn {
            Conn::Sqlite(mut conn) => {
                sqlx::raw_sql("ROLLBACK")
                    .execute(&mut conn)
                    .await
                    .map_err(close)?;
                conn.close().await.map_err(close)
            }
            Conn::Postgres(mut conn) => {
                sqlx::raw_sql("ROLLBACK")
                    .execute(&mut conn)
                    .await
                    .map_err(close)?;
                conn.close().await.map_err(close)
            }
        }
    }
}

async fn open_sqlite(url: &str) -> Result<Conn, SourceError> {
    let options =
        SqliteConnectOptions::from_str(url).map_err(|source| SourceError::InvalidUrl {
            url: redact::url(url),
            source,
        })?;
    // Never create or write the snapshot: a mistyped path must fail, not read as empty.
    let options = options.read_only(true).create_if_missing(false);
    let path = options.get_filename();
    let in_memory = path.to_string_lossy().starts_with("file:sqlx-in-memory");
    if !in_memory && !path.exists() {
        return Err(SourceError::MissingFile {
            path: path.to_path_buf(),
        });
    }
    let mut conn = connect(options.connect(), url).await?;
    // A deferred transaction takes its read snapshot at the first SELECT and keeps it (or,
    // without WAL, keeps writers from committing) until the end.
    sqlx::raw_sql("BEGIN")
        .execute(&mut conn)
        .await
        .map_err(|source| SourceError::Begin { source })?;
    Ok(Conn::Sqlite(conn))
}

async fn open_postgres(
    url: &str,
    password: Option<secrecy::SecretString>,
) -> Result<Conn, SourceError> {
    let mut options = PgConnectOptions::from_str(url)
        .map_err(|source| SourceError::InvalidUrl {
            url: redact::url(url),
            source,
        })?
        .application_name("eiam-sync");
    if let Some(password) = password {
        options = options.password(secrecy::ExposeSecret::expose_secret(&password));
    }
    let mut conn = connect(options.connect(), url).await?;
    sqlx::raw_sql(PG_BEGIN)
        .execute(&mut conn)
        .await
        .map_err(|source| SourceError::Begin { source })?;
    Ok(Conn::Postgres(conn))
}

/// One connection attempt, bounded in time: an unreachable server is reported at once.
async fn connect<C, F>(attempt: F, url: &str) -> Result<C, SourceError>
where
    F: std::future::Future<Output = Result<C, sqlx::Error>>,
{
    let shown = redact::url(url);
    match tokio::time::timeout(CONNECT_TIMEOUT, attempt).await {
        Ok(result) => result.map_err(|source| SourceError::Connect { url: shown, source }),
        Err(_) => Err(SourceError::ConnectTimeout {
            url: shown,
            seconds: CONNECT_TIMEOUT.as_secs(),
        }),
    }
}
