//! Field rules and required pairs: each case breaks one rule and causes one rejection.

use super::*;

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
    assert_eq!(
        alice.attrs.phone.as_ref().map(|p| p.region.as_str()),
        Some("86")
    );
    assert_eq!(v.desired.members["g1"].len(), 2);
}

type Edit = fn(&mut Snapshot);

/// (case, edit, kind, id, field, reason fragment)
#[rustfmt::skip]
const SINGLE_RULE_CASES: &[(&str, Edit, Kind, &str, &str, &str)] = &[
    ("username characters", |s| s.users[1].username = "bob smith".into(), Kind::User, "bob", "username", "contains ` `"),
    ("username length", |s| s.users[1].username = "b".repeat(65), Kind::User, "bob", "username", "at most 64"),
    ("empty username", |s| s.users[1].username = String::new(), Kind::User, "bob", "username", "is empty"),
    ("display name length", |s| s.users[1].display_name = Some("x".repeat(65)), Kind::User, "bob", "display_name", "at most 64"),
    ("blank display name", |s| s.users[1].display_name = Some("  ".into()), Kind::User, "bob", "display_name", "is empty"),
    ("email format", |s| { s.users[1].email = Some("bob@".into()); s.users[1].email_verified = Some(true); }, Kind::User, "bob", "email", "invalid domain"),
    ("email without flag", |s| s.users[1].email = Some("bob@example.com".into()), Kind::User, "bob", "email_verified", "required when email is set"),
    ("phone without region", |s| { s.users[1].phone_number = Some("13800138001".into()); s.users[1].phone_number_verified = Some(true); }, Kind::User, "bob", "phone_region", "required when phone_number is set"),
    ("phone without flag", |s| { s.users[1].phone_number = Some("13800138001".into()); s.users[1].phone_region = Some("86".into()); }, Kind::User, "bob", "phone_number_verified", "required when phone_number is set"),
    ("phone digits", |s| s.users[0].phone_number = Some("138-0013".into()), Kind::User, "alice", "phone_number", "digits only"),
    ("phone length", |s| s.users[0].phone_number = Some("12345".into()), Kind::User, "alice", "phone_number", "6 to 15"),
    ("phone region prefix", |s| s.users[0].phone_region = Some("+86".into()), Kind::User, "alice", "phone_region", "without `+`"),
    ("user description length", |s| s.users[1].description = Some("d".repeat(257)), Kind::User, "bob", "description", "at most 256"),
    ("status", |s| s.users[1].status = "Enabled".into(), Kind::User, "bob", "status", "must be `enabled` or `disabled`"),
    ("user id length", |s| s.users[1].id = "u".repeat(65), Kind::User, "u", "id", "at most 64"),
    ("duplicate user id", |s| s.users.push(user("bob", "bob2", "root")), Kind::User, "bob", "id", "appears 2 times in users"),
    ("missing primary OU", |s| s.users[1].primary_ou_id = "nowhere".into(), Kind::User, "bob", "primary_ou_id", "organizational unit `nowhere` does not exist"),
    ("empty primary OU", |s| s.users[1].primary_ou_id = String::new(), Kind::User, "bob", "primary_ou_id", "is empty"),
    ("OU name length", |s| s.organizational_units[2].name = "w".repeat(65), Kind::OrganizationalUnit, "web", "name", "at most 64"),
    ("OU name control character", |s| s.organizational_units[2].name = "W\u{7}eb".into(), Kind::OrganizationalUnit, "web", "name", "control characters"),
    ("OU description length", |s| s.organizational_units[2].description = Some("d".repeat(129)), Kind::OrganizationalUnit, "web", "description", "at most 128"),
    ("missing OU parent", |s| s.organizational_units[2].parent_id = Some("gone".into()), Kind::OrganizationalUnit, "web", "parent_id", "organizational unit `gone` does not exist"),
    ("self parent", |s| s.organizational_units[2].parent_id = Some("web".into()), Kind::OrganizationalUnit, "web", "parent_id", "cycle of parents: `web` → `web`"),
    ("group name length", |s| s.groups[0].name = "g".repeat(65), Kind::Group, "g1", "name", "at most 64"),
    ("group id empty", |s| { s.groups[0].id = String::new(); s.group_members.clear(); }, Kind::Group, "", "id", "is empty"),
    ("read defect", |s| s.groups[0].defects.push(Defect { field: "name", reason: "must be text, found an integer".into() }), Kind::Group, "g1", "name", "must be text, found an integer (could not be read)"),
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
    assert_eq!(v.desired.users["bob"].attrs.phone, None);
    assert_eq!(v.desired.users["bob"].attrs.email, None);
}

#[test]
fn empty_optional_text_is_absent() {
    let mut s = base();
    s.users[1].email = Some(String::new());
    s.users[1].display_name = Some(String::new());
    s.organizational_units[1].parent_id = Some(String::new());
    let v = validate(s);
    assert!(v.rejections.is_empty(), "{:?}", v.rejections);
    assert_eq!(v.desired.users["bob"].attrs.display_name, None);
    assert_eq!(v.desired.ous["eng"].parent, None);
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
