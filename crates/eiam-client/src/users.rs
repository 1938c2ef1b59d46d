//! Accounts: read, list, create, change, move between OUs, look up by unique values.

use futures_util::Stream;
use secrecy::{ExposeSecret, SecretString};
use tracing::instrument;

use super::client::Client;
use super::error::EiamError;
use super::page::{self, Cursor, MAX_RESULTS, PAGE_SIZE, Page};
use super::shared::{BUILD_IN, created, found};
use super::types::users::{
    AddUserToOrganizationalUnitsRequest, CreateUserRequest, GetUserIdByEmailRequest,
    GetUserIdByPhoneNumberRequest, GetUserIdByUserExternalIdRequest, GetUserIdByUsernameRequest,
    GetUserResponse, GroupMembership, ListGroupsForUserQuery, ListUsersQuery, PatchUserRequest,
    RemoveUserFromOrganizationalUnitsRequest, SetUserPrimaryOrganizationalUnitRequest,
    UpdateUserPasswordRequest, UserSummary,
};
use super::types::{NoQuery, Operation, OrganizationalUnitId, UserId, ops};

/// The account operations.
pub struct Users<'a> {
    client: &'a Client,
}

impl Client {
    /// The account operations.
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

impl Users<'_> {
    /// `GetUser`: the full account, with OUs, groups and custom fields.
    #[instrument(skip(self, user_id), fields(%user_id))]
    pub async fn get(&self, user_id: &UserId) -> Result<GetUserResponse, EiamError> {
        self.client
            .execute::<ops::GetUser>(&[("userId", user_id.as_str())], &NoQuery {}, None)
            .await
    }

