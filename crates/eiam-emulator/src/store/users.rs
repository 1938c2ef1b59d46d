//! Accounts: create, patch, delete, enable/disable, password, and the lookups by username,
//! email, phone number and external ID, with every uniqueness rule enforced by an index.

use axum::http::StatusCode;

use super::records::{BUILD_IN, UserRec, at, boxed};
use super::{Directory, key_reader, keys, new_id, now_ms};
use crate::error::ApiError;
use eiam_api::users::PasswordInitializationConfig;

/// A validated `CreateUser` request.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub phone_region: Option<String>,
    pub phone_number: Option<String>,
    pub phone_number_verified: Option<bool>,
    pub description: Option<String>,
    pub external_id: Option<String>,
    pub password: Option<String>,
    pub password_set: bool,
    /// The `passwordInitializationConfig` the account was created with (no password).
    pub password_init: Option<PasswordInitializationConfig>,
    pub custom_fields: Vec<(String, String)>,
    pub primary_ou: String,
}

/// A validated `PatchUser` request: `None` leaves a field alone, an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<bool>,
    pub phone_region: Option<String>,
    pub phone_number: Option<String>,
    pub phone_number_verified: Option<bool>,
    /// `(operation, name, value)` with operation `add`, `replace` or `remove`.
    pub custom_fields: Vec<(String, String, Option<String>)>,
}

