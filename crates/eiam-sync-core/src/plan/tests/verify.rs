//! The pre-apply replay refuses every step EIAM would refuse, also after earlier steps of the
//! same plan changed what is taken (its lookup tables must follow every change).

use crate::model::attrs::{GroupAttrs, GroupPatch, OuAttrs, OuPatch, UserAttrs, UserPatch};
use crate::model::{EiamId, Email, Kind, Phone, UserStatus};
use crate::plan::verify::replay;
use crate::plan::{ObjRef, Op, Payload, Plan};

use super::fixtures::{ROOT, add_group, add_ou, add_user, eiam};

fn op(kind: Kind, payload: Payload) -> Op {
    Op {
        kind,
        external_id: "x".into(),
        eiam_id: None,
        payload,
        changes: Default::default(),
        deps: Vec::new(),
        blocked: None,
        cause: None,
    }
}

fn id(s: &str) -> ObjRef {
    ObjRef::Id(EiamId::new(s))
}

fn create_user(username: &str, email: Option<&str>, phone: Option<&str>) -> Op {
    op(
        Kind::User,
        Payload::CreateUser {
            primary_ou: id("ou_a"),
            attrs: std::sync::Arc::new(UserAttrs {
                username: username.into(),
                email: email.map(email_of),
                phone: phone.map(phone_of),
                ..Default::default()
            }),
        },
    )
}

fn email_of(address: &str) -> Email {
    Email {
        address: address.into(),
        verified: true,
    }
}

fn phone_of(number: &str) -> Phone {
    Phone {
        region: "86".into(),
        number: number.into(),
        verified: true,
    }
}

fn patch_user(user: &str, patch: UserPatch) -> Op {
    op(
        Kind::User,
        Payload::PatchUser {
            user: id(user),
            patch: Box::new(patch),
        },
    )
}

fn check(ops: Vec<Op>) -> Result<(), String> {
    let mut s = eiam();
    add_ou(&mut s, "ou_a", Some("a"), ROOT, "A");
    add_ou(&mut s, "ou_b", Some("b"), ROOT, "B");
    add_ou(&mut s, "ou_a1", Some("a1"), "ou_a", "A1");
    add_user(&mut s, "u1", Some("e1"), "Alice", &["ou_a"]);
    if let Some(u) = s.users.get_mut(&EiamId::new("u1")) {
        std::sync::Arc::make_mut(&mut u.attrs).email = Some(email_of("alice@corp.example"));
        std::sync::Arc::make_mut(&mut u.attrs).phone = Some(phone_of("1300"));
    }
    add_user(&mut s, "u2", Some("e2"), "bob", &["ou_b"]);
    add_group(&mut s, "g1", Some("g1"), "Staff", &["u1"]);
    let plan = Plan {
        ops,
        ..Default::default()
    };
    replay(&s, &plan).map(|_| ()).map_err(|v| v.reason)
}

#[test]
fn user_values_stay_unique_ignoring_ascii_case() {
    let err = check(vec![create_user("ALICE", None, None)]).unwrap_err();
    assert!(err.contains("username is used by u1"), "{err}");
    let err = check(vec![create_user("carol", Some("Alice@Corp.Example"), None)]).unwrap_err();
    assert!(err.contains("email is used by u1"), "{err}");
    let err = check(vec![create_user("carol", None, Some("1300"))]).unwrap_err();
    assert!(err.contains("phone number is used by u1"), "{err}");
    let steal = UserPatch {
        username: Some("alice".into()),
        ..Default::default()
    };
    let err = check(vec![patch_user("u2", steal.clone())]).unwrap_err();
    assert!(err.contains("username is used by u1"), "{err}");
    // A user may keep (or re-case) its own values.
    check(vec![patch_user("u1", steal)]).unwrap();
}

#[test]
fn a_value_freed_earlier_in_the_plan_may_be_taken_and_a_new_one_not() {
    let free = UserPatch {
        username: Some("alice.old".into()),
        email: Some(email_of("old@corp.example")),
        ..Default::default()
    };
    check(vec![
        patch_user("u1", free.clone()),
        create_user("alice", Some("alice@corp.example"), None),
    ])
    .unwrap();
    let err = check(vec![
        patch_user("u1", free),
        create_user("carol", Some("OLD@corp.example"), None),
    ])
    .unwrap_err();
    assert!(err.contains("email is used by u1"), "{err}");
    let err = check(vec![
        create_user("carol", None, None),
        create_user("Carol", None, None),
    ])
    .unwrap_err();
    assert!(err.contains("username is used by user_new0"), "{err}");
    // A deleted user's values are free again.
    check(vec![
        op(
            Kind::User,
            Payload::DeleteUser {
                user: EiamId::new("u2"),
            },
        ),
        create_user("Bob", None, None),
    ])
    .unwrap();
}

