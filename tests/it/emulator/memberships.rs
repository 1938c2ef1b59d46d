//! Memberships: primary and secondary OUs, groups; idempotency; cascades of deletes.

use eiam_sync::emulator::{ListUsersReading, Readings};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::emulator::{Api, start};

fn ous_of(user: &Value) -> Vec<(String, bool)> {
    user["organizationalUnits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["organizationalUnitId"].as_str().unwrap().to_owned(),
                o["primary"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn primary_and_secondary_ous() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let (a, b) = (
        api.create_ou(&root, "A").await,
        api.create_ou(&root, "B").await,
    );
    let u = api.create_user(&a, "u").await;
    let add = |ids: Value| {
        api.post(
            format!("/users/{u}/actions/addUserToOrganizationalUnits"),
            json!({"organizationalUnitIds": ids}),
        )
    };
    let remove = |ids: Value| {
        api.post(
            format!("/users/{u}/actions/removeUserFromOrganizationalUnits"),
            json!({"organizationalUnitIds": ids}),
        )
    };

    add(json!([b, a])).await.ok();
    add(json!([b])).await.ok();
    let got = api.get(&format!("/users/{u}")).await.ok();
    assert_eq!(ous_of(&got), [(a.clone(), true), (b.clone(), false)]);
    assert_eq!(got["primaryOrganizationalUnitId"], a.as_str());

    let refused = remove(json!([b, a])).await;
    refused.err(400, "OperationDenied.PrimaryOrganizationalUnit");
    assert_eq!(
        ous_of(&api.get(&format!("/users/{u}")).await.ok()).len(),
        2,
        "nothing removed"
    );
    add(json!([]))
        .await
        .err(400, "InvalidParameter.OrganizationalUnitIds");
    add(json!(["ou_nope"]))
        .await
        .err(400, "OrganizationUnitIdNotInScopes");
    let too_many: Vec<String> = (0..101).map(|_| root.clone()).collect();
    add(json!(too_many))
        .await
        .err(400, "InvalidParameter.OrganizationalUnitIds");
    api.post(
        &format!("/users/{u}/actions/addUserToOrganizationalUnits"),
        json!({}),
    )
    .await
    .err(400, "MissingParameter.OrganizationalUnitIds");

    // Promoting a secondary OU: the old primary is left entirely.
    api.post(
        &format!("/users/{u}/actions/setUserPrimaryOrganizationalUnit"),
        json!({"organizationalUnitId": b}),
    )
    .await
    .ok();
    assert_eq!(
        ous_of(&api.get(&format!("/users/{u}")).await.ok()),
        [(b.clone(), true)]
    );
    api.post(
        &format!("/users/{u}/actions/setUserPrimaryOrganizationalUnit"),
        json!({"organizationalUnitId": b}),
    )
    .await
    .ok();
    let in_a = api
        .get(&format!("/users?organizationalUnitId={a}"))
        .await
        .ok();
    assert_eq!(in_a["totalCount"], 0);
    remove(json!([a])).await.ok();
    api.post(
        &format!("/users/{u}/actions/setUserPrimaryOrganizationalUnit"),
        json!({"organizationalUnitId": "ou_nope"}),
    )
    .await
    .err(400, "OrganizationUnitIdNotInScopes");
    api.post(
        "/users/user_nope/actions/setUserPrimaryOrganizationalUnit",
        json!({"organizationalUnitId": a}),
    )
    .await
    .err(404, "ResourceNotFound.User");
}

#[tokio::test]
async fn list_users_by_ou_lists_direct_members_primary_or_secondary() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let parent = api.create_ou(&root, "Parent").await;
    let child = api.create_ou(&parent, "Child").await;
    let p = api.create_user(&parent, "p").await;
    let c = api.create_user(&child, "c").await;
    api.post(
        &format!("/users/{c}/actions/addUserToOrganizationalUnits"),
        json!({"organizationalUnitIds": [parent]}),
    )
    .await
    .ok();
    let listed = api
        .get(&format!("/users?organizationalUnitId={parent}"))
        .await
        .ok();
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [p.as_str(), c.as_str()],
        "creation order, no descendants"
    );
    assert_eq!(
        api.get(&format!("/users?organizationalUnitId={root}"))
            .await
            .ok()["totalCount"],
        0
    );
    assert_eq!(api.get("/users").await.ok()["totalCount"], 2);
}

