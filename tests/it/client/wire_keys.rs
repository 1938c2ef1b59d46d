//! The JSON field names of every wire type, pinned: a value with every field set serializes to
//! exactly these keys, and its JSON decodes back to the same value.

use std::fmt::Debug;

use eiam_sync::eiam::types::{groups, oauth, organizational_units, pam, scope, users};
use serde::Serialize;
use serde::de::value::{Error, StrDeserializer};
use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

/// A deserializer that answers every request with a value: a derived type decodes from it with
/// every field set (options `Some`, lists and maps of one entry, strings and numbers `1`).
struct Fill;

impl<'de> Deserializer<'de> for Fill {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        // The lenient query decoders read this as the number 1 or as `true`.
        v.visit_str("1")
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_bool(true)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_i64(1)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(Fill)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_seq(Entries::new(&["item"]))
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_map(Entries::new(&["key"]))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_map(Entries::new(fields))
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct tuple tuple_struct enum identifier ignored_any
    }
}

/// The entries of a filled map, struct or list: each name once, each value [`Fill`].
struct Entries<'a> {
    names: std::slice::Iter<'a, &'static str>,
}

impl<'a> Entries<'a> {
    fn new(names: &'a [&'static str]) -> Self {
        Entries {
            names: names.iter(),
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.names.next() {
            Some(name) => seed.deserialize(StrDeserializer::new(name)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Fill)
    }
}

impl<'de> SeqAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        match self.names.next() {
            Some(_) => seed.deserialize(Fill).map(Some),
            None => Ok(None),
        }
    }
}

/// The sorted JSON keys of `T` with every field set; checks on the way that the JSON decodes
/// back to the same value.
fn keys<T: Serialize + DeserializeOwned + PartialEq + Debug>() -> String {
    let full = T::deserialize(Fill).expect("every field fills");
    let json = serde_json::to_value(&full).expect("serializes");
    let back: T = serde_json::from_value(json.clone()).expect("decodes its own JSON");
    assert_eq!(back, full, "round trip of {json}");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys.join(" ")
}

macro_rules! wire_keys {
    ($($ty:ty => $keys:literal,)+) => {
        #[test]
        fn every_wire_type_has_its_field_names() {
            let mut wrong = Vec::new();
            $(
                let got = keys::<$ty>();
                if got != $keys {
                    wrong.push(format!("{}:\n  want {}\n  got  {got}", stringify!($ty), $keys));
                }
            )+
            assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        }
    };
}

