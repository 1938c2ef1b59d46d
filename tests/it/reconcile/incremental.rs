//! `reconcile --mode incremental` end to end: the honest fallback of a first run, zero API
//! calls (not even a token) when nothing changed, a failed operation retried, a crash's
//! operations in doubt resolved, and a hand-made edit left for the full run to repair; custom
//! fields likewise; settled leavers counted in the guards as a full run counts them.

use eiam_sync::eiam::UserId;
use eiam_sync::eiam::types::users::{PatchCustomField, PatchUserRequest};
use eiam_sync::emulator::{Faults, ScriptedFault, ScriptedKind};
use eiam_sync::model::{Kind, Snapshot, SyncMode, UserCustomFieldRow};
use eiam_sync::plan::Cause;
use eiam_sync::report::{Report, Status};
use eiam_sync::state::{JournalEntry, RunMode};

use super::data::{Build, company};
use crate::support::harness::{Env, Source, assert_matches, run};

async fn incremental(env: &Env) -> Report {
    run(env, false, SyncMode::Incremental).await
}

fn actions(r: &Report) -> Vec<(String, String)> {
    r.operations
        .iter()
        .map(|o| (o.action.as_str().to_owned(), o.external_id.to_string()))
        .collect()
}

#[tokio::test]
async fn a_first_run_observes_everything_and_says_why_then_no_change_costs_nothing() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let first = incremental(&env).await;
    assert_eq!(first.mode, SyncMode::Full, "{}", first.to_json());
    assert!(
        first
            .mode_notes
            .iter()
            .any(|n| n.contains("no fingerprints")),
        "{:?}",
        first.mode_notes
    );
    assert_eq!(first.exit_code(), 0, "{}", first.to_json());
    assert_matches(&env.state(), &env.root, &company());

    let before = env.emulator.stats().total;
    for dry_run in [true, false] {
        let quiet = run(&env, dry_run, SyncMode::Incremental).await;
        assert_eq!(quiet.mode, SyncMode::Incremental, "{:?}", quiet.mode_notes);
        assert!(quiet.operations.is_empty(), "{}", quiet.to_json());
        assert_eq!(quiet.api_calls, 0);
        assert_eq!(quiet.exit_code(), 0);
    }
    assert_eq!(
        env.emulator.stats().total,
        before,
        "EIAM heard nothing, not even a token request"
    );
    let runs = env.reconciler.store().runs(1).await.unwrap();
    assert_eq!(runs[0].sync_mode, SyncMode::Incremental);
}

#[tokio::test]
async fn a_change_costs_only_itself() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let s = company().set_user("u2", |u| u.display_name = Some("Robert".into()));
    env.write(&s).await;
    let full = run(&env, true, SyncMode::Full).await;
    let r = incremental(&env).await;
    assert_eq!(r.mode, SyncMode::Incremental, "{:?}", r.mode_notes);
    assert_eq!(actions(&r), vec![("PatchUser".into(), "u2".into())]);
    assert_eq!(actions(&r), actions(&full));
    assert!(
        r.api_calls < full.api_calls,
        "incremental {} calls, full {}",
        r.api_calls,
        full.api_calls
    );
    assert_matches(&env.state(), &env.root, &s);
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
}

#[tokio::test]
async fn a_failed_operation_is_retried_by_the_next_incremental_run() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let s = company().set_user("u1", |u| u.display_name = Some("Alice A.".into()));
    env.write(&s).await;
    env.emulator.set_faults(Faults {
        script: vec![ScriptedFault {
            action: Some("PatchUser".into()),
            fault: ScriptedKind::Error,
            status: Some(400),
        }],
        ..env.emulator.faults()
    });
    let failed = incremental(&env).await;
    assert_eq!(failed.count(Status::Failed), 1, "{}", failed.to_json());
    let retried = incremental(&env).await;
    assert_eq!(
        retried.mode,
        SyncMode::Incremental,
        "{:?}",
        retried.mode_notes
    );
    assert_eq!(actions(&retried), vec![("PatchUser".into(), "u1".into())]);
    assert_eq!(retried.count(Status::Applied), 1, "{}", retried.to_json());
    assert_matches(&env.state(), &env.root, &s);
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
    assert_eq!(incremental(&env).await.api_calls, 0);
}

