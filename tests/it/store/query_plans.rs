//! Every statement of the state store, planned by SQLite and PostgreSQL over a store holding
//! history: none reads a whole table where it looks something up, so a run costs the same on
//! day 1,000 as on day 1. The statements are read from the store's source
//! ([`super::sql_catalog`]): a new one is checked without being listed here.

use std::path::Path;

use sqlx::{Connection, Row};

use eiam_sync::model::{EiamId, ExtId, Kind, Origin};
use eiam_sync::state::{JournalEntry, JournalStatus, OwnershipChange, RunMode, RunResult};

use super::backends::{TestDatabase, both_backends};
use super::sql_catalog::{Statement, statements};
use super::state::store;

/// Statements whose task is the whole of what they read, with the table they may scan.
const WHOLE_READS: &[(&str, &str, &str)] = &[
    (
        "SELECT kind, external_id, eiam_id, origin, fingerprint, matched_by FROM owned_objects",
        "owned_objects",
        "the ownership map every run plans with is every owned object",
    ),
    (
        "SELECT external_id, eiam_id, disabled_at FROM leavers",
        "leavers",
        "every leaver awaiting deletion is weighed by each run",
    ),
    (
        "FROM runs ORDER BY id DESC LIMIT",
        "runs",
        "newest first, stopped by the LIMIT",
    ),
    (
        "FROM approvals ORDER BY id DESC LIMIT",
        "approvals",
        "newest first, stopped by the LIMIT",
    ),
    (
        "COUNT(*), MIN(started_at), CAST(SUM(journal_entries) AS BIGINT)",
        "runs",
        "`status` sums the history the store holds: one row per run, never the journal",
    ),
];

/// Which backends a statement belongs to.
fn runs_on(s: &Statement, sqlite: bool) -> bool {
    let pg_only = s.at.contains("lease/postgres.rs")
        || ["pg_", "hashtextextended", "to_regclass", "current_schema"]
            .iter()
            .any(|w| s.sql.contains(w));
    let sqlite_only = s.at.contains("lease/sqlite.rs")
        || s.sql.contains("sqlite_master")
        || s.sql.contains("FROM leases")
        || s.sql.contains("UPDATE leases")
        || s.sql.contains("DELETE FROM leases");
    if sqlite { !pg_only } else { !sqlite_only }
}

fn binds(sql: &str) -> usize {
    (1..=20)
        .rev()
        .find(|n| sql.contains(&format!("${n}")))
        .unwrap_or(0)
}

/// A store with some history: runs, journal entries of every status, owned objects, leavers,
/// approvals.
async fn with_history(db: &TestDatabase) {
    let s = store(db).await;
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(86_400);
    // Approvals of months of refusals, all used or expired but the last.
    for p in 0..300 {
        let plan = format!("plan-{p}");
        let items = [format!("removal user e{p}")].into();
        s.record_guarded_plan(&plan, &items, "refused", now - day * (300 - p))
            .await
            .unwrap();
        let at = now - day * (300 - p);
        s.approve(&plan, "ops", "reorganisation", at, at + day)
            .await
            .unwrap();
    }
    for r in 0..12 {
        let run = s.start_run("users", RunMode::Apply).await.unwrap();
        let entries: Vec<JournalEntry> = (0..400u32)
            .map(|i| JournalEntry {
                seq: i,
                action: ["CreateUser", "DeleteUser", "PatchUser", "DisableUser"][i as usize % 4]
                    .to_owned(),
                kind: Kind::User,
                external_id: format!("e{r}-{i}"),
                eiam_id: None,
                detail: "{}".to_owned(),
            })
            .collect();
        s.journal_plan(run, &entries).await.unwrap();
        let w = s.journal_writer(run);
        let starts = (0..300u32).map(|i| w.started(i));
        for r in futures_util::future::join_all(starts).await {
            r.unwrap();
        }
        let finishes = (0..290u32).map(|i| {
            let id = EiamId::new(format!("user_{r}_{i}"));
            let own = OwnershipChange::Record(
                Kind::User,
                ExtId::new(format!("e{r}-{i}")),
                id.clone(),
                Origin::Created,
            );
            let w = &w;
            async move {
                w.finished(i, JournalStatus::Applied, Some(&id), None, Some(own))
                    .await
            }
        });
        for r in futures_util::future::join_all(finishes).await {
            r.unwrap();
        }
        drop(w);
        s.finish_run(run, RunResult::Success, &Default::default(), Some(40))
            .await
            .unwrap();
    }
    s.add_leavers(
        &[("e0-1".to_owned(), "user_0_1".to_owned())],
        std::time::SystemTime::now(),
    )
    .await
    .unwrap();
}

