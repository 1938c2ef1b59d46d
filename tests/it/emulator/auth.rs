//! Tokens and the access checks: credentials in the query, a form body or HTTP Basic; wrong
//! secrets; unknown instance or application; missing, unknown, revoked, expired tokens and
//! tokens of another application; the application switches and permissions.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use eiam_sync::emulator::{AppSettings, ApplicationConfig, EmulatorConfig, Faults};
use reqwest::Method;
use serde_json::Value;

use crate::support::emulator::{Answer, Api, http, start, start_with};

const TOKEN_PATH: &str = "/oauth2/token";

async fn answer(resp: reqwest::Response) -> Answer {
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        body,
        headers,
    }
}

fn assert_token(body: &Value, ttl: i64) {
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["access_token"].as_str().unwrap().starts_with("AT"));
    assert_eq!(body["expires_in"], ttl);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let at = body["expires_at"].as_i64().unwrap();
    assert!(
        (at - now - ttl).abs() <= 2,
        "expires_at {at} is epoch seconds"
    );
    assert!(body.get("refresh_token").is_none());
}

#[tokio::test]
async fn credentials_are_accepted_in_the_query_a_form_and_basic() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let url = api.url(TOKEN_PATH);
    let c = http();

    let q = c
        .post(format!("{url}?grant_type=client_credentials&client_id=app_emulator&client_secret=emulator-secret"))
        .send()
        .await
        .unwrap();
    assert_token(&answer(q).await.ok(), 7200);

    let form = c
        .post(&url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "app_emulator"),
            ("client_secret", "emulator-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_token(&answer(form).await.ok(), 7200);

    let basic = c
        .post(&url)
        .header(
            "authorization",
            format!("Basic {}", STANDARD.encode("app_emulator:emulator-secret")),
        )
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    let token = answer(basic).await.ok()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let scope = api
        .send_as(
            Method::GET,
            &api.url("/provisioningScope"),
            None,
            Some(&token),
        )
        .await;
    assert_eq!(
        scope.ok()["organizationalUnitIds"][0],
        emu.root_ou_id().as_str()
    );
}

#[tokio::test]
async fn bad_client_credentials_and_grants_are_oauth_errors() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let url = api.url(TOKEN_PATH);
    let c = http();
    let post = |q: &'static str| c.post(format!("{url}?{q}")).send();

    answer(
        post("grant_type=client_credentials&client_id=app_emulator&client_secret=nope")
            .await
            .unwrap(),
    )
    .await
    .err(400, "invalid_client");
    answer(
        post("grant_type=client_credentials&client_id=app_other&client_secret=emulator-secret")
            .await
            .unwrap(),
    )
    .await
    .err(400, "invalid_client");
    answer(post("grant_type=client_credentials").await.unwrap())
        .await
        .err(400, "invalid_client");
    answer(post("grant_type=authorization_code&code=x&client_id=app_emulator&client_secret=emulator-secret").await.unwrap())
        .await
        .err(400, "invalid_grant");
    let unsupported = answer(
        post("grant_type=magic&client_id=app_emulator&client_secret=emulator-secret")
            .await
            .unwrap(),
    )
    .await;
    unsupported.err(400, "invalid_grant");
    assert_eq!(
        unsupported.body["message"],
        "Invalid or not supported grant_type: magic"
    );
    answer(
        post("client_id=app_emulator&client_secret=emulator-secret")
            .await
            .unwrap(),
    )
    .await
    .err(400, "invalid_request");
    // Two client authentication methods at once.
    let both = c
        .post(format!(
            "{url}?grant_type=client_credentials&client_secret=emulator-secret"
        ))
        .header(
            "authorization",
            format!("Basic {}", STANDARD.encode("app_emulator:emulator-secret")),
        )
        .send()
        .await
        .unwrap();
    answer(both).await.err(400, "invalid_request");
}

#[tokio::test]
async fn unknown_instance_and_application_come_first() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let other_instance = format!("{}/v2/idaas_other/app_emulator/users", api.base);
    api.send(Method::GET, &other_instance, None)
        .await
        .err(404, "instance_not_found");
    let other_app = format!("{}/v2/{}/app_other/users", api.base, api.instance);
    let a = api.send_as(Method::GET, &other_app, None, None).await;
    a.err(404, "application_not_found");
    assert_eq!(a.body["message"], "Application id not found: app_other");
    let token_url = format!(
        "{}/v2/{}/app_other{TOKEN_PATH}?grant_type=client_credentials",
        api.base, api.instance
    );
    answer(http().post(token_url).send().await.unwrap())
        .await
        .err(404, "application_not_found");
}

