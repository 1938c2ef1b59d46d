//! Extended fields (definitions through the admin API, values per user) and the password
//! initialization of new accounts, as raw JSON.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::emulator::{Api, start};

fn fields(u: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = u["customFields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["fieldName"].as_str().unwrap_or("").to_owned(),
                f["fieldValue"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

#[tokio::test]
async fn definitions_gate_field_names_and_values_are_kept_per_user() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let defs = api
        .admin(Method::GET, "/_emulator/custom_fields", None)
        .await
        .ok();
    assert_eq!(
        defs,
        json!([]),
        "a fresh instance defines no extended field"
    );
    let create = |name: &str, custom: Value| {
        api.post(
            "/users",
            json!({"username": name, "primaryOrganizationalUnitId": root, "customFields": custom}),
        )
    };
    let refused = create(
        "amy",
        json!([{"fieldName": "employee_number", "fieldValue": "1"}]),
    )
    .await;
    refused.err(400, "InvalidParameter.CustomFields.FieldName");
    assert!(
        refused.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("`employee_number`")),
        "{refused:?}"
    );
    api.admin(
        Method::PUT,
        "/_emulator/custom_fields",
        Some(json!([{"fieldName": "employee_number"}, {"fieldName": "cost_center"}])),
    )
    .await
    .ok();
    for bad in [
        json!([{"fieldName": "a"}, {"fieldName": "a"}]),
        json!([{"fieldName": ""}]),
        json!([{"name": "a"}]),
    ] {
        let a = api
            .admin(Method::PUT, "/_emulator/custom_fields", Some(bad.clone()))
            .await;
        assert_eq!(a.status, 400, "{bad}: {a:?}");
    }
    assert_eq!(emu.custom_fields(), ["employee_number", "cost_center"]);

    let amy = create(
        "amy",
        json!([{"fieldName": "employee_number", "fieldValue": "E1"}]),
    )
    .await
    .ok()["userId"]
        .as_str()
        .unwrap()
        .to_owned();
    let bob = create(
        "bob",
        json!([{"fieldName": "cost_center", "fieldValue": "CC9"}]),
    )
    .await
    .ok()["userId"]
        .as_str()
        .unwrap()
        .to_owned();
    for (body, code) in [
        (
            json!([{"fieldName": "employee_number", "fieldValue": "x".repeat(257)}]),
            "InvalidParameter.CustomFields.FieldValue",
        ),
        (
            json!([{"fieldName": "employee_number", "fieldValue": "a\u{7}b"}]),
            "InvalidParameter.CustomFields.FieldValue",
        ),
        (
            json!([{"fieldName": "cost_center", "fieldValue": "1"},
                   {"fieldName": "cost_center", "fieldValue": "2"}]),
            "InvalidParameter.CustomFields.FieldName",
        ),
    ] {
        create("cyd", body).await.err(400, code);
    }
    let amy_path = format!("/users/{amy}");
    assert_eq!(
        fields(&api.get(&amy_path).await.ok()),
        [pair("employee_number", "E1")]
    );
    api.patch(
        &amy_path,
        json!({"customFields": [
            {"fieldName": "cost_center", "fieldValue": "CC1", "operation": "add"},
            {"fieldName": "employee_number", "fieldValue": "E2", "operation": "replace"}]}),
    )
    .await
    .ok();
    api.patch(
        &amy_path,
        json!({"customFields": [{"fieldName": "shoe_size", "fieldValue": "9", "operation": "add"}]}),
    )
    .await
    .err(400, "InvalidParameter.CustomFields.FieldName");
    api.patch(
        &amy_path,
        json!({"customFields": [{"fieldName": "cost_center", "operation": "add"}]}),
    )
    .await
    .err(400, "MissingParameter.CustomFields.FieldValue");
    assert_eq!(
        fields(&api.get(&amy_path).await.ok()),
        [pair("cost_center", "CC1"), pair("employee_number", "E2")]
    );
    assert_eq!(
        fields(&api.get(format!("/users/{bob}")).await.ok()),
        [pair("cost_center", "CC9")],
        "values are per user"
    );
    api.patch(
        &amy_path,
        json!({"customFields": [{"fieldName": "employee_number", "operation": "remove"}]}),
    )
    .await
    .ok();
    assert_eq!(
        fields(&api.get(&amy_path).await.ok()),
        [pair("cost_center", "CC1")]
    );

    // The admin state carries the values; a PUT of it keeps them (even of undefined fields,
    // so tests can plant what the console would not allow) and keeps the definitions.
    let mut state = emu.state();
    let planted = state.users.iter_mut().find(|u| u.user_id == bob).unwrap();
    planted.custom_fields = Some(vec![eiam_sync::eiam::types::users::CustomField {
        field_name: Some("legacy".into()),
        field_value: Some("L".into()),
    }]);
    emu.put_state(state).expect("state imports");
    assert_eq!(
        fields(&api.get(format!("/users/{bob}")).await.ok()),
        [pair("legacy", "L")]
    );
    let exported = api.admin(Method::GET, "/_emulator/state", None).await.ok();
    let amy_state = exported["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["userId"] == amy.as_str())
        .unwrap()
        .clone();
    assert_eq!(fields(&amy_state), [pair("cost_center", "CC1")]);
    api.admin(Method::POST, "/_emulator/reset", None).await.ok();
    assert_eq!(emu.custom_fields().len(), 2, "definitions survive a reset");
}

#[tokio::test]
async fn password_initialization_is_checked_and_recorded_without_a_password() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let init = json!({
        "passwordInitializationType": "random",
        "passwordInitializationPolicyPriority": "custom",
        "userNotificationChannels": ["email"],
        "passwordForcedUpdateStatus": "enabled"
    });
    let id = api
        .post(
            "/users",
            json!({"username": "nina", "primaryOrganizationalUnitId": root,
                   "email": "nina@example.com", "emailVerified": true,
                   "passwordInitializationConfig": init}),
        )
        .await
        .ok()["userId"]
        .as_str()
        .unwrap()
        .to_owned();
    let plain = api
        .post(
            "/users",
            json!({"username": "otto", "primaryOrganizationalUnitId": root}),
        )
        .await
        .ok()["userId"]
        .as_str()
        .unwrap()
        .to_owned();
    let u = api.get(format!("/users/{id}")).await.ok();
    assert_eq!(u["passwordSet"], true);
    assert!(
        u.get("passwordInitializationConfig").is_none(),
        "not a GetUser field"
    );
    assert_eq!(
        api.get(format!("/users/{plain}")).await.ok()["passwordSet"],
        false
    );
    let state = api.admin(Method::GET, "/_emulator/state", None).await.ok();
    let users = state["users"].as_array().unwrap();
    let nina = users.iter().find(|u| u["userId"] == id.as_str()).unwrap();
    assert_eq!(nina["passwordInitializationConfig"], init);
    let otto = users
        .iter()
        .find(|u| u["userId"] == plain.as_str())
        .unwrap();
    assert!(otto.get("passwordInitializationConfig").is_none());
    assert!(!state.to_string().to_lowercase().contains("\"password\""));
    // A state read can be written back with the record intact.
    emu.put_state(emu.state()).expect("round trip");
    let again = emu.state();
    let nina = again.users.iter().find(|u| u.user_id == id).unwrap();
    assert_eq!(
        nina.password_initialization_config
            .as_ref()
            .and_then(|c| c.user_notification_channels.clone()),
        Some(vec!["email".to_owned()])
    );
    for (init, field) in [
        (
            json!({"passwordInitializationType": "fixed"}),
            "PasswordInitializationType",
        ),
        (
            json!({"passwordInitializationPolicyPriority": "tenant"}),
            "PasswordInitializationPolicyPriority",
        ),
        (
            json!({"passwordForcedUpdateStatus": "yes"}),
            "PasswordForcedUpdateStatus",
        ),
        (
            json!({"userNotificationChannels": ["fax"]}),
            "UserNotificationChannels",
        ),
        (
            json!({"userNotificationChannels": ["sms", "sms"]}),
            "UserNotificationChannels",
        ),
        (json!({"initialPassword": "x"}), "InitialPassword"),
    ] {
        api.post(
            "/users",
            json!({"username": "pia", "primaryOrganizationalUnitId": root,
                   "passwordInitializationConfig": init}),
        )
        .await
        .err(
            400,
            &format!("InvalidParameter.PasswordInitializationConfig.{field}"),
        );
    }
}
