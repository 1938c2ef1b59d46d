//! Table-driven tests of the validation rules: each case breaks one rule in an otherwise valid
//! snapshot and names the one rejection it must cause.

use super::*;
use crate::model::snapshot::{GroupMemberRow, GroupRow, OuRow, UserOuRow, UserRow};

fn ou(id: &str, parent: Option<&str>, name: &str) -> OuRow {
    OuRow {
        id: id.into(),
        parent_id: parent.map(Into::into),
        name: name.into(),
        ..Default::default()
    }
}

fn user(id: &str, username: &str, primary: &str) -> UserRow {
    UserRow {
        id: id.into(),
        username: username.into(),
        primary_ou_id: primary.into(),
        status: "enabled".into(),
        ..Default::default()
    }
}

fn group(id: &str, name: &str) -> GroupRow {
    GroupRow {
        id: id.into(),
        name: name.into(),
        ..Default::default()
    }
}

fn member(group: &str, user: &str) -> GroupMemberRow {
    GroupMemberRow {
        group_id: group.into(),
        user_id: user.into(),
        ..Default::default()
    }
}

fn user_ou(user: &str, ou: &str) -> UserOuRow {
    UserOuRow {
        user_id: user.into(),
        ou_id: ou.into(),
        ..Default::default()
    }
}

/// A small valid directory: root ─ eng ─ web; alice in eng (also web), bob in root; group g1.
fn base() -> Snapshot {
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
    }
}

fn rejections_of(snapshot: Snapshot) -> Vec<(Kind, String, String, String)> {
    validate(snapshot)
        .rejections
        .into_iter()
        .map(|r| (r.kind, r.external_id, r.field, r.reason))
        .collect()
}

#[test]
fn the_base_snapshot_is_valid() {
    let v = validate(base());
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(v.desired.ous.len(), 3);
    assert_eq!(v.desired.users.len(), 2);
    let alice = &v.desired.users["alice"];
    assert_eq!(
        alice
            .secondary_ous
            .iter()
            .map(ExtId::as_str)
            .collect::<Vec<_>>(),
        ["web"]
    );
    assert_eq!(alice.phone.as_ref().map(|p| p.region.as_str()), Some("86"));
    assert_eq!(v.desired.members["g1"].len(), 2);
}

type Edit = fn(&mut Snapshot);

