//! `eiam-sync doctor` (docs/contract.md §11): a first contact that reads only. A populated
//! instance counted per kind under both readings of `ListUsers` and from both snapshot
//! backends; the same instance after a takeover; and each problem that stops a sync named with
//! what to change: a wrong secret, a root outside the scope, a missing root, a missing
//! permission.

mod problems;

use eiam_sync::doctor::{Diagnosis, KindCounts, ListUsersReading, Objects, examine};
use eiam_sync::emulator::{ListUsersReading as Emulated, Readings};
use eiam_sync::model::Snapshot;

use crate::adopt::console::Console;
use crate::reconcile::data::Build;
use crate::support::harness::{Env, Source};

const RULES: &str = "[sync.adopt]\nusers = [\"username\", \"email\"]\norganizational_units = \"path\"\ngroups = \"name\"\n";

fn snapshot() -> Snapshot {
    Snapshot::default()
        .ou("hq", None, "HQ")
        .ou("eng", Some("hq"), "Engineering")
        .ou("new", Some("hq"), "New team")
        .user("e1", "alice", "eng")
        .user("e2", "bob", "eng")
        .user("e3", "carol", "eng")
        .user("e4", "dave", "new")
        .group("g1", "Staff")
        .member("g1", "e1")
        .group("g2", "Engineers")
}

/// What an administrator made before: alice and carol (by email) match one account each; bob's
/// username and email point at two accounts; zed is kept by DingTalk; HQ and Engineering match
/// by path, Staff by name; Lunch club and temp belong to no record.
fn console(env: &Env) -> Console {
    Console::of(env)
        .ou("ou_c_hq", None, "HQ")
        .ou("ou_c_eng", Some("ou_c_hq"), "Engineering")
        .user(
            "user_c_alice",
            "alice",
            Some("a@corp.example"),
            &["ou_c_eng"],
        )
        .user("user_c_bob", "bob", Some("bob@corp.example"), &["ou_c_eng"])
        .user(
            "user_c_robert",
            "robert",
            Some("bob@example.com"),
            &["ou_c_hq"],
        )
        .user(
            "user_c_carol",
            "carol.w",
            Some("Carol@Example.com"),
            &["ou_c_eng"],
        )
        .user("user_c_zed", "zed", Some("zed@example.com"), &["ou_c_eng"])
        .user("user_c_temp", "temp", None, &["ou_c_hq"])
        .source("user_c_zed", "ding_talk")
        .group("group_c_staff", "Staff", &["user_c_alice"])
        .group("group_c_lunch", "Lunch club", &["user_c_zed"])
}

fn counts(
    managed: u64,
    adoptable: u64,
    ambiguous: u64,
    conflicting: u64,
    other: u64,
) -> KindCounts {
    KindCounts {
        managed,
        adoptable,
        ambiguous,
        conflicting,
        other_sources: other,
    }
}

fn assert_can_sync(d: &Diagnosis) {
    assert!(d.can_sync(), "{}", d.to_text());
    assert_eq!(d.exit_code(), 0);
    let names: Vec<_> = d.checks.iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "configuration",
            "source_database",
            "state_database",
            "token",
            "provisioning_scope",
            "sync_root",
            "read_organizational_units",
            "read_users",
            "read_groups",
            "snapshot",
            "objects",
        ]
    );
}

fn set_reading(env: &Env, list_users: Emulated) {
    env.emulator.set_readings(Readings { list_users });
}

/// The same tree with an account in `eng`: `hq` lists it only under the subtree reading.
#[tokio::test]
async fn an_account_two_levels_down_tells_the_reading() {
    let env = Env::new(Source::Sqlite).await;
    let s = Snapshot::default()
        .ou("hq", None, "HQ")
        .ou("eng", Some("hq"), "Eng")
        .user("e1", "alice", "eng");
    env.converge(&s).await;
    for (reading, told) in [
        (Emulated::Subtree, ListUsersReading::Subtree),
        (Emulated::Direct, ListUsersReading::Direct),
    ] {
        set_reading(&env, reading);
        let d = examine(&env.config_path).await;
        assert_can_sync(&d);
        assert_eq!(d.list_users_reading, told, "{}", d.to_text());
    }
}

