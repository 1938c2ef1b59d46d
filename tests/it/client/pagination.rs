//! Both pagination styles across many pages, lazily, against the emulator.

use std::collections::BTreeSet;

use eiam_sync::eiam::types::groups::CreateGroupRequest;
use eiam_sync::eiam::types::organizational_units::CreateOrganizationalUnitRequest;
use eiam_sync::eiam::{Client, GroupId, OrganizationalUnitId, UserId};
use futures_util::{StreamExt, TryStreamExt, stream};

use super::emu;

async fn create_users(c: &Client, n: usize, ou: &str) -> Vec<String> {
    stream::iter(0..n)
        .map(|i| {
            let c = c.clone();
            let req = emu::new_user(&format!("user{i:04}"), ou);
            async move { c.users().create(&req).await.map(String::from) }
        })
        .buffered(16)
        .try_collect()
        .await
        .unwrap()
}

async fn create_groups(c: &Client, n: usize) -> Vec<String> {
    stream::iter(0..n)
        .map(|i| {
            let c = c.clone();
            let req = CreateGroupRequest {
                group_name: format!("{}-group{i:03}", if i % 2 == 0 { "even" } else { "odd" }),
                group_external_id: Some(format!("g{i}")),
            };
            async move { c.groups().create(&req).await.map(String::from) }
        })
        .buffered(16)
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn page_number_lists_across_many_pages() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let root = emu.root_ou_id().into_string();
    let created = create_users(&c, 1050, &root).await;

    emu.reset_stats();
    let listed: Vec<_> = c.users().list(None).try_collect().await.unwrap();
    assert_eq!(listed.len(), 1050);
    let ids: BTreeSet<_> = listed.iter().map(|u| u.user_id.clone().unwrap()).collect();
    assert_eq!(
        ids,
        created.iter().cloned().collect(),
        "no user skipped or repeated"
    );
    assert_eq!(emu.stats().action("ListUsers"), 11, "100 per page");

    // The OU filter, and the page-at-a-time API.
    let root_id = OrganizationalUnitId::from(&root);
    let by_ou: Vec<_> = c.users().list(Some(&root_id)).try_collect().await.unwrap();
    assert_eq!(by_ou.len(), 1050);
    let page = c.users().list_page(None, 11, 100).await.unwrap();
    assert_eq!(
        (page.items.len(), page.total_count, page.next.clone()),
        (50, Some(1050), None)
    );
    let page = c.users().list_page(None, 2, 100).await.unwrap();
    assert_eq!(page.next_page_number(), Some(3));

    // OU children: 150 children over two pages.
    let kids: Vec<String> = stream::iter(0..150)
        .map(|i| {
            let c = c.clone();
            let req = CreateOrganizationalUnitRequest {
                organizational_unit_name: format!("ou{i:03}"),
                parent_id: root.clone(),
                organizational_unit_external_id: Some(format!("o{i}")),
                description: None,
            };
            async move {
                c.organizational_units()
                    .create(&req)
                    .await
                    .map(String::from)
            }
        })
        .buffered(8)
        .try_collect()
        .await
        .unwrap();
    emu.reset_stats();
    let children: Vec<_> = c
        .organizational_units()
        .list_children(&root_id)
        .try_collect()
        .await
        .unwrap();
    let child_ids: BTreeSet<_> = children
        .iter()
        .map(|o| o.organizational_unit_id.clone().unwrap())
        .collect();
    assert_eq!(child_ids, kids.into_iter().collect());
    assert_eq!(emu.stats().action("ListOrganizationalUnits"), 2);
}

#[tokio::test]
async fn streams_fetch_one_page_at_a_time() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    create_users(&c, 350, &emu.root_ou_id()).await;
    emu.reset_stats();
    let mut s = Box::pin(c.users().list(None));
    for _ in 0..100 {
        s.next().await.unwrap().unwrap();
    }
    assert_eq!(
        emu.stats().action("ListUsers"),
        1,
        "the second page is not fetched early"
    );
    s.next().await.unwrap().unwrap();
    assert_eq!(emu.stats().action("ListUsers"), 2);
    drop(s);
    assert_eq!(
        emu.stats().action("ListUsers"),
        2,
        "dropping the stream stops the listing"
    );
}

#[tokio::test]
async fn token_lists_across_many_pages() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    let groups = create_groups(&c, 250).await;
    let users = create_users(&c, 250, &emu.root_ou_id()).await;

    emu.reset_stats();
    let listed: Vec<_> = c.groups().list(None).try_collect().await.unwrap();
    let ids: BTreeSet<_> = listed.iter().map(|g| g.group_id.clone().unwrap()).collect();
    assert_eq!(ids, groups.iter().cloned().collect());
    assert_eq!(emu.stats().action("ListGroups"), 3);

    let even: Vec<_> = c.groups().list(Some("even-")).try_collect().await.unwrap();
    assert_eq!(even.len(), 125);
    assert!(
        even.iter()
            .all(|g| g.group_name.as_deref().unwrap().starts_with("even-"))
    );

    // 250 members of one group.
    let group_ids: Vec<GroupId> = groups.iter().map(GroupId::from).collect();
    let user_ids: Vec<UserId> = users.iter().map(UserId::from).collect();
    c.groups()
        .add_users(&group_ids[0], &user_ids)
        .await
        .unwrap();
    emu.reset_stats();
    let members: BTreeSet<String> = (c.groups().members(&group_ids[0]))
        .map_ok(String::from)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members, users.iter().cloned().collect());
    assert_eq!(emu.stats().action("ListUsersForGroup"), 3);

    // One user in 120 groups.
    for g in &group_ids[..120] {
        c.groups().add_users(g, &user_ids[..1]).await.unwrap();
    }
    let of_user: BTreeSet<String> = c
        .users()
        .groups_of(&user_ids[0])
        .map_ok(|m| m.group_id.unwrap())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(of_user, groups[..120].iter().cloned().collect());

    // Page at a time.
    let first = c.groups().list_page(None, None, 100).await.unwrap();
    assert_eq!(first.items.len(), 100);
    let second = c
        .groups()
        .list_page(None, first.next_token(), 100)
        .await
        .unwrap();
    assert_eq!(second.items.len(), 100);
    assert_ne!(first.items[0].group_id, second.items[0].group_id);
}

#[tokio::test]
async fn groups_are_found_by_external_id_even_after_a_rename() {
    let emu = emu::start().await;
    let c = emu::client(&emu);
    create_groups(&c, 150).await;
    let found = c
        .groups()
        .find_by_external_id("g7", Some("odd-group007"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.group_name.as_deref(), Some("odd-group007"));
    let id = found.group_id.unwrap();
    c.groups()
        .patch(&GroupId::from(&id), "renamed")
        .await
        .unwrap();
    let again = c
        .groups()
        .find_by_external_id("g7", Some("odd-group007"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.group_id.as_deref(), Some(id.as_str()));
    assert!(
        c.groups()
            .find_by_external_id("nope", None)
            .await
            .unwrap()
            .is_none()
    );
}