#[tokio::test]
async fn operations_left_in_doubt_by_a_crash_are_resolved() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let s = company().set_user("u4", |u| u.display_name = Some("David".into()));
    env.write(&s).await;
    // A run killed after sending its PatchUser: EIAM has the change, the journal no outcome.
    let store = env.reconciler.store();
    let crashed = store.start_run("test", RunMode::Apply).await.unwrap();
    let entry = JournalEntry {
        seq: 0,
        action: "PatchUser".into(),
        kind: Kind::User,
        external_id: "u4".into(),
        eiam_id: None,
        detail: "{}".into(),
    };
    store.journal_plan(crashed, &[entry]).await.unwrap();
    store.journal_started(crashed, 0).await.unwrap();
    let mut state = env.state();
    let u4 = state
        .users
        .iter_mut()
        .find(|u| u.user_external_id == "u4")
        .unwrap();
    u4.display_name = Some("David".into());
    env.emulator.put_state(state).unwrap();
    assert_eq!(store.in_doubt(10).await.unwrap().len(), 1);

    let r = incremental(&env).await;
    assert_eq!(r.mode, SyncMode::Full, "{}", r.to_json());
    assert!(
        r.mode_notes.iter().any(|n| n.contains("in doubt")),
        "{:?}",
        r.mode_notes
    );
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    assert!(store.in_doubt(10).await.unwrap().is_empty());
    assert_matches(&env.state(), &env.root, &s);
    let next = incremental(&env).await;
    assert_eq!(next.mode, SyncMode::Incremental, "{:?}", next.mode_notes);
    assert_eq!(next.api_calls, 0);
}

#[tokio::test]
async fn a_hand_made_edit_is_left_to_the_full_run() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let mut state = env.state();
    let u5 = state
        .users
        .iter_mut()
        .find(|u| u.user_external_id == "u5")
        .unwrap();
    u5.display_name = Some("Edited by hand".into());
    env.emulator.put_state(state).unwrap();

    let r = incremental(&env).await;
    assert_eq!(r.mode, SyncMode::Incremental);
    assert!(r.operations.is_empty(), "{}", r.to_json());
    assert_eq!(r.api_calls, 0);

    let full = run(&env, false, SyncMode::Full).await;
    assert_eq!(actions(&full), vec![("PatchUser".into(), "u5".into())]);
    assert_eq!(full.operations[0].cause, Some(Cause::Drift));
    assert_matches(&env.state(), &env.root, &company());
    assert_eq!(incremental(&env).await.api_calls, 0);
}

fn field(user: &str, name: &str, value: &str) -> UserCustomFieldRow {
    UserCustomFieldRow {
        user_id: user.into(),
        field_name: name.into(),
        field_value: Some(value.into()),
        ..Default::default()
    }
}

