//! User operations: create, read, list, patch, delete, enable/disable, password, lookups.

use super::{Cx, Endpoint, user_fields};
use crate::error::ApiError;
use crate::store::{Lookup, NewUser, UserPatch};
use crate::validate::{self, optional, required, rule};
use eiam_api::ops::{
    CreateUser, DeleteUser, DisableUser, EnableUser, GetUser, GetUserIdByEmail,
    GetUserIdByPhoneNumber, GetUserIdByUserExternalId, GetUserIdByUsername, ListUsers, PatchUser,
    UpdateUserPassword,
};
use eiam_api::rules;
use eiam_api::users::{
    CreateUserRequest, CreateUserResponse, GetUserIdByEmailResponse,
    GetUserIdByPhoneNumberResponse, GetUserIdByUserExternalIdRequest,
    GetUserIdByUserExternalIdResponse, GetUserIdByUsernameResponse, GetUserResponse,
    ListUsersQuery, ListUsersResponse, PatchUserRequest, UpdateUserPasswordRequest,
};
use eiam_api::{Empty, NoBody, NoQuery};

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// The required pairs: an email needs `emailVerified`; a phone number needs `phoneRegion` and
/// `phoneNumberVerified`. The published table lists the missing-flag case under
/// `MissingParameter.Email` with a description naming emailVerified; the emulator names the
/// field that is actually missing, as the phone rows do (`MissingParameter.PhoneNumberVerified`).
fn contact(
    email: Option<&str>,
    email_verified: Option<bool>,
    phone: Option<&str>,
    region: Option<&str>,
    phone_verified: Option<bool>,
) -> Result<(), ApiError> {
    if let Some(e) = email {
        rule("email", rules::email(e))?;
        if email_verified.is_none() {
            return Err(ApiError::missing("emailVerified"));
        }
    }
    if let Some(p) = phone {
        rule("phoneNumber", rules::phone_number(p))?;
        let region = region.ok_or_else(|| ApiError::missing("phoneRegion"))?;
        rule("phoneRegion", rules::phone_region(region))?;
        if phone_verified.is_none() {
            return Err(ApiError::missing("phoneNumberVerified"));
        }
    } else if let Some(r) = region {
        rule("phoneRegion", rules::phone_region(r))?;
    }
    Ok(())
}

impl Endpoint for CreateUser {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: CreateUserRequest,
    ) -> Result<CreateUserResponse, ApiError> {
        required("username", &b.username)?;
        rule("username", rules::username(&b.username))?;
        required(
            "primaryOrganizationalUnitId",
            &b.primary_organizational_unit_id,
        )?;
        optional(
            "displayName",
            b.display_name.as_deref(),
            rules::display_name,
        )?;
        contact(
            non_empty(&b.email),
            b.email_verified,
            non_empty(&b.phone_number),
            non_empty(&b.phone_region),
            b.phone_number_verified,
        )?;
        optional(
            "description",
            b.description.as_deref(),
            rules::user_description,
        )?;
        optional(
            "userExternalId",
            b.user_external_id.as_deref(),
            rules::external_id,
        )?;
        if let Some(p) = &b.password {
            validate::password(p)?;
        }
        let random_password = match &b.password_initialization_config {
            Some(c) => user_fields::init_config(c)?,
            None => false,
        };
        let custom_fields = user_fields::create_fields(cx.shared, b.custom_fields)?;
        let id = cx.shared.dir_mut().create_user(
            cx.app(),
            NewUser {
                username: b.username,
                display_name: b.display_name,
                email: b.email,
                email_verified: b.email_verified,
                phone_region: b.phone_region,
                phone_number: b.phone_number,
                phone_number_verified: b.phone_number_verified,
                description: b.description,
                external_id: b.user_external_id.filter(|e| !e.is_empty()),
                password: b.password,
                password_set: random_password,
                password_init: b.password_initialization_config,
                custom_fields,
                primary_ou: b.primary_organizational_unit_id,
            },
        )?;
        Ok(CreateUserResponse { user_id: Some(id) })
    }
}

impl Endpoint for GetUser {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<GetUserResponse, ApiError> {
        cx.shared.dir().get_user(cx.app(), cx.param("userId"))
    }
}

impl Endpoint for ListUsers {
    fn handle(cx: &Cx<'_>, q: ListUsersQuery, _: NoBody) -> Result<ListUsersResponse, ApiError> {
        let (offset, limit) = validate::page(q.page_number, q.page_size)?;
        let ou = q
            .organizational_unit_id
            .as_deref()
            .filter(|o| !o.is_empty());
        let reading = cx.shared.readings().list_users;
        let (data, total) = cx
            .shared
            .dir()
            .list_users(cx.app(), ou, reading, offset, limit)?;
        Ok(ListUsersResponse {
            data: Some(data),
            total_count: i64::try_from(total).ok(),
        })
    }
}

