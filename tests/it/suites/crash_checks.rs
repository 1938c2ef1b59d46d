//! What must hold after every crash or outage: the journal tells the truth, nothing is
//! duplicated, everything eiam-sync created is owned, leavers are gone or disabled, hand-made
//! objects are untouched, and EIAM matches the snapshot.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::emulator::{AdminState, StateGroup, StateOu, StateUser};
use eiam_sync::model::{Kind, Snapshot};
use eiam_sync::state::{JournalRecord, JournalStatus, RunRecord, StateStore};

use super::handmade::Handmade;
use crate::support::harness::Harness;

/// The newest run of the state store.
pub async fn last_run(store: &StateStore) -> RunRecord {
    let runs = store.runs(1).await.expect("runs");
    runs.into_iter().next().expect("a run was recorded")
}

/// Journal entries of a run that are in doubt (started, outcome unknown).
pub fn in_doubt(journal: &[JournalRecord]) -> Vec<&JournalRecord> {
    journal
        .iter()
        .filter(|e| e.status == JournalStatus::Started)
        .collect()
}

/// Whether every `applied` entry is true of `state`: what it created exists under its external
/// id, what it deleted is gone, what it disabled or enabled is so.
pub fn journal_lies(journal: &[JournalRecord], state: &AdminState) -> Vec<String> {
    let mut out = Vec::new();
    let ous: BTreeMap<&str, &StateOu> = state
        .organizational_units
        .iter()
        .map(|o| (o.organizational_unit_id.as_str(), o))
        .collect();
    let users: BTreeMap<&str, &StateUser> = state
        .users
        .iter()
        .map(|u| (u.user_id.as_str(), u))
        .collect();
    let groups: BTreeMap<&str, &StateGroup> = state
        .groups
        .iter()
        .map(|g| (g.group_id.as_str(), g))
        .collect();
    for e in journal
        .iter()
        .filter(|e| e.status == JournalStatus::Applied)
    {
        // Entries name the EIAM object when the plan knew it; otherwise its external id does.
        let by_ext = |kind: Kind| -> Option<String> {
            let ext = e.external_id.as_str();
            match kind {
                Kind::OrganizationalUnit => ous
                    .values()
                    .find(|o| o.parent_id.is_some() && o.organizational_unit_external_id == ext)
                    .map(|o| o.organizational_unit_id.clone()),
                Kind::User => users
                    .values()
                    .find(|u| u.user_external_id == ext)
                    .map(|u| u.user_id.clone()),
                Kind::Group => groups
                    .values()
                    .find(|g| g.group_external_id == ext)
                    .map(|g| g.group_id.clone()),
                Kind::Membership => None,
            }
        };
        let id = e
            .eiam_id
            .clone()
            .or_else(|| by_ext(e.kind))
            .unwrap_or_default();
        let id = id.as_str();
        let ext = |kind: Kind| -> Option<&str> {
            match kind {
                Kind::OrganizationalUnit => ous
                    .get(id)
                    .map(|o| o.organizational_unit_external_id.as_str()),
                Kind::User => users.get(id).map(|u| u.user_external_id.as_str()),
                Kind::Group => groups.get(id).map(|g| g.group_external_id.as_str()),
                Kind::Membership => None,
            }
        };
        let lie = match e.action.as_str() {
            a if a.starts_with("Create") => ext(e.kind) != Some(e.external_id.as_str()),
            a if a.starts_with("Delete") => ext(e.kind).is_some(),
            "DisableUser" => users.get(id).is_none_or(|u| u.status != "disabled"),
            "EnableUser" => users.get(id).is_none_or(|u| u.status != "enabled"),
            _ if e.kind != Kind::Membership => ext(e.kind).is_none(),
            _ => false,
        };
        if lie {
            out.push(format!(
                "the journal says {} {} {} ({id}) was applied; EIAM disagrees",
                e.action, e.kind, e.external_id
            ));
        }
    }
    out
}

/// Everything that must hold once a run converged on `snapshot`.
pub async fn world_problems(env: &Harness, snapshot: &Snapshot, hand: &Handmade) -> Vec<String> {
    let state = env.state();
    let mut out = hand.changes(&state);
    let hand_ids = hand.ids();
    let mut seen = BTreeSet::new();
    let mut names = BTreeSet::new();
    for u in &state.users {
        if !seen.insert(("user", u.user_external_id.clone())) {
            out.push(format!("duplicate user external id {}", u.user_external_id));
        }
        if !names.insert(u.username.to_lowercase()) {
            out.push(format!("duplicate username {}", u.username));
        }
    }
    for o in &state.organizational_units {
        if o.parent_id.is_some() && !seen.insert(("ou", o.organizational_unit_external_id.clone()))
        {
            out.push(format!(
                "duplicate OU external id {}",
                o.organizational_unit_external_id
            ));
        }
    }
    for g in &state.groups {
        if !seen.insert(("group", g.group_external_id.clone())) {
            out.push(format!(
                "duplicate group external id {}",
                g.group_external_id
            ));
        }
    }
    let owned = env.store().await.load_ownership().await.expect("ownership");
    let owner = |kind: Kind, ext: &str| -> Option<String> {
        owned
            .objects
            .iter()
            .find(|((k, e), _)| *k == kind && e.as_str() == ext)
            .map(|(_, o)| o.eiam_id.as_str().to_owned())
    };
    let want_ous: BTreeSet<&str> = snapshot
        .organizational_units
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let want_users: BTreeSet<&str> = snapshot.users.iter().map(|u| u.id.as_str()).collect();
    let want_groups: BTreeSet<&str> = snapshot.groups.iter().map(|g| g.id.as_str()).collect();
    for o in &state.organizational_units {
        if o.parent_id.is_none() || hand_ids.contains(&o.organizational_unit_id) {
            continue;
        }
        let ext = &o.organizational_unit_external_id;
        if owner(Kind::OrganizationalUnit, ext).as_deref() != Some(&o.organizational_unit_id) {
            out.push(format!(
                "OU {ext} ({}) is not owned",
                o.organizational_unit_id
            ));
        }
        if !want_ous.contains(ext.as_str()) {
            out.push(format!("OU {ext} left the snapshot but is still in EIAM"));
        }
    }
    for u in &state.users {
        if hand_ids.contains(&u.user_id) {
            continue;
        }
        let ext = &u.user_external_id;
        if owner(Kind::User, ext).as_deref() != Some(&u.user_id) {
            out.push(format!(
                "user {ext} ({}, {}, in the snapshot: {}) is not owned",
                u.user_id,
                u.status,
                want_users.contains(ext.as_str())
            ));
        }
        if !want_users.contains(ext.as_str()) && u.status != "disabled" {
            out.push(format!("user {ext} left the snapshot but is still enabled"));
        }
    }
    for g in &state.groups {
        if hand_ids.contains(&g.group_id) {
            continue;
        }
        let ext = &g.group_external_id;
        if owner(Kind::Group, ext).as_deref() != Some(&g.group_id) {
            out.push(format!("group {ext} ({}) is not owned", g.group_id));
        }
        if !want_groups.contains(ext.as_str()) {
            out.push(format!(
                "group {ext} left the snapshot but is still in EIAM"
            ));
        }
    }
    let root = env.root.clone();
    let matched = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::support::harness::assert_matches(&state, &root, snapshot)
    }));
    if let Err(e) = matched {
        let text = e
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "EIAM does not match the snapshot".into());
        out.push(text);
    }
    out
}
