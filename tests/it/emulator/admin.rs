//! The admin API: the exact JSON shapes of docs/contract.md §5, state round trips, reset, stats,
//! and loopback-only access.

use std::net::{IpAddr, SocketAddr, UdpSocket};

use eiam_sync::emulator::{AdminState, Emulator, EmulatorConfig};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::emulator::{Api, http, start};

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[tokio::test]
async fn state_has_the_contract_shape_and_round_trips() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let eng = api.create_ou(&root, "Eng").await;
    let u = api
        .create_user_with(
            json!({"username": "u", "primaryOrganizationalUnitId": eng, "email": "u@example.com",
            "emailVerified": true, "userExternalId": "e1"}),
        )
        .await;
    api.post(
        &format!("/users/{u}/actions/addUserToOrganizationalUnits"),
        json!({"organizationalUnitIds": [root]}),
    )
    .await
    .ok();
    let g = api.create_group("G").await;
    api.post(
        &format!("/groups/{g}/actions/addUsersToGroup"),
        json!({"userIds": [u]}),
    )
    .await
    .ok();

    let state = api.admin(Method::GET, "/_emulator/state", None).await.ok();
    assert_eq!(
        keys(&state),
        ["groupMembers", "groups", "organizationalUnits", "users"]
    );
    let ous = state["organizationalUnits"].as_array().unwrap();
    assert_eq!(ous[0]["parentId"], Value::Null, "the root");
    for field in [
        "organizationalUnitId",
        "organizationalUnitName",
        "organizationalUnitExternalId",
        "parentId",
        "description",
    ] {
        assert!(ous[1].get(field).is_some(), "OU field {field}");
    }
    assert_eq!(ous[1]["parentId"], root.as_str());
    let user = &state["users"][0];
    assert_eq!(user["organizationalUnitIds"], json!([eng, root]));
    // The GetUser fields are all there.
    let get_user = api.get(&format!("/users/{u}")).await.ok();
    for field in keys(&get_user) {
        assert!(
            user.get(field).is_some(),
            "state user lacks GetUser field {field}"
        );
    }
    assert_eq!(
        keys(&state["groups"][0]),
        [
            "createTime",
            "groupExternalId",
            "groupId",
            "groupName",
            "groupSourceId",
            "groupSourceType",
            "updateTime"
        ]
    );
    assert_eq!(state["groupMembers"], json!([{"groupId": g, "userId": u}]));

    // PUT the same state into a fresh emulator: the same directory, ids and all.
    let other = start().await;
    let other_api = Api::new(&other).await;
    let put = other_api
        .admin(Method::PUT, "/_emulator/state", Some(state.clone()))
        .await;
    assert_eq!(put.status, 200, "{put:?}");
    assert_eq!(put.body["rootOrganizationalUnitId"], root.as_str());
    assert_eq!(
        other_api
            .admin(Method::GET, "/_emulator/state", None)
            .await
            .ok(),
        state
    );
    assert_eq!(
        other_api.get(&format!("/users/{u}")).await.ok()["groups"][0]["groupId"],
        g.as_str()
    );
    // The in-process API sees the same thing.
    let typed: AdminState = serde_json::from_value(state).unwrap();
    assert_eq!(other.state(), typed);
}

#[tokio::test]
async fn minimal_and_invalid_states() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let minimal = json!({
        "organizationalUnits": [
            {"organizationalUnitId": "ou_r", "organizationalUnitName": "r", "organizationalUnitExternalId": "r", "parentId": null},
            {"organizationalUnitId": "ou_a", "organizationalUnitName": "a", "organizationalUnitExternalId": "a", "parentId": "ou_r"}
        ],
        "users": [{"userId": "user_1", "username": "one", "status": "disabled", "userExternalId": "x1",
                   "organizationalUnitIds": ["ou_a"], "userSourceType": "ding_talk", "userSourceId": "corp1"}],
        "groups": [{"groupId": "group_1", "groupName": "g", "groupExternalId": "g1"}],
        "groupMembers": [{"groupId": "group_1", "userId": "user_1"}]
    });
    assert_eq!(
        api.admin(Method::PUT, "/_emulator/state", Some(minimal.clone()))
            .await
            .status,
        200
    );
    let u = api.get("/users/user_1").await.ok();
    assert_eq!(
        (u["status"].as_str(), u["userSourceType"].as_str()),
        (Some("disabled"), Some("ding_talk"))
    );
    let found = api
        .post(
            "/users/_/actions/getUserIdByExternalId",
            json!({"userExternalId": "x1", "userSourceType": "ding_talk", "userSourceId": "corp1"}),
        )
        .await
        .ok();
    assert_eq!(found["userId"], "user_1");
    api.post(
        "/users/_/actions/getUserIdByExternalId",
        json!({"userExternalId": "x1", "userSourceType": "build_in",
        "userSourceId": "idaas_emulator"}),
    )
    .await
    .err(400, "ResourceNotFound.UserId");

    let broken = [
        json!({"organizationalUnits": []}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0], minimal["organizationalUnits"][0]]}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0],
            {"organizationalUnitId": "ou_x", "organizationalUnitName": "x", "organizationalUnitExternalId": "x", "parentId": "ou_y"},
            {"organizationalUnitId": "ou_y", "organizationalUnitName": "y", "organizationalUnitExternalId": "y", "parentId": "ou_x"}]}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0]],
            "users": [{"userId": "u", "username": "u", "status": "enabled", "userExternalId": "u", "organizationalUnitIds": ["ou_zz"]}]}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0]],
            "users": [{"userId": "u", "username": "u", "status": "gone", "userExternalId": "u", "organizationalUnitIds": ["ou_r"]}]}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0]], "groupMembers": [{"groupId": "g", "userId": "u"}]}),
        json!({"organizationalUnits": [minimal["organizationalUnits"][0]], "surprise": true}),
    ];
    for b in broken {
        let a = api
            .admin(Method::PUT, "/_emulator/state", Some(b.clone()))
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (400, "InvalidAdminRequest"),
            "{b}: {a:?}"
        );
    }
    assert_eq!(
        api.get("/users/user_1").await.ok()["username"],
        "one",
        "a refused state changes nothing"
    );
}

