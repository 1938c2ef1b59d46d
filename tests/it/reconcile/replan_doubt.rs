//! `apply FILE` after a run was killed in the middle of a create: the object may exist in EIAM
//! while nothing but the journal knows it, so the re-plan observes all of EIAM (a targeted
//! read cannot find what the state store never recorded). The saved create is not sent a
//! second time, and the object ends up owned as created.

use eiam_sync::eiam::types::users::CreateUserRequest;
use eiam_sync::model::{Kind, Origin};

use super::data::{Build, company};
use super::in_doubt::journal_started_create;
use crate::support::harness::{Env, Source, assert_matches, save};

#[tokio::test]
async fn a_saved_create_left_in_doubt_is_observed_in_full_and_never_sent_twice() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let s = company().user("u8", "hank", "web");
    env.write(&s).await;
    let (saved, file) = save(&env).await;
    assert!(
        (saved.operations.iter()).any(|o| o.action.as_str() == "CreateUser"),
        "{}",
        saved.to_json()
    );

    // Another applying run, killed after EIAM made hank and before its answer arrived.
    journal_started_create(&env, "CreateUser", Kind::User, "u8").await;
    let store = env.reconciler.store();
    let web = (env.state().organizational_units.iter())
        .find(|o| o.organizational_unit_external_id == "web")
        .map(|o| o.organizational_unit_id.clone())
        .expect("web in EIAM");
    let made = env.reconciler.client().users();
    let hank = made
        .create(&CreateUserRequest {
            username: "hank".into(),
            primary_organizational_unit_id: web,
            user_external_id: Some("u8".into()),
            ..Default::default()
        })
        .await
        .expect("made by the killed run");

    env.emulator.reset_stats();
    let plan = env
        .reconciler
        .open_plan(&file)
        .await
        .expect("the plan opens");
    let r = env.reconciler.apply_plan(plan).await.expect("the run ends");
    let stats = env.emulator.stats();
    assert!(
        stats.action("ListUsers") > 0,
        "a full observation: {stats:?}"
    );
    assert_eq!(stats.action("CreateUser"), 0, "{}", r.to_json());
    let u8s = (env.state().users.iter())
        .filter(|u| u.user_external_id == "u8")
        .count();
    assert_eq!(u8s, 1, "one hank");
    // The saved plan expected no hank: it is stale, and a refused run writes nothing.
    assert_eq!(r.exit_code(), 4, "{}", r.to_json());
    let drift = r.drift.clone().unwrap_or_default();
    assert!(
        drift.iter().any(|d| d.external_id == "u8"),
        "{}",
        r.to_json()
    );

    // The next run takes hank as the killed run's create and finishes.
    assert_eq!(env.apply().await.exit_code(), 0);
    let owned = store.load_ownership().await.unwrap();
    let o = owned.get(Kind::User, &"u8".into()).expect("hank is owned");
    assert_eq!(
        (o.eiam_id.as_str(), o.origin),
        (hank.as_str(), Origin::Created)
    );
    assert_matches(&env.state(), &env.root, &s);
    assert!(env.dry_run().await.operations.is_empty());
}
