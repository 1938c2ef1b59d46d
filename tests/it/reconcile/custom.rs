//! Extended fields and new-hire onboarding in real runs, on SQLite and PostgreSQL sources:
//! managed fields created, changed and removed (empty value, NULL, vanished row), unmanaged
//! ones never touched, hand-made drift repaired; bad rows rejected one by one; the safety
//! rules of an absent or emptied table; new accounts created with the configured password
//! initialization.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use eiam_sync::eiam::UserId;
use eiam_sync::eiam::types::users::{PatchCustomField, PatchUserRequest};
use eiam_sync::emulator::{AdminState, ListUsersReading};
use eiam_sync::model::{Snapshot, UserCustomFieldRow};
use eiam_sync::report::Report;

use super::data::{Build, company};
use crate::support::harness::{Env, Source};

const MANAGED: &str = "custom_fields = [\"employee_number\", \"cost_center\"]\n";

fn row(user: &str, name: &str, value: Option<&str>) -> UserCustomFieldRow {
    UserCustomFieldRow {
        user_id: user.into(),
        field_name: name.into(),
        field_value: value.map(Into::into),
        ..Default::default()
    }
}

fn with_fields(s: Snapshot, rows: Vec<UserCustomFieldRow>) -> Snapshot {
    Snapshot {
        user_custom_fields: Some(rows),
        ..s
    }
}

/// The extended fields of each user of EIAM, by external id.
fn fields(state: &AdminState) -> BTreeMap<String, BTreeMap<String, String>> {
    state
        .users
        .iter()
        .map(|u| {
            let f = (u.custom_fields.iter().flatten())
                .filter_map(|f| Some((f.field_name.clone()?, f.field_value.clone()?)))
                .collect();
            (u.user_external_id.clone(), f)
        })
        .collect()
}

