//! Tests of validation: a small valid snapshot, and cases that each break one thing in it.

mod consistency;
mod custom_fields;
mod props;
mod rules;

use super::*;
use crate::model::kind::Kind;
use crate::model::snapshot::{GroupMemberRow, GroupRow, OuRow, UserOuRow, UserRow};

pub(super) fn ou(id: &str, parent: Option<&str>, name: &str) -> OuRow {
    OuRow {
        id: id.into(),
        parent_id: parent.map(Into::into),
        name: name.into(),
        ..Default::default()
    }
}

pub(super) fn user(id: &str, username: &str, primary: &str) -> UserRow {
    UserRow {
        id: id.into(),
        username: username.into(),
        primary_ou_id: primary.into(),
        status: "enabled".into(),
        ..Default::default()
    }
}

pub(super) fn group(id: &str, name: &str) -> GroupRow {
    GroupRow {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    }
}

pub(super) fn member(group: &str, user: &str) -> GroupMemberRow {
    GroupMemberRow {
        group_id: group.into(),
        user_id: user.into(),
        ..Default::default()
    }
}

pub(super) fn user_ou(user: &str, ou: &str) -> UserOuRow {
    UserOuRow {
        user_id: user.into(),
        ou_id: ou.into(),
        ..Default::default()
    }
}

/// A small valid directory: root ─ eng ─ web; alice in eng (also web), bob in root; group g1.
pub(super) fn base() -> Snapshot {
    Snapshot {
        organizational_units: vec![
            ou("root", None, "Company"),
            ou("eng", Some("root"), "Engineering"),
            ou("web", Some("eng"), "Web"),
        ],
        users: vec![
            UserRow {
                email: Some("alice@example.com".into()),
                email_verified: Some(true),
                phone_region: Some("86".into()),
                phone_number: Some("13800138000".into()),
                phone_number_verified: Some(false),
                display_name: Some("Alice".into()),
                ..user("alice", "alice", "eng")
            },
            user("bob", "bob", "root"),
        ],
        user_organizational_units: vec![user_ou("alice", "web")],
        groups: vec![group("g1", "Admins")],
        group_members: vec![member("g1", "alice"), member("g1", "bob")],
        user_custom_fields: None,
    }
}

pub(super) fn rejections_of(snapshot: Snapshot) -> Vec<(Kind, String, String, String)> {
    validate(snapshot)
        .rejections
        .into_iter()
        .map(|r| (r.kind, r.external_id, r.field, r.reason))
        .collect()
}
