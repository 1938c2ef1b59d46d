//! `user_custom_fields` rows: managed names only, one row per user and field, values within the
//! rules; a bad row is rejected alone and its user still syncs.

use super::*;
use crate::model::snapshot::{Defect, UserCustomFieldRow};

fn row(user: &str, name: &str, value: Option<&str>) -> UserCustomFieldRow {
    UserCustomFieldRow {
        user_id: user.into(),
        field_name: name.into(),
        field_value: value.map(Into::into),
        ..Default::default()
    }
}

fn managed() -> Vec<String> {
    vec!["employee_number".into(), "cost_center".into()]
}

fn with_rows(rows: Vec<UserCustomFieldRow>) -> Validated {
    let mut s = base();
    s.user_custom_fields = Some(rows);
    validate_with(s, &managed())
}

fn values(v: &Validated, user: &str) -> Vec<(String, String)> {
    v.custom_fields
        .values
        .get(user)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

#[test]
fn valid_rows_become_values_and_empty_ones_removals() {
    let v = with_rows(vec![
        row("alice", "employee_number", Some("E1")),
        row("alice", "cost_center", Some("")),
        row("bob", "cost_center", None),
    ]);
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(
        values(&v, "alice"),
        [("employee_number".into(), "E1".into())]
    );
    assert!(values(&v, "bob").is_empty(), "NULL and '' mean no value");
    assert_eq!(
        v.custom_fields.managed.iter().collect::<Vec<_>>(),
        ["cost_center", "employee_number"]
    );
}

#[test]
fn an_absent_table_manages_nothing() {
    let v = validate_with(base(), &managed());
    assert!(v.custom_fields.managed.is_empty());
    assert!(v.custom_fields.values.is_empty() && v.rejections.is_empty());
}

#[test]
fn bad_rows_are_rejected_one_by_one_and_the_rest_proceeds() {
    let mut defect = row("bob", "employee_number", None);
    defect.defects.push(Defect {
        field: "field_value",
        reason: "must be text, found an integer".into(),
    });
    let mut s = base();
    s.users[1].username = "bob smith".into(); // bob is rejected as a whole
    s.users.push(user("carol", "carol", "eng"));
    s.user_custom_fields = Some(vec![
        row("alice", "shoe_size", Some("9")),
        row("alice", "employee_number", Some("E1")),
        row("carol", "cost_center", Some("x".repeat(257).as_str())),
        row("carol", "employee_number", Some("a\u{1b}b")),
        row("carol", "employee_number", Some("C2")),
        row("nobody", "employee_number", Some("N")),
        row("bob", "cost_center", Some("B")),
        row("alice", "", Some("x")),
        defect,
    ]);
    let v = validate_with(s, &managed());
    let got: Vec<(String, String, String)> = v
        .rejections
        .iter()
        .filter(|r| r.field.starts_with("custom_fields"))
        .map(|r| (r.external_id.clone(), r.field.clone(), r.reason.clone()))
        .collect();
    let expect = [
        ("alice", "custom_fields", "field_name is empty"),
        (
            "alice",
            "custom_fields.shoe_size",
            "`shoe_size` is not managed",
        ),
        ("bob", "custom_fields.cost_center", "user `bob` is rejected"),
        ("bob", "custom_fields.employee_number", "could not be read"),
        ("carol", "custom_fields.cost_center", "at most 256"),
        ("carol", "custom_fields.employee_number", "more than once"),
        ("carol", "custom_fields.employee_number", "more than once"),
        (
            "nobody",
            "custom_fields.employee_number",
            "user `nobody` does not exist",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((id, field, reason), (eid, efield, ereason)) in got.iter().zip(expect) {
        assert_eq!((id.as_str(), field.as_str()), (eid, efield), "{got:#?}");
        assert!(reason.contains(ereason), "{field}: {reason}");
        assert!(
            !reason.contains(&"x".repeat(20)),
            "never the value: {reason}"
        );
    }
    // The users themselves are not rejected for a bad field, and their good fields sync.
    assert!(v.desired.users.contains_key("alice") && v.desired.users.contains_key("carol"));
    assert_eq!(
        values(&v, "alice"),
        [("employee_number".into(), "E1".into())]
    );
    assert!(values(&v, "carol").is_empty());
    for (u, f) in [
        ("carol", "cost_center"),
        ("carol", "employee_number"),
        ("alice", "shoe_size"),
    ] {
        assert!(
            v.custom_fields
                .rejected
                .contains(&(ExtId::from(u), f.to_owned())),
            "{u}/{f} is left alone"
        );
    }
}
