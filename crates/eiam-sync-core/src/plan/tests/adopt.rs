//! Adoption: the matcher's verdicts (adoptable, ambiguous, conflicting, other sources) and the
//! plan it gives (an `Adopt` first, the object brought in line after it).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::fixtures::*;
use crate::model::{
    AdoptKey, DesiredState, EiamId, Email, ExtId, Kind, ObservedState, Origin, Owned, Ownership,
    Phone, UserStatus,
};
use crate::plan::adopt::{AdoptRules, Matches, match_all};
use crate::plan::guards::{Guarded, WideLimits, evaluate_wide};
use crate::plan::verify::replay;
use crate::plan::{Action, Payload, Plan, UserRemoval, plan_adopting};

fn rules(users: &[AdoptKey]) -> AdoptRules {
    AdoptRules {
        users: users.to_vec(),
        ous_by_path: true,
        groups_by_name: true,
        ..AdoptRules::default()
    }
}

/// A console-made account: its external id is its own EIAM id, as EIAM gives when none is.
fn console_user(s: &mut ObservedState, id: &str, username: &str, email: Option<&str>) {
    add_user(s, id, Some(id), username, &["ou_hq"]);
    if let Some(u) = s.users.get_mut(&EiamId::new(id)) {
        std::sync::Arc::make_mut(&mut u.attrs).email = email.map(|e| Email {
            address: e.into(),
            verified: true,
        });
    }
}

fn phone(s: &mut ObservedState, id: &str, number: &str) {
    if let Some(u) = s.users.get_mut(&EiamId::new(id)) {
        std::sync::Arc::make_mut(&mut u.attrs).phone = Some(Phone {
            region: "86".into(),
            number: number.into(),
            verified: true,
        });
    }
}

/// A snapshot with OU `hq` (name "HQ") and a console instance holding it, by hand.
fn base() -> (DesiredState, ObservedState) {
    let mut d = DesiredState::default();
    want_ou(&mut d, "hq", None, "HQ");
    let mut s = eiam();
    add_ou(&mut s, "ou_hq", Some("ou_hq"), ROOT, "HQ");
    (d, s)
}

/// Record in `o` that `ext` of `kind` is the adopted object `id` (matched by `key`, when by rule).
fn adopted_as(o: &mut Ownership, kind: Kind, ext: &str, id: &str, key: Option<AdoptKey>) {
    let owned = Owned {
        eiam_id: EiamId::new(id),
        origin: Origin::Adopted,
        matched_by: key,
        fingerprint: None,
    };
    o.insert(kind, ExtId::new(ext), owned);
}

fn adopted(m: &Matches, kind: Kind) -> Vec<(String, String, AdoptKey)> {
    (m.adoptions())
        .filter(|(k, _)| *k == kind)
        .map(|(_, a)| (a.record.to_string(), a.eiam_id.to_string(), a.key))
        .collect()
}

#[test]
fn users_match_by_the_first_key_in_order_ignoring_ascii_case() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    with_contact(&mut d, "e1", Some("Alice@Corp.example"), None);
    console_user(&mut s, "user_a", "ALICE", Some("alice@corp.example"));
    let o = Ownership::default();
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username, AdoptKey::Email]));
    let want = ("e1".to_owned(), "user_a".to_owned(), AdoptKey::Username);
    assert_eq!(adopted(&m, Kind::User), [want]);
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Email, AdoptKey::Username]));
    assert_eq!(adopted(&m, Kind::User)[0].2, AdoptKey::Email);
    // The OU is matched by its path of names, independently.
    assert_eq!(
        adopted(&m, Kind::OrganizationalUnit),
        [("hq".to_owned(), "ou_hq".to_owned(), AdoptKey::Path)]
    );
    // No rule for users: nothing adopted, but the account is in the way of the create.
    let m = match_all(&d, &s, &o, &rules(&[]));
    assert!(adopted(&m, Kind::User).is_empty());
    assert_eq!(m.users.conflicting.len(), 1, "{m:?}");
    assert_eq!(m.users.conflicting[0].with.eiam_id, EiamId::new("user_a"));
}

#[test]
fn a_key_matching_several_objects_rejects_the_record_naming_each() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    with_contact(&mut d, "e1", None, Some("1300"));
    console_user(&mut s, "user_a", "al", None);
    console_user(&mut s, "user_b", "ally", None);
    phone(&mut s, "user_a", "1300");
    phone(&mut s, "user_b", "1300");
    let m = match_all(
        &d,
        &s,
        &Ownership::default(),
        &rules(&[AdoptKey::PhoneNumber]),
    );
    assert!(m.users.adoptable.is_empty());
    let a = &m.users.ambiguous[0];
    assert_eq!(a.record, ExtId::new("e1"));
    let reason = a.reason();
    for part in ["user_a (by phone_number)", "user_b (by phone_number)"] {
        assert!(reason.contains(part), "{reason}");
    }
}

