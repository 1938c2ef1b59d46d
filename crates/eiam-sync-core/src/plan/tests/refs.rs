//! References stay typed: an operation names its object by source id, the EIAM objects it
//! touches by EIAM id, and an object that will never exist as `Absent`, never by a made-up id.

use crate::model::EiamId;
use crate::plan::verify::replay;
use crate::plan::{Action, ObjRef, Payload, UserRemoval, plan};

use super::fixtures::*;

fn base() -> (
    crate::model::DesiredState,
    crate::model::ObservedState,
    crate::model::Ownership,
) {
    let mut s = eiam();
    let mut o = crate::model::Ownership::default();
    add_ou(&mut s, "ou_a", Some("a"), ROOT, "A");
    add_user(&mut s, "user_1", Some("u1"), "alice", &["ou_a"]);
    owned(&mut o, crate::model::Kind::OrganizationalUnit, "a", "ou_a");
    owned(&mut o, crate::model::Kind::User, "u1", "user_1");
    let mut d = crate::model::DesiredState::default();
    want_ou(&mut d, "a", None, "A");
    want_user(&mut d, "u1", "alice", "a", &[]);
    (d, s, o)
}

#[test]
fn a_blocked_create_names_what_will_never_exist_as_absent() {
    let (mut d, mut s, o) = base();
    add_ou(&mut s, "ou_manual", None, ROOT, "Sales");
    want_ou(&mut d, "sales", None, "Sales");
    want_user(&mut d, "u9", "zed", "sales", &[]);
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    let create = p
        .ops
        .iter()
        .find(|op| op.action() == Action::CreateUser && op.external_id == "u9")
        .expect("the user's create is reported");
    assert!(create.blocked.is_some());
    match &create.payload {
        Payload::CreateUser { primary_ou, attrs } => {
            assert_eq!(
                *primary_ou,
                ObjRef::Absent,
                "never the OU's source id as an EIAM id"
            );
            assert_eq!(attrs.username, "zed");
        }
        other => panic!("unexpected payload {other:?}"),
    }
    let ou = p
        .ops
        .iter()
        .find(|op| op.external_id == "sales")
        .expect("the OU's create is reported");
    match &ou.payload {
        Payload::CreateOu { parent, .. } => assert_eq!(*parent, ObjRef::Id(EiamId::new(ROOT))),
        other => panic!("unexpected payload {other:?}"),
    }
    assert!(
        replay(&s, &p).is_ok(),
        "blocked operations are never replayed"
    );
}

#[test]
fn operations_carry_source_ids_and_existing_objects_their_eiam_ids() {
    let (mut d, s, o) = base();
    want_user(&mut d, "u1", "renamed", "a", &[]);
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    let patch = p
        .ops
        .iter()
        .find(|op| op.action() == Action::PatchUser)
        .expect("a rename is a patch");
    assert_eq!(patch.external_id, "u1");
    assert_eq!(patch.eiam_id, Some(EiamId::new("user_1")));
    match &patch.payload {
        Payload::PatchUser { user, patch } => {
            assert_eq!(*user, ObjRef::Id(EiamId::new("user_1")));
            assert_eq!(patch.username.as_deref(), Some("renamed"));
        }
        other => panic!("unexpected payload {other:?}"),
    }
}
