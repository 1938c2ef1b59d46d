//! What users fear most: guards that refuse mass damage with nothing written, dry runs that
//! write nothing, hand-made objects left alone, rejected records never removed, and faults
//! (unknown outcomes, throttling) that neither duplicate nor kill a run.

use std::time::{Duration, Instant};

use eiam_sync::eiam::types::groups::CreateGroupRequest;
use eiam_sync::eiam::types::organizational_units::CreateOrganizationalUnitRequest;
use eiam_sync::eiam::types::users::CreateUserRequest;
use eiam_sync::eiam::{GroupId, UserId};
use eiam_sync::emulator::{Faults, ScriptedFault, ScriptedKind};
use eiam_sync::model::Snapshot;

use super::data::{Build, company};
use crate::support::harness::{Env, Source, assert_matches};

const READS: [&str; 11] = [
    "GenerateToken",
    "GetApplicationProvisioningScope",
    "GetOrganizationalUnit",
    "ListOrganizationalUnits",
    "ListUsers",
    "GetUser",
    "ListGroups",
    "ListUsersForGroup",
    "GetUserIdByUserExternalId",
    "GetOrganizationalUnitIdByExternalId",
    "GetGroup",
];

fn writes(env: &Env) -> Vec<String> {
    env.emulator
        .stats()
        .by_action
        .keys()
        .filter(|a| !READS.contains(&a.as_str()))
        .cloned()
        .collect()
}

#[tokio::test]
async fn dry_run_makes_no_write_call() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(
        &company()
            .without_user("u4")
            .set_ou("eng", |o| o.name = "R&D".into())
            .user("u9", "zoe", "web"),
    )
    .await;
    let before = env.state();
    env.emulator.reset_stats();
    let report = env.dry_run().await;
    assert_eq!(report.exit_code(), 2, "changes pending");
    assert_eq!(report.operations.len(), 3);
    assert!(
        report
            .operations
            .iter()
            .all(|o| o.status == eiam_sync::report::Status::Planned)
    );
    assert_eq!(writes(&env), Vec::<String>::new());
    assert_eq!(env.state(), before);
    // The preview is what gets applied.
    let applied = env.apply().await;
    let planned: Vec<_> = report
        .operations
        .iter()
        .map(|o| (o.action, o.external_id.clone(), o.changes.clone()))
        .collect();
    let done: Vec<_> = applied
        .operations
        .iter()
        .map(|o| (o.action, o.external_id.clone(), o.changes.clone()))
        .collect();
    assert_eq!(planned, done);
}

#[tokio::test]
async fn guard_refuses_mass_removal_with_nothing_written() {
    let env = Env::with(Source::Sqlite, "max_deletes = 2").await;
    env.converge(&company()).await;
    let before = env.state();
    env.write(
        &company()
            .without_user("u1")
            .without_user("u2")
            .without_user("u3"),
    )
    .await;
    env.emulator.reset_stats();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    let guard = report
        .guards
        .iter()
        .find(|g| g.name == "max_deletes")
        .expect("guard reported");
    assert!(guard.tripped);
    assert_eq!(guard.planned, serde_json::json!(3));
    assert!(
        report
            .refused
            .as_deref()
            .unwrap_or("")
            .contains("max_deletes allows 2")
    );
    assert_eq!(writes(&env), Vec::<String>::new(), "nothing was written");
    assert_eq!(env.state(), before);
}

#[tokio::test]
async fn percentage_guard_refuses_per_kind() {
    // The floor at 1, so that two users of six are weighed.
    let env = Env::with(
        Source::Sqlite,
        "max_delete_percent = 20\nguard_percent_min_count = 1",
    )
    .await;
    env.converge(&company()).await;
    env.write(&company().without_user("u1").without_user("u2"))
        .await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    let g = report
        .guards
        .iter()
        .find(|g| g.name == "max_delete_percent.users")
        .unwrap();
    assert!(g.tripped, "2 of 6 users is 33%");
}

#[tokio::test]
async fn empty_or_shrunken_snapshot_is_refused_before_planning() {
    let env = Env::with(Source::Sqlite, "max_snapshot_drop_percent = 30").await;
    env.converge(&company()).await;
    let before = env.state();
    env.write(&Snapshot::default()).await;
    env.emulator.reset_stats();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    assert!(
        report
            .guards
            .iter()
            .any(|g| g.name == "snapshot_not_empty" && g.tripped)
    );
    assert_eq!(
        env.emulator.stats().total,
        0,
        "refused before even observing EIAM"
    );
    // Half the users vanish from the export: refused too.
    env.write(
        &company()
            .without_user("u1")
            .without_user("u2")
            .without_user("u3"),
    )
    .await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    assert!(
        report
            .guards
            .iter()
            .any(|g| g.name == "max_snapshot_drop_percent" && g.tripped)
    );
    assert_eq!(env.state(), before);
}