/// (case, edit, kind, id, field, reason fragment)
const SINGLE_RULE_CASES: &[(&str, Edit, Kind, &str, &str, &str)] = &[
    (
        "username characters",
        |s| s.users[1].username = "bob smith".into(),
        Kind::User,
        "bob",
        "username",
        "contains ` `",
    ),
    (
        "username length",
        |s| s.users[1].username = "b".repeat(65),
        Kind::User,
        "bob",
        "username",
        "at most 64",
    ),
    (
        "empty username",
        |s| s.users[1].username = String::new(),
        Kind::User,
        "bob",
        "username",
        "is empty",
    ),
    (
        "display name length",
        |s| s.users[1].display_name = Some("x".repeat(65)),
        Kind::User,
        "bob",
        "display_name",
        "at most 64",
    ),
    (
        "blank display name",
        |s| s.users[1].display_name = Some("  ".into()),
        Kind::User,
        "bob",
        "display_name",
        "is empty",
    ),
    (
        "email format",
        |s| {
            s.users[1].email = Some("bob@".into());
            s.users[1].email_verified = Some(true);
        },
        Kind::User,
        "bob",
        "email",
        "invalid domain",
    ),
    (
        "email without flag",
        |s| s.users[1].email = Some("bob@example.com".into()),
        Kind::User,
        "bob",
        "email_verified",
        "required when email is set",
    ),
    (
        "phone without region",
        |s| {
            s.users[1].phone_number = Some("13800138001".into());
            s.users[1].phone_number_verified = Some(true);
        },
        Kind::User,
        "bob",
        "phone_region",
        "required when phone_number is set",
    ),
    (
        "phone without flag",
        |s| {
            s.users[1].phone_number = Some("13800138001".into());
            s.users[1].phone_region = Some("86".into());
        },
        Kind::User,
        "bob",
        "phone_number_verified",
        "required when phone_number is set",
    ),
    (
        "phone digits",
        |s| s.users[0].phone_number = Some("138-0013".into()),
        Kind::User,
        "alice",
        "phone_number",
        "digits only",
    ),
    (
        "phone length",
        |s| s.users[0].phone_number = Some("12345".into()),
        Kind::User,
        "alice",
        "phone_number",
        "6 to 15",
    ),
    (
        "phone region prefix",
        |s| s.users[0].phone_region = Some("+86".into()),
        Kind::User,
        "alice",
        "phone_region",
        "without `+`",
    ),
    (
        "user description length",
        |s| s.users[1].description = Some("d".repeat(257)),
        Kind::User,
        "bob",
        "description",
        "at most 256",
    ),
    (
        "status",
        |s| s.users[1].status = "Enabled".into(),
        Kind::User,
        "bob",
        "status",
        "must be `enabled` or `disabled`",
    ),
    (
        "user id length",
        |s| {
            s.users[1].id = "u".repeat(65);
        },
        Kind::User,
        "u",
        "id",
        "at most 64",
    ),
    (
        "duplicate user id",
        |s| s.users.push(user("bob", "bob2", "root")),
        Kind::User,
        "bob",
        "id",
        "appears 2 times in users",
    ),
    (
        "missing primary OU",
        |s| s.users[1].primary_ou_id = "nowhere".into(),
        Kind::User,
        "bob",
        "primary_ou_id",
        "organizational unit `nowhere` does not exist",
    ),
    (
        "empty primary OU",
        |s| s.users[1].primary_ou_id = String::new(),
        Kind::User,
        "bob",
        "primary_ou_id",
        "is empty",
    ),
    (
        "OU name length",
        |s| s.organizational_units[2].name = "w".repeat(65),
        Kind::OrganizationalUnit,
        "web",
        "name",
        "at most 64",
    ),
    (
        "OU name control character",
        |s| s.organizational_units[2].name = "W\u{7}eb".into(),
        Kind::OrganizationalUnit,
        "web",
        "name",
        "control characters",
    ),
    (
        "OU description length",
        |s| s.organizational_units[2].description = Some("d".repeat(129)),
        Kind::OrganizationalUnit,
        "web",
        "description",
        "at most 128",
    ),
    (
        "missing OU parent",
        |s| s.organizational_units[2].parent_id = Some("gone".into()),
        Kind::OrganizationalUnit,
        "web",
        "parent_id",
        "organizational unit `gone` does not exist",
    ),
    (
        "self parent",
        |s| s.organizational_units[2].parent_id = Some("web".into()),
        Kind::OrganizationalUnit,
        "web",
        "parent_id",
        "cycle of parents: `web` → `web`",
    ),
    (
        "group name length",
        |s| s.groups[0].name = "g".repeat(65),
        Kind::Group,
        "g1",
        "name",
        "at most 64",
    ),
    (
        "group id empty",
        |s| {
            s.groups[0].id = String::new();
            s.group_members.clear();
        },
        Kind::Group,
        "",
        "id",
        "is empty",
    ),
    (
        "read defect",
        |s| {
            s.groups[0].defects.push(Defect {
                field: "name",
                reason: "must be text, found an integer".into(),
            })
        },
        Kind::Group,
        "g1",
        "name",
        "must be text, found an integer (could not be read)",
    ),
];

#[test]
fn each_rule_rejects_exactly_its_record() {
    for (case, edit, kind, id, field, reason) in SINGLE_RULE_CASES {
        let mut snapshot = base();
        edit(&mut snapshot);
        let v = validate(snapshot);
        let own: Vec<&Rejection> = v
            .rejections
            .iter()
            .filter(|r| r.kind == *kind && r.external_id.starts_with(id))
            .collect();
        assert_eq!(own.len(), 1, "{case}: {:?}", v.rejections);
        assert_eq!(own[0].field, *field, "{case}");
        assert!(own[0].reason.contains(reason), "{case}: {}", own[0].reason);
        assert!(
            v.desired
                .rejected
                .iter()
                .any(|(k, i)| k == kind && i.as_str().starts_with(id)),
            "{case}: not in the rejected set"
        );
    }
}

#[test]
fn a_region_or_flag_without_a_number_is_ignored() {
    let mut s = base();
    s.users[1].phone_region = Some("+1".into());
    s.users[1].phone_number_verified = Some(true);
    s.users[1].email_verified = Some(false);
    let v = validate(s);
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(v.desired.users["bob"].phone, None);
    assert_eq!(v.desired.users["bob"].email, None);
}

#[test]
fn empty_optional_text_is_absent() {
    let mut s = base();
    s.users[1].email = Some(String::new());
    s.users[1].display_name = Some(String::new());
    s.organizational_units[1].parent_id = Some(String::new());
    let v = validate(s);
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(v.desired.users["bob"].display_name, None);
    assert_eq!(v.desired.ous["eng"].parent, None);
}