fn fields_of(env: &Env, user: &str) -> Vec<(String, String)> {
    let state = env.state();
    let u = state.users.iter().find(|u| u.user_external_id == user);
    (u.expect("user in EIAM").custom_fields.iter().flatten())
        .filter_map(|f| Some((f.field_name.clone()?, f.field_value.clone()?)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

fn pair(k: &str, v: &str) -> (String, String) {
    (k.to_owned(), v.to_owned())
}

#[tokio::test]
async fn a_custom_field_change_costs_only_its_user_and_a_hand_made_one_waits_for_the_full_run() {
    let env = Env::with(Source::Sqlite, "custom_fields = [\"employee_number\"]\n").await;
    env.emulator
        .set_custom_fields(&["employee_number", "badge"])
        .expect("extended fields defined");
    let with = |rows| Snapshot {
        user_custom_fields: Some(rows),
        ..company()
    };
    let first = with(vec![
        field("u1", "employee_number", "E1"),
        field("u2", "employee_number", "E2"),
        field("u3", "employee_number", "E3"),
    ]);
    env.converge(&first).await;
    // Settled users with custom fields cost nothing.
    assert_eq!(incremental(&env).await.api_calls, 0);

    // An unmanaged field on the changed user stays as it is.
    let state = env.state();
    let u2 = state.users.iter().find(|u| u.user_external_id == "u2");
    let u2 = u2.expect("u2 in EIAM").user_id.clone();
    let badge = PatchUserRequest {
        custom_fields: Some(vec![PatchCustomField::add("badge", "B-2")]),
        ..Default::default()
    };
    let users = env.reconciler.client().users();
    users
        .patch(&UserId::from(&u2), &badge)
        .await
        .expect("hand-made change");

    let second = with(vec![
        field("u1", "employee_number", "E1"),
        field("u2", "employee_number", "E22"),
        field("u3", "employee_number", "E3"),
    ]);
    env.write(&second).await;
    let full = run(&env, true, SyncMode::Full).await;
    env.emulator.reset_stats();
    let r = incremental(&env).await;
    assert_eq!(r.mode, SyncMode::Incremental, "{:?}", r.mode_notes);
    assert_eq!(actions(&r), vec![("PatchUser".into(), "u2".into())]);
    assert_eq!(actions(&r), actions(&full));
    let changed: Vec<&str> = (r.operations[0].changes.keys())
        .map(|k| k.as_ref())
        .collect();
    assert_eq!(changed, ["custom_fields.employee_number"]);
    let stats = env.emulator.stats();
    assert_eq!(stats.action("GetUser"), 1, "only u2 is read: {stats:?}");
    assert_eq!(stats.action("ListUsers"), 0, "{stats:?}");
    assert!(
        r.api_calls < full.api_calls,
        "{} vs {}",
        r.api_calls,
        full.api_calls
    );
    assert_eq!(
        fields_of(&env, "u2"),
        [pair("badge", "B-2"), pair("employee_number", "E22")]
    );
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
    assert_eq!(incremental(&env).await.api_calls, 0);

    // A managed value changed by hand: the incremental run leaves it, the full run repairs it.
    let state = env.state();
    let u3 = state.users.iter().find(|u| u.user_external_id == "u3");
    let u3 = u3.expect("u3 in EIAM").user_id.clone();
    let edit = PatchUserRequest {
        custom_fields: Some(vec![PatchCustomField::replace("employee_number", "X")]),
        ..Default::default()
    };
    users
        .patch(&UserId::from(&u3), &edit)
        .await
        .expect("hand-made change");
    let left = incremental(&env).await;
    assert!(left.operations.is_empty(), "{}", left.to_json());
    assert_eq!(left.api_calls, 0);
    assert_eq!(fields_of(&env, "u3"), [pair("employee_number", "X")]);
    let repaired = run(&env, false, SyncMode::Full).await;
    assert_eq!(actions(&repaired), vec![("PatchUser".into(), "u3".into())]);
    assert_eq!(repaired.operations[0].cause, Some(Cause::Drift));
    assert_eq!(fields_of(&env, "u3"), [pair("employee_number", "E3")]);
    assert_eq!(incremental(&env).await.api_calls, 0);
}

async fn leavers_in_the_base(removal: &str) {
    let sync = format!("user_removal = \"{removal}\"\n");
    let env = Env::with(Source::Sqlite, &sync).await;
    env.converge(&company()).await;
    // Two leavers, disabled and then owed nothing while they stay away.
    let gone = company().without_user("u5").without_user("u6");
    let r = run(&env, false, SyncMode::Full).await;
    assert!(r.operations.is_empty());
    env.write(&gone).await;
    let r = incremental(&env).await;
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    assert_eq!(
        incremental(&env).await.api_calls,
        0,
        "the leavers are settled"
    );

    let next = gone.without_user("u4");
    env.write(&next).await;
    let full = run(&env, true, SyncMode::Full).await;
    let inc = run(&env, true, SyncMode::Incremental).await;
    assert_eq!(inc.mode, SyncMode::Incremental, "{:?}", inc.mode_notes);
    assert_eq!(actions(&inc), vec![("DisableUser".into(), "u4".into())]);
    let guard = |r: &Report, name: &str| {
        let g = r.guards.iter().find(|g| g.name == name);
        g.unwrap_or_else(|| panic!("{name} in {}", r.to_json()))
            .clone()
    };
    for name in [
        "max_deletes",
        "max_delete_percent.users",
        "max_delete_percent.organizational_units",
        "max_removals_24h",
        "max_removal_percent_24h",
        "max_identifier_rewrite_percent",
        "max_membership_removal_percent",
    ] {
        assert_eq!(guard(&inc, name), guard(&full, name), "{name}");
    }
    // One of the six managed users (the two leavers included), as a full run counts it.
    let users = guard(&full, "max_delete_percent.users");
    assert_eq!(users.planned, serde_json::json!(16.67));
    assert_eq!(inc.unmanaged, full.unmanaged);

    // The leavers stay members of g2 ("Everyone"), which is now settled: an incremental run
    // takes its members from the snapshot, yet weighs a removal from g1 against the six
    // memberships a full run sees (g1: alice, bob, carol; g2: alice, dave, frank), not four.
    assert_eq!(incremental(&env).await.exit_code(), 0);
    let mut last = next.clone();
    last.group_members
        .retain(|m| !(m.group_id == "g1" && m.user_id == "u1"));
    env.write(&last).await;
    let full = run(&env, true, SyncMode::Full).await;
    let inc = run(&env, true, SyncMode::Incremental).await;
    assert_eq!(inc.mode, SyncMode::Incremental, "{:?}", inc.mode_notes);
    assert_eq!(
        actions(&inc),
        vec![("RemoveUsersFromGroup".into(), "g1".into())]
    );
    let share = guard(&full, "max_membership_removal_percent");
    assert_eq!(
        share.planned,
        serde_json::json!(16.67),
        "{}",
        full.to_json()
    );
    assert_eq!(guard(&inc, "max_membership_removal_percent"), share);
}

#[tokio::test]
async fn settled_leavers_count_in_the_guards_as_a_full_run_counts_them() {
    leavers_in_the_base("disable").await;
}

#[tokio::test]
async fn leavers_awaiting_deletion_count_in_the_guards_as_a_full_run_counts_them() {
    leavers_in_the_base("disable_then_delete").await;
}
