//! Which reading of `ListUsers` filtered by an OU the instance follows (docs/eiam-api.md, open
//! question 9): the OU's direct members, or the members of its whole subtree. Told apart with
//! read-only calls: an account that `GetUser` shows in an OU `C` but not in `C`'s parent `P` is
//! listed under `P` only under the subtree reading. The deepest such pair is taken, so `P`'s
//! listing is short; a tree with no account in an OU below the sync root cannot tell.

use std::collections::HashMap;

use serde::Serialize;

use crate::eiam::{Client, OrganizationalUnitId, UserId};
use crate::model::{EiamId, ObservedState};

/// How `ListUsers` with `organizationalUnitId` answers on this instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListUsersReading {
    /// The OU's direct members.
    Direct,
    /// The members of the OU and of every OU below it.
    Subtree,
    /// The tree gave no way to tell, or a call failed.
    Unknown,
}

impl ListUsersReading {
    pub fn as_str(self) -> &'static str {
        match self {
            ListUsersReading::Direct => "direct",
            ListUsersReading::Subtree => "subtree",
            ListUsersReading::Unknown => "unknown",
        }
    }
}

/// Pages of the parent's listing read at most (100 accounts each).
const MAX_PAGES: i64 = 20;
/// Accounts tried at most, should `GetUser` contradict what the observation shows.
const MAX_TRIES: usize = 3;

/// Tell the reading from `observed` (a full observation under the sync root) and a few reads.
pub async fn tell(client: &Client, observed: &ObservedState) -> ListUsersReading {
    for (user, ou, parent) in candidates(observed).into_iter().take(MAX_TRIES) {
        let Ok(read) = client.users().get(&UserId::from(user)).await else {
            return ListUsersReading::Unknown;
        };
        let ous: Vec<String> = (read.organizational_units.unwrap_or_default().into_iter())
            .filter_map(|o| o.organizational_unit_id)
            .collect();
        if !ous.iter().any(|o| ou == o.as_str()) || ous.iter().any(|o| parent == o.as_str()) {
            continue;
        }
        return listed_under(client, user, parent).await;
    }
    ListUsersReading::Unknown
}

/// Whether `user` shows in `parent`'s listing.
async fn listed_under(client: &Client, user: &EiamId, parent: &EiamId) -> ListUsersReading {
    let parent = OrganizationalUnitId::from(parent);
    for page_number in 1..=MAX_PAGES {
        let Ok(page) = (client.users())
            .list_page(Some(&parent), page_number, 100)
            .await
        else {
            return ListUsersReading::Unknown;
        };
        if (page.items.iter()).any(|u| u.user_id.as_deref() == Some(user.as_str())) {
            return ListUsersReading::Subtree;
        }
        if page.next.is_none() {
            return ListUsersReading::Direct;
        }
    }
    ListUsersReading::Unknown
}

/// (account, OU it is in, that OU's parent it is not in), deepest OU first.
fn candidates(observed: &ObservedState) -> Vec<(&EiamId, &EiamId, &EiamId)> {
    let mut depth: HashMap<&EiamId, usize> = HashMap::new();
    for id in observed.ous.keys() {
        let mut d = 0;
        let mut cur = observed.ous.get(id).and_then(|o| o.parent_id.as_ref());
        while let Some(p) = cur.filter(|_| d <= observed.ous.len()) {
            d += 1;
            cur = observed.ous.get(p).and_then(|o| o.parent_id.as_ref());
        }
        depth.insert(id, d);
    }
    let mut out = Vec::new();
    for user in observed.users.values() {
        for ou in user.ous.iter().filter(|o| **o != observed.root) {
            let Some(parent) = observed.ous.get(ou).and_then(|o| o.parent_id.as_ref()) else {
                continue;
            };
            if observed.ous.contains_key(parent) && !user.ous.contains(parent) {
                out.push((&user.id, ou, parent));
            }
        }
    }
    out.sort_by_key(|(u, ou, _)| (std::cmp::Reverse(depth.get(ou).copied()), *u, *ou));
    out
}
