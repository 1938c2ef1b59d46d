//! The PAM operations over HTTP: what is created can be fetched, listed, revoked, reinstated
//! and validated; tokens that asked for specific PAM permissions carry only those.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::emulator::{Api, http, start};

async fn scoped_token(api: &Api, scope: &str) -> String {
    let url = format!(
        "{}?grant_type=client_credentials&client_id=app_emulator&client_secret=emulator-secret&scope={}",
        api.url("/oauth2/token"),
        url::form_urlencoded::byte_serialize(scope.as_bytes()).collect::<String>()
    );
    let t: Value = http().post(url).send().await.unwrap().json().await.unwrap();
    t["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn jwt_tokens_live_through_their_whole_lifecycle() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let pam = |rest: &str, body: Value| api.send(Method::POST, api.instance_url(rest), Some(body));
    let mut tokens = Vec::new();
    for i in 0..25 {
        let t = pam("/authenticationTokens/_/actions/generateJwt", json!({"credentialProviderIdentifier": "prov",
            "subject": format!("svc{i}"), "audiences": ["api"], "includeDerivedShortToken": i == 0}))
            .await
            .ok();
        tokens.push(t);
    }
    let first = &tokens[0];
    assert_eq!(first["consumerId"], "app_emulator");
    assert!(
        first["authenticationTokenId"]
            .as_str()
            .unwrap()
            .starts_with("atntkn_")
    );
    assert!(
        first["credentialProviderId"]
            .as_str()
            .unwrap()
            .starts_with("atp_")
    );
    assert_eq!(
        first["expirationTime"].as_i64().unwrap() - first["createTime"].as_i64().unwrap(),
        900_000
    );
    let jwt = first["jwtContent"]["jwtValue"].as_str().unwrap();
    let short = first["jwtContent"]["derivedShortToken"].as_str().unwrap();
    let validate = |token: &str| {
        let url = api.instance_url("/authenticationTokens/_/actions/validate");
        api.send_as(Method::POST, url, Some(json!({"token": token})), None)
    };
    assert_eq!(validate(jwt).await.ok()["active"], true);
    assert_eq!(validate("nope").await.ok()["active"], false);
    pam(
        "/authenticationTokens/_/actions/revoke",
        json!({"token": short}),
    )
    .await
    .ok();
    assert_eq!(
        validate(jwt).await.ok()["active"],
        false,
        "revoking the short token revokes the JWT"
    );
    pam(
        "/authenticationTokens/_/actions/reinstate",
        json!({"token": jwt}),
    )
    .await
    .ok();
    assert_eq!(validate(short).await.ok()["active"], true);
    pam(
        "/authenticationTokens/_/actions/revoke",
        json!({"token": "unknown"}),
    )
    .await
    .err(404, "ResourceNotFound.AuthenticationToken");

    let by_id = pam(
        "/authenticationTokens/_/actions/obtainJwt",
        json!({"authenticationTokenId": first["authenticationTokenId"],
        "consumerId": "app_emulator"}),
    )
    .await
    .ok();
    assert_eq!(by_id["jwtContent"]["jwtValue"], jwt);
    pam(
        "/authenticationTokens/_/actions/obtainJwt",
        json!({"authenticationTokenId": first["authenticationTokenId"],
        "consumerId": "someone_else"}),
    )
    .await
    .err(404, "ResourceNotFound.AuthenticationToken");

    pam(
        "/authenticationTokens/_/actions/revokeByConsumer",
        json!({"consumerId": "app_emulator",
        "credentialProviderIdentifier": "prov"}),
    )
    .await
    .ok();
    let list = |q: &str| {
        api.send(
            Method::GET,
            api.instance_url(&format!(
                "/authenticationTokens?consumerId=app_emulator&credentialProviderIdentifier=prov{q}"
            )),
            None,
        )
    };
    let revoked = list("&revoked=True&maxResults=10").await.ok();
    assert_eq!(revoked["totalCount"], 25);
    assert_eq!(revoked["entities"].as_array().unwrap().len(), 10);
    let page2 = list(&format!(
        "&revoked=True&maxResults=10&nextToken={}",
        revoked["nextToken"].as_str().unwrap()
    ))
    .await
    .ok();
    assert_eq!(
        page2["entities"][0]["authenticationTokenId"],
        tokens[10]["authenticationTokenId"]
    );
    assert_eq!(list("&revoked=false").await.ok()["totalCount"], 0);
    assert_eq!(list("&expired=true").await.ok()["totalCount"], 0);
    pam(
        "/authenticationTokens/_/actions/reinstateByConsumer",
        json!({"consumerId": "app_emulator",
        "credentialProviderIdentifier": "prov"}),
    )
    .await
    .ok();
    assert_eq!(list("&revoked=false").await.ok()["totalCount"], 25);
    pam(
        "/authenticationTokens/_/actions/generateJwt",
        json!({"credentialProviderIdentifier": "prov", "subject": "s",
        "audiences": []}),
    )
    .await
    .err(400, "InvalidParameter.Audiences");
    pam(
        "/authenticationTokens/_/actions/generateJwt",
        json!({"credentialProviderIdentifier": "prov", "subject": "s",
        "audiences": ["a"], "expiration": 0}),
    )
    .await
    .err(400, "InvalidParameter.Expiration");
}

#[tokio::test]
async fn pam_permissions_follow_the_scopes_a_token_asked_for() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let only_obtain = scoped_token(
        &api,
        "urn:cloud:idaas:pam|credential:obtain urn:cloud:idaas:pam|credential:manage",
    )
    .await;
    let create = json!({"credentialIdentifier": "key1", "credentialName": "Key", "credentialType": "api_key",
        "credentialContent": {"apiKeyContent": {"apiKey": "secret-value"}}});
    let url = api.instance_url("/credentials/_/actions/createUserExclusive");
    let created = api
        .send_as(Method::POST, &url, Some(create.clone()), Some(&only_obtain))
        .await
        .ok();
    assert!(
        created["credentialId"]
            .as_str()
            .unwrap()
            .starts_with("cred_")
    );
    assert!(created.get("credentialCiphertext").is_none());
    api.send_as(Method::POST, &url, Some(create), Some(&only_obtain))
        .await
        .err(400, "ResourceDuplicated.CredentialIdentifier");
    let got = api
        .send_as(
            Method::GET,
            &api.instance_url("/credentials/_/actions/obtain?credentialIdentifier=key1"),
            None,
            Some(&only_obtain),
        )
        .await
        .ok();
    assert_eq!(
        got["credentialContent"]["apiKeyContent"]["apiKey"],
        "secret-value"
    );
    let jwt = api
        .send_as(
            Method::POST,
            &api.instance_url("/authenticationTokens/_/actions/generateJwt"),
            Some(json!({"credentialProviderIdentifier": "p", "subject": "s", "audiences": ["a"]})),
            Some(&only_obtain),
        )
        .await;
    jwt.err(403, "permission_denied");
    assert_eq!(
        jwt.body["message"],
        "Require scopes: [urn:cloud:idaas:pam|authentication_token:obtain]"
    );
    // `.all` grants every PAM permission; directory operations ignore token scopes.
    let all = scoped_token(&api, "urn:cloud:idaas:pam|.all").await;
    api.send_as(Method::GET, &api.instance_url("/cloudAccountRoles/_/actions/obtainAccessCredential?cloudAccountRoleExternalId=acs%3Aram%3A%3A42%3Arole%2Fops"),
        None, Some(&all)).await.ok();
    api.send_as(Method::GET, &api.url("/users"), None, Some(&only_obtain))
        .await
        .ok();
    api.send(
        Method::POST,
        &url,
        Some(
            json!({"credentialIdentifier": "k2", "credentialName": "K", "credentialType": "api_key",
        "credentialContent": {}}),
        ),
    )
    .await
    .err(400, "MissingParameter.CredentialContent.ApiKeyContent");
    api.send(Method::POST, &url, Some(json!({"credentialIdentifier": "k2", "credentialName": "K", "credentialType": "password",
        "credentialContent": {}}))).await.err(400, "InvalidParameter.CredentialType");
}