/// The lookups of the `GetUserIdBy*` operations.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    Username(&'a str),
    Email(&'a str),
    PhoneNumber(&'a str),
    External {
        source_type: &'a str,
        source_id: &'a str,
        external_id: &'a str,
    },
}

/// User duplicates answer 403: the only published evidence, `ResourceDuplicated.Username` on the
/// sibling Eiam 2021-12-01 API, uses that status.
const DUPLICATE_USER: StatusCode = StatusCode::FORBIDDEN;

impl Directory {
    fn user_key_owner(&self, which: Lookup<'_>) -> Option<u32> {
        let users = &self.users;
        match which {
            Lookup::Username(v) => self.usernames.get(0, v, key_reader(users, keys::username)),
            Lookup::Email(v) => self.emails.get(0, v, key_reader(users, keys::email)),
            Lookup::PhoneNumber(v) => self.phones.get(0, v, key_reader(users, keys::phone)),
            Lookup::External {
                source_type,
                source_id,
                external_id,
            } => {
                let source = self.sources.find(source_type, source_id)?;
                self.user_ext
                    .get(source, external_id, key_reader(users, keys::user_ext))
            }
        }
    }

    /// Fails if a unique value is held by another user than `me`.
    fn check_free(&self, which: Lookup<'_>, me: Option<u32>) -> Result<(), ApiError> {
        match self.user_key_owner(which) {
            Some(owner) if Some(owner) != me => {
                let (field, value) = match which {
                    Lookup::Username(v) => ("Username", v),
                    Lookup::Email(v) => ("Email", v),
                    Lookup::PhoneNumber(v) => ("PhoneNumber", v),
                    Lookup::External { external_id, .. } => ("UserExternalId", external_id),
                };
                Err(ApiError::duplicated(DUPLICATE_USER, field, value))
            }
            _ => Ok(()),
        }
    }

    /// `CreateUser`: checks scope, then uniqueness; returns the new user id.
    pub fn create_user(&mut self, app: &str, new: NewUser) -> Result<String, ApiError> {
        let primary = self.scoped_ou(app, &new.primary_ou)?;
        self.check_free(Lookup::Username(&new.username), None)?;
        if let Some(e) = new.email.as_deref().filter(|e| !e.is_empty()) {
            self.check_free(Lookup::Email(e), None)?;
        }
        if let Some(p) = new.phone_number.as_deref().filter(|p| !p.is_empty()) {
            self.check_free(Lookup::PhoneNumber(p), None)?;
        }
        let mut id = new_id("user_");
        while self.find_user(&id).is_some() {
            id = new_id("user_");
        }
        let external_id = new.external_id.unwrap_or_else(|| id.clone());
        let instance = self.instance_id.clone();
        self.check_free(
            Lookup::External {
                source_type: "build_in",
                source_id: &instance,
                external_id: &external_id,
            },
            None,
        )?;
        let now = now_ms();
        let has_phone = new.phone_number.as_deref().is_some_and(|p| !p.is_empty());
        let has_email = new.email.as_deref().is_some_and(|e| !e.is_empty());
        self.insert_user(UserRec {
            id: id.clone().into(),
            username: new.username.into(),
            display_name: boxed(new.display_name),
            email_verified: new.email_verified.filter(|_| has_email),
            email: boxed(new.email),
            phone_region: boxed(new.phone_region.filter(|_| has_phone)),
            phone_number_verified: new.phone_number_verified.filter(|_| has_phone),
            phone_number: boxed(new.phone_number),
            description: boxed(new.description),
            external_id: external_id.into(),
            source: BUILD_IN,
            enabled: true,
            password_set: new.password_set || new.password.is_some(),
            password: boxed(new.password),
            password_init: new.password_init.map(Box::new),
            custom_fields: new
                .custom_fields
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
            primary_ou: primary,
            secondary_ous: Vec::new(),
            groups: Vec::new(),
            create_time: now,
            update_time: now,
            register_time: now,
        });
        Ok(id)
    }

    /// Removes a user's keys from the indexes (before its record changes or goes).
    fn unindex_user(&mut self, seq: u32) {
        let Some(u) = at(&self.users, seq) else {
            return;
        };
        self.user_ids.remove(0, &u.id, seq);
        self.usernames.remove(0, &u.username, seq);
        if let Some(e) = u.email.as_deref() {
            self.emails.remove(0, e, seq);
        }
        if let Some(p) = u.phone_number.as_deref() {
            self.phones.remove(0, p, seq);
        }
        self.user_ext.remove(u.source, &u.external_id, seq);
    }

    /// `PatchUser`: only the given fields change; an empty string clears an optional field
    /// (the email with its flag, the phone number with its region and flag).
    pub fn patch_user(&mut self, app: &str, id: &str, patch: UserPatch) -> Result<(), ApiError> {
        let seq = self.scoped_user(app, id)?;
        if let Some(name) = &patch.username {
            self.check_free(Lookup::Username(name), Some(seq))?;
        }
        if let Some(e) = patch.email.as_deref().filter(|e| !e.is_empty()) {
            self.check_free(Lookup::Email(e), Some(seq))?;
        }
        if let Some(p) = patch.phone_number.as_deref().filter(|p| !p.is_empty()) {
            self.check_free(Lookup::PhoneNumber(p), Some(seq))?;
        }
        self.unindex_user(seq);
        if let Some(u) = self.user_mut(seq) {
            apply_patch(u, patch);
            u.update_time = now_ms();
        }
        self.index_user(seq);
        Ok(())
    }

    /// `DeleteUser`: the account and all its OU and group memberships go.
    pub fn delete_user(&mut self, app: &str, id: &str) -> Result<(), ApiError> {
        let seq = self.scoped_user(app, id)?;
        self.unindex_user(seq);
        let Some(rec) = self.users.get_mut(seq as usize).and_then(Option::take) else {
            return Ok(());
        };
        for ou in rec.all_ous() {
            if let Some(o) = self.ou_mut(ou) {
                o.members.remove(seq);
            }
        }
        for &g in &rec.groups {
            if let Some(g) = self.group_mut(g) {
                g.members.remove(seq);
            }
        }
        self.user_list.remove(seq);
        Ok(())
    }

    /// `EnableUser` / `DisableUser`; idempotent.
    pub fn set_user_enabled(&mut self, app: &str, id: &str, enabled: bool) -> Result<(), ApiError> {
        let seq = self.scoped_user(app, id)?;
        if let Some(u) = self.user_mut(seq)
            && u.enabled != enabled
        {
            u.enabled = enabled;
            u.update_time = now_ms();
        }
        Ok(())
    }

    /// `UpdateUserPassword` (the password is already checked against the policy).
    pub fn set_user_password(
        &mut self,
        app: &str,
        id: &str,
        password: String,
    ) -> Result<(), ApiError> {
        let seq = self.scoped_user(app, id)?;
        if let Some(u) = self.user_mut(seq) {
            u.password = Some(password.into());
            u.password_set = true;
            u.update_time = now_ms();
        }
        Ok(())
    }

    /// `GetUserIdBy*`: the id of an in-scope user, else 400 `ResourceNotFound.UserId`.
    pub fn lookup_user(&self, app: &str, which: Lookup<'_>) -> Result<String, ApiError> {
        let key = match which {
            Lookup::Username(v) | Lookup::Email(v) | Lookup::PhoneNumber(v) => v,
            Lookup::External { external_id, .. } => external_id,
        };
        self.user_key_owner(which)
            .filter(|&s| self.user_in_scope(app, s))
            .and_then(|s| self.user(s))
            .map(|u| u.id.to_string())
            .ok_or_else(|| ApiError::lookup_not_found("UserId", key))
    }

    /// The password grant: the id of the enabled user with this username and password.
    pub fn check_password(&self, username: &str, password: &str) -> Option<String> {
        let seq = self.user_key_owner(Lookup::Username(username))?;
        let u = self.user(seq)?;
        (u.enabled && u.password.as_deref() == Some(password)).then(|| u.id.to_string())
    }
}

fn apply_patch(u: &mut UserRec, patch: UserPatch) {
    if let Some(name) = patch.username {
        u.username = name.into();
    }
    if let Some(d) = patch.display_name {
        u.display_name = boxed(Some(d));
    }
    match patch.email {
        Some(e) if e.is_empty() => {
            u.email = None;
            u.email_verified = None;
        }
        Some(e) => {
            u.email = Some(e.into());
            u.email_verified = patch.email_verified.or(u.email_verified);
        }
        None if u.email.is_some() => {
            u.email_verified = patch.email_verified.or(u.email_verified);
        }
        None => {}
    }
    match patch.phone_number {
        Some(p) if p.is_empty() => {
            u.phone_number = None;
            u.phone_region = None;
            u.phone_number_verified = None;
        }
        Some(p) => u.phone_number = Some(p.into()),
        None => {}
    }
    if u.phone_number.is_some() {
        if let Some(r) = patch.phone_region {
            u.phone_region = boxed(Some(r));
        }
        if let Some(v) = patch.phone_number_verified {
            u.phone_number_verified = Some(v);
        }
    }
    for (op, name, value) in patch.custom_fields {
        let pos = u.custom_fields.iter().position(|(k, _)| **k == *name);
        match (op.as_str(), pos, value) {
            ("remove", Some(i), _) => {
                u.custom_fields.remove(i);
            }
            ("add" | "replace", Some(i), Some(v)) => u.custom_fields[i].1 = v.into(),
            // `replace` of a field without a value behaves as `add` (SDK documentation).
            ("add" | "replace", None, Some(v)) => u.custom_fields.push((name.into(), v.into())),
            _ => {}
        }
    }
}
