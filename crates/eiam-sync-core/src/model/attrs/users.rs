//! The user attribute set: its table, the values EIAM only takes together (email and its
//! verified flag; region, number and verified flag of a phone), the values EIAM keeps unique,
//! and the one mapping to and from the wire.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::{CustomFields, Encode, Scalar, attr_set, field};
use crate::model::ids::{EiamId, ExtId};
use eiam_api::users::{
    CreateUserRequest, CustomField, PatchCustomField, PatchUserRequest, UserSummary,
};

attr_set! {
    /// A user's attributes, as the snapshot wants them or as EIAM holds them.
    pub struct UserAttrs /
    /// What a `PatchUser` changes: only the attributes that differ are set.
    UserPatch {
        patch {
            /// Unique across users, ignoring ASCII case.
            username: String => "username",
            display_name: Option<String> => "display_name",
            /// Unique across users, ignoring ASCII case.
            email: Option<Email> => "email",
            /// The number is unique across users.
            phone: Option<Phone> => "phone_number",
            custom_fields: CustomFields => "custom_fields",
        }
        create_only {
            /// PatchUser has no description: it is only sent when the account is created.
            description: Option<String> => "description",
        }
    }
}

/// An email address with its verified flag (EIAM requires both together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub address: String,
    pub verified: bool,
}

/// A phone number with its region and verified flag (EIAM requires all three together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub region: String,
    pub number: String,
    pub verified: bool,
}

fn before_or_null<T>(before: Option<&T>, f: impl Fn(&T) -> Value) -> Value {
    before.map_or(Value::Null, f)
}

impl Scalar for Email {
    /// The address always; the flag when it changes too.
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut super::Changes) {
        let b = |f: fn(&Email) -> Value| before_or_null(before, f);
        out.insert(field(name), [b(|e| json!(e.address)), json!(after.address)]);
        if before.map(|e| e.verified) != Some(after.verified) {
            out.insert(
                field(&format!("{name}_verified")),
                [b(|e| json!(e.verified)), json!(after.verified)],
            );
        }
    }
    fn encode(&self, e: &mut dyn Encode) {
        e.text(&self.address);
        e.flag(self.verified);
    }
}

impl Scalar for Phone {
    /// The number always; region and flag when they change too.
    fn report(name: &str, before: Option<&Self>, after: &Self, out: &mut super::Changes) {
        let b = |f: fn(&Phone) -> Value| before_or_null(before, f);
        out.insert(field(name), [b(|p| json!(p.number)), json!(after.number)]);
        if before.map(|p| p.region.as_str()) != Some(after.region.as_str()) {
            out.insert(
                "phone_region".into(),
                [b(|p| json!(p.region)), json!(after.region)],
            );
        }
        if before.map(|p| p.verified) != Some(after.verified) {
            out.insert(
                field(&format!("{name}_verified")),
                [b(|p| json!(p.verified)), json!(after.verified)],
            );
        }
    }
    fn encode(&self, e: &mut dyn Encode) {
        e.text(&self.region);
        e.text(&self.number);
        e.flag(self.verified);
    }
}

/// A value EIAM keeps unique across users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UniqueKey {
    Username,
    Email,
    Phone,
}

impl UniqueKey {
    /// The form in which EIAM compares values: usernames and emails ignore ASCII case (the
    /// stricter reading of docs/eiam-api.md, open question 7).
    pub fn normalize(self, value: &str) -> String {
        self.normalized(value).into_owned()
    }

    /// `normalize`, borrowing `value` when it already is in that form.
    pub fn normalized(self, value: &str) -> Cow<'_, str> {
        let folds = matches!(self, UniqueKey::Username | UniqueKey::Email);
        if folds && value.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(value.to_ascii_lowercase())
        } else {
            Cow::Borrowed(value)
        }
    }

    /// The field named in messages.
    pub fn field(self) -> &'static str {
        match self {
            UniqueKey::Username => "username",
            UniqueKey::Email => "email",
            UniqueKey::Phone => "phone_number",
        }
    }
}

impl UserAttrs {
    /// The unique values these attributes hold, normalized (only those that are set).
    pub fn unique_values(&self) -> Vec<(UniqueKey, String)> {
        (self.unique_values_borrowed().into_iter())
            .map(|(k, v)| (k, v.into_owned()))
            .collect()
    }

    /// `unique_values`, borrowing the values already in normalized form.
    pub fn unique_values_borrowed(&self) -> Vec<(UniqueKey, Cow<'_, str>)> {
        let key = |k: UniqueKey, v| (k, k.normalized(v));
        let mut out = vec![key(UniqueKey::Username, &self.username)];
        if let Some(e) = &self.email {
            out.push(key(UniqueKey::Email, &e.address));
        }
        if let Some(p) = &self.phone {
            out.push(key(UniqueKey::Phone, &p.number));
        }
        out
    }

    /// The `CreateUser` body for an account with these attributes.
    pub fn create_request(&self, primary_ou: &EiamId, external_id: &ExtId) -> CreateUserRequest {
        let custom: Vec<CustomField> = self
            .custom_fields
            .iter()
            .map(|(name, value)| CustomField {
                field_name: Some(name.to_owned()),
                field_value: Some(value.to_owned()),
            })
            .collect();
        CreateUserRequest {
            username: self.username.clone(),
            primary_organizational_unit_id: primary_ou.to_string(),
            user_external_id: Some(external_id.to_string()),
            display_name: self.display_name.clone(),
            email: self.email.as_ref().map(|e| e.address.clone()),
            email_verified: self.email.as_ref().map(|e| e.verified),
            phone_region: self.phone.as_ref().map(|p| p.region.clone()),
            phone_number: self.phone.as_ref().map(|p| p.number.clone()),
            phone_number_verified: self.phone.as_ref().map(|p| p.verified),
            description: self.description.clone(),
            custom_fields: (!custom.is_empty()).then_some(custom),
            ..Default::default()
        }
    }

    /// The attributes of a listed or read account. Extended fields are not in list items;
    /// they are left empty here.
    pub fn from_summary(u: &UserSummary) -> Self {
        let email = u.email.as_ref().filter(|e| !e.is_empty()).map(|a| Email {
            address: a.clone(),
            verified: u.email_verified.unwrap_or(false),
        });
        let phone = u
            .phone_number
            .as_ref()
            .filter(|p| !p.is_empty())
            .map(|n| Phone {
                region: u.phone_region.clone().unwrap_or_default(),
                number: n.clone(),
                verified: u.phone_number_verified.unwrap_or(false),
            });
        UserAttrs {
            username: u.username.clone().unwrap_or_default(),
            display_name: u.display_name.clone(),
            email,
            phone,
            custom_fields: CustomFields::new(),
            description: u.description.clone(),
        }
    }
}

impl UserPatch {
    /// The `PatchUser` body: exactly the attributes the patch changes.
    pub fn request(&self) -> PatchUserRequest {
        let custom = self.custom_fields.as_ref().map(|ops| {
            ops.iter()
                .map(|(name, op)| PatchCustomField {
                    field_name: Some(name.clone()),
                    field_value: op.value().map(str::to_owned),
                    operation: Some(op.operation().to_owned()),
                    operator: None,
                })
                .collect()
        });
        PatchUserRequest {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            email: self.email.as_ref().map(|e| e.address.clone()),
            email_verified: self.email.as_ref().map(|e| e.verified),
            phone_region: self.phone.as_ref().map(|p| p.region.clone()),
            phone_number: self.phone.as_ref().map(|p| p.number.clone()),
            phone_number_verified: self.phone.as_ref().map(|p| p.verified),
            custom_fields: custom,
        }
    }
}