#[test]
fn keys_pointing_at_different_objects_reject_the_record() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    with_contact(&mut d, "e1", Some("alice@corp.example"), None);
    console_user(&mut s, "user_a", "alice", None);
    console_user(&mut s, "user_b", "bob", Some("alice@corp.example"));
    let keys = [AdoptKey::Username, AdoptKey::Email];
    let m = match_all(&d, &s, &Ownership::default(), &rules(&keys));
    assert!(m.users.adoptable.is_empty());
    let reason = m.users.ambiguous[0].reason();
    assert!(reason.contains("user_a (by username)"), "{reason}");
    assert!(reason.contains("user_b (by email)"), "{reason}");
    // One key alone is no guess.
    let m = match_all(&d, &s, &Ownership::default(), &rules(&keys[..1]));
    assert_eq!(adopted(&m, Kind::User)[0].1, "user_a");
}

#[test]
fn an_object_matched_by_several_records_is_adopted_by_none() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    want_user(&mut d, "e2", "alice2", "hq", &[]);
    with_contact(&mut d, "e2", Some("alice@corp.example"), None);
    want_user(&mut d, "e3", "carol", "hq", &[]);
    console_user(&mut s, "user_a", "alice", Some("alice@corp.example"));
    console_user(&mut s, "user_c", "carol", None);
    let keys = [AdoptKey::Username, AdoptKey::Email];
    let m = match_all(&d, &s, &Ownership::default(), &rules(&keys));
    let rejected: Vec<&str> = m
        .users
        .ambiguous
        .iter()
        .map(|a| a.record.as_str())
        .collect();
    assert_eq!(rejected, ["e1", "e2"]);
    assert!(
        m.users.ambiguous[0].reason().contains("e2"),
        "names the rival record"
    );
    assert!(m.users.ambiguous[1].reason().contains("user_a (by email)"));
    assert_eq!(
        adopted(&m, Kind::User),
        [("e3".into(), "user_c".into(), AdoptKey::Username)]
    );
}

#[test]
fn other_sources_are_counted_and_adopted_only_when_allowed() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    console_user(&mut s, "user_d", "alice", None);
    console_user(&mut s, "user_x", "xavier", None);
    for id in ["user_d", "user_x"] {
        if let Some(u) = s.users.get_mut(&EiamId::new(id)) {
            u.source_type = Some("ding_talk".into());
        }
    }
    let o = Ownership::default();
    let mut r = rules(&[AdoptKey::Username]);
    let m = match_all(&d, &s, &o, &r);
    assert!(m.users.adoptable.is_empty());
    assert_eq!(
        m.users.conflicting[0].with.source_type.as_deref(),
        Some("ding_talk")
    );
    assert_eq!(
        m.users.other_sources,
        BTreeMap::from([("ding_talk".into(), 2)])
    );
    r.source_types.insert("ding_talk".into());
    let m = match_all(&d, &s, &o, &r);
    assert_eq!(adopted(&m, Kind::User)[0].1, "user_d");
    // The adopted one is not counted among the unmanaged any more.
    assert_eq!(
        m.users.other_sources,
        BTreeMap::from([("ding_talk".into(), 1)])
    );
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    assert_eq!(p.unmanaged.users, 1);
    assert_eq!(p.unmanaged.other_sources["users"]["ding_talk"], 1);
}

#[test]
fn ous_match_by_path_under_the_sync_root_and_groups_by_name() {
    let (mut d, mut s) = base();
    want_ou(&mut d, "web", Some("hq"), "Web");
    want_ou(&mut d, "ops", None, "Web");
    want_group(&mut d, "g1", "Staff", &[]);
    add_ou(&mut s, "ou_web", Some("ou_web"), "ou_hq", "Web");
    add_ou(&mut s, "ou_x", Some("ou_x"), ROOT, "Elsewhere");
    add_group(&mut s, "group_1", Some("group_1"), "Staff", &[]);
    add_group(&mut s, "group_2", Some("group_2"), "Other", &[]);
    let m = match_all(&d, &s, &Ownership::default(), &rules(&[]));
    let ous = adopted(&m, Kind::OrganizationalUnit);
    let names: BTreeSet<(String, String)> = ous.into_iter().map(|(r, i, _)| (r, i)).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            ("hq".into(), "ou_hq".into()),
            ("web".into(), "ou_web".into())
        ]),
        "`ops` is named Web too, but directly under the root: no OU has that path"
    );
    assert_eq!(
        adopted(&m, Kind::Group),
        [("g1".into(), "group_1".into(), AdoptKey::Name)]
    );
}

