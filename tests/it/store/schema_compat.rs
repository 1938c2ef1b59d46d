//! Rollbacks and restarts: an older binary runs on a store a newer one migrated, and the last
//! in-step run of each reconciler is read back from the run history, by index.

use std::time::{Duration, SystemTime};

use eiam_sync::model::Kind;
use eiam_sync::state::{JournalEntry, JournalStatus, LAST_IN_STEP_QUERIES, RunMode, RunResult};
use sqlx::{ConnectOptions, Connection};

use super::backends::{TestDatabase, both_backends};
use super::state::{state, store};

both_backends! {
    async fn a_fresh_database_reports_pending_migrations(db) {
        let probe = eiam_sync::state::probe(&state(db.url())).await.unwrap();
        assert_eq!(probe.pending[0], (1, "initial schema"));
        assert!(probe.pending.contains(&(2, "lease holders, run holder and API calls")));
        let versions: Vec<i64> = probe.pending.iter().map(|p| p.0).collect();
        // Every migration file is embedded, and every one is pending, in order (numbers may
        // skip: a number is never reused once released).
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
        let mut files: Vec<i64> = std::fs::read_dir(dir)
            .unwrap()
            .map(|f| f.unwrap().file_name().to_string_lossy()[..4].parse().unwrap())
            .collect();
        files.sort_unstable();
        assert_eq!(versions, files, "every migration is pending, in order");
        let pending = format!("{} migration(s) pending", versions.len());
        assert!(probe.to_string().contains(&pending));
        assert!(probe.pending.contains(&(3, "plans, approvals and leavers")));
    }
}

both_backends! {
    async fn a_store_migrated_by_a_newer_release_still_opens(db) {
        let s = store(db).await;
        let newer = if db.is_sqlite() {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from a newer release', 1, x'00', 0)"
        } else {
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (9999, 'from a newer release', true, '\\x00'::bytea, 0)"
        };
        db.exec(newer).await;
        drop(s);
        // A rollback's binary starts (it would crash-loop on "migration 9999 was previously
        // applied but is missing"), runs, and `status`'s read-only open accepts the store too.
        let again = store(db).await;
        let run = again.start_run("users", RunMode::Apply).await.unwrap();
        again.finish_run(run, RunResult::Success, &Default::default(), Some(1)).await.unwrap();
        eiam_sync::state::StateStore::open_current(&state(db.url())).await.unwrap();
        assert!(eiam_sync::state::probe(&state(db.url())).await.unwrap().pending.is_empty());
    }
}

both_backends! {
    async fn the_last_in_step_run_of_each_reconciler_is_read_back(db) {
        let s = store(db).await;
        assert_eq!(s.last_in_step("users").await.unwrap(), None);
        let before = SystemTime::now() - Duration::from_secs(1);
        let ok = s.start_run("users", RunMode::Apply).await.unwrap();
        s.finish_run(ok, RunResult::Success, &Default::default(), Some(3)).await.unwrap();
        let success = s.last_in_step("users").await.unwrap().expect("a success");
        assert!(success >= before, "{success:?}");
        // Neither a failure, a dry run, another reconciler's success nor a partial run with a
        // failed operation moves it.
        tokio::time::sleep(Duration::from_millis(20)).await;
        for (reconciler, mode, result) in [
            ("users", RunMode::Apply, RunResult::Failed),
            ("users", RunMode::DryRun, RunResult::Success),
            ("groups", RunMode::Apply, RunResult::Success),
        ] {
            let run = s.start_run(reconciler, mode).await.unwrap();
            s.finish_run(run, result, &Default::default(), None).await.unwrap();
        }
        let failed_op = s.start_run("users", RunMode::Apply).await.unwrap();
        let entry = JournalEntry {
            seq: 0,
            action: "CreateUser".into(),
            kind: Kind::User,
            external_id: "e1".into(),
            eiam_id: None,
            detail: "{}".into(),
        };
        s.journal_plan(failed_op, &[entry]).await.unwrap();
        s.journal_started(failed_op, 0).await.unwrap();
        s.journal_finished(failed_op, 0, JournalStatus::Failed, None, Some("boom")).await.unwrap();
        s.finish_run(failed_op, RunResult::Partial, &Default::default(), None).await.unwrap();
        assert_eq!(s.last_in_step("users").await.unwrap(), Some(success));
        assert!(s.last_in_step("groups").await.unwrap().is_some());
        // A partial run whose only problems were rejected records did bring EIAM in step.
        tokio::time::sleep(Duration::from_millis(20)).await;
        let rejected_only = s.start_run("users", RunMode::Apply).await.unwrap();
        s.finish_run(rejected_only, RunResult::Partial, &Default::default(), None).await.unwrap();
        let partial = s.last_in_step("users").await.unwrap().expect("the partial run");
        assert!(partial > success, "{partial:?} after {success:?}");
    }
}

#[tokio::test]
async fn the_last_in_step_queries_are_served_by_an_index() {
    let db = TestDatabase::sqlite().await;
    drop(store(&db).await);
    let options: sqlx::sqlite::SqliteConnectOptions = db.url().parse().unwrap();
    let mut conn = options.connect().await.unwrap();
    for sql in LAST_IN_STEP_QUERIES {
        let plan: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .bind("users")
                .fetch_all(&mut conn)
                .await
                .unwrap();
        let steps: Vec<&str> = plan.iter().map(|p| p.3.as_str()).collect();
        let runs = steps
            .iter()
            .find(|s| s.contains(" r ") || s.contains("runs"));
        assert!(
            runs.is_some_and(|s| s.contains("USING INDEX runs_by_reconciler")
                || s.contains("USING COVERING INDEX runs_by_reconciler")),
            "{sql}: {steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.starts_with("SCAN")),
            "{sql}: {steps:?}"
        );
        assert!(
            !steps.iter().any(|s| s.contains("TEMP B-TREE")),
            "{sql}: {steps:?}"
        );
    }
    conn.close().await.unwrap();
}
