//! Membership operations: a user's OUs (primary and secondary) and group members, with the
//! token-paged membership lists.

use super::{Cx, Endpoint};
use crate::error::ApiError;
use crate::validate::{self, id_list, required};
use eiam_api::groups::{
    AddUsersToGroupRequest, ListUsersForGroupQuery, ListUsersForGroupResponse,
    RemoveUsersFromGroupRequest,
};
use eiam_api::ops::{
    AddUserToOrganizationalUnits, AddUsersToGroup, ListGroupsForUser, ListUsersForGroup,
    RemoveUserFromOrganizationalUnits, RemoveUsersFromGroup, SetUserPrimaryOrganizationalUnit,
};
use eiam_api::users::{
    AddUserToOrganizationalUnitsRequest, ListGroupsForUserQuery, ListGroupsForUserResponse,
    RemoveUserFromOrganizationalUnitsRequest, SetUserPrimaryOrganizationalUnitRequest,
};
use eiam_api::{Empty, NoBody, NoQuery};

impl Endpoint for SetUserPrimaryOrganizationalUnit {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: SetUserPrimaryOrganizationalUnitRequest,
    ) -> Result<Empty, ApiError> {
        required("organizationalUnitId", &b.organizational_unit_id)?;
        cx.shared.dir_mut().set_primary_ou(
            cx.app(),
            cx.param("userId"),
            &b.organizational_unit_id,
        )?;
        Ok(Empty {})
    }
}

impl Endpoint for AddUserToOrganizationalUnits {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: AddUserToOrganizationalUnitsRequest,
    ) -> Result<Empty, ApiError> {
        id_list("organizationalUnitIds", &b.organizational_unit_ids)?;
        cx.shared.dir_mut().add_user_ous(
            cx.app(),
            cx.param("userId"),
            &b.organizational_unit_ids,
        )?;
        Ok(Empty {})
    }
}

impl Endpoint for RemoveUserFromOrganizationalUnits {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: RemoveUserFromOrganizationalUnitsRequest,
    ) -> Result<Empty, ApiError> {
        id_list("organizationalUnitIds", &b.organizational_unit_ids)?;
        cx.shared.dir_mut().remove_user_ous(
            cx.app(),
            cx.param("userId"),
            &b.organizational_unit_ids,
        )?;
        Ok(Empty {})
    }
}

impl Endpoint for AddUsersToGroup {
    fn handle(cx: &Cx<'_>, _: NoQuery, b: AddUsersToGroupRequest) -> Result<Empty, ApiError> {
        id_list("userIds", &b.user_ids)?;
        cx.shared
            .dir_mut()
            .add_group_members(cx.app(), cx.param("groupId"), &b.user_ids)?;
        Ok(Empty {})
    }
}

impl Endpoint for RemoveUsersFromGroup {
    fn handle(cx: &Cx<'_>, _: NoQuery, b: RemoveUsersFromGroupRequest) -> Result<Empty, ApiError> {
        id_list("userIds", &b.user_ids)?;
        cx.shared
            .dir_mut()
            .remove_group_members(cx.app(), cx.param("groupId"), &b.user_ids)?;
        Ok(Empty {})
    }
}

impl Endpoint for ListGroupsForUser {
    fn handle(
        cx: &Cx<'_>,
        q: ListGroupsForUserQuery,
        _: NoBody,
    ) -> Result<ListGroupsForUserResponse, ApiError> {
        let limit = validate::max_results(q.max_results)?;
        let user = cx.param("userId");
        let kind = format!("groupsOf:{user}");
        let after = validate::after_token(&kind, q.next_token.as_deref())?;
        let (data, next, total) = cx
            .shared
            .dir()
            .groups_of_user(cx.app(), user, after, limit)?;
        Ok(ListGroupsForUserResponse {
            data: Some(data),
            max_results: i64::try_from(limit).ok(),
            next_token: next.map(|n| validate::next_token(&kind, n)),
            total_count: i64::try_from(total).ok(),
        })
    }
}

impl Endpoint for ListUsersForGroup {
    fn handle(
        cx: &Cx<'_>,
        q: ListUsersForGroupQuery,
        _: NoBody,
    ) -> Result<ListUsersForGroupResponse, ApiError> {
        let limit = validate::max_results(q.max_results)?;
        let group = cx.param("groupId");
        let kind = format!("membersOf:{group}");
        let after = validate::after_token(&kind, q.next_token.as_deref())?;
        let (data, next, total) = cx
            .shared
            .dir()
            .users_of_group(cx.app(), group, after, limit)?;
        Ok(ListUsersForGroupResponse {
            data: Some(data),
            max_results: i64::try_from(limit).ok(),
            next_token: next.map(|n| validate::next_token(&kind, n)),
            total_count: i64::try_from(total).ok(),
        })
    }
}
