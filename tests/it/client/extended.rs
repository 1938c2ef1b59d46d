//! Extended fields and password initialization through the typed client.

use eiam_sync::eiam::types::users::{
    CreateUserRequest, CustomField, PasswordInitializationConfig, PatchCustomField,
    PatchUserRequest,
};

use super::emu;

fn values(u: &eiam_sync::eiam::types::users::GetUserResponse) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = u
        .custom_fields
        .iter()
        .flatten()
        .map(|f| {
            (
                f.field_name.clone().unwrap_or_default(),
                f.field_value.clone().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn create_patch_and_get_carry_custom_fields_and_the_initialization() {
    let emu = emu::start().await;
    emu.set_custom_fields(&["employee_number", "cost_center"])
        .unwrap();
    let c = emu::client(&emu);
    let users = c.users();
    let id = users
        .create(&CreateUserRequest {
            username: "hana".into(),
            primary_organizational_unit_id: emu.root_ou_id().into_string(),
            email: Some("hana@example.com".into()),
            email_verified: Some(true),
            custom_fields: Some(vec![CustomField::new("employee_number", "E7")]),
            password_initialization_config: Some(PasswordInitializationConfig::random(
                &["email"],
                true,
            )),
            ..CreateUserRequest::default()
        })
        .await
        .unwrap();
    let u = users.get(&id).await.unwrap();
    assert_eq!(values(&u), [("employee_number".into(), "E7".into())]);
    assert_eq!(u.password_set, Some(true));
    let recorded = emu
        .state()
        .users
        .into_iter()
        .find(|u| u.user_id == id)
        .and_then(|u| u.password_initialization_config)
        .unwrap();
    assert_eq!(
        recorded,
        PasswordInitializationConfig {
            password_forced_update_status: Some("enabled".into()),
            password_initialization_policy_priority: Some("custom".into()),
            password_initialization_type: Some("random".into()),
            user_notification_channels: Some(vec!["email".into()]),
        }
    );

    let patch = |fields| PatchUserRequest {
        custom_fields: Some(fields),
        ..PatchUserRequest::default()
    };
    users
        .patch(
            &id,
            &patch(vec![
                PatchCustomField::add("cost_center", "CC1"),
                PatchCustomField::replace("employee_number", "E8"),
            ]),
        )
        .await
        .unwrap();
    assert_eq!(
        values(&users.get(&id).await.unwrap()),
        [
            ("cost_center".into(), "CC1".into()),
            ("employee_number".into(), "E8".into())
        ]
    );
    users
        .patch(&id, &patch(vec![PatchCustomField::remove("cost_center")]))
        .await
        .unwrap();
    assert_eq!(
        values(&users.get(&id).await.unwrap()),
        [("employee_number".into(), "E8".into())]
    );
    let err = users
        .patch(&id, &patch(vec![PatchCustomField::add("shoe_size", "9")]))
        .await
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some("InvalidParameter.CustomFields.FieldName"),
        "{err}"
    );
}
