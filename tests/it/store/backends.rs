//! The two database backends every store test runs against: a temporary SQLite file and a
//! fresh PostgreSQL database.

use std::path::PathBuf;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::support::pg::TestDb;

pub enum TestDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
        url: String,
    },
    Postgres(TestDb),
}

impl TestDatabase {
    pub async fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.db");
        let url = format!("sqlite://{}", path.display());
        TestDatabase::Sqlite {
            _dir: dir,
            path,
            url,
        }
    }

    pub async fn postgres() -> TestDatabase {
        TestDatabase::Postgres(TestDb::create().await)
    }

    pub fn url(&self) -> &str {
        match self {
            TestDatabase::Sqlite { url, .. } => url,
            TestDatabase::Postgres(db) => &db.url,
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, TestDatabase::Sqlite { .. })
    }

    /// Run an SQL script with a read-write connection (creating a SQLite file if needed).
    pub async fn exec(&self, script: &str) {
        let script = sqlx::AssertSqlSafe(script.to_owned());
        match self {
            TestDatabase::Sqlite { path, .. } => {
                let mut conn = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .connect()
                    .await
                    .unwrap();
                sqlx::raw_sql(script).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
            TestDatabase::Postgres(db) => {
                let mut conn = sqlx::postgres::PgConnectOptions::from_str(&db.url)
                    .unwrap()
                    .connect()
                    .await
                    .unwrap();
                sqlx::raw_sql(script).execute(&mut conn).await.unwrap();
                conn.close().await.unwrap();
            }
        }
    }
}

/// Generate `name::sqlite` and `name::postgres` tests from one async body.
macro_rules! both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use crate::store::backends::TestDatabase;

            async fn run($db: &TestDatabase) $body

            #[tokio::test]
            async fn sqlite() {
                run(&TestDatabase::sqlite().await).await
            }

            #[tokio::test]
            async fn postgres() {
                run(&TestDatabase::postgres().await).await
            }
        }
    };
}
pub(crate) use both_backends;

/// The contract's snapshot tables (docs/snapshot.md), valid on both backends.
pub const CONTRACT_SCHEMA: &str = r#"
CREATE TABLE organizational_units (
  id          TEXT PRIMARY KEY,
  parent_id   TEXT,
  name        TEXT NOT NULL,
  description TEXT
);
CREATE TABLE users (
  id                    TEXT PRIMARY KEY,
  username              TEXT NOT NULL,
  display_name          TEXT,
  email                 TEXT,
  email_verified        BOOLEAN,
  phone_region          TEXT,
  phone_number          TEXT,
  phone_number_verified BOOLEAN,
  primary_ou_id         TEXT NOT NULL,
  description           TEXT,
  status                TEXT NOT NULL DEFAULT 'enabled'
);
CREATE TABLE user_organizational_units (
  user_id TEXT NOT NULL,
  ou_id   TEXT NOT NULL,
  PRIMARY KEY (user_id, ou_id)
);
CREATE TABLE groups (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE group_members (
  group_id TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  PRIMARY KEY (group_id, user_id)
);
"#;

/// The same columns without constraints: what an export job without keys produces, and the
/// only way to get duplicate ids and NULLs into the plain tables.
pub fn loose_schema() -> String {
    CONTRACT_SCHEMA
        .lines()
        .filter(|l| !l.trim_start().starts_with("PRIMARY KEY"))
        .map(|l| {
            l.replace(" PRIMARY KEY", "")
                .replace(" NOT NULL DEFAULT 'enabled'", "")
                .replace(" NOT NULL", "")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace(",\n);", "\n);")
}
