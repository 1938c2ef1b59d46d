//! `reconcile --mode full|incremental`: the report's `mode`, the run history and the CLI.

use super::data::company;
use crate::support::harness::{Env, Source};

async fn reconcile(env: &Env, args: &[&str]) -> (i32, String, String) {
    let args: Vec<&str> = ["reconcile"].iter().chain(args).copied().collect();
    let out = env.eiam_sync(&args, &[]).await;
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

#[tokio::test]
async fn the_report_and_the_run_history_carry_the_mode() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let (code, out, err) = reconcile(&env, &["--dry-run", "--output", "json"]).await;
    assert_eq!(code, 2, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["mode"], "full", "full is the default: {report}");
    assert!(report.get("mode_notes").is_none(), "{report}");

    // With nothing applied yet, an incremental run observes everything and says why.
    let args = ["--mode", "incremental", "--dry-run", "--output", "json"];
    let (code, out, err) = reconcile(&env, &args).await;
    assert_eq!(code, 2, "{out}{err}");
    let report = json(&out);
    assert_eq!(report["mode"], "full", "{report}");
    let notes = report["mode_notes"].as_array().expect("a note says why");
    assert!(!notes.is_empty(), "{report}");
    assert_eq!(report["summary"]["CreateUser"], 6, "{report}");

    let (code, out, err) = reconcile(&env, &["--mode", "incremental", "--dry-run"]).await;
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("\nMode: full\n"), "{out}");

    let (code, out, err) = reconcile(&env, &["--mode", "full", "--output", "json"]).await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(json(&out)["mode"], "full");

    let runs = env.reconciler.store().runs(10).await.unwrap();
    assert_eq!(runs.len(), 4);
    assert!(
        runs.iter()
            .all(|r| r.sync_mode == eiam_sync::model::SyncMode::Full),
        "{runs:?}"
    );
}

#[tokio::test]
async fn an_unknown_mode_is_a_usage_error() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let (code, out, err) = reconcile(&env, &["--mode", "delta", "--dry-run"]).await;
    assert_eq!(code, 2, "clap's usage error: {out}{err}");
    assert!(err.contains("full or incremental"), "{err}");
    assert!(out.is_empty(), "{out}");
    let runs = env.reconciler.store().runs(10).await.unwrap();
    assert!(runs.is_empty(), "nothing ran: {runs:?}");
}
