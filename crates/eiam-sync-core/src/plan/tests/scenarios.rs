//! Named planning scenarios: each checks the operations chosen and that the plan converges.

use crate::model::{DesiredState, EiamId, Email, ExtId, Kind, KindSet, Ownership, UserStatus};
use crate::plan::UserRemoval;
use crate::plan::{Action, GuardLimits, PlanOptions, plan};

use super::fixtures::*;

fn actions(p: &crate::plan::Plan) -> Vec<(Action, String)> {
    p.ops
        .iter()
        .map(|o| (o.action(), o.external_id.to_string()))
        .collect()
}

fn count(p: &crate::plan::Plan, a: Action) -> usize {
    p.ops
        .iter()
        .filter(|o| o.action() == a && o.blocked.is_none())
        .count()
}

#[test]
fn initial_load_creates_parents_first_then_users_then_groups() {
    let mut d = DesiredState::default();
    want_ou(&mut d, "eng", None, "Engineering");
    want_ou(&mut d, "web", Some("eng"), "Web");
    want_ou(&mut d, "ops", Some("eng"), "Ops");
    want_user(&mut d, "u1", "alice", "web", &["ops"]);
    want_user(&mut d, "u2", "bob", "ops", &[]);
    d.users.get_mut(&ExtId::new("u2")).unwrap().status = UserStatus::Disabled;
    want_group(&mut d, "g1", "Admins", &["u1", "u2"]);
    let (p, after) = converge(&d, &eiam(), &Ownership::default(), UserRemoval::Disable);
    assert_eq!(count(&p, Action::CreateOrganizationalUnit), 3);
    assert_eq!(count(&p, Action::CreateUser), 2);
    assert_eq!(count(&p, Action::AddUserToOrganizationalUnits), 1);
    assert_eq!(count(&p, Action::DisableUser), 1);
    assert_eq!(count(&p, Action::CreateGroup), 1);
    assert_eq!(
        count(&p, Action::AddUsersToGroup),
        1,
        "memberships are batched per group"
    );
    let pos = |a: Action, e: &str| {
        p.ops
            .iter()
            .position(|o| o.action() == a && o.external_id == e)
            .unwrap()
    };
    assert!(
        pos(Action::CreateOrganizationalUnit, "eng") < pos(Action::CreateOrganizationalUnit, "web")
    );
    assert!(
        p.ops[pos(Action::CreateOrganizationalUnit, "web")]
            .deps
            .contains(&pos(Action::CreateOrganizationalUnit, "eng"))
    );
    assert_eq!(after.users.len(), 2);
    check_orders(&d, &eiam(), &p, 20);
}

fn base() -> (DesiredState, crate::model::ObservedState, Ownership) {
    let mut s = eiam();
    let mut o = Ownership::default();
    add_ou(&mut s, "ou_a", Some("a"), ROOT, "A");
    add_ou(&mut s, "ou_b", Some("b"), "ou_a", "B");
    add_ou(&mut s, "ou_c", Some("c"), "ou_b", "C");
    add_user(&mut s, "user_1", Some("u1"), "alice", &["ou_b"]);
    add_user(&mut s, "user_2", Some("u2"), "bob", &["ou_c"]);
    add_group(&mut s, "group_1", Some("g1"), "Admins", &["user_1"]);
    for (k, e, i) in [
        (Kind::OrganizationalUnit, "a", "ou_a"),
        (Kind::OrganizationalUnit, "b", "ou_b"),
        (Kind::OrganizationalUnit, "c", "ou_c"),
        (Kind::User, "u1", "user_1"),
        (Kind::User, "u2", "user_2"),
        (Kind::Group, "g1", "group_1"),
    ] {
        owned(&mut o, k, e, i);
    }
    let mut d = DesiredState::default();
    want_ou(&mut d, "a", None, "A");
    want_ou(&mut d, "b", Some("a"), "B");
    want_ou(&mut d, "c", Some("b"), "C");
    want_user(&mut d, "u1", "alice", "b", &[]);
    want_user(&mut d, "u2", "bob", "c", &[]);
    want_group(&mut d, "g1", "Admins", &["u1"]);
    (d, s, o)
}

#[test]
fn nothing_to_do_when_in_step() {
    let (d, s, o) = base();
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    assert!(p.ops.is_empty(), "{:#?}", p.ops);
}

