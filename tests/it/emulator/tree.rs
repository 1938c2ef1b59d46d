//! The OU tree: moves and cycles, the root, deletion of non-empty OUs, ancestors, and the
//! provisioning scope.

use reqwest::Method;
use serde_json::json;

use crate::support::emulator::{Api, start};

#[tokio::test]
async fn moves_refuse_cycles_and_the_root() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let a = api.create_ou(&root, "A").await;
    let b = api.create_ou(&a, "B").await;
    let c = api.create_ou(&b, "C").await;
    let mv = |ou: String, parent: String| {
        let api = &api;
        async move {
            api.patch(
                &format!("/organizationalUnits/{ou}/parentId"),
                json!({"parentId": parent}),
            )
            .await
        }
    };
    mv(a.clone(), a.clone())
        .await
        .err(400, "OperationDenied.OrganizationalUnitCycle");
    mv(a.clone(), c.clone())
        .await
        .err(400, "OperationDenied.OrganizationalUnitCycle");
    mv(root.clone(), a.clone())
        .await
        .err(400, "OperationDenied.RootOrganizationalUnit");
    mv(a.clone(), "ou_unknown".into())
        .await
        .err(400, "OrganizationUnitIdNotInScopes");
    mv(c.clone(), "".into())
        .await
        .err(400, "MissingParameter.ParentId");
    let parents = api
        .get(&format!("/organizationalUnits/{c}/parentIds"))
        .await
        .ok();
    assert_eq!(parents["parentIds"], json!([root, a, b]));
    mv(c.clone(), root.clone()).await.ok();
    mv(c.clone(), root.clone()).await.ok();
    let parents = api
        .get(&format!("/organizationalUnits/{c}/parentIds"))
        .await
        .ok();
    assert_eq!(parents["parentIds"], json!([root]));
    let got = api.get(&format!("/organizationalUnits/{c}")).await.ok();
    assert_eq!(got["parentId"], root.as_str());
    let children = api
        .get(&format!("/organizationalUnits?parentId={root}"))
        .await
        .ok();
    let ids: Vec<&str> = children["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["organizationalUnitId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), c.as_str()]);
    // The root itself has no parent and no ancestors.
    let r = api.get(&format!("/organizationalUnits/{root}")).await.ok();
    assert!(r.get("parentId").is_none(), "{r}");
    assert_eq!(
        api.get(&format!("/organizationalUnits/{root}/parentIds"))
            .await
            .ok()["parentIds"],
        json!([])
    );
}

#[tokio::test]
async fn only_empty_non_root_ous_can_be_deleted() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let parent = api.create_ou(&root, "Parent").await;
    let child = api.create_ou(&parent, "Child").await;
    let other = api.create_ou(&root, "Other").await;
    let del = |ou: &str| api.delete(format!("/organizationalUnits/{ou}"));

    let refused = del(&parent).await;
    refused.err(400, "OperationDenied.OrganizationalUnitNotEmpty");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("1 child organizational units")
    );
    del(&root)
        .await
        .err(400, "OperationDenied.RootOrganizationalUnit");

    let primary = api.create_user(&child, "primary").await;
    del(&child)
        .await
        .err(400, "OperationDenied.OrganizationalUnitNotEmpty");
    api.post(
        &format!("/users/{primary}/actions/setUserPrimaryOrganizationalUnit"),
        json!({"organizationalUnitId": other}),
    )
    .await
    .ok();
    let secondary = api.create_user(&root, "secondary").await;
    api.post(
        &format!("/users/{secondary}/actions/addUserToOrganizationalUnits"),
        json!({"organizationalUnitIds": [child]}),
    )
    .await
    .ok();
    del(&child)
        .await
        .err(400, "OperationDenied.OrganizationalUnitNotEmpty");
    api.post(
        &format!("/users/{secondary}/actions/removeUserFromOrganizationalUnits"),
        json!({"organizationalUnitIds": [child]}),
    )
    .await
    .ok();
    del(&child).await.ok();
    del(&child).await.err(400, "OrganizationUnitIdNotInScopes");
    del(&parent).await.ok();
    let left: Vec<String> = emu
        .state()
        .organizational_units
        .into_iter()
        .map(|o| o.organizational_unit_id)
        .collect();
    assert_eq!(left, [root, other]);
}

