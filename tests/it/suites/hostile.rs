//! The hostile-snapshot suite: every damaged snapshot of [`super::hostile_cases`] applied over an
//! already-synced directory must end in a clear rejection (naming record and field) or a clear
//! error, never in a panic, a hang, or the removal of anything still wanted.

use std::collections::BTreeSet;
use std::time::Duration;

use eiam_sync::emulator::AdminState;
use eiam_sync::model::Snapshot;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use sqlx::{Connection, Executor};

use super::directory::{Size, generate};
use super::hostile_cases::{Build, Case, Expect, all};
use super::{Tally, pick};
use crate::support::harness::{Harness, RunOut, Store};

const COLUMNS: [(&str, &str); 5] = [
    ("organizational_units", "id, parent_id, name, description"),
    (
        "users",
        "id, username, display_name, email, email_verified, phone_region, phone_number, phone_number_verified, primary_ou_id, description, status",
    ),
    ("user_organizational_units", "user_id, ou_id"),
    ("groups", "id, name"),
    ("group_members", "group_id, user_id"),
];

fn q(v: &Option<String>) -> String {
    v.as_ref().map_or("NULL".to_owned(), |s| {
        format!("'{}'", s.replace('\'', "''"))
    })
}

fn b(v: Option<bool>) -> String {
    v.map_or("NULL".to_owned(), |x| u8::from(x).to_string())
}

/// The snapshot as INSERTs into untyped tables, so any damage can be written over it.
fn untyped(s: &Snapshot) -> Vec<String> {
    let mut out: Vec<String> = COLUMNS
        .iter()
        .map(|(t, c)| format!("CREATE TABLE {t} ({c})"))
        .collect();
    for o in &s.organizational_units {
        out.push(format!(
            "INSERT INTO organizational_units VALUES ({}, {}, {}, {})",
            q(&Some(o.id.clone())),
            q(&o.parent_id),
            q(&Some(o.name.clone())),
            q(&o.description)
        ));
    }
    for u in &s.users {
        out.push(format!(
            "INSERT INTO users VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            q(&Some(u.id.clone())),
            q(&Some(u.username.clone())),
            q(&u.display_name),
            q(&u.email),
            b(u.email_verified),
            q(&u.phone_region),
            q(&u.phone_number),
            b(u.phone_number_verified),
            q(&Some(u.primary_ou_id.clone())),
            q(&u.description),
            q(&Some(u.status.to_string()))
        ));
    }
    for r in &s.user_organizational_units {
        out.push(format!(
            "INSERT INTO user_organizational_units VALUES ('{}', '{}')",
            r.user_id, r.ou_id
        ));
    }
    for g in &s.groups {
        out.push(format!(
            "INSERT INTO groups VALUES ('{}', '{}')",
            g.id, g.name
        ));
    }
    for m in &s.group_members {
        out.push(format!(
            "INSERT INTO group_members VALUES ('{}', '{}')",
            m.group_id, m.user_id
        ));
    }
    out
}

async fn write_sqlite(path: &std::path::Path, stmts: &[String]) {
    let _ = std::fs::remove_file(path);
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    conn.execute("BEGIN").await.unwrap();
    for s in stmts {
        conn.execute(sqlx::AssertSqlSafe(s.clone()))
            .await
            .unwrap_or_else(|e| panic!("{s:.200}: {e}"));
    }
    conn.execute("COMMIT").await.unwrap();
    conn.close().await.unwrap();
}

/// Writes the case's snapshot file (the base snapshot with `cases` applied in turn).
async fn build(env: &Harness, base: &Snapshot, cases: &[&Case]) {
    let path = env.dir.path().join("snapshot.db");
    let mut stmts = untyped(base);
    for c in cases {
        match &c.build {
            Build::Sql(more) => stmts.extend(more.iter().cloned()),
            Build::Bytes(bytes) => {
                std::fs::write(&path, bytes).unwrap();
                return;
            }
            Build::Truncated => {
                write_sqlite(&path, &stmts).await;
                let data = std::fs::read(&path).unwrap();
                std::fs::write(&path, &data[..data.len() / 2]).unwrap();
                return;
            }
        }
    }
    write_sqlite(&path, &stmts).await;
}