fn of(state: &AdminState, user: &str) -> BTreeMap<String, String> {
    fields(state).remove(user).unwrap_or_default()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn env(source: Source, sync: &str) -> Env {
    let env = Env::with(source, &format!("{MANAGED}{sync}")).await;
    env.emulator
        .set_custom_fields(&["employee_number", "cost_center", "badge"])
        .expect("extended fields defined");
    env
}

fn eiam_id(env: &Env, user: &str) -> String {
    let state = env.state();
    let u = state.users.iter().find(|u| u.user_external_id == user);
    u.expect("user in EIAM").user_id.clone()
}

/// Change extended fields of `user` by hand, as an administrator in the console would.
async fn by_hand(env: &Env, user: &str, ops: Vec<PatchCustomField>) {
    let req = PatchUserRequest {
        custom_fields: Some(ops),
        ..Default::default()
    };
    env.reconciler
        .client()
        .users()
        .patch(&UserId::from(eiam_id(env, user)), &req)
        .await
        .expect("hand-made change");
}

fn changes(report: &Report, user: &str) -> Vec<String> {
    report
        .operations
        .iter()
        .filter(|o| o.external_id.as_str() == user)
        .flat_map(|o| o.changes.keys().map(|k| k.to_string()))
        .collect()
}

async fn lifecycle(source: Source) {
    let env = env(source, "").await;
    let first = with_fields(
        company(),
        vec![
            row("u1", "employee_number", Some("E001")),
            row("u1", "cost_center", Some("R&D")),
            row("u2", "employee_number", Some("E002")),
            row("u3", "employee_number", Some("E003")),
            row("u4", "employee_number", Some("E004")),
        ],
    );
    let report = env.converge(&first).await;
    let create = report
        .operations
        .iter()
        .find(|o| o.external_id.as_str() == "u1" && o.action.as_str() == "CreateUser")
        .expect("u1 created");
    assert_eq!(
        create.changes["custom_fields.employee_number"],
        [serde_json::Value::Null, serde_json::json!("E001")]
    );
    let state = env.state();
    assert_eq!(
        of(&state, "u1"),
        map(&[("employee_number", "E001"), ("cost_center", "R&D")])
    );
    assert_eq!(of(&state, "u4"), map(&[("employee_number", "E004")]));
    assert!(of(&state, "u6").is_empty());

    // An administrator sets a field eiam-sync does not manage: it is never touched.
    by_hand(&env, "u2", vec![PatchCustomField::add("badge", "B-7")]).await;
    let ids = env.ids();

    // Changed, removed by an empty value, by NULL and by a vanished row; added.
    let second = with_fields(
        company(),
        vec![
            row("u1", "employee_number", Some("E101")),
            row("u1", "cost_center", Some("")),
            row("u2", "employee_number", None),
            row("u4", "cost_center", Some("Sales")),
            row("u4", "employee_number", Some("E004")),
        ],
    );
    let report = env.converge(&second).await;
    assert_eq!(env.ids(), ids, "no user was recreated");
    let patches: Vec<&str> = report
        .operations
        .iter()
        .map(|o| o.action.as_str())
        .collect();
    assert!(patches.iter().all(|a| *a == "PatchUser"), "{patches:?}");
    assert_eq!(
        changes(&report, "u1"),
        ["custom_fields.cost_center", "custom_fields.employee_number"]
    );
    let u1 = report
        .operations
        .iter()
        .find(|o| o.external_id.as_str() == "u1")
        .unwrap();
    assert_eq!(
        u1.changes["custom_fields.cost_center"],
        [serde_json::json!("R&D"), serde_json::Value::Null]
    );
    assert_eq!(changes(&report, "u2"), ["custom_fields.employee_number"]);
    assert_eq!(changes(&report, "u3"), ["custom_fields.employee_number"]);
    assert_eq!(changes(&report, "u4"), ["custom_fields.cost_center"]);
    let state = env.state();
    assert_eq!(of(&state, "u1"), map(&[("employee_number", "E101")]));
    assert_eq!(of(&state, "u2"), map(&[("badge", "B-7")]), "unmanaged kept");
    assert!(of(&state, "u3").is_empty());
    assert_eq!(
        of(&state, "u4"),
        map(&[("cost_center", "Sales"), ("employee_number", "E004")])
    );

    // Drift by hand: a managed value changed, one added, one removed. A full run repairs it
    // and says it was drift; the unmanaged field stays.
    by_hand(
        &env,
        "u1",
        vec![
            PatchCustomField::replace("employee_number", "X"),
            PatchCustomField::add("cost_center", "X"),
        ],
    )
    .await;
    by_hand(&env, "u4", vec![PatchCustomField::remove("cost_center")]).await;
    let report = env.converge(&second).await;
    assert_eq!(report.operations.len(), 2, "{}", report.to_json());
    for o in &report.operations {
        assert_eq!(
            o.cause,
            Some(eiam_sync::plan::Cause::Drift),
            "{}",
            report.to_json()
        );
    }
    assert_eq!(
        changes(&report, "u1"),
        ["custom_fields.cost_center", "custom_fields.employee_number"]
    );
    let state = env.state();
    assert_eq!(of(&state, "u1"), map(&[("employee_number", "E101")]));
    assert_eq!(of(&state, "u2"), map(&[("badge", "B-7")]));
}

#[tokio::test]
async fn custom_fields_follow_the_snapshot_on_sqlite() {
    lifecycle(Source::Sqlite).await;
}

#[tokio::test]
async fn custom_fields_follow_the_snapshot_on_postgres() {
    lifecycle(Source::Postgres).await;
}

async fn bad_rows(source: Source) {
    let env = env(source, "").await;
    let snap = with_fields(
        company(),
        vec![
            row("u1", "employee_number", Some("E001")),
            row("u1", "shoe_size", Some("44")),
            row("u2", "cost_center", Some(&"x".repeat(300))),
            row("u2", "employee_number", Some("E002")),
            row("nobody", "employee_number", Some("E999")),
        ],
    );
    env.write(&snap).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 3, "{}", report.to_json());
    let named: Vec<(String, String)> = report
        .rejected
        .iter()
        .map(|r| (r.external_id.clone(), r.field.clone()))
        .collect();
    assert_eq!(
        named,
        [
            (
                "nobody".to_owned(),
                "custom_fields.employee_number".to_owned()
            ),
            ("u1".to_owned(), "custom_fields.shoe_size".to_owned()),
            ("u2".to_owned(), "custom_fields.cost_center".to_owned()),
        ],
        "{}",
        report.to_json()
    );
    assert!(
        report
            .rejected
            .iter()
            .all(|r| !r.reason.contains("xxxxxxxx"))
    );
    assert!(report.operations.iter().all(|o| o.error.is_none()));
    let state = env.state();
    assert_eq!(state.users.len(), 6, "every user is created");
    assert_eq!(of(&state, "u1"), map(&[("employee_number", "E001")]));
    assert_eq!(of(&state, "u2"), map(&[("employee_number", "E002")]));

    // A value set by hand under a field whose row is rejected is left alone.
    by_hand(&env, "u2", vec![PatchCustomField::add("cost_center", "CC")]).await;
    let again = env.apply().await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
    assert_eq!(
        of(&env.state(), "u2"),
        map(&[("employee_number", "E002"), ("cost_center", "CC")])
    );
}

