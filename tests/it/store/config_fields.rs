//! `[sync] custom_fields` and `[sync.new_users]`: defaults, values, and key-named problems.

use eiam_sync::config::load_with_env;
use eiam_sync::model::{NotifyChannel, PasswordInitialization};

use super::config_load::{Dir, VALID};

fn with_sync(extra: &str) -> String {
    format!("{VALID}\n{extra}")
}

fn problems(text: &str) -> Vec<String> {
    let d = Dir::new();
    load_with_env(&d.write("c.toml", text), Vec::<(String, String)>::new())
        .unwrap_err()
        .problems()
}

#[test]
fn defaults_manage_no_field_and_create_accounts_without_a_password() {
    let d = Dir::new();
    let s = load_with_env(&d.write("c.toml", VALID), Vec::<(String, String)>::new()).unwrap();
    assert!(s.sync.custom_fields.is_empty());
    assert_eq!(
        s.sync.new_users.password_initialization,
        PasswordInitialization::None
    );
    assert!(s.sync.new_users.notify.is_empty() && !s.sync.new_users.force_password_change);
}

#[test]
fn values_load_and_show_in_the_effective_config() {
    let d = Dir::new();
    let text = with_sync(
        r#"
[sync]
custom_fields = ["employee_number", "cost_center"]

[sync.new_users]
password_initialization = "random"
notify = ["email", "sms"]
force_password_change = true
"#,
    );
    let s = load_with_env(&d.write("c.toml", &text), Vec::<(String, String)>::new()).unwrap();
    assert_eq!(s.sync.custom_fields, ["employee_number", "cost_center"]);
    let n = &s.sync.new_users;
    assert_eq!(n.password_initialization, PasswordInitialization::Random);
    assert_eq!(n.notify, [NotifyChannel::Email, NotifyChannel::Sms]);
    assert!(n.force_password_change);
    let shown = s.to_redacted_toml();
    assert!(shown.contains("[sync.new_users]"), "{shown}");
    assert!(
        shown.contains(r#"password_initialization = "random""#),
        "{shown}"
    );
    assert!(
        shown.contains(r#"custom_fields = ["employee_number", "cost_center"]"#),
        "{shown}"
    );
}

#[test]
fn bad_values_are_named_by_key() {
    let got = problems(&with_sync(
        r#"
[sync]
custom_fields = ["employee_number", " ", "employee_number", "bad\tname"]

[sync.new_users]
notify = ["email", "email"]
force_password_change = true
"#,
    ));
    let keys: Vec<&str> = got
        .iter()
        .map(|p| p.split('`').nth(1).unwrap_or(p))
        .collect();
    assert_eq!(
        keys,
        [
            "sync.custom_fields[1]",
            "sync.custom_fields[2]",
            "sync.custom_fields[3]",
            "sync.new_users.notify",
            "sync.new_users.notify",
            "sync.new_users.force_password_change",
        ],
        "{got:#?}"
    );
    assert!(got[1].contains("repeats `employee_number`"), "{got:#?}");
    assert!(got[4].contains("password_initialization"), "{got:#?}");
}

#[test]
fn unknown_enum_values_and_keys_are_refused() {
    for (extra, key) in [
        (
            "[sync.new_users]\npassword_initialization = \"fixed\"",
            "password_initialization",
        ),
        ("[sync.new_users]\nnotify = [\"pigeon\"]", "notify"),
        ("[sync.new_users]\nwelcome_mail = true", "welcome_mail"),
    ] {
        let got = problems(&with_sync(extra));
        assert!(got.iter().any(|p| p.contains(key)), "{extra}: {got:#?}");
    }
}