#[test]
fn every_holder_of_a_duplicate_value_is_rejected() {
    let mut s = base();
    s.users.push(user("carol", "ALICE", "root"));
    s.users.push(UserRow {
        email: Some("Alice@Example.com".into()),
        email_verified: Some(false),
        ..user("dave", "dave", "root")
    });
    s.users.push(UserRow {
        phone_region: Some("86".into()),
        phone_number: Some("13800138000".into()),
        phone_number_verified: Some(true),
        ..user("erin", "erin", "root")
    });
    let got: Vec<_> = rejections_of(s)
        .into_iter()
        .filter(|r| r.0 == Kind::User)
        .collect();
    let expect = [
        ("alice", "username", "is also used by user `carol`"),
        ("carol", "username", "is also used by user `alice`"),
        ("dave", "email", "is also used by user `alice`"),
        ("erin", "phone_number", "is also used by user `alice`"),
    ];
    assert_eq!(got.len(), expect.len(), "{got:?}");
    for ((kind, id, field, reason), (eid, efield, ereason)) in got.iter().zip(expect) {
        assert_eq!(
            (kind, id.as_str(), field.as_str()),
            (&Kind::User, eid, efield)
        );
        assert_eq!(reason, ereason);
    }
}

#[test]
fn duplicate_reasons_name_ids_never_values() {
    let mut s = base();
    for i in 0..5 {
        s.users.push(user(&format!("x{i}"), "same.name", "root"));
    }
    let v = validate(s);
    let r = v.rejections.iter().find(|r| r.external_id == "x0").unwrap();
    assert_eq!(r.reason, "is also used by user `x1`, `x2`, `x3` and 1 more");
    assert!(v.rejections.iter().all(|r| !r.reason.contains("same.name")));
}

#[test]
fn sibling_ous_may_not_share_a_name_but_cousins_may() {
    let mut s = base();
    s.organizational_units
        .push(ou("eng2", Some("root"), "Engineering"));
    s.organizational_units.push(ou("web2", Some("eng2"), "Web"));
    let got = rejections_of(s);
    let ids: Vec<(&str, &str)> = got.iter().map(|r| (r.1.as_str(), r.2.as_str())).collect();
    // eng and eng2 collide; web (under eng) and web2 (under eng2) would not, but both parents
    // are rejected, so both cascade; alice's primary is eng, so she goes too.
    assert_eq!(
        ids,
        [
            ("eng", "name"),
            ("eng2", "name"),
            ("web", "parent_id"),
            ("web2", "parent_id"),
            ("alice", "primary_ou_id"),
            ("alice/web", "user_id"),
            ("g1/alice", "user_id")
        ]
    );
}

#[test]
fn cycles_are_rejected_and_their_subtrees_cascade() {
    let mut s = base();
    s.organizational_units.push(ou("a", Some("c"), "A"));
    s.organizational_units.push(ou("b", Some("a"), "B"));
    s.organizational_units.push(ou("c", Some("b"), "C"));
    s.organizational_units.push(ou("leaf", Some("b"), "Leaf"));
    s.users.push(user("u9", "u9", "leaf"));
    let got = rejections_of(s);
    let find = |id: &str| got.iter().find(|r| r.1 == id).unwrap().3.clone();
    for id in ["a", "b", "c"] {
        assert!(
            find(id).starts_with("is part of a cycle of parents: "),
            "{id}: {}",
            find(id)
        );
    }
    assert_eq!(find("leaf"), "parent organizational unit `b` is rejected");
    assert_eq!(find("u9"), "organizational unit `leaf` is rejected");
    assert_eq!(got.len(), 5);
}

