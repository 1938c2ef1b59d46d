//! Saved plans applied exactly or refused with what drifted, approvals that let one refused
//! batch through once, leavers with a grace period over a simulated clock, and the guards
//! beyond deletions (moves, membership removals, identifier rewrites, the 24-hour window).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use eiam_sync::clock::ManualClock;
use eiam_sync::model::Snapshot;
use eiam_sync::reconcile::ReconcileError;
use eiam_sync::report::Status;

use super::data::{Build, company};
use crate::support::harness::{Env, Source, assert_matches, ops, save, writes};

const DAY: Duration = Duration::from_secs(86_400);

fn changed() -> Snapshot {
    company()
        .set_user("u1", |u| u.display_name = Some("Alice A.".into()))
        .without_user("u4")
        .user("u7", "gina", "web")
}

fn edit_user(env: &Env, ext: &str, f: impl FnOnce(&mut eiam_sync::emulator::StateUser)) {
    let mut state = env.state();
    if let Some(u) = state.users.iter_mut().find(|u| u.user_external_id == ext) {
        f(u);
    }
    env.emulator.put_state(state).unwrap();
}

#[tokio::test]
async fn a_saved_plan_is_applied_exactly_and_only_once() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&changed()).await;
    let (planned, file) = save(&env).await;
    assert_eq!(planned.exit_code(), 2);
    assert!(file.contains("\"integrity\""));
    let saved = env
        .reconciler
        .open_plan(&file)
        .await
        .expect("the plan opens");
    assert_eq!(saved.plan_id, planned.plan_id);
    let applied = env.reconciler.apply_plan(saved.clone()).await.unwrap();
    assert_eq!(applied.exit_code(), 0, "{}", applied.to_json());
    assert_eq!(applied.plan_id, planned.plan_id);
    assert_eq!(
        ops(&applied),
        ops(&planned),
        "exactly the plan's operations"
    );
    assert!(
        applied
            .operations
            .iter()
            .all(|o| o.status == Status::Applied)
    );
    assert_eq!(applied.drift, Some(Vec::new()));
    assert_matches(&env.state(), &env.root, &changed());

    // The same file again: refused, with nothing written.
    env.emulator.reset_stats();
    match env.reconciler.open_plan(&file).await {
        Err(ReconcileError::PlanApplied { .. }) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    let direct = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(direct.exit_code(), 4);
    assert!(
        direct
            .refused
            .as_deref()
            .unwrap_or("")
            .contains("already applied")
    );
    assert_eq!(writes(&env), 0);
}

#[tokio::test]
async fn the_plan_id_is_stable_for_the_same_snapshot_and_eiam() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&changed()).await;
    let a = env.dry_run().await;
    let b = env.dry_run().await;
    assert_eq!(a.plan_id, b.plan_id);
    assert_eq!(a.plan_id.len(), 20);
    env.write(&changed().user("u8", "hank", "web")).await;
    assert_ne!(env.dry_run().await.plan_id, a.plan_id);
}