#[tokio::test]
async fn the_subtree_reading_of_list_users_is_switched_through_the_admin_api() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let parent = api.create_ou(&root, "Parent").await;
    let child = api.create_ou(&parent, "Child").await;
    let grandchild = api.create_ou(&child, "Grandchild").await;
    let p = api.create_user(&parent, "p").await;
    let g = api.create_user(&grandchild, "g").await;
    let elsewhere = api.create_user(&root, "elsewhere").await;
    api.post(
        &format!("/users/{g}/actions/addUserToOrganizationalUnits"),
        json!({"organizationalUnitIds": [parent]}),
    )
    .await
    .ok();
    let listed = |ou: String, page: u32| {
        let api = &api;
        async move {
            let b = api
                .get(&format!(
                    "/users?organizationalUnitId={ou}&pageSize=1&pageNumber={page}"
                ))
                .await
                .ok();
            let ids: Vec<String> = b["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["userId"].as_str().unwrap().to_owned())
                .collect();
            (ids, b["totalCount"].as_i64().unwrap())
        }
    };
    let readings = api.admin(Method::GET, "/_emulator/readings", None).await;
    assert_eq!(readings.ok(), json!({"listUsers": "direct"}));
    assert_eq!(listed(child.clone(), 1).await, (vec![], 0));
    assert_eq!(emu.readings().list_users, ListUsersReading::Direct);

    let put = api
        .admin(
            Method::PUT,
            "/_emulator/readings",
            Some(json!({"listUsers": "subtree"})),
        )
        .await;
    assert_eq!(put.ok(), json!({"listUsers": "subtree"}));
    assert_eq!(emu.readings().list_users, ListUsersReading::Subtree);
    // Each member once (g is in Parent and below it), in creation order, paged.
    assert_eq!(listed(parent.clone(), 1).await, (vec![p.clone()], 2));
    assert_eq!(listed(parent.clone(), 2).await, (vec![g.clone()], 2));
    assert_eq!(listed(parent.clone(), 3).await, (vec![], 2));
    assert_eq!(listed(child.clone(), 1).await, (vec![g.clone()], 1));
    assert_eq!(listed(root.clone(), 3).await, (vec![elsewhere], 3));
    // A reset keeps the reading (it is a setting, not directory data).
    emu.reset();
    assert_eq!(emu.readings().list_users, ListUsersReading::Subtree);

    for bad in [json!({"listUsers": "recursive"}), json!({"subtree": true})] {
        let a = api
            .admin(Method::PUT, "/_emulator/readings", Some(bad.clone()))
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (400, "InvalidAdminRequest"),
            "{bad}: {a:?}"
        );
    }
    assert_eq!(emu.readings().list_users, ListUsersReading::Subtree);
    emu.set_readings(Readings::default());
    let readings = api.admin(Method::GET, "/_emulator/readings", None).await;
    assert_eq!(readings.ok(), json!({"listUsers": "direct"}));
}

#[tokio::test]
async fn groups_memberships_are_idempotent_and_follow_deletes() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id().into_string();
    let (u1, u2) = (
        api.create_user(&root, "u1").await,
        api.create_user(&root, "u2").await,
    );
    let g = api.create_group("G").await;
    let add = |ids: Value| {
        api.post(
            format!("/groups/{g}/actions/addUsersToGroup"),
            json!({"userIds": ids}),
        )
    };
    let remove = |ids: Value| {
        api.post(
            format!("/groups/{g}/actions/removeUsersFromGroup"),
            json!({"userIds": ids}),
        )
    };
    add(json!([u1, u2])).await.ok();
    add(json!([u2, u1])).await.ok();
    add(json!([u1, "user_nope"]))
        .await
        .err(404, "ResourceNotFound.User");
    add(json!([])).await.err(400, "InvalidParameter.UserIds");
    api.post(
        "/groups/group_nope/actions/addUsersToGroup",
        json!({"userIds": [u1]}),
    )
    .await
    .err(404, "ResourceNotFound.Group");
    let members = api
        .get(&format!("/groups/{g}/actions/listUsersForGroup"))
        .await
        .ok();
    assert_eq!(members["totalCount"], 2);
    assert_eq!(
        members["data"][0],
        json!({"instanceId": "idaas_emulator", "userId": u1})
    );
    let groups = api
        .get(&format!("/users/{u2}/actions/listGroupsForUser"))
        .await
        .ok();
    assert_eq!(groups["data"][0]["groupId"], g.as_str());
    assert_eq!(
        groups["data"][0]["groupMemberRelationSourceId"],
        "idaas_emulator"
    );
    assert_eq!(
        api.get(&format!("/users/{u1}")).await.ok()["groups"][0]["groupName"],
        "G"
    );

    remove(json!([u2, "user_nope"])).await.ok();
    remove(json!([u2])).await.ok();
    api.delete(&format!("/groups/{g}"))
        .await
        .err(400, "OperationDenied.GroupNotEmpty");
    api.delete(&format!("/users/{u1}")).await.ok();
    api.delete(&format!("/users/{u1}"))
        .await
        .err(404, "ResourceNotFound.User");
    assert_eq!(
        api.get(&format!("/groups/{g}/actions/listUsersForGroup"))
            .await
            .ok()["totalCount"],
        0
    );
    assert!(emu.state().group_members.is_empty());
    api.delete(&format!("/groups/{g}")).await.ok();
    api.get(&format!("/groups/{g}"))
        .await
        .err(404, "ResourceNotFound.Group");
}

#[tokio::test]
async fn enable_disable_and_password_are_idempotent_state_changes() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let u = api.create_user(&emu.root_ou_id(), "u").await;
    for (action, status) in [
        ("disable", "disabled"),
        ("disable", "disabled"),
        ("enable", "enabled"),
        ("enable", "enabled"),
    ] {
        assert_eq!(
            api.post(&format!("/users/{u}/actions/{action}"), json!(null))
                .await
                .ok(),
            json!({})
        );
        assert_eq!(api.get(&format!("/users/{u}")).await.ok()["status"], status);
    }
    api.post("/users/user_nope/actions/enable", json!(null))
        .await
        .err(404, "ResourceNotFound.User");
    assert_eq!(
        api.get(&format!("/users/{u}")).await.ok()["passwordSet"],
        false
    );
    api.post(&format!("/users/{u}/actions/updateUserPassword"), json!({}))
        .await
        .err(400, "MissingParameter.Password");
    api.post(
        &format!("/users/{u}/actions/updateUserPassword"),
        json!({"password": "nodigits"}),
    )
    .await
    .err(400, "InvalidParameter.Password");
    api.post(
        &format!("/users/{u}/actions/updateUserPassword"),
        json!({"password": "Secret123"}),
    )
    .await
    .ok();
    assert_eq!(
        api.get(&format!("/users/{u}")).await.ok()["passwordSet"],
        true
    );
}
