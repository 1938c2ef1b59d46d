//! Never a guess: a record whose keys point at different accounts, and an account several
//! records point at, are rejected naming every candidate, and nothing is done for them while
//! the rest proceeds; objects of other sources are left alone and counted apart, unless their
//! source type is allowed.

use eiam_sync::model::{AdoptKey, ExtId, Kind, Snapshot};
use eiam_sync::plan::Action;
use eiam_sync::report::Report;

use super::console::{Console, user};
use crate::reconcile::data::Build;
use crate::support::harness::{Env, Source};

fn snapshot() -> Snapshot {
    Snapshot::default()
        .ou("hq", None, "HQ")
        // alice's username is one account's, her email another's.
        .user("e1", "alice", "hq")
        // Both point at bob's account: e2 by email, e3 by username.
        .user("e2", "bobby", "hq")
        .set_user("e2", |u| u.email = Some("bob@example.com".into()))
        .user("e3", "bob", "hq")
        .set_user("e3", |u| u.email = Some("robert@example.com".into()))
        // Clean.
        .user("e4", "erin", "hq")
        // Held by an account IDaaS syncs from DingTalk.
        .user("e5", "dan", "hq")
        .group("g1", "Staff")
        .member("g1", "e1")
        .member("g1", "e4")
        // Held by a group synced from LDAP.
        .group("g2", "Ops")
}

fn rules(sources: &str) -> String {
    format!(
        "[sync.adopt]\nusers = [\"username\", \"email\"]\norganizational_units = \"path\"\ngroups = \"name\"\nsource_types = [{sources}]\n"
    )
}

async fn env(sources: &str) -> Env {
    let env = Env::with(Source::Sqlite, &rules(sources)).await;
    env.write(&snapshot()).await;
    Console::of(&env)
        .ou("ou_hq", None, "HQ")
        .user("user_alice", "alice", None, &["ou_hq"])
        .user("user_al", "al", Some("alice@example.com"), &["ou_hq"])
        .user("user_bob", "bob", Some("bob@example.com"), &["ou_hq"])
        .user("user_erin", "erin", None, &["ou_hq"])
        .user("user_dan", "dan", None, &["ou_hq"])
        .source("user_dan", "ding_talk")
        .group("group_ops", "Ops", &[])
        .source("group_ops", "ldap")
        .put(&env);
    env
}

fn rejection<'a>(r: &'a Report, ext: &str) -> &'a str {
    (r.rejected.iter())
        .find(|x| x.external_id == ext && x.field == "matched_by")
        .map(|x| x.reason.as_str())
        .unwrap_or_else(|| panic!("{ext} is not rejected: {}", r.to_json()))
}

#[tokio::test]
async fn ambiguous_records_are_rejected_with_their_candidates_and_the_rest_proceeds() {
    let env = env("\"build_in\"").await;
    let before = env.state();
    let r = env.apply().await;
    assert_eq!(r.exit_code(), 3, "rejected records: {}", r.to_json());
    let e1 = rejection(&r, "e1");
    assert!(
        e1.contains("user_alice (by username)") && e1.contains("user_al (by email)"),
        "{e1}"
    );
    for ext in ["e2", "e3"] {
        let why = rejection(&r, ext);
        assert!(why.contains("user_bob"), "{why}");
    }
    assert!(rejection(&r, "e2").contains("e3") && rejection(&r, "e3").contains("e2"));
    // Nothing is done for them, nor to their candidates.
    for ext in ["e1", "e2", "e3"] {
        assert!(
            !r.operations.iter().any(|o| o.external_id == ext),
            "{ext}: {}",
            r.to_json()
        );
    }
    for id in ["user_alice", "user_al", "user_bob"] {
        let was = before.users.iter().find(|u| u.user_id == id).unwrap();
        assert_eq!(&user(&env, id), was, "{id} untouched");
    }
    // The rest proceeds: erin and HQ adopted, Staff created with erin only.
    let adopted: Vec<&str> = (r.operations.iter())
        .filter(|o| o.action == Action::Adopt)
        .map(|o| o.external_id.as_str())
        .collect();
    assert_eq!(adopted, ["hq", "e4"]);
    assert_eq!(r.summary.get("CreateGroup"), Some(&1), "{}", r.to_json());
    // Other sources: never adopted, counted apart; their records' creates are skipped.
    assert_eq!(r.unmanaged.other_sources["users"]["ding_talk"], 1);
    assert_eq!(r.unmanaged.other_sources["groups"]["ldap"], 1);
    for (action, ext) in [(Action::CreateUser, "e5"), (Action::CreateGroup, "g2")] {
        let op = r
            .operations
            .iter()
            .find(|o| o.action == action && o.external_id == ext);
        let why = op.and_then(|o| o.error.as_deref()).unwrap_or_default();
        assert!(why.contains("does not manage"), "{ext}: {why}");
    }
    let dan = user(&env, "user_dan");
    assert_eq!(
        (dan.username.as_str(), dan.user_source_type.as_deref()),
        ("dan", Some("ding_talk"))
    );
    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    for ext in ["e1", "e2", "e3", "e5"] {
        assert!(
            ownership.get(Kind::User, &ExtId::new(ext)).is_none(),
            "{ext}"
        );
    }

    // Resolved by hand (the stray email removed), alice is adopted by the next run.
    let mut state = env.state();
    if let Some(u) = state.users.iter_mut().find(|u| u.user_id == "user_al") {
        (u.email, u.email_verified) = (None, None);
    }
    env.emulator.put_state(state).unwrap();
    let r = env.apply().await;
    let adopted = r.operations.iter().find(|o| o.action == Action::Adopt);
    assert_eq!(
        adopted.map(|o| o.external_id.as_str()),
        Some("e1"),
        "{}",
        r.to_json()
    );
}

#[tokio::test]
async fn objects_of_an_allowed_source_are_adopted_and_managed_from_then_on() {
    let env = env("\"build_in\", \"ding_talk\"").await;
    let r = env.apply().await;
    let dan = (r.operations.iter())
        .find(|o| o.action == Action::Adopt && o.external_id == "e5")
        .unwrap_or_else(|| panic!("{}", r.to_json()));
    assert_eq!(dan.eiam_id.as_ref().map(|i| i.as_str()), Some("user_dan"));
    assert!(
        !r.unmanaged.other_sources.contains_key("users"),
        "{:?}",
        r.unmanaged
    );
    assert_eq!(
        r.unmanaged.other_sources["groups"]["ldap"], 1,
        "ldap is still not allowed"
    );
    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    let owned = ownership.get(Kind::User, &ExtId::new("e5")).unwrap();
    assert_eq!(owned.matched_by, Some(AdoptKey::Username));
    // Its source stays what it is; it is managed all the same: nothing left, a leaver disabled.
    assert_eq!(
        user(&env, "user_dan").user_source_type.as_deref(),
        Some("ding_talk")
    );
    let again = env.dry_run().await;
    let left: Vec<_> = (again.operations.iter())
        .filter(|o| o.external_id == "e5")
        .collect();
    assert!(left.is_empty(), "{}", again.to_json());
    env.write(&snapshot().without_user("e5")).await;
    let r = env.apply().await;
    assert!(
        r.operations
            .iter()
            .any(|o| o.action == Action::DisableUser && o.external_id == "e5"),
        "{}",
        r.to_json()
    );
    assert_eq!(user(&env, "user_dan").status, "disabled");
}
