//! One run takes over a populated instance: console-made OUs, users and groups matched by
//! rule, none created twice, the hand-made differences repaired, the accounts the snapshot does
//! not name left as they are; then the adopted objects are managed as created ones: nothing
//! left to do, a leaver disabled, an incremental run that pays for the change only.

use eiam_sync::model::{AdoptKey, ExtId, Kind, Origin, Snapshot, SyncMode};
use eiam_sync::plan::Action;
use eiam_sync::report::Report;

use super::console::{Console, as_known, user};
use crate::reconcile::data::Build;
use crate::support::harness::{Env, Source, assert_matches, run};

/// The rules of these tests, after the `[sync]` lines.
pub const RULES: &str = "[sync.adopt]\nusers = [\"username\", \"email\"]\norganizational_units = \"path\"\ngroups = \"name\"\n";

/// The HR snapshot: an organisation whose accounts were made in the console before.
pub fn snapshot() -> Snapshot {
    Snapshot::default()
        .ou("hq", None, "HQ")
        .ou("eng", Some("hq"), "Engineering")
        .ou("sales", Some("hq"), "Sales")
        .ou("new", Some("hq"), "New team")
        .user("e1", "alice", "eng")
        .secondary("e1", "sales")
        .user("e2", "bob", "sales")
        .user("e3", "carol", "eng")
        .user("e4", "dave", "new")
        .group("g1", "Staff")
        .member("g1", "e1")
        .member("g1", "e2")
        .member("g1", "e4")
        .group("g2", "Engineers")
        .member("g2", "e1")
        .member("g2", "e3")
}

/// The console's version of it, with the differences people make by hand: display names,
/// a missing secondary OU, a wrong primary OU, another username (carol is matched by her
/// email, in another case), missing and extra group members; and accounts, an OU and a group
/// the snapshot does not name.
pub fn console(env: &Env) -> Console {
    Console::of(env)
        .ou("ou_c_hq", None, "HQ")
        .ou("ou_c_eng", Some("ou_c_hq"), "Engineering")
        .ou("ou_c_sales", Some("ou_c_hq"), "Sales")
        .ou("ou_c_misc", Some("ou_c_hq"), "Misc")
        .user(
            "user_c_alice",
            "alice",
            Some("alice@example.com"),
            &["ou_c_eng"],
        )
        .user("user_c_bob", "bob", Some("bob@example.com"), &["ou_c_hq"])
        .user(
            "user_c_carol",
            "carol.w",
            Some("Carol@Example.com"),
            &["ou_c_eng"],
        )
        .user("user_c_zed", "zed", Some("zed@example.com"), &["ou_c_misc"])
        .user("user_c_temp", "temp", None, &["ou_c_hq"])
        .group("group_c_staff", "Staff", &["user_c_alice", "user_c_zed"])
        .group("group_c_lunch", "Lunch club", &["user_c_zed"])
}

fn count(r: &Report, action: Action) -> usize {
    r.operations.iter().filter(|o| o.action == action).count()
}

fn adopted(r: &Report) -> Vec<(String, String, String)> {
    (r.operations.iter())
        .filter(|o| o.action == Action::Adopt)
        .map(|o| {
            let id = o
                .eiam_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default();
            let key = o.changes["matched_by"][1]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (o.external_id.to_string(), id, key)
        })
        .collect()
}

