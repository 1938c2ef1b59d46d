//! Every operation of the API as a marker type (action, method, path, auth, wire types).

use super::{Empty, HttpMethod, NoBody, NoQuery, Operation};
use super::{groups, oauth, organizational_units, pam, scope, users};

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/addUserToOrganizationalUnits`
#[derive(Debug, Clone, Copy)]
pub struct AddUserToOrganizationalUnits;
impl Operation for AddUserToOrganizationalUnits {
    const ACTION: &'static str = "AddUserToOrganizationalUnits";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/{userId}/actions/addUserToOrganizationalUnits";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::AddUserToOrganizationalUnitsRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/groups/{groupId}/actions/addUsersToGroup`
#[derive(Debug, Clone, Copy)]
pub struct AddUsersToGroup;
impl Operation for AddUsersToGroup {
    const ACTION: &'static str = "AddUsersToGroup";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/addUsersToGroup";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = groups::AddUsersToGroupRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/groups`
#[derive(Debug, Clone, Copy)]
pub struct CreateGroup;
impl Operation for CreateGroup {
    const ACTION: &'static str = "CreateGroup";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/groups";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = groups::CreateGroupRequest;
    type Response = groups::CreateGroupResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/organizationalUnits`
#[derive(Debug, Clone, Copy)]
pub struct CreateOrganizationalUnit;
impl Operation for CreateOrganizationalUnit {
    const ACTION: &'static str = "CreateOrganizationalUnit";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/organizationalUnits";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = organizational_units::CreateOrganizationalUnitRequest;
    type Response = organizational_units::CreateOrganizationalUnitResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/users`
#[derive(Debug, Clone, Copy)]
pub struct CreateUser;
impl Operation for CreateUser {
    const ACTION: &'static str = "CreateUser";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::CreateUserRequest;
    type Response = users::CreateUserResponse;
}

/// `POST /v2/{instanceId}/credentials/_/actions/createUserExclusive`
#[derive(Debug, Clone, Copy)]
pub struct CreateUserExclusiveCredential;
impl Operation for CreateUserExclusiveCredential {
    const ACTION: &'static str = "CreateUserExclusiveCredential";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/credentials/_/actions/createUserExclusive";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::CreateUserExclusiveCredentialRequest;
    type Response = pam::CreateUserExclusiveCredentialResponse;
}

/// `DELETE /v2/{instanceId}/{applicationId}/groups/{groupId}`
#[derive(Debug, Clone, Copy)]
pub struct DeleteGroup;
impl Operation for DeleteGroup {
    const ACTION: &'static str = "DeleteGroup";
    const METHOD: HttpMethod = HttpMethod::Delete;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/groups/{groupId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `DELETE /v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}`
#[derive(Debug, Clone, Copy)]
pub struct DeleteOrganizationalUnit;
impl Operation for DeleteOrganizationalUnit {
    const ACTION: &'static str = "DeleteOrganizationalUnit";
    const METHOD: HttpMethod = HttpMethod::Delete;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `DELETE /v2/{instanceId}/{applicationId}/users/{userId}`
#[derive(Debug, Clone, Copy)]
pub struct DeleteUser;
impl Operation for DeleteUser {
    const ACTION: &'static str = "DeleteUser";
    const METHOD: HttpMethod = HttpMethod::Delete;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/{userId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/disable`
#[derive(Debug, Clone, Copy)]
pub struct DisableUser;
impl Operation for DisableUser {
    const ACTION: &'static str = "DisableUser";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/{userId}/actions/disable";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/enable`
#[derive(Debug, Clone, Copy)]
pub struct EnableUser;
impl Operation for EnableUser {
    const ACTION: &'static str = "EnableUser";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/{userId}/actions/enable";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/fetchOAuthAccessToken`
#[derive(Debug, Clone, Copy)]
pub struct FetchOAuthAuthenticationToken;
impl Operation for FetchOAuthAuthenticationToken {
    const ACTION: &'static str = "FetchOAuthAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/authenticationTokens/_/actions/fetchOAuthAccessToken";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::FetchOAuthAuthenticationTokenRequest;
    type Response = pam::OAuthAuthenticationToken;
}

/// `POST /v2/{instanceId}/{applicationId}/oauth2/device/code`
#[derive(Debug, Clone, Copy)]
pub struct GenerateDeviceCode;
impl Operation for GenerateDeviceCode {
    const ACTION: &'static str = "GenerateDeviceCode";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/oauth2/device/code";
    const BEARER: bool = false;
    type Query = oauth::GenerateDeviceCodeQuery;
    type Body = NoBody;
    type Response = oauth::GenerateDeviceCodeResponse;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/generateJwt`
#[derive(Debug, Clone, Copy)]
pub struct GenerateJwtAuthenticationToken;
impl Operation for GenerateJwtAuthenticationToken {
    const ACTION: &'static str = "GenerateJwtAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/generateJwt";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::GenerateJwtAuthenticationTokenRequest;
    type Response = pam::JwtAuthenticationToken;
}

/// `POST /v2/{instanceId}/{applicationId}/oauth2/token`
#[derive(Debug, Clone, Copy)]
pub struct GenerateToken;
impl Operation for GenerateToken {
    const ACTION: &'static str = "GenerateToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/oauth2/token";
    const BEARER: bool = false;
    type Query = oauth::GenerateTokenQuery;
    type Body = NoBody;
    type Response = oauth::GenerateTokenResponse;
}

/// `POST /v2/{instanceId}/authorizationServer/{authorizationServerId}/oauth2/token`
#[derive(Debug, Clone, Copy)]
pub struct GenerateTokenByAuthorizationServer;
impl Operation for GenerateTokenByAuthorizationServer {
    const ACTION: &'static str = "GenerateTokenByAuthorizationServer";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/authorizationServer/{authorizationServerId}/oauth2/token";
    const BEARER: bool = false;
    type Query = oauth::GenerateTokenByAuthorizationServerQuery;
    type Body = NoBody;
    type Response = oauth::GenerateTokenByAuthorizationServerResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/provisioningScope`
#[derive(Debug, Clone, Copy)]
pub struct GetApplicationProvisioningScope;
impl Operation for GetApplicationProvisioningScope {
    const ACTION: &'static str = "GetApplicationProvisioningScope";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/provisioningScope";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = scope::GetApplicationProvisioningScopeResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/groups/{groupId}`
#[derive(Debug, Clone, Copy)]
pub struct GetGroup;
impl Operation for GetGroup {
    const ACTION: &'static str = "GetGroup";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/groups/{groupId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = groups::Group;
}

/// `POST /v2/{instanceId}/oauthAuthorizationSessions/_/actions/get`
#[derive(Debug, Clone, Copy)]
pub struct GetOAuthAuthorizationSession;
impl Operation for GetOAuthAuthorizationSession {
    const ACTION: &'static str = "GetOAuthAuthorizationSession";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/oauthAuthorizationSessions/_/actions/get";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::GetOAuthAuthorizationSessionRequest;
    type Response = pam::GetOAuthAuthorizationSessionResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}`
#[derive(Debug, Clone, Copy)]
pub struct GetOrganizationalUnit;
impl Operation for GetOrganizationalUnit {
    const ACTION: &'static str = "GetOrganizationalUnit";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = organizational_units::OrganizationalUnit;
}

/// `POST /v2/{instanceId}/{applicationId}/organizationalUnits/_/actions/getOrganizationalUnitIdByExternalId`
#[derive(Debug, Clone, Copy)]
pub struct GetOrganizationalUnitIdByExternalId;
impl Operation for GetOrganizationalUnitIdByExternalId {
    const ACTION: &'static str = "GetOrganizationalUnitIdByExternalId";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/organizationalUnits/_/actions/getOrganizationalUnitIdByExternalId";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = organizational_units::GetOrganizationalUnitIdByExternalIdRequest;
    type Response = organizational_units::GetOrganizationalUnitIdByExternalIdResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/users/{userId}`
#[derive(Debug, Clone, Copy)]
pub struct GetUser;
impl Operation for GetUser {
    const ACTION: &'static str = "GetUser";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/{userId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = users::GetUserResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByEmail`
#[derive(Debug, Clone, Copy)]
pub struct GetUserIdByEmail;
impl Operation for GetUserIdByEmail {
    const ACTION: &'static str = "GetUserIdByEmail";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByEmail";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::GetUserIdByEmailRequest;
    type Response = users::GetUserIdByEmailResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByPhoneNumber`
#[derive(Debug, Clone, Copy)]
pub struct GetUserIdByPhoneNumber;
impl Operation for GetUserIdByPhoneNumber {
    const ACTION: &'static str = "GetUserIdByPhoneNumber";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByPhoneNumber";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::GetUserIdByPhoneNumberRequest;
    type Response = users::GetUserIdByPhoneNumberResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByExternalId`
#[derive(Debug, Clone, Copy)]
pub struct GetUserIdByUserExternalId;
impl Operation for GetUserIdByUserExternalId {
    const ACTION: &'static str = "GetUserIdByUserExternalId";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByExternalId";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::GetUserIdByUserExternalIdRequest;
    type Response = users::GetUserIdByUserExternalIdResponse;
}

/// `POST /v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByUsername`
#[derive(Debug, Clone, Copy)]
pub struct GetUserIdByUsername;
impl Operation for GetUserIdByUsername {
    const ACTION: &'static str = "GetUserIdByUsername";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/_/actions/getUserIdByUsername";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::GetUserIdByUsernameRequest;
    type Response = users::GetUserIdByUsernameResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/oauth2/userinfo`
#[derive(Debug, Clone, Copy)]
pub struct GetUserInfo;
impl Operation for GetUserInfo {
    const ACTION: &'static str = "GetUserInfo";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/oauth2/userinfo";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = super::UserInfo;
}

/// `GET /v2/{instanceId}/authenticationTokens`
#[derive(Debug, Clone, Copy)]
pub struct ListAuthenticationTokens;
impl Operation for ListAuthenticationTokens {
    const ACTION: &'static str = "ListAuthenticationTokens";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens";
    const BEARER: bool = true;
    type Query = pam::ListAuthenticationTokensQuery;
    type Body = NoBody;
    type Response = pam::ListAuthenticationTokensResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/groups`
#[derive(Debug, Clone, Copy)]
pub struct ListGroups;
impl Operation for ListGroups {
    const ACTION: &'static str = "ListGroups";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/groups";
    const BEARER: bool = true;
    type Query = groups::ListGroupsQuery;
    type Body = NoBody;
    type Response = groups::ListGroupsResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/users/{userId}/actions/listGroupsForUser`
#[derive(Debug, Clone, Copy)]
pub struct ListGroupsForUser;
impl Operation for ListGroupsForUser {
    const ACTION: &'static str = "ListGroupsForUser";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/{userId}/actions/listGroupsForUser";
    const BEARER: bool = true;
    type Query = users::ListGroupsForUserQuery;
    type Body = NoBody;
    type Response = users::ListGroupsForUserResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentIds`
#[derive(Debug, Clone, Copy)]
pub struct ListOrganizationalUnitParentIds;
impl Operation for ListOrganizationalUnitParentIds {
    const ACTION: &'static str = "ListOrganizationalUnitParentIds";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentIds";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = NoBody;
    type Response = organizational_units::ListOrganizationalUnitParentIdsResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/organizationalUnits`
#[derive(Debug, Clone, Copy)]
pub struct ListOrganizationalUnits;
impl Operation for ListOrganizationalUnits {
    const ACTION: &'static str = "ListOrganizationalUnits";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/organizationalUnits";
    const BEARER: bool = true;
    type Query = organizational_units::ListOrganizationalUnitsQuery;
    type Body = NoBody;
    type Response = organizational_units::ListOrganizationalUnitsResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/users`
#[derive(Debug, Clone, Copy)]
pub struct ListUsers;
impl Operation for ListUsers {
    const ACTION: &'static str = "ListUsers";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users";
    const BEARER: bool = true;
    type Query = users::ListUsersQuery;
    type Body = NoBody;
    type Response = users::ListUsersResponse;
}

/// `GET /v2/{instanceId}/{applicationId}/groups/{groupId}/actions/listUsersForGroup`
#[derive(Debug, Clone, Copy)]
pub struct ListUsersForGroup;
impl Operation for ListUsersForGroup {
    const ACTION: &'static str = "ListUsersForGroup";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/listUsersForGroup";
    const BEARER: bool = true;
    type Query = groups::ListUsersForGroupQuery;
    type Body = NoBody;
    type Response = groups::ListUsersForGroupResponse;
}

/// `GET /v2/{instanceId}/cloudAccountRoles/_/actions/obtainAccessCredential`
#[derive(Debug, Clone, Copy)]
pub struct ObtainCloudAccountRoleAccessCredential;
impl Operation for ObtainCloudAccountRoleAccessCredential {
    const ACTION: &'static str = "ObtainCloudAccountRoleAccessCredential";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str =
        "/v2/{instanceId}/cloudAccountRoles/_/actions/obtainAccessCredential";
    const BEARER: bool = true;
    type Query = pam::ObtainCloudAccountRoleAccessCredentialQuery;
    type Body = NoBody;
    type Response = pam::ObtainCloudAccountRoleAccessCredentialResponse;
}

/// `GET /v2/{instanceId}/credentials/_/actions/obtain`
#[derive(Debug, Clone, Copy)]
pub struct ObtainCredential;
impl Operation for ObtainCredential {
    const ACTION: &'static str = "ObtainCredential";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH: &'static str = "/v2/{instanceId}/credentials/_/actions/obtain";
    const BEARER: bool = true;
    type Query = pam::ObtainCredentialQuery;
    type Body = NoBody;
    type Response = pam::ObtainCredentialResponse;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/obtainJwt`
#[derive(Debug, Clone, Copy)]
pub struct ObtainJwtAuthenticationToken;
impl Operation for ObtainJwtAuthenticationToken {
    const ACTION: &'static str = "ObtainJwtAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/obtainJwt";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::ObtainJwtAuthenticationTokenRequest;
    type Response = pam::JwtAuthenticationToken;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/obtainJwtByDerivedShortToken`
#[derive(Debug, Clone, Copy)]
pub struct ObtainJwtAuthenticationTokenByDerivedShortToken;
impl Operation for ObtainJwtAuthenticationTokenByDerivedShortToken {
    const ACTION: &'static str = "ObtainJwtAuthenticationTokenByDerivedShortToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/authenticationTokens/_/actions/obtainJwtByDerivedShortToken";
    const BEARER: bool = false;
    type Query = NoQuery;
    type Body = pam::ObtainJwtAuthenticationTokenByDerivedShortTokenRequest;
    type Response = pam::JwtAuthenticationToken;
}

/// `PATCH /v2/{instanceId}/{applicationId}/groups/{groupId}`
#[derive(Debug, Clone, Copy)]
pub struct PatchGroup;
impl Operation for PatchGroup {
    const ACTION: &'static str = "PatchGroup";
    const METHOD: HttpMethod = HttpMethod::Patch;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/groups/{groupId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = groups::PatchGroupRequest;
    type Response = Empty;
}

/// `PATCH /v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}`
#[derive(Debug, Clone, Copy)]
pub struct PatchOrganizationalUnit;
impl Operation for PatchOrganizationalUnit {
    const ACTION: &'static str = "PatchOrganizationalUnit";
    const METHOD: HttpMethod = HttpMethod::Patch;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = organizational_units::PatchOrganizationalUnitRequest;
    type Response = Empty;
}

/// `PATCH /v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentId`
#[derive(Debug, Clone, Copy)]
pub struct PatchOrganizationalUnitParentId;
impl Operation for PatchOrganizationalUnitParentId {
    const ACTION: &'static str = "PatchOrganizationalUnitParentId";
    const METHOD: HttpMethod = HttpMethod::Patch;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/organizationalUnits/{organizationalUnitId}/parentId";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = organizational_units::PatchOrganizationalUnitParentIdRequest;
    type Response = Empty;
}

/// `PATCH /v2/{instanceId}/{applicationId}/users/{userId}`
#[derive(Debug, Clone, Copy)]
pub struct PatchUser;
impl Operation for PatchUser {
    const ACTION: &'static str = "PatchUser";
    const METHOD: HttpMethod = HttpMethod::Patch;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/users/{userId}";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::PatchUserRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/reinstate`
#[derive(Debug, Clone, Copy)]
pub struct ReinstateAuthenticationToken;
impl Operation for ReinstateAuthenticationToken {
    const ACTION: &'static str = "ReinstateAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/reinstate";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::ReinstateAuthenticationTokenRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/reinstateByConsumer`
#[derive(Debug, Clone, Copy)]
pub struct ReinstateAuthenticationTokenByConsumer;
impl Operation for ReinstateAuthenticationTokenByConsumer {
    const ACTION: &'static str = "ReinstateAuthenticationTokenByConsumer";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/authenticationTokens/_/actions/reinstateByConsumer";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::ReinstateAuthenticationTokenByConsumerRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/removeUserFromOrganizationalUnits`
#[derive(Debug, Clone, Copy)]
pub struct RemoveUserFromOrganizationalUnits;
impl Operation for RemoveUserFromOrganizationalUnits {
    const ACTION: &'static str = "RemoveUserFromOrganizationalUnits";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/{userId}/actions/removeUserFromOrganizationalUnits";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::RemoveUserFromOrganizationalUnitsRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/groups/{groupId}/actions/removeUsersFromGroup`
#[derive(Debug, Clone, Copy)]
pub struct RemoveUsersFromGroup;
impl Operation for RemoveUsersFromGroup {
    const ACTION: &'static str = "RemoveUsersFromGroup";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/groups/{groupId}/actions/removeUsersFromGroup";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = groups::RemoveUsersFromGroupRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/revoke`
#[derive(Debug, Clone, Copy)]
pub struct RevokeAuthenticationToken;
impl Operation for RevokeAuthenticationToken {
    const ACTION: &'static str = "RevokeAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/revoke";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::RevokeAuthenticationTokenRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/revokeByConsumer`
#[derive(Debug, Clone, Copy)]
pub struct RevokeAuthenticationTokenByConsumer;
impl Operation for RevokeAuthenticationTokenByConsumer {
    const ACTION: &'static str = "RevokeAuthenticationTokenByConsumer";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/revokeByConsumer";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = pam::RevokeAuthenticationTokenByConsumerRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/oauth2/revoke`
#[derive(Debug, Clone, Copy)]
pub struct RevokeToken;
impl Operation for RevokeToken {
    const ACTION: &'static str = "RevokeToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/{applicationId}/oauth2/revoke";
    const BEARER: bool = false;
    type Query = oauth::RevokeTokenQuery;
    type Body = NoBody;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/setUserPrimaryOrganizationalUnit`
#[derive(Debug, Clone, Copy)]
pub struct SetUserPrimaryOrganizationalUnit;
impl Operation for SetUserPrimaryOrganizationalUnit {
    const ACTION: &'static str = "SetUserPrimaryOrganizationalUnit";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/{userId}/actions/setUserPrimaryOrganizationalUnit";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::SetUserPrimaryOrganizationalUnitRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/{applicationId}/users/{userId}/actions/updateUserPassword`
#[derive(Debug, Clone, Copy)]
pub struct UpdateUserPassword;
impl Operation for UpdateUserPassword {
    const ACTION: &'static str = "UpdateUserPassword";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str =
        "/v2/{instanceId}/{applicationId}/users/{userId}/actions/updateUserPassword";
    const BEARER: bool = true;
    type Query = NoQuery;
    type Body = users::UpdateUserPasswordRequest;
    type Response = Empty;
}

/// `POST /v2/{instanceId}/authenticationTokens/_/actions/validate`
#[derive(Debug, Clone, Copy)]
pub struct ValidateAuthenticationToken;
impl Operation for ValidateAuthenticationToken {
    const ACTION: &'static str = "ValidateAuthenticationToken";
    const METHOD: HttpMethod = HttpMethod::Post;
    const PATH: &'static str = "/v2/{instanceId}/authenticationTokens/_/actions/validate";
    const BEARER: bool = false;
    type Query = NoQuery;
    type Body = pam::ValidateAuthenticationTokenRequest;
    type Response = pam::ValidateAuthenticationTokenResponse;
}

/// Every operation: (action, method, path template, bearer).
pub const ALL: &[(&str, HttpMethod, &str, bool)] = &[
    (
        AddUserToOrganizationalUnits::ACTION,
        AddUserToOrganizationalUnits::METHOD,
        AddUserToOrganizationalUnits::PATH,
        AddUserToOrganizationalUnits::BEARER,
    ),
    (
        AddUsersToGroup::ACTION,
        AddUsersToGroup::METHOD,
        AddUsersToGroup::PATH,
        AddUsersToGroup::BEARER,
    ),
    (
        CreateGroup::ACTION,
        CreateGroup::METHOD,
        CreateGroup::PATH,
        CreateGroup::BEARER,
    ),
    (
        CreateOrganizationalUnit::ACTION,
        CreateOrganizationalUnit::METHOD,
        CreateOrganizationalUnit::PATH,
        CreateOrganizationalUnit::BEARER,
    ),
    (
        CreateUser::ACTION,
        CreateUser::METHOD,
        CreateUser::PATH,
        CreateUser::BEARER,
    ),
    (
        CreateUserExclusiveCredential::ACTION,
        CreateUserExclusiveCredential::METHOD,
        CreateUserExclusiveCredential::PATH,
        CreateUserExclusiveCredential::BEARER,
    ),
    (
        DeleteGroup::ACTION,
        DeleteGroup::METHOD,
        DeleteGroup::PATH,
        DeleteGroup::BEARER,
    ),
    (
        DeleteOrganizationalUnit::ACTION,
        DeleteOrganizationalUnit::METHOD,
        DeleteOrganizationalUnit::PATH,
        DeleteOrganizationalUnit::BEARER,
    ),
    (
        DeleteUser::ACTION,
        DeleteUser::METHOD,
        DeleteUser::PATH,
        DeleteUser::BEARER,
    ),
    (
        DisableUser::ACTION,
        DisableUser::METHOD,
        DisableUser::PATH,
        DisableUser::BEARER,
    ),
    (
        EnableUser::ACTION,
        EnableUser::METHOD,
        EnableUser::PATH,
        EnableUser::BEARER,
    ),
    (
        FetchOAuthAuthenticationToken::ACTION,
        FetchOAuthAuthenticationToken::METHOD,
        FetchOAuthAuthenticationToken::PATH,
        FetchOAuthAuthenticationToken::BEARER,
    ),
    (
        GenerateDeviceCode::ACTION,
        GenerateDeviceCode::METHOD,
        GenerateDeviceCode::PATH,
        GenerateDeviceCode::BEARER,
    ),
    (
        GenerateJwtAuthenticationToken::ACTION,
        GenerateJwtAuthenticationToken::METHOD,
        GenerateJwtAuthenticationToken::PATH,
        GenerateJwtAuthenticationToken::BEARER,
    ),
    (
        GenerateToken::ACTION,
        GenerateToken::METHOD,
        GenerateToken::PATH,
        GenerateToken::BEARER,
    ),
    (
        GenerateTokenByAuthorizationServer::ACTION,
        GenerateTokenByAuthorizationServer::METHOD,
        GenerateTokenByAuthorizationServer::PATH,
        GenerateTokenByAuthorizationServer::BEARER,
    ),
    (
        GetApplicationProvisioningScope::ACTION,
        GetApplicationProvisioningScope::METHOD,
        GetApplicationProvisioningScope::PATH,
        GetApplicationProvisioningScope::BEARER,
    ),
    (
        GetGroup::ACTION,
        GetGroup::METHOD,
        GetGroup::PATH,
        GetGroup::BEARER,
    ),
    (
        GetOAuthAuthorizationSession::ACTION,
        GetOAuthAuthorizationSession::METHOD,
        GetOAuthAuthorizationSession::PATH,
        GetOAuthAuthorizationSession::BEARER,
    ),
    (
        GetOrganizationalUnit::ACTION,
        GetOrganizationalUnit::METHOD,
        GetOrganizationalUnit::PATH,
        GetOrganizationalUnit::BEARER,
    ),
    (
        GetOrganizationalUnitIdByExternalId::ACTION,
        GetOrganizationalUnitIdByExternalId::METHOD,
        GetOrganizationalUnitIdByExternalId::PATH,
        GetOrganizationalUnitIdByExternalId::BEARER,
    ),
    (
        GetUser::ACTION,
        GetUser::METHOD,
        GetUser::PATH,
        GetUser::BEARER,
    ),
    (
        GetUserIdByEmail::ACTION,
        GetUserIdByEmail::METHOD,
        GetUserIdByEmail::PATH,
        GetUserIdByEmail::BEARER,
    ),
    (
        GetUserIdByPhoneNumber::ACTION,
        GetUserIdByPhoneNumber::METHOD,
        GetUserIdByPhoneNumber::PATH,
        GetUserIdByPhoneNumber::BEARER,
    ),
    (
        GetUserIdByUserExternalId::ACTION,
        GetUserIdByUserExternalId::METHOD,
        GetUserIdByUserExternalId::PATH,
        GetUserIdByUserExternalId::BEARER,
    ),
    (
        GetUserIdByUsername::ACTION,
        GetUserIdByUsername::METHOD,
        GetUserIdByUsername::PATH,
        GetUserIdByUsername::BEARER,
    ),
    (
        GetUserInfo::ACTION,
        GetUserInfo::METHOD,
        GetUserInfo::PATH,
        GetUserInfo::BEARER,
    ),
    (
        ListAuthenticationTokens::ACTION,
        ListAuthenticationTokens::METHOD,
        ListAuthenticationTokens::PATH,
        ListAuthenticationTokens::BEARER,
    ),
    (
        ListGroups::ACTION,
        ListGroups::METHOD,
        ListGroups::PATH,
        ListGroups::BEARER,
    ),
    (
        ListGroupsForUser::ACTION,
        ListGroupsForUser::METHOD,
        ListGroupsForUser::PATH,
        ListGroupsForUser::BEARER,
    ),
    (
        ListOrganizationalUnitParentIds::ACTION,
        ListOrganizationalUnitParentIds::METHOD,
        ListOrganizationalUnitParentIds::PATH,
        ListOrganizationalUnitParentIds::BEARER,
    ),
    (
        ListOrganizationalUnits::ACTION,
        ListOrganizationalUnits::METHOD,
        ListOrganizationalUnits::PATH,
        ListOrganizationalUnits::BEARER,
    ),
    (
        ListUsers::ACTION,
        ListUsers::METHOD,
        ListUsers::PATH,
        ListUsers::BEARER,
    ),
    (
        ListUsersForGroup::ACTION,
        ListUsersForGroup::METHOD,
        ListUsersForGroup::PATH,
        ListUsersForGroup::BEARER,
    ),
    (
        ObtainCloudAccountRoleAccessCredential::ACTION,
        ObtainCloudAccountRoleAccessCredential::METHOD,
        ObtainCloudAccountRoleAccessCredential::PATH,
        ObtainCloudAccountRoleAccessCredential::BEARER,
    ),
    (
        ObtainCredential::ACTION,
        ObtainCredential::METHOD,
        ObtainCredential::PATH,
        ObtainCredential::BEARER,
    ),
    (
        ObtainJwtAuthenticationToken::ACTION,
        ObtainJwtAuthenticationToken::METHOD,
        ObtainJwtAuthenticationToken::PATH,
        ObtainJwtAuthenticationToken::BEARER,
    ),
    (
        ObtainJwtAuthenticationTokenByDerivedShortToken::ACTION,
        ObtainJwtAuthenticationTokenByDerivedShortToken::METHOD,
        ObtainJwtAuthenticationTokenByDerivedShortToken::PATH,
        ObtainJwtAuthenticationTokenByDerivedShortToken::BEARER,
    ),
    (
        PatchGroup::ACTION,
        PatchGroup::METHOD,
        PatchGroup::PATH,
        PatchGroup::BEARER,
    ),
    (
        PatchOrganizationalUnit::ACTION,
        PatchOrganizationalUnit::METHOD,
        PatchOrganizationalUnit::PATH,
        PatchOrganizationalUnit::BEARER,
    ),
    (
        PatchOrganizationalUnitParentId::ACTION,
        PatchOrganizationalUnitParentId::METHOD,
        PatchOrganizationalUnitParentId::PATH,
        PatchOrganizationalUnitParentId::BEARER,
    ),
    (
        PatchUser::ACTION,
        PatchUser::METHOD,
        PatchUser::PATH,
        PatchUser::BEARER,
    ),
    (
        ReinstateAuthenticationToken::ACTION,
        ReinstateAuthenticationToken::METHOD,
        ReinstateAuthenticationToken::PATH,
        ReinstateAuthenticationToken::BEARER,
    ),
    (
        ReinstateAuthenticationTokenByConsumer::ACTION,
        ReinstateAuthenticationTokenByConsumer::METHOD,
        ReinstateAuthenticationTokenByConsumer::PATH,
        ReinstateAuthenticationTokenByConsumer::BEARER,
    ),
    (
        RemoveUserFromOrganizationalUnits::ACTION,
        RemoveUserFromOrganizationalUnits::METHOD,
        RemoveUserFromOrganizationalUnits::PATH,
        RemoveUserFromOrganizationalUnits::BEARER,
    ),
    (
        RemoveUsersFromGroup::ACTION,
        RemoveUsersFromGroup::METHOD,
        RemoveUsersFromGroup::PATH,
        RemoveUsersFromGroup::BEARER,
    ),
    (
        RevokeAuthenticationToken::ACTION,
        RevokeAuthenticationToken::METHOD,
        RevokeAuthenticationToken::PATH,
        RevokeAuthenticationToken::BEARER,
    ),
    (
        RevokeAuthenticationTokenByConsumer::ACTION,
        RevokeAuthenticationTokenByConsumer::METHOD,
        RevokeAuthenticationTokenByConsumer::PATH,
        RevokeAuthenticationTokenByConsumer::BEARER,
    ),
    (
        RevokeToken::ACTION,
        RevokeToken::METHOD,
        RevokeToken::PATH,
        RevokeToken::BEARER,
    ),
    (
        SetUserPrimaryOrganizationalUnit::ACTION,
        SetUserPrimaryOrganizationalUnit::METHOD,
        SetUserPrimaryOrganizationalUnit::PATH,
        SetUserPrimaryOrganizationalUnit::BEARER,
    ),
    (
        UpdateUserPassword::ACTION,
        UpdateUserPassword::METHOD,
        UpdateUserPassword::PATH,
        UpdateUserPassword::BEARER,
    ),
    (
        ValidateAuthenticationToken::ACTION,
        ValidateAuthenticationToken::METHOD,
        ValidateAuthenticationToken::PATH,
        ValidateAuthenticationToken::BEARER,
    ),
];