const REMOVALS: [&str; 6] = [
    "DeleteUser",
    "DisableUser",
    "DeleteOrganizationalUnit",
    "DeleteGroup",
    "RemoveUsersFromGroup",
    "RemoveUserFromOrganizationalUnits",
];

/// Base objects, memberships and statuses missing from `now` (what a removal would take away).
pub(super) fn removed(before: &AdminState, now: &AdminState) -> Vec<String> {
    let mut out = Vec::new();
    let ous: BTreeSet<&str> = now
        .organizational_units
        .iter()
        .map(|o| o.organizational_unit_id.as_str())
        .collect();
    for o in &before.organizational_units {
        if !ous.contains(o.organizational_unit_id.as_str()) {
            out.push(format!(
                "OU {} was removed",
                o.organizational_unit_external_id
            ));
        }
    }
    for u in &before.users {
        match now.users.iter().find(|x| x.user_id == u.user_id) {
            None => out.push(format!("user {} was deleted", u.user_external_id)),
            Some(x) => {
                if x.status != u.status {
                    out.push(format!("user {} became {}", u.user_external_id, x.status));
                }
                for ou in &u.organizational_unit_ids {
                    if !x.organizational_unit_ids.contains(ou) {
                        out.push(format!("user {} left OU {ou}", u.user_external_id));
                    }
                }
            }
        }
    }
    for g in &before.groups {
        if !now.groups.iter().any(|x| x.group_id == g.group_id) {
            out.push(format!("group {} was deleted", g.group_external_id));
        }
    }
    for m in &before.group_members {
        if !now.group_members.contains(m) {
            out.push(format!("member {} left group {}", m.user_id, m.group_id));
        }
    }
    out
}

