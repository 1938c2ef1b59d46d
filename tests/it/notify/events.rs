//! Each event reaches a local receiver from a real run of the binary: a guard refusal (in every
//! format, signed), a fatal run and a run with failed operations, operations left in doubt.

use std::time::Duration;

use base64::Engine as _;
use eiam_sync::emulator::{Faults, ScriptedFault, ScriptedKind};
use eiam_sync::model::Kind;

use super::receiver::{Received, Receiver};
use super::{add_webhooks, eiam_sync, eiam_sync_with, hex, hmac_sha256, secret_file};
use crate::ops::eventually;
use crate::reconcile::data::{Build, company};
use crate::reconcile::in_doubt::journal_started_create;
use crate::support::harness::{Env, Source};

const WAIT: Duration = Duration::from_secs(20);

/// Every secret the webhooks of these tests use; none may appear in a log or a message.
const SECRETS: [&str; 6] = [
    "json-token",
    "json-s3cret",
    "ding-token",
    "SECding-s3cret",
    "wecom-key",
    "slack-token",
];

/// Wait until `rx` holds `n` requests at `path`.
async fn requests(rx: &Receiver, path: &str, n: usize) -> Vec<Received> {
    eventually(WAIT, &format!("{n} request(s) at {path}"), || async {
        let got = rx.at(path);
        (got.len() >= n).then_some(got)
    })
    .await
}