#[tokio::test]
async fn a_stale_plan_is_refused_naming_each_drifted_field() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&changed()).await;
    let (_, file) = save(&env).await;

    // The snapshot changed again.
    env.write(&changed().set_user("u1", |u| u.display_name = Some("Alice B.".into())))
        .await;
    let before = env.state();
    env.emulator.reset_stats();
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    let r = env.reconciler.apply_plan(saved.clone()).await.unwrap();
    assert_eq!(r.exit_code(), 4, "{}", r.to_json());
    let drift = r.drift.clone().unwrap();
    let d = drift
        .iter()
        .find(|d| d.external_id == "u1")
        .expect("u1 drifted");
    assert_eq!(d.field, "display_name");
    assert_eq!(d.planned, serde_json::json!("Alice A."));
    assert_eq!(d.now, serde_json::json!("Alice B."));
    assert!(!r.operations.is_empty());
    for o in &r.operations {
        assert_eq!(o.status, Status::Skipped, "{}", r.to_json());
        assert_eq!(
            o.error.as_deref(),
            Some("not sent: the saved plan is stale (see drift); make a new plan"),
            "a stale plan is not a safety guard's refusal"
        );
    }
    assert_eq!(writes(&env), 0);
    assert_eq!(env.state(), before);

    // A hand-made edit in EIAM to a user the plan touches.
    env.write(&changed()).await;
    edit_user(&env, "u1", |u| u.display_name = Some("A. by hand".into()));
    let r = env.reconciler.apply_plan(saved.clone()).await.unwrap();
    assert_eq!(r.exit_code(), 4);
    let lines: Vec<String> = r
        .drift
        .clone()
        .unwrap()
        .iter()
        .map(|d| d.describe())
        .collect();
    assert!(
        lines.contains(
            &"user u1: display_name was planned from \"User alice\", EIAM now has \"A. by hand\""
                .to_owned()
        ),
        "{lines:?}"
    );
    let text = eiam_sync::report::render_text(&r, false);
    assert!(text.contains("EIAM now has \"A. by hand\""), "{text}");

    // A user the plan patches, deleted by hand.
    edit_user(&env, "u1", |u| u.display_name = Some("User alice".into()));
    let mut state = env.state();
    state.users.retain(|u| u.user_external_id != "u1");
    state
        .group_members
        .retain(|m| state.users.iter().any(|u| u.user_id == m.user_id));
    env.emulator.put_state(state).unwrap();
    env.emulator.reset_stats();
    let r = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(r.exit_code(), 4);
    let drift = r.drift.unwrap();
    assert!(
        drift
            .iter()
            .any(|d| d.external_id == "u1" && d.field == "exists"),
        "{drift:?}"
    );
    assert_eq!(writes(&env), 0);
}

#[tokio::test]
async fn tampered_and_foreign_plans_are_refused() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    env.write(&changed()).await;
    let (_, file) = save(&env).await;
    let edited = file.replace("Alice A.", "Mallory");
    assert!(matches!(
        env.reconciler.open_plan(&edited).await,
        Err(ReconcileError::PlanFile(_))
    ));
    assert!(matches!(
        env.reconciler.open_plan("{not json").await,
        Err(ReconcileError::PlanFile(_))
    ));
    // Another configuration (other guards) refuses the plan, naming why.
    env.edit_config(|text| text.replace("[sync]\n", "[sync]\nmax_deletes = 7\n"));
    let settings = env.settings();
    let other = env.new_reconciler().await;
    let refused = other.open_plan(&file).await.unwrap_err();
    assert!(matches!(refused, ReconcileError::PlanConfig), "{refused}");
    assert!(refused.to_string().contains("another configuration"));
    // Another version: a correctly sealed file that names another tool version.
    let key = settings.fingerprint_key().unwrap();
    let f = eiam_sync::state::Fingerprinter::new(&key);
    let mut saved = env.reconciler.open_plan(&file).await.unwrap();
    saved.tool_version = "0.0.1".into();
    let resealed = saved.seal(|d, b| f.sign(d, b));
    let refused = env.reconciler.open_plan(&resealed).await.unwrap_err();
    assert!(
        matches!(refused, ReconcileError::PlanVersion { .. }),
        "{refused}"
    );
}

fn guard_env_snapshot() -> Snapshot {
    company()
        .user("u7", "gina", "web")
        .user("u8", "hank", "web")
}