wire_keys! {
    groups::AddUsersToGroupRequest => "userIds",
    groups::CreateGroupRequest => "groupExternalId groupName",
    groups::CreateGroupResponse => "groupId",
    groups::ListGroupsQuery => "groupNameStartWith maxResults nextToken",
    groups::ListGroupsResponse => "data maxResults nextToken totalCount",
    groups::ListUsersForGroupQuery => "maxResults nextToken",
    groups::ListUsersForGroupResponse => "data maxResults nextToken totalCount",
    groups::PatchGroupRequest => "groupName",
    groups::RemoveUsersFromGroupRequest => "userIds",
    groups::Group => "createTime description groupExternalId groupId groupName groupSourceId groupSourceType instanceId updateTime",
    groups::GroupMember => "instanceId userId",
    oauth::GenerateDeviceCodeQuery => "scope",
    oauth::GenerateDeviceCodeResponse => "device_code expires_at expires_in interval user_code verification_uri verification_uri_complete",
    oauth::GenerateTokenQuery => "client_id client_secret code code_verifier device_code exclusive_tag grant_type password redirect_uri refresh_token scope username",
    oauth::GenerateTokenResponse => "access_token expires_at expires_in id_token refresh_token token_type",
    oauth::GenerateTokenByAuthorizationServerQuery => "application_federated_credential_name client_assertion client_assertion_type client_id client_secret client_x509 client_x509_chain code code_verifier device_code grant_type password redirect_uri refresh_token scope username",
    oauth::GenerateTokenByAuthorizationServerResponse => "access_token expires_at expires_in id_token refresh_token scope token_type",
    oauth::RevokeTokenQuery => "client_id client_secret token token_type_hint",
    organizational_units::CreateOrganizationalUnitRequest => "description organizationalUnitExternalId organizationalUnitName parentId",
    organizational_units::CreateOrganizationalUnitResponse => "organizationalUnitId",
    organizational_units::GetOrganizationalUnitIdByExternalIdRequest => "organizationalUnitExternalId organizationalUnitSourceId organizationalUnitSourceType",
    organizational_units::GetOrganizationalUnitIdByExternalIdResponse => "organizationalUnitId",
    organizational_units::ListOrganizationalUnitParentIdsResponse => "parentIds",
    organizational_units::ListOrganizationalUnitsQuery => "pageNumber pageSize parentId",
    organizational_units::ListOrganizationalUnitsResponse => "data totalCount",
    organizational_units::PatchOrganizationalUnitRequest => "description organizationalUnitName",
    organizational_units::PatchOrganizationalUnitParentIdRequest => "parentId",
    organizational_units::OrganizationalUnit => "createTime description instanceId organizationalUnitExternalId organizationalUnitId organizationalUnitName organizationalUnitSourceId organizationalUnitSourceType parentId updateTime",
    scope::GetApplicationProvisioningScopeResponse => "groupIds organizationalUnitIds",
    pam::ObtainCloudAccountRoleAccessCredentialQuery => "cloudAccountRoleExternalId durationSeconds",
    pam::ObtainCloudAccountRoleAccessCredentialResponse => "cloudAccountId cloudAccountRoleAccessCredential cloudAccountRoleExternalId cloudAccountRoleId cloudAccountRoleName cloudAccountVendorType",
    pam::AlibabaCloudStsToken => "accessKeyId accessKeySecret expiration securityToken",
    pam::AwsStsToken => "accessKeyId expiration secretAccessKey sessionToken",
    pam::TencentCloudStsToken => "expiration tmpSecretId tmpSecretKey token",
    pam::CloudAccountRoleAccessCredential => "accessCredentialExpiresAt alibabaCloudStsToken awsStsToken tencentCloudStsToken",
    pam::CreateUserExclusiveCredentialRequest => "credentialContent credentialExternalId credentialIdentifier credentialName credentialScenarioLabel credentialType description returnCiphertext",
    pam::CreateUserExclusiveCredentialResponse => "credentialCiphertext credentialId credentialIdentifier",
    pam::ObtainCredentialQuery => "credentialIdentifier",
    pam::ObtainCredentialResponse => "createTime credentialContent credentialCreationType credentialExternalId credentialId credentialIdentifier credentialName credentialScenarioLabel credentialSharingScope credentialSubjectId credentialSubjectType credentialType description exclusiveUserId instanceId status updateTime",
    pam::ApiKeyContentInput => "apiKey",
    pam::CredentialContentInput => "apiKeyContent",
    pam::ApiKeyContent => "apiKey",
    pam::OAuthClientContent => "clientId clientSecret",
    pam::CredentialContent => "apiKeyContent oauthClientContent",
    pam::OAuthAuthenticationToken => "authenticationTokenId authenticationTokenType consumerId consumerType createTime creatorId creatorType credentialProviderId expirationTime instanceId oauthAccessTokenContent oauthAuthorizationSession revoked updateTime",
    pam::JwtContent => "derivedShortToken jwtValue",
    pam::JwtAuthenticationToken => "authenticationTokenId authenticationTokenType consumerId consumerType createTime creatorId creatorType credentialProviderId expirationTime instanceId jwtContent revoked updateTime",
    pam::GetOAuthAuthorizationSessionResponse => "authenticationTokenId authorizationUrl consumerId consumerType creatorId creatorType credentialProviderIdentifier errorCode errorDescription expirationTime instanceId sessionId sessionStatus sessionUri",
    pam::ListAuthenticationTokensResponse => "entities maxResults nextToken totalCount",
    pam::ValidateAuthenticationTokenResponse => "active",
    pam::OAuthAccessTokenContent => "accessTokenValue scope tokenType",
    pam::OAuthAuthorizationSession => "authorizationUrl sessionId sessionStatus sessionUri",
    pam::AuthenticationToken => "authenticationTokenId authenticationTokenType consumerId consumerType createTime creatorId creatorType credentialProviderId expirationTime instanceId revoked updateTime",
    pam::FetchOAuthAuthenticationTokenRequest => "credentialProviderIdentifier customParameters forceAuthentication scope",
    pam::GenerateJwtAuthenticationTokenRequest => "audiences credentialProviderIdentifier customClaims expiration includeDerivedShortToken issuer subject",
    pam::GetOAuthAuthorizationSessionRequest => "sessionUri",
    pam::ListAuthenticationTokensQuery => "consumerId credentialProviderIdentifier expired maxResults nextToken revoked",
    pam::ObtainJwtAuthenticationTokenRequest => "authenticationTokenId consumerId",
    pam::ObtainJwtAuthenticationTokenByDerivedShortTokenRequest => "derivedShortToken",
    pam::ReinstateAuthenticationTokenRequest => "token token_type_hint",
    pam::ReinstateAuthenticationTokenByConsumerRequest => "consumerId credentialProviderIdentifier",
    pam::RevokeAuthenticationTokenRequest => "token token_type_hint",
    pam::RevokeAuthenticationTokenByConsumerRequest => "consumerId credentialProviderIdentifier",
    pam::ValidateAuthenticationTokenRequest => "token token_type_hint",
    users::CreateUserRequest => "customFields description displayName email emailVerified password passwordInitializationConfig phoneNumber phoneNumberVerified phoneRegion primaryOrganizationalUnitId userExternalId username",
    users::CreateUserResponse => "userId",
    users::PatchUserRequest => "customFields displayName email emailVerified phoneNumber phoneNumberVerified phoneRegion username",
    users::CustomField => "fieldName fieldValue",
    users::PasswordInitializationConfig => "passwordForcedUpdateStatus passwordInitializationPolicyPriority passwordInitializationType userNotificationChannels",
    users::PatchCustomField => "fieldName fieldValue operation operator",
    users::GetUserIdByEmailRequest => "email",
    users::GetUserIdByEmailResponse => "userId",
    users::GetUserIdByPhoneNumberRequest => "phoneNumber",
    users::GetUserIdByPhoneNumberResponse => "userId",
    users::GetUserIdByUserExternalIdRequest => "userExternalId userSourceId userSourceType",
    users::GetUserIdByUserExternalIdResponse => "userId",
    users::GetUserIdByUsernameRequest => "username",
    users::GetUserIdByUsernameResponse => "userId",
    users::AddUserToOrganizationalUnitsRequest => "organizationalUnitIds",
    users::ListGroupsForUserQuery => "maxResults nextToken",
    users::ListGroupsForUserResponse => "data maxResults nextToken totalCount",
    users::RemoveUserFromOrganizationalUnitsRequest => "organizationalUnitIds",
    users::SetUserPrimaryOrganizationalUnitRequest => "organizationalUnitId",
    users::UpdateUserPasswordRequest => "password",
    users::GroupMembership => "groupId groupMemberRelationSourceId groupMemberRelationSourceType instanceId",
    users::GetUserResponse => "accountExpireTime createTime customFields description displayName email emailVerified groups instanceId lockExpireTime organizationalUnits passwordSet phoneNumber phoneNumberVerified phoneRegion primaryOrganizationalUnitId registerTime status updateTime userExternalId userId userSourceId userSourceType username",
    users::ListUsersQuery => "organizationalUnitId pageNumber pageSize",
    users::ListUsersResponse => "data totalCount",
    users::UserGroup => "description groupId groupName",
    users::UserOrganizationalUnit => "organizationalUnitId organizationalUnitName primary",
    users::UserSummary => "accountExpireTime createTime description displayName email emailVerified instanceId lockExpireTime passwordSet phoneNumber phoneNumberVerified phoneRegion registerTime status updateTime userExternalId userId userSourceId userSourceType username",
}
