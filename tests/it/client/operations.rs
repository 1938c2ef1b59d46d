//! Every one of the 52 operations through its typed method, against the emulator.

use eiam_sync::eiam::OrganizationalUnitId;
use eiam_sync::eiam::types::groups::CreateGroupRequest;
use eiam_sync::eiam::types::oauth::{
    GenerateDeviceCodeQuery, GenerateTokenByAuthorizationServerQuery, GenerateTokenQuery,
    RevokeTokenQuery,
};
use eiam_sync::eiam::types::ops;
use eiam_sync::eiam::types::organizational_units::{
    CreateOrganizationalUnitRequest, PatchOrganizationalUnitRequest,
};
use eiam_sync::eiam::types::pam::{
    ApiKeyContentInput, CreateUserExclusiveCredentialRequest, CredentialContentInput,
    FetchOAuthAuthenticationTokenRequest, GenerateJwtAuthenticationTokenRequest,
    GetOAuthAuthorizationSessionRequest, ListAuthenticationTokensQuery,
    ObtainCloudAccountRoleAccessCredentialQuery,
    ObtainJwtAuthenticationTokenByDerivedShortTokenRequest, ObtainJwtAuthenticationTokenRequest,
    ReinstateAuthenticationTokenByConsumerRequest, ReinstateAuthenticationTokenRequest,
    RevokeAuthenticationTokenByConsumerRequest, RevokeAuthenticationTokenRequest,
    ValidateAuthenticationTokenRequest,
};
use eiam_sync::eiam::types::users::{CreateUserRequest, PatchUserRequest};
use secrecy::SecretString;

use super::emu;

const PROVIDER: &str = "atp_test_provider";

