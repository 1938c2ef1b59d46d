//! What a success answer must hold before the client believes it.
//!
//! Every field of the wire types is optional (the API documents few as always present), so a
//! damaged answer — `{}`, a list without `data`, a user without OUs — decodes cleanly into a
//! value that looks like "nothing there". The engine would then see existing objects as
//! missing and create, move or re-add them. [`Answer::missing`] names, per response type, the
//! fields the engine relies on; the client refuses an answer lacking one.

use super::groups::{CreateGroupResponse, Group, ListGroupsResponse, ListUsersForGroupResponse};
use super::oauth::{
    GenerateDeviceCodeResponse, GenerateTokenByAuthorizationServerResponse, GenerateTokenResponse,
};
use super::organizational_units::{
    CreateOrganizationalUnitResponse, GetOrganizationalUnitIdByExternalIdResponse,
    ListOrganizationalUnitParentIdsResponse, ListOrganizationalUnitsResponse, OrganizationalUnit,
};
use super::pam::{
    CreateUserExclusiveCredentialResponse, GetOAuthAuthorizationSessionResponse,
    JwtAuthenticationToken, ListAuthenticationTokensResponse, OAuthAuthenticationToken,
    ObtainCloudAccountRoleAccessCredentialResponse, ObtainCredentialResponse,
    ValidateAuthenticationTokenResponse,
};
use super::scope::GetApplicationProvisioningScopeResponse;
use super::users::{
    CreateUserResponse, GetUserIdByEmailResponse, GetUserIdByPhoneNumberResponse,
    GetUserIdByUserExternalIdResponse, GetUserIdByUsernameResponse, GetUserResponse,
    ListGroupsForUserResponse, ListUsersResponse, UserSummary,
};
use super::{Empty, UserInfo};

/// The completeness rule of one response type.
pub trait Answer {
    /// An empty body (HTTP 204, or nothing at all) is this answer. Only the `{}` of writes.
    const EMPTY_IS_COMPLETE: bool = false;

    /// The first field the engine relies on that this answer lacks (`data`,
    /// `data[3].userId`, ...), or `None` when it is complete.
    fn missing(&self) -> Option<String> {
        None
    }
}

fn absent(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(str::is_empty)
}

/// The first of `fields` (name, value) that is absent or empty.
fn first_absent(fields: &[(&str, &Option<String>)]) -> Option<String> {
    fields
        .iter()
        .find(|(_, v)| absent(v))
        .map(|(name, _)| (*name).to_owned())
}

/// `data` must be there, and every item must carry what `item` requires.
fn list<T>(
    field: &str,
    data: &Option<Vec<T>>,
    item: impl Fn(&T) -> Option<String>,
) -> Option<String> {
    let Some(items) = data else {
        return Some(field.to_owned());
    };
    items
        .iter()
        .enumerate()
        .find_map(|(i, it)| item(it).map(|f| format!("{field}[{i}].{f}")))
}

fn user_summary(u: &UserSummary) -> Option<String> {
    first_absent(&[
        ("userId", &u.user_id),
        ("username", &u.username),
        ("status", &u.status),
    ])
}

fn ou(o: &OrganizationalUnit) -> Option<String> {
    first_absent(&[
        ("organizationalUnitId", &o.organizational_unit_id),
        ("organizationalUnitName", &o.organizational_unit_name),
    ])
}

fn group(g: &Group) -> Option<String> {
    first_absent(&[("groupId", &g.group_id), ("groupName", &g.group_name)])
}

impl Answer for Empty {
    const EMPTY_IS_COMPLETE: bool = true;
}

impl Answer for ListUsersResponse {
    fn missing(&self) -> Option<String> {
        list("data", &self.data, user_summary)
    }
}

impl Answer for GetUserResponse {
    fn missing(&self) -> Option<String> {
        // A user always has a primary OU, so an answer without OUs is a damaged one, not a
        // user outside every OU.
        first_absent(&[
            ("userId", &self.user_id),
            ("username", &self.username),
            ("status", &self.status),
            (
                "primaryOrganizationalUnitId",
                &self.primary_organizational_unit_id,
            ),
        ])
        .or_else(|| {
            list("organizationalUnits", &self.organizational_units, |o| {
                first_absent(&[("organizationalUnitId", &o.organizational_unit_id)])
            })
        })
        .or_else(|| match &self.organizational_units {
            Some(ous) if ous.is_empty() => Some("organizationalUnits[0]".to_owned()),
            _ => None,
        })
    }
}

impl Answer for ListOrganizationalUnitsResponse {
    fn missing(&self) -> Option<String> {
        list("data", &self.data, ou)
    }
}

impl Answer for OrganizationalUnit {
    fn missing(&self) -> Option<String> {
        ou(self)
    }
}

impl Answer for ListGroupsResponse {
    fn missing(&self) -> Option<String> {
        list("data", &self.data, group)
    }
}

impl Answer for Group {
    fn missing(&self) -> Option<String> {
        group(self)
    }
}

