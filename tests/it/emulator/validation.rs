//! Validation and uniqueness rules: every rule of `model::rules`, the required pairs, and the
//! unique values (username, email, phone, external IDs, sibling OU names, group names).

use serde_json::{Value, json};

use crate::support::emulator::{Api, start};

fn user(root: &str, extra: Value) -> Value {
    let mut body = json!({"username": "carol", "primaryOrganizationalUnitId": root});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

#[tokio::test]
async fn create_user_checks_every_field_rule_and_pair() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let cases: Vec<(Value, u16, &str)> = vec![
        (
            json!({"primaryOrganizationalUnitId": root}),
            400,
            "MissingParameter.Username",
        ),
        (
            json!({"username": "", "primaryOrganizationalUnitId": root}),
            400,
            "MissingParameter.Username",
        ),
        (
            json!({"username": "carol"}),
            400,
            "MissingParameter.PrimaryOrganizationalUnitId",
        ),
        (
            user(&root, json!({"username": "carol smith"})),
            400,
            "InvalidParameter.Username",
        ),
        (
            user(&root, json!({"username": "zoë"})),
            400,
            "InvalidParameter.Username",
        ),
        (
            user(&root, json!({"username": "a".repeat(65)})),
            400,
            "InvalidParameter.Username",
        ),
        (
            user(&root, json!({"displayName": "d".repeat(65)})),
            400,
            "InvalidParameter.DisplayName",
        ),
        (
            user(&root, json!({"description": "d".repeat(257)})),
            400,
            "InvalidParameter.Description",
        ),
        (
            user(&root, json!({"email": "nope", "emailVerified": true})),
            400,
            "InvalidParameter.Email",
        ),
        (
            user(
                &root,
                json!({"email": "a+b@example.com", "emailVerified": true}),
            ),
            400,
            "InvalidParameter.Email",
        ),
        (
            user(&root, json!({"email": "carol@example.com"})),
            400,
            "MissingParameter.EmailVerified",
        ),
        (
            user(
                &root,
                json!({"phoneNumber": "12345", "phoneRegion": "86", "phoneNumberVerified": true}),
            ),
            400,
            "InvalidParameter.PhoneNumber",
        ),
        (
            user(
                &root,
                json!({"phoneNumber": "13800138000", "phoneNumberVerified": true}),
            ),
            400,
            "MissingParameter.PhoneRegion",
        ),
        (
            user(
                &root,
                json!({"phoneNumber": "13800138000", "phoneRegion": "+86", "phoneNumberVerified": true}),
            ),
            400,
            "InvalidParameter.PhoneRegion",
        ),
        (
            user(
                &root,
                json!({"phoneNumber": "13800138000", "phoneRegion": "86"}),
            ),
            400,
            "MissingParameter.PhoneNumberVerified",
        ),
        (
            user(&root, json!({"userExternalId": "e".repeat(65)})),
            400,
            "InvalidParameter.UserExternalId",
        ),
        (
            user(&root, json!({"password": "short"})),
            400,
            "InvalidParameter.Password",
        ),
        (
            user(&root, json!({"customFields": [{"fieldValue": "x"}]})),
            400,
            "MissingParameter.CustomFields.FieldName",
        ),
        (
            user(
                &root,
                json!({"passwordInitializationConfig": {"passwordInitializationType": "fixed"}}),
            ),
            400,
            "InvalidParameter.PasswordInitializationConfig.PasswordInitializationType",
        ),
        (
            user("ou_unknown", json!({})),
            400,
            "OrganizationUnitIdNotInScopes",
        ),
    ];
    for (body, status, code) in cases {
        api.post("/users", body.clone()).await.err(status, code);
    }
    // Validation comes before scope: a bad email in an unknown OU is an email problem.
    api.post(
        "/users",
        user("ou_unknown", json!({"email": "bad", "emailVerified": true})),
    )
    .await
    .err(400, "InvalidParameter.Email");
    assert!(emu.state().users.is_empty(), "nothing was created");
    // The limits themselves are accepted.
    api.create_user_with(user(
        &root,
        json!({"username": "a".repeat(64), "displayName": "d".repeat(64),
        "phoneNumber": "13800138000", "phoneRegion": "86", "phoneNumberVerified": false,
        "email": "carol@example.com", "emailVerified": false, "password": "Secret123"}),
    ))
    .await;
}

