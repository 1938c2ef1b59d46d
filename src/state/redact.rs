//! What the journal stores instead of personal data: change details and error texts with
//! names, emails and phone numbers replaced by `[redacted]`.

use crate::config::redact::REDACTED;

/// The detail as stored: JSON whose string values are kept only under keys that hold ids or
/// enumerations (`*_id`, `*Id(s)`, `action`, `kind`, `status`, `parent`, ...); every other
/// string — names, usernames, emails, phone numbers, descriptions — becomes `[redacted]`.
/// Numbers, booleans and nulls are kept. Text that is not JSON is redacted whole.
pub fn redact_detail(detail: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(detail) {
        Ok(mut value) => {
            redact_value(&mut value, false);
            value.to_string()
        }
        Err(_) => serde_json::Value::String(REDACTED.to_owned()).to_string(),
    }
}

fn redact_value(value: &mut serde_json::Value, keep_strings: bool) {
    use serde_json::Value;
    match value {
        Value::String(s) if !keep_strings => *s = REDACTED.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, keep_strings)),
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                redact_value(v, safe_key(key));
            }
        }
        _ => {}
    }
}

/// Keys whose values are ids or fixed vocabularies, never personal data. Extended fields
/// (`custom_fields.<name>`) never are, whatever their name: a `national_id` is personal.
fn safe_key(key: &str) -> bool {
    if key.starts_with("custom_fields.") {
        return false;
    }
    const EXACT: [&str; 12] = [
        "action",
        "kind",
        "status",
        "origin",
        "parent",
        "primary_ou",
        "secondary_ous",
        "ous",
        "members",
        "email_verified",
        "phone_number_verified",
        "user_removal",
    ];
    let lower = key.to_ascii_lowercase();
    EXACT.contains(&lower.as_str())
        || lower.ends_with("_id")
        || lower.ends_with("_ids")
        || key.ends_with("Id")
        || key.ends_with("Ids")
        || lower == "id"
        || lower == "ids"
}

/// An error text as stored: EIAM's messages may echo a value, so tokens that look like email
/// addresses and standalone runs of six or more digits (phone numbers) are replaced by
/// `[redacted]`. Ids such as `user_12ab…` and HTTP statuses are kept.
pub fn redact_error(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        let digits = token.len() >= 6 && token.chars().all(|c| c.is_ascii_digit());
        let email =
            token.contains('@') && token.rsplit('@').next().is_some_and(|d| d.contains('.'));
        if digits || email {
            out.push_str(REDACTED);
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+') {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_values_are_redacted_ids_are_kept() {
        let detail = r#"{"username":[null,"alice"],"email":["a@x.com","b@x.com"],
            "primary_ou":["ou1","ou2"],"parentId":"ou_123","status":["enabled","disabled"],
            "organizationalUnitIds":["ou_1"],"email_verified":[false,true],"count":3}"#;
        let out: serde_json::Value = serde_json::from_str(&redact_detail(detail)).unwrap();
        assert_eq!(out["username"], serde_json::json!([null, "[redacted]"]));
        assert_eq!(
            out["email"],
            serde_json::json!(["[redacted]", "[redacted]"])
        );
        assert_eq!(out["primary_ou"], serde_json::json!(["ou1", "ou2"]));
        assert_eq!(out["parentId"], "ou_123");
        assert_eq!(out["status"], serde_json::json!(["enabled", "disabled"]));
        assert_eq!(out["organizationalUnitIds"], serde_json::json!(["ou_1"]));
        assert_eq!(out["email_verified"], serde_json::json!([false, true]));
        assert_eq!(out["count"], 3);
        assert!(!redact_detail(detail).contains("alice"));
    }

    #[test]
    fn nested_objects_and_non_json_are_redacted() {
        let detail = r#"{"changes":{"display_name":["Al","Alice"],"user_id":"u1"}}"#;
        let out: serde_json::Value = serde_json::from_str(&redact_detail(detail)).unwrap();
        assert_eq!(
            out["changes"]["display_name"],
            serde_json::json!(["[redacted]", "[redacted]"])
        );
        assert_eq!(out["changes"]["user_id"], "u1");
        assert_eq!(redact_detail("alice@example.com"), "\"[redacted]\"");
    }

    #[test]
    fn emails_and_phone_numbers_in_errors_are_redacted() {
        let text = "400 InvalidParameter.Email: alice.smith@example.com is invalid; \
                    phone 13800138000 taken by user_123456abc (request 7f3a-99)";
        assert_eq!(
            redact_error(text),
            "400 InvalidParameter.Email: [redacted] is invalid; \
             phone [redacted] taken by user_123456abc (request 7f3a-99)"
        );
    }
}