#[test]
fn subtree_moves_under_its_former_descendant_without_a_cycle() {
    let (mut d, s, o) = base();
    // A→B→C becomes C→B→A: every OU moves, the top one under what was its grandchild.
    want_ou(&mut d, "c", None, "C");
    want_ou(&mut d, "b", Some("c"), "B");
    want_ou(&mut d, "a", Some("b"), "A");
    let (p, after) = converge(&d, &s, &o, UserRemoval::Disable);
    assert!(count(&p, Action::PatchOrganizationalUnitParentId) >= 3);
    assert_eq!(
        count(&p, Action::CreateOrganizationalUnit),
        0,
        "moves, never delete-and-create"
    );
    assert_eq!(count(&p, Action::DeleteOrganizationalUnit), 0);
    for id in ["ou_a", "ou_b", "ou_c"] {
        assert!(
            after.ous.contains_key(&EiamId::new(id)),
            "{id} kept its EIAM id"
        );
    }
    check_orders(&d, &s, &p, 20);
}

#[test]
fn sibling_names_swap_through_a_temporary_name() {
    let (mut d, mut s, mut o) = base();
    add_ou(&mut s, "ou_x", Some("x"), "ou_a", "X");
    owned(&mut o, Kind::OrganizationalUnit, "x", "ou_x");
    want_ou(&mut d, "x", Some("a"), "B");
    want_ou(&mut d, "b", Some("a"), "X");
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    assert_eq!(
        count(&p, Action::PatchOrganizationalUnit),
        3,
        "{:#?}",
        actions(&p)
    );
    check_orders(&d, &s, &p, 20);
}

#[test]
fn usernames_swap_and_a_new_hire_takes_a_freed_name() {
    let (mut d, s, o) = base();
    want_user(&mut d, "u1", "bob", "b", &[]);
    want_user(&mut d, "u2", "alice.old", "c", &[]);
    want_user(&mut d, "u3", "alice", "a", &[]);
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    let create = p
        .ops
        .iter()
        .position(|o| o.action() == Action::CreateUser)
        .unwrap();
    assert!(
        !p.ops[create].deps.is_empty(),
        "the hire waits for the rename that frees `alice`"
    );
    check_orders(&d, &s, &p, 30);
}

#[test]
fn email_cycle_is_broken_with_a_temporary_address() {
    let (mut d, mut s, o) = base();
    for (id, e) in [("user_1", "a@x.com"), ("user_2", "b@x.com")] {
        let u = s.users.get_mut(&EiamId::new(id)).unwrap();
        std::sync::Arc::make_mut(&mut u.attrs).email = Some(Email {
            address: e.into(),
            verified: true,
        });
    }
    with_contact(&mut d, "u1", Some("b@x.com"), None);
    with_contact(&mut d, "u2", Some("a@x.com"), None);
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    assert_eq!(count(&p, Action::PatchUser), 3);
    check_orders(&d, &s, &p, 20);
}

#[test]
fn users_move_between_ous_and_keep_their_ids() {
    let (mut d, s, o) = base();
    want_user(&mut d, "u1", "alice", "c", &["a"]);
    want_user(&mut d, "u2", "bob", "b", &[]);
    let (p, after) = converge(&d, &s, &o, UserRemoval::Disable);
    assert_eq!(count(&p, Action::SetUserPrimaryOrganizationalUnit), 2);
    assert_eq!(count(&p, Action::CreateUser), 0);
    assert!(after.users.contains_key(&EiamId::new("user_1")));
    check_orders(&d, &s, &p, 10);
}

#[test]
fn primary_and_secondary_swap() {
    let (mut d, mut s, o) = base();
    s.users
        .get_mut(&EiamId::new("user_1"))
        .unwrap()
        .ous
        .insert(EiamId::new("ou_c"));
    want_user(&mut d, "u1", "alice", "c", &["b"]);
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    check_orders(&d, &s, &p, 10);
}

#[test]
fn leavers_are_disabled_or_deleted() {
    for removal in [UserRemoval::Disable, UserRemoval::Delete] {
        let (mut d, s, o) = base();
        d.users.remove(&ExtId::new("u2"));
        let p = plan(&d, &s, &o, options(removal));
        let want = if removal == UserRemoval::Disable {
            Action::DisableUser
        } else {
            Action::DeleteUser
        };
        assert_eq!(actions(&p), vec![(want, "u2".to_owned())]);
        converge(&d, &s, &o, removal);
    }
}

#[test]
fn ou_removed_with_its_users() {
    let (mut d, s, o) = base();
    d.ous.remove(&ExtId::new("c"));
    d.users.remove(&ExtId::new("u2"));
    let (p, after) = converge(&d, &s, &o, UserRemoval::Delete);
    let del_user = p
        .ops
        .iter()
        .position(|o| o.action() == Action::DeleteUser)
        .unwrap();
    let del_ou = p
        .ops
        .iter()
        .position(|o| o.action() == Action::DeleteOrganizationalUnit)
        .unwrap();
    assert!(
        p.ops[del_ou].deps.contains(&del_user),
        "the OU is emptied before it is deleted"
    );
    assert!(!after.ous.contains_key(&EiamId::new("ou_c")));
    // With user_removal = "disable" the leaver stays, so its OU is kept and said so.
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    assert_eq!(actions(&p), vec![(Action::DisableUser, "u2".to_owned())]);
    assert_eq!(p.notes.len(), 1);
}

