//! The hostile-snapshot suite over a PostgreSQL source, where types belong to columns: key
//! columns of every table (`user_custom_fields` included) retyped to `bytea` or `integer`,
//! NULLs where the schema forbade them, huge strings and control characters, missing tables
//! and columns. Each is applied over an already-synced directory with managed extended fields
//! and must end in a rejection naming the field or a clear error, and remove nothing: no
//! object, status, secondary OU, membership or extended-field value.

use std::time::Duration;

use eiam_sync::emulator::AdminState;
use eiam_sync::model::{Snapshot, UserCustomFieldRow};
use sqlx::{Connection, Executor};

use super::directory::{Size, generate};
use super::hostile::judge;
use super::hostile_cases::{Build, Case, Expect};
use super::{Tally, full};
use crate::support::harness::{Harness, Store};
use crate::support::pg::TestDb;

const TABLES: [&str; 6] = [
    "organizational_units",
    "users",
    "user_organizational_units",
    "groups",
    "group_members",
    "user_custom_fields",
];

/// `table.column` replaced by a column of type `ty` holding `expr` (of the old value).
fn retype(table: &str, column: &str, ty: &str, expr: &str) -> Vec<String> {
    vec![
        format!("ALTER TABLE {table} ADD COLUMN {column}__new {ty}"),
        format!("UPDATE {table} SET {column}__new = {expr}"),
        format!("ALTER TABLE {table} DROP COLUMN {column}"),
        format!("ALTER TABLE {table} RENAME COLUMN {column}__new TO {column}"),
    ]
}

/// The primary key and NOT NULL of `columns` dropped, then `update` run.
fn nullable(table: &str, columns: &[&str], update: &str) -> Vec<String> {
    let mut out = vec![format!(
        "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_pkey"
    )];
    for c in columns {
        out.push(format!(
            "ALTER TABLE {table} ALTER COLUMN {c} DROP NOT NULL"
        ));
    }
    out.push(update.to_owned());
    out
}

fn case(name: &'static str, stmts: Vec<String>, expect: Expect) -> Case {
    Case {
        name,
        build: Build::Sql(stmts),
        expect,
    }
}

fn one(s: &str) -> Vec<String> {
    vec![s.to_owned()]
}

const FIELD: &str = "custom_fields.employee_number";

