//! Both readings of `ListUsers` filtered by an OU — its direct members, or the members of its
//! whole subtree (the API leaves it open): a sync with secondary OUs above, below and beside
//! the primary one, in a deep tree, reaches the same directory with the same operations under
//! either reading, and neither loses nor invents a membership, also when the memberships drift
//! by hand.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::eiam::{OrganizationalUnitId, UserId};
use eiam_sync::emulator::{AdminState, ListUsersReading, Readings};
use eiam_sync::model::Snapshot;
use eiam_sync::report::Report;

use super::data::Build;
use crate::support::harness::{Env, Source};

/// Depth of the chain `d1` (under the sync root) … `d12`.
const DEPTH: usize = 12;
/// Users with `d12` as their only OU: enough that listings of the chain's OUs take two pages.
const FILLER: usize = 130;

fn deep() -> Snapshot {
    let mut s = Snapshot::default();
    for i in 1..=DEPTH {
        let parent = (i > 1).then(|| format!("d{}", i - 1));
        s = s.ou(&format!("d{i}"), parent.as_deref(), &format!("Level {i}"));
    }
    s = s
        .ou("b1", Some("d3"), "Branch 1")
        .ou("b2", Some("b1"), "Branch 2")
        // Secondary OUs that are ancestors of the primary one: under the subtree reading the
        // ancestors list the user anyway, so only `GetUser` tells a membership from a descendant's.
        .user("deep", "deep", "d12")
        .secondary("deep", "d1")
        .secondary("deep", "d6")
        // A secondary OU below the primary one.
        .user("mid", "mid", "d6")
        .secondary("mid", "d12")
        // A secondary OU in another branch.
        .user("side", "side", "b2")
        .secondary("side", "d9")
        // Only a primary OU, deep down and at the top: no ancestor may become a membership.
        .user("plain", "plain", "d12")
        .user("top", "top", "d1");
    for i in 0..FILLER {
        s = s.user(&format!("f{i}"), &format!("filler{i}"), "d12");
    }
    s
}

/// The same people, their memberships changed: ancestors dropped and added, a descendant
/// dropped, an unrelated branch gained.
fn changed() -> Snapshot {
    let mut s = deep();
    let dropped = [("deep", "d1"), ("mid", "d12")];
    s.user_organizational_units
        .retain(|r| !dropped.contains(&(r.user_id.as_str(), r.ou_id.as_str())));
    s.secondary("deep", "d3")
        .secondary("plain", "d1")
        .secondary("plain", "b1")
        .secondary("f0", "d11")
}

/// Every user's (primary OU, all OUs) by external ids.
fn memberships(state: &AdminState) -> BTreeMap<String, (String, BTreeSet<String>)> {
    let ext: BTreeMap<&str, &str> = state
        .organizational_units
        .iter()
        .map(|o| {
            (
                o.organizational_unit_id.as_str(),
                o.organizational_unit_external_id.as_str(),
            )
        })
        .collect();
    let name = |id: &str| ext.get(id).map_or(id.to_owned(), |e| (*e).to_owned());
    state
        .users
        .iter()
        .map(|u| {
            let primary = u
                .primary_organizational_unit_id
                .as_deref()
                .map(name)
                .unwrap_or_default();
            let all = u.organizational_unit_ids.iter().map(|o| name(o)).collect();
            (u.user_external_id.clone(), (primary, all))
        })
        .collect()
}

fn summary(r: &Report) -> BTreeMap<&'static str, u64> {
    r.summary.clone()
}

/// What one reading did: the operations of each step, the final memberships, and the `GetUser`
/// and `ListUsers` calls of a no-op dry run.
struct Outcome {
    steps: Vec<BTreeMap<&'static str, u64>>,
    memberships: BTreeMap<String, (String, BTreeSet<String>)>,
    get_user: u64,
    list_users: u64,
}

async fn run(reading: ListUsersReading) -> Outcome {
    let env = Env::new(Source::Sqlite).await;
    env.emulator.set_readings(Readings {
        list_users: reading,
    });
    let mut steps = vec![summary(&env.converge(&deep()).await)];
    steps.push(summary(&env.converge(&changed()).await));

    // By hand: `plain` joins an ancestor of its primary OU, `deep` leaves one.
    let state = env.state();
    let id = |ext: &str| {
        state
            .users
            .iter()
            .find(|u| u.user_external_id == ext)
            .map(|u| u.user_id.clone())
            .unwrap()
    };
    let ou = |ext: &str| {
        state
            .organizational_units
            .iter()
            .find(|o| o.organizational_unit_external_id == ext)
            .map(|o| o.organizational_unit_id.clone())
            .unwrap()
    };
    let users = env.reconciler.client().users();
    users
        .add_to_organizational_units(
            &UserId::from(id("plain")),
            &[OrganizationalUnitId::from(ou("d6"))],
        )
        .await
        .unwrap();
    users
        .remove_from_organizational_units(
            &UserId::from(id("deep")),
            &[OrganizationalUnitId::from(ou("d3"))],
        )
        .await
        .unwrap();
    let repaired = env.converge(&changed()).await;
    assert_eq!(
        (
            repaired.summary.get("RemoveUserFromOrganizationalUnits"),
            repaired.summary.get("AddUserToOrganizationalUnits"),
        ),
        (Some(&1), Some(&1)),
        "{reading:?}: {}",
        repaired.to_json()
    );
    steps.push(summary(&repaired));

    env.emulator.reset_stats();
    let noop = env.dry_run().await;
    assert!(noop.operations.is_empty(), "{}", noop.to_json());
    let stats = env.emulator.stats();
    Outcome {
        steps,
        memberships: memberships(&env.state()),
        get_user: stats.action("GetUser"),
        list_users: stats.action("ListUsers"),
    }
}

#[tokio::test]
async fn secondary_ous_in_a_deep_tree_sync_alike_under_both_list_users_readings() {
    let direct = run(ListUsersReading::Direct).await;
    let subtree = run(ListUsersReading::Subtree).await;
    assert_eq!(direct.steps, subtree.steps, "the same operations");
    assert_eq!(
        direct.memberships, subtree.memberships,
        "the same directory"
    );

    let s = changed();
    let users = s.users.len() as u64;
    let with_secondary: BTreeSet<&str> = s
        .user_organizational_units
        .iter()
        .map(|r| r.user_id.as_str())
        .collect();
    // The default reading costs what it did: `GetUser` only for users listed in more than one
    // OU. Under the subtree reading every user below the sync root is listed more than once.
    assert_eq!(direct.get_user, with_secondary.len() as u64);
    assert_eq!(subtree.get_user, users);
    // Every OU is listed at least once either way; the subtree reading lists more pages.
    let ous = s.organizational_units.len() as u64 + 1;
    assert!(direct.list_users >= ous, "{}", direct.list_users);
    assert!(subtree.list_users > direct.list_users);
    println!(
        "ListUsers reading: direct GetUser={} ListUsers={}; subtree GetUser={} ListUsers={} ({users} users, {ous} OUs)",
        direct.get_user, direct.list_users, subtree.get_user, subtree.list_users
    );
}
