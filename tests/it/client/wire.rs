//! What goes on the wire: headers, paths, query strings, bodies, token requests.

use std::collections::HashMap;

use eiam_sync::eiam::types::pam::ValidateAuthenticationTokenRequest;
use eiam_sync::eiam::types::users::PatchUserRequest;
use eiam_sync::eiam::{Client, GroupId, OrganizationalUnitId, TokenAuth, UserId};
use secrecy::SecretString;
use serde_json::json;

use super::scripted::{Reply, SECRET, Scripted, Seen};

fn form(seen: &Seen) -> HashMap<String, String> {
    url::form_urlencoded::parse(&seen.body)
        .into_owned()
        .collect()
}

fn query(seen: &Seen) -> HashMap<String, String> {
    url::form_urlencoded::parse(seen.query.as_deref().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn headers_are_the_sdk_headers() {
    let s = Scripted::start().await;
    s.push([Reply::user("u1", "alice")]);
    let c = s.client();
    let user = c.users().get(&UserId::from("u1")).await.unwrap();
    assert_eq!(user.username.as_deref(), Some("alice"));

    let seen = s.seen();
    assert_eq!(seen.len(), 2, "one token request, one call");
    let get = &seen[1];
    assert_eq!(get.method, "GET");
    assert_eq!(get.path, "/v2/idaas_test/app_test/users/u1");
    assert_eq!(get.query, None);
    assert_eq!(get.header("x-acs-action"), Some("GetUser"));
    assert_eq!(get.header("x-acs-version"), Some("2022-02-25"));
    assert_eq!(get.header("x-acs-signature-method"), Some("HMAC-SHA1"));
    assert_eq!(get.header("x-acs-signature-version"), Some("1.0"));
    assert_eq!(get.header("accept"), Some("application/json"));
    assert!(
        get.header("user-agent")
            .unwrap()
            .starts_with("AlibabaCloud (")
    );
    let date = httpdate::parse_http_date(get.header("date").unwrap()).unwrap();
    let skew = std::time::SystemTime::now().duration_since(date).unwrap();
    assert!(skew.as_secs() < 5);
    assert!(get.header("host").is_some());
    assert_eq!(get.header("authorization"), Some("Bearer AT-scripted-1"));
    // No body params: no body and no content type at all.
    assert_eq!(get.header("content-type"), None);
    assert!(get.body.is_empty());

    // Each request has its own nonce.
    let nonces: Vec<_> = seen
        .iter()
        .map(|s| s.header("x-acs-signature-nonce").unwrap().to_owned())
        .collect();
    assert_eq!(nonces[0].len(), 32);
    assert_ne!(nonces[0], nonces[1]);
}

#[tokio::test]
async fn bodies_paths_and_queries() {
    let s = Scripted::start().await;
    let c = s.client();
    let patch = PatchUserRequest {
        display_name: Some("Zoë \"Z\"".into()),
        ..Default::default()
    };
    c.users()
        .patch(&UserId::from("a b/c*"), &patch)
        .await
        .unwrap();
    c.users().disable(&UserId::from("u1")).await.unwrap();
    s.push([Reply::ok(json!({"data": [], "totalCount": 0}))]);
    c.users()
        .list_page(Some(&OrganizationalUnitId::from("ou 1|x")), 1, 100)
        .await
        .unwrap();

    let calls = s.calls();
    let (patch, disable, list) = (&calls[0], &calls[1], &calls[2]);
    assert_eq!(patch.method, "PATCH");
    assert_eq!(patch.path, "/v2/idaas_test/app_test/users/a%20b%2Fc%2A");
    assert_eq!(
        patch.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    // Compact JSON, UTF-8 not escaped, only the fields set.
    assert_eq!(
        std::str::from_utf8(&patch.body).unwrap(),
        r#"{"displayName":"Zoë \"Z\""}"#
    );

    assert_eq!(disable.method, "POST");
    assert_eq!(
        disable.path,
        "/v2/idaas_test/app_test/users/u1/actions/disable"
    );
    assert!(disable.body.is_empty());
    assert_eq!(disable.header("content-type"), None);

    assert_eq!(list.path, "/v2/idaas_test/app_test/users");
    assert_eq!(
        list.query.as_deref(),
        Some("organizationalUnitId=ou+1%7Cx&pageNumber=1&pageSize=100")
    );
}

#[tokio::test]
async fn unsafe_path_parameters_are_refused_before_sending() {
    let s = Scripted::start().await;
    let c = s.client();
    for id in ["", ".", ".."] {
        let e = c.users().delete(&UserId::from(id)).await.unwrap_err();
        assert!(
            e.to_string().starts_with("invalid DeleteUser request"),
            "{e}"
        );
    }
    assert!(
        s.seen().is_empty(),
        "nothing was sent, not even a token request"
    );
}

#[tokio::test]
async fn token_request_in_a_form_body_by_default() {
    let s = Scripted::start().await;
    let c = s.client();
    c.provisioning_scope().await.unwrap();
    let token = &s.seen()[0];
    assert_eq!(token.method, "POST");
    assert_eq!(token.path, "/v2/idaas_test/app_test/oauth2/token");
    assert_eq!(token.query, None, "the secret stays out of the url");
    assert_eq!(token.header("x-acs-action"), Some("GenerateToken"));
    assert_eq!(token.header("authorization"), None);
    assert_eq!(
        token.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let f = form(token);
    assert_eq!(f["grant_type"], "client_credentials");
    assert_eq!(f["client_id"], "app_test");
    assert_eq!(f["client_secret"], SECRET);
    assert!(!f.contains_key("scope"));
}

#[tokio::test]
async fn token_request_in_the_query_or_with_basic_auth() {
    let s = Scripted::start().await;
    let mut config = s.config();
    config.token_auth = TokenAuth::Query;
    config.token_scope = Some("urn:cloud:idaas:pam|.all".into());
    Client::new(config)
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap();
    let token = &s.seen()[0];
    let q = query(token);
    assert_eq!(q["grant_type"], "client_credentials");
    assert_eq!(q["client_secret"], SECRET);
    assert_eq!(q["scope"], "urn:cloud:idaas:pam|.all");
    assert!(token.body.is_empty());

    let s = Scripted::start().await;
    let mut config = s.config();
    config.token_auth = TokenAuth::Basic;
    Client::new(config)
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap();
    let token = &s.seen()[0];
    let basic = token
        .header("authorization")
        .unwrap()
        .strip_prefix("Basic ")
        .unwrap();
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(basic)
        .unwrap();
    assert_eq!(
        String::from_utf8(raw).unwrap(),
        format!("app_test:{SECRET}")
    );
    assert_eq!(
        form(token).get("grant_type").map(String::as_str),
        Some("client_credentials")
    );
    assert!(!form(token).contains_key("client_secret"));
}

#[tokio::test]
async fn anonymous_and_user_token_operations_send_no_application_token() {
    let s = Scripted::start().await;
    let c = s.client();
    s.push([
        Reply::ok(json!({"active": true})),
        Reply::ok(json!({"sub": "user_1"})),
    ]);
    let v = c
        .pam()
        .validate_authentication_token(&ValidateAuthenticationTokenRequest {
            token: "jwt".into(),
            token_type_hint: None,
        })
        .await
        .unwrap();
    assert_eq!(v.active, Some(true));
    let claims = c
        .oauth()
        .user_info(&SecretString::from("AT-end-user".to_owned()))
        .await
        .unwrap();
    assert_eq!(claims["sub"], "user_1");

    let calls = s.calls();
    assert_eq!(calls[0].header("authorization"), None);
    assert_eq!(calls[1].header("authorization"), Some("Bearer AT-end-user"));
    assert_eq!(s.token_requests(), 0);
    assert_eq!(c.api_calls(), 2);
}

#[tokio::test]
async fn membership_lists_are_sent_in_chunks_of_one_hundred() {
    let s = Scripted::start().await;
    let c = s.client();
    let users: Vec<UserId> = (0..250)
        .map(|i| UserId::from(format!("user_{i}")))
        .collect();
    c.groups()
        .add_users(&GroupId::from("g1"), &users)
        .await
        .unwrap();
    c.groups()
        .remove_users(&GroupId::from("g1"), &[])
        .await
        .unwrap();
    let sizes: Vec<usize> = s
        .calls()
        .iter()
        .map(|call| {
            let body: serde_json::Value = serde_json::from_slice(&call.body).unwrap();
            body["userIds"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(sizes, vec![100, 100, 50]);
}
