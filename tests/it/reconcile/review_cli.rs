//! The review-and-approve workflow through the binary: a saved plan written, rendered as
//! Markdown, applied once, refused when reused or edited; a refused run approved by command.

use super::data::{Build, company};
use crate::support::harness::{Env, Source};

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn eiam_sync(env: &Env, args: &[&str]) -> Out {
    let out = env.eiam_sync(args, &[]).await;
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[tokio::test]
async fn plan_out_then_apply_exactly_once() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&company().set_user("u1", |u| u.display_name = Some("Alice A.".into())))
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    let path = file.display().to_string();
    let out = eiam_sync(&env, &["reconcile", "--dry-run", "--plan-out", &path]).await;
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    let command = format!(
        "eiam-sync --config {} apply {path}",
        env.config_path.display()
    );
    assert!(out.stdout.trim_end().ends_with(&command), "{}", out.stdout);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains("emulator-secret"),
        "no secret in a plan file"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads a plan file");
    }

    let md = eiam_sync(&env, &["reconcile", "--dry-run", "--output", "markdown"]).await;
    assert!(md.stdout.starts_with("# eiam-sync plan `"), "{}", md.stdout);
    assert!(
        md.stdout.contains("| `~` | `u1` | PatchUser |"),
        "{}",
        md.stdout
    );

    // A hand-edited copy is refused, nothing written.
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, text.replace("Alice A.", "Mallory")).unwrap();
    let before = env.state();
    let out = eiam_sync(&env, &["apply", &edited.display().to_string()]).await;
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("integrity check failed"),
        "{}",
        out.stdout
    );
    assert_eq!(env.state(), before);

    let out = eiam_sync(&env, &["apply", &path, "--output", "json"]).await;
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["summary"]["PatchUser"], 1);
    assert_eq!(report["drift"], serde_json::json!([]));

    let out = eiam_sync(&env, &["apply", &path]).await;
    assert_eq!(out.code, 4);
    assert!(out.stdout.contains("already applied"), "{}", out.stdout);
}

#[tokio::test]
async fn a_refused_run_names_the_approve_command_that_lets_it_through() {
    let env = Env::with(Source::Sqlite, "max_deletes = 1").await;
    env.converge(&company()).await;
    env.write(&company().without_user("u1").without_user("u2"))
        .await;
    let out = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(out.code, 4, "{}{}", out.stdout, out.stderr);
    let line = out
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("eiam-sync --config"))
        .unwrap_or_else(|| panic!("{}", out.stdout))
        .trim()
        .to_owned();
    assert!(line.contains(" approve "), "{line}");
    let plan_id = line.split_whitespace().nth(4).unwrap().to_owned();
    assert_eq!(plan_id.len(), 20, "{line}");

    let missing = eiam_sync(&env, &["approve", &plan_id]).await;
    assert_ne!(missing.code, 0, "--reason is required");
    let out = eiam_sync(
        &env,
        &[
            "approve",
            &plan_id,
            "--reason",
            "two leavers",
            "--by",
            "kim",
        ],
    )
    .await;
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("by kim: two leavers"), "{}", out.stdout);

    let out = eiam_sync(&env, &["reconcile", "--output", "json"]).await;
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["approval"]["approved_by"], "kim");
    assert_eq!(report["summary"]["DisableUser"], 2);
}