/// Nothing was written: no operation but reads, no ownership recorded.
async fn assert_read_only(env: &Env) {
    let writes: Vec<_> = (env.emulator.requests().into_iter())
        .filter_map(|r| r.action)
        .filter(|a| !(a.starts_with("Get") || a.starts_with("List") || a == "GenerateToken"))
        .collect();
    assert!(writes.is_empty(), "doctor wrote: {writes:?}");
    let owned = env.reconciler.store().load_ownership().await.unwrap();
    assert!(owned.objects.is_empty(), "doctor recorded ownership");
}

async fn populated(source: Source) {
    let env = Env::with(source, RULES).await;
    env.write(&snapshot()).await;
    console(&env).put(&env);
    let expected = Objects {
        organizational_units: counts(0, 2, 0, 0, 0),
        users: counts(0, 2, 1, 0, 1),
        groups: counts(0, 1, 0, 0, 0),
    };
    for (reading, told) in [
        (Emulated::Direct, ListUsersReading::Direct),
        (Emulated::Subtree, ListUsersReading::Subtree),
    ] {
        set_reading(&env, reading);
        let d = examine(&env.config_path).await;
        assert_can_sync(&d);
        assert_eq!(d.list_users_reading, told, "{}", d.to_text());
        assert_eq!(d.objects, Some(expected), "{}", d.to_text());
    }
    assert_read_only(&env).await;

    // Taken over by a run: what was adoptable is managed, what was created too; bob stays
    // ambiguous, zed of DingTalk stays apart.
    set_reading(&env, Emulated::Direct);
    env.apply().await;
    let d = examine(&env.config_path).await;
    assert_can_sync(&d);
    let after = Objects {
        organizational_units: counts(3, 0, 0, 0, 0),
        users: counts(3, 0, 1, 0, 1),
        groups: counts(2, 0, 0, 0, 0),
    };
    assert_eq!(d.objects, Some(after), "{}", d.to_text());
}

#[tokio::test]
async fn a_populated_instance_is_counted_from_a_sqlite_snapshot() {
    populated(Source::Sqlite).await;
}

#[tokio::test]
async fn a_populated_instance_is_counted_from_a_postgres_snapshot() {
    populated(Source::Postgres).await;
}

/// The console's instance under `sync` lines, with the snapshot written.
async fn console_env(sync: &str) -> Env {
    let env = Env::with(Source::Sqlite, sync).await;
    env.write(&snapshot()).await;
    console(&env).put(&env);
    env
}

/// More adoptions than `max_adoptions` allows: a sync can run, and the first one will be refused
/// until approved, which the `objects` check says.
#[tokio::test]
async fn too_many_adoptions_are_announced() {
    let env = console_env(&format!("{RULES}max_adoptions = 4\n")).await;
    let d = examine(&env.config_path).await;
    assert_can_sync(&d);
    let objects = d.checks.iter().find(|c| c.name == "objects").unwrap();
    assert!(
        objects
            .detail
            .contains("5 adoptions exceed [sync.adopt] max_adoptions (4)"),
        "{}",
        objects.detail
    );
    let env = console_env(&format!("{RULES}max_adoptions = 5\n")).await;
    let d = examine(&env.config_path).await;
    let objects = d.checks.iter().find(|c| c.name == "objects").unwrap();
    assert!(!objects.detail.contains("exceed"), "{}", objects.detail);
}

/// Without rules, the records the console's objects hold the keys of are conflicts: their
/// creates would be skipped.
#[tokio::test]
async fn without_rules_the_matches_are_conflicts() {
    let env = console_env("").await;
    let d = examine(&env.config_path).await;
    assert_can_sync(&d);
    let expected = Objects {
        organizational_units: counts(0, 0, 0, 2, 0),
        users: counts(0, 0, 0, 3, 1),
        groups: counts(0, 0, 0, 1, 0),
    };
    assert_eq!(d.objects, Some(expected), "{}", d.to_text());
}

/// A directory with no account in an OU below the sync root cannot tell the readings apart.
#[tokio::test]
async fn an_instance_without_accounts_below_the_root_leaves_the_reading_unknown() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(
        &Snapshot::default()
            .ou("hq", None, "HQ")
            .ou("eng", Some("hq"), "Eng"),
    )
    .await;
    let d = examine(&env.config_path).await;
    assert_can_sync(&d);
    assert_eq!(d.list_users_reading, ListUsersReading::Unknown);
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["list_users_reading"], "unknown");
    assert_eq!(json["objects"]["organizational_units"]["managed"], 2);
    assert_eq!(json["checks"][0]["name"], "configuration");
    assert_eq!(json["checks"][0]["ok"], true);
}