#[test]
fn managed_objects_and_those_the_store_holds_are_never_candidates() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    want_user(&mut d, "e2", "bob", "hq", &[]);
    add_user(&mut s, "user_1", Some("e1"), "alice", &["ou_hq"]);
    // An account adopted for a record that has left the snapshot.
    console_user(&mut s, "user_b", "bob", None);
    let mut o = Ownership::default();
    adopted_as(&mut o, Kind::User, "gone", "user_b", None);
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username]));
    assert!(m.users.adoptable.is_empty(), "{m:?}");
    assert!(m.users.ambiguous.is_empty() && m.users.conflicting.is_empty());
}

/// Ownership after applying `p`: each adoption linked to its record.
fn linked(before: &Ownership, p: &Plan) -> Ownership {
    let mut o = before.clone();
    for op in &p.ops {
        if let Payload::Adopt { object, key } = &op.payload {
            let id = object.id().cloned().unwrap_or_default();
            adopted_as(
                &mut o,
                op.kind,
                op.external_id.as_str(),
                id.as_str(),
                Some(*key),
            );
        }
    }
    o
}

#[test]
fn the_plan_adopts_first_then_brings_the_objects_in_line_after_their_adoption() {
    let (mut d, mut s) = base();
    want_ou(&mut d, "eng", Some("hq"), "Engineering");
    want_user(&mut d, "e1", "alice", "eng", &[]);
    with_contact(&mut d, "e1", Some("alice@corp.example"), None);
    want_group(&mut d, "g1", "Staff", &["e1"]);
    // By hand: the account sits in HQ with another email, the OU is named "Eng", the group
    // holds someone else.
    add_ou(&mut s, "ou_eng", Some("ou_eng"), "ou_hq", "Eng");
    console_user(&mut s, "user_a", "alice", Some("old@corp.example"));
    console_user(&mut s, "user_z", "zed", None);
    add_group(&mut s, "group_1", Some("group_1"), "Staff", &["user_z"]);
    let o = Ownership::default();
    let r = rules(&[AdoptKey::Username]);
    let m = match_all(&d, &s, &o, &r);
    assert_eq!(
        m.organizational_units.adoptable.len(),
        1,
        "HQ only: Eng's path differs"
    );
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    let adopts: Vec<usize> = (p.ops.iter().enumerate())
        .filter(|(_, op)| op.action() == Action::Adopt)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(adopts, [0, 1, 2], "{:#?}", p.ops);
    let adopt_of = |ext: &str| {
        (p.ops
            .iter()
            .position(|op| op.action() == Action::Adopt && op.external_id == ext))
        .unwrap_or(usize::MAX)
    };
    for (i, op) in p.ops.iter().enumerate().skip(3) {
        let on = match op.kind {
            Kind::User => adopt_of("e1"),
            Kind::Membership | Kind::Group => adopt_of("g1"),
            Kind::OrganizationalUnit => continue,
        };
        assert!(
            op.deps.contains(&on),
            "op {i} {:?} must follow its adoption",
            op.action()
        );
    }
    let actions: Vec<Action> = p.ops.iter().map(|op| op.action()).collect();
    for a in [Action::CreateOrganizationalUnit, Action::PatchUser] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    assert!(!actions.contains(&Action::CreateUser) && !actions.contains(&Action::CreateGroup));
    assert_eq!(p.unmanaged.users, 1, "zed stays unmanaged");
    let after = replay(&s, &p).unwrap_or_else(|v| panic!("{v}\n{:#?}", p.ops));
    assert!(
        mismatches(&d, &after).is_empty(),
        "{:?}",
        mismatches(&d, &after)
    );
    assert!(after.members[&EiamId::new("group_1")].contains(&EiamId::new("user_z")));
    let o2 = ownership_after(&linked(&o, &p), &after);
    let m2 = match_all(&d, &after, &o2, &r);
    assert_eq!(m2, Matches::default(), "nothing left to adopt");
    let again = plan_adopting(
        &d,
        &after,
        &o2,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m2,
    );
    assert!(again.ops.is_empty(), "{:#?}", again.ops);
}

