//! User flows of the OAuth operations: password and refresh grants, the device flow with its
//! approval, userinfo, and the instance authorization server.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::emulator::{Api, http, start};

async fn post_json(url: String) -> (u16, Value) {
    let r = http().post(url).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

const CLIENT: &str = "client_id=app_emulator&client_secret=emulator-secret";

#[tokio::test]
async fn password_refresh_and_userinfo() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let alice = api
        .create_user_with(json!({"username": "alice", "primaryOrganizationalUnitId": emu.root_ou_id(),
            "email": "alice@example.com", "emailVerified": true, "password": "Secret123", "displayName": "Alice"}))
        .await;
    let token_url = api.url("/oauth2/token");
    let (status, t) = post_json(format!("{token_url}?grant_type=password&username=ALICE&password=Secret123&scope=openid+email&{CLIENT}")).await;
    assert_eq!(status, 200, "{t}");
    assert!(t["refresh_token"].as_str().unwrap().starts_with("RT"));
    let id_token = t["id_token"].as_str().unwrap();
    assert_eq!(id_token.split('.').count(), 3);
    let info = api
        .send_as(
            Method::GET,
            &api.url("/oauth2/userinfo"),
            None,
            t["access_token"].as_str(),
        )
        .await
        .ok();
    assert_eq!(info["sub"], alice.as_str());
    assert_eq!(
        (info["preferred_username"].as_str(), info["email"].as_str()),
        (Some("alice"), Some("alice@example.com"))
    );
    assert_eq!(info["name"], "Alice");

    let (status, wrong) = post_json(format!(
        "{token_url}?grant_type=password&username=alice&password=nope&{CLIENT}"
    ))
    .await;
    assert_eq!(
        (status, wrong["code"].as_str()),
        (400, Some("invalid_grant"))
    );
    let (status, refreshed) = post_json(format!(
        "{token_url}?grant_type=refresh_token&refresh_token={}&{CLIENT}",
        t["refresh_token"].as_str().unwrap()
    ))
    .await;
    assert_eq!(status, 200, "{refreshed}");
    assert_ne!(refreshed["access_token"], t["access_token"]);
    let info = api
        .send_as(
            Method::GET,
            &api.url("/oauth2/userinfo"),
            None,
            refreshed["access_token"].as_str(),
        )
        .await
        .ok();
    assert_eq!(info["sub"], alice.as_str());
    // An application token has no user.
    let a = api.get("/oauth2/userinfo").await;
    a.err(400, "invalid_token");
    assert_eq!(a.body["message"], "Invalid token");
    // A disabled user cannot sign in.
    api.post(&format!("/users/{alice}/actions/disable"), json!(null))
        .await
        .ok();
    let (status, _) = post_json(format!(
        "{token_url}?grant_type=password&username=alice&password=Secret123&{CLIENT}"
    ))
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn the_device_flow_waits_for_approval() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let bob = api.create_user(&emu.root_ou_id(), "bob").await;
    let (status, d) = post_json(format!("{}?scope=openid", api.url("/oauth2/device/code"))).await;
    assert_eq!(status, 200, "{d}");
    let (device, user_code) = (
        d["device_code"].as_str().unwrap(),
        d["user_code"].as_str().unwrap(),
    );
    assert_eq!(d["interval"], 5);
    assert!(
        d["verification_uri_complete"]
            .as_str()
            .unwrap()
            .ends_with(user_code)
    );
    let poll = format!(
        "{}?grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code={device}&{CLIENT}",
        api.url("/oauth2/token")
    );
    let (status, pending) = post_json(poll.clone()).await;
    assert_eq!(
        (status, pending["code"].as_str()),
        (400, Some("authorization_pending"))
    );
    let approve = api
        .admin(
            Method::POST,
            "/_emulator/device/approve",
            Some(json!({"userCode": user_code, "userId": bob})),
        )
        .await;
    assert_eq!(approve.status, 200, "{approve:?}");
    let (status, t) = post_json(poll.clone()).await;
    assert_eq!(status, 200, "{t}");
    let info = api
        .send_as(
            Method::GET,
            &api.url("/oauth2/userinfo"),
            None,
            t["access_token"].as_str(),
        )
        .await
        .ok();
    assert_eq!(info["sub"], bob.as_str());
    let (status, used) = post_json(poll).await;
    assert_eq!(
        (status, used["code"].as_str()),
        (400, Some("invalid_grant")),
        "a device code is used once"
    );
    let (status, bad) = post_json(format!(
        "{}?client_id=someone",
        api.url("/oauth2/device/code")
    ))
    .await;
    assert_eq!(
        (status, bad["code"].as_str(), bad["message"].as_str()),
        (400, Some("invalid_request"), Some("Invalid client id"))
    );
}

#[tokio::test]
async fn the_instance_authorization_server_issues_scoped_tokens() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let url = api.instance_url("/authorizationServer/iauths_system/oauth2/token");
    let (status, t) = post_json(format!(
        "{url}?grant_type=client_credentials&scope=urn%3Acloud%3Aidaas%3Apam%7C.all&{CLIENT}"
    ))
    .await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["scope"], "urn:cloud:idaas:pam|.all");
    // The token acts for the client's application.
    api.send_as(
        Method::GET,
        &api.url("/provisioningScope"),
        None,
        t["access_token"].as_str(),
    )
    .await
    .ok();
    let (status, e) = post_json(api.instance_url(
        "/authorizationServer/other/oauth2/token?grant_type=client_credentials&client_id=x",
    ))
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("authorization_server_not_found"))
    );
    let (status, e) = post_json(format!(
        "{url}?grant_type=client_credentials&client_id=app_emulator&client_assertion=x"
    ))
    .await;
    assert_eq!((status, e["code"].as_str()), (400, Some("invalid_client")));
    let (status, e) = post_json(format!("{url}?grant_type=client_credentials")).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("invalid_request")));
}