#[tokio::test]
async fn hand_made_objects_stay_untouched() {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&company()).await;
    let client = env.reconciler.client();
    let state = env.state();
    let id_of = |ext: &str| {
        state
            .organizational_units
            .iter()
            .find(|o| o.organizational_unit_external_id == ext)
            .unwrap()
            .organizational_unit_id
            .clone()
    };
    let manual_ou = client
        .organizational_units()
        .create(&CreateOrganizationalUnitRequest {
            parent_id: id_of("sales"),
            organizational_unit_name: "Made by hand".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let manual_user = client
        .users()
        .create(&CreateUserRequest {
            username: "contractor".into(),
            primary_organizational_unit_id: id_of("web"),
            ..Default::default()
        })
        .await
        .unwrap();
    let manual_group = client
        .groups()
        .create(&CreateGroupRequest {
            group_name: "Hand group".into(),
            group_external_id: Some("manual-g".into()),
        })
        .await
        .unwrap();
    let g1 = env
        .state()
        .groups
        .iter()
        .find(|g| g.group_external_id == "g1")
        .unwrap()
        .group_id
        .clone();
    client
        .groups()
        .add_users(&GroupId::from(&g1), std::slice::from_ref(&manual_user))
        .await
        .unwrap();
    let u1 = env
        .state()
        .users
        .iter()
        .find(|u| u.user_external_id == "u1")
        .unwrap()
        .user_id
        .clone();
    client
        .groups()
        .add_users(&manual_group, &[UserId::from(u1)])
        .await
        .unwrap();

    let report = env.converge(&company().without_user("u2")).await;
    assert_eq!(report.unmanaged.organizational_units, 1);
    assert_eq!(report.unmanaged.users, 1);
    assert_eq!(report.unmanaged.groups, 1);
    let state = env.state();
    assert!(
        state
            .organizational_units
            .iter()
            .any(|o| o.organizational_unit_id == manual_ou)
    );
    assert!(
        state
            .users
            .iter()
            .any(|u| u.user_id == manual_user && u.status == "enabled")
    );
    assert!(
        state
            .groups
            .iter()
            .any(|g| g.group_id == manual_group && g.group_name == "Hand group")
    );
    let member = |g: &str, u: &str| {
        state
            .group_members
            .iter()
            .any(|m| m.group_id == g && m.user_id == u)
    };
    assert!(
        member(&g1, &manual_user),
        "a hand-added member of a managed group stays"
    );
    assert_eq!(
        state
            .group_members
            .iter()
            .filter(|m| m.group_id == manual_group)
            .count(),
        1
    );
}

#[tokio::test]
async fn rejected_records_are_reported_and_never_removed() {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&company()).await;
    let bad = company()
        .set_user("u4", |u| u.email = Some("not an email".into()))
        .set_user("u5", |u| u.username = "erin smith".into());
    env.write(&bad).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 3, "rejections make the run partial");
    let rejected: Vec<_> = report
        .rejected
        .iter()
        .map(|r| (r.external_id.clone(), r.field.clone()))
        .collect();
    assert!(
        rejected.contains(&("u4".into(), "email".into())),
        "{rejected:?}"
    );
    assert!(
        rejected.contains(&("u5".into(), "username".into())),
        "{rejected:?}"
    );
    assert!(report.operations.is_empty(), "{}", report.to_json());
    let state = env.state();
    assert_eq!(state.users.len(), 6, "nobody was deleted");
    assert_matches(&state, &env.emulator.root_ou_id(), &company());
}

#[tokio::test]
async fn creates_with_unknown_outcome_are_never_duplicated() {
    let env = Env::new(Source::Sqlite).await;
    env.emulator.set_faults(Faults {
        drop_after_rate: 0.3,
        actions: vec![
            "CreateUser".into(),
            "CreateOrganizationalUnit".into(),
            "CreateGroup".into(),
        ],
        ..env.emulator.faults()
    });
    env.write(&eiam_sync::demo::sample::initial()).await;
    let _ = env.apply().await;
    env.emulator.set_faults(Faults {
        drop_after_rate: 0.0,
        actions: vec![],
        ..env.emulator.faults()
    });
    env.converge(&eiam_sync::demo::sample::initial()).await;
    let state = env.state();
    let snapshot = eiam_sync::demo::sample::initial();
    assert_eq!(
        state.users.len(),
        snapshot.users.len(),
        "no duplicate accounts"
    );
    assert_eq!(
        state.organizational_units.len(),
        snapshot.organizational_units.len() + 1
    );
    assert_eq!(state.groups.len(), snapshot.groups.len());
}

