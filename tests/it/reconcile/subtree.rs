//! Syncing below a sub-OU: what lies outside the sync root is out of sight, and a user whose
//! primary OU was moved outside by hand is still seen for what it is.

use eiam_sync::eiam::types::organizational_units::CreateOrganizationalUnitRequest;
use eiam_sync::eiam::{OrganizationalUnitId, UserId};

use super::data::company;
use crate::support::harness::{Env, Source};

#[tokio::test]
async fn a_primary_ou_moved_outside_the_sync_root_is_noticed_and_moved_back() {
    let mut env = Env::new(Source::Sqlite).await;
    let client = env.reconciler.client().clone();
    let top = env.emulator.root_ou_id().into_string();
    let create = |name: &str| CreateOrganizationalUnitRequest {
        parent_id: top.clone(),
        organizational_unit_name: name.into(),
        ..Default::default()
    };
    let synced = client
        .organizational_units()
        .create(&create("Synced"))
        .await
        .unwrap();
    let outside = client
        .organizational_units()
        .create(&create("Outside"))
        .await
        .unwrap();
    env.move_root(&synced).await;
    env.converge(&company()).await;
    let state = env.state();
    assert!(
        state
            .organizational_units
            .iter()
            .any(|o| o.organizational_unit_external_id == "hq"
                && o.parent_id.as_deref() == Some(synced.as_str()))
    );

    // By hand: u1's primary OU becomes one outside the sync root, and it keeps `web` as a
    // secondary OU, so a listing of the subtree still shows it there.
    let u1 = state
        .users
        .iter()
        .find(|u| u.user_external_id == "u1")
        .unwrap()
        .user_id
        .clone();
    let web = state
        .organizational_units
        .iter()
        .find(|o| o.organizational_unit_external_id == "web")
        .unwrap()
        .organizational_unit_id
        .clone();
    let users = client.users();
    users
        .set_primary_organizational_unit(&UserId::from(&u1), &outside)
        .await
        .unwrap();
    users
        .add_to_organizational_units(&UserId::from(&u1), &[OrganizationalUnitId::from(&web)])
        .await
        .unwrap();

    let report = env.converge(&company()).await;
    assert_eq!(
        report.summary.get("SetUserPrimaryOrganizationalUnit"),
        Some(&1),
        "{}",
        report.to_json()
    );
    let u = env
        .state()
        .users
        .into_iter()
        .find(|u| u.user_id == u1)
        .unwrap();
    assert_eq!(
        u.primary_organizational_unit_id.as_deref(),
        Some(web.as_str())
    );
}
