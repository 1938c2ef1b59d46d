//! The 52 operations: each wire operation type implements [`Endpoint`] (decode, then handle),
//! so its route, method and types come from the shared `Operation` definition.

mod groups;
mod memberships;
mod oauth;
mod ous;
mod pam;
mod user_fields;
mod users;

use std::any::TypeId;
use std::collections::HashMap;

use axum::http::HeaderMap;
use serde::de::DeserializeOwned;

use super::auth::Caller;
use super::decode;
use super::error::ApiError;
use super::shared::Shared;
use eiam_api::{NoBody, Operation};

/// One request, after the access checks.
pub struct Cx<'a> {
    pub shared: &'a Shared,
    /// The bearer caller (`None` for the anonymous operations).
    pub caller: Option<Caller>,
    pub params: &'a HashMap<String, String>,
    pub headers: &'a HeaderMap,
    pub raw_query: Option<&'a str>,
    pub body: &'a [u8],
}

impl Cx<'_> {
    /// A path parameter (routing guarantees the ones of the operation's path).
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// The application the call acts for: the path's, else the token's.
    pub fn app(&self) -> &str {
        match (self.params.get("applicationId"), &self.caller) {
            (Some(app), _) => app,
            (None, Some(c)) => &c.app,
            (None, None) => &self.shared.main_app,
        }
    }

    /// The authenticated user of a user token, if any.
    pub fn subject(&self) -> Option<&str> {
        self.caller.as_ref().and_then(|c| c.subject.as_deref())
    }

    /// The URL query decoded as `Q`.
    pub fn query<Q: DeserializeOwned>(&self) -> Result<Q, ApiError> {
        decode::query(self.raw_query)
    }

    /// The JSON body decoded as `B` (operations without a body ignore whatever was sent).
    pub fn body<B: DeserializeOwned + 'static>(&self) -> Result<B, ApiError> {
        if TypeId::of::<B>() == TypeId::of::<NoBody>() {
            return decode::json(b"{}");
        }
        decode::json(self.body)
    }
}

/// An operation the emulator serves.
pub trait Endpoint: Operation<Body: 'static> + Send + Sync + 'static {
    /// Reads the inputs; the default takes the URL query and the JSON body.
    fn decode(cx: &Cx<'_>) -> Result<(Self::Query, Self::Body), ApiError> {
        Ok((cx.query()?, cx.body()?))
    }

    /// Validates and performs the operation.
    fn handle(
        cx: &Cx<'_>,
        query: Self::Query,
        body: Self::Body,
    ) -> Result<Self::Response, ApiError>;
}

/// Calls `f` with each endpoint type, in `ops::ALL` order.
macro_rules! for_each_endpoint {
    ($f:ident) => {{
        use ::eiam_api::ops::*;
        $f!(
            AddUserToOrganizationalUnits,
            AddUsersToGroup,
            CreateGroup,
            CreateOrganizationalUnit,
            CreateUser,
            CreateUserExclusiveCredential,
            DeleteGroup,
            DeleteOrganizationalUnit,
            DeleteUser,
            DisableUser,
            EnableUser,
            FetchOAuthAuthenticationToken,
            GenerateDeviceCode,
            GenerateJwtAuthenticationToken,
            GenerateToken,
            GenerateTokenByAuthorizationServer,
            GetApplicationProvisioningScope,
            GetGroup,
            GetOAuthAuthorizationSession,
            GetOrganizationalUnit,
            GetOrganizationalUnitIdByExternalId,
            GetUser,
            GetUserIdByEmail,
            GetUserIdByPhoneNumber,
            GetUserIdByUserExternalId,
            GetUserIdByUsername,
            GetUserInfo,
            ListAuthenticationTokens,
            ListGroups,
            ListGroupsForUser,
            ListOrganizationalUnitParentIds,
            ListOrganizationalUnits,
            ListUsers,
            ListUsersForGroup,
            ObtainCloudAccountRoleAccessCredential,
            ObtainCredential,
            ObtainJwtAuthenticationToken,
            ObtainJwtAuthenticationTokenByDerivedShortToken,
            PatchGroup,
            PatchOrganizationalUnit,
            PatchOrganizationalUnitParentId,
            PatchUser,
            ReinstateAuthenticationToken,
            ReinstateAuthenticationTokenByConsumer,
            RemoveUserFromOrganizationalUnits,
            RemoveUsersFromGroup,
            RevokeAuthenticationToken,
            RevokeAuthenticationTokenByConsumer,
            RevokeToken,
            SetUserPrimaryOrganizationalUnit,
            UpdateUserPassword,
            ValidateAuthenticationToken
        )
    }};
}
pub(crate) use for_each_endpoint;

#[cfg(test)]
mod tests {
    use eiam_api::Operation;
    use eiam_api::ops::ALL;

    #[test]
    fn every_operation_is_an_endpoint() {
        macro_rules! actions {
            ($($op:ident),*) => { vec![$(<$op as Operation>::ACTION),*] };
        }
        let served: Vec<&str> = for_each_endpoint!(actions);
        let all: Vec<&str> = ALL.iter().map(|(a, ..)| *a).collect();
        assert_eq!(served, all);
        assert_eq!(served.len(), 52);
    }
}
