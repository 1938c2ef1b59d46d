//! Each problem that stops a sync fails its check, names what to change, and makes `doctor`
//! exit 1; secrets never show.

use std::process::Command;

use eiam_sync::doctor::{Diagnosis, examine};
use eiam_sync::emulator::AppSettings;
use eiam_sync::model::Snapshot;

use crate::ops::output;
use crate::reconcile::data::Build;
use crate::support::harness::{Env, Source};

/// `eiam-sync doctor --output json`: exit code, the JSON, and everything printed.
async fn doctor_cli(env: &Env) -> (i32, serde_json::Value, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.args(["doctor", "--output", "json", "--config"])
        .arg(&env.config_path);
    let out = output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let all = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let json =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("one JSON object ({e}): {all}"));
    (out.status.code().unwrap_or(-1), json, all)
}

fn failed<'a>(d: &'a Diagnosis, name: &str) -> &'a str {
    let check = (d.checks.iter())
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} check: {}", d.to_text()));
    assert!(!check.ok, "{name} passed: {}", d.to_text());
    assert!(!d.can_sync());
    assert_eq!(d.exit_code(), 1);
    &check.detail
}

fn rewrite(env: &Env, from: &str, to: &str) {
    let text = std::fs::read_to_string(&env.config_path).unwrap();
    assert!(text.contains(from), "{from} not in the config");
    std::fs::write(&env.config_path, text.replace(from, to)).unwrap();
}

#[tokio::test]
async fn a_healthy_instance_exits_0_from_the_command_line() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&Snapshot::default().ou("hq", None, "HQ"))
        .await;
    let (code, json, all) = doctor_cli(&env).await;
    assert_eq!(code, 0, "{all}");
    assert!(
        json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["ok"] == true)
    );
    assert_eq!(
        json["objects"]["organizational_units"]["managed"], 1,
        "{all}"
    );
    assert!(
        !all.contains("emulator-secret"),
        "the secret was printed: {all}"
    );

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.args(["doctor", "--config"]).arg(&env.config_path);
    let text = output(cmd).await;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ok   token"), "{text}");
    assert!(text.contains("a sync can run"), "{text}");
}

#[tokio::test]
async fn a_wrong_secret_fails_the_token_check_without_printing_it() {
    let env = Env::new(Source::Sqlite).await;
    rewrite(&env, "emulator-secret", "not-the-secret-x9");
    let (code, json, all) = doctor_cli(&env).await;
    assert_eq!(code, 1, "{all}");
    let checks = json["checks"].as_array().unwrap();
    let token = checks
        .iter()
        .find(|c| c["name"] == "token")
        .expect("token check");
    assert_eq!(token["ok"], false);
    let detail = token["detail"].as_str().unwrap();
    assert!(
        detail.contains("client_id") && detail.contains("client secret"),
        "{detail}"
    );
    assert!(
        checks.iter().all(|c| c["name"] != "sync_root"),
        "checks that need a token ran: {json}"
    );
    assert!(json["objects"].is_null());
    assert!(
        !all.contains("not-the-secret-x9"),
        "the secret was printed: {all}"
    );
}

#[tokio::test]
async fn a_root_outside_the_provisioning_scope_is_named() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&Snapshot::default().ou("a", None, "A").ou("b", None, "B"))
        .await;
    let ids = env.ids();
    env.emulator.set_scope(&[ids["ou:a"].clone()], &[]).unwrap();
    rewrite(&env, &env.root, &ids["ou:b"]);
    let d = examine(&env.config_path).await;
    let detail = failed(&d, "sync_root");
    assert!(detail.contains(&ids["ou:b"]), "{detail}");
    assert!(
        detail.contains("outside the provisioning scope"),
        "{detail}"
    );
    assert!(detail.contains("root_organizational_unit_id"), "{detail}");
    assert!(d.checks.iter().all(|c| c.name != "objects"));
}

#[tokio::test]
async fn a_missing_root_is_named() {
    let env = Env::new(Source::Sqlite).await;
    rewrite(&env, &env.root, "ou_doesnotexist0000");
    let d = examine(&env.config_path).await;
    let detail = failed(&d, "sync_root");
    assert!(detail.contains("`ou_doesnotexist0000`"), "{detail}");
    assert!(detail.contains("does not exist:"), "{detail}");
    assert!(detail.contains("root_organizational_unit_id"), "{detail}");
}

#[tokio::test]
async fn a_missing_read_permission_names_the_grant() {
    let env = Env::new(Source::Sqlite).await;
    env.emulator
        .set_application(AppSettings {
            permissions: Some(vec![
                "urn:alibaba:idaas:scope:organizational_unit:read_all".into(),
            ]),
            ..AppSettings::default()
        })
        .unwrap();
    let d = examine(&env.config_path).await;
    let detail = failed(&d, "read_users");
    assert!(
        detail.contains("urn:alibaba:idaas:scope:user:read_all") && detail.contains("console"),
        "{detail}"
    );
    let ous = d
        .checks
        .iter()
        .find(|c| c.name == "read_organizational_units");
    assert!(ous.is_some_and(|c| c.ok), "{}", d.to_text());
}

#[tokio::test]
async fn a_bad_configuration_stops_before_any_call() {
    let env = Env::new(Source::Sqlite).await;
    rewrite(&env, "rate_limit_qps = 1000", "rate_limit_qps = \"fast\"");
    let d = examine(&env.config_path).await;
    failed(&d, "configuration");
    assert_eq!(d.checks.len(), 1);
    assert!(env.emulator.requests().is_empty());
}