fn cases() -> Vec<Case> {
    use Expect::*;
    let bytes = "convert_to({c}, 'UTF8')";
    let b = |c: &str| bytes.replace("{c}", c);
    let len = |c: &str| format!("length({c})");
    vec![
        // Key columns of every table with a type that is not text.
        // A bytea key is named by its bytes as an SQL hex literal: `e00001` is x'653030303031'.
        case("user id is bytea", retype("users", "id", "bytea", &b("id")), Reject("user", "x'653030303031'", "id")),
        case("user id is an integer", retype("users", "id", "integer", &len("id")), Reject("user", "", "id")),
        case("OU id is bytea", retype("organizational_units", "id", "bytea", &b("id")), Reject("organizational_unit", "", "id")),
        case("OU parent is an integer", retype("organizational_units", "parent_id", "integer", &len("parent_id")), Reject("organizational_unit", "", "parent_id")),
        case("primary OU is bytea", retype("users", "primary_ou_id", "bytea", &b("primary_ou_id")), Reject("user", "", "primary_ou_id")),
        case("group id is bytea", retype("groups", "id", "bytea", &b("id")), Reject("group", "", "id")),
        case("secondary OU link with an integer user", retype("user_organizational_units", "user_id", "integer", &len("user_id")), Reject("membership", "", "user_id")),
        case("secondary OU link with a bytea OU", retype("user_organizational_units", "ou_id", "bytea", &b("ou_id")), Reject("membership", "", "ou_id")),
        case("group member with a bytea group", retype("group_members", "group_id", "bytea", &b("group_id")), Reject("membership", "", "group_id")),
        case("group member with an integer user", retype("group_members", "user_id", "integer", &len("user_id")), Reject("membership", "", "user_id")),
        case("custom field of a bytea user", retype("user_custom_fields", "user_id", "bytea", &b("user_id")), Reject("user", "", FIELD)),
        // A number in `field_name` is read as its text ("15", the length of the name) and
        // named so; the row is rejected as a field nobody manages.
        case("custom field name is an integer", retype("user_custom_fields", "field_name", "integer", &len("field_name")), Reject("user", "", "custom_fields.15")),
        case("custom field value is bytea", retype("user_custom_fields", "field_value", "bytea", &b("field_value")), Reject("user", "", FIELD)),
        case("email_verified is text", retype("users", "email_verified", "text", "'yes'"), Reject("user", "", "email_verified")),
        // NULLs where the schema had forbidden them.
        case("user id is NULL", nullable("users", &["id"], "UPDATE users SET id = NULL WHERE id = 'e00001'"), Reject("user", "", "id")),
        case("username is NULL", nullable("users", &["username"], "UPDATE users SET username = NULL WHERE id = 'e00001'"), Reject("user", "e00001", "username")),
        case("OU id is NULL", nullable("organizational_units", &["id"], "UPDATE organizational_units SET id = NULL WHERE id = 'o5'"), Reject("organizational_unit", "", "id")),
        case("group member user is NULL", nullable("group_members", &["user_id"], "UPDATE group_members SET user_id = NULL WHERE ctid = (SELECT min(ctid) FROM group_members)"), Reject("membership", "", "user_id")),
        case("custom field user is NULL", nullable("user_custom_fields", &["user_id"], "UPDATE user_custom_fields SET user_id = NULL WHERE user_id = 'e00001'"), Reject("user", "", FIELD)),
        case("custom field name is NULL", nullable("user_custom_fields", &["field_name"], "UPDATE user_custom_fields SET field_name = NULL WHERE user_id = 'e00001'"), Reject("user", "", "custom_fields")),
        case("NULLs everywhere", [
            nullable("organizational_units", &["id", "name"], "UPDATE organizational_units SET id = NULL, parent_id = NULL, name = NULL, description = NULL"),
            nullable("users", &["id", "username", "primary_ou_id", "status"], "UPDATE users SET id = NULL, username = NULL, display_name = NULL, email = NULL, email_verified = NULL, primary_ou_id = NULL, status = NULL"),
            nullable("user_organizational_units", &["user_id", "ou_id"], "UPDATE user_organizational_units SET user_id = NULL, ou_id = NULL"),
            nullable("groups", &["id", "name"], "UPDATE groups SET id = NULL, name = NULL"),
            nullable("group_members", &["group_id", "user_id"], "UPDATE group_members SET group_id = NULL, user_id = NULL"),
            nullable("user_custom_fields", &["user_id", "field_name"], "UPDATE user_custom_fields SET user_id = NULL, field_name = NULL, field_value = NULL"),
        ].concat(), Reject("user", "", "id")),
        // Sizes and characters.
        case("10 MB display name", one("UPDATE users SET display_name = repeat('x', 10485760) WHERE id = 'e00001'"), Reject("user", "e00001", "display_name")),
        case("10 MB custom field value", one("UPDATE user_custom_fields SET field_value = repeat('x', 10485760) WHERE user_id = 'e00001'"), Reject("user", "e00001", FIELD)),
        case("control character in a name", one("UPDATE users SET display_name = 'Bell' || chr(7) WHERE id = 'e00001'"), Reject("user", "e00001", "display_name")),
        case("SQL-looking display name", one("UPDATE users SET display_name = 'Robert''); DROP TABLE users;--' WHERE id = 'e00001'"), Accept(Some(("e00001", "display_name", "Robert'); DROP TABLE users;--".into())))),
        // The shape of the database.
        case("missing table", one("DROP TABLE groups"), Fatal("groups")),
        case("missing column", one("ALTER TABLE users DROP COLUMN email"), Fatal("email")),
        case("renamed key column", one("ALTER TABLE organizational_units RENAME COLUMN parent_id TO parent"), Fatal("parent_id")),
        case("renamed custom field key column", one("ALTER TABLE user_custom_fields RENAME COLUMN field_name TO name"), Fatal("field_name")),
    ]
}

/// Extended-field values taken away between `before` and `now`.
fn fields_removed(before: &AdminState, now: &AdminState) -> Vec<String> {
    let mut out = Vec::new();
    for u in &before.users {
        let Some(x) = now.users.iter().find(|x| x.user_id == u.user_id) else {
            continue;
        };
        for f in u.custom_fields.iter().flatten() {
            if !x.custom_fields.iter().flatten().any(|g| g == f) {
                out.push(format!(
                    "user {} lost its extended field {f:?}",
                    u.user_external_id
                ));
            }
        }
    }
    out
}

