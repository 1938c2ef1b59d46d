//! The emulator's error answers as the client reports and classifies them.

use eiam_sync::eiam::types::organizational_units::CreateOrganizationalUnitRequest;
use eiam_sync::eiam::types::users::CreateUserRequest;
use eiam_sync::eiam::{Client, UserId};
use secrecy::SecretString;

use super::emu;

#[tokio::test]
async fn api_errors_are_classified() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id().into_string();

    let e = c
        .users()
        .get(&UserId::from("user_does_not_exist"))
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.code()),
        (Some(404), Some("ResourceNotFound.User"))
    );
    assert!(e.is_not_found() && !e.is_retryable() && !e.is_auth());
    assert!(e.request_id().is_some_and(|id| !id.is_empty()));
    assert_eq!(e.attempts(), 1);

    let e = c
        .users()
        .delete(&UserId::from("user_does_not_exist"))
        .await
        .unwrap_err();
    assert!(e.is_not_found());

    c.users()
        .create(&emu::new_user("alice", &root))
        .await
        .unwrap();
    let mut dup = emu::new_user("alice", &root);
    dup.user_external_id = Some("another".into());
    let e = c.users().create(&dup).await.unwrap_err();
    assert!(e.is_conflict(), "{e}");
    assert!(!e.is_unknown_outcome());

    let e = c
        .users()
        .create(&CreateUserRequest {
            username: "bob".into(),
            primary_organizational_unit_id: "ou_not_there".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(e.is_not_in_scope() && !e.is_not_found(), "{e}");

    let e = c
        .users()
        .create(&CreateUserRequest {
            username: "carol".into(),
            primary_organizational_unit_id: root.clone(),
            email: Some("carol@example.com".into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    assert!(e.code().unwrap().starts_with("MissingParameter."), "{e}");

    // An OU with a child cannot be deleted: a plain client error, not retried.
    let parent = c
        .organizational_units()
        .create(&CreateOrganizationalUnitRequest {
            organizational_unit_name: "parent".into(),
            parent_id: root.clone(),
            organizational_unit_external_id: None,
            description: None,
        })
        .await
        .unwrap();
    c.organizational_units()
        .create(&CreateOrganizationalUnitRequest {
            organizational_unit_name: "child".into(),
            parent_id: parent.to_string(),
            organizational_unit_external_id: None,
            description: None,
        })
        .await
        .unwrap();
    emu.reset_stats();
    let e = c.organizational_units().delete(&parent).await.unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    assert!(!e.is_retryable() && !e.is_not_found());
    assert_eq!(emu.stats().action("DeleteOrganizationalUnit"), 1);
}

#[tokio::test]
async fn wrong_credentials_are_auth_errors() {
    let emu = emu::start().await;
    let mut config = emu::config(&emu);
    config.client_secret = SecretString::from("wrong".to_owned());
    let e = Client::new(config)
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap_err();
    assert!(e.is_auth(), "{e}");
    assert_eq!(e.action(), Some("GenerateToken"));
    assert_eq!(e.attempts(), 1);

    let mut config = emu::config(&emu);
    config.application_id = "app_unknown".into();
    let e = Client::new(config)
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap_err();
    assert!(e.is_auth(), "{e}");
}