#[tokio::test]
async fn bad_custom_field_rows_are_rejected_one_by_one_on_sqlite() {
    bad_rows(Source::Sqlite).await;
}

#[tokio::test]
async fn bad_custom_field_rows_are_rejected_one_by_one_on_postgres() {
    bad_rows(Source::Postgres).await;
}

fn numbered(users: &[&str]) -> Vec<UserCustomFieldRow> {
    users
        .iter()
        .map(|u| row(u, "employee_number", Some(&format!("N-{u}"))))
        .collect()
}

const ALL: [&str; 6] = ["u1", "u2", "u3", "u4", "u5", "u6"];

#[tokio::test]
async fn an_absent_table_leaves_custom_fields_alone_with_a_note() {
    let env = env(Source::Sqlite, "").await;
    env.converge(&with_fields(company(), numbered(&ALL))).await;
    let before = fields(&env.state());
    env.write(&company()).await; // no user_custom_fields table at all
    let report = env.apply().await;
    assert!(report.operations.is_empty(), "{}", report.to_json());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.message.contains("no `user_custom_fields` table")),
        "{}",
        report.to_json()
    );
    assert_eq!(fields(&env.state()), before);
}

#[tokio::test]
async fn an_emptied_table_is_refused_by_the_removal_guard_until_approved() {
    let env = env(Source::Sqlite, "max_custom_field_removals = 3\n").await;
    env.converge(&with_fields(company(), numbered(&ALL))).await;
    let before = fields(&env.state());
    env.write(&with_fields(company(), Vec::new())).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4, "{}", report.to_json());
    let guard = report
        .guards
        .iter()
        .find(|g| g.name == "max_custom_field_removals")
        .expect("the guard is reported");
    assert!(guard.tripped);
    assert_eq!(guard.planned, serde_json::json!(6));
    assert_eq!(fields(&env.state()), before, "nothing was written");

    // Approved once, the same plan goes through.
    let now = SystemTime::now();
    env.reconciler
        .store()
        .approve(
            &report.plan_id,
            "test",
            "the fields are retired",
            now,
            now + Duration::from_secs(3600),
        )
        .await
        .unwrap();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{}", report.to_json());
    assert!(report.approval.is_some());
    assert!(fields(&env.state()).values().all(BTreeMap::is_empty));
}

#[tokio::test]
async fn an_unreadable_key_holds_back_removals_of_custom_fields() {
    use sqlx::Connection;
    let env = env(Source::Sqlite, "").await;
    env.converge(&with_fields(company(), numbered(&ALL))).await;
    // u6 loses its row, u1 gets a new value, and one row's user id is a BLOB.
    let mut rows = numbered(&ALL[..5]);
    rows[0] = row("u1", "employee_number", Some("NEW"));
    rows.push(row("u2", "cost_center", Some("CC")));
    env.write(&with_fields(company(), rows)).await;
    let mut db = sqlx::SqliteConnection::connect(&env.source_url)
        .await
        .unwrap();
    sqlx::query("UPDATE user_custom_fields SET user_id = CAST(user_id AS BLOB) WHERE user_id = 'u2' AND field_name = 'cost_center'")
        .execute(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 3, "{}", report.to_json());
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.message.contains("no custom field value is removed")),
        "{}",
        report.to_json()
    );
    let state = env.state();
    assert_eq!(of(&state, "u1"), map(&[("employee_number", "NEW")]));
    assert_eq!(
        of(&state, "u6"),
        map(&[("employee_number", "N-u6")]),
        "not removed while a row cannot be identified"
    );
}

