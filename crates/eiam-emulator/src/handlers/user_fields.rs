//! The nested inputs of `CreateUser`/`PatchUser`: extended fields and password initialization.

use crate::error::ApiError;
use crate::shared::Shared;
use eiam_api::rules;
use eiam_api::users::{CustomField, PasswordInitializationConfig, PatchCustomField};

/// An undefined extended field is refused as an unknown parameter is: `InvalidParameter.<Field>`
/// (400), with the name in the message so the caller can tell which one.
fn undefined(name: &str) -> ApiError {
    let mut e = ApiError::invalid("customFields.fieldName");
    e.message
        .push_str(&format!(" The extended field `{name}` is not defined."));
    e
}

/// A field name that is present, defined and not repeated in this request.
fn field_name(
    shared: &Shared,
    name: Option<String>,
    seen: &mut Vec<String>,
) -> Result<String, ApiError> {
    let name = name.filter(|n| !n.trim().is_empty());
    let name = name.ok_or_else(|| ApiError::missing("customFields.fieldName"))?;
    if !shared.custom_field_defined(&name) {
        return Err(undefined(&name));
    }
    // The documented shape is a list; naming one field twice has no defined meaning.
    if seen.contains(&name) {
        return Err(ApiError::invalid("customFields.fieldName"));
    }
    seen.push(name.clone());
    Ok(name)
}

fn field_value(value: &str) -> Result<(), ApiError> {
    rules::custom_field_value(value).map_err(|_| ApiError::invalid("customFields.fieldValue"))
}

/// `CreateUser.customFields` → `(name, value)`; a field without a value is not stored.
pub fn create_fields(
    shared: &Shared,
    fields: Option<Vec<CustomField>>,
) -> Result<Vec<(String, String)>, ApiError> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for f in fields.into_iter().flatten() {
        let name = field_name(shared, f.field_name, &mut seen)?;
        let value = f.field_value.unwrap_or_default();
        field_value(&value)?;
        if !value.is_empty() {
            out.push((name, value));
        }
    }
    Ok(out)
}

/// `PatchUser.customFields` → `(operation, name, value)`.
pub fn patch_fields(
    shared: &Shared,
    fields: Option<Vec<PatchCustomField>>,
) -> Result<Vec<(String, String, Option<String>)>, ApiError> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for f in fields.into_iter().flatten() {
        if f.field_name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(ApiError::missing("customFields.fieldName"));
        }
        // `operator` is the deprecated spelling of `operation`.
        let op = f
            .operation
            .or(f.operator)
            .unwrap_or_else(|| "replace".to_owned());
        if !matches!(op.as_str(), "add" | "replace" | "remove") {
            return Err(ApiError::invalid("customFields.operation"));
        }
        let name = field_name(shared, f.field_name, &mut seen)?;
        if op != "remove" {
            let value = f
                .field_value
                .as_deref()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| ApiError::missing("customFields.fieldValue"))?;
            field_value(value)?;
        }
        out.push((op, name, f.field_value));
    }
    Ok(out)
}

/// Checks the documented enums of `passwordInitializationConfig`; returns whether it gives the
/// account a (random) password.
pub fn init_config(c: &PasswordInitializationConfig) -> Result<bool, ApiError> {
    let one_of = |field: &str, v: &Option<String>, allowed: &[&str]| match v {
        Some(v) if !allowed.contains(&v.as_str()) => Err(ApiError::invalid(&format!(
            "passwordInitializationConfig.{field}"
        ))),
        _ => Ok(()),
    };
    one_of(
        "passwordForcedUpdateStatus",
        &c.password_forced_update_status,
        &["enabled", "disabled"],
    )?;
    one_of(
        "passwordInitializationPolicyPriority",
        &c.password_initialization_policy_priority,
        &["global", "custom"],
    )?;
    one_of(
        "passwordInitializationType",
        &c.password_initialization_type,
        &["random"],
    )?;
    let channels = c.user_notification_channels.iter().flatten();
    let mut seen: Vec<&str> = Vec::new();
    for ch in channels {
        if !matches!(ch.as_str(), "email" | "sms") || seen.contains(&ch.as_str()) {
            return Err(ApiError::invalid(
                "passwordInitializationConfig.userNotificationChannels",
            ));
        }
        seen.push(ch);
    }
    Ok(c.password_initialization_type.as_deref() == Some("random"))
}
