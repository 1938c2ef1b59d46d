//! The `eiam-sync reconcile` command itself: exit codes and the JSON report on stdout.

use std::process::Command;

use super::data::company;
use crate::support::harness::{Env, Source, output};

async fn reconcile(env: &Env, args: &[&str]) -> (i32, serde_json::Value) {
    let args: Vec<&str> = ["reconcile"].iter().chain(args).copied().collect();
    let out = env.eiam_sync(&args, &[]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON object ({e}): {stdout}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

#[tokio::test]
async fn dry_run_then_apply_then_nothing_to_do() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let (code, report) = reconcile(&env, &["--dry-run", "--output", "json"]).await;
    assert_eq!(code, 2, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["summary"]["CreateUser"], 6);
    assert!(report["api_calls"].as_u64().unwrap() > 0);
    assert_eq!(report["operations"][0]["status"], "planned");
    for key in [
        "action",
        "kind",
        "external_id",
        "eiam_id",
        "status",
        "changes",
        "error",
    ] {
        assert!(
            report["operations"][0].get(key).is_some(),
            "operations carry {key}"
        );
    }
    let (code, report) = reconcile(
        &env,
        &["--output", "json", "--only", "organizational_units"],
    )
    .await;
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["CreateOrganizationalUnit"], 5);
    assert!(report["summary"].get("CreateUser").is_none());
    let (code, report) = reconcile(&env, &["--output", "json"]).await;
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["CreateUser"], 6);
    let (code, report) = reconcile(&env, &["--dry-run", "--output", "json"]).await;
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["operations"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn unreachable_eiam_is_fatal() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    env.emulator.set_faults(eiam_sync::emulator::Faults {
        error_rate: 1.0,
        ..env.emulator.faults()
    });
    let out = env
        .eiam_sync(
            &["reconcile", "--dry-run"],
            &[("EIAM_SYNC__EIAM__MAX_RETRIES", "1")],
        )
        .await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
}

#[tokio::test]
async fn a_bad_config_is_fatal_and_still_one_json_object() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[eiam]\nendpoint = \"https://x\"\nunknown_key = 1\n").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.args(["reconcile", "--output", "json", "--config"])
        .arg(&path);
    let out = output(cmd).await;
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert!(
        json["error"].as_str().unwrap().contains("unknown_key"),
        "{json}"
    );
}

/// The binary with stdout a pipe nobody reads any more (`eiam-sync ... | head -0`).
async fn with_closed_stdout(env: &Env, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.args(args).arg("--config").arg(&env.config_path);
    cmd.stdout(writer);
    output(cmd).await
}

#[tokio::test]
async fn a_closed_stdout_ends_quietly_with_the_runs_exit_code() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    for (args, code) in [
        (&["reconcile", "--dry-run"][..], 2),
        (&["reconcile", "--dry-run", "--output", "json"][..], 2),
        (&["config", "check"][..], 0),
        (&["migrate"][..], 0),
        (&["reconcile"][..], 0),
    ] {
        let out = with_closed_stdout(&env, args).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    }
    // The apply went through although nobody read its report.
    crate::support::harness::assert_matches(&env.state(), &env.root, &company());
    let (code, report) = reconcile(&env, &["--dry-run", "--output", "json"]).await;
    assert_eq!(code, 0, "{report}");
}
