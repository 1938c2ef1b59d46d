//! Retry, token renewal, timeouts and error mapping, against exact answer sequences.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eiam_sync::eiam::types::users::{CreateUserRequest, PatchUserRequest};
use eiam_sync::eiam::{Client, EiamError, Phase, UserId};
use serde_json::json;

use super::scripted::{Reply, Scripted};
use super::waits::Waits;

fn user(id: &str) -> Reply {
    Reply::user(id, id)
}

fn new_user() -> CreateUserRequest {
    CreateUserRequest {
        username: "alice".into(),
        primary_organizational_unit_id: "ou_1".into(),
        user_external_id: Some("e1".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn transient_failures_are_retried_until_success() {
    let s = Scripted::start().await;
    s.push([
        Reply::error(503, "ServiceUnavailable", "busy"),
        Reply::raw(502, "<html><body>Bad Gateway</body></html>"),
        Reply::error(504, "GatewayTimeout", "slow"),
        user("u1"),
    ]);
    let c = s.client();
    let u = c.users().get(&UserId::from("u1")).await.unwrap();
    assert_eq!(u.user_id.as_deref(), Some("u1"));
    assert_eq!(s.calls().len(), 4);
    assert_eq!(c.api_calls(), 5, "four attempts and the token request");
    for status in ["503", "502", "504", "200"] {
        assert_eq!(c.metrics().requests("GetUser", status), 1, "{status}");
    }
    assert_eq!(c.metrics().requests("GenerateToken", "200"), 1);
}

#[tokio::test]
async fn a_500_is_retried_for_a_patch_but_not_for_a_create() {
    let s = Scripted::start().await;
    let c = s.client();
    s.push([
        Reply::error(500, "Internal Server Error", "oops"),
        Reply::ok(json!({})),
    ]);
    c.users()
        .patch(&UserId::from("u1"), &PatchUserRequest::default())
        .await
        .unwrap();
    assert_eq!(s.calls().len(), 2);

    s.push([
        Reply::error(500, "Internal Server Error", "oops"),
        user("u2"),
    ]);
    let e = c.users().create(&new_user()).await.unwrap_err();
    assert_eq!(s.calls().len(), 3, "the create was sent once");
    assert!(e.is_unknown_outcome() && e.is_retryable());
    assert_eq!(e.status(), Some(500));
    assert_eq!(e.action(), Some("CreateUser"));
}

#[tokio::test]
async fn a_throttled_create_is_retried_because_it_was_not_processed() {
    let s = Scripted::start().await;
    s.push([
        Reply::error(503, "ServiceUnavailable", "busy"),
        Reply::ok(json!({"userId": "u9"})),
    ]);
    let id = s.client().users().create(&new_user()).await.unwrap();
    assert_eq!(id, "u9");
    assert_eq!(s.calls().len(), 2);
}

#[tokio::test]
async fn client_errors_are_returned_at_once_with_every_detail() {
    let s = Scripted::start().await;
    s.push([Reply::error(
        400,
        "InvalidParameter.Email",
        "The specified parameter:Email is invalid.",
    )]);
    let c = s.client();
    let e = c
        .users()
        .patch(&UserId::from("u1"), &PatchUserRequest::default())
        .await
        .unwrap_err();
    assert_eq!(s.calls().len(), 1);
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("InvalidParameter.Email"));
    assert_eq!(
        e.message(),
        Some("The specified parameter:Email is invalid.")
    );
    assert_eq!(e.request_id(), Some("srv-InvalidParameter.Email"));
    assert_eq!(e.action(), Some("PatchUser"));
    assert!(
        e.raw_body()
            .unwrap()
            .contains("\"code\":\"InvalidParameter.Email\"")
    );
    assert!(!e.is_retryable() && !e.is_unknown_outcome() && !e.is_auth());
    assert_eq!(
        e.to_string(),
        "PatchUser failed with http 400 InvalidParameter.Email: The specified parameter:Email is invalid. (request id srv-InvalidParameter.Email)"
    );
}

#[tokio::test]
async fn a_refused_token_is_renewed_once() {
    let s = Scripted::start().await;
    s.push([
        Reply::error(400, "invalid_token", "Access token is not valid"),
        user("u1"),
    ]);
    let c = s.client();
    c.users().get(&UserId::from("u1")).await.unwrap();
    let calls = s.calls();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[0].header("authorization"),
        Some("Bearer AT-scripted-1")
    );
    assert_eq!(
        calls[1].header("authorization"),
        Some("Bearer AT-scripted-2")
    );
    assert_eq!(s.token_requests(), 2);

    // Refused again with the fresh token: an authentication error, no third token.
    s.push([
        Reply::error(400, "invalid_token", "Access token is not valid"),
        Reply::error(400, "invalid_token", "Access token is not valid"),
    ]);
    let e = c.users().get(&UserId::from("u1")).await.unwrap_err();
    assert!(e.is_auth(), "{e}");
    assert_eq!(s.token_requests(), 3);
    assert_eq!(s.calls().len(), 4);
}

#[tokio::test]
async fn a_token_endpoint_refusal_is_an_auth_error_and_not_retried() {
    let s = Scripted::start().await;
    s.push_token([Reply::error(
        400,
        "invalid_client",
        "Client authentication failed",
    )]);
    let e = s
        .client()
        .users()
        .get(&UserId::from("u1"))
        .await
        .unwrap_err();
    assert_eq!(e.action(), Some("GenerateToken"));
    assert!(e.is_auth(), "{e}");
    assert_eq!(s.token_requests(), 1);
    assert!(s.calls().is_empty());
}

#[tokio::test]
async fn throttling_waits_as_long_as_the_server_asks() {
    let s = Scripted::start().await;
    s.push([
        Reply::error(429, "Throttling", "slow down").header("x-acs-retry-after", "1"),
        user("u1"),
    ]);
    let waits = Waits::default();
    let mut config = s.config();
    config.retry_sleeper = Arc::new(waits.clone());
    let c = Client::new(config).unwrap();
    c.users().get(&UserId::from("u1")).await.unwrap();
    // Exactly the second asked for: no backoff instead of it or on top of it.
    assert_eq!(waits.taken(), [Duration::from_secs(1)]);
    let calls = s.calls();
    let waited = calls[1].at - calls[0].at;
    assert!(waited >= Duration::from_millis(990), "{waited:?}");

    // Standard Retry-After on a 503 too.
    s.push([
        Reply::error(503, "Busy", "busy").header("retry-after", "1"),
        user("u1"),
    ]);
    c.users().get(&UserId::from("u1")).await.unwrap();
    assert_eq!(waits.taken(), [Duration::from_secs(1); 2]);
    let calls = s.calls();
    assert!(calls[3].at - calls[2].at >= Duration::from_millis(990));
}

#[tokio::test]
async fn a_retry_after_beyond_the_limit_fails_at_once() {
    let s = Scripted::start().await;
    let mut config = s.config();
    config.max_retry_after = Duration::from_secs(2);
    let waits = Waits::default();
    config.retry_sleeper = Arc::new(waits.clone());
    s.push([Reply::error(429, "Throttling", "come back later").header("x-acs-retry-after", "600")]);
    let e = Client::new(config)
        .unwrap()
        .users()
        .get(&UserId::from("u1"))
        .await
        .unwrap_err();
    // At once: no wait at all, and no second attempt.
    assert_eq!(waits.taken(), Vec::<Duration>::new());
    assert_eq!(s.calls().len(), 1);
    assert!(e.is_throttled());
    assert_eq!(e.retry_after(), Some(Duration::from_secs(600)));
}

#[tokio::test]
async fn retries_are_bounded() {
    let s = Scripted::start().await;
    s.push((0..10).map(|_| Reply::error(503, "ServiceUnavailable", "down")));
    let e = s
        .client()
        .users()
        .get(&UserId::from("u1"))
        .await
        .unwrap_err();
    assert_eq!(
        s.calls().len(),
        5,
        "one attempt and max_retries = 4 retries"
    );
    assert_eq!(e.attempts(), 5);
    assert!(e.to_string().contains("5 attempts"), "{e}");
}

#[tokio::test]
async fn timeouts_are_retried_for_reads_and_unknown_for_creates() {
    let s = Scripted::start().await;
    let mut config = s.config();
    // Long enough for any answer of a busy machine; the slow answers take three times longer.
    config.request_timeout = Duration::from_secs(1);
    let c = Client::new(config).unwrap();
    c.provisioning_scope().await.unwrap();
    let slow = |r: Reply| r.after(Duration::from_secs(3));
    s.push([slow(user("u1")), slow(user("u1")), user("u1")]);
    c.users().get(&UserId::from("u1")).await.unwrap();
    assert_eq!(s.calls().len(), 4);
    assert_eq!(c.metrics().requests("GetUser", "timeout"), 2);

    s.push([slow(Reply::ok(json!({"userId": "u7"})))]);
    let e = c.users().create(&new_user()).await.unwrap_err();
    assert_eq!(
        s.calls().len(),
        5,
        "a create whose outcome is unknown is not re-sent"
    );
    assert!(e.is_unknown_outcome(), "{e}");
    let EiamError::Transport(t) = &e else {
        panic!("{e:?}")
    };
    assert!(t.timed_out);
    assert_eq!(t.phase, Phase::Sent);
    assert!(e.to_string().contains("timed out"), "{e}");
}

#[tokio::test]
async fn an_unreachable_server_is_retried_and_not_an_unknown_outcome() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let s = Scripted::start().await;
    let mut config = s.config();
    config.endpoint = format!("http://127.0.0.1:{port}");
    let c = Client::new(config).unwrap();
    let e = c.users().create(&new_user()).await.unwrap_err();
    let EiamError::Transport(t) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(t.phase, Phase::Connect);
    assert_eq!(e.attempts(), 5);
    assert!(e.is_retryable() && !e.is_unknown_outcome());
    assert_eq!(c.api_calls(), 5);
}

