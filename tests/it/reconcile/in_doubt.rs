//! A create left `started` in the journal (the process killed after EIAM made the object,
//! before its answer arrived) whose record then left the snapshot: the next run owns the
//! object as created and removes it as a leaver, instead of leaving it unmanaged (and an
//! account enabled) for good.

use eiam_sync::eiam::UserId;
use eiam_sync::eiam::types::groups::CreateGroupRequest;
use eiam_sync::eiam::types::organizational_units::CreateOrganizationalUnitRequest;
use eiam_sync::eiam::types::users::CreateUserRequest;
use eiam_sync::model::Kind;
use eiam_sync::state::{JournalEntry, RunMode};

use super::data::company;
use crate::support::harness::{Env, Source};

/// What a killed run leaves behind: its create journalled as started, no outcome, no
/// ownership record.
pub(crate) async fn journal_started_create(env: &Env, action: &str, kind: Kind, ext: &str) {
    let store = env.reconciler.store();
    let run = store.start_run("test", RunMode::Apply).await.unwrap();
    let entry = JournalEntry {
        seq: 0,
        action: action.into(),
        kind,
        external_id: ext.into(),
        eiam_id: None,
        detail: "{}".into(),
    };
    store.journal_plan(run, &[entry]).await.unwrap();
    store.journal_started(run, 0).await.unwrap();
}

fn ou_id(env: &Env, ext: &str) -> String {
    env.state()
        .organizational_units
        .iter()
        .find(|o| o.organizational_unit_external_id == ext)
        .unwrap()
        .organizational_unit_id
        .clone()
}