#[tokio::test]
async fn an_approval_lets_exactly_its_batch_through_once() {
    let env = Env::with(Source::Sqlite, "max_deletes = 1").await;
    env.converge(&guard_env_snapshot()).await;
    let three = guard_env_snapshot()
        .without_user("u1")
        .without_user("u2")
        .without_user("u7");
    env.write(&three).await;
    let refused = env.apply().await;
    assert_eq!(refused.exit_code(), 4);
    assert_eq!(refused.plan_id.len(), 20);
    let approval = env
        .reconciler
        .approve(&refused.plan_id, "alice.admin", "reorg ticket CHG-1")
        .await
        .unwrap();
    assert_eq!(approval.approved_by, "alice.admin");
    // An unknown plan id cannot be approved.
    assert!(env.reconciler.approve("0000", "x", "y").await.is_err());

    // A larger batch (one more leaver) is refused again.
    env.write(&three.clone().without_user("u8")).await;
    env.emulator.reset_stats();
    let bigger = env.apply().await;
    assert_eq!(bigger.exit_code(), 4);
    assert_eq!(writes(&env), 0);

    // A subset of the approved batch passes, once.
    let two = guard_env_snapshot().without_user("u1").without_user("u2");
    env.write(&two).await;
    let passed = env.apply().await;
    assert_eq!(passed.exit_code(), 0, "{}", passed.to_json());
    assert_eq!(passed.approval.as_ref().unwrap().plan_id, refused.plan_id);
    assert_eq!(passed.count(Status::Applied), passed.operations.len());
    assert!(passed.summary.get("DisableUser").copied() == Some(2));
    // The approval is used up: u7 leaving too (in the approved batch) is refused alone? One
    // removal passes max_deletes = 1 on its own, so remove two others to prove it.
    env.write(&two.clone().without_user("u7").without_user("u8"))
        .await;
    let again = env.apply().await;
    assert_eq!(again.exit_code(), 4, "an approval is used once");
    let approvals = env.reconciler.store().approvals(10).await.unwrap();
    assert!(approvals[0].used_at.is_some());
    let metrics = env.reconciler.metrics().encode();
    assert!(
        metrics.contains("eiam_sync_approvals_used_total{reconciler=\"test\"} 1"),
        "{metrics}"
    );
    // The run history names each run's plan and the approval it used.
    let runs = env.reconciler.store().runs(10).await.unwrap();
    assert!(
        runs.iter()
            .any(|r| r.plan_id.as_deref() == Some(passed.plan_id.as_str())
                && r.approval_id == Some(approvals[0].id))
    );
}

#[tokio::test]
async fn an_expired_approval_is_refused() {
    let mut env = Env::with(Source::Sqlite, "max_deletes = 1\napproval_ttl_hours = 2").await;
    let clock = ManualClock::new(SystemTime::now());
    env.reconciler.set_clock(Arc::new(clock.clone()));
    env.converge(&company()).await;
    env.write(&company().without_user("u1").without_user("u2"))
        .await;
    let refused = env.apply().await;
    assert_eq!(refused.exit_code(), 4);
    env.reconciler
        .approve(&refused.plan_id, "ops", "planned leavers")
        .await
        .unwrap();
    clock.advance(Duration::from_secs(3 * 3600));
    env.emulator.reset_stats();
    let late = env.apply().await;
    assert_eq!(late.exit_code(), 4, "{}", late.to_json());
    assert!(late.approval.is_none());
    assert_eq!(writes(&env), 0);
}

