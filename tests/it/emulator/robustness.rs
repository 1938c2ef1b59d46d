//! Bad input of every kind gets a JSON error and nothing panics or wedges: malformed JSON,
//! wrong types, unknown fields, oversized bodies, unknown paths, odd encodings, concurrency.

use eiam_sync::emulator::{EmulatorConfig, PAGE_SIZE_MAX};
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::emulator::{Answer, Api, start, start_with};

async fn raw(
    api: &Api,
    method: Method,
    rest: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> Answer {
    let resp = api
        .http
        .request(method, api.url(rest))
        .bearer_auth(&api.token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body: Value = resp.json().await.expect("a JSON body");
    Answer {
        status,
        body,
        headers,
    }
}

#[tokio::test]
async fn malformed_and_mistyped_bodies_name_the_problem() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let json_ct = "application/json; charset=utf-8";
    for body in [
        "{",
        "{\"username\": }",
        "not json",
        "[1,2]",
        "\"text\"",
        "{} {}",
    ] {
        raw(&api, Method::POST, "/users", json_ct, body)
            .await
            .err(400, "InvalidParameter");
    }
    let cases = [
        (
            json!({"username": 5, "primaryOrganizationalUnitId": root}),
            "InvalidParameter.Username",
        ),
        (
            json!({"username": null, "primaryOrganizationalUnitId": root}),
            "MissingParameter.Username",
        ),
        (
            json!({"username": "a", "primaryOrganizationalUnitId": root, "emailVerified": "yes"}),
            "InvalidParameter.EmailVerified",
        ),
        (
            json!({"username": "a", "primaryOrganizationalUnitId": root, "nickname": "x"}),
            "InvalidParameter.Nickname",
        ),
        (
            json!({"username": "a", "primaryOrganizationalUnitId": root, "customFields": {"a": 1}}),
            "InvalidParameter.CustomFields",
        ),
        (
            json!({"username": "a", "primaryOrganizationalUnitId": root, "customFields": [{"fieldName": 1}]}),
            "InvalidParameter.CustomFields.FieldName",
        ),
    ];
    for (body, code) in cases {
        api.post("/users", body).await.err(400, code);
    }
    api.post(
        "/groups/g/actions/addUsersToGroup",
        json!({"userIds": "u1"}),
    )
    .await
    .err(400, "InvalidParameter.UserIds");
    // An empty body is `{}`: the required fields are reported.
    raw(&api, Method::POST, "/users", json_ct, "")
        .await
        .err(400, "MissingParameter.PrimaryOrganizationalUnitId");
    assert!(emu.state().users.is_empty());
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let emu = start_with(EmulatorConfig {
        max_body_bytes: 1024,
        ..EmulatorConfig::default()
    })
    .await;
    let api = Api::new(&emu).await;
    let big = json!({"username": "a".repeat(2000), "primaryOrganizationalUnitId": "x"}).to_string();
    raw(
        &api,
        Method::POST,
        "/users",
        "application/json",
        big.clone(),
    )
    .await
    .err(413, "PayloadTooLarge");
    // Without a length up front (chunked), the limit still holds.
    let body = json!({"groupName": "g".repeat(3000)}).to_string();
    let request = format!(
        "POST /v2/idaas_emulator/app_emulator/groups HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\n\
         content-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        api.token,
        body.len()
    );
    let mut tcp = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"code\":\"PayloadTooLarge\""), "{answer}");
    api.get("/users").await.ok();
}

#[tokio::test]
async fn unknown_paths_and_bad_path_encodings_are_json_errors() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    for path in [
        "/",
        "/v2",
        "/v2/idaas_emulator",
        "/v3/idaas_emulator/app_emulator/users",
        "/_emulator/nothing",
    ] {
        let a = api
            .send(Method::GET, &format!("{}{path}", api.base), None)
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (404, "InvalidAction.NotFound"),
            "{path}: {a:?}"
        );
    }
    api.get("/users/%FF%FE").await.err(400, "InvalidParameter");
    api.get("/nothing/here")
        .await
        .err(404, "InvalidAction.NotFound");
    let before = emu.stats();
    assert!(
        before.status("404") >= 5,
        "unknown API paths are counted: {before:?}"
    );
}

#[tokio::test]
async fn queries_take_sdk_spellings_and_reject_unknown_keys() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    api.create_group("Team A").await;
    api.create_group("Team B").await;
    let plus = api.get("/groups?groupNameStartWith=Team+A").await.ok();
    assert_eq!(plus["totalCount"], 1, "+ is a space");
    let pct = api.get("/groups?groupNameStartWith=Team%20").await.ok();
    assert_eq!(pct["totalCount"], 2);
    api.get("/groups?unknownKey=1")
        .await
        .err(400, "InvalidParameter.UnknownKey");
    api.get(&format!("/users?pageSize={}", PAGE_SIZE_MAX + 1))
        .await
        .err(400, "InvalidParameter.PageSize");
    let tokens = "/authenticationTokens?consumerId=app_emulator&credentialProviderIdentifier=p";
    for flag in ["True", "False", "true", "false"] {
        let a = api
            .send(
                Method::GET,
                &api.instance_url(&format!("{tokens}&revoked={flag}&expired={flag}")),
                None,
            )
            .await;
        assert_eq!(a.ok()["totalCount"], 0);
    }
    api.send(
        Method::GET,
        &api.instance_url(&format!("{tokens}&revoked=maybe")),
        None,
    )
    .await
    .err(400, "InvalidParameter.Revoked");
    api.send(
        Method::GET,
        &api.instance_url("/authenticationTokens?consumerId=x"),
        None,
    )
    .await
    .err(400, "MissingParameter.CredentialProviderIdentifier");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_requests_all_get_answers() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let creates = (0..200).map(|i| {
        api.post(
            "/users",
            json!({"username": format!("c{i}"), "primaryOrganizationalUnitId": root}),
        )
    });
    let answers = join_all(creates).await;
    assert!(
        answers.iter().all(|a| a.status == 200),
        "every create succeeded"
    );
    let dupes = (0..50).map(|_| {
        api.post(
            "/users",
            json!({"username": "same", "primaryOrganizationalUnitId": root}),
        )
    });
    let answers = join_all(dupes).await;
    let created = answers.iter().filter(|a| a.status == 200).count();
    assert_eq!(created, 1, "exactly one of 50 racing creates wins");
    assert!(
        answers
            .iter()
            .filter(|a| a.status != 200)
            .all(|a| a.code() == "ResourceDuplicated.Username")
    );
    assert_eq!(api.get("/users").await.ok()["totalCount"], 201);
}