async fn takeover(source: Source) {
    let env = Env::with(source, RULES).await;
    let s = snapshot();
    env.write(&s).await;
    console(&env).put(&env);
    let untouched = |env: &Env| {
        let st = env.state();
        let zed = st.users.iter().find(|u| u.user_id == "user_c_zed").cloned();
        let temp = st
            .users
            .iter()
            .find(|u| u.user_id == "user_c_temp")
            .cloned();
        let misc = (st.organizational_units.iter())
            .find(|o| o.organizational_unit_id == "ou_c_misc")
            .cloned();
        let lunch = st
            .groups
            .iter()
            .find(|g| g.group_id == "group_c_lunch")
            .cloned();
        format!("{zed:?}{temp:?}{misc:?}{lunch:?}")
    };
    let before = untouched(&env);

    // The dry run says what it will take over, and by which key.
    let plan = run(&env, true, SyncMode::Full).await;
    assert_eq!(plan.exit_code(), 2, "{}", plan.to_json());
    let mut want = vec![
        ("e1".into(), "user_c_alice".into(), "username".into()),
        ("e2".into(), "user_c_bob".into(), "username".into()),
        ("e3".into(), "user_c_carol".into(), "email".into()),
        ("eng".into(), "ou_c_eng".into(), "path".into()),
        ("g1".into(), "group_c_staff".into(), "name".into()),
        ("hq".into(), "ou_c_hq".into(), "path".into()),
        ("sales".into(), "ou_c_sales".into(), "path".into()),
    ];
    want.sort();
    let mut got = adopted(&plan);
    got.sort();
    assert_eq!(got, want);
    assert_eq!(plan.summary.get("Adopt"), Some(&7));
    assert_eq!(plan.unmanaged.users, 2, "zed and temp");
    let text = eiam_sync::report::render_text(&plan, false);
    assert!(text.contains("= e3"), "{text}");
    assert!(text.contains("user_c_carol (matched by email)"), "{text}");
    assert!(text.contains("7 to adopt"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
    let op = (json["operations"].as_array().unwrap().iter())
        .find(|o| o["action"] == "Adopt" && o["external_id"] == "e1")
        .unwrap();
    assert_eq!(op["kind"], "user");
    assert_eq!(op["eiam_id"], "user_c_alice");
    assert_eq!(
        op["changes"],
        serde_json::json!({"matched_by": [null, "username"]})
    );
    let md = eiam_sync::report::render_markdown(&plan);
    assert!(
        md.contains("| `=` | `e1` | Adopt | user_c_alice (matched by username) |"),
        "{md}"
    );

    // One run takes it over.
    env.emulator.reset_stats();
    let applied = run(&env, false, SyncMode::Full).await;
    assert_eq!(applied.exit_code(), 0, "{}", applied.to_json());
    let stats = env.emulator.stats();
    assert_eq!(
        (
            stats.action("CreateUser"),
            stats.action("CreateOrganizationalUnit"),
            stats.action("CreateGroup")
        ),
        (1, 1, 1),
        "only dave, the new team and Engineers are created"
    );
    for a in [
        Action::PatchUser,
        Action::SetUserPrimaryOrganizationalUnit,
        Action::AddUserToOrganizationalUnits,
        Action::AddUsersToGroup,
    ] {
        assert!(count(&applied, a) > 0, "{a} repairs a hand-made difference");
    }
    let state = env.state();
    for name in ["alice", "bob", "carol", "dave"] {
        let n = state.users.iter().filter(|u| u.username == name).count();
        assert_eq!(n, 1, "{name} exists once");
    }
    assert_eq!(
        user(&env, "user_c_carol").username,
        "carol",
        "renamed, not recreated"
    );
    assert_eq!(
        user(&env, "user_c_carol").user_external_id,
        "user_c_carol",
        "EIAM keeps its id"
    );
    assert_matches(&as_known(&env).await, &env.root, &s);
    assert_eq!(
        untouched(&env),
        before,
        "what the snapshot does not name is left alone"
    );
    let staff = (env.state().group_members.into_iter())
        .filter(|m| m.group_id == "group_c_staff")
        .map(|m| m.user_id)
        .collect::<Vec<_>>();
    assert!(
        staff.contains(&"user_c_zed".to_owned()),
        "an unmanaged member stays: {staff:?}"
    );

    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    let owned = |kind, ext: &str| ownership.get(kind, &ExtId::new(ext)).cloned().unwrap();
    let alice = owned(Kind::User, "e1");
    assert_eq!(
        (alice.eiam_id.as_str(), alice.origin, alice.matched_by),
        ("user_c_alice", Origin::Adopted, Some(AdoptKey::Username))
    );
    assert_eq!(owned(Kind::User, "e3").matched_by, Some(AdoptKey::Email));
    assert_eq!(
        owned(Kind::OrganizationalUnit, "eng").matched_by,
        Some(AdoptKey::Path)
    );
    assert_eq!(owned(Kind::Group, "g1").matched_by, Some(AdoptKey::Name));
    assert_eq!(owned(Kind::User, "e4").origin, Origin::Created);
    assert!(alice.fingerprint.is_some(), "in step: fingerprinted");

    // Managed from now on like anything eiam-sync created.
    let again = run(&env, true, SyncMode::Full).await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
    assert_eq!(again.exit_code(), 0);
    assert_eq!(again.unmanaged.users, 2);

    // An incremental run after a change to an adopted account costs what the same change to
    // an account eiam-sync created costs: the account read by id, the patch.
    let mut cost = Vec::new();
    for who in ["e1", "e4"] {
        let changed = s
            .clone()
            .set_user(who, |u| u.display_name = Some(format!("{who} renamed")));
        env.write(&changed).await;
        env.emulator.reset_stats();
        let inc = run(&env, false, SyncMode::Incremental).await;
        assert_eq!(inc.mode, SyncMode::Incremental, "{:?}", inc.mode_notes);
        let sent: Vec<String> = inc
            .operations
            .iter()
            .map(|o| format!("{} {}", o.action, o.external_id))
            .collect();
        assert_eq!(sent, [format!("PatchUser {who}")]);
        let stats = env.emulator.stats();
        assert_eq!(
            stats.action("ListUsers")
                + stats.action("ListGroups")
                + stats.action("ListOrganizationalUnits"),
            0
        );
        cost.push((inc.api_calls, stats.action("GetUser")));
        env.write(&s).await;
        assert_eq!(run(&env, false, SyncMode::Incremental).await.exit_code(), 0);
    }
    assert_eq!(cost[0], cost[1], "adopted and created accounts cost alike");
    assert_eq!(cost[0].1, 1, "one account read");
    assert_matches(&as_known(&env).await, &env.root, &s);

    // An adopted leaver is disabled, as user_removal says.
    let left = s.clone().without_user("e2");
    env.write(&left).await;
    let r = run(&env, false, SyncMode::Full).await;
    assert_eq!(r.exit_code(), 0, "{}", r.to_json());
    let disabled: Vec<&str> = (r.operations.iter())
        .filter(|o| o.action == Action::DisableUser)
        .map(|o| o.external_id.as_str())
        .collect();
    assert_eq!(disabled, ["e2"]);
    assert_eq!(user(&env, "user_c_bob").status, "disabled");
    assert!(run(&env, true, SyncMode::Full).await.operations.is_empty());
    assert_eq!(untouched(&env), before);

    // A hire: with the rules on, only the whole subtree tells whether it matches an existing
    // account, so the incremental run observes everything, and says why; then it is managed.
    env.write(&left.clone().user("e5", "erin", "new")).await;
    let hire = run(&env, false, SyncMode::Incremental).await;
    assert_eq!(hire.mode, SyncMode::Full);
    assert!(
        hire.mode_notes.iter().any(|n| n.contains("[sync.adopt]")),
        "{:?}",
        hire.mode_notes
    );
    assert_eq!(
        hire.summary.get("CreateUser"),
        Some(&1),
        "{}",
        hire.to_json()
    );
    let quiet = run(&env, false, SyncMode::Incremental).await;
    assert_eq!((quiet.mode, quiet.api_calls), (SyncMode::Incremental, 0));
}

#[tokio::test]
async fn a_populated_instance_is_taken_over_from_a_sqlite_snapshot() {
    takeover(Source::Sqlite).await;
}

#[tokio::test]
async fn a_populated_instance_is_taken_over_from_a_postgres_snapshot() {
    takeover(Source::Postgres).await;
}