#[tokio::test]
async fn a_narrowed_scope_is_enforced_everywhere() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let inside = api.create_ou(&root, "Inside").await;
    let outside = api.create_ou(&root, "Outside").await;
    let deep = api.create_ou(&inside, "Deep").await;
    let insider = api.create_user(&deep, "insider").await;
    let outsider = api.create_user(&outside, "outsider").await;
    let member = api.create_user(&outside, "member").await;
    let group = api.create_group("Visible").await;
    api.post(
        &format!("/groups/{group}/actions/addUsersToGroup"),
        json!({"userIds": [member]}),
    )
    .await
    .ok();
    let hidden_group = api.create_group("Hidden").await;

    let set = api
        .admin(
            Method::PUT,
            "/_emulator/scope",
            Some(json!({"organizationalUnitIds": [inside], "groupIds": [group]})),
        )
        .await;
    assert_eq!(set.status, 200, "{set:?}");
    let scope = api.get("/provisioningScope").await.ok();
    assert_eq!(
        scope,
        json!({"organizationalUnitIds": [inside], "groupIds": [group]})
    );

    api.get(&format!("/organizationalUnits/{outside}"))
        .await
        .err(400, "OrganizationUnitIdNotInScopes");
    api.get(&format!("/organizationalUnits/{root}"))
        .await
        .err(400, "OrganizationUnitIdNotInScopes");
    api.get(&format!("/organizationalUnits/{deep}")).await.ok();
    api.post(
        "/organizationalUnits",
        json!({"organizationalUnitName": "X", "parentId": outside}),
    )
    .await
    .err(400, "OrganizationUnitIdNotInScopes");
    api.get(&format!("/organizationalUnits?parentId={root}"))
        .await
        .err(400, "OrganizationUnitIdNotInScopes");
    api.post(
        "/users",
        json!({"username": "new", "primaryOrganizationalUnitId": outside}),
    )
    .await
    .err(400, "OrganizationUnitIdNotInScopes");
    api.post(
        &format!("/users/{insider}/actions/addUserToOrganizationalUnits"),
        json!({"organizationalUnitIds": [outside]}),
    )
    .await
    .err(400, "OrganizationUnitIdNotInScopes");
    // Ancestors above the scope are cut off.
    assert_eq!(
        api.get(&format!("/organizationalUnits/{deep}/parentIds"))
            .await
            .ok()["parentIds"],
        json!([inside])
    );
    // Users: through an in-scope OU or an in-scope group; others are invisible.
    api.get(&format!("/users/{insider}")).await.ok();
    api.get(&format!("/users/{member}")).await.ok();
    api.get(&format!("/users/{outsider}"))
        .await
        .err(404, "ResourceNotFound.User");
    api.delete(&format!("/users/{outsider}"))
        .await
        .err(404, "ResourceNotFound.User");
    api.post(
        "/users/_/actions/getUserIdByUsername",
        json!({"username": "outsider"}),
    )
    .await
    .err(400, "ResourceNotFound.UserId");
    let listed = api.get("/users").await.ok();
    assert_eq!(listed["totalCount"], 2);
    api.get(&format!("/groups/{hidden_group}"))
        .await
        .err(404, "ResourceNotFound.Group");
    assert_eq!(api.get("/groups").await.ok()["totalCount"], 1);
    // What the application creates stays within its reach.
    let created = api.create_group("Created").await;
    api.get(&format!("/groups/{created}")).await.ok();
    let sub = api.create_ou(&inside, "Sub").await;
    api.get(&format!("/organizationalUnits/{sub}")).await.ok();
    // Unknown ids cannot be put in a scope.
    let bad = api
        .admin(
            Method::PUT,
            "/_emulator/scope",
            Some(json!({"organizationalUnitIds": ["ou_nope"]})),
        )
        .await;
    assert_eq!(bad.status, 400, "{bad:?}");
}