/// The killed run's CreateUser made `u7` in EIAM; `u7` is not in the snapshot any more.
async fn user_in_doubt(removal: &str) -> Env {
    let env = Env::with(Source::Sqlite, &format!("user_removal = \"{removal}\"")).await;
    env.converge(&company()).await;
    journal_started_create(&env, "CreateUser", Kind::User, "u7").await;
    env.reconciler
        .client()
        .users()
        .create(&CreateUserRequest {
            username: "grace".into(),
            primary_organizational_unit_id: ou_id(&env, "sales"),
            user_external_id: Some("u7".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    env
}

#[tokio::test]
async fn an_in_doubt_user_gone_from_the_snapshot_is_disabled() {
    let env = user_in_doubt("disable").await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{}", report.to_json());
    assert!(
        report
            .operations
            .iter()
            .any(|o| o.action.to_string() == "DisableUser" && o.external_id == "u7"),
        "{}",
        report.to_json()
    );
    let state = env.state();
    let u7 = state
        .users
        .iter()
        .find(|u| u.user_external_id == "u7")
        .unwrap();
    assert_eq!(u7.status, "disabled");
    assert_eq!(report.unmanaged.users, 0, "{}", report.to_json());
    // The state store, not only the journal, now says eiam-sync made it.
    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    let owned = ownership
        .get(Kind::User, &"u7".into())
        .expect("the disabled leaver is owned");
    assert_eq!(owned.eiam_id.as_str(), u7.user_id);
    assert_eq!(owned.origin, eiam_sync::model::Origin::Created);
    let again = env.apply().await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
}

#[tokio::test]
async fn an_in_doubt_user_gone_from_the_snapshot_is_deleted_in_delete_mode() {
    let env = user_in_doubt("delete").await;
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{}", report.to_json());
    assert!(
        !env.state().users.iter().any(|u| u.user_external_id == "u7"),
        "{}",
        report.to_json()
    );
    let ownership = env.reconciler.store().load_ownership().await.unwrap();
    assert!(
        ownership.get(Kind::User, &"u7".into()).is_none(),
        "a deleted leaver is not recorded again"
    );
    let again = env.apply().await;
    assert!(again.operations.is_empty(), "{}", again.to_json());
}

#[tokio::test]
async fn an_in_doubt_ou_gone_from_the_snapshot_is_deleted() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    journal_started_create(
        &env,
        "CreateOrganizationalUnit",
        Kind::OrganizationalUnit,
        "ghost",
    )
    .await;
    env.reconciler
        .client()
        .organizational_units()
        .create(&CreateOrganizationalUnitRequest {
            parent_id: ou_id(&env, "hq"),
            organizational_unit_name: "Ghost".into(),
            organizational_unit_external_id: Some("ghost".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{}", report.to_json());
    assert!(
        !env.state()
            .organizational_units
            .iter()
            .any(|o| o.organizational_unit_external_id == "ghost"),
        "{}",
        report.to_json()
    );
}

#[tokio::test]
async fn an_in_doubt_group_gone_from_the_snapshot_is_emptied_and_deleted() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    journal_started_create(&env, "CreateGroup", Kind::Group, "ghost-g").await;
    let client = env.reconciler.client();
    let group = client
        .groups()
        .create(&CreateGroupRequest {
            group_name: "Ghosts".into(),
            group_external_id: Some("ghost-g".into()),
        })
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
        .add_users(&group, &[UserId::from(u1)])
        .await
        .unwrap();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 0, "{}", report.to_json());
    assert!(
        !env.state()
            .groups
            .iter()
            .any(|g| g.group_external_id == "ghost-g"),
        "{}",
        report.to_json()
    );
}

#[tokio::test]
async fn a_create_followed_by_a_delete_names_nothing_any_more() {
    // u7 was created and later deleted by eiam-sync; an account made by hand afterwards with
    // the same external id is someone else's and stays untouched.
    let env = user_in_doubt("delete").await;
    env.apply().await;
    env.reconciler
        .client()
        .users()
        .create(&CreateUserRequest {
            username: "grace2".into(),
            primary_organizational_unit_id: ou_id(&env, "sales"),
            user_external_id: Some("u7".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let report = env.apply().await;
    assert!(report.operations.is_empty(), "{}", report.to_json());
    assert!(env.state().users.iter().any(|u| u.user_external_id == "u7"));
}

/// The state store refuses every `started` mark (a trigger), as a store going away between
/// journalling the plan and the first request would: nothing is sent unjournalled, each
/// operation is reported skipped with why, and once the store is back the next run converges.
#[tokio::test]
async fn an_operation_whose_start_cannot_be_journalled_is_never_sent() {
    use eiam_sync::report::Status;
    use eiam_sync::state::JournalStatus;
    use sqlx::{Connection, Executor};

    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let before = env.state();
    let mut conn = sqlx::SqliteConnection::connect(&env.state_url)
        .await
        .unwrap();
    conn.execute(
        "CREATE TRIGGER refuse_starts BEFORE UPDATE OF status ON journal \
         WHEN NEW.status = 'started' BEGIN SELECT RAISE(ABORT, 'the journal is unwritable'); END",
    )
    .await
    .unwrap();
    let report = env.apply().await;
    assert_eq!(report.exit_code(), 3, "{}", report.to_json());
    assert!(!report.operations.is_empty());
    for op in &report.operations {
        assert_eq!(op.status, Status::Skipped, "{}", report.to_json());
    }
    assert!(
        report
            .operations
            .iter()
            .any(|o| o.error.as_deref().is_some_and(|e| e.contains("journal"))),
        "{}",
        report.to_json()
    );
    assert_eq!(env.state(), before, "a request was sent unjournalled");
    let store = env.reconciler.store();
    let run = store.runs(1).await.unwrap().remove(0);
    let journal = store.journal(run.id).await.unwrap();
    assert!(
        journal
            .iter()
            .all(|e| e.status != JournalStatus::Started && e.status != JournalStatus::Applied),
        "{journal:?}"
    );
    assert!(store.load_ownership().await.unwrap().objects.is_empty());
    conn.execute("DROP TRIGGER refuse_starts").await.unwrap();
    env.converge(&company()).await;
}