#[tokio::test]
async fn undecodable_answers_are_errors_not_guesses() {
    let s = Scripted::start().await;
    let c = s.client();
    s.push([Reply::raw(200, "<html>login page</html>")]);
    let e = c.users().get(&UserId::from("u1")).await.unwrap_err();
    assert!(matches!(e, EiamError::Decode(_)), "{e:?}");
    assert_eq!(s.calls().len(), 1);

    s.push([Reply::ok(json!({}))]);
    let e = c.users().create(&new_user()).await.unwrap_err();
    assert!(
        e.is_unknown_outcome(),
        "a create without an id may still have created: {e}"
    );

    s.push([Reply::ok(json!({}))]);
    assert!(c.users().id_by_email("a@example.com").await.is_err());
}

#[tokio::test]
async fn lookups_turn_not_found_into_none_but_not_scope_errors() {
    let s = Scripted::start().await;
    let c = s.client();
    s.push([
        Reply::error(
            400,
            "ResourceNotFound.UserId",
            "The specified UserId resource: %s not found.",
        ),
        Reply::ok(json!({"userId": "user_1"})),
        Reply::error(404, "ResourceNotFound.OrganizationalUnit", "missing"),
        Reply::error(
            400,
            "OrganizationUnitIdNotInScopes",
            "organizationUnitId : x not in provisioning scope!",
        ),
    ]);
    assert_eq!(c.users().id_by_external_id("e1").await.unwrap(), None);
    assert_eq!(
        c.users().id_by_username("alice").await.unwrap().as_deref(),
        Some("user_1")
    );
    assert_eq!(
        c.organizational_units()
            .id_by_external_id("o1")
            .await
            .unwrap(),
        None
    );
    let e = c
        .organizational_units()
        .id_by_external_id("o2")
        .await
        .unwrap_err();
    assert!(e.is_not_in_scope() && !e.is_not_found());

    let body: serde_json::Value = serde_json::from_slice(&s.calls()[0].body).unwrap();
    assert_eq!(
        body,
        json!({"userExternalId": "e1", "userSourceId": "idaas_test", "userSourceType": "build_in"})
    );
}

#[tokio::test]
async fn max_concurrency_caps_requests_in_flight() {
    let s = Scripted::start().await;
    let mut config = s.config();
    config.max_concurrency = 2;
    let c = Client::new(config).unwrap();
    c.provisioning_scope().await.unwrap();
    s.push((0..8).map(|i| user(&format!("u{i}")).after(Duration::from_millis(100))));
    let started = Instant::now();
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = c.clone();
            tokio::spawn(async move { c.users().get(&UserId::from(format!("u{i}"))).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(c.metrics().max_in_flight(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(390),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn tokens_are_renewed_before_they_expire() {
    let s = Scripted::start().await;
    s.set_token_ttl(1);
    s.push([user("u1"), user("u1")]);
    let c = s.client();
    c.users().get(&UserId::from("u1")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(850)).await;
    // Past 80% of the lifetime, still valid: renewed ahead, no refused call.
    c.users().get(&UserId::from("u1")).await.unwrap();
    let calls = s.calls();
    assert_eq!(s.token_requests(), 2);
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[1].header("authorization"),
        Some("Bearer AT-scripted-2")
    );
}