#[test]
fn hand_made_objects_stay_untouched() {
    let (d, mut s, o) = base();
    add_ou(&mut s, "ou_manual", Some("manual"), "ou_a", "Manual");
    add_user(&mut s, "user_manual", None, "carol", &["ou_b"]);
    add_group(&mut s, "group_manual", None, "Manual group", &["user_1"]);
    s.members
        .get_mut(&EiamId::new("group_1"))
        .unwrap()
        .insert(EiamId::new("user_manual"));
    let p = plan(&d, &s, &o, options(UserRemoval::Delete));
    assert!(p.ops.is_empty(), "{:#?}", p.ops);
    assert_eq!(
        (
            p.unmanaged.organizational_units,
            p.unmanaged.users,
            p.unmanaged.groups
        ),
        (1, 1, 1)
    );
}

#[test]
fn a_name_held_by_an_unmanaged_ou_blocks_only_what_needs_it() {
    let (mut d, mut s, o) = base();
    add_ou(&mut s, "ou_manual", None, ROOT, "Sales");
    want_ou(&mut d, "sales", None, "Sales");
    want_user(&mut d, "u9", "zed", "sales", &[]);
    want_user(&mut d, "u8", "yan", "a", &[]);
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    let blocked: Vec<_> = p
        .ops
        .iter()
        .filter(|o| o.blocked.is_some())
        .map(|o| o.external_id.clone())
        .collect();
    assert_eq!(blocked, vec!["sales".to_owned(), "u9".to_owned()]);
    assert!(
        p.ops
            .iter()
            .any(|o| o.external_id == "u8" && o.blocked.is_none())
    );
}

#[test]
fn rejected_records_are_never_removed() {
    let (mut d, s, o) = base();
    d.users.remove(&ExtId::new("u2"));
    d.rejected.insert((Kind::User, ExtId::new("u2")));
    d.groups.remove(&ExtId::new("g1"));
    d.rejected.insert((Kind::Group, ExtId::new("g1")));
    let p = plan(&d, &s, &o, options(UserRemoval::Delete));
    assert!(p.ops.is_empty(), "{:#?}", p.ops);
}

#[test]
fn group_rename_and_membership_churn() {
    let (mut d, s, o) = base();
    want_group(&mut d, "g1", "Administrators", &["u2"]);
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    assert_eq!(count(&p, Action::PatchGroup), 1);
    assert_eq!(count(&p, Action::AddUsersToGroup), 1);
    assert_eq!(count(&p, Action::RemoveUsersFromGroup), 1);
}

#[test]
fn guards_count_deletions_and_disables() {
    let (mut d, s, o) = base();
    d.users.clear();
    d.members.clear();
    let limits = GuardLimits {
        max_deletes: 1,
        max_delete_percent: 100.0,
        percent_min_count: 0,
    };
    let opts = PlanOptions {
        limits,
        ..options(UserRemoval::Disable)
    };
    let p = plan(&d, &s, &o, opts);
    let g = p.guards.iter().find(|g| g.name == "max_deletes").unwrap();
    assert!(g.tripped && g.planned == 2.0 && g.limit == 1.0);
    let limits = GuardLimits {
        max_deletes: 100,
        max_delete_percent: 49.0,
        percent_min_count: 0,
    };
    let p = plan(&d, &s, &o, PlanOptions { limits, ..opts });
    let g = p
        .guards
        .iter()
        .find(|g| g.name == "max_delete_percent.users")
        .unwrap();
    assert!(g.tripped && g.planned == 100.0, "{g:?}");
    assert!(p.is_refused());
    // Above the floor only: removing both users of a directory of two is a large share of a
    // small kind, which the snapshot-drop gate and max_deletes weigh instead.
    let n = g
        .message
        .split_whitespace()
        .nth(6)
        .unwrap()
        .parse::<u64>()
        .unwrap();
    for (floor, tripped) in [(n - 1, true), (n, false)] {
        let limits = GuardLimits {
            percent_min_count: floor,
            ..limits
        };
        let p = plan(&d, &s, &o, PlanOptions { limits, ..opts });
        let g = p
            .guards
            .iter()
            .find(|g| g.name == "max_delete_percent.users")
            .unwrap();
        assert_eq!(g.tripped, tripped, "floor {floor}: {g:?}");
    }
}

