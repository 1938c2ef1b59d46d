//! Store tests that reach below the HTTP layer: index upkeep across renames, moves and
//! deletes, growth, and the export/import round trip.

use super::{Directory, Lookup, NewUser, UserPatch};
use crate::config::ListUsersReading::{Direct, Subtree};

const APP: &str = "app";

fn dir() -> Directory {
    Directory::new("idaas_t", "root")
}

/// Distinct digits per name (deterministic, so a collision would show on every run).
fn phone_digits(name: &str) -> u64 {
    name.bytes()
        .fold(7u64, |a, b| a.wrapping_mul(131).wrapping_add(u64::from(b)))
        % 10_000_000_000
}

fn new_user(ou: &str, name: &str) -> NewUser {
    NewUser {
        username: name.to_owned(),
        email: Some(format!("{name}@example.com")),
        email_verified: Some(true),
        phone_number: Some(format!("1{:010}", phone_digits(name))),
        phone_region: Some("86".to_owned()),
        phone_number_verified: Some(true),
        external_id: Some(format!("ext-{name}")),
        primary_ou: ou.to_owned(),
        ..NewUser::default()
    }
}

#[test]
fn renames_and_moves_keep_the_sibling_name_index_exact() {
    let mut d = dir();
    let root = d.root_id().to_owned();
    let a = d.create_ou(APP, &root, "A".into(), None, None).unwrap();
    let b = d.create_ou(APP, &root, "B".into(), None, None).unwrap();
    let x = d.create_ou(APP, &a, "X".into(), None, None).unwrap();
    d.patch_ou(APP, &a, Some("A2".into()), None).unwrap();
    // The old name is free again, the new one taken.
    d.create_ou(APP, &root, "A".into(), None, None).unwrap();
    assert!(d.create_ou(APP, &root, "A2".into(), None, None).is_err());
    d.move_ou(APP, &x, &b).unwrap();
    d.create_ou(APP, &a, "X".into(), None, None).unwrap();
    assert!(d.create_ou(APP, &b, "X".into(), None, None).is_err());
    assert_eq!(d.parent_ids(APP, &x).unwrap(), [root.clone(), b.clone()]);
}

#[test]
fn deleting_a_user_frees_its_unique_values_and_memberships() {
    let mut d = dir();
    let root = d.root_id().to_owned();
    let ou = d.create_ou(APP, &root, "Team".into(), None, None).unwrap();
    let id = d.create_user(APP, new_user(&ou, "alice")).unwrap();
    d.add_user_ous(APP, &id, std::slice::from_ref(&root))
        .unwrap();
    let g = d.create_group(APP, "G".into(), None).unwrap();
    d.add_group_members(APP, &g, std::slice::from_ref(&id))
        .unwrap();
    assert!(d.create_user(APP, new_user(&ou, "alice")).is_err());
    d.delete_user(APP, &id).unwrap();
    assert_eq!(d.list_users(APP, Some(&root), Direct, 0, 10).unwrap().1, 0);
    assert_eq!(d.users_of_group(APP, &g, None, 10).unwrap().2, 0);
    d.delete_ou(APP, &ou).unwrap();
    let again = d.create_user(APP, new_user(&root, "alice")).unwrap();
    assert_eq!(
        d.lookup_user(APP, Lookup::Email("ALICE@example.com"))
            .unwrap(),
        again
    );
}

#[test]
fn indexes_stay_right_through_growth_patches_and_deletes() {
    let mut d = dir();
    let root = d.root_id().to_owned();
    let ids: Vec<String> = (0..5_000)
        .map(|i| {
            d.create_user(APP, new_user(&root, &format!("u{i}")))
                .unwrap()
        })
        .collect();
    for (i, id) in ids.iter().enumerate() {
        if i % 2 == 0 {
            d.delete_user(APP, id).unwrap();
        } else if i % 3 == 0 {
            let patch = UserPatch {
                username: Some(format!("renamed{i}")),
                email: Some(String::new()),
                ..UserPatch::default()
            };
            d.patch_user(APP, id, patch).unwrap();
        }
    }
    for (i, id) in ids.iter().enumerate() {
        let by_name = d.lookup_user(APP, Lookup::Username(&format!("u{i}")));
        let by_ext = d.lookup_user(
            APP,
            Lookup::External {
                source_type: "build_in",
                source_id: "idaas_t",
                external_id: &format!("ext-u{i}"),
            },
        );
        let by_email = d.lookup_user(APP, Lookup::Email(&format!("u{i}@example.com")));
        match (i % 2, i % 3) {
            (0, _) => assert!(by_name.is_err() && by_ext.is_err() && d.get_user(APP, id).is_err()),
            (_, 0) => {
                assert!(by_name.is_err() && by_email.is_err(), "{i}");
                assert_eq!(
                    d.lookup_user(APP, Lookup::Username(&format!("RENAMED{i}")))
                        .as_ref(),
                    Ok(id)
                );
                assert_eq!(by_ext.as_ref(), Ok(id));
            }
            _ => assert_eq!((by_name.as_ref(), by_email.as_ref()), (Ok(id), Ok(id))),
        }
    }
    assert_eq!(d.list_users(APP, None, Direct, 0, 1).unwrap().1, 2_500);
}

