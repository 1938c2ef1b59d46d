//! Reading and validating a large snapshot: time and peak memory.
//!
//! `cargo bench --bench source` builds a SQLite snapshot of 1,000,000 users (plus OUs, groups,
//! secondary OUs and memberships), reads it with `read_snapshot`, validates it and prints the
//! timings and the process's peak resident memory. Options after `--`: a user count, and
//! `--postgres` to do the same against the server of `EIAM_SYNC_TEST_PG`.
// A benchmark, like a test, stops at the first failure.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Instant;

use eiam_sync::config::SourceSettings;
use eiam_sync::model::validate;
use eiam_sync::source::read_snapshot;
use sqlx::{ConnectOptions, Connection};

const OUS: u64 = 2_000;
const GROUPS: u64 = 1_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then a small snapshot is enough to prove the benchmark still works.
    let full = args.iter().any(|a| a == "--bench");
    let users: u64 = args
        .iter()
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(if full { 1_000_000 } else { 1_000 });
    let postgres = args.iter().any(|a| a == "--postgres");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = if postgres {
            postgres_snapshot(users).await
        } else {
            sqlite_snapshot(&dir.path().join("snapshot.db"), users).await
        };
        measure(&url, users).await;
        if postgres {
            drop_postgres(&url).await;
        }
    });
}

/// The generated data: every user in a leaf-ish OU, a tenth with a secondary OU, every user in
/// one group, a third with email and phone. All of it valid.
fn script(users: u64, series: &str) -> String {
    format!(
        r#"
CREATE TABLE organizational_units (id TEXT PRIMARY KEY, parent_id TEXT, name TEXT NOT NULL, description TEXT);
CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL, display_name TEXT, email TEXT,
  email_verified BOOLEAN, phone_region TEXT, phone_number TEXT, phone_number_verified BOOLEAN,
  primary_ou_id TEXT NOT NULL, description TEXT, status TEXT NOT NULL DEFAULT 'enabled');
CREATE TABLE user_organizational_units (user_id TEXT NOT NULL, ou_id TEXT NOT NULL, PRIMARY KEY (user_id, ou_id));
CREATE TABLE groups (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE group_members (group_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (group_id, user_id));
INSERT INTO organizational_units
  SELECT 'ou' || n, CASE WHEN n = 0 THEN NULL ELSE 'ou' || ((n - 1) / 10) END,
         'Unit ' || n, CASE WHEN n % 3 = 0 THEN 'Description of unit ' || n END
  FROM {series_ous};
INSERT INTO users
  SELECT 'e' || n, 'user.' || n, 'User Number ' || n,
         CASE WHEN n % 3 = 0 THEN 'user.' || n || '@example.com' END,
         CASE WHEN n % 3 = 0 THEN TRUE END,
         CASE WHEN n % 3 = 1 THEN '86' END,
         CASE WHEN n % 3 = 1 THEN CAST(13000000000 + n AS TEXT) END,
         CASE WHEN n % 3 = 1 THEN FALSE END,
         'ou' || (n % {OUS}), NULL,
         CASE WHEN n % 50 = 0 THEN 'disabled' ELSE 'enabled' END
  FROM {series_users};
INSERT INTO user_organizational_units
  SELECT 'e' || n, 'ou' || ((n + 1) % {OUS}) FROM {series_users} WHERE n % 10 = 0;
INSERT INTO groups SELECT 'g' || n, 'Group ' || n FROM {series_groups};
INSERT INTO group_members SELECT 'g' || (n % {GROUPS}), 'e' || n FROM {series_users};
"#,
        series_ous = series.replace("{N}", &OUS.to_string()),
        series_users = series.replace("{N}", &users.to_string()),
        series_groups = series.replace("{N}", &GROUPS.to_string()),
    )
}

async fn sqlite_snapshot(path: &std::path::Path, users: u64) -> String {
    let started = Instant::now();
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .expect("create snapshot");
    let series = "(WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < {N}) SELECT n FROM s)";
    let sql = format!("BEGIN;\n{}\nCOMMIT;", script(users, series));
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("fill snapshot");
    conn.close().await.expect("close");
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "built a SQLite snapshot of {users} users ({:.0} MB) in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    format!("sqlite://{}", path.display())
}

async fn postgres_snapshot(users: u64) -> String {
    let server = std::env::var("EIAM_SYNC_TEST_PG")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
    let name = format!("eiam_sync_bench_{}", std::process::id());
    let mut admin = sqlx::postgres::PgConnectOptions::from_str(&server)
        .expect("EIAM_SYNC_TEST_PG")
        .connect()
        .await
        .expect("PostgreSQL reachable");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create database");
    let mut url = url::Url::parse(&server).expect("url");
    url.set_path(&format!("/{name}"));
    let url = url.to_string();
    let started = Instant::now();
    let mut conn = sqlx::postgres::PgConnectOptions::from_str(&url)
        .expect("url")
        .connect()
        .await
        .expect("connect");
    let series = "generate_series(0, {N} - 1) AS s(n)";
    sqlx::raw_sql(sqlx::AssertSqlSafe(script(users, series)))
        .execute(&mut conn)
        .await
        .expect("fill snapshot");
    conn.close().await.expect("close");
    println!(
        "built a PostgreSQL snapshot of {users} users in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    url
}

async fn drop_postgres(url: &str) {
    let mut parsed = url::Url::parse(url).expect("url");
    let name = parsed.path().trim_start_matches('/').to_owned();
    parsed.set_path("/postgres");
    if let Ok(mut admin) = sqlx::postgres::PgConnectOptions::from_str(parsed.as_str())
        .expect("url")
        .connect()
        .await
    {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        drop(
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut admin)
                .await,
        );
    }
}

async fn measure(url: &str, users: u64) {
    let settings = SourceSettings {
        url: url.to_owned(),
        queries: BTreeMap::new(),
        password_file: None,
    };
    reset_peak();
    let base = memory("VmRSS:");

    let started = Instant::now();
    let snapshot = read_snapshot(&settings).await.expect("read");
    let read = started.elapsed();
    let after_read = memory("VmHWM:");
    let rows = snapshot.organizational_units.len()
        + snapshot.users.len()
        + snapshot.user_organizational_units.len()
        + snapshot.groups.len()
        + snapshot.group_members.len();
    assert_eq!(snapshot.users.len() as u64, users);

    let started = Instant::now();
    let validated = validate(snapshot);
    let validation = started.elapsed();
    let after_validate = memory("VmHWM:");
    assert!(
        validated.rejections.is_empty(),
        "{:?}",
        &validated.rejections[..1]
    );
    assert_eq!(validated.desired.users.len() as u64, users);

    let mb =
        |kb: Option<u64>| kb.map_or("n/a".to_owned(), |k| format!("{:.0} MB", k as f64 / 1024.0));
    println!(
        "read {rows} rows ({users} users) in {:.2} s ({:.0} rows/s)",
        read.as_secs_f64(),
        rows as f64 / read.as_secs_f64()
    );
    println!("validated in {:.2} s", validation.as_secs_f64());
    println!(
        "memory: {} before reading, peak {} after reading, peak {} after validating, \
         {} held by the desired state",
        mb(base),
        mb(after_read),
        mb(after_validate),
        mb(memory("VmRSS:"))
    );
    drop(validated);
}

/// A value in kB from /proc/self/status (Linux only).
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reset the peak resident size so it measures only what follows (Linux only).
fn reset_peak() {
    drop(std::fs::write("/proc/self/clear_refs", "5"));
}
