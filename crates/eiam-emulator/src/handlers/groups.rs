//! Group operations.

use super::{Cx, Endpoint};
use crate::error::ApiError;
use crate::validate::{self, optional, required, rule};
use eiam_api::groups::{
    CreateGroupRequest, CreateGroupResponse, Group, ListGroupsQuery, ListGroupsResponse,
    PatchGroupRequest,
};
use eiam_api::ops::{CreateGroup, DeleteGroup, GetGroup, ListGroups, PatchGroup};
use eiam_api::rules;
use eiam_api::{Empty, NoBody, NoQuery};

impl Endpoint for CreateGroup {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: CreateGroupRequest,
    ) -> Result<CreateGroupResponse, ApiError> {
        required("groupName", &b.group_name)?;
        rule("groupName", rules::group_name(&b.group_name))?;
        optional(
            "groupExternalId",
            b.group_external_id.as_deref(),
            rules::external_id,
        )?;
        let id = cx.shared.dir_mut().create_group(
            cx.app(),
            b.group_name,
            b.group_external_id.filter(|e| !e.is_empty()),
        )?;
        Ok(CreateGroupResponse { group_id: Some(id) })
    }
}

impl Endpoint for GetGroup {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Group, ApiError> {
        cx.shared.dir().get_group(cx.app(), cx.param("groupId"))
    }
}

impl Endpoint for ListGroups {
    fn handle(cx: &Cx<'_>, q: ListGroupsQuery, _: NoBody) -> Result<ListGroupsResponse, ApiError> {
        let limit = validate::max_results(q.max_results)?;
        let prefix = q.group_name_start_with.as_deref().filter(|p| !p.is_empty());
        // The token is bound to the filter, so a token of one listing cannot page another.
        let kind = format!("groups:{}", prefix.unwrap_or(""));
        let after = validate::after_token(&kind, q.next_token.as_deref())?;
        let (data, next, total) = cx.shared.dir().list_groups(cx.app(), prefix, after, limit);
        Ok(ListGroupsResponse {
            data: Some(data),
            max_results: i64::try_from(limit).ok(),
            next_token: next.map(|n| validate::next_token(&kind, n)),
            total_count: i64::try_from(total).ok(),
        })
    }
}

impl Endpoint for PatchGroup {
    fn handle(cx: &Cx<'_>, _: NoQuery, b: PatchGroupRequest) -> Result<Empty, ApiError> {
        if let Some(name) = &b.group_name {
            required("groupName", name)?;
            rule("groupName", rules::group_name(name))?;
        }
        cx.shared
            .dir_mut()
            .patch_group(cx.app(), cx.param("groupId"), b.group_name)?;
        Ok(Empty {})
    }
}

impl Endpoint for DeleteGroup {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Empty, ApiError> {
        cx.shared
            .dir_mut()
            .delete_group(cx.app(), cx.param("groupId"))?;
        Ok(Empty {})
    }
}