#[tokio::test]
async fn missing_unknown_and_revoked_tokens_are_invalid_token() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let url = api.url("/users");
    api.send_as(Method::GET, &url, None, None)
        .await
        .err(400, "invalid_token");
    api.send_as(Method::GET, &url, None, Some("ATforged"))
        .await
        .err(400, "invalid_token");
    let bad_scheme = http()
        .get(&url)
        .header("authorization", format!("Token {}", api.token))
        .send()
        .await
        .unwrap();
    answer(bad_scheme).await.err(400, "invalid_token");

    let revoke = format!(
        "{}?token={}&client_id=app_emulator&client_secret=emulator-secret&token_type_hint=access_token",
        api.url("/oauth2/revoke"),
        api.token
    );
    let r = answer(http().post(&revoke).send().await.unwrap()).await;
    assert_eq!(r.ok(), serde_json::json!({}));
    api.get("/users").await.err(400, "invalid_token");
    // Revocation needs the client's own credentials.
    let anonymous = format!("{}?token=ATx", api.url("/oauth2/revoke"));
    answer(http().post(anonymous).send().await.unwrap())
        .await
        .err(400, "invalid_client");
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime() {
    let emu = start_with(EmulatorConfig {
        faults: Faults {
            token_ttl_secs: 1,
            ..Faults::default()
        },
        ..EmulatorConfig::default()
    })
    .await;
    let api = Api::new(&emu).await;
    api.get("/provisioningScope").await.ok();
    tokio::time::sleep(Duration::from_millis(1300)).await;
    api.get("/provisioningScope")
        .await
        .err(400, "invalid_token");
}

#[tokio::test]
async fn a_token_of_another_application_is_invalid_request() {
    let emu = start_with(EmulatorConfig {
        extra_applications: vec![ApplicationConfig {
            application_id: "app_second".into(),
            client_id: "client_second".into(),
            client_secret: "second-secret".into(),
        }],
        ..EmulatorConfig::default()
    })
    .await;
    let api = Api::new(&emu).await;
    let url = format!("{}/v2/{}/app_second/users", api.base, api.instance);
    let a = api.send(Method::GET, &url, None).await;
    a.err(400, "invalid_request");
    assert_eq!(a.body["message"], "Access token application id not match");
    // The second application's own token works there.
    let token_url = format!(
        "{}/v2/{}/app_second{TOKEN_PATH}?grant_type=client_credentials&client_id=client_second&client_secret=second-secret",
        api.base, api.instance
    );
    let t = answer(http().post(token_url).send().await.unwrap())
        .await
        .ok();
    let second = t["access_token"].as_str().unwrap();
    api.send_as(Method::GET, &url, None, Some(second))
        .await
        .ok();
}

#[tokio::test]
async fn application_switches_and_permissions_answer_403_after_the_token_check() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    emu.set_application(AppSettings {
        api_enabled: false,
        ..AppSettings::default()
    })
    .unwrap();
    api.get("/users").await.err(403, "application_api_disabled");
    api.send_as(Method::GET, &api.url("/users"), None, Some("ATforged"))
        .await
        .err(400, "invalid_token");
    emu.set_application(AppSettings {
        enabled: false,
        ..AppSettings::default()
    })
    .unwrap();
    api.get("/users").await.err(403, "application_disabled");
    emu.set_application(AppSettings {
        permissions: Some(vec!["urn:alibaba:idaas:scope:user:read_all".into()]),
        ..AppSettings::default()
    })
    .unwrap();
    api.get("/users").await.ok();
    let denied = api.post("/users", serde_json::json!({})).await;
    denied.err(403, "permission_denied");
    assert_eq!(
        denied.body["message"],
        "Require scopes: [urn:alibaba:idaas:scope:user:manage_all]"
    );
    // Managing implies reading, in either published spelling.
    emu.set_application(AppSettings {
        permissions: Some(vec![
            "urn:alibaba:idaas:scope:organizational_unit:manager_all".into(),
        ]),
        ..AppSettings::default()
    })
    .unwrap();
    api.get(&format!("/organizationalUnits/{}", emu.root_ou_id()))
        .await
        .ok();
    api.get("/users").await.err(403, "permission_denied");
}