#[tokio::test]
async fn observing_custom_fields_costs_one_get_user_per_user_and_none_without_them() {
    let plain = Env::new(Source::Sqlite).await;
    plain.converge(&company()).await;
    plain.emulator.reset_stats();
    plain.apply().await;
    // Only u3 has a secondary OU; where `ListUsers` by OU lists whole subtrees, every user
    // below the sync root is listed more than once and read.
    let listed_more_than_once = match plain.emulator.readings().list_users {
        ListUsersReading::Direct => 1,
        ListUsersReading::Subtree => 6,
    };
    assert_eq!(
        plain.emulator.stats().action("GetUser"),
        listed_more_than_once
    );

    let env = env(Source::Sqlite, "").await;
    env.converge(&with_fields(company(), numbered(&ALL))).await;
    env.emulator.reset_stats();
    let report = env.apply().await;
    assert!(report.operations.is_empty());
    assert_eq!(
        env.emulator.stats().action("GetUser"),
        6,
        "one per user, never two"
    );
}

async fn onboarding(source: Source) {
    let policy = "[sync.new_users]\npassword_initialization = \"random\"\nnotify = [\"email\", \"sms\"]\nforce_password_change = true\n";
    let env = env(source, policy).await;
    let snap = company().set_user("u2", |u| {
        u.phone_region = Some("86".into());
        u.phone_number = Some("13800000002".into());
        u.phone_number_verified = Some(true);
    });
    let report = env.converge(&snap).await;
    let state = env.state();
    for u in &state.users {
        let c = u
            .password_initialization_config
            .as_ref()
            .unwrap_or_else(|| panic!("{} created without initialization", u.user_external_id));
        assert_eq!(c.password_initialization_type.as_deref(), Some("random"));
        assert_eq!(c.password_forced_update_status.as_deref(), Some("enabled"));
        let want: &[&str] = if u.user_external_id == "u2" {
            &["email", "sms"]
        } else {
            &["email"]
        };
        assert_eq!(
            c.user_notification_channels.as_deref().unwrap_or_default(),
            want,
            "{}",
            u.user_external_id
        );
    }
    let json = report.to_json();
    assert!(!json.to_lowercase().contains("password"), "{json}");
}

#[tokio::test]
async fn new_hires_get_the_configured_first_password_on_sqlite() {
    onboarding(Source::Sqlite).await;
}

#[tokio::test]
async fn new_hires_get_the_configured_first_password_on_postgres() {
    onboarding(Source::Postgres).await;
}

#[tokio::test]
async fn without_a_policy_new_accounts_get_no_initialization() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    assert!(
        env.state()
            .users
            .iter()
            .all(|u| u.password_initialization_config.is_none())
    );
}

#[test]
fn the_demo_shows_a_custom_field_change_and_a_notified_new_hire() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
        .arg("demo")
        .env_remove("EIAM_SYNC_CONFIG")
        .output()
        .expect("the demo runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("custom_fields.cost_center: \"CC-WEB\" → \"CC-PLATFORM\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("e1100 grace.hopper: a random first password, notified by email and sms"),
        "{stdout}"
    );
    assert!(stdout.contains("a new plan has 0 operation(s)"), "{stdout}");
}

#[tokio::test]
async fn a_saved_plan_carries_custom_fields_and_goes_stale_when_one_is_edited_by_hand() {
    let env = env(Source::Sqlite, "").await;
    env.converge(&with_fields(company(), numbered(&ALL))).await;
    let mut rows = numbered(&ALL);
    rows[0] = row("u1", "employee_number", Some("NEW"));
    env.write(&with_fields(company(), rows)).await;
    let save = || async {
        let mut req =
            eiam_sync::reconcile::RunRequest::new("test", true, eiam_sync::model::KindSet::all());
        req.plan_out = true;
        let report = env.reconciler.run(req).await.expect("dry run");
        report.plan_file.clone().expect("a plan file")
    };

    // Edited by hand after the plan was saved: refused, naming the field.
    let file = save().await;
    by_hand(
        &env,
        "u1",
        vec![PatchCustomField::replace("employee_number", "HAND")],
    )
    .await;
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    let r = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(r.exit_code(), 4, "{}", r.to_json());
    let drift = r.drift.clone().unwrap_or_default();
    assert!(
        drift
            .iter()
            .any(|d| d.external_id == "u1" && d.field == "custom_fields.employee_number"),
        "{}",
        r.to_json()
    );
    assert_eq!(of(&env.state(), "u1"), map(&[("employee_number", "HAND")]));

    // A fresh plan is applied exactly.
    let file = save().await;
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    let r = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    assert_eq!(of(&env.state(), "u1"), map(&[("employee_number", "NEW")]));
}
