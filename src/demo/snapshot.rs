//! Writing a snapshot into the tables of docs/snapshot.md (SQLite or PostgreSQL): what the
//! demo uses for its sample, and what tests and benchmarks use to prepare sources.

use sqlx::{AssertSqlSafe, Connection, QueryBuilder, SqlSafeStr};

use crate::model::Snapshot;

const DDL: [&str; 5] = [
    "CREATE TABLE IF NOT EXISTS organizational_units (id TEXT PRIMARY KEY, parent_id TEXT, name TEXT NOT NULL, description TEXT)",
    "CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, username TEXT NOT NULL, display_name TEXT, email TEXT, email_verified BOOLEAN, phone_region TEXT, phone_number TEXT, phone_number_verified BOOLEAN, primary_ou_id TEXT NOT NULL, description TEXT, status TEXT NOT NULL DEFAULT 'enabled')",
    "CREATE TABLE IF NOT EXISTS user_organizational_units (user_id TEXT NOT NULL, ou_id TEXT NOT NULL, PRIMARY KEY (user_id, ou_id))",
    "CREATE TABLE IF NOT EXISTS groups (id TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS group_members (group_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (group_id, user_id))",
];

const TABLES: [&str; 5] = [
    "organizational_units",
    "users",
    "user_organizational_units",
    "groups",
    "group_members",
];

/// The optional table, created only for a snapshot that has it.
const CUSTOM_DDL: &str = "CREATE TABLE IF NOT EXISTS user_custom_fields (user_id TEXT NOT NULL, field_name TEXT NOT NULL, field_value TEXT, PRIMARY KEY (user_id, field_name))";

/// Rows per INSERT (well under both databases' bind-parameter limits).
const BATCH: usize = 400;

macro_rules! write_all {
    ($conn:expr, $snap:expr) => {{
        let mut tx = $conn.begin().await?;
        for ddl in DDL {
            sqlx::query(ddl).execute(&mut *tx).await?;
        }
        for t in TABLES {
            // Table names are the fixed constants above.
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {t}")).into_sql_str())
                .execute(&mut *tx)
                .await?;
        }
        for chunk in $snap.organizational_units.chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO organizational_units (id, parent_id, name, description) ");
            q.push_values(chunk, |mut b, r| {
                b.push_bind(&r.id).push_bind(&r.parent_id).push_bind(&r.name).push_bind(&r.description);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in $snap.users.chunks(BATCH) {
            let mut q = QueryBuilder::new(
                "INSERT INTO users (id, username, display_name, email, email_verified, phone_region, phone_number, phone_number_verified, primary_ou_id, description, status) ",
            );
            q.push_values(chunk, |mut b, r| {
                b.push_bind(&r.id)
                    .push_bind(&r.username)
                    .push_bind(&r.display_name)
                    .push_bind(&r.email)
                    .push_bind(r.email_verified)
                    .push_bind(&r.phone_region)
                    .push_bind(&r.phone_number)
                    .push_bind(r.phone_number_verified)
                    .push_bind(&r.primary_ou_id)
                    .push_bind(&r.description)
                    .push_bind(&r.status);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in $snap.user_organizational_units.chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO user_organizational_units (user_id, ou_id) ");
            q.push_values(chunk, |mut b, r| {
                b.push_bind(&r.user_id).push_bind(&r.ou_id);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in $snap.groups.chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO groups (id, name) ");
            q.push_values(chunk, |mut b, r| {
                b.push_bind(&r.id).push_bind(&r.name);
            });
            q.build().execute(&mut *tx).await?;
        }
        for chunk in $snap.group_members.chunks(BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO group_members (group_id, user_id) ");
            q.push_values(chunk, |mut b, r| {
                b.push_bind(&r.group_id).push_bind(&r.user_id);
            });
            q.build().execute(&mut *tx).await?;
        }
        match &$snap.user_custom_fields {
            // An absent table means "no custom fields managed", not "none left".
            None => {
                sqlx::query("DROP TABLE IF EXISTS user_custom_fields").execute(&mut *tx).await?;
            }
            Some(rows) => {
                sqlx::query(CUSTOM_DDL).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM user_custom_fields").execute(&mut *tx).await?;
                for chunk in rows.chunks(BATCH) {
                    let mut q = QueryBuilder::new("INSERT INTO user_custom_fields (user_id, field_name, field_value) ");
                    q.push_values(chunk, |mut b, r| {
                        b.push_bind(&r.user_id).push_bind(&r.field_name).push_bind(&r.field_value);
                    });
                    q.build().execute(&mut *tx).await?;
                }
            }
        }
        tx.commit().await?;
    }};
}

/// Replace the snapshot tables at `url` (`sqlite:` creates the file; `postgres:`) with `snap`,
/// in one transaction.
pub async fn write(url: &str, snap: &Snapshot) -> Result<(), sqlx::Error> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        write_all!(conn, snap);
        conn.close().await
    } else {
        let opts: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
        let mut conn = sqlx::SqliteConnection::connect_with(&opts.create_if_missing(true)).await?;
        write_all!(conn, snap);
        conn.close().await
    }
}
