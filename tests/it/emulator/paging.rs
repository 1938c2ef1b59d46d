//! Both paging styles across many pages: defaults, limits, creation order, stability under
//! concurrent changes, and the absence of `nextToken` on the last page.

use eiam_sync::emulator::{AdminState, StateGroup, StateGroupMember, StateOu, StateUser};
use serde_json::{Value, json};

use crate::support::emulator::{Api, start};

fn directory(users: usize, groups: usize) -> AdminState {
    let root = StateOu {
        organizational_unit_id: "ou_root".into(),
        organizational_unit_name: "root".into(),
        organizational_unit_external_id: "ou_root".into(),
        ..StateOu::default()
    };
    AdminState {
        organizational_units: vec![root],
        users: (0..users)
            .map(|i| StateUser {
                user_id: format!("user_{i:05}"),
                username: format!("u{i:05}"),
                status: "enabled".into(),
                user_external_id: format!("e{i}"),
                organizational_unit_ids: vec!["ou_root".into()],
                ..StateUser::default()
            })
            .collect(),
        groups: (0..groups)
            .map(|i| StateGroup {
                group_id: format!("group_{i:05}"),
                group_name: format!("{} {i:05}", if i % 2 == 0 { "Even" } else { "Odd" }),
                group_external_id: format!("g{i}"),
                ..StateGroup::default()
            })
            .collect(),
        group_members: (0..if groups > 0 { users.min(150) } else { 0 })
            .map(|i| StateGroupMember {
                group_id: "group_00000".into(),
                user_id: format!("user_{i:05}"),
            })
            .collect(),
    }
}

fn ids(page: &Value, key: &str) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn page_number_paging_walks_every_user_once_in_creation_order() {
    let emu = start().await;
    emu.put_state(directory(250, 0)).unwrap();
    let api = Api::new(&emu).await;
    let first = api.get("/users").await.ok();
    assert_eq!(
        (
            first["totalCount"].as_i64(),
            first["data"].as_array().unwrap().len()
        ),
        (Some(250), 20)
    );
    let mut seen = Vec::new();
    for page in 1..=3 {
        let p = api
            .get(&format!("/users?pageNumber={page}&pageSize=100"))
            .await
            .ok();
        seen.extend(ids(&p, "userId"));
    }
    let expected: Vec<String> = (0..250).map(|i| format!("user_{i:05}")).collect();
    assert_eq!(seen, expected);
    let beyond = api.get("/users?pageNumber=4&pageSize=100").await.ok();
    assert_eq!(
        (
            beyond["totalCount"].as_i64(),
            beyond["data"].as_array().unwrap().len()
        ),
        (Some(250), 0)
    );
    for bad in [
        "pageSize=0",
        "pageSize=101",
        "pageNumber=0",
        "pageNumber=-1",
        "pageSize=ten",
    ] {
        let code = if bad.starts_with("pageSize") {
            "InvalidParameter.PageSize"
        } else {
            "InvalidParameter.PageNumber"
        };
        api.get(&format!("/users?{bad}")).await.err(400, code);
    }
    let ous = api.get("/organizationalUnits").await;
    ous.err(400, "MissingParameter.ParentId");
}

async fn walk(api: &Api, first: &str, key: &str) -> (Vec<String>, Vec<Value>) {
    walk_from(api, first, None, key).await
}

/// Follows `nextToken` from `first` (optionally starting at `token`) to the last page.
async fn walk_from(
    api: &Api,
    first: &str,
    token: Option<&str>,
    key: &str,
) -> (Vec<String>, Vec<Value>) {
    let mut all = Vec::new();
    let mut pages = Vec::new();
    let sep = if first.contains('?') { '&' } else { '?' };
    let mut url = match token {
        Some(t) => format!("{first}{sep}nextToken={t}"),
        None => first.to_owned(),
    };
    loop {
        let p = api.get(&url).await.ok();
        all.extend(ids(&p, key));
        let next = p
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_owned);
        pages.push(p);
        match next {
            Some(t) => url = format!("{first}{sep}nextToken={t}"),
            None => return (all, pages),
        }
    }
}

