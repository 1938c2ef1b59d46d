//! `eiam-sync status` against a state store with runs, a lease and operations in doubt.

use std::process::Command;

use eiam_sync::model::Kind;
use eiam_sync::state::{JournalEntry, RunMode, StateStore};

use super::output;
use crate::reconcile::data::company;
use crate::support::harness::{Env, Source};
use crate::support::pg::TestDb;

async fn status(config: &std::path::Path, json: bool) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.arg("status").arg("--config").arg(config);
    if json {
        cmd.args(["--output", "json"]);
    }
    let out = output(cmd).await;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), text)
}

/// A run killed mid-apply: its plan journalled, one operation sent, no outcome.
async fn crashed_run(store: &StateStore, reconciler: &str) {
    let run = store.start_run(reconciler, RunMode::Apply).await.unwrap();
    let entry = |seq, ext: &str| JournalEntry {
        seq,
        action: "CreateUser".into(),
        kind: Kind::User,
        external_id: ext.into(),
        eiam_id: None,
        detail: "{}".into(),
    };
    store
        .journal_plan(run, &[entry(0, "u-doubt"), entry(1, "u-later")])
        .await
        .unwrap();
    store.journal_started(run, 0).await.unwrap();
}

#[tokio::test]
async fn status_shows_runs_the_lease_and_operations_in_doubt() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let store = env.reconciler.store();
    crashed_run(store, "users").await;
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(86_400);
    store
        .approve("plan-abc", "alice", "reorganisation", now, now + day)
        .await
        .unwrap();
    store
        .add_leavers(&[("u-left".into(), "user_left".into())], now)
        .await
        .unwrap();

    let (code, text) = status(&env.config_path, true).await;
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for key in [
        "runs",
        "lease",
        "approvals",
        "pending_deletions",
        "in_doubt",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    let runs = json["runs"].as_array().unwrap();
    assert_eq!(
        runs.len(),
        3,
        "two converging runs and the crashed one: {json}"
    );
    assert_eq!(
        runs[0]["result"], "unfinished",
        "the crashed run, newest first"
    );
    let applied = &runs[2];
    assert_eq!(applied["result"], "success");
    assert_eq!(applied["mode"], "apply");
    assert_eq!(applied["sync_mode"], "full");
    assert_eq!(applied["operations"]["CreateUser"], 6);
    assert!(applied["api_calls"].as_u64().unwrap() > 0, "{applied}");
    assert!(applied["duration_secs"].as_f64().is_some());
    assert!(applied["started_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(json["lease"]["state"], "free");
    let doubt = json["in_doubt"].as_array().unwrap();
    assert_eq!(doubt.len(), 1, "only the started one is in doubt: {json}");
    assert_eq!(doubt[0]["external_id"], "u-doubt");
    assert_eq!(doubt[0]["action"], "CreateUser");
    assert_eq!(doubt[0]["run_finished"], false);
    assert_eq!(json["approvals"][0]["plan_id"], "plan-abc", "{json}");
    assert_eq!(json["approvals"][0]["approved_by"], "alice");
    assert!(json["approvals"][0]["used_at"].is_null());
    let leaver = &json["pending_deletions"][0];
    assert_eq!(leaver["external_id"], "u-left", "{json}");
    assert_eq!(leaver["eiam_id"], "user_left");
    let (disabled, due) = (
        leaver["disabled_at"].as_str().unwrap(),
        leaver["delete_after"].as_str().unwrap(),
    );
    assert!(
        due > disabled,
        "deleted 30 days after the disable: {leaver}"
    );

    let (code, text) = status(&env.config_path, false).await;
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Leader lease: free"), "{text}");
    assert!(text.contains("unfinished"), "{text}");
    assert!(text.contains("u-doubt"), "{text}");
    assert!(text.contains("CreateUser 6"), "{text}");
    assert!(
        text.contains("plan-abc") && text.contains("reorganisation"),
        "{text}"
    );
    assert!(text.contains("u-left"), "{text}");

    // A later completed run settles what was in doubt.
    env.apply().await;
    let (_, text) = status(&env.config_path, true).await;
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["in_doubt"].as_array().map(Vec::len), Some(0), "{json}");
}

#[tokio::test]
async fn status_names_the_holder_of_a_postgres_lease_and_reads_nothing_else() {
    let env = Env::new(Source::Sqlite).await;
    let pg = TestDb::create().await;
    let config = std::fs::read_to_string(&env.config_path).unwrap();
    let config = config.replace(&env.state_url, &pg.url);
    std::fs::write(&env.config_path, config).unwrap();
    let settings = env.settings();
    let store = StateStore::connect(&settings.state).await.unwrap();
    crashed_run(&store, "groups").await;
    let lease = store
        .acquire_lease("replica-1:4242", std::time::Duration::from_secs(30))
        .await
        .unwrap()
        .unwrap();
    let calls = env.emulator.stats().total;

    let (code, text) = status(&env.config_path, true).await;
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["backend"], "postgres");
    assert_eq!(json["lease"]["state"], "held", "{json}");
    assert_eq!(json["lease"]["holder"], "replica-1:4242");
    assert_eq!(json["in_doubt"][0]["kind"], "user");
    assert_eq!(
        env.emulator.stats().total,
        calls,
        "status makes no EIAM call"
    );

    lease.release().await.unwrap();
    let (_, text) = status(&env.config_path, false).await;
    assert!(
        text.contains("Leader lease: free (last held by replica-1:4242)"),
        "{text}"
    );
}

#[tokio::test]
async fn status_exits_1_when_the_state_store_is_unreachable() {
    let env = Env::new(Source::Sqlite).await;
    let config = std::fs::read_to_string(&env.config_path).unwrap();
    let port = super::free_port();
    let config = config.replace(
        &env.state_url,
        &format!("postgres://postgres@127.0.0.1:{port}/nowhere"),
    );
    std::fs::write(&env.config_path, config).unwrap();
    let (code, text) = status(&env.config_path, true).await;
    assert_eq!(code, 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(json["error"].as_str().unwrap().contains("state"), "{json}");
}
