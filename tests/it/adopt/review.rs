//! Review of a takeover: `max_adoptions` refuses a larger one (nothing written) until its
//! plan is approved; a saved plan with adoptions is applied exactly, or refused naming what
//! drifted — the object gone, managed meanwhile, or no longer matched by its key.

use eiam_sync::eiam::UserId;
use eiam_sync::model::{ExtId, Kind};
use eiam_sync::report::Status;

use super::console::as_known;
use super::takeover::{RULES, console, snapshot};
use crate::reconcile::data::Build;
use crate::support::harness::{Env, Source, assert_matches, ops, save, writes};

/// A populated instance, its snapshot written, the rules on (with `extra` in `[sync.adopt]`).
async fn populated(extra: &str) -> Env {
    let env = Env::with(Source::Sqlite, &format!("{RULES}{extra}")).await;
    env.write(&snapshot()).await;
    console(&env).put(&env);
    env
}

#[tokio::test]
async fn a_takeover_larger_than_max_adoptions_is_refused_until_approved() {
    let env = populated("max_adoptions = 5\n").await;
    env.emulator.reset_stats();
    let refused = env.apply().await;
    assert_eq!(refused.exit_code(), 4, "{}", refused.to_json());
    let guard = refused
        .guards
        .iter()
        .find(|g| g.name == "max_adoptions")
        .unwrap();
    assert!(guard.tripped);
    assert_eq!(
        (guard.planned.as_u64(), guard.limit.as_u64()),
        (Some(7), Some(5))
    );
    let why = refused.refused.as_deref().unwrap_or_default();
    assert!(
        why.contains("adopt 7") && why.contains("max_adoptions allows 5"),
        "{why}"
    );
    assert!(
        refused
            .operations
            .iter()
            .all(|o| o.status == Status::Skipped)
    );
    assert_eq!(writes(&env), 0, "nothing written");
    let store = env.reconciler.store();
    assert!(
        store.load_ownership().await.unwrap().objects.is_empty(),
        "nothing recorded"
    );
    assert!(
        refused
            .next_command
            .as_deref()
            .unwrap_or_default()
            .contains(&refused.plan_id)
    );

    env.reconciler
        .approve(
            &refused.plan_id,
            "ops",
            "takeover of the console accounts, CHG-7",
        )
        .await
        .unwrap();
    let applied = env.apply().await;
    assert_eq!(applied.exit_code(), 0, "{}", applied.to_json());
    assert_eq!(
        applied.approval.as_ref().map(|a| a.plan_id.as_str()),
        Some(refused.plan_id.as_str())
    );
    assert_eq!(applied.summary.get("Adopt"), Some(&7));
    assert_matches(&as_known(&env).await, &env.root, &snapshot());
    let owned = store.load_ownership().await.unwrap();
    assert!(
        owned
            .get(Kind::User, &ExtId::new("e1"))
            .is_some_and(|o| o.matched_by.is_some())
    );
}

#[tokio::test]
async fn a_saved_plan_with_adoptions_is_applied_exactly() {
    let env = populated("").await;
    let (planned, file) = save(&env).await;
    assert_eq!(planned.summary.get("Adopt"), Some(&7));
    assert!(file.contains("\"Adopt\"") && file.contains("matched_by"));
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    let applied = env.reconciler.apply_plan(saved).await.unwrap();
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
    assert_matches(&as_known(&env).await, &env.root, &snapshot());
    assert!(env.dry_run().await.operations.is_empty());
}

/// Refused, with nothing written; the drift entries of `ext`.
async fn refused(env: &Env, file: &str, ext: &str) -> Vec<(String, serde_json::Value)> {
    let saved = env.reconciler.open_plan(file).await.unwrap();
    env.emulator.reset_stats();
    let r = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(r.exit_code(), 4, "{}", r.to_json());
    assert_eq!(writes(env), 0, "nothing written: {}", r.to_json());
    let text = eiam_sync::report::render_text(&r, false);
    assert!(
        text.contains("REFUSED because the saved plan is stale"),
        "{text}"
    );
    (r.drift.unwrap_or_default().into_iter())
        .filter(|d| d.external_id == ext)
        .map(|d| (d.field.clone(), serde_json::to_value(&d).unwrap()))
        .collect()
}