fn create_ou(parent: &str, name: &str) -> Op {
    op(
        Kind::OrganizationalUnit,
        Payload::CreateOu {
            parent: id(parent),
            attrs: OuAttrs {
                name: name.into(),
                ..Default::default()
            },
        },
    )
}

fn delete_ou(ou: &str) -> Op {
    op(
        Kind::OrganizationalUnit,
        Payload::DeleteOu {
            ou: EiamId::new(ou),
        },
    )
}

fn move_ou(ou: &str, parent: &str) -> Op {
    op(
        Kind::OrganizationalUnit,
        Payload::MoveOu {
            ou: id(ou),
            parent: id(parent),
        },
    )
}

#[test]
fn sibling_names_follow_renames_and_moves() {
    let err = check(vec![create_ou(ROOT, "A")]).unwrap_err();
    assert!(err.contains("an OU named `A` already exists"), "{err}");
    check(vec![create_ou("ou_b", "A")]).unwrap();
    let rename = op(
        Kind::OrganizationalUnit,
        Payload::PatchOu {
            ou: id("ou_a"),
            patch: OuPatch {
                name: Some("C".into()),
                ..Default::default()
            },
        },
    );
    check(vec![rename.clone(), create_ou(ROOT, "A")]).unwrap();
    let err = check(vec![rename, create_ou(ROOT, "C")]).unwrap_err();
    assert!(err.contains("an OU named `C` already exists"), "{err}");
    let err = check(vec![move_ou("ou_a1", "ou_b"), create_ou("ou_b", "A1")]).unwrap_err();
    assert!(err.contains("an OU named `A1` already exists"), "{err}");
    check(vec![move_ou("ou_a1", "ou_b"), create_ou("ou_a", "A1")]).unwrap();
    let err = check(vec![move_ou("ou_a", "ou_a1")]).unwrap_err();
    assert!(err.contains("cycle"), "{err}");
}

#[test]
fn ous_and_groups_are_emptied_before_deletion() {
    let err = check(vec![delete_ou("ou_a")]).unwrap_err();
    assert!(err.contains("still has child OUs"), "{err}");
    let err = check(vec![move_ou("ou_a1", "ou_b"), delete_ou("ou_a")]).unwrap_err();
    assert!(err.contains("still has users"), "{err}");
    let set_primary = op(
        Kind::User,
        Payload::SetPrimaryOu {
            user: id("u1"),
            ou: id("ou_b"),
        },
    );
    check(vec![
        move_ou("ou_a1", "ou_b"),
        set_primary.clone(),
        delete_ou("ou_a"),
    ])
    .unwrap();
    // A secondary membership also keeps an OU in use.
    let add = op(
        Kind::User,
        Payload::AddUserToOus {
            user: id("u2"),
            ous: vec![id("ou_a1")],
        },
    );
    let err = check(vec![add, delete_ou("ou_a1")]).unwrap_err();
    assert!(err.contains("still has users"), "{err}");
    let delete_group = op(
        Kind::Group,
        Payload::DeleteGroup {
            group: EiamId::new("g1"),
        },
    );
    let err = check(vec![delete_group.clone()]).unwrap_err();
    assert!(err.contains("still has members"), "{err}");
    let delete_u1 = op(
        Kind::User,
        Payload::DeleteUser {
            user: EiamId::new("u1"),
        },
    );
    check(vec![delete_u1, delete_group.clone()]).unwrap();
    let disable = op(
        Kind::User,
        Payload::SetUserStatus {
            user: id("u1"),
            status: UserStatus::Disabled,
        },
    );
    let err = check(vec![disable, delete_group]).unwrap_err();
    assert!(err.contains("still has members"), "{err}");
}

#[test]
fn group_names_stay_unique() {
    let create = |name: &str| {
        op(
            Kind::Group,
            Payload::CreateGroup {
                attrs: GroupAttrs { name: name.into() },
            },
        )
    };
    let err = check(vec![create("Staff")]).unwrap_err();
    assert!(
        err.contains("a group named `Staff` already exists"),
        "{err}"
    );
    let rename = op(
        Kind::Group,
        Payload::PatchGroup {
            group: id("g1"),
            patch: GroupPatch {
                name: Some("Everyone".into()),
            },
        },
    );
    check(vec![rename, create("Staff")]).unwrap();
}
