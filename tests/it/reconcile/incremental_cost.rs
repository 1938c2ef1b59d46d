//! What an incremental run reads for a change, call by call: an account read by id is asked
//! about none of the unique values it already holds; a changed member set is planned from the
//! members as last applied and costs its writes only; a group whose list is not kept costs
//! its listing, and an empty listing has the group read; a group deleted by hand fails its
//! write and the next run observes everything.

use eiam_sync::eiam::{GroupId, UserId};
use eiam_sync::model::SyncMode;
use eiam_sync::report::Report;

use super::data::{Build, company};
use crate::support::harness::{Env, Source, assert_matches, run};

/// The calls of one incremental run, by action, after a full dry run has said what to expect.
async fn incremental_calls(env: &Env) -> (Report, impl Fn(&str) -> u64) {
    let full = run(env, true, SyncMode::Full).await;
    env.emulator.reset_stats();
    let r = run(env, false, SyncMode::Incremental).await;
    assert_eq!(r.mode, SyncMode::Incremental, "{:?}", r.mode_notes);
    let sent = |r: &Report| {
        (r.operations.iter())
            .map(|o| format!("{} {}", o.action.as_str(), o.external_id))
            .collect::<Vec<_>>()
    };
    assert_eq!(sent(&r), sent(&full), "what a full run would send");
    assert!(
        r.operations.iter().all(|o| o.error.is_none()),
        "{}",
        r.to_json()
    );
    let stats = env.emulator.stats();
    (r, move |action: &str| stats.action(action))
}

#[tokio::test]
async fn an_account_read_by_id_is_asked_only_about_the_values_it_does_not_hold() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let s = company()
        .set_user("u2", |u| u.display_name = Some("Robert".into()))
        .set_user("u3", |u| u.username = "caroline".into())
        .set_user("u4", |u| u.email = Some("david@example.com".into()));
    env.write(&s).await;
    let (r, calls) = incremental_calls(&env).await;
    assert_eq!(r.operations.len(), 3, "{}", r.to_json());
    assert_eq!(calls("GetUser"), 3, "each changed account read by id");
    assert_eq!(calls("GetUserIdByUsername"), 1, "caroline only");
    assert_eq!(calls("GetUserIdByEmail"), 1, "david@example.com only");
    assert_eq!(calls("GetUserIdByPhoneNumber"), 0);
    assert_eq!(
        calls("ListUsers") + calls("ListGroups"),
        0,
        "nothing walked"
    );
    assert_matches(&env.state(), &env.root, &s);
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
}

#[tokio::test]
async fn a_new_value_held_by_another_account_is_found_and_the_swap_is_planned() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    // bob and carol trade usernames: each new value is the other's, found by its lookup.
    let s = company()
        .set_user("u2", |u| u.username = "carol".into())
        .set_user("u3", |u| u.username = "bob".into());
    env.write(&s).await;
    let (_, calls) = incremental_calls(&env).await;
    assert_eq!(calls("GetUserIdByUsername"), 2);
    assert_eq!(calls("GetUserIdByEmail"), 0, "the emails are held already");
    assert_matches(&env.state(), &env.root, &s);
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
}

#[tokio::test]
async fn a_changed_member_set_costs_its_writes_only() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let mut s = company();
    s.group_members
        .retain(|m| !(m.group_id == "g1" && m.user_id == "u2"));
    s = s.member("g1", "u5");
    env.write(&s).await;
    let (r, calls) = incremental_calls(&env).await;
    assert_eq!(r.operations.len(), 2, "{}", r.to_json());
    assert_eq!(
        calls("ListUsersForGroup") + calls("GetGroup"),
        0,
        "nothing read"
    );
    assert_eq!(calls("RemoveUsersFromGroup") + calls("AddUsersToGroup"), 2);
    assert_eq!(r.api_calls, 3, "the token and the two writes");
    assert_matches(&env.state(), &env.root, &s);
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());

    // Emptied, then filled again: still from the list, still no read.
    s.group_members.retain(|m| m.group_id != "g1");
    env.write(&s).await;
    let (emptied, calls) = incremental_calls(&env).await;
    assert_eq!(emptied.operations.len(), 1, "{}", emptied.to_json());
    assert_eq!(calls("ListUsersForGroup") + calls("GetGroup"), 0);
    s = s.member("g1", "u6");
    env.write(&s).await;
    let (_, calls) = incremental_calls(&env).await;
    assert_eq!(calls("ListUsersForGroup") + calls("GetGroup"), 0);
    assert_matches(&env.state(), &env.root, &s);
}

#[tokio::test]
async fn without_a_kept_list_a_changed_member_set_costs_its_listing_and_an_empty_one_a_read() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let store = env.reconciler.store();
    // Member fingerprints stored without their lists, as a store of an earlier version holds
    // them.
    let fps = store.member_fingerprints().await.unwrap();
    let fps: Vec<_> = fps.into_iter().collect();
    store.set_member_fingerprints(&fps).await.unwrap();
    let mut s = company();
    s.group_members
        .retain(|m| !(m.group_id == "g1" && m.user_id == "u2"));
    env.write(&s).await;
    let (_, calls) = incremental_calls(&env).await;
    assert_eq!(calls("ListUsersForGroup"), 1);
    assert_eq!(calls("GetGroup"), 0, "its name is settled");
    assert_eq!(calls("RemoveUsersFromGroup"), 1);

    s.group_members.retain(|m| m.group_id != "g1");
    env.write(&s).await;
    let (emptied, _) = incremental_calls(&env).await;
    assert_eq!(emptied.operations.len(), 1, "{}", emptied.to_json());
    let fps: Vec<_> = store
        .member_fingerprints()
        .await
        .unwrap()
        .into_iter()
        .collect();
    store.set_member_fingerprints(&fps).await.unwrap();
    s = s.member("g1", "u5");
    env.write(&s).await;
    let (_, calls) = incremental_calls(&env).await;
    assert_eq!(calls("GetGroup"), 1, "an empty listing is confirmed");
    assert_matches(&env.state(), &env.root, &s);
}

#[tokio::test]
async fn a_group_deleted_by_hand_fails_its_write_and_the_next_run_observes_everything() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let g1 = (env.state().groups.iter())
        .find(|g| g.group_external_id == "g1")
        .map(|g| g.group_id.clone())
        .expect("g1 in EIAM");
    let members: Vec<UserId> = (env.state().group_members.iter())
        .filter(|m| m.group_id == g1)
        .map(|m| UserId::from(&m.user_id))
        .collect();
    let g1 = GroupId::from(g1);
    let groups = env.reconciler.client().groups();
    groups
        .remove_users(&g1, &members)
        .await
        .expect("emptied by hand");
    groups.delete(&g1).await.expect("deleted by hand");
    let s = company().member("g1", "u6");
    env.write(&s).await;
    let r = run(&env, false, SyncMode::Incremental).await;
    assert_eq!(r.mode, SyncMode::Incremental, "{:?}", r.mode_notes);
    assert_eq!(r.exit_code(), 3, "{}", r.to_json());
    let failed: Vec<_> = r.operations.iter().filter(|o| o.error.is_some()).collect();
    assert_eq!(failed.len(), 1, "{}", r.to_json());
    let r = run(&env, false, SyncMode::Incremental).await;
    assert_eq!(r.mode, SyncMode::Full, "{:?}", r.mode_notes);
    assert!(
        r.mode_notes
            .iter()
            .any(|n| n.contains("not where the state store says")),
        "{:?}",
        r.mode_notes
    );
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    assert_matches(&env.state(), &env.root, &s);
}
