//! A snapshot row whose identity cannot be read (a BLOB in a key column) must not make the
//! object it belongs to look gone: nothing of that kind, and no link of that table, is removed
//! in that run, and the run says so.

use eiam_sync::emulator::{AdminState, StateUser};
use eiam_sync::model::Snapshot;
use eiam_sync::report::Report;
use sqlx::{AssertSqlSafe, Connection, SqlSafeStr};

use super::data::{Build, company};
use crate::support::harness::{Env, Source};

/// The company plus an empty OU, so an OU deletion would not be held back by its members.
fn synced() -> Snapshot {
    company().ou("legal", Some("hq"), "Legal")
}

/// Turn the key `column` of the row of `table` where it equals `value` into a BLOB.
async fn blob(env: &Env, table: &str, column: &str, value: &str, also: Option<(&str, &str)>) {
    let mut db = sqlx::SqliteConnection::connect(&env.source_url)
        .await
        .expect("snapshot database");
    let mut sql =
        format!("UPDATE {table} SET {column} = CAST({column} AS BLOB) WHERE {column} = ?");
    if let Some((other, _)) = also {
        sql.push_str(&format!(" AND {other} = ?"));
    }
    // The table and column names are this test's own constants.
    let mut q = sqlx::query(AssertSqlSafe(sql.clone()).into_sql_str()).bind(value);
    if let Some((_, v)) = also {
        q = q.bind(v);
    }
    let done = q.execute(&mut db).await.expect("update");
    assert_eq!(done.rows_affected(), 1, "{sql}");
}

/// Converge, damage one key, apply: returns the state before, the report and the state after.
async fn run_with_blob(
    table: &str,
    column: &str,
    value: &str,
    also: Option<(&str, &str)>,
) -> (AdminState, Report, AdminState) {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&synced()).await;
    // A wanted change in the same run: it must still be made.
    env.write(&synced().set_user("u6", |u| u.display_name = Some("Frank F.".into())))
        .await;
    blob(&env, table, column, value, also).await;
    let before = env.state();
    let report = env.apply().await;
    (before, report, env.state())
}

/// The record is named so its row can be found: the key's bytes as an SQL hex literal (what
/// `WHERE id = x'…'` matches), and the row's username or name.
fn assert_named(report: &Report, hex: &str, by: &str) {
    let r = (report.rejected.iter())
        .find(|r| r.field == "id")
        .unwrap_or_else(|| panic!("{}", report.to_json()));
    assert_eq!(r.external_id, hex, "{}", report.to_json());
    assert!(r.reason.contains(by), "{}", r.reason);
}

fn assert_reported(report: &Report, table: &str, field: &str) {
    assert_eq!(report.exit_code(), 3, "{}", report.to_json());
    assert!(
        report
            .rejected
            .iter()
            .any(|r| r.field == field && r.reason.contains("blob")),
        "{}",
        report.to_json()
    );
    assert!(
        report.notes.iter().any(|n| n.message.contains(&format!(
            "a row of `{table}` has an id that could not be read"
        ))),
        "{}",
        report.to_json()
    );
    assert!(
        report
            .operations
            .iter()
            .any(|o| o.action.to_string() == "PatchUser" && o.external_id == "u6"),
        "the rest of the run proceeds: {}",
        report.to_json()
    );
}

fn user<'a>(s: &'a AdminState, ext: &str) -> &'a StateUser {
    s.users
        .iter()
        .find(|u| u.user_external_id == ext)
        .unwrap_or_else(|| panic!("user {ext} is still there"))
}

fn group_members(s: &AdminState, ext: &str) -> Vec<String> {
    let Some(g) = s.groups.iter().find(|g| g.group_external_id == ext) else {
        return Vec::new();
    };
    let mut m: Vec<String> = s
        .group_members
        .iter()
        .filter(|m| m.group_id == g.group_id)
        .map(|m| m.user_id.clone())
        .collect();
    m.sort();
    m
}

#[tokio::test]
async fn a_blob_user_id_deletes_no_user() {
    let (before, report, after) = run_with_blob("users", "id", "u4", None).await;
    assert_reported(&report, "users", "id");
    assert_named(&report, "x'7534'", "the row's username is `dave`");
    assert_eq!(after.users.len(), before.users.len(), "nobody was deleted");
    let (b, a) = (user(&before, "u4"), user(&after, "u4"));
    assert_eq!(a.status, "enabled");
    assert_eq!(a.organizational_unit_ids, b.organizational_unit_ids);
    assert_eq!(group_members(&after, "g2"), group_members(&before, "g2"));
}

#[tokio::test]
async fn a_blob_ou_id_deletes_no_ou() {
    let (before, report, after) = run_with_blob("organizational_units", "id", "legal", None).await;
    assert_reported(&report, "organizational_units", "id");
    assert_named(&report, "x'6c6567616c'", "the row's name is `Legal`");
    assert!(
        after
            .organizational_units
            .iter()
            .any(|o| o.organizational_unit_external_id == "legal"),
        "the OU is kept"
    );
    assert_eq!(
        after.organizational_units.len(),
        before.organizational_units.len()
    );
}

#[tokio::test]
async fn a_blob_group_id_deletes_no_group() {
    let (before, report, after) = run_with_blob("groups", "id", "g1", None).await;
    assert_reported(&report, "groups", "id");
    assert_named(&report, "x'6731'", "the row's name is `Engineers`");
    assert_eq!(after.groups.len(), before.groups.len(), "no group deleted");
    assert_eq!(group_members(&after, "g1"), group_members(&before, "g1"));
}

#[tokio::test]
async fn a_blob_member_id_removes_no_member() {
    let (before, report, after) =
        run_with_blob("group_members", "user_id", "u2", Some(("group_id", "g1"))).await;
    assert_reported(&report, "group_members", "user_id");
    assert_eq!(group_members(&after, "g1"), group_members(&before, "g1"));
    assert_eq!(group_members(&after, "g1").len(), 3);
}

#[tokio::test]
async fn a_blob_secondary_ou_id_removes_no_secondary_ou() {
    let (before, report, after) = run_with_blob(
        "user_organizational_units",
        "ou_id",
        "web",
        Some(("user_id", "u3")),
    )
    .await;
    assert_reported(&report, "user_organizational_units", "ou_id");
    let (b, a) = (user(&before, "u3"), user(&after, "u3"));
    assert_eq!(a.organizational_unit_ids, b.organizational_unit_ids);
    assert_eq!(a.organizational_unit_ids.len(), 2, "primary and secondary");
}