impl Answer for ListUsersForGroupResponse {
    fn missing(&self) -> Option<String> {
        list("data", &self.data, |m| {
            first_absent(&[("userId", &m.user_id)])
        })
    }
}

impl Answer for ListGroupsForUserResponse {
    fn missing(&self) -> Option<String> {
        list("data", &self.data, |m| {
            first_absent(&[("groupId", &m.group_id)])
        })
    }
}

impl Answer for ListAuthenticationTokensResponse {
    fn missing(&self) -> Option<String> {
        list("entities", &self.entities, |t| {
            first_absent(&[("authenticationTokenId", &t.authentication_token_id)])
        })
    }
}

impl Answer for ListOrganizationalUnitParentIdsResponse {
    fn missing(&self) -> Option<String> {
        self.parent_ids.is_none().then(|| "parentIds".to_owned())
    }
}

/// Answers carrying one id: a lookup without it is not a "not found" (EIAM says that with an
/// error), and a create without it is an unknown outcome.
macro_rules! one_id {
    ($($ty:ty => $field:ident $wire:literal;)+) => {
        $(impl Answer for $ty {
            fn missing(&self) -> Option<String> {
                first_absent(&[($wire, &self.$field)])
            }
        })+
    };
}

one_id! {
    CreateUserResponse => user_id "userId";
    CreateGroupResponse => group_id "groupId";
    CreateOrganizationalUnitResponse => organizational_unit_id "organizationalUnitId";
    GetUserIdByEmailResponse => user_id "userId";
    GetUserIdByPhoneNumberResponse => user_id "userId";
    GetUserIdByUserExternalIdResponse => user_id "userId";
    GetUserIdByUsernameResponse => user_id "userId";
    GetOrganizationalUnitIdByExternalIdResponse => organizational_unit_id "organizationalUnitId";
}

/// Answers the engine does not build its picture of the directory from: any JSON object will
/// do (their own checks, e.g. for an access token, stay where they are used).
macro_rules! lenient {
    ($($ty:ty),+ $(,)?) => {
        $(impl Answer for $ty {})+
    };
}

lenient!(
    UserInfo,
    GetApplicationProvisioningScopeResponse,
    GenerateTokenResponse,
    GenerateTokenByAuthorizationServerResponse,
    GenerateDeviceCodeResponse,
    JwtAuthenticationToken,
    OAuthAuthenticationToken,
    GetOAuthAuthorizationSessionResponse,
    ValidateAuthenticationTokenResponse,
    ObtainCredentialResponse,
    ObtainCloudAccountRoleAccessCredentialResponse,
    CreateUserExclusiveCredentialResponse,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::UserOrganizationalUnit;

    fn user() -> GetUserResponse {
        GetUserResponse {
            user_id: Some("user_1".into()),
            username: Some("alice".into()),
            status: Some("enabled".into()),
            primary_organizational_unit_id: Some("ou_1".into()),
            organizational_units: Some(vec![UserOrganizationalUnit {
                organizational_unit_id: Some("ou_1".into()),
                ..Default::default()
            }]),
            ..Default::default()
        }
    }

    #[test]
    fn a_user_without_ous_is_incomplete() {
        assert_eq!(user().missing(), None);
        let mut u = user();
        u.organizational_units = None;
        assert_eq!(u.missing().as_deref(), Some("organizationalUnits"));
        u.organizational_units = Some(Vec::new());
        assert_eq!(u.missing().as_deref(), Some("organizationalUnits[0]"));
        let mut u = user();
        u.primary_organizational_unit_id = None;
        assert_eq!(u.missing().as_deref(), Some("primaryOrganizationalUnitId"));
        let mut u = user();
        u.organizational_units = Some(vec![UserOrganizationalUnit::default()]);
        assert_eq!(
            u.missing().as_deref(),
            Some("organizationalUnits[0].organizationalUnitId")
        );
        assert_eq!(
            GetUserResponse::default().missing().as_deref(),
            Some("userId")
        );
    }

    #[test]
    fn a_list_needs_data_and_ids_on_every_item() {
        assert_eq!(
            ListUsersResponse::default().missing().as_deref(),
            Some("data")
        );
        let ok = UserSummary {
            user_id: Some("u1".into()),
            username: Some("a".into()),
            status: Some("enabled".into()),
            ..Default::default()
        };
        let r = ListUsersResponse {
            data: Some(vec![ok.clone(), UserSummary::default()]),
            total_count: Some(2),
        };
        assert_eq!(r.missing().as_deref(), Some("data[1].userId"));
        let r = ListUsersResponse {
            data: Some(vec![ok]),
            total_count: Some(1),
        };
        assert_eq!(r.missing(), None);
        assert_eq!(
            ListGroupsResponse::default().missing().as_deref(),
            Some("data")
        );
        assert_eq!(
            CreateUserResponse::default().missing().as_deref(),
            Some("userId")
        );
        assert_eq!(Empty {}.missing(), None);
    }
}
