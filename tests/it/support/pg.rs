//! Fresh PostgreSQL databases for tests, created on the server of `EIAM_SYNC_TEST_PG`
//! (default `postgres://postgres@127.0.0.1:5432/test`) and dropped afterwards. An unreachable
//! server fails the test: these tests never skip.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, Executor};

/// Where the test server is, unless `EIAM_SYNC_TEST_PG` says otherwise.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The server URL the tests use.
pub fn server_url() -> String {
    std::env::var("EIAM_SYNC_TEST_PG").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// A database of its own for one test; dropped (with any open connections) when this is.
pub struct TestDb {
    /// URL of the new database.
    pub url: String,
    name: String,
    admin: String,
}

impl TestDb {
    /// Create a fresh, empty database. Panics with a clear message if the server is
    /// unreachable.
    pub async fn create() -> TestDb {
        let admin = server_url();
        let name = format!("eiam_sync_t_{}", uuid::Uuid::new_v4().simple());
        let mut conn = connect(&admin).await;
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name} on {admin}: {e}"));
        drop(conn.close().await);
        let mut url = url::Url::parse(&admin).expect("EIAM_SYNC_TEST_PG is a URL");
        url.set_path(&format!("/{name}"));
        TestDb {
            url: url.to_string(),
            name,
            admin,
        }
    }

    /// A small pool on the test database.
    pub async fn pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(4)
            .connect(&self.url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to test database {}: {e}", self.name))
    }
}

async fn connect(url: &str) -> sqlx::PgConnection {
    let options = PgConnectOptions::from_str(url)
        .unwrap_or_else(|e| panic!("EIAM_SYNC_TEST_PG `{url}` is not a PostgreSQL URL: {e}"));
    options.connect().await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL at {url} is unreachable ({e}); start it or point EIAM_SYNC_TEST_PG at one"
        )
    })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let admin = self.admin.clone();
        let name = self.name.clone();
        // Drop runs outside any async context we could await in; a short-lived runtime on its
        // own thread does the cleanup without blocking the test's runtime on itself.
        let cleanup = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    let Ok(options) = PgConnectOptions::from_str(&admin) else {
                        return;
                    };
                    if let Ok(mut conn) = options.connect().await {
                        let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                        drop(conn.execute(sqlx::AssertSqlSafe(sql)).await);
                        drop(conn.close().await);
                    }
                });
            }
        });
        drop(cleanup.join());
    }
}
