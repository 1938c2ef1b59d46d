//! Property tests: validation of arbitrary rows (any text, NULLs, read defects, colliding and
//! dangling keys, cycles) never panics, and what it keeps is consistent and within EIAM's rules.

use std::collections::BTreeSet;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use super::*;
use crate::model::rules;
use crate::model::snapshot::{
    GroupMemberRow, GroupRow, OuRow, UserCustomFieldRow, UserOuRow, UserRow,
};

/// More cases with `EIAM_SYNC_SUITES=full`.
fn cases() -> u32 {
    match std::env::var("EIAM_SYNC_SUITES") {
        Ok(v) if v.eq_ignore_ascii_case("full") => 20_000,
        _ => 300,
    }
}

/// Keys from a small pool (so they collide and refer to each other), or any text at all.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..6u8).prop_map(|i| format!("k{i}")),
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z]{1,8}",
        1 => any::<String>(),
        1 => Just("a".repeat(300)),
        1 => Just("x\u{0}y\u{202e}z\u{200b}".to_owned()),
    ]
}

fn defects() -> impl Strategy<Value = Vec<Defect>> {
    vec(
        prop_oneof![Just("id"), Just("username"), Just("name"), Just("email")].prop_map(|f| {
            Defect {
                field: f,
                reason: "must be text, found a BLOB".to_owned(),
            }
        }),
        0..2,
    )
}

prop_compose! {
    fn ou_row()(id in key(), parent_id in option::of(key()), name in text(),
                description in option::of(text()), defects in defects()) -> OuRow {
        OuRow { id, parent_id, name, description, defects }
    }
}

prop_compose! {
    fn user_row()(id in key(), username in text(), display_name in option::of(text()),
                  email in option::of(prop_oneof!["[a-c]@x\\.io", text()]),
                  email_verified in option::of(any::<bool>()),
                  phone in option::of(("[0-9]{1,3}", "[0-9]{5,16}")),
                  phone_number_verified in option::of(any::<bool>()),
                  primary_ou_id in key(), description in option::of(text()),
                  status in prop_oneof![Just("enabled"), Just("disabled"), text().prop_map(|_| "gone")],
                  defects in defects()) -> UserRow {
        let (phone_region, phone_number) = match phone {
            Some((r, n)) => (Some(r), Some(n)),
            None => (None, None),
        };
        UserRow {
            id, username, display_name, email, email_verified, phone_region, phone_number,
            phone_number_verified, primary_ou_id, description, status: status.into(), defects,
        }
    }
}

/// A `user_custom_fields` row: a user key, a managed or any field name, a value or NULL.
fn field_row() -> impl Strategy<Value = ((String, String), Option<String>)> {
    let name = prop_oneof![
        Just("employee_number".to_owned()),
        Just("cost_center".to_owned()),
        text(),
    ];
    ((key(), name), option::of(text()))
}

prop_compose! {
    fn snapshot()(organizational_units in vec(ou_row(), 0..8), users in vec(user_row(), 0..8),
                  links in vec((key(), key()), 0..6), groups in vec((key(), text()), 0..4),
                  members in vec((key(), key()), 0..8),
                  fields in option::of(vec(field_row(), 0..6))) -> Snapshot {
        Snapshot {
            organizational_units,
            users,
            user_organizational_units: links
                .into_iter()
                .map(|(user_id, ou_id)| UserOuRow { user_id, ou_id, defects: Vec::new() })
                .collect(),
            groups: groups
                .into_iter()
                .map(|(id, name)| GroupRow { id, name, defects: Vec::new() })
                .collect(),
            group_members: members
                .into_iter()
                .map(|(group_id, user_id)| GroupMemberRow { group_id, user_id, defects: Vec::new() })
                .collect(),
            user_custom_fields: fields.map(|rows| {
                rows.into_iter()
                    .map(|((user_id, field_name), field_value)| UserCustomFieldRow {
                        user_id, field_name, field_value, defects: Vec::new(),
                    })
                    .collect()
            }),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics_and_keeps_only_consistent_valid_records(s in snapshot()) {
        let rows = s.organizational_units.len() + s.users.len() + s.groups.len();
        let v = validate_with(s, &["employee_number".to_owned(), "cost_center".to_owned()]);
        let d = &v.desired;
        prop_assert!(d.ous.len() + d.users.len() + d.groups.len() <= rows);
        for r in &v.rejections {
            prop_assert!(!r.field.is_empty() && !r.reason.is_empty(), "{r:?}");
        }
        for (kind, id) in &d.rejected {
            prop_assert!(!d.mentions(*kind, id) || d.is_rejected(*kind, id));
            let valid = match kind {
                Kind::OrganizationalUnit => d.ous.contains_key(id),
                Kind::User => d.users.contains_key(id),
                Kind::Group => d.groups.contains_key(id),
                Kind::Membership => false,
            };
            prop_assert!(!valid, "{kind:?} {id:?} is both valid and rejected");
        }
        for (id, ou) in &d.ous {
            prop_assert!(rules::external_id(id.as_str()).is_ok());
            prop_assert!(rules::ou_name(&ou.attrs.name).is_ok());
            // Every kept OU reaches the top through kept OUs, without a cycle.
            let mut seen = BTreeSet::new();
            let mut cur = ou.parent.clone();
            while let Some(p) = cur {
                prop_assert!(seen.insert(p.clone()), "cycle through {p:?}");
                let parent = d.ous.get(&p);
                prop_assert!(parent.is_some(), "{id:?} hangs under a missing OU {p:?}");
                cur = parent.and_then(|x| x.parent.clone());
            }
        }
        let mut names = BTreeSet::new();
        for (id, u) in &d.users {
            prop_assert!(rules::external_id(id.as_str()).is_ok());
            let name = &u.attrs.username;
            prop_assert!(rules::username(name).is_ok());
            prop_assert!(names.insert(name.to_lowercase()), "username {} twice", name);
            prop_assert!(d.ous.contains_key(&u.primary_ou));
            for o in &u.secondary_ous {
                prop_assert!(d.ous.contains_key(o));
            }
            if let Some(e) = &u.attrs.email {
                prop_assert!(rules::email(&e.address).is_ok());
            }
        }
        for (g, members) in &d.members {
            prop_assert!(d.groups.contains_key(g));
            for m in members {
                prop_assert!(d.users.contains_key(m));
            }
        }
    }
}