async fn reset(db: &TestDb, env: &Harness, base: &Snapshot) {
    let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
    for t in TABLES {
        conn.execute(sqlx::AssertSqlSafe(format!(
            "DROP TABLE IF EXISTS {t} CASCADE"
        )))
        .await
        .unwrap();
    }
    conn.close().await.unwrap();
    env.write(base).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_postgres_snapshots_are_rejected_and_remove_nothing() {
    let mut env = Harness::suite(
        Store::Sqlite,
        "user_removal = \"disable\"\ncustom_fields = [\"employee_number\"]",
        "",
    )
    .await;
    env.emulator
        .set_custom_fields(&["employee_number"])
        .unwrap();
    // The snapshot is read from PostgreSQL.
    let db = TestDb::create().await;
    env.edit_config(|text| text.replace(&env.source_url, &db.url));
    env.source_url = db.url.clone();
    let mut base = generate(
        Size {
            ous: 6,
            depth: 3,
            users: 12,
            groups: 2,
        },
        7,
    );
    base.user_custom_fields = Some(
        base.users
            .iter()
            .take(6)
            .map(|u| UserCustomFieldRow {
                user_id: u.id.clone(),
                field_name: "employee_number".into(),
                field_value: Some(format!("E-{}", u.id)),
                defects: Vec::new(),
            })
            .collect(),
    );
    // A secondary OU for e00001, as in the SQLite suite.
    let primary = base.users[1].primary_ou_id.clone();
    let other = if primary == "o0" { "o1" } else { "o0" };
    base.user_organizational_units
        .retain(|r| r.user_id != "e00001");
    base.user_organizational_units
        .push(eiam_sync::model::UserOuRow {
            user_id: "e00001".into(),
            ou_id: other.into(),
            defects: Vec::new(),
        });
    assert!(base.users.iter().take(6).any(|u| u.id == "e00001"));
    assert!(!base.user_organizational_units.is_empty() && !base.group_members.is_empty());
    reset(&db, &env, &base).await;
    env.converge_by_binary().await;
    let mut synced = env.state();
    assert!(
        synced
            .users
            .iter()
            .any(|u| u.custom_fields.iter().flatten().next().is_some()),
        "the extended fields were synced"
    );
    let tally = Tally::default();
    let mut problems = Vec::new();
    let cases = cases();
    // The fast subset: every other kind, and every kind on the extended-fields table.
    let chosen: Vec<&Case> = cases
        .iter()
        .enumerate()
        .filter(|(i, c)| full() || i % 2 == 0 || c.name.contains("custom"))
        .map(|(_, c)| c)
        .collect();
    for c in chosen {
        reset(&db, &env, &base).await;
        let Build::Sql(stmts) = &c.build else {
            unreachable!("PostgreSQL cases are SQL")
        };
        let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
        for s in stmts {
            conn.execute(sqlx::AssertSqlSafe(s.clone()))
                .await
                .unwrap_or_else(|e| panic!("{}: {s:.200}: {e}", c.name));
        }
        conn.close().await.unwrap();
        let (child, out, err) = env.spawn(&[]);
        let run = env.finish(child, out, err, Duration::from_secs(120)).await;
        let now = env.state();
        let mut found = judge(c, &run, &synced, &now);
        found.extend(fields_removed(&synced, &now));
        if now != synced {
            reset(&db, &env, &base).await;
            let back = env.reconcile(&[]).await;
            let again = env.reconcile(&["--dry-run"]).await;
            if back.code != 0 || !again.ops().is_empty() {
                found.push(format!(
                    "no clean way back: {} / {}",
                    back.report, again.report
                ));
            }
            synced = env.state();
        }
        problems.extend(found.into_iter().map(|p| format!("{}: {p}", c.name)));
        Tally::add(&tally.inputs, 1);
        Tally::add(&tally.trials, 1);
    }
    assert!(cases.len() >= 25, "{} kinds", cases.len());
    Tally::add(&tally.lost, problems.len() as u64);
    let line = tally.line("hostile/postgres");
    assert!(problems.is_empty(), "{line}\n{}", problems.join("\n"));
    tally.finish("hostile/postgres");
}