#[test]
fn only_keeps_some_kinds_and_skips_what_depends_on_others() {
    let mut d = DesiredState::default();
    want_ou(&mut d, "eng", None, "Engineering");
    want_user(&mut d, "u1", "alice", "eng", &[]);
    let opts = PlanOptions {
        kinds: KindSet::empty().with(Kind::User),
        ..options(UserRemoval::Disable)
    };
    let p = plan(&d, &eiam(), &Ownership::default(), opts);
    assert_eq!(p.ops.len(), 1);
    assert_eq!(p.ops[0].action(), Action::CreateUser);
    assert!(p.ops[0].blocked.as_deref().unwrap().contains("--only"));
}

#[test]
fn a_blocked_rename_never_leaves_a_temporary_name_behind() {
    let (mut d, mut s, mut o) = base();
    // A manual "Marketing" OU keeps "a" from taking that name; "x" wants a's current name.
    add_ou(&mut s, "ou_manual", None, ROOT, "Marketing");
    add_ou(&mut s, "ou_x", Some("x"), ROOT, "X");
    owned(&mut o, Kind::OrganizationalUnit, "x", "ou_x");
    want_ou(&mut d, "a", None, "Marketing");
    want_ou(&mut d, "x", None, "A");
    // Same for users: u1 wants a name held by a hand-made account; u2 wants u1's.
    add_user(&mut s, "user_manual", None, "carol", &["ou_b"]);
    want_user(&mut d, "u1", "carol", "b", &[]);
    want_user(&mut d, "u2", "alice", "c", &[]);
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    let text = format!("{:?}", p.ops);
    assert!(
        !text.contains("eiam-sync-tmp"),
        "no placeholder names: {:#?}",
        p.ops
    );
    let blocked: Vec<&str> = p
        .ops
        .iter()
        .filter(|o| o.blocked.is_some())
        .map(|o| o.external_id.as_str())
        .collect();
    assert_eq!(blocked, vec!["a", "x", "u1", "u2"], "{:#?}", p.ops);
    assert!(
        p.ops.iter().all(|o| o.blocked.is_some()),
        "nothing else to do"
    );
}

#[test]
fn a_users_disable_does_not_wait_for_its_patch() {
    let (mut d, s, o) = base();
    want_user(&mut d, "u1", "alice2", "c", &["a"]);
    d.users.get_mut(&ExtId::new("u1")).unwrap().status = UserStatus::Disabled;
    let p = plan(&d, &s, &o, options(UserRemoval::Disable));
    let at = |a: Action| p.ops.iter().position(|o| o.action() == a).unwrap();
    let (patch, primary, add, disable) = (
        at(Action::PatchUser),
        at(Action::SetUserPrimaryOrganizationalUnit),
        at(Action::AddUserToOrganizationalUnits),
        at(Action::DisableUser),
    );
    assert!(
        p.ops[disable].deps.is_empty(),
        "offboarding never waits on a patch"
    );
    assert!(!p.ops[primary].deps.contains(&patch));
    assert!(
        p.ops[add].deps.contains(&primary),
        "secondary OUs follow the primary move"
    );
}

#[test]
fn unrelated_ou_moves_do_not_depend_on_each_other() {
    let (mut d, mut s, mut o) = base();
    add_ou(&mut s, "ou_q", Some("q"), ROOT, "Q");
    owned(&mut o, Kind::OrganizationalUnit, "q", "ou_q");
    want_ou(&mut d, "q", None, "Q");
    // c moves to the root, and a (with b) moves under q: no move makes the other safe.
    want_ou(&mut d, "c", None, "C");
    want_ou(&mut d, "a", Some("q"), "A");
    let (p, _) = converge(&d, &s, &o, UserRemoval::Disable);
    let moves: Vec<usize> = (0..p.ops.len())
        .filter(|&i| p.ops[i].action() == Action::PatchOrganizationalUnitParentId)
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(!p.ops[moves[1]].deps.contains(&moves[0]), "{:#?}", p.ops);
}

#[test]
fn an_orphan_group_waits_for_its_deleted_members_and_only_groups_empties_it() {
    let (mut d, s, o) = base();
    d.groups.clear();
    d.members.clear();
    d.users.remove(&ExtId::new("u1"));
    let p = plan(&d, &s, &o, options(UserRemoval::Delete));
    let delete_user = p
        .ops
        .iter()
        .position(|o| o.action() == Action::DeleteUser)
        .unwrap();
    let delete_group = p
        .ops
        .iter()
        .position(|o| o.action() == Action::DeleteGroup)
        .unwrap();
    assert!(
        p.ops[delete_group].deps.contains(&delete_user),
        "{:#?}",
        p.ops
    );
    check_orders(&d, &s, &p, 10);
    let only = PlanOptions {
        kinds: KindSet::empty().with(Kind::Membership),
        ..options(UserRemoval::Delete)
    };
    let p = plan(&d, &s, &o, only);
    assert!(
        p.ops.is_empty(),
        "--only memberships never empties a group it does not delete: {:#?}",
        p.ops
    );
}
