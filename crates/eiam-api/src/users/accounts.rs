//! Wire types of the account operations (create, patch) (Eiam-developerapi 2022-02-25).
//!
//! One definition shared by the client and the emulator: the wire names are the field names in
//! camelCase (`rename_all`).

use serde::{Deserialize, Serialize};

/// JSON body of `CreateUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<CustomField>>,
    /// max_length: 256
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// max_length: 128; note: older docs say 64
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// max_length: 128; note: local part letters/digits/._-; older docs say 64; emailVerified required when email set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// required_if: email is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    /// note: must satisfy instance password policy (InvalidParameter.Password)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_initialization_config: Option<PasswordInitializationConfig>,
    /// pattern: `^[0-9]{6,15}$`; note: phoneRegion + phoneNumberVerified required when set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// required_if: phoneNumber is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    /// digits, no `00`/`+` prefix (e.g. 86); Eiam 2021-12-01 says 1-6 digits; required_if: phoneNumber is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_region: Option<String>,
    pub primary_organizational_unit_id: String,
    /// max_length: 128; default: same as generated userId; note: older docs say 64; unique per (sourceType, sourceId)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_external_id: Option<String>,
    /// max_length: 256; pattern: `[A-Za-z0-9_.@-]+`; note: older docs/meta say max 64
    pub username: String,
}

/// Response of `CreateUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateUserResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// JSON body of `PatchUser`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<PatchCustomField>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// required_if: email is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// required_if: phoneNumber is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number_verified: Option<bool>,
    /// required_if: phoneNumber is set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `CustomField` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
}

/// `PasswordInitializationConfig` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordInitializationConfig {
    /// default: disabled; one of: enabled | disabled
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_forced_update_status: Option<String>,
    /// one of: global | custom
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_initialization_policy_priority: Option<String>,
    /// one of: random
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_initialization_type: Option<String>,
    /// items one of: email | sms
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_notification_channels: Option<Vec<String>>,
}

/// `PatchCustomField` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PatchCustomField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_value: Option<String>,
    /// note: replace on a field with no value behaves as add; 'operator' is the deprecated alias; one of: add | replace | remove
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl CustomField {
    /// One extended field with its value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        CustomField {
            field_name: Some(name.into()),
            field_value: Some(value.into()),
        }
    }
}

impl PatchCustomField {
    fn op(operation: &str, name: String, value: Option<String>) -> Self {
        PatchCustomField {
            field_name: Some(name),
            field_value: value,
            operation: Some(operation.to_owned()),
            operator: None,
        }
    }

    /// Sets a field the account does not have yet.
    pub fn add(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::op("add", name.into(), Some(value.into()))
    }

    /// Changes the value of a field (the SDK documents it as `add` when there is none).
    pub fn replace(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::op("replace", name.into(), Some(value.into()))
    }

    /// Removes a field from the account.
    pub fn remove(name: impl Into<String>) -> Self {
        Self::op("remove", name.into(), None)
    }
}

impl PasswordInitializationConfig {
    /// A random first password sent through `channels` (`email`, `sms`), to be changed at the
    /// first sign-in if `force_change`. The policy priority is `custom`: with `global`, the
    /// instance policy of the console would override these settings.
    pub fn random(channels: &[&str], force_change: bool) -> Self {
        PasswordInitializationConfig {
            password_forced_update_status: Some(
                if force_change { "enabled" } else { "disabled" }.to_owned(),
            ),
            password_initialization_policy_priority: Some("custom".to_owned()),
            password_initialization_type: Some("random".to_owned()),
            user_notification_channels: Some(channels.iter().map(|c| (*c).to_owned()).collect()),
        }
    }
}