#[tokio::test]
async fn oauth_tokens_are_cached_and_sessions_complete() {
    let emu = start().await;
    let api = Api::new(&emu).await;
    let fetch = |body: Value| {
        api.send(
            Method::POST,
            api.instance_url("/authenticationTokens/_/actions/fetchOAuthAccessToken"),
            Some(body),
        )
    };
    let a = fetch(json!({"credentialProviderIdentifier": "github", "scope": "repo"}))
        .await
        .ok();
    let b = fetch(json!({"credentialProviderIdentifier": "github", "scope": "repo"}))
        .await
        .ok();
    assert_eq!(
        a["oauthAccessTokenContent"]["accessTokenValue"],
        b["oauthAccessTokenContent"]["accessTokenValue"]
    );
    assert_eq!(a["oauthAccessTokenContent"]["scope"], "repo");
    let forced = fetch(json!({"credentialProviderIdentifier": "github", "scope": "repo", "forceAuthentication": true})).await.ok();
    let session = &forced["oauthAuthorizationSession"];
    assert_eq!(session["sessionStatus"], "pending");
    assert!(forced.get("oauthAccessTokenContent").is_none());
    let get = |uri: Value| {
        api.send(
            Method::POST,
            api.instance_url("/oauthAuthorizationSessions/_/actions/get"),
            Some(json!({"sessionUri": uri})),
        )
    };
    let done = get(session["sessionUri"].clone()).await.ok();
    assert_eq!(done["sessionStatus"], "authorized");
    let c = fetch(json!({"credentialProviderIdentifier": "github", "scope": "repo"}))
        .await
        .ok();
    assert_eq!(
        c["authenticationTokenId"], done["authenticationTokenId"],
        "the session's token is now the cached one"
    );
    get(json!("/nope"))
        .await
        .err(404, "ResourceNotFound.OAuthAuthorizationSession");
}