#[tokio::test]
async fn a_guard_refusal_reaches_every_format_with_the_plan_and_the_approve_command() {
    let env = Env::with(Source::Sqlite, "max_deletes = 0").await;
    env.converge(&company()).await;
    let rx = Receiver::start().await;
    let dir = tempfile::tempdir().unwrap();
    let json_secret = secret_file(dir.path(), "json.secret", "json-s3cret");
    let ding_secret = secret_file(dir.path(), "ding.secret", "SECding-s3cret");
    let wecom_url = secret_file(
        dir.path(),
        "wecom.url",
        &format!("{}/wecom?key=wecom-key", rx.base),
    );
    let base = &rx.base;
    add_webhooks(
        &env.config_path,
        &format!(
            "[[notify.webhooks]]\nurl = \"{base}/json?token=json-token\"\nformat = \"json\"\nsecret_file = \"{json_secret}\"\n\n\
             [[notify.webhooks]]\nurl = \"{base}/dingtalk?access_token=ding-token\"\nformat = \"dingtalk\"\nsecret_file = \"{ding_secret}\"\n\n\
             [[notify.webhooks]]\nurl_file = \"{wecom_url}\"\nformat = \"wecom\"\n\n\
             [[notify.webhooks]]\nurl = \"{base}/slack/T0/B0/slack-token\"\nformat = \"slack\"\nevents = [\"refused\"]\n"
        ),
    );
    env.write(&company().without_user("u1")).await;
    let ran = eiam_sync(
        &env,
        &["reconcile", "--output", "json", "--log-level", "debug"],
    )
    .await;
    assert_eq!(ran.code, 4, "{}", ran.stderr);
    let report = ran.json();
    let plan_id = report["plan_id"].as_str().unwrap();
    let approve = report["next_command"].as_str().unwrap();
    assert!(approve.contains(" --config "), "{approve}");

    // The generic JSON object, signed with the secret.
    let json = &requests(&rx, "/json", 1).await[0];
    let expected = format!("sha256={}", hex(&hmac_sha256(b"json-s3cret", &json.body)));
    assert_eq!(json.headers["x-eiam-sync-signature"], expected);
    assert_eq!(json.headers["content-type"], "application/json");
    let body = json.json();
    assert_eq!(body["event"], "refused");
    assert_eq!(body["reconciler"], "reconcile");
    assert_eq!(body["plan_id"], plan_id);
    assert_eq!(body["summary"]["DisableUser"], 1, "{body}");
    assert_eq!(body["exit_code"], 4);
    assert_eq!(body["approve"], approve);
    let message = body["message"].as_str().unwrap();
    assert!(
        !message.contains('\n') && message.contains("max_deletes"),
        "{message}"
    );
    let markdown = body["markdown"].as_str().unwrap();
    assert!(
        markdown.starts_with(&format!("# eiam-sync run `{plan_id}`")),
        "{markdown}"
    );
    assert!(markdown.contains("u1"), "{markdown}");
    let guards = body["guards"].as_array().unwrap();
    assert!(!guards.is_empty(), "{body}");
    assert!(guards.iter().all(|g| g["tripped"] == true), "{body}");
    assert!(guards.iter().any(|g| g["name"] == "max_deletes"), "{body}");

    // DingTalk: the robot's markdown message, the URL signed as DingTalk checks it.
    let ding = &requests(&rx, "/dingtalk", 1).await[0];
    assert_eq!(ding.query["access_token"], "ding-token");
    let timestamp = &ding.query["timestamp"];
    let string_to_sign = format!("{timestamp}\nSECding-s3cret");
    let sign = base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(b"SECding-s3cret", string_to_sign.as_bytes()));
    assert_eq!(ding.query["sign"], sign);
    let now_ms = chrono::Utc::now().timestamp_millis();
    assert!((now_ms - timestamp.parse::<i64>().unwrap()).abs() < 3_600_000);
    let body = ding.json();
    assert_eq!(body["msgtype"], "markdown");
    assert!(
        body["markdown"]["title"]
            .as_str()
            .unwrap()
            .contains("eiam-sync")
    );
    let text = body["markdown"]["text"].as_str().unwrap();
    assert!(text.contains(plan_id) && text.contains(approve), "{text}");

    // WeCom: its markdown message, within its 4096-byte limit, the URL read from its file.
    let wecom = &requests(&rx, "/wecom", 1).await[0];
    assert_eq!(wecom.query["key"], "wecom-key");
    let body = wecom.json();
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(
        content.len() <= 4096 && content.contains(plan_id),
        "{content}"
    );

    // Slack: text and blocks.
    let slack = &requests(&rx, "/slack/T0/B0/slack-token", 1).await[0];
    let body = slack.json();
    assert!(body["text"].as_str().unwrap().contains("refused"), "{body}");
    let blocks = body["blocks"].as_array().unwrap();
    assert_eq!(blocks[0]["type"], "header");
    assert!(body.to_string().contains(plan_id), "{body}");

    // Each receiver got exactly one message; no secret in any message or in the debug log.
    assert_eq!(rx.received().len(), 4, "{:#?}", rx.received());
    for r in rx.received() {
        let text = r.text();
        for secret in SECRETS {
            assert!(
                !text.contains(secret),
                "{secret} in a message to {}",
                r.path
            );
        }
    }
    for secret in SECRETS {
        assert!(
            !ran.stderr.contains(secret),
            "{secret} in the log:\n{}",
            ran.stderr
        );
    }
    assert!(ran.stderr.contains("notification sent"), "{}", ran.stderr);

    // The approve command works as printed, and the next run goes through.
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_eiam-sync"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut sh = std::process::Command::new("sh");
    sh.arg("-c").arg(approve).env("PATH", path);
    let approved = crate::ops::output(sh).await;
    assert!(approved.status.success(), "{approved:?}");
    let ran = eiam_sync(&env, &["reconcile", "--output", "json"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
}

#[tokio::test]
async fn a_fatal_run_and_failed_operations_are_announced_but_rejected_records_alone_are_not() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let rx = Receiver::start().await;
    add_webhooks(
        &env.config_path,
        &format!("[[notify.webhooks]]\nurl = \"{}/hook\"\n", rx.base),
    );

    // EIAM unreachable: exit 1, `failed` without a report.
    let nowhere = format!("http://127.0.0.1:{}", crate::ops::free_port());
    let vars = [
        ("EIAM_SYNC__EIAM__ENDPOINT", nowhere.as_str()),
        ("EIAM_SYNC__EIAM__MAX_RETRIES", "1"),
    ];
    let ran = eiam_sync_with(&env, &["reconcile"], &vars).await;
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let body = requests(&rx, "/hook", 1).await[0].json();
    assert_eq!(body["event"], "failed");
    assert_eq!(body["exit_code"], 1);
    assert_eq!(body["markdown"], serde_json::Value::Null);
    assert!(
        body["message"].as_str().unwrap().contains("the run failed"),
        "{body}"
    );

    // A PatchUser the API refuses: exit 3, `failed` with the report.
    env.emulator.set_faults(Faults {
        script: vec![ScriptedFault {
            action: Some("PatchUser".into()),
            fault: ScriptedKind::Error,
            status: Some(400),
        }],
        ..env.emulator.faults()
    });
    env.write(&company().set_user("u1", |u| u.display_name = Some("Alice A.".into())))
        .await;
    let ran = eiam_sync(&env, &["reconcile", "--output", "json"]).await;
    assert_eq!(ran.code, 3, "{}", ran.stderr);
    let body = requests(&rx, "/hook", 2).await[1].json();
    assert_eq!(body["event"], "failed");
    assert_eq!(body["exit_code"], 3);
    assert_eq!(body["counts"]["failed"], 1, "{body}");
    assert_eq!(body["plan_id"], ran.json()["plan_id"]);
    assert!(
        body["markdown"].as_str().unwrap().contains("PatchUser"),
        "{body}"
    );
    assert!(body.get("approve").is_none(), "{body}");

    // Only a rejected source record: exit 3 as well, but nothing to announce.
    env.write(&company().user("u9", "bad name", "web")).await;
    let ran = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(ran.code, 3, "{}", ran.stderr);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(rx.received().len(), 2, "{:#?}", rx.received());
}

#[tokio::test]
async fn operations_left_in_doubt_are_announced_by_the_run_that_finds_them() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    journal_started_create(&env, "CreateUser", Kind::User, "u7").await;
    let rx = Receiver::start().await;
    add_webhooks(
        &env.config_path,
        &format!(
            "[[notify.webhooks]]\nurl = \"{}/doubt\"\nevents = [\"in_doubt\"]\n",
            rx.base
        ),
    );
    // A dry run holds no lease: it cannot tell a crash from a run in progress elsewhere.
    let ran = eiam_sync(&env, &["reconcile", "--dry-run"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let ran = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let got = requests(&rx, "/doubt", 1).await;
    assert_eq!(got.len(), 1, "only the applying run announces");
    let body = got[0].json();
    assert_eq!(body["event"], "in_doubt");
    assert_eq!(body["reconciler"], "reconcile");
    assert_eq!(body["in_doubt"]["count"], 1);
    let op = &body["in_doubt"]["operations"][0];
    assert_eq!(
        (op["action"].as_str(), op["kind"].as_str()),
        (Some("CreateUser"), Some("user"))
    );
    assert_eq!(op["external_id"], "u7");
    // That run settled it: the next one has nothing in doubt to announce.
    let ran = eiam_sync(&env, &["reconcile"]).await;
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(rx.received().len(), 1, "{:#?}", rx.received());
}