#[test]
fn a_rejected_parent_takes_its_subtree_and_members() {
    let mut s = base();
    s.organizational_units[1].name = String::new();
    let v = validate(s);
    let got: Vec<(String, String, String)> = v
        .rejections
        .iter()
        .map(|r| (r.external_id.clone(), r.field.clone(), r.reason.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("eng".into(), "name".into(), "is empty".into()),
            (
                "web".into(),
                "parent_id".into(),
                "parent organizational unit `eng` is rejected".into()
            ),
            (
                "alice".into(),
                "primary_ou_id".into(),
                "organizational unit `eng` is rejected".into()
            ),
            (
                "alice/web".into(),
                "user_id".into(),
                "user `alice` is rejected".into()
            ),
            (
                "g1/alice".into(),
                "user_id".into(),
                "user `alice` is rejected".into()
            ),
        ]
    );
    let d = &v.desired;
    assert!(d.is_rejected(Kind::OrganizationalUnit, &ExtId::from("web")));
    assert!(
        d.rejected_members
            .contains(&(ExtId::from("g1"), ExtId::from("alice")))
    );
    assert!(
        d.rejected_user_ous
            .contains(&(ExtId::from("alice"), ExtId::from("web")))
    );
    assert_eq!(
        d.members["g1"]
            .iter()
            .map(ExtId::as_str)
            .collect::<Vec<_>>(),
        ["bob"]
    );
    assert_eq!(
        d.users.keys().map(ExtId::as_str).collect::<Vec<_>>(),
        ["bob"]
    );
}

#[test]
fn bad_link_rows_are_rejected_alone() {
    let mut s = base();
    s.user_organizational_units.push(user_ou("bob", "root"));
    s.user_organizational_units.push(user_ou("bob", "nowhere"));
    s.user_organizational_units.push(user_ou("nobody", "eng"));
    s.group_members.push(member("g9", "bob"));
    s.group_members.push(member("g1", "nobody"));
    s.groups.push(group("g2", "Empty"));
    let v = validate(s);
    let got: Vec<(Kind, &str, &str, &str)> = v
        .rejections
        .iter()
        .map(|r| {
            (
                r.kind,
                r.external_id.as_str(),
                r.field.as_str(),
                r.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Kind::Membership,
                "bob/nowhere",
                "ou_id",
                "organizational unit `nowhere` does not exist"
            ),
            (
                Kind::Membership,
                "bob/root",
                "ou_id",
                "is already the user's primary organizational unit"
            ),
            (
                Kind::Membership,
                "g1/nobody",
                "user_id",
                "user `nobody` does not exist"
            ),
            (
                Kind::Membership,
                "g9/bob",
                "group_id",
                "group `g9` does not exist"
            ),
            (
                Kind::Membership,
                "nobody/eng",
                "user_id",
                "user `nobody` does not exist"
            ),
        ]
    );
    assert!(v.desired.users.contains_key("bob"));
    assert!(v.desired.users["bob"].secondary_ous.is_empty());
    assert!(
        v.desired.members["g2"].is_empty(),
        "a group without members has an empty set"
    );
    assert_eq!(v.desired.rejected_user_ous.len(), 3);
    assert_eq!(v.desired.rejected_members.len(), 2);
}

#[test]
fn duplicate_link_rows_collapse() {
    let mut s = base();
    s.group_members.push(member("g1", "bob"));
    s.user_organizational_units.push(user_ou("alice", "web"));
    let v = validate(s);
    assert!(v.rejections.is_empty());
    assert_eq!(v.desired.members["g1"].len(), 2);
}

#[test]
fn duplicate_group_names_reject_both() {
    let mut s = base();
    s.groups.push(group("g2", "Admins"));
    let got = rejections_of(s);
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!((got[0].1.as_str(), got[0].2.as_str()), ("g1", "name"));
    assert_eq!(got[0].3, "is also the name of group `g2`");
    assert_eq!(got[1].1, "g2");
    assert!(
        got[2..]
            .iter()
            .all(|r| r.0 == Kind::Membership && r.3 == "group `g1` is rejected")
    );
}

#[test]
fn a_record_gets_one_rejection_its_first_broken_rule() {
    let mut s = base();
    s.users[1].username = "bad name".into();
    s.users[1].status = "gone".into();
    s.users[1].primary_ou_id = "nowhere".into();
    let got = rejections_of(s);
    let bob: Vec<_> = got.iter().filter(|r| r.1 == "bob").collect();
    assert_eq!(bob.len(), 1);
    assert_eq!(bob[0].2, "username");
}

#[test]
fn deep_ou_chains_resolve_without_quadratic_walks() {
    // Not a timing assertion (see benches/source.rs); proves the walk is not quadratic on a
    // deep chain, which would take minutes here.
    let mut s = Snapshot::default();
    for i in (1..20_000).rev() {
        s.organizational_units
            .push(ou(&format!("o{i}"), Some(&format!("o{}", i - 1)), "n"));
    }
    s.organizational_units.push(ou("o0", None, "n"));
    let v = validate(s);
    assert_eq!(v.desired.ous.len(), 20_000);
}
