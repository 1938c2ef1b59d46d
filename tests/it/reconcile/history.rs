//! Months of history, then pruning at the horizon: what in-doubt recovery, leavers' grace
//! periods, saved plans and the ownership of objects created long ago need survives it, and
//! `status` shows the history shrink.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use eiam_sync::clock::ManualClock;
use eiam_sync::model::{Kind, KindSet};
use eiam_sync::reconcile::{ReconcileError, RunRequest};
use eiam_sync::status::Status;

use super::data::{Build, company};
use super::in_doubt::journal_started_create;
use crate::support::harness::{Env, Source, save};

const DAY: Duration = Duration::from_secs(86_400);

async fn history(env: &Env) -> eiam_sync::state::History {
    env.reconciler.store().history().await.unwrap()
}

async fn users_run(env: &Env) {
    let req = RunRequest::new("users", false, KindSet::empty().with(Kind::User));
    let r = env.reconciler.run(req).await.unwrap();
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
}

#[tokio::test]
async fn pruning_at_the_horizon_keeps_what_later_runs_need() {
    let mut env = Env::with(
        Source::Sqlite,
        "user_removal = \"disable_then_delete\"\ndelete_after_days = 120",
    )
    .await;
    let clock = ManualClock::new(SystemTime::now());
    env.reconciler.set_clock(Arc::new(clock.clone()));
    env.converge(&company()).await;
    // u6 leaves: disabled now, deleted after 120 days — beyond the 90-day horizon.
    let without_u6 = company().without_user("u6");
    env.write(&without_u6).await;
    assert_eq!(env.apply().await.summary.get("DisableUser"), Some(&1));
    // A saved plan applied once.
    let next = without_u6
        .clone()
        .set_user("u1", |u| u.display_name = Some("Alice A.".into()));
    env.write(&next).await;
    let (_, file) = save(&env).await;
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    assert_eq!(
        env.reconciler.apply_plan(saved).await.unwrap().exit_code(),
        0
    );
    // A killed per-kind run left a group create in doubt; only per-kind user runs follow, which
    // do not settle groups.
    journal_started_create(&env, "CreateGroup", Kind::Group, "g9").await;
    for _ in 0..3 {
        users_run(&env).await;
    }
    let in_doubt = env.reconciler.store().in_doubt(10).await.unwrap();
    assert_eq!(in_doubt.len(), 1);
    let before = history(&env).await;
    assert!(
        before.runs >= 8 && before.journal_entries >= 15,
        "{before:?}"
    );

    // 100 days on, a user run prunes everything past the horizon but what is still needed.
    clock.advance(DAY * 100);
    users_run(&env).await;
    let after = history(&env).await;
    assert!(after.runs < before.runs, "{before:?} -> {after:?}");
    let kept = env.reconciler.store().runs(100).await.unwrap();
    assert!(
        kept.iter().any(|r| r.id == in_doubt[0].run),
        "the run in doubt stays"
    );
    assert_eq!(env.reconciler.store().in_doubt(10).await.unwrap(), in_doubt);
    let status = Status::gather(env.reconciler.store(), 20, 120, 90)
        .await
        .unwrap();
    assert_eq!(status.history, after);
    assert_eq!(status.to_json()["history"]["horizon_days"], 90);

    // Ownership is not history: nothing to do, nothing recreated.
    let ids = env.ids();
    let dry = env.dry_run().await;
    assert!(dry.operations.is_empty(), "{}", dry.to_json());
    // The saved plan file stays applied.
    let again = env.reconciler.open_plan(&file).await;
    assert!(
        matches!(again, Err(ReconcileError::PlanApplied { .. })),
        "{again:?}"
    );
    // u6's grace period outlives the pruned run that disabled it.
    clock.advance(DAY * 21);
    let r = env.apply().await;
    assert_eq!(r.summary.get("DeleteUser"), Some(&1), "{}", r.to_json());
    // A user created 121 days ago is still eiam-sync's to disable when it leaves.
    env.write(&next.without_user("u2")).await;
    let r = env.apply().await;
    assert_eq!(r.summary.get("DisableUser"), Some(&1), "{}", r.to_json());
    let mut still = env.ids();
    still.retain(|k, _| ids.contains_key(k));
    assert_eq!(
        still.len(),
        ids.len() - 1,
        "nothing else was recreated or lost"
    );
}