#[tokio::test]
async fn token_paging_walks_every_group_once_and_caps_at_100() {
    let emu = start().await;
    emu.put_state(directory(150, 230)).unwrap();
    let api = Api::new(&emu).await;
    let (all, pages) = walk(&api, "/groups?maxResults=50", "groupId").await;
    assert_eq!(
        all,
        (0..230)
            .map(|i| format!("group_{i:05}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(pages.len(), 5);
    assert!(
        pages
            .iter()
            .all(|p| p["totalCount"] == 230 && p["maxResults"] == 50)
    );
    assert!(
        pages.last().unwrap().get("nextToken").is_none(),
        "no nextToken on the last page"
    );

    let default = api.get("/groups").await.ok();
    assert_eq!(
        (
            default["maxResults"].as_i64(),
            default["data"].as_array().unwrap().len()
        ),
        (Some(20), 20)
    );
    let capped = api.get("/groups?maxResults=1000").await.ok();
    assert_eq!(
        (
            capped["maxResults"].as_i64(),
            capped["data"].as_array().unwrap().len()
        ),
        (Some(100), 100)
    );
    api.get("/groups?maxResults=0")
        .await
        .err(400, "InvalidParameter.MaxResults");
    api.get("/groups?nextToken=NTnotatoken")
        .await
        .err(400, "InvalidParameter.NextToken");

    let (odd, _) = walk(
        &api,
        "/groups?groupNameStartWith=Odd&maxResults=30",
        "groupId",
    )
    .await;
    assert_eq!(odd.len(), 115);
    // A token of one listing does not page another.
    let t = api.get("/groups?maxResults=5").await.ok()["nextToken"]
        .as_str()
        .unwrap()
        .to_owned();
    api.get(&format!("/groups?groupNameStartWith=Odd&nextToken={t}"))
        .await
        .err(400, "InvalidParameter.NextToken");

    let (members, pages) = walk(
        &api,
        "/groups/group_00000/actions/listUsersForGroup?maxResults=100",
        "userId",
    )
    .await;
    assert_eq!(
        members,
        (0..150).map(|i| format!("user_{i:05}")).collect::<Vec<_>>()
    );
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn token_paging_neither_skips_nor_repeats_when_the_list_changes() {
    let emu = start().await;
    emu.put_state(directory(0, 60)).unwrap();
    let api = Api::new(&emu).await;
    let first = api.get("/groups?maxResults=20").await.ok();
    let mut seen = ids(&first, "groupId");
    // Between pages: delete one already seen and one not yet seen, create one.
    api.delete("/groups/group_00005").await.ok();
    api.delete("/groups/group_00030").await.ok();
    let created = api.create_group("Late").await;
    let token = first["nextToken"].as_str().unwrap().to_owned();
    let (rest, _) = walk_from(&api, "/groups?maxResults=20", Some(&token), "groupId").await;
    seen.extend(rest);
    let mut expected: Vec<String> = (0..60)
        .filter(|&i| i != 30)
        .map(|i| format!("group_{i:05}"))
        .collect();
    expected.push(created);
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn groups_of_a_user_page_by_token_too() {
    let emu = start().await;
    let mut state = directory(1, 130);
    state.group_members = (0..130)
        .map(|i| StateGroupMember {
            group_id: format!("group_{i:05}"),
            user_id: "user_00000".into(),
        })
        .collect();
    emu.put_state(state).unwrap();
    let api = Api::new(&emu).await;
    let (groups, pages) = walk(
        &api,
        "/users/user_00000/actions/listGroupsForUser?maxResults=100",
        "groupId",
    )
    .await;
    assert_eq!(groups.len(), 130);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["totalCount"], json!(130));
}
