//! Groups and their members.

use futures_util::{Stream, StreamExt, TryStreamExt};
use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::page::{self, Cursor, MAX_RESULTS, Page};
use super::shared::{BUILD_IN, created};
use super::types::groups::{
    AddUsersToGroupRequest, CreateGroupRequest, Group, GroupMember, ListGroupsQuery,
    ListUsersForGroupQuery, PatchGroupRequest, RemoveUsersFromGroupRequest,
};
use super::types::{GroupId, NoQuery, Operation, UserId, ops};

/// The group operations.
pub struct Groups<'a> {
    client: &'a Client,
}

impl Client {
    /// The group operations.
    pub fn groups(&self) -> Groups<'_> {
        Groups { client: self }
    }
}

impl Groups<'_> {
    /// `GetGroup`.
    #[instrument(skip(self, group_id), fields(%group_id))]
    pub async fn get(&self, group_id: &GroupId) -> Result<Group, EiamError> {
        self.client
            .execute::<ops::GetGroup>(&[("groupId", group_id.as_str())], &NoQuery {}, None)
            .await
    }

    /// `ListGroups`, optionally only names starting with `name_prefix`, 100 per request,
    /// fetched as the stream is consumed.
    pub fn list(
        &self,
        name_prefix: Option<&str>,
    ) -> impl Stream<Item = Result<Group, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let prefix = name_prefix.map(str::to_owned);
        page::items(
            ops::ListGroups::ACTION,
            Cursor::Token(String::new()),
            move |cursor| {
                let (client, prefix) = (client.clone(), prefix.clone());
                async move {
                    client
                        .groups()
                        .list_page(
                            prefix.as_deref(),
                            page::token(&cursor).as_deref(),
                            MAX_RESULTS,
                        )
                        .await
                }
            },
        )
    }

    /// One page of `ListGroups` (`next_token` `None` for the first page).
    #[instrument(skip(self))]
    pub async fn list_page(
        &self,
        name_prefix: Option<&str>,
        next_token: Option<&str>,
        max_results: i64,
    ) -> Result<Page<Group>, EiamError> {
        let query = ListGroupsQuery {
            group_name_start_with: name_prefix.map(str::to_owned),
            max_results: Some(max_results),
            next_token: next_token.map(str::to_owned),
        };
        let r = self
            .client
            .execute::<ops::ListGroups>(&[], &query, None)
            .await?;
        Ok(
            Page::tokened(r.data.unwrap_or_default(), r.total_count, r.next_token)
                .with_limit(Some(max_results)),
        )
    }

    /// `CreateGroup`; returns the new group id. Never re-sent when the outcome is unknown: ask
    /// [`Groups::find_by_external_id`] before trying again.
    #[instrument(skip_all, fields(name = %request.group_name))]
    pub async fn create(&self, request: &CreateGroupRequest) -> Result<GroupId, EiamError> {
        let r = self
            .client
            .execute::<ops::CreateGroup>(&[], &NoQuery {}, Some(request))
            .await?;
        created(ops::CreateGroup::ACTION, r.group_id)
    }

    /// `PatchGroup`: rename.
    #[instrument(skip(self, group_id), fields(%group_id))]
    pub async fn patch(&self, group_id: &GroupId, name: &str) -> Result<(), EiamError> {
        let body = PatchGroupRequest {
            group_name: Some(name.to_owned()),
        };
        self.client
            .execute::<ops::PatchGroup>(&[("groupId", group_id.as_str())], &NoQuery {}, Some(&body))
            .await?;
        Ok(())
    }

    /// `DeleteGroup`.
    #[instrument(skip(self, group_id), fields(%group_id))]
    pub async fn delete(&self, group_id: &GroupId) -> Result<(), EiamError> {
        self.client
            .execute::<ops::DeleteGroup>(&[("groupId", group_id.as_str())], &NoQuery {}, None)
            .await?;
        Ok(())
    }

    /// `ListUsersForGroup`: the ids of the group's members, 100 per request, fetched lazily.
    pub fn members(
        &self,
        group_id: &GroupId,
    ) -> impl Stream<Item = Result<UserId, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let group_id = group_id.clone();
        page::items(
            ops::ListUsersForGroup::ACTION,
            Cursor::Token(String::new()),
            move |cursor| {
                let (client, group_id) = (client.clone(), group_id.clone());
                async move {
                    client
                        .groups()
                        .members_page(&group_id, page::token(&cursor).as_deref(), MAX_RESULTS)
                        .await
                }
            },
        )
        .try_filter_map(|m: GroupMember| async move {
            Ok(m.user_id.filter(|id| !id.is_empty()).map(UserId::from))
        })
    }

    /// One page of `ListUsersForGroup`.
    #[instrument(skip(self, group_id), fields(%group_id))]
    pub async fn members_page(
        &self,
        group_id: &GroupId,
        next_token: Option<&str>,
        max_results: i64,
    ) -> Result<Page<GroupMember>, EiamError> {
        let query = ListUsersForGroupQuery {
            max_results: Some(max_results),
            next_token: next_token.map(str::to_owned),
        };
        let r = self
            .client
            .execute::<ops::ListUsersForGroup>(&[("groupId", group_id.as_str())], &query, None)
            .await?;
        Ok(
            Page::tokened(r.data.unwrap_or_default(), r.total_count, r.next_token)
                .with_limit(Some(max_results)),
        )
    }

    /// `AddUsersToGroup` (existing members are skipped), at most 100 ids per request. Nothing
    /// is sent for an empty list.
    #[instrument(skip(self, user_ids, group_id), fields(users = user_ids.len(), %group_id))]
    pub async fn add_users(
        &self,
        group_id: &GroupId,
        user_ids: &[UserId],
    ) -> Result<(), EiamError> {
        let path = ("groupId", group_id.as_str());
        self.client
            .execute_chunked::<ops::AddUsersToGroup>(path, user_ids, |user_ids| {
                AddUsersToGroupRequest { user_ids }
            })
            .await
    }

    /// `RemoveUsersFromGroup` (non-members are ignored), at most 100 ids per request.
    #[instrument(skip(self, user_ids, group_id), fields(users = user_ids.len(), %group_id))]
    pub async fn remove_users(
        &self,
        group_id: &GroupId,
        user_ids: &[UserId],
    ) -> Result<(), EiamError> {
        let path = ("groupId", group_id.as_str());
        self.client
            .execute_chunked::<ops::RemoveUsersFromGroup>(path, user_ids, |user_ids| {
                RemoveUsersFromGroupRequest { user_ids }
            })
            .await
    }

    /// The group created through this API with `groupExternalId = external_id`. There is no
    /// lookup operation for groups: this lists the groups whose name starts with `name_hint`
    /// (the name it was created with, typically) and matches the external id; when that finds
    /// nothing, or without a hint, it scans every group, so a renamed group is still found.
    /// Only `build_in` groups (or groups without a source type) match.
    #[instrument(skip(self))]
    pub async fn find_by_external_id(
        &self,
        external_id: &str,
        name_hint: Option<&str>,
    ) -> Result<Option<Group>, EiamError> {
        if let Some(hint) = name_hint.filter(|h| !h.is_empty())
            && let Some(g) = self.first_match(external_id, Some(hint)).await?
        {
            return Ok(Some(g));
        }
        self.first_match(external_id, None).await
    }

    async fn first_match(
        &self,
        external_id: &str,
        prefix: Option<&str>,
    ) -> Result<Option<Group>, EiamError> {
        let matches = self.list(prefix).try_filter(|g| {
            let hit = g.group_external_id.as_deref() == Some(external_id)
                && g.group_source_type.as_deref().is_none_or(|t| t == BUILD_IN);
            async move { hit }
        });
        futures_util::pin_mut!(matches);
        matches.next().await.transpose()
    }
}