/// What is wrong with the outcome of one hostile snapshot.
pub(super) fn judge(c: &Case, out: &RunOut, before: &AdminState, now: &AdminState) -> Vec<String> {
    let mut problems = removed(before, now);
    for op in out.ops() {
        let action = op["action"].as_str().unwrap_or("");
        if REMOVALS.contains(&action) {
            problems.push(format!("planned a removal: {op}"));
        }
    }
    match &c.expect {
        Expect::Reject(kind, ext, field) => {
            let rejected = out.report["rejected"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let named = rejected.iter().any(|r| {
                r["kind"] == *kind
                    && (ext.is_empty() || r["external_id"] == *ext)
                    && r["field"] == *field
                    && r["reason"].as_str().is_some_and(|s| !s.is_empty())
            });
            // A shrink-gate refusal (exit 4) is as clear as a partial run (exit 3).
            if ![3, 4].contains(&out.code) || !named {
                problems.push(format!(
                    "expected exit 3 and a rejection of {kind} {ext:?} naming `{field}`; exit {}, rejected {}",
                    out.code,
                    serde_json::Value::Array(rejected)
                ));
            }
        }
        Expect::Fatal(needle) => {
            let text = format!("{} {}", out.report, out.stderr).to_lowercase();
            if out.code != 1 || !text.contains(&needle.to_lowercase()) {
                problems.push(format!(
                    "expected exit 1 with an error naming {needle:?}; exit {}: {}{}",
                    out.code, out.report, out.stderr
                ));
            }
            if now != before {
                problems.push("a fatal run changed EIAM".into());
            }
        }
        Expect::Accept(value) => {
            if out.code != 0 {
                problems.push(format!(
                    "expected exit 0; exit {}: {}",
                    out.code, out.report
                ));
            }
            if let Some((ext, field, want)) = value {
                let user = now.users.iter().find(|u| u.user_external_id == *ext);
                let have = user.and_then(|u| match *field {
                    "display_name" => u.display_name.clone(),
                    _ => None,
                });
                if have.as_deref() != Some(want.as_str()) {
                    problems.push(format!("{ext} {field} is {have:?}, not {want:?}"));
                }
            }
        }
    }
    problems
}

async fn try_cases(
    env: &Harness,
    base: &Snapshot,
    synced: &mut AdminState,
    cases: &[&Case],
) -> Vec<String> {
    let t0 = std::time::Instant::now();
    build(env, base, cases).await;
    let (child, out, err) = env.spawn(&[]);
    let run = env.finish(child, out, err, Duration::from_secs(120)).await;
    let now = env.state();
    let names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    let mut problems: Vec<String> = match cases {
        [one] => judge(one, &run, synced, &now),
        _ => {
            // Several kinds of damage at once: no expectation per kind, only the safety rules.
            let mut p = removed(synced, &now);
            if run.code == 101
                || run.code == 0
                    && cases
                        .iter()
                        .any(|c| matches!(c.expect, Expect::Reject(..) | Expect::Fatal(_)))
            {
                p.push(format!("exit {} for damaged input", run.code));
            }
            p
        }
    }
    .into_iter()
    .map(|p| format!("{names:?}: {p}"))
    .collect();
    if now != *synced {
        // Back to the synced directory for the next case, which must take one clean run.
        let _ = std::fs::remove_file(env.dir.path().join("snapshot.db"));
        env.write(base).await;
        let back = env.reconcile(&[]).await;
        let again = env.reconcile(&["--dry-run"]).await;
        if back.code != 0 || !again.ops().is_empty() {
            problems.push(format!(
                "{names:?}: no clean way back: {} / {}",
                back.report, again.report
            ));
        }
        // Objects recreated on the way back have new ids; later cases compare with these.
        *synced = env.state();
    }
    eprintln!("hostile {names:?}: {:?}", t0.elapsed());
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_snapshots_are_rejected_record_by_record_and_remove_nothing() {
    let env = Harness::suite(Store::Sqlite, "user_removal = \"disable\"", "").await;
    let mut base = generate(
        Size {
            ous: 6,
            depth: 3,
            users: 12,
            groups: 2,
        },
        7,
    );
    // The cases refer to these records: e00001, a secondary OU, group members.
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
    assert!(base.users.iter().any(|u| u.id == "e00001"));
    assert!(!base.user_organizational_units.is_empty() && !base.group_members.is_empty());
    env.write(&base).await;
    env.converge_by_binary().await;
    let mut synced = env.state();
    let cases = all();
    assert!(cases.len() >= 40, "{} kinds", cases.len());
    let tally = Tally::default();
    let mut problems = Vec::new();
    for c in &cases {
        problems.extend(try_cases(&env, &base, &mut synced, &[c]).await);
        Tally::add(&tally.inputs, 1);
        Tally::add(&tally.trials, 1);
    }
    // Combinations: several kinds of damage in one snapshot.
    let mut rng = StdRng::seed_from_u64(12);
    let sql_cases: Vec<&Case> = cases
        .iter()
        .filter(|c| matches!(c.build, Build::Sql(_)))
        .collect();
    for _ in 0..pick(5, 200) {
        let n = rng.random_range(2..5);
        let combo: Vec<&Case> = (0..n)
            .map(|_| sql_cases[rng.random_range(0..sql_cases.len())])
            .collect();
        problems.extend(try_cases(&env, &base, &mut synced, &combo).await);
        Tally::add(&tally.inputs, 1);
        Tally::add(&tally.trials, 1);
    }
    Tally::add(&tally.lost, problems.len() as u64);
    let line = tally.line("hostile");
    assert!(problems.is_empty(), "{line}\n{}", problems.join("\n"));
    tally.finish("hostile");
}