impl Endpoint for PatchUser {
    fn handle(cx: &Cx<'_>, _: NoQuery, b: PatchUserRequest) -> Result<Empty, ApiError> {
        if let Some(u) = &b.username {
            required("username", u)?;
            rule("username", rules::username(u))?;
        }
        optional(
            "displayName",
            b.display_name.as_deref(),
            rules::display_name,
        )?;
        contact(
            non_empty(&b.email),
            b.email_verified,
            non_empty(&b.phone_number),
            non_empty(&b.phone_region),
            b.phone_number_verified,
        )?;
        let custom_fields = user_fields::patch_fields(cx.shared, b.custom_fields)?;
        let patch = UserPatch {
            username: b.username,
            display_name: b.display_name,
            email: b.email,
            email_verified: b.email_verified,
            phone_region: b.phone_region,
            phone_number: b.phone_number,
            phone_number_verified: b.phone_number_verified,
            custom_fields,
        };
        cx.shared
            .dir_mut()
            .patch_user(cx.app(), cx.param("userId"), patch)?;
        Ok(Empty {})
    }
}

impl Endpoint for DeleteUser {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Empty, ApiError> {
        cx.shared
            .dir_mut()
            .delete_user(cx.app(), cx.param("userId"))?;
        Ok(Empty {})
    }
}

impl Endpoint for EnableUser {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Empty, ApiError> {
        cx.shared
            .dir_mut()
            .set_user_enabled(cx.app(), cx.param("userId"), true)?;
        Ok(Empty {})
    }
}

impl Endpoint for DisableUser {
    fn handle(cx: &Cx<'_>, _: NoQuery, _: NoBody) -> Result<Empty, ApiError> {
        cx.shared
            .dir_mut()
            .set_user_enabled(cx.app(), cx.param("userId"), false)?;
        Ok(Empty {})
    }
}

impl Endpoint for UpdateUserPassword {
    fn handle(cx: &Cx<'_>, _: NoQuery, b: UpdateUserPasswordRequest) -> Result<Empty, ApiError> {
        let password = b
            .password
            .filter(|p| !p.is_empty())
            .ok_or_else(|| ApiError::missing("password"))?;
        validate::password(&password)?;
        cx.shared
            .dir_mut()
            .set_user_password(cx.app(), cx.param("userId"), password)?;
        Ok(Empty {})
    }
}

/// The id a `GetUserIdBy*` lookup answers: the user with that key, in the caller's scope.
fn user_id(cx: &Cx<'_>, lookup: Lookup<'_>) -> Result<Option<String>, ApiError> {
    cx.shared.dir().lookup_user(cx.app(), lookup).map(Some)
}

/// The `GetUserIdBy*` operations of a single key: the key is required, then looked up.
macro_rules! lookup_by_key {
    ($($op:ident($field:literal, $key:ident, $lookup:path) -> $response:ident;)*) => {$(
        impl Endpoint for $op {
            fn handle(cx: &Cx<'_>, _: NoQuery, b: Self::Body) -> Result<$response, ApiError> {
                required($field, &b.$key)?;
                Ok($response {
                    user_id: user_id(cx, $lookup(&b.$key))?,
                })
            }
        }
    )*};
}

lookup_by_key! {
    GetUserIdByUsername("username", username, Lookup::Username) -> GetUserIdByUsernameResponse;
    GetUserIdByEmail("email", email, Lookup::Email) -> GetUserIdByEmailResponse;
    GetUserIdByPhoneNumber("phoneNumber", phone_number, Lookup::PhoneNumber)
        -> GetUserIdByPhoneNumberResponse;
}

impl Endpoint for GetUserIdByUserExternalId {
    fn handle(
        cx: &Cx<'_>,
        _: NoQuery,
        b: GetUserIdByUserExternalIdRequest,
    ) -> Result<GetUserIdByUserExternalIdResponse, ApiError> {
        required("userExternalId", &b.user_external_id)?;
        validate::source_type("userSourceType", &b.user_source_type)?;
        required("userSourceId", &b.user_source_id)?;
        let user_id = user_id(
            cx,
            Lookup::External {
                source_type: &b.user_source_type,
                source_id: &b.user_source_id,
                external_id: &b.user_external_id,
            },
        )?;
        Ok(GetUserIdByUserExternalIdResponse { user_id })
    }
}