#[tokio::test]
async fn reset_and_stats() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let old_root = emu.root_ou_id();
    api.create_user(&old_root, "u").await;
    api.get("/users/user_nope").await;
    let stats = api.admin(Method::GET, "/_emulator/stats", None).await.ok();
    assert_eq!(keys(&stats), ["by_action", "by_status", "total"]);
    assert_eq!(stats["total"], 3);
    assert_eq!(
        stats["by_action"],
        json!({"CreateUser": 1, "GenerateToken": 1, "GetUser": 1})
    );
    assert_eq!(stats["by_status"], json!({"200": 2, "404": 1}));

    let reset = api.admin(Method::POST, "/_emulator/reset", None).await.ok();
    let new_root = reset["rootOrganizationalUnitId"].as_str().unwrap();
    assert_ne!(new_root, old_root);
    assert_eq!(emu.root_ou_id(), new_root);
    let state = emu.state();
    assert!(state.users.is_empty() && state.organizational_units.len() == 1);
    api.get("/users").await.ok();
    assert_eq!(
        api.admin(Method::POST, "/_emulator/stats/reset", None)
            .await
            .status,
        200
    );
    assert_eq!(
        api.admin(Method::GET, "/_emulator/stats", None).await.ok(),
        json!({"total": 0, "by_action": {}, "by_status": {}})
    );
}

/// A non-loopback address of this machine (the route a packet to a test network would take).
fn non_loopback_ip() -> IpAddr {
    let socket = UdpSocket::bind("0.0.0.0:0").expect("udp socket");
    socket
        .connect("192.0.2.123:9")
        .expect("this test needs a non-loopback IPv4 interface");
    let ip = socket.local_addr().expect("local address").ip();
    assert!(
        !ip.is_loopback() && !ip.is_unspecified(),
        "this test needs a non-loopback IPv4 interface, got {ip}"
    );
    ip
}

#[tokio::test]
async fn the_admin_api_answers_only_to_loopback_clients() {
    let emu = Emulator::start(EmulatorConfig::default(), "0.0.0.0:0".parse().unwrap())
        .await
        .unwrap();
    let port = emu.addr().port();
    let outside = SocketAddr::new(non_loopback_ip(), port);
    let r = http()
        .get(format!("http://{outside}/_emulator/state"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "Forbidden");
    // The API itself is served to everyone.
    let r = http()
        .post(format!("http://{outside}/v2/idaas_emulator/app_emulator/oauth2/token?grant_type=client_credentials&client_id=app_emulator&client_secret=emulator-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let local = http()
        .get(format!("http://127.0.0.1:{port}/_emulator/state"))
        .send()
        .await
        .unwrap();
    assert_eq!(local.status(), 200);
}

#[tokio::test]
async fn the_request_log_shows_calls_and_headers_without_secrets() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let r = api
        .http
        .get(api.url("/users?pageSize=5"))
        .bearer_auth(&api.token)
        .header("x-acs-action", "ListUsers")
        .header("x-acs-version", "2022-02-25")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    api.get("/nowhere").await;
    let log = api
        .admin(Method::GET, "/_emulator/requests", None)
        .await
        .ok();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 3, "token, listing, unknown path: {log:?}");
    assert_eq!(log[0]["action"], "GenerateToken");
    assert!(
        log[0]["query"]
            .as_str()
            .unwrap()
            .contains("client_secret=%5Bredacted%5D"),
        "{}",
        log[0]
    );
    assert!(!log[0].to_string().contains("emulator-secret"));
    assert_eq!(log[1]["action"], "ListUsers");
    assert_eq!(
        (
            log[1]["method"].as_str(),
            log[1]["query"].as_str(),
            log[1]["status"].as_str()
        ),
        (Some("GET"), Some("pageSize=5"), Some("200"))
    );
    assert_eq!(log[1]["headers"]["x-acs-version"], "2022-02-25");
    assert_eq!(log[1]["headers"]["authorization"], "Bearer [redacted]");
    assert!(!log[1].to_string().contains(&api.token));
    assert_eq!(
        (log[2]["action"].clone(), log[2]["status"].as_str()),
        (Value::Null, Some("404"))
    );
    assert_eq!(emu.requests().len(), 3);
    api.admin(Method::POST, "/_emulator/stats/reset", None)
        .await
        .ok();
    assert!(emu.requests().is_empty());
}
