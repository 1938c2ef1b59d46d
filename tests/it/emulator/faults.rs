//! Fault injection: latency, random 5xx, the 429 budget with its headers, dropped connections
//! before and after processing, scripted one-shot faults, and their admin API.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use eiam_sync::emulator::{Faults, ScriptedFault, ScriptedKind};
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::json;

use crate::support::emulator::{Api, start};

#[tokio::test]
async fn latency_delays_api_requests_but_not_the_admin_api() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    emu.set_faults(Faults {
        latency_ms: 800,
        ..Faults::default()
    });
    let t = Instant::now();
    api.get("/provisioningScope").await.ok();
    assert!(
        t.elapsed() >= Duration::from_millis(800),
        "{:?}",
        t.elapsed()
    );
    // An hour of latency: a delayed admin request would outlast the test client's 30 s
    // timeout by far; an undelayed one answers, however busy the machine.
    emu.set_faults(Faults {
        latency_ms: 3_600_000,
        ..Faults::default()
    });
    assert_eq!(
        api.admin(Method::GET, "/_emulator/stats", None)
            .await
            .status,
        200,
        "admin delayed"
    );
}

#[tokio::test]
async fn error_rate_answers_random_server_errors_before_processing() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    emu.set_faults(Faults {
        error_rate: 1.0,
        ..Faults::default()
    });
    let mut statuses = BTreeSet::new();
    for i in 0..40 {
        let a = api
            .post(
                "/users",
                json!({"username": format!("u{i}"), "primaryOrganizationalUnitId": root}),
            )
            .await;
        let code = match a.status.as_u16() {
            500 => "Internal Server Error",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            other => panic!("unexpected status {other}: {a:?}"),
        };
        a.err(a.status.as_u16(), code);
        statuses.insert(a.status.as_u16());
    }
    assert_eq!(statuses, BTreeSet::from([500, 502, 503]));
    assert!(emu.state().users.is_empty(), "no request was processed");
    let stats = emu.stats();
    assert_eq!(stats.action("CreateUser"), 40);
    assert_eq!(
        stats.status("500") + stats.status("502") + stats.status("503"),
        40
    );

    // A share: about half of 400 requests.
    emu.set_faults(Faults {
        error_rate: 0.5,
        ..Faults::default()
    });
    emu.reset_stats();
    for _ in 0..400 {
        api.get("/provisioningScope").await;
    }
    let ok = emu.stats().status("200");
    assert!(
        (140..=260).contains(&ok),
        "{ok} of 400 succeeded at error_rate 0.5"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_answers_429_with_retry_after_headers() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    emu.set_faults(Faults {
        rate_limit_qps: Some(2.0),
        ..Faults::default()
    });
    // Six at once against a bucket of two.
    let answers = join_all((0..6).map(|_| api.get("/provisioningScope"))).await;
    let passed = answers.iter().filter(|a| a.status == 200).count();
    let throttled: Vec<_> = answers.iter().filter(|a| a.status == 429).collect();
    assert_eq!((passed, throttled.len()), (2, 4), "{answers:?}");
    for a in &throttled {
        a.err(429, "Throttling");
        let secs: u64 = a.headers["x-acs-retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(secs >= 1);
        assert_eq!(a.headers["retry-after"], a.headers["x-acs-retry-after"]);
    }
    tokio::time::sleep(Duration::from_millis(1100)).await;
    api.get("/provisioningScope").await.ok();
    assert_eq!(emu.stats().status("429"), 4);
    // A steady pace under the budget is never throttled, even with a bucket of one.
    emu.set_faults(Faults {
        rate_limit_qps: Some(10.0),
        rate_limit_burst: Some(1.0),
        ..Faults::default()
    });
    for _ in 0..10 {
        api.get("/provisioningScope").await.ok();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

#[tokio::test]
async fn dropped_connections_before_and_after_processing() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    let create = |name: &str| {
        api.http
            .post(api.url("/users"))
            .bearer_auth(&api.token)
            .json(&json!({"username": name, "primaryOrganizationalUnitId": root}))
            .send()
    };
    emu.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let e = create("before").await.expect_err("no answer");
    assert!(!e.is_status(), "{e:?}");
    assert!(emu.state().users.is_empty(), "dropped before processing");

    emu.set_faults(Faults {
        drop_after_rate: 1.0,
        actions: vec!["CreateUser".into()],
        ..Faults::default()
    });
    create("after").await.expect_err("no answer");
    let users = emu.state().users;
    assert_eq!(users.len(), 1, "processed, outcome unknown to the caller");
    assert_eq!(users[0].username, "after");
    // Other actions are not targeted.
    api.get("/users").await.ok();
    assert_eq!(emu.stats().status("dropped"), 2);
}

#[tokio::test]
async fn scripted_faults_fire_once_in_order() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let root = emu.root_ou_id();
    emu.set_faults(Faults {
        script: vec![
            ScriptedFault {
                action: Some("CreateUser".into()),
                fault: ScriptedKind::DropAfter,
                status: None,
            },
            ScriptedFault {
                action: None,
                fault: ScriptedKind::Error,
                status: Some(504),
            },
            ScriptedFault {
                action: Some("ListUsers".into()),
                fault: ScriptedKind::Throttle,
                status: None,
            },
        ],
        ..Faults::default()
    });
    api.get("/provisioningScope")
        .await
        .err(504, "GatewayTimeout");
    let a = api.get("/users").await;
    a.err(429, "Throttling");
    assert_eq!(a.headers["x-acs-retry-after"], "1");
    let dropped = api
        .http
        .post(api.url("/users"))
        .bearer_auth(&api.token)
        .json(&json!({"username": "once", "primaryOrganizationalUnitId": root}))
        .send()
        .await;
    assert!(dropped.is_err());
    api.post(
        "/users",
        json!({"username": "once", "primaryOrganizationalUnitId": root}),
    )
    .await
    .err(403, "ResourceDuplicated.Username");
    assert!(emu.faults().script.is_empty());
}

#[tokio::test]
async fn the_faults_admin_api_validates_and_is_not_itself_faulted() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let put = api
        .admin(
            Method::PUT,
            "/_emulator/faults",
            Some(
                json!({"latency_ms": 0, "error_rate": 0.0, "rate_limit_qps": null,
            "token_ttl_secs": 7200, "drop_rate": 1.0}),
            ),
        )
        .await;
    assert_eq!(put.status, 200, "{put:?}");
    assert_eq!(
        api.admin(Method::GET, "/_emulator/faults", None).await.body["drop_rate"],
        1.0
    );
    assert_eq!(
        api.admin(Method::GET, "/_emulator/state", None)
            .await
            .status,
        200
    );
    assert!(
        api.http
            .get(api.url("/users"))
            .bearer_auth(&api.token)
            .send()
            .await
            .is_err()
    );
    for bad in [
        json!({"error_rate": 2.0}),
        json!({"latency": 5}),
        json!({"rate_limit_qps": -1}),
        json!({"token_ttl_secs": 0}),
    ] {
        let a = api
            .admin(Method::PUT, "/_emulator/faults", Some(bad.clone()))
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (400, "InvalidAdminRequest"),
            "{bad}: {a:?}"
        );
    }
    // A missing field takes its default: the contract's four fields restore a clean slate.
    let clean =
        json!({"latency_ms": 0, "error_rate": 0.0, "rate_limit_qps": null, "token_ttl_secs": 7200});
    assert_eq!(
        api.admin(Method::PUT, "/_emulator/faults", Some(clean))
            .await
            .status,
        200
    );
    api.get("/users").await.ok();
    let stats = emu.stats();
    assert_eq!(
        stats.action("ListUsers"),
        2,
        "the dropped request counts too"
    );
    assert_eq!(
        stats.total, 3,
        "the token, two listings; no admin request: {stats:?}"
    );
}
