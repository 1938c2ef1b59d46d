//! The end-to-end scenarios: each converges (EIAM matches the snapshot, a second run has
//! nothing to do) on SQLite, and the core ones also with a PostgreSQL source.

use eiam_sync::model::Snapshot;

use super::data::{Build, company};
use crate::support::harness::{Env, Source};

async fn initial_load(source: Source) {
    let env = Env::new(source).await;
    let report = env.converge(&company()).await;
    assert_eq!(report.summary.get("CreateOrganizationalUnit"), Some(&5));
    assert_eq!(report.summary.get("CreateUser"), Some(&6));
    assert_eq!(report.summary.get("CreateGroup"), Some(&2));
    assert!(report.api_calls > 0);
}

async fn renames(source: Source) {
    let env = Env::new(source).await;
    env.converge(&company()).await;
    let before = env.ids();
    let renamed = company()
        .set_ou("eng", |o| o.name = "R&D".into())
        .set_user("u1", |u| {
            u.username = "alice.smith".into();
            u.display_name = Some("Alice Smith".into());
        })
        .set_user("u2", |u| u.email = Some("robert@example.com".into()));
    let mut renamed = renamed;
    renamed.groups[0].name = "Developers".into();
    let report = env.converge(&renamed).await;
    assert_eq!(report.summary.get("PatchOrganizationalUnit"), Some(&1));
    assert_eq!(report.summary.get("PatchUser"), Some(&2));
    assert_eq!(report.summary.get("PatchGroup"), Some(&1));
    assert_eq!(env.ids(), before, "renamed objects keep their EIAM ids");
}

async fn users_move(source: Source) {
    let env = Env::new(source).await;
    env.converge(&company()).await;
    let before = env.ids();
    let moved = company()
        .set_user("u1", |u| u.primary_ou_id = "sales".into())
        .set_user("u4", |u| u.primary_ou_id = "platform".into());
    let report = env.converge(&moved).await;
    assert_eq!(
        report.summary.get("SetUserPrimaryOrganizationalUnit"),
        Some(&2)
    );
    assert_eq!(report.summary.get("CreateUser"), None);
    assert_eq!(env.ids(), before);
}

async fn subtree_moves_under_former_descendant(source: Source) {
    let env = Env::new(source).await;
    env.converge(&company()).await;
    let before = env.ids();
    // eng was web's parent; now web sits directly under hq and eng moves under web,
    // taking platform (and its users) with it.
    let moved = company()
        .set_ou("web", |o| o.parent_id = Some("hq".into()))
        .set_ou("eng", |o| o.parent_id = Some("web".into()));
    let report = env.converge(&moved).await;
    assert!(
        report
            .summary
            .get("PatchOrganizationalUnitParentId")
            .copied()
            .unwrap_or(0)
            >= 2
    );
    assert_eq!(report.summary.get("CreateOrganizationalUnit"), None);
    assert_eq!(report.summary.get("DeleteOrganizationalUnit"), None);
    assert_eq!(env.ids(), before, "moved OUs keep their EIAM ids");
}

async fn group_churn(source: Source) {
    let env = Env::new(source).await;
    env.converge(&company()).await;
    let mut next = company()
        .group("g3", "Sales team")
        .member("g3", "u4")
        .member("g3", "u5");
    next.groups[1].name = "All staff".into();
    next.group_members
        .retain(|m| !(m.group_id == "g1" && m.user_id == "u2"));
    next = next.member("g1", "u6").member("g2", "u5");
    let report = env.converge(&next).await;
    assert_eq!(report.summary.get("CreateGroup"), Some(&1));
    assert_eq!(report.summary.get("PatchGroup"), Some(&1));
    assert_eq!(report.summary.get("RemoveUsersFromGroup"), Some(&1));
    // Members are batched by group: one call each for g1, g2 and g3.
    assert_eq!(report.summary.get("AddUsersToGroup"), Some(&3));
}

async fn leavers_disabled(source: Source) {
    let env = Env::new(source).await;
    env.converge(&company()).await;
    let before = env.ids();
    let report = env.converge(&company().without_user("u5")).await;
    assert_eq!(report.summary.get("DisableUser"), Some(&1));
    let state = env.state();
    let u5 = state
        .users
        .iter()
        .find(|u| u.user_external_id == "u5")
        .expect("kept");
    assert_eq!(u5.status, "disabled");
    assert_eq!(env.ids(), before);
}

#[tokio::test]
async fn initial_load_sqlite() {
    initial_load(Source::Sqlite).await;
}

#[tokio::test]
async fn initial_load_postgres() {
    initial_load(Source::Postgres).await;
}