#[tokio::test]
async fn throttling_slows_a_run_down_but_does_not_kill_it() {
    let env = Env::new(Source::Sqlite).await;
    // Whether the budget alone throttles depends on how fast the machine sends; these 429s
    // come whatever its speed: on reads, and on creates of every kind (retried: a throttled
    // request was not processed).
    let script: Vec<ScriptedFault> = [
        "ListOrganizationalUnits",
        "ListUsers",
        "CreateOrganizationalUnit",
        "CreateUser",
        "CreateUser",
        "CreateGroup",
    ]
    .into_iter()
    .map(|action| ScriptedFault {
        action: Some(action.into()),
        fault: ScriptedKind::Throttle,
        status: None,
    })
    .collect();
    let scripted = script.len() as u64;
    env.emulator.set_faults(Faults {
        rate_limit_qps: Some(40.0),
        error_rate: 0.05,
        script,
        ..env.emulator.faults()
    });
    env.emulator.reset_stats();
    let started = Instant::now();
    let report = env.converge(&eiam_sync::demo::sample::initial()).await;
    assert!(report.operations.iter().all(|o| o.error.is_none()));
    assert!(
        env.emulator.faults().script.is_empty(),
        "every scripted 429 was answered"
    );
    let stats = env.emulator.stats();
    assert!(stats.status("429") >= scripted, "{stats:?}");
    // Slowed down: each 429 asks for a second's wait (a lower bound: a busy machine only
    // takes longer).
    assert!(started.elapsed() >= Duration::from_secs(1));
}

#[tokio::test]
async fn only_one_instance_applies_at_a_time() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let lease = env
        .reconciler
        .store()
        .acquire_lease("another-host:1", std::time::Duration::from_secs(60))
        .await
        .unwrap()
        .expect("the lease is free");
    let busy = env
        .reconciler
        .run(eiam_sync::reconcile::RunRequest::new(
            "test",
            false,
            eiam_sync::model::KindSet::all(),
        ))
        .await
        .expect_err("a second instance may not apply");
    assert!(
        matches!(busy, eiam_sync::reconcile::ReconcileError::Busy),
        "{busy}"
    );
    assert!(env.state().users.is_empty(), "nothing was written");
    // Previews need no lease.
    assert_eq!(env.dry_run().await.exit_code(), 2);
    lease.release().await.unwrap();
    env.converge(&company()).await;
}

/// The state store fails after the run has taken the lease (the leavers read of
/// `disable_then_delete`, here on a dropped table).
async fn fail_after_the_lease(env: &Env, lease: Option<std::sync::Arc<eiam_sync::state::Lease>>) {
    use sqlx::{Connection, Executor};
    let mut conn = sqlx::SqliteConnection::connect(&env.state_url)
        .await
        .unwrap();
    conn.execute("DROP TABLE IF EXISTS leavers").await.unwrap();
    let mut req =
        eiam_sync::reconcile::RunRequest::new("test", false, eiam_sync::model::KindSet::all());
    req.lease = lease;
    let err = env
        .reconciler
        .run(req)
        .await
        .expect_err("the leavers read fails");
    assert!(
        !matches!(err, eiam_sync::reconcile::ReconcileError::Busy),
        "{err}"
    );
}

#[tokio::test]
async fn a_run_that_fails_after_taking_the_lease_gives_it_back() {
    let env = Env::with(Source::Sqlite, "user_removal = \"disable_then_delete\"").await;
    env.converge(&company()).await;
    fail_after_the_lease(&env, None).await;
    // Free at once for anyone, not only once it expires.
    let other = env
        .reconciler
        .store()
        .acquire_lease("another-host:1", std::time::Duration::from_secs(60))
        .await
        .unwrap();
    assert!(other.is_some(), "the failed run kept the lease");
    other.unwrap().release().await.unwrap();
    // The next run is not refused as busy; it fails on the missing table again.
    fail_after_the_lease(&env, None).await;
}

#[tokio::test]
async fn a_failed_run_leaves_the_callers_lease_with_the_caller() {
    let env = Env::with(Source::Sqlite, "user_removal = \"disable_then_delete\"").await;
    env.converge(&company()).await;
    let held = std::sync::Arc::new(
        env.reconciler
            .store()
            .acquire_lease("daemon:1", std::time::Duration::from_secs(60))
            .await
            .unwrap()
            .expect("the lease is free"),
    );
    fail_after_the_lease(&env, Some(held.clone())).await;
    assert!(held.is_held(), "the caller's lease was given up");
    let other = env
        .reconciler
        .store()
        .acquire_lease("another-host:1", std::time::Duration::from_secs(60))
        .await
        .unwrap();
    assert!(other.is_none(), "the caller's lease was released");
}

