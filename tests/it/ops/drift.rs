//! `reconcile --dry-run --pending-ok`: a drift report exits 0 for pending changes and rejected
//! records (the report still lists them), while refusals and fatal errors keep their codes.

use std::process::Command;

use super::output;
use crate::reconcile::data::{Build, company};
use crate::support::harness::{Env, Source};

async fn dry_run(env: &Env, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.args(["reconcile", "--dry-run", "--output", "json", "--config"])
        .arg(&env.config_path)
        .args(extra)
        .env("EIAM_SYNC__EIAM__MAX_RETRIES", "1");
    let out = output(cmd).await;
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "one JSON object ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

#[tokio::test]
async fn pending_changes_and_rejections_exit_0_with_the_report_intact() {
    let env = Env::with(Source::Sqlite, "max_deletes = 0").await;
    let with_bad_record = company().user("u9", "bad", "web").set_user("u9", |u| {
        u.email = Some("not an email address".into());
    });
    env.write(&with_bad_record).await;

    let (code, report) = dry_run(&env, &[]).await;
    assert_eq!(code, 3, "rejections make a plain dry run exit 3: {report}");
    let (code, report) = dry_run(&env, &["--pending-ok"]).await;
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["summary"]["CreateUser"], 6, "{report}");
    assert_eq!(report["rejected"][0]["external_id"], "u9", "{report}");
    assert_eq!(report["rejected"][0]["field"], "email", "{report}");

    env.converge(&company()).await;
    env.write(&company().user("u7", "grace", "web")).await;
    let (code, report) = dry_run(&env, &[]).await;
    assert_eq!(code, 2, "{report}");
    let (code, report) = dry_run(&env, &["--pending-ok"]).await;
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["operations"][0]["status"], "planned");

    // A leaver beyond max_deletes = 0: the guard's refusal still exits 4.
    env.write(&company().without_user("u6")).await;
    let (code, report) = dry_run(&env, &["--pending-ok"]).await;
    assert_eq!(code, 4, "refusals keep their code: {report}");

    // EIAM unreachable: still fatal.
    env.emulator.set_faults(eiam_sync::emulator::Faults {
        error_rate: 1.0,
        ..env.emulator.faults()
    });
    let (code, report) = dry_run(&env, &["--pending-ok"]).await;
    assert_eq!(code, 1, "fatal errors keep their code: {report}");
    assert!(report["error"].is_string());
}
