//! Every operation of the API as a marker type (action, method, path, auth, wire types).

use super::{Empty, HttpMethod, NoBody, NoQuery, Operation};
use super::{groups, oauth, organizational_units, pam, scope, users};

/// Declare operation marker types: `Name: METHOD "path", bearer, Query, Body => Response;`.
macro_rules! operations {
    ($($name:ident: $method:ident $path:literal, $bearer:literal, $query:ty, $body:ty => $response:ty;)+) => {
        $(
            #[doc = concat!("`", stringify!($method), " ", $path, "`")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl Operation for $name {
                const ACTION: &'static str = stringify!($name);
                const METHOD: HttpMethod = HttpMethod::$method;
                const PATH: &'static str = $path;
                const BEARER: bool = $bearer;
                type Query = $query;
                type Body = $body;
                type Response = $response;
            }
        )+

        /// Every operation: (action, method, path template, bearer).
        pub const ALL: &[(&str, HttpMethod, &str, bool)] = &[
            $(($name::ACTION, $name::METHOD, $name::PATH, $name::BEARER),)+
        ];
    };
}

operations! {
    AddUserToOrganizationalUnits: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/addUserToOrganizationalUnits", true,
        NoQuery, users::AddUserToOrganizationalUnitsRequest => Empty;
    AddUsersToGroup: Post "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/addUsersToGroup", true,
        NoQuery, groups::AddUsersToGroupRequest => Empty;
    CreateGroup: Post "/v2/{instanceId}/{applicationId}/groups", true,
        NoQuery, groups::CreateGroupRequest => groups::CreateGroupResponse;
    CreateOrganizationalUnit: Post "/v2/{instanceId}/{applicationId}/organizationalUnits", true,
        NoQuery, organizational_units::CreateOrganizationalUnitRequest => organizational_units::CreateOrganizationalUnitResponse;
    CreateUser: Post "/v2/{instanceId}/{applicationId}/users", true,
        NoQuery, users::CreateUserRequest => users::CreateUserResponse;
    CreateUserExclusiveCredential: Post "/v2/{instanceId}/credentials/_/actions/createUserExclusive", true,
        NoQuery, pam::CreateUserExclusiveCredentialRequest => pam::CreateUserExclusiveCredentialResponse;
    DeleteGroup: Delete "/v2/{instanceId}/{applicationId}/groups/{groupId}", true,
        NoQuery, NoBody => Empty;
    DeleteOrganizationalUnit: Delete "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}", true,
        NoQuery, NoBody => Empty;
    DeleteUser: Delete "/v2/{instanceId}/{applicationId}/users/{userId}", true,
        NoQuery, NoBody => Empty;
    DisableUser: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/disable", true,
        NoQuery, NoBody => Empty;
    EnableUser: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/enable", true,
        NoQuery, NoBody => Empty;
    FetchOAuthAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/fetchOAuthAccessToken", true,
        NoQuery, pam::FetchOAuthAuthenticationTokenRequest => pam::OAuthAuthenticationToken;
    GenerateDeviceCode: Post "/v2/{instanceId}/{applicationId}/oauth2/device/code", false,
        oauth::GenerateDeviceCodeQuery, NoBody => oauth::GenerateDeviceCodeResponse;
    GenerateJwtAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/generateJwt", true,
        NoQuery, pam::GenerateJwtAuthenticationTokenRequest => pam::JwtAuthenticationToken;
    GenerateToken: Post "/v2/{instanceId}/{applicationId}/oauth2/token", false,
        oauth::GenerateTokenQuery, NoBody => oauth::GenerateTokenResponse;
    GenerateTokenByAuthorizationServer: Post "/v2/{instanceId}/authorizationServer/{authorizationServerId}/oauth2/token", false,
        oauth::GenerateTokenByAuthorizationServerQuery, NoBody => oauth::GenerateTokenByAuthorizationServerResponse;
    GetApplicationProvisioningScope: Get "/v2/{instanceId}/{applicationId}/provisioningScope", true,
        NoQuery, NoBody => scope::GetApplicationProvisioningScopeResponse;
    GetGroup: Get "/v2/{instanceId}/{applicationId}/groups/{groupId}", true,
        NoQuery, NoBody => groups::Group;
    GetOAuthAuthorizationSession: Post "/v2/{instanceId}/oauthAuthorizationSessions/_/actions/get", true,
        NoQuery, pam::GetOAuthAuthorizationSessionRequest => pam::GetOAuthAuthorizationSessionResponse;
    GetOrganizationalUnit: Get "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}", true,
        NoQuery, NoBody => organizational_units::OrganizationalUnit;
    GetOrganizationalUnitIdByExternalId: Post "/v2/{instanceId}/{applicationId}/organizationalUnits/_/actions/getOrganizationalUnitIdByExternalId", true,
        NoQuery, organizational_units::GetOrganizationalUnitIdByExternalIdRequest => organizational_units::GetOrganizationalUnitIdByExternalIdResponse;
    GetUser: Get "/v2/{instanceId}/{applicationId}/users/{userId}", true,
        NoQuery, NoBody => users::GetUserResponse;
    GetUserIdByEmail: Post "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByEmail", true,
        NoQuery, users::GetUserIdByEmailRequest => users::GetUserIdByEmailResponse;
    GetUserIdByPhoneNumber: Post "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByPhoneNumber", true,
        NoQuery, users::GetUserIdByPhoneNumberRequest => users::GetUserIdByPhoneNumberResponse;
    GetUserIdByUserExternalId: Post "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByExternalId", true,
        NoQuery, users::GetUserIdByUserExternalIdRequest => users::GetUserIdByUserExternalIdResponse;
    GetUserIdByUsername: Post "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByUsername", true,
        NoQuery, users::GetUserIdByUsernameRequest => users::GetUserIdByUsernameResponse;
    GetUserInfo: Get "/v2/{instanceId}/{applicationId}/oauth2/userinfo", true,
        NoQuery, NoBody => super::UserInfo;
    ListAuthenticationTokens: Get "/v2/{instanceId}/authenticationTokens", true,
        pam::ListAuthenticationTokensQuery, NoBody => pam::ListAuthenticationTokensResponse;
    ListGroups: Get "/v2/{instanceId}/{applicationId}/groups", true,
        groups::ListGroupsQuery, NoBody => groups::ListGroupsResponse;
    ListGroupsForUser: Get "/v2/{instanceId}/{applicationId}/users/{userId}/actions/listGroupsForUser", true,
        users::ListGroupsForUserQuery, NoBody => users::ListGroupsForUserResponse;
    ListOrganizationalUnitParentIds: Get "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentIds", true,
        NoQuery, NoBody => organizational_units::ListOrganizationalUnitParentIdsResponse;
    ListOrganizationalUnits: Get "/v2/{instanceId}/{applicationId}/organizationalUnits", true,
        organizational_units::ListOrganizationalUnitsQuery, NoBody => organizational_units::ListOrganizationalUnitsResponse;
    ListUsers: Get "/v2/{instanceId}/{applicationId}/users", true,
        users::ListUsersQuery, NoBody => users::ListUsersResponse;
    ListUsersForGroup: Get "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/listUsersForGroup", true,
        groups::ListUsersForGroupQuery, NoBody => groups::ListUsersForGroupResponse;
    ObtainCloudAccountRoleAccessCredential: Get "/v2/{instanceId}/cloudAccountRoles/_/actions/obtainAccessCredential", true,
        pam::ObtainCloudAccountRoleAccessCredentialQuery, NoBody => pam::ObtainCloudAccountRoleAccessCredentialResponse;
    ObtainCredential: Get "/v2/{instanceId}/credentials/_/actions/obtain", true,
        pam::ObtainCredentialQuery, NoBody => pam::ObtainCredentialResponse;
    ObtainJwtAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/obtainJwt", true,
        NoQuery, pam::ObtainJwtAuthenticationTokenRequest => pam::JwtAuthenticationToken;
    ObtainJwtAuthenticationTokenByDerivedShortToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/obtainJwtByDerivedShortToken", false,
        NoQuery, pam::ObtainJwtAuthenticationTokenByDerivedShortTokenRequest => pam::JwtAuthenticationToken;
    PatchGroup: Patch "/v2/{instanceId}/{applicationId}/groups/{groupId}", true,
        NoQuery, groups::PatchGroupRequest => Empty;
    PatchOrganizationalUnit: Patch "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}", true,
        NoQuery, organizational_units::PatchOrganizationalUnitRequest => Empty;
    PatchOrganizationalUnitParentId: Patch "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentId", true,
        NoQuery, organizational_units::PatchOrganizationalUnitParentIdRequest => Empty;
    PatchUser: Patch "/v2/{instanceId}/{applicationId}/users/{userId}", true,
        NoQuery, users::PatchUserRequest => Empty;
    ReinstateAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/reinstate", true,
        NoQuery, pam::ReinstateAuthenticationTokenRequest => Empty;
    ReinstateAuthenticationTokenByConsumer: Post "/v2/{instanceId}/authenticationTokens/_/actions/reinstateByConsumer", true,
        NoQuery, pam::ReinstateAuthenticationTokenByConsumerRequest => Empty;
    RemoveUserFromOrganizationalUnits: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/removeUserFromOrganizationalUnits", true,
        NoQuery, users::RemoveUserFromOrganizationalUnitsRequest => Empty;
    RemoveUsersFromGroup: Post "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/removeUsersFromGroup", true,
        NoQuery, groups::RemoveUsersFromGroupRequest => Empty;
    RevokeAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/revoke", true,
        NoQuery, pam::RevokeAuthenticationTokenRequest => Empty;
    RevokeAuthenticationTokenByConsumer: Post "/v2/{instanceId}/authenticationTokens/_/actions/revokeByConsumer", true,
        NoQuery, pam::RevokeAuthenticationTokenByConsumerRequest => Empty;
    RevokeToken: Post "/v2/{instanceId}/{applicationId}/oauth2/revoke", false,
        oauth::RevokeTokenQuery, NoBody => Empty;
    SetUserPrimaryOrganizationalUnit: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/setUserPrimaryOrganizationalUnit", true,
        NoQuery, users::SetUserPrimaryOrganizationalUnitRequest => Empty;
    UpdateUserPassword: Post "/v2/{instanceId}/{applicationId}/users/{userId}/actions/updateUserPassword", true,
        NoQuery, users::UpdateUserPasswordRequest => Empty;
    ValidateAuthenticationToken: Post "/v2/{instanceId}/authenticationTokens/_/actions/validate", false,
        NoQuery, pam::ValidateAuthenticationTokenRequest => pam::ValidateAuthenticationTokenResponse;
}