#[test]
fn export_then_import_gives_the_same_directory() {
    let mut d = dir();
    let root = d.root_id().to_owned();
    let ou = d
        .create_ou(
            APP,
            &root,
            "Team".into(),
            Some("desc".into()),
            Some("t1".into()),
        )
        .unwrap();
    let u = d.create_user(APP, new_user(&ou, "bob")).unwrap();
    d.add_user_ous(APP, &u, std::slice::from_ref(&root))
        .unwrap();
    let g = d.create_group(APP, "G".into(), Some("g1".into())).unwrap();
    d.add_group_members(APP, &g, std::slice::from_ref(&u))
        .unwrap();
    d.set_user_enabled(APP, &u, false).unwrap();
    let state = d.export();
    let copy = Directory::import("idaas_t", state.clone()).unwrap();
    assert_eq!(copy.export(), state);
    assert_eq!(copy.root_id(), root);
    assert_eq!(
        copy.get_user(APP, &u).unwrap(),
        d.get_user(APP, &u).unwrap()
    );
}

#[test]
fn the_subtree_reading_lists_every_member_below_an_ou_once_and_pages_through_them() {
    let mut d = dir();
    let root = d.root_id().to_owned();
    let a = d.create_ou(APP, &root, "A".into(), None, None).unwrap();
    let b = d.create_ou(APP, &a, "B".into(), None, None).unwrap();
    let c = d.create_ou(APP, &b, "C".into(), None, None).unwrap();
    let other = d.create_ou(APP, &root, "Other".into(), None, None).unwrap();
    let in_a = d.create_user(APP, new_user(&a, "in_a")).unwrap();
    let in_c = d.create_user(APP, new_user(&c, "in_c")).unwrap();
    let in_other = d.create_user(APP, new_user(&other, "in_other")).unwrap();
    // A member of A and of C (below A) is listed once; one of Other and B shows under A too.
    d.add_user_ous(APP, &in_c, std::slice::from_ref(&a))
        .unwrap();
    d.add_user_ous(APP, &in_other, std::slice::from_ref(&b))
        .unwrap();
    let ids = |d: &Directory, ou: &str, reading, offset, limit| {
        let (page, total) = d.list_users(APP, Some(ou), reading, offset, limit).unwrap();
        let ids: Vec<String> = page.into_iter().filter_map(|u| u.user_id).collect();
        (ids, total)
    };
    assert_eq!(
        ids(&d, &a, Direct, 0, 10),
        (vec![in_a.clone(), in_c.clone()], 2)
    );
    assert_eq!(ids(&d, &b, Direct, 0, 10), (vec![in_other.clone()], 1));
    let all_of_a = vec![in_a.clone(), in_c.clone(), in_other.clone()];
    assert_eq!(ids(&d, &a, Subtree, 0, 10), (all_of_a, 3));
    assert_eq!(ids(&d, &a, Subtree, 1, 1), (vec![in_c.clone()], 3));
    assert_eq!(ids(&d, &a, Subtree, 3, 10), (vec![], 3));
    assert_eq!(
        ids(&d, &b, Subtree, 0, 10),
        (vec![in_c.clone(), in_other.clone()], 2)
    );
    assert_eq!(ids(&d, &c, Subtree, 0, 10), (vec![in_c.clone()], 1));
    assert_eq!(ids(&d, &root, Direct, 0, 10), (vec![], 0));
    assert_eq!(ids(&d, &root, Subtree, 0, 10).1, 3);
    // A narrowed scope: the root is out of reach, its sub-OUs are listed as before.
    d.set_scope(APP, std::slice::from_ref(&a), &[]).unwrap();
    assert!(d.list_users(APP, Some(&root), Subtree, 0, 10).is_err());
    assert_eq!(ids(&d, &a, Subtree, 0, 10).1, 3);
}