#[tokio::test]
async fn leavers_are_disabled_then_deleted_after_the_grace_period() {
    let mut env = Env::with(
        Source::Sqlite,
        "user_removal = \"disable_then_delete\"\ndelete_after_days = 30",
    )
    .await;
    let clock = ManualClock::new(SystemTime::now());
    env.reconciler.set_clock(Arc::new(clock.clone()));
    let base = company().set_user("u6", |u| u.status = "disabled".into());
    env.converge(&base).await;
    let status = |env: &Env, ext: &str| {
        env.state()
            .users
            .iter()
            .find(|u| u.user_external_id == ext)
            .map(|u| u.status.clone())
    };
    // u4 and u5 leave: disabled at once, kept.
    env.write(&base.clone().without_user("u4").without_user("u5"))
        .await;
    let r = env.apply().await;
    assert_eq!(r.summary.get("DisableUser"), Some(&2), "{}", r.to_json());
    assert_eq!(status(&env, "u4").as_deref(), Some("disabled"));
    let leavers = env.reconciler.store().leavers().await.unwrap();
    assert_eq!(leavers.keys().collect::<Vec<_>>(), ["u4", "u5"]);

    // Ten days on: nothing to do; u4 comes back with its group.
    clock.advance(10 * DAY);
    assert!(env.apply().await.operations.is_empty());
    env.write(&base.clone().without_user("u5")).await;
    let back = env.apply().await;
    assert_eq!(back.exit_code(), 0, "{}", back.to_json());
    assert!(
        back.operations
            .iter()
            .any(|o| o.action.as_str() == "EnableUser" && o.external_id == "u4")
    );
    assert_eq!(status(&env, "u4").as_deref(), Some("enabled"));
    assert_matches(&env.state(), &env.root, &base.clone().without_user("u5"));
    let leavers = env.reconciler.store().leavers().await.unwrap();
    assert_eq!(leavers.keys().collect::<Vec<_>>(), ["u5"]);

    // Thirty-one days after it left, u5 is deleted; u6, disabled by the snapshot, never is.
    clock.advance(21 * DAY);
    let r = env.apply().await;
    assert_eq!(r.summary.get("DeleteUser"), Some(&1), "{}", r.to_json());
    assert_eq!(status(&env, "u5"), None);
    assert_eq!(status(&env, "u6").as_deref(), Some("disabled"));
    assert!(env.reconciler.store().leavers().await.unwrap().is_empty());
    clock.advance(100 * DAY);
    assert!(env.apply().await.operations.is_empty());
    assert_eq!(status(&env, "u6").as_deref(), Some("disabled"));
}

async fn trips(sync: &str, change: impl FnOnce(Snapshot) -> Snapshot, guard: &str) {
    let env = Env::with(Source::Sqlite, sync).await;
    env.converge(&company()).await;
    env.write(&change(company())).await;
    let before = env.state();
    env.emulator.reset_stats();
    let r = env.apply().await;
    assert_eq!(r.exit_code(), 4, "{guard}: {}", r.to_json());
    let g = r
        .guards
        .iter()
        .find(|g| g.name == guard)
        .expect("guard reported");
    assert!(g.tripped, "{guard}");
    assert!(r.next_command.is_none() || r.refused.is_some());
    assert_eq!(writes(&env), 0, "{guard}: nothing written");
    assert_eq!(env.state(), before);
}

#[tokio::test]
async fn each_new_guard_trips_with_nothing_written() {
    trips(
        "max_moves = 1",
        |s| {
            s.set_user("u1", |u| u.primary_ou_id = "sales".into())
                .set_ou("web", |o| o.parent_id = Some("hq".into()))
        },
        "max_moves",
    )
    .await;
    trips(
        "max_membership_removals = 1",
        |mut s| {
            s.group_members.retain(|m| m.group_id != "g1");
            s
        },
        "max_membership_removals",
    )
    .await;
    trips(
        "max_identifier_rewrites = 1",
        |s| {
            s.set_user("u1", |u| u.email = Some("alice@new.example".into()))
                .set_user("u2", |u| u.username = "robert".into())
        },
        "max_identifier_rewrites",
    )
    .await;
}

#[tokio::test]
async fn the_rolling_window_catches_removals_split_over_runs() {
    let env = Env::with(Source::Sqlite, "max_removals_24h = 3").await;
    env.converge(&company()).await;
    env.write(&company().without_user("u1").without_user("u2"))
        .await;
    assert_eq!(env.apply().await.exit_code(), 0);
    env.write(
        &company()
            .without_user("u1")
            .without_user("u2")
            .without_user("u3")
            .without_user("u4"),
    )
    .await;
    env.emulator.reset_stats();
    let r = env.apply().await;
    assert_eq!(r.exit_code(), 4, "{}", r.to_json());
    let g = r
        .guards
        .iter()
        .find(|g| g.name == "max_removals_24h")
        .unwrap();
    assert!(g.tripped);
    assert_eq!(g.planned, serde_json::json!(4));
    assert!(
        r.refused
            .as_deref()
            .unwrap()
            .contains("2 earlier + 2 in this run")
    );
    assert_eq!(writes(&env), 0);
}
