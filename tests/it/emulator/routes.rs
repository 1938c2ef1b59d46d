//! Every operation of `ops::ALL` is routed to its own handler at its path and method.

use eiam_sync::eiam::types::HttpMethod;
use eiam_sync::eiam::types::ops::ALL;
use reqwest::Method;
use serde_json::json;

use crate::support::emulator::{Api, start};

fn concrete(path: &str) -> String {
    path.replace("{instanceId}", "idaas_emulator")
        .replace("{applicationId}", "app_emulator")
        .replace("{authorizationServerId}", "iauths_system")
        .replace("{userId}", "user_none")
        .replace("{groupId}", "group_none")
        .replace("{organizationalUnitId}", "ou_none")
}

#[tokio::test]
async fn every_operation_is_routed_at_its_path_and_method() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    assert_eq!(ALL.len(), 52);
    for &(action, method, path, _bearer) in ALL {
        let before = emu.stats().action(action);
        let method = match method {
            HttpMethod::Get => Method::GET,
            HttpMethod::Post => Method::POST,
            HttpMethod::Patch => Method::PATCH,
            HttpMethod::Delete => Method::DELETE,
        };
        let body = matches!(method, Method::POST | Method::PATCH).then(|| json!({}));
        let url = format!("{}{}", api.base, concrete(path));
        let answer = api.send(method.clone(), &url, body).await;
        assert_ne!(
            answer.code(),
            "InvalidAction.NotFound",
            "{action}: {answer:?}"
        );
        assert_ne!(answer.status.as_u16(), 405, "{action}: {answer:?}");
        assert_eq!(
            emu.stats().action(action),
            before + 1,
            "{action} was not counted under its own name"
        );
        // No operation uses PUT: every path answers 405 with a JSON error body.
        let wrong = api.send(Method::PUT, &url, Some(json!({}))).await;
        wrong.err(405, "UnsupportedHTTPMethod");
        assert!(
            wrong.headers.contains_key("allow"),
            "{action}: Allow header"
        );
    }
}