#[tokio::test]
async fn renames_sqlite() {
    renames(Source::Sqlite).await;
}

#[tokio::test]
async fn renames_postgres() {
    renames(Source::Postgres).await;
}

#[tokio::test]
async fn users_move_sqlite() {
    users_move(Source::Sqlite).await;
}

#[tokio::test]
async fn users_move_postgres() {
    users_move(Source::Postgres).await;
}

#[tokio::test]
async fn subtree_moves_sqlite() {
    subtree_moves_under_former_descendant(Source::Sqlite).await;
}

#[tokio::test]
async fn subtree_moves_postgres() {
    subtree_moves_under_former_descendant(Source::Postgres).await;
}

#[tokio::test]
async fn group_churn_sqlite() {
    group_churn(Source::Sqlite).await;
}

#[tokio::test]
async fn group_churn_postgres() {
    group_churn(Source::Postgres).await;
}

#[tokio::test]
async fn leavers_disabled_sqlite() {
    leavers_disabled(Source::Sqlite).await;
}

#[tokio::test]
async fn leavers_disabled_postgres() {
    leavers_disabled(Source::Postgres).await;
}

#[tokio::test]
async fn leavers_deleted() {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&company()).await;
    let report = env.converge(&company().without_user("u5")).await;
    assert_eq!(report.summary.get("DeleteUser"), Some(&1));
    assert!(env.state().users.iter().all(|u| u.user_external_id != "u5"));
}

#[tokio::test]
async fn ou_removed_together_with_its_users() {
    let env = Env::with(Source::Sqlite, "user_removal = \"delete\"").await;
    env.converge(&company()).await;
    let next = company()
        .without_user("u4")
        .without_user("u5")
        .without_ou("sales");
    let report = env.converge(&next).await;
    assert_eq!(report.summary.get("DeleteUser"), Some(&2));
    assert_eq!(report.summary.get("DeleteOrganizationalUnit"), Some(&1));
    assert!(
        env.state()
            .organizational_units
            .iter()
            .all(|o| o.organizational_unit_external_id != "sales")
    );
}

#[tokio::test]
async fn ou_with_disabled_leavers_is_kept() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let next = company()
        .without_user("u4")
        .without_user("u5")
        .without_ou("sales");
    let report = env.converge(&next).await;
    assert_eq!(report.summary.get("DisableUser"), Some(&2));
    assert_eq!(report.summary.get("DeleteOrganizationalUnit"), None);
    assert_eq!(
        report.notes.len(),
        1,
        "the kept OU is explained: {:?}",
        report.notes
    );
}

#[tokio::test]
async fn secondary_ous() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    // u3: primary platform + secondary web  →  primary web + secondary platform and sales.
    let mut next = company().set_user("u3", |u| u.primary_ou_id = "web".into());
    next.user_organizational_units.clear();
    let next = next
        .secondary("u3", "platform")
        .secondary("u3", "sales")
        .secondary("u1", "hq");
    let report = env.converge(&next).await;
    assert!(report.summary.contains_key("AddUserToOrganizationalUnits"));
    // And back to no secondary OUs at all.
    let mut none = next.clone();
    none.user_organizational_units.clear();
    let report = env.converge(&none).await;
    assert_eq!(
        report.summary.get("RemoveUserFromOrganizationalUnits"),
        Some(&2)
    );
}

#[tokio::test]
async fn disabled_users() {
    let env = Env::new(Source::Sqlite).await;
    let start = company().set_user("u2", |u| u.status = "disabled".into());
    let report = env.converge(&start).await;
    assert_eq!(report.summary.get("DisableUser"), Some(&1));
    let report = env.converge(&company()).await;
    assert_eq!(report.summary.get("EnableUser"), Some(&1));
}

#[tokio::test]
async fn swaps_of_names_and_usernames_keep_every_step_valid() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let before = env.ids();
    let swapped = company()
        .set_ou("web", |o| o.name = "Platform".into())
        .set_ou("platform", |o| o.name = "Web".into())
        .set_user("u1", |u| u.username = "bob".into())
        .set_user("u2", |u| u.username = "alice".into())
        .user("u7", "carol", "sales")
        .set_user("u7", |u| u.email = Some("carol.new@example.com".into()))
        .set_user("u3", |u| u.username = "carol.old".into());
    env.converge(&swapped).await;
    let after = env.ids();
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k} kept its id");
    }
}

#[tokio::test]
async fn empty_directory_to_demo_sample_and_back_to_a_week_later() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&eiam_sync::demo::sample::initial()).await;
    env.converge(&eiam_sync::demo::sample::week_later()).await;
    let _ = Snapshot::default();
}