#[tokio::test]
async fn a_failed_operation_fails_only_what_depends_on_it() {
    use eiam_sync::emulator::{ScriptedFault, ScriptedKind};
    use eiam_sync::plan::Action;
    use eiam_sync::report::Status;

    let env = Env::new(Source::Sqlite).await;
    env.emulator.set_faults(Faults {
        script: vec![ScriptedFault {
            action: Some("CreateUser".into()),
            fault: ScriptedKind::Error,
            status: Some(400),
        }],
        ..env.emulator.faults()
    });
    env.write(&company()).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 3, "{}", report.to_json());
    let failed: Vec<_> = report
        .operations
        .iter()
        .filter(|o| o.status == Status::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "{}", report.to_json());
    assert_eq!(failed[0].action, Action::CreateUser);
    assert!(
        failed[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("InjectedError")
    );
    let victim = failed[0].external_id.clone();
    for op in &report.operations {
        let concerns_victim = op.external_id == victim
            || op
                .changes
                .get("members")
                .is_some_and(|[_, after]| after.to_string().contains(&format!("\"{victim}\"")));
        match op.status {
            Status::Failed => assert_eq!(op.external_id, victim),
            Status::Skipped => {
                assert!(
                    concerns_victim,
                    "only what depends on the failure is skipped: {op:?}"
                );
                let why = op.error.as_deref().unwrap_or("");
                assert!(why.contains("depends on operation"), "{op:?}");
            }
            Status::Applied => assert!(!concerns_victim, "{op:?}"),
            Status::Planned => panic!("nothing stays planned after applying: {op:?}"),
        }
    }
    assert_eq!(env.state().users.len(), 5);
    // The next run finishes the job.
    env.converge(&company()).await;
}

#[tokio::test]
async fn a_lost_ownership_record_is_recovered_from_the_journal() {
    use sqlx::Connection;
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    // The create of u5 succeeded but its ownership record was lost (a crash in between).
    let mut db = sqlx::SqliteConnection::connect(&env.state_url)
        .await
        .unwrap();
    let gone = sqlx::query("DELETE FROM owned_objects WHERE kind = 'user' AND external_id = 'u5'")
        .execute(&mut db)
        .await
        .unwrap();
    assert_eq!(gone.rows_affected(), 1);
    db.close().await.unwrap();
    // A run re-records it from the journal as created, not adopted...
    assert!(env.apply().await.operations.is_empty());
    let o = env.reconciler.store().load_ownership().await.unwrap();
    let u5 = o
        .get(eiam_sync::model::Kind::User, &"u5".into())
        .expect("recorded again");
    assert_eq!(u5.origin, eiam_sync::model::Origin::Created);
    // ...so when u5 leaves, eiam-sync still treats it as its own leaver.
    let report = env.converge(&company().without_user("u5")).await;
    assert_eq!(
        report.summary.get("DisableUser"),
        Some(&1),
        "{}",
        report.to_json()
    );
}

#[tokio::test]
async fn the_shrink_gate_also_counts_runs_that_had_rejected_records() {
    let env = Env::with(Source::Sqlite, "max_snapshot_drop_percent = 30").await;
    // A typical export: one bad record, so every run ends "partial" (exit 3).
    let with_bad = company().user("u9", "bad name", "web");
    env.write(&with_bad).await;
    assert_eq!(env.apply().await.exit_code(), 3);
    let before = env.state();
    env.write(
        &with_bad
            .without_user("u1")
            .without_user("u2")
            .without_user("u3"),
    )
    .await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4, "{}", report.to_json());
    assert!(
        report
            .guards
            .iter()
            .any(|g| g.name == "max_snapshot_drop_percent" && g.tripped)
    );
    assert_eq!(env.state(), before);
}

#[tokio::test]
async fn a_refused_run_reports_nothing_as_applied() {
    use eiam_sync::report::Status;
    let env = Env::with(Source::Sqlite, "max_deletes = 0").await;
    env.converge(&company()).await;
    env.write(&company().without_user("u1")).await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 4);
    assert!(
        report.summary.is_empty(),
        "summary counts applied operations: {:?}",
        report.summary
    );
    assert!(
        report
            .operations
            .iter()
            .all(|o| o.status == Status::Skipped)
    );
    assert!(eiam_sync::report::render_text(&report, false).contains("REFUSED"));
}