    /// `ListUsers`, every account (or the members of `ou_filter`: its direct ones, or those of its
    /// whole subtree — undocumented, docs/eiam-api.md, open question 9), 100 per request, fetched
    /// as the stream is consumed.
    pub fn list(
        &self,
        ou_filter: Option<&OrganizationalUnitId>,
    ) -> impl Stream<Item = Result<UserSummary, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let ou = ou_filter.cloned();
        page::items(
            ops::ListUsers::ACTION,
            Cursor::PageNumber(1),
            move |cursor| {
                let (client, ou) = (client.clone(), ou.clone());
                async move {
                    client
                        .users()
                        .list_page(ou.as_ref(), page::page_number(&cursor), PAGE_SIZE)
                        .await
                }
            },
        )
    }

    /// One page of `ListUsers` (`page_number` from 1, `page_size` 1..=100).
    #[instrument(skip(self, ou_filter), fields(ou_filter = ou_filter.map(|id| id.as_str())))]
    pub async fn list_page(
        &self,
        ou_filter: Option<&OrganizationalUnitId>,
        page_number: i64,
        page_size: i64,
    ) -> Result<Page<UserSummary>, EiamError> {
        let query = ListUsersQuery {
            organizational_unit_id: ou_filter.map(|ou| ou.as_str().to_owned()),
            page_number: Some(page_number),
            page_size: Some(page_size),
        };
        let r = self
            .client
            .execute::<ops::ListUsers>(&[], &query, None)
            .await?;
        Ok(Page::numbered(
            r.data.unwrap_or_default(),
            r.total_count,
            page_number,
            page_size,
        ))
    }

    /// `CreateUser`; returns the new user id. Never re-sent when the outcome is unknown: on an
    /// error with `is_unknown_outcome()`, ask [`Users::id_by_external_id`] before trying again.
    #[instrument(skip_all, fields(username = %request.username))]
    pub async fn create(&self, request: &CreateUserRequest) -> Result<UserId, EiamError> {
        let r = self
            .client
            .execute::<ops::CreateUser>(&[], &NoQuery {}, Some(request))
            .await?;
        created(ops::CreateUser::ACTION, r.user_id)
    }

    /// `PatchUser`: only the fields set in `patch` change.
    #[instrument(skip(self, patch, user_id), fields(%user_id))]
    pub async fn patch(&self, user_id: &UserId, patch: &PatchUserRequest) -> Result<(), EiamError> {
        self.client
            .execute::<ops::PatchUser>(&[("userId", user_id.as_str())], &NoQuery {}, Some(patch))
            .await?;
        Ok(())
    }

    /// `DeleteUser`.
    #[instrument(skip(self, user_id), fields(%user_id))]
    pub async fn delete(&self, user_id: &UserId) -> Result<(), EiamError> {
        self.client
            .execute::<ops::DeleteUser>(&[("userId", user_id.as_str())], &NoQuery {}, None)
            .await?;
        Ok(())
    }

    /// `EnableUser` (succeeds on an enabled user).
    #[instrument(skip(self, user_id), fields(%user_id))]
    pub async fn enable(&self, user_id: &UserId) -> Result<(), EiamError> {
        self.client
            .execute::<ops::EnableUser>(&[("userId", user_id.as_str())], &NoQuery {}, None)
            .await?;
        Ok(())
    }

    /// `DisableUser` (succeeds on a disabled user).
    #[instrument(skip(self, user_id), fields(%user_id))]
    pub async fn disable(&self, user_id: &UserId) -> Result<(), EiamError> {
        self.client
            .execute::<ops::DisableUser>(&[("userId", user_id.as_str())], &NoQuery {}, None)
            .await?;
        Ok(())
    }

    /// `UpdateUserPassword`.
    #[instrument(skip(self, password, user_id), fields(%user_id))]
    pub async fn update_password(
        &self,
        user_id: &UserId,
        password: &SecretString,
    ) -> Result<(), EiamError> {
        let body = UpdateUserPasswordRequest {
            password: Some(password.expose_secret().to_owned()),
        };
        self.client
            .execute::<ops::UpdateUserPassword>(
                &[("userId", user_id.as_str())],
                &NoQuery {},
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// `SetUserPrimaryOrganizationalUnit`: move the user's primary OU.
    #[instrument(skip(self, user_id, ou_id), fields(%user_id, %ou_id))]
    pub async fn set_primary_organizational_unit(
        &self,
        user_id: &UserId,
        ou_id: &OrganizationalUnitId,
    ) -> Result<(), EiamError> {
        let body = SetUserPrimaryOrganizationalUnitRequest {
            organizational_unit_id: ou_id.as_str().to_owned(),
        };
        self.client
            .execute::<ops::SetUserPrimaryOrganizationalUnit>(
                &[("userId", user_id.as_str())],
                &NoQuery {},
                Some(&body),
            )
            .await?;
        Ok(())
    }

    /// `AddUserToOrganizationalUnits` (secondary OUs; existing memberships are kept), in
    /// requests of at most 100 ids. Nothing is sent for an empty list.
    #[instrument(skip(self, ou_ids, user_id), fields(ous = ou_ids.len(), %user_id))]
    pub async fn add_to_organizational_units(
        &self,
        user_id: &UserId,
        ou_ids: &[OrganizationalUnitId],
    ) -> Result<(), EiamError> {
        let path = ("userId", user_id.as_str());
        self.client
            .execute_chunked::<ops::AddUserToOrganizationalUnits>(
                path,
                ou_ids,
                |organizational_unit_ids| AddUserToOrganizationalUnitsRequest {
                    organizational_unit_ids,
                },
            )
            .await
    }

    /// `RemoveUserFromOrganizationalUnits` (OUs the user is not in are ignored), in requests of
    /// at most 100 ids. Nothing is sent for an empty list.
    #[instrument(skip(self, ou_ids, user_id), fields(ous = ou_ids.len(), %user_id))]
    pub async fn remove_from_organizational_units(
        &self,
        user_id: &UserId,
        ou_ids: &[OrganizationalUnitId],
    ) -> Result<(), EiamError> {
        let path = ("userId", user_id.as_str());
        self.client
            .execute_chunked::<ops::RemoveUserFromOrganizationalUnits>(
                path,
                ou_ids,
                |organizational_unit_ids| RemoveUserFromOrganizationalUnitsRequest {
                    organizational_unit_ids,
                },
            )
            .await
    }

    /// `GetUserIdByUsername`; `Ok(None)` when no account has it.
    #[instrument(skip(self))]
    pub async fn id_by_username(&self, username: &str) -> Result<Option<UserId>, EiamError> {
        let body = GetUserIdByUsernameRequest {
            username: username.to_owned(),
        };
        let r = self
            .client
            .execute::<ops::GetUserIdByUsername>(&[], &NoQuery {}, Some(&body))
            .await;
        found(ops::GetUserIdByUsername::ACTION, r.map(|r| r.user_id))
    }

    /// `GetUserIdByEmail`; `Ok(None)` when no account has it.
    #[instrument(skip_all)]
    pub async fn id_by_email(&self, email: &str) -> Result<Option<UserId>, EiamError> {
        let body = GetUserIdByEmailRequest {
            email: email.to_owned(),
        };
        let r = self
            .client
            .execute::<ops::GetUserIdByEmail>(&[], &NoQuery {}, Some(&body))
            .await;
        found(ops::GetUserIdByEmail::ACTION, r.map(|r| r.user_id))
    }

    /// `GetUserIdByPhoneNumber`; `Ok(None)` when no account has it.
    #[instrument(skip_all)]
    pub async fn id_by_phone_number(
        &self,
        phone_number: &str,
    ) -> Result<Option<UserId>, EiamError> {
        let body = GetUserIdByPhoneNumberRequest {
            phone_number: phone_number.to_owned(),
        };
        let r = self
            .client
            .execute::<ops::GetUserIdByPhoneNumber>(&[], &NoQuery {}, Some(&body))
            .await;
        found(ops::GetUserIdByPhoneNumber::ACTION, r.map(|r| r.user_id))
    }

    /// The user created through this API with `userExternalId = external_id` (source type
    /// `build_in`, source id the instance: how API-created users are keyed); `Ok(None)` if none.
    pub async fn id_by_external_id(&self, external_id: &str) -> Result<Option<UserId>, EiamError> {
        let instance = self.client.instance_id().to_owned();
        self.id_by_external_id_in(external_id, BUILD_IN, &instance)
            .await
    }

    /// `GetUserIdByUserExternalId` for any source (e.g. `ding_talk` and a corp id).
    #[instrument(skip(self))]
    pub async fn id_by_external_id_in(
        &self,
        external_id: &str,
        source_type: &str,
        source_id: &str,
    ) -> Result<Option<UserId>, EiamError> {
        let body = GetUserIdByUserExternalIdRequest {
            user_external_id: external_id.to_owned(),
            user_source_id: source_id.to_owned(),
            user_source_type: source_type.to_owned(),
        };
        let r = self
            .client
            .execute::<ops::GetUserIdByUserExternalId>(&[], &NoQuery {}, Some(&body))
            .await;
        found(ops::GetUserIdByUserExternalId::ACTION, r.map(|r| r.user_id))
    }

    /// `ListGroupsForUser`: the user's group memberships, 100 per request, fetched lazily.
    pub fn groups_of(
        &self,
        user_id: &UserId,
    ) -> impl Stream<Item = Result<GroupMembership, EiamError>> + Send + use<> {
        let client = self.client.clone();
        let user_id = user_id.clone();
        page::items(
            ops::ListGroupsForUser::ACTION,
            Cursor::Token(String::new()),
            move |cursor| {
                let (client, user_id) = (client.clone(), user_id.clone());
                async move {
                    client
                        .users()
                        .groups_of_page(&user_id, page::token(&cursor).as_deref(), MAX_RESULTS)
                        .await
                }
            },
        )
    }

    /// One page of `ListGroupsForUser` (`next_token` `None` for the first page).
    #[instrument(skip(self, user_id), fields(%user_id))]
    pub async fn groups_of_page(
        &self,
        user_id: &UserId,
        next_token: Option<&str>,
        max_results: i64,
    ) -> Result<Page<GroupMembership>, EiamError> {
        let query = ListGroupsForUserQuery {
            max_results: Some(max_results),
            next_token: next_token.map(str::to_owned),
        };
        let r = self
            .client
            .execute::<ops::ListGroupsForUser>(&[("userId", user_id.as_str())], &query, None)
            .await?;
        Ok(
            Page::tokened(r.data.unwrap_or_default(), r.total_count, r.next_token)
                .with_limit(Some(max_results)),
        )
    }
}
