//! EIAM's field rules (lengths, character sets, formats), shared by snapshot validation and the
//! emulator so both enforce exactly the same thing.
//!
//! Where the published limits drifted (docs/eiam-api.md, open question 8: older docs say 64 for
//! username, display name, email and external IDs; newer SDK comments allow 128–256), we enforce
//! the stricter, older limit: a record that passes here is accepted by either service version.
//! Lengths are counted in characters, not bytes.

/// Maximum length of a username.
pub const USERNAME_MAX: usize = 64;
/// Maximum length of a display name.
pub const DISPLAY_NAME_MAX: usize = 64;
/// Maximum length of an email address.
pub const EMAIL_MAX: usize = 64;
/// Maximum length of a user description.
pub const USER_DESCRIPTION_MAX: usize = 256;
/// Maximum length of any external ID (user, OU, group).
pub const EXTERNAL_ID_MAX: usize = 64;
/// Maximum length of an OU name.
pub const OU_NAME_MAX: usize = 64;
/// Maximum length of an OU description.
pub const OU_DESCRIPTION_MAX: usize = 128;
/// Maximum length of a group name (sibling API: 64).
pub const GROUP_NAME_MAX: usize = 64;
/// Maximum length of an extended-field value. Neither the API nor the SDK publishes one
/// (docs/eiam-api.md, open question 8); 256 is the longest limit documented for any user text
/// (description, newer username), so a value within it is the least likely to be refused.
pub const CUSTOM_FIELD_VALUE_MAX: usize = 256;
/// Maximum length of an extended-field name (unpublished; the external-ID limit is used).
pub const CUSTOM_FIELD_NAME_MAX: usize = 64;
/// Phone numbers are 6 to 15 digits.
pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 6..=15;
/// Phone regions (country calling codes) are 1 to 6 digits, without `+` or `00`.
pub const PHONE_REGION_DIGITS: std::ops::RangeInclusive<usize> = 1..=6;

/// A rule broken by a value; the text says which and is safe to show (it never repeats the
/// whole value, which may be personal data).
pub type RuleResult = Result<(), String>;

fn max_len(value: &str, max: usize) -> RuleResult {
    let n = value.chars().count();
    if n > max {
        return Err(format!("is {n} characters long; at most {max} are allowed"));
    }
    Ok(())
}

fn no_control(value: &str) -> RuleResult {
    if value.chars().any(char::is_control) {
        return Err("contains control characters".to_owned());
    }
    Ok(())
}

fn required_text(value: &str, max: usize) -> RuleResult {
    if value.trim().is_empty() {
        return Err("is empty".to_owned());
    }
    no_control(value)?;
    max_len(value, max)
}

/// `[A-Za-z0-9_.@-]+`, at most [`USERNAME_MAX`] characters.
pub fn username(value: &str) -> RuleResult {
    if value.is_empty() {
        return Err("is empty".to_owned());
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '-')))
    {
        return Err(format!(
            "contains `{}`; only letters, digits and _ . @ - are allowed",
            c.escape_default()
        ));
    }
    max_len(value, USERNAME_MAX)
}

/// A display name: not blank, no control characters, at most [`DISPLAY_NAME_MAX`].
pub fn display_name(value: &str) -> RuleResult {
    required_text(value, DISPLAY_NAME_MAX)
}

/// `local@domain`: local part of letters, digits and `. _ -`; a dotted domain of letters,
/// digits and `-`; at most [`EMAIL_MAX`] characters.
pub fn email(value: &str) -> RuleResult {
    max_len(value, EMAIL_MAX)?;
    let Some((local, domain)) = value.split_once('@') else {
        return Err("is not an email address (no `@`)".to_owned());
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !local_ok {
        return Err("has an invalid local part (letters, digits and . _ - only)".to_owned());
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !domain_ok {
        return Err("has an invalid domain".to_owned());
    }
    Ok(())
}

/// 6 to 15 digits.
pub fn phone_number(value: &str) -> RuleResult {
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err("must contain digits only".to_owned());
    }
    if !PHONE_DIGITS.contains(&value.len()) {
        return Err(format!(
            "has {} digits; {} to {} are allowed",
            value.len(),
            PHONE_DIGITS.start(),
            PHONE_DIGITS.end()
        ));
    }
    Ok(())
}

/// A country calling code: 1 to 6 digits, no `+` or `00` prefix.
pub fn phone_region(value: &str) -> RuleResult {
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err("must be digits only, without `+` or `00` (e.g. 86)".to_owned());
    }
    if value.starts_with('0') {
        return Err("must not start with 0 (write 86, not 0086)".to_owned());
    }
    if !PHONE_REGION_DIGITS.contains(&value.len()) {
        return Err(format!(
            "has {} digits; at most {} are allowed",
            value.len(),
            PHONE_REGION_DIGITS.end()
        ));
    }
    Ok(())
}