#[tokio::test]
async fn users_are_unique_by_username_email_phone_and_external_id() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let alice = api
        .create_user_with(user(&root, json!({"username": "alice", "email": "alice@example.com", "emailVerified": true,
            "phoneNumber": "13800138000", "phoneRegion": "86", "phoneNumberVerified": true, "userExternalId": "e1"})))
        .await;
    let dup = |extra: Value| user(&root, extra);
    api.post("/users", dup(json!({"username": "ALICE"})))
        .await
        .err(403, "ResourceDuplicated.Username");
    api.post(
        "/users",
        dup(json!({"email": "Alice@Example.com", "emailVerified": true})),
    )
    .await
    .err(403, "ResourceDuplicated.Email");
    api.post(
        "/users",
        dup(json!({"phoneNumber": "13800138000", "phoneRegion": "1", "phoneNumberVerified": true})),
    )
    .await
    .err(403, "ResourceDuplicated.PhoneNumber");
    api.post("/users", dup(json!({"userExternalId": "e1"})))
        .await
        .err(403, "ResourceDuplicated.UserExternalId");
    // Patching into someone else's value is refused; keeping one's own is fine.
    let bob = api.create_user(&root, "bob").await;
    api.patch(&format!("/users/{bob}"), json!({"username": "Alice"}))
        .await
        .err(403, "ResourceDuplicated.Username");
    api.patch(
        &format!("/users/{alice}"),
        json!({"username": "alice", "email": "alice@example.com", "emailVerified": true}),
    )
    .await
    .ok();
    // A freed value can be taken.
    api.patch(&format!("/users/{alice}"), json!({"email": ""}))
        .await
        .ok();
    api.patch(
        &format!("/users/{bob}"),
        json!({"email": "alice@example.com", "emailVerified": true}),
    )
    .await
    .ok();
    let id = api
        .post(
            "/users/_/actions/getUserIdByEmail",
            json!({"email": "ALICE@example.com"}),
        )
        .await
        .ok();
    assert_eq!(id["userId"], bob.as_str());
}

#[tokio::test]
async fn patch_user_validates_and_changes_only_what_is_given() {
    let emu = start().await;
    emu.set_custom_fields(&["level"]).expect("definitions");
    let api = Api::new(&emu).await;
    let id = api
        .create_user_with(user(
            &emu.root_ou_id(),
            json!({"displayName": "Carol", "phoneNumber": "13800138000",
            "phoneRegion": "86", "phoneNumberVerified": true}),
        ))
        .await;
    let path = format!("/users/{id}");
    api.patch(&path, json!({"email": "c@example.com"}))
        .await
        .err(400, "MissingParameter.EmailVerified");
    api.patch(&path, json!({"phoneNumber": "13900139000"}))
        .await
        .err(400, "MissingParameter.PhoneRegion");
    api.patch(&path, json!({"displayName": "x".repeat(65)}))
        .await
        .err(400, "InvalidParameter.DisplayName");
    api.patch(&path, json!({"username": "bad name"}))
        .await
        .err(400, "InvalidParameter.Username");
    api.patch(
        &path,
        json!({"customFields": [{"fieldName": "a", "fieldValue": "1", "operation": "merge"}]}),
    )
    .await
    .err(400, "InvalidParameter.CustomFields.Operation");
    api.patch("/users/user_unknown", json!({}))
        .await
        .err(404, "ResourceNotFound.User");
    api.patch(&path, json!({})).await.ok();
    api.patch(
        &path,
        json!({"email": "c@example.com", "emailVerified": true,
        "customFields": [{"fieldName": "level", "fieldValue": "2", "operator": "add"}]}),
    )
    .await
    .ok();
    let u = api.get(&path).await.ok();
    assert_eq!(
        (u["displayName"].as_str(), u["email"].as_str()),
        (Some("Carol"), Some("c@example.com"))
    );
    assert_eq!(u["phoneNumber"], "13800138000");
    assert_eq!(
        u["customFields"],
        json!([{"fieldName": "level", "fieldValue": "2"}])
    );
    api.patch(
        &path,
        json!({"phoneNumber": "", "displayName": "",
        "customFields": [{"fieldName": "level", "operation": "remove"}]}),
    )
    .await
    .ok();
    let u = api.get(&path).await.ok();
    for cleared in [
        "phoneNumber",
        "phoneRegion",
        "phoneNumberVerified",
        "displayName",
    ] {
        assert!(u.get(cleared).is_none(), "{cleared} cleared: {u}");
    }
    assert_eq!(u["customFields"], json!([]));
}