#[test]
fn ambiguous_records_are_rejected_and_nothing_is_created_for_them() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    with_contact(&mut d, "e1", Some("alice@corp.example"), None);
    want_user(&mut d, "e2", "bob", "hq", &[]);
    want_group(&mut d, "g1", "Staff", &["e1", "e2"]);
    console_user(&mut s, "user_a", "alice", None);
    console_user(&mut s, "user_b", "robert", Some("alice@corp.example"));
    let o = Ownership::default();
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username, AdoptKey::Email]));
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    assert_eq!(p.rejected.len(), 1);
    assert_eq!(
        (
            p.rejected[0].external_id.as_str(),
            p.rejected[0].field.as_str()
        ),
        ("e1", "matched_by")
    );
    assert!(
        !p.ops.iter().any(|op| op.external_id == "e1"),
        "{:#?}",
        p.ops
    );
    assert!(
        p.ops
            .iter()
            .any(|op| op.action() == Action::CreateUser && op.external_id == "e2")
    );
}

#[test]
fn a_leaver_adopted_by_a_rule_is_disabled_one_found_by_its_external_id_is_left_alone() {
    let (d, mut s) = base();
    console_user(&mut s, "user_a", "alice", None);
    add_user(&mut s, "user_b", Some("e2"), "bob", &["ou_hq"]);
    let mut o = Ownership::default();
    for (ext, id, key) in [
        ("e1", "user_a", Some(AdoptKey::Email)),
        ("e2", "user_b", None),
    ] {
        adopted_as(&mut o, Kind::User, ext, id, key);
    }
    // Observation knows a linked object by its record's id.
    if let Some(u) = s.users.get_mut(&EiamId::new("user_a")) {
        u.external_id = Some(ExtId::new("e1"));
    }
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username]));
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    let disabled: Vec<&str> = (p.ops.iter())
        .filter(|op| op.action() == Action::DisableUser)
        .map(|op| op.external_id.as_str())
        .collect();
    assert_eq!(disabled, ["e1"]);
    assert_eq!(
        p.managed[&Kind::User],
        1,
        "the guards' base counts it as managed"
    );
    let after = replay(&s, &p).expect("valid");
    assert_eq!(
        after.users[&EiamId::new("user_a")].status,
        UserStatus::Disabled
    );
}

#[test]
fn max_adoptions_refuses_more_and_an_approval_names_each_adoption() {
    let (mut d, mut s) = base();
    for i in 0..3 {
        want_user(&mut d, &format!("e{i}"), &format!("u{i}"), "hq", &[]);
        console_user(&mut s, &format!("user_{i}"), &format!("u{i}"), None);
    }
    let o = Ownership::default();
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username]));
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    let limits = |max_adoptions| WideLimits {
        max_adoptions,
        ..WideLimits::default()
    };
    let check = |max| {
        evaluate_wide(&p, &p.managed, &limits(max), 0)
            .into_iter()
            .find(|g| g.name == "max_adoptions")
            .expect("the guard")
    };
    let g = check(4);
    assert!(!g.tripped && g.planned == 4.0, "three users and HQ: {g:?}");
    let g = check(3);
    assert!(g.tripped, "{g:?}");
    assert!(g.message.contains("adopt 4"), "{}", g.message);
    let items = Guarded::of(&p).all();
    assert!(items.contains("adoption user e0 user_0"), "{items:?}");
    assert!(
        items.contains("adoption organizational_unit hq ou_hq"),
        "{items:?}"
    );
}

#[test]
fn a_user_is_adopted_whether_or_not_its_ou_is() {
    let (mut d, mut s) = base();
    want_user(&mut d, "e1", "alice", "hq", &[]);
    console_user(&mut s, "user_a", "alice", None);
    // Two OUs named HQ under the root: the OU's path is ambiguous.
    add_ou(&mut s, "ou_hq2", Some("ou_hq2"), ROOT, "HQ");
    let o = Ownership::default();
    let m = match_all(&d, &s, &o, &rules(&[AdoptKey::Username]));
    assert!(m.organizational_units.adoptable.is_empty());
    let reason = m.organizational_units.ambiguous[0].reason();
    assert!(
        reason.contains("ou_hq (by path)") && reason.contains("ou_hq2 (by path)"),
        "{reason}"
    );
    let p = plan_adopting(
        &d,
        &s,
        &o,
        options(UserRemoval::Disable),
        &HashSet::new(),
        &m,
    );
    let adopt = (p.ops.iter())
        .find(|op| op.action() == Action::Adopt)
        .unwrap_or_else(|| panic!("{:#?}", p.ops));
    assert_eq!((adopt.kind, adopt.external_id.as_str()), (Kind::User, "e1"));
    assert!(adopt.deps.is_empty(), "an adoption waits for nothing");
    assert_eq!(p.rejected.len(), 1, "hq, naming both OUs");
    assert!(
        !p.ops
            .iter()
            .any(|op| op.action() == Action::CreateOrganizationalUnit)
    );
}