async fn sqlite_plan(db: &TestDatabase, s: &Statement) -> Result<Vec<String>, String> {
    let mut conn = sqlx::SqliteConnection::connect(db.url()).await.unwrap();
    let sql = sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {}", s.sql));
    let mut q = sqlx::query(sql);
    for _ in 0..binds(&s.sql) {
        q = q.bind(None::<String>);
    }
    let rows = q.fetch_all(&mut conn).await.map_err(|e| e.to_string())?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(3).unwrap())
        .collect())
}

async fn postgres_plan(db: &TestDatabase, s: &Statement) -> Result<Vec<String>, String> {
    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
    // With sequential scans priced out, a plan still holding one has no index to use; a
    // generic plan is the one made without the parameters' values.
    let setup = "SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan; ANALYZE;";
    sqlx::raw_sql(setup).execute(&mut conn).await.unwrap();
    let prepare = sqlx::AssertSqlSafe(format!("PREPARE q AS {}", s.sql));
    sqlx::raw_sql(prepare)
        .execute(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    let args = vec!["NULL"; binds(&s.sql)].join(", ");
    let explain = if args.is_empty() {
        "EXPLAIN EXECUTE q".to_owned()
    } else {
        format!("EXPLAIN EXECUTE q({args})")
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(explain))
        .fetch_all(&mut conn)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(0).unwrap())
        .collect())
}

/// Indexes with a `WHERE`: reading one whole reads only the rows it was made for.
async fn partial_indexes(db: &TestDatabase) -> Vec<String> {
    let sql = if db.is_sqlite() {
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'"
    } else {
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indpred IS NOT NULL"
    };
    let rows = if db.is_sqlite() {
        let mut conn = sqlx::SqliteConnection::connect(db.url()).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
        sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
    };
    assert!(rows.len() >= 5, "partial indexes: {rows:?}");
    rows
}

/// The tables (or aliases) a plan reads whole: SQLite's `SCAN t` not through a partial index,
/// PostgreSQL's `Seq Scan on t` and index scans with neither an index condition nor a partial
/// index. System catalogs aside.
fn whole_reads(plan: &[String], sqlite: bool, partial: &[String]) -> Vec<String> {
    let through_partial = |line: &str| {
        partial
            .iter()
            .any(|i| line.contains(&format!(" {i} ")) || line.ends_with(&format!(" {i}")))
    };
    let mut out = Vec::new();
    for (n, line) in plan.iter().enumerate() {
        let line = line.trim_start_matches([' ', '-', '>']);
        if sqlite {
            if let Some(rest) = line.strip_prefix("SCAN ")
                && !through_partial(line)
            {
                out.push(rest.split_whitespace().next().unwrap_or("").to_owned());
            }
            continue;
        }
        if let Some((_, rest)) = line.split_once("Seq Scan on ") {
            out.push(rest.split_whitespace().next().unwrap_or("").to_owned());
        } else if let Some((_, rest)) = line
            .split_once("Index Scan using ")
            .or_else(|| line.split_once("Index Only Scan using "))
        {
            // `Index Scan [Backward] using i on t [alias]`, then its detail lines.
            let condition = plan[n + 1..]
                .iter()
                .take_while(|l| !l.contains("->"))
                .any(|l| l.contains("Index Cond:"));
            if !condition && !through_partial(line) {
                let table = rest.split(" on ").nth(1).unwrap_or("");
                out.push(table.split_whitespace().next().unwrap_or("").to_owned());
            }
        }
    }
    out.retain(|t| t != "CONSTANT" && !t.starts_with("sqlite_") && !t.starts_with("pg_"));
    out
}

both_backends! {
    async fn no_statement_reads_a_whole_table_to_look_something_up(db) {
        with_history(db).await;
        let all = statements(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/state"));
        assert!(all.len() >= 40, "only {} statements found: is the reader broken?", all.len());
        let sqlite = db.is_sqlite();
        let partial = partial_indexes(db).await;
        let mut problems = Vec::new();
        let mut checked = 0;
        for s in all.iter().filter(|s| runs_on(s, sqlite)) {
            let plan = if sqlite { sqlite_plan(db, s).await } else { postgres_plan(db, s).await };
            let plan = match plan {
                Ok(p) => p,
                Err(e) => {
                    problems.push(format!("{}: does not plan: {e}\n  {}", s.at, s.sql));
                    continue;
                }
            };
            checked += 1;
            for table in whole_reads(&plan, sqlite, &partial) {
                let allowed = WHOLE_READS.iter().any(|(stmt, t, _)| {
                    s.sql.contains(stmt) && (table == *t || (sqlite && s.sql.contains(&format!("{t} {table}"))))
                });
                if !allowed {
                    problems.push(format!("{}: reads all of `{table}`\n  {}\n  {plan:?}", s.at, s.sql));
                }
            }
        }
        assert!(problems.is_empty(), "{} of {checked} statements:\n{}", problems.len(), problems.join("\n"));
        assert!(checked >= 30, "only {checked} statements planned");
    }
}
