//! Consistency across records: duplicates, references, cycles, cascades and link rows.

use super::*;

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

#[test]
fn a_key_of_the_wrong_type_freezes_removals_even_when_read_as_a_number() {
    use crate::model::desired::KeyTable;
    let defect = |field: &'static str| Defect {
        field,
        reason: "must be text, found an integer".to_owned(),
    };
    let mut s = base();
    let mut numbered = user("42", "numbered", "o1");
    numbered.defects.push(defect("id"));
    s.users.push(numbered);
    let mut link = member("g1", "7");
    link.defects.push(defect("user_id"));
    s.group_members.push(link);
    let v = validate(s);
    assert!(v.desired.is_rejected(Kind::User, &ExtId::new("42")));
    assert!(v.desired.removals_frozen(Kind::User));
    assert!(v.desired.is_unreadable(KeyTable::GroupMembers));
    assert!(!v.desired.removals_frozen(Kind::OrganizationalUnit));
    assert!(validate(base()).desired.unreadable.is_empty());
}