#[tokio::test]
async fn ou_and_group_rules() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let ou = |body: Value| api.post("/organizationalUnits", body);
    ou(json!({"parentId": root}))
        .await
        .err(400, "MissingParameter.OrganizationalUnitName");
    ou(json!({"organizationalUnitName": "Eng"}))
        .await
        .err(400, "MissingParameter.ParentId");
    ou(json!({"organizationalUnitName": "x".repeat(65), "parentId": root}))
        .await
        .err(400, "InvalidParameter.OrganizationalUnitName");
    ou(json!({"organizationalUnitName": "Eng", "parentId": root, "description": "d".repeat(129)}))
        .await
        .err(400, "InvalidParameter.Description");
    let eng = ou(json!({"organizationalUnitName": "Eng", "parentId": root, "organizationalUnitExternalId": "x1"}))
        .await
        .ok()["organizationalUnitId"]
        .as_str()
        .unwrap()
        .to_owned();
    let dup = ou(json!({"organizationalUnitName": "Eng", "parentId": root})).await;
    dup.err(400, "ResourceDuplicated.OrganizationalUnitName");
    assert_eq!(
        dup.body["message"],
        "The specified OrganizationalUnitName resource: Eng already exist!"
    );
    ou(json!({"organizationalUnitName": "Other", "parentId": root, "organizationalUnitExternalId": "x1"}))
        .await
        .err(400, "ResourceDuplicated.OrganizationalUnitExternalId");
    // Same name under another parent, and a differently cased name, are fine.
    api.create_ou(&eng, "Eng").await;
    let sales = api.create_ou(&root, "eng").await;
    // Rename and move into a taken name are refused too.
    api.patch(
        &format!("/organizationalUnits/{sales}"),
        json!({"organizationalUnitName": "Eng"}),
    )
    .await
    .err(400, "ResourceDuplicated.OrganizationalUnitName");
    let nested = api.create_ou(&sales, "Eng").await;
    api.patch(
        &format!("/organizationalUnits/{nested}/parentId"),
        json!({"parentId": root}),
    )
    .await
    .err(400, "ResourceDuplicated.OrganizationalUnitName");
    api.patch(
        &format!("/organizationalUnits/{eng}"),
        json!({"organizationalUnitName": "Eng"}),
    )
    .await
    .ok();

    api.post("/groups", json!({}))
        .await
        .err(400, "MissingParameter.GroupName");
    api.post("/groups", json!({"groupName": " "}))
        .await
        .err(400, "MissingParameter.GroupName");
    api.post("/groups", json!({"groupName": "g".repeat(65)}))
        .await
        .err(400, "InvalidParameter.GroupName");
    let admins = api
        .post(
            "/groups",
            json!({"groupName": "Admins", "groupExternalId": "g1"}),
        )
        .await
        .ok();
    let admins = admins["groupId"].as_str().unwrap().to_owned();
    api.post("/groups", json!({"groupName": "Admins"}))
        .await
        .err(400, "ResourceDuplicated.GroupName");
    api.post(
        "/groups",
        json!({"groupName": "Ops", "groupExternalId": "g1"}),
    )
    .await
    .err(400, "ResourceDuplicated.GroupExternalId");
    let ops = api.create_group("Ops").await;
    api.patch(&format!("/groups/{ops}"), json!({"groupName": "Admins"}))
        .await
        .err(400, "ResourceDuplicated.GroupName");
    api.patch(
        &format!("/groups/{admins}"),
        json!({"groupName": "Administrators"}),
    )
    .await
    .ok();
    api.patch(&format!("/groups/{ops}"), json!({"groupName": "Admins"}))
        .await
        .ok();
}