#[tokio::test]
async fn every_operation_has_a_working_typed_method() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id().into_string();

    // Provisioning scope.
    let scope = c.provisioning_scope().await.unwrap();
    assert!(
        scope
            .organizational_unit_ids
            .unwrap_or_default()
            .contains(&root)
    );

    // Organizational units; the client takes typed ids.
    let root = OrganizationalUnitId::from(root);
    let ous = c.organizational_units();
    let sales = ous
        .create(&CreateOrganizationalUnitRequest {
            organizational_unit_name: "Sales".into(),
            parent_id: root.to_string(),
            organizational_unit_external_id: Some("o-sales".into()),
            description: None,
        })
        .await
        .unwrap();
    let emea = ous
        .create(&CreateOrganizationalUnitRequest {
            organizational_unit_name: "EMEA".into(),
            parent_id: root.to_string(),
            organizational_unit_external_id: Some("o-emea".into()),
            description: Some("Europe".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        ous.get(&sales)
            .await
            .unwrap()
            .organizational_unit_name
            .as_deref(),
        Some("Sales")
    );
    let patch = PatchOrganizationalUnitRequest {
        organizational_unit_name: Some("Sales & Marketing".into()),
        description: None,
    };
    ous.patch(&sales, &patch).await.unwrap();
    ous.set_parent(&emea, &sales).await.unwrap();
    assert_eq!(
        ous.parent_ids(&emea).await.unwrap(),
        vec![root.clone(), sales.clone()]
    );
    assert_eq!(
        ous.id_by_external_id("o-emea").await.unwrap().as_deref(),
        Some(emea.as_str())
    );
    let page = ous.list_children_page(&sales, 1, 100).await.unwrap();
    assert_eq!(page.items.len(), 1);

    // Users.
    let users = c.users();
    let alice = users
        .create(&CreateUserRequest {
            username: "alice".into(),
            primary_organizational_unit_id: sales.to_string(),
            user_external_id: Some("e-alice".into()),
            email: Some("alice@example.com".into()),
            email_verified: Some(true),
            phone_region: Some("86".into()),
            phone_number: Some("13800000000".into()),
            phone_number_verified: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let patch = PatchUserRequest {
        display_name: Some("Alice A.".into()),
        ..Default::default()
    };
    users.patch(&alice, &patch).await.unwrap();
    assert_eq!(
        users.get(&alice).await.unwrap().display_name.as_deref(),
        Some("Alice A.")
    );
    users.disable(&alice).await.unwrap();
    users.enable(&alice).await.unwrap();
    users
        .update_password(&alice, &SecretString::from("N3w-Passw0rd!x".to_owned()))
        .await
        .unwrap();
    users
        .add_to_organizational_units(&alice, std::slice::from_ref(&root))
        .await
        .unwrap();
    users
        .set_primary_organizational_unit(&alice, &emea)
        .await
        .unwrap();
    users
        .remove_from_organizational_units(&alice, std::slice::from_ref(&root))
        .await
        .unwrap();
    let me = Some(alice.clone());
    assert_eq!(users.id_by_username("alice").await.unwrap(), me);
    assert_eq!(users.id_by_email("alice@example.com").await.unwrap(), me);
    assert_eq!(users.id_by_phone_number("13800000000").await.unwrap(), me);
    assert_eq!(users.id_by_external_id("e-alice").await.unwrap(), me);
    assert_eq!(users.list_page(None, 1, 100).await.unwrap().items.len(), 1);

    // Groups.
    let groups = c.groups();
    let team = groups
        .create(&CreateGroupRequest {
            group_name: "team".into(),
            group_external_id: Some("g-team".into()),
        })
        .await
        .unwrap();
    groups.patch(&team, "team-a").await.unwrap();
    assert_eq!(
        groups.get(&team).await.unwrap().group_name.as_deref(),
        Some("team-a")
    );
    groups
        .add_users(&team, std::slice::from_ref(&alice))
        .await
        .unwrap();
    assert_eq!(
        groups
            .members_page(&team, None, 100)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        users
            .groups_of_page(&alice, None, 100)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert_eq!(
        groups
            .list_page(Some("team"), None, 100)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    groups
        .remove_users(&team, std::slice::from_ref(&alice))
        .await
        .unwrap();
    groups.delete(&team).await.unwrap();

    // PAM.
    let pam = c.pam();
    let jwt = pam
        .generate_jwt_authentication_token(&GenerateJwtAuthenticationTokenRequest {
            audiences: vec!["https://api.example.com".into()],
            credential_provider_identifier: PROVIDER.into(),
            subject: "svc-1".into(),
            include_derived_short_token: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let jwt_id = jwt.authentication_token_id.clone().unwrap();
    let consumer = jwt.consumer_id.clone().unwrap();
    let content = jwt.jwt_content.clone().unwrap();
    let jwt_value = content.jwt_value.unwrap();
    let obtained = pam
        .obtain_jwt_authentication_token(&ObtainJwtAuthenticationTokenRequest {
            authentication_token_id: jwt_id.clone(),
            consumer_id: consumer.clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        obtained.authentication_token_id.as_deref(),
        Some(jwt_id.as_str())
    );
    let by_short = pam
        .obtain_jwt_authentication_token_by_derived_short_token(
            &ObtainJwtAuthenticationTokenByDerivedShortTokenRequest {
                derived_short_token: content.derived_short_token.unwrap(),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        by_short.authentication_token_id.as_deref(),
        Some(jwt_id.as_str())
    );
    let listed = pam
        .list_authentication_tokens_page(&ListAuthenticationTokensQuery {
            consumer_id: consumer.clone(),
            credential_provider_identifier: PROVIDER.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    let validate = |token: String| ValidateAuthenticationTokenRequest {
        token,
        token_type_hint: None,
    };
    pam.revoke_authentication_token(&RevokeAuthenticationTokenRequest {
        token: jwt_value.clone(),
        token_type_hint: None,
    })
    .await
    .unwrap();
    let v = pam
        .validate_authentication_token(&validate(jwt_value.clone()))
        .await
        .unwrap();
    assert_eq!(v.active, Some(false));
    pam.reinstate_authentication_token(&ReinstateAuthenticationTokenRequest {
        token: jwt_value.clone(),
        token_type_hint: None,
    })
    .await
    .unwrap();
    let by_consumer = || (consumer.clone(), PROVIDER.to_owned());
    let (consumer_id, credential_provider_identifier) = by_consumer();
    pam.revoke_authentication_token_by_consumer(&RevokeAuthenticationTokenByConsumerRequest {
        consumer_id,
        credential_provider_identifier,
    })
    .await
    .unwrap();
    let (consumer_id, credential_provider_identifier) = by_consumer();
    pam.reinstate_authentication_token_by_consumer(
        &ReinstateAuthenticationTokenByConsumerRequest {
            consumer_id,
            credential_provider_identifier,
        },
    )
    .await
    .unwrap();
    let v = pam
        .validate_authentication_token(&validate(jwt_value))
        .await
        .unwrap();
    assert_eq!(v.active, Some(true));

    let fetched = pam
        .fetch_oauth_authentication_token(&FetchOAuthAuthenticationTokenRequest {
            credential_provider_identifier: PROVIDER.into(),
            force_authentication: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let session_uri = fetched
        .oauth_authorization_session
        .and_then(|s| s.session_uri)
        .expect("a forced authentication starts a session");
    let session = pam
        .get_oauth_authorization_session(&GetOAuthAuthorizationSessionRequest { session_uri })
        .await
        .unwrap();
    assert!(session.session_status.is_some());
    let cred = pam
        .create_user_exclusive_credential(&CreateUserExclusiveCredentialRequest {
            credential_content: CredentialContentInput {
                api_key_content: Some(ApiKeyContentInput {
                    api_key: "sk-test-123".into(),
                }),
            },
            credential_identifier: "openai-key".into(),
            credential_name: "OpenAI".into(),
            credential_type: "api_key".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(cred.credential_id.is_some());
    let obtained = pam.obtain_credential("openai-key").await.unwrap();
    let key = obtained
        .credential_content
        .and_then(|c| c.api_key_content)
        .map(|k| k.api_key);
    assert_eq!(key.flatten().as_deref(), Some("sk-test-123"));
    pam.obtain_cloud_account_role_access_credential(&ObtainCloudAccountRoleAccessCredentialQuery {
        cloud_account_role_external_id: "acs:ram::123456:role/test".into(),
        duration_seconds: Some(900),
    })
    .await
    .unwrap();

    // OAuth: an end user's token (password grant, with the password set above) for
    // userinfo, the device flow, the authorization-server endpoint, revocation.
    let oauth = c.oauth();
    let app = |grant: &str| GenerateTokenQuery {
        grant_type: grant.into(),
        client_id: Some("app_emulator".into()),
        client_secret: Some("emulator-secret".into()),
        ..Default::default()
    };
    let user_token = oauth
        .generate_token(&GenerateTokenQuery {
            username: Some("alice".into()),
            password: Some("N3w-Passw0rd!x".into()),
            scope: Some("openid".into()),
            ..app("password")
        })
        .await
        .unwrap();
    let user_token = SecretString::from(user_token.access_token.unwrap());
    let claims = oauth.user_info(&user_token).await.unwrap();
    assert_eq!(claims["sub"], alice.as_str());
    let device = oauth
        .generate_device_code(&GenerateDeviceCodeQuery::default())
        .await
        .unwrap();
    assert!(emu.approve_device(device.user_code.as_deref().unwrap(), &alice));
    let by_device = oauth
        .generate_token(&GenerateTokenQuery {
            device_code: device.device_code.clone(),
            ..app("urn:ietf:params:oauth:grant-type:device_code")
        })
        .await
        .unwrap();
    assert!(by_device.access_token.is_some());
    oauth
        .generate_token_by_authorization_server(
            "iauths_system",
            &GenerateTokenByAuthorizationServerQuery {
                client_id: "app_emulator".into(),
                client_secret: Some("emulator-secret".into()),
                grant_type: "client_credentials".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    oauth
        .revoke_token(&RevokeTokenQuery {
            token: secrecy::ExposeSecret::expose_secret(&user_token).to_owned(),
            client_id: Some("app_emulator".into()),
            client_secret: Some("emulator-secret".into()),
            token_type_hint: Some("access_token".into()),
        })
        .await
        .unwrap();
    let e = oauth.user_info(&user_token).await.unwrap_err();
    assert_eq!(e.code(), Some("invalid_token"));

    // Deletes last.
    users.delete(&alice).await.unwrap();
    ous.delete(&emea).await.unwrap();
    ous.delete(&sales).await.unwrap();

    // The checklist: each of the 52 actions was answered, through the typed methods above.
    let stats = emu.stats();
    let missing: Vec<&str> = ops::ALL
        .iter()
        .map(|(action, ..)| *action)
        .filter(|action| stats.action(action) == 0)
        .collect();
    assert!(missing.is_empty(), "never called: {missing:?}");
    assert_eq!(ops::ALL.len(), 52);
    // And none of them hit an unknown route or method.
    assert_eq!(stats.status("404") + stats.status("405"), 0, "{stats:?}");
}