#[tokio::test]
async fn a_saved_plan_is_refused_when_an_adopted_object_is_gone() {
    let env = populated("").await;
    let (_, file) = save(&env).await;
    let users = env.reconciler.client().users();
    users.delete(&UserId::from("user_c_bob")).await.unwrap();
    let drift = refused(&env, &file, "e2").await;
    assert!(
        drift
            .iter()
            .any(|(f, d)| f == "exists" && d["now"] == false),
        "{drift:?}"
    );
}

#[tokio::test]
async fn a_saved_plan_is_refused_when_its_key_no_longer_matches() {
    let env = populated("").await;
    let (_, file) = save(&env).await;
    // carol was matched by her email; someone changes it in the console.
    let mut state = env.state();
    if let Some(u) = state.users.iter_mut().find(|u| u.user_id == "user_c_carol") {
        u.email = Some("cw@example.com".into());
    }
    env.emulator.put_state(state).unwrap();
    let drift = refused(&env, &file, "e3").await;
    let d = drift
        .iter()
        .find(|(f, _)| f == "matched_by")
        .map(|(_, d)| d);
    let d = d.unwrap_or_else(|| panic!("{drift:?}"));
    assert_eq!(
        (d["planned"].as_str(), d["now"].is_null()),
        (Some("email"), true),
        "{d}"
    );
}

#[tokio::test]
async fn a_saved_plan_is_refused_when_its_objects_are_managed_meanwhile() {
    let env = populated("").await;
    let (_, file) = save(&env).await;
    // Another run took the instance over in between.
    assert_eq!(env.apply().await.exit_code(), 0);
    let drift = refused(&env, &file, "e1").await;
    let d = drift.iter().find(|(f, _)| f == "managed").map(|(_, d)| d);
    let d = d.unwrap_or_else(|| panic!("{drift:?}"));
    assert_eq!(d["planned"], "user_c_alice");
    assert_eq!(d["now"]["managed_as"], "e1");
    let r = eiam_sync::report::render_text(
        &env.reconciler
            .apply_plan(env.reconciler.open_plan(&file).await.unwrap())
            .await
            .unwrap(),
        false,
    );
    assert!(r.contains("is managed by eiam-sync now"), "{r}");
}

#[tokio::test]
async fn with_the_rules_off_after_a_takeover_saved_plans_still_reach_adopted_objects() {
    let mut env = populated("").await;
    assert_eq!(env.apply().await.exit_code(), 0);
    // The takeover is done: the rules go, the links stay.
    env.edit_config(|text| text.replace(RULES, ""));
    env.reload().await;
    let changed = snapshot()
        .set_user("e1", |u| u.display_name = Some("Alice A.".into()))
        .without_user("e2");
    env.write(&changed).await;
    let (planned, file) = save(&env).await;
    let sent: Vec<String> = (planned.operations.iter())
        .map(|o| format!("{} {}", o.action, o.external_id))
        .collect();
    assert_eq!(
        sent,
        ["PatchUser e1", "DisableUser e2"],
        "{}",
        planned.to_json()
    );
    let saved = env.reconciler.open_plan(&file).await.unwrap();
    let applied = env.reconciler.apply_plan(saved).await.unwrap();
    assert_eq!(applied.exit_code(), 0, "{}", applied.to_json());
    assert_eq!(
        ops(&applied),
        ops(&planned),
        "exactly the plan's operations"
    );
    assert_eq!(
        super::console::user(&env, "user_c_alice")
            .display_name
            .as_deref(),
        Some("Alice A.")
    );
    assert_eq!(super::console::user(&env, "user_c_bob").status, "disabled");
    assert!(env.dry_run().await.operations.is_empty());
}