/// A user description: no control characters except line breaks, at most
/// [`USER_DESCRIPTION_MAX`].
pub fn user_description(value: &str) -> RuleResult {
    description(value, USER_DESCRIPTION_MAX)
}

/// An OU description, at most [`OU_DESCRIPTION_MAX`].
pub fn ou_description(value: &str) -> RuleResult {
    description(value, OU_DESCRIPTION_MAX)
}

fn description(value: &str, max: usize) -> RuleResult {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("contains control characters".to_owned());
    }
    max_len(value, max)
}

/// An external ID: not blank, no control characters, at most [`EXTERNAL_ID_MAX`].
pub fn external_id(value: &str) -> RuleResult {
    required_text(value, EXTERNAL_ID_MAX)
}

/// An OU name: not blank, no control characters, at most [`OU_NAME_MAX`].
pub fn ou_name(value: &str) -> RuleResult {
    required_text(value, OU_NAME_MAX)
}

/// A group name: not blank, no control characters, at most [`GROUP_NAME_MAX`].
pub fn group_name(value: &str) -> RuleResult {
    required_text(value, GROUP_NAME_MAX)
}

/// An extended-field name: not blank, no control characters, at most
/// [`CUSTOM_FIELD_NAME_MAX`].
pub fn custom_field_name(value: &str) -> RuleResult {
    required_text(value, CUSTOM_FIELD_NAME_MAX)
}

/// An extended-field value (non-empty: an empty value means "remove the field"): no control
/// characters, at most [`CUSTOM_FIELD_VALUE_MAX`].
pub fn custom_field_value(value: &str) -> RuleResult {
    no_control(value)?;
    max_len(value, CUSTOM_FIELD_VALUE_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(username("alice.smith-2@corp_x").is_ok());
        assert!(username("").is_err());
        assert!(username("alice smith").is_err());
        assert!(username("zoë").is_err());
        assert!(username(&"a".repeat(64)).is_ok());
        assert!(username(&"a".repeat(65)).is_err());
    }

    #[test]
    fn emails() {
        assert!(email("a.b_c-d@example.co.uk").is_ok());
        assert!(email("a+b@example.com").is_err());
        assert!(email("ab@example").is_err());
        assert!(email("@example.com").is_err());
        assert!(email("ab@-example.com").is_err());
        assert!(email(&format!("{}@example.com", "a".repeat(60))).is_err());
    }

    #[test]
    fn phones() {
        assert!(phone_number("13800138000").is_ok());
        assert!(phone_number("12345").is_err());
        assert!(phone_number("1234567890123456").is_err());
        assert!(phone_number("138-0013").is_err());
        assert!(phone_region("86").is_ok());
        assert!(phone_region("+86").is_err());
        assert!(phone_region("0086").is_err());
        assert!(phone_region("1234567").is_err());
    }

    #[test]
    fn names_and_descriptions() {
        assert!(ou_name("Engineering").is_ok());
        assert!(ou_name("  ").is_err());
        assert!(ou_name("a\u{7}b").is_err());
        assert!(ou_name(&"é".repeat(64)).is_ok());
        assert!(ou_name(&"é".repeat(65)).is_err());
        assert!(ou_description("line one\nline two").is_ok());
        assert!(ou_description(&"x".repeat(129)).is_err());
        assert!(group_name("Admins").is_ok());
        assert!(external_id("e1001").is_ok());
        assert!(external_id("").is_err());
    }
}
