//! Realistic directories for the suites: a deep OU tree, users with contact data, secondary OUs
//! and groups, all from a seed; plus the churn a day of HR brings (hires, leavers, moves,
//! renames) and hand-made objects eiam-sync must never touch.
// Shared by the suites; not every suite uses every helper.
#![allow(dead_code)]

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use eiam_sync::model::{GroupMemberRow, GroupRow, OuRow, Snapshot, UserOuRow, UserRow};

/// How big a directory is.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub ous: usize,
    /// Levels of the OU tree below the sync root (at least 1).
    pub depth: usize,
    pub users: usize,
    pub groups: usize,
}

fn user_row(i: usize, primary: String, rng: &mut StdRng) -> UserRow {
    let name = format!("u{i:05}");
    UserRow {
        id: format!("e{i:05}"),
        username: name.clone(),
        display_name: Some(format!("Person {i}")),
        email: rng.random_bool(0.9).then(|| format!("{name}@corp.example")),
        email_verified: Some(true),
        phone_region: None,
        phone_number: None,
        phone_number_verified: None,
        primary_ou_id: primary,
        description: rng.random_bool(0.2).then(|| format!("desk {}", i % 97)),
        status: if rng.random_bool(0.05) {
            "disabled".into()
        } else {
            "enabled".into()
        },
        defects: Vec::new(),
    }
}

/// A directory of `size` from `seed`: OU `o0` at the top, each further OU under a random one of
/// the previous level, so the tree is exactly `depth` levels deep.
pub fn generate(size: Size, seed: u64) -> Snapshot {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut s = Snapshot::default();
    let depth = size.depth.max(1);
    let ous = size.ous.max(depth);
    let mut levels: Vec<Vec<String>> = vec![Vec::new(); depth];
    for i in 0..ous {
        let level = if i < depth {
            i
        } else {
            rng.random_range(0..depth)
        };
        let parent = match level {
            0 => None,
            l => {
                let above = &levels[l - 1];
                Some(above[rng.random_range(0..above.len())].clone())
            }
        };
        let id = format!("o{i}");
        levels[level].push(id.clone());
        s.organizational_units.push(OuRow {
            id,
            parent_id: parent,
            name: format!("Unit {i}"),
            description: rng.random_bool(0.3).then(|| format!("cost centre {i}")),
            defects: Vec::new(),
        });
    }
    for i in 0..size.users {
        let primary = format!("o{}", rng.random_range(0..ous));
        let row = user_row(i, primary.clone(), &mut rng);
        if rng.random_bool(0.1) {
            let other = format!("o{}", rng.random_range(0..ous));
            if other != primary {
                s.user_organizational_units.push(UserOuRow {
                    user_id: row.id.clone(),
                    ou_id: other,
                    defects: Vec::new(),
                });
            }
        }
        s.users.push(row);
    }
    for g in 0..size.groups {
        s.groups.push(GroupRow {
            id: format!("g{g}"),
            name: format!("Team {g}"),
            defects: Vec::new(),
        });
        for u in &s.users {
            if rng.random_bool(0.15) {
                s.group_members.push(GroupMemberRow {
                    group_id: format!("g{g}"),
                    user_id: u.id.clone(),
                    defects: Vec::new(),
                });
            }
        }
    }
    s
}

/// Removes a user and every row that refers to it.
pub fn remove_user(s: &mut Snapshot, id: &str) {
    s.users.retain(|u| u.id != id);
    s.user_organizational_units.retain(|r| r.user_id != id);
    s.group_members.retain(|r| r.user_id != id);
    if let Some(rows) = &mut s.user_custom_fields {
        rows.retain(|r| r.user_id != id);
    }
}

/// Removes an OU with its subtree, the users whose primary OU is in it, and what refers to them.
pub fn remove_ou(s: &mut Snapshot, id: &str) {
    let mut gone = vec![id.to_owned()];
    let mut i = 0;
    while i < gone.len() {
        let cur = gone[i].clone();
        gone.extend(
            s.organizational_units
                .iter()
                .filter(|o| o.parent_id.as_deref() == Some(cur.as_str()))
                .map(|o| o.id.clone()),
        );
        i += 1;
    }
    s.organizational_units.retain(|o| !gone.contains(&o.id));
    let leavers: Vec<String> = s
        .users
        .iter()
        .filter(|u| gone.contains(&u.primary_ou_id))
        .map(|u| u.id.clone())
        .collect();
    for u in leavers {
        remove_user(s, &u);
    }
    s.user_organizational_units
        .retain(|r| !gone.contains(&r.ou_id));
}

/// Removes a group and its members.
pub fn remove_group(s: &mut Snapshot, id: &str) {
    s.groups.retain(|g| g.id != id);
    s.group_members.retain(|m| m.group_id != id);
}

/// A day of HR changes: a few leavers, hires, moves, renames, membership changes.
pub fn churn(s: &mut Snapshot, rng: &mut StdRng, next_hire: &mut usize) {
    let n = s.users.len();
    for _ in 0..(n / 20).max(1) {
        if s.users.is_empty() {
            break;
        }
        let i = rng.random_range(0..s.users.len());
        match rng.random_range(0..4) {
            0 => {
                let id = s.users[i].id.clone();
                remove_user(s, &id);
            }
            1 if !s.organizational_units.is_empty() => {
                let o = rng.random_range(0..s.organizational_units.len());
                s.users[i].primary_ou_id = s.organizational_units[o].id.clone();
                let id = s.users[i].id.clone();
                let primary = s.users[i].primary_ou_id.clone();
                s.user_organizational_units
                    .retain(|r| !(r.user_id == id && r.ou_id == primary));
            }
            2 => {
                let d = s.users[i].display_name.take().unwrap_or_default();
                s.users[i].display_name = Some(format!("{d} (renamed)"));
            }
            _ => {
                if let Some(g) = s.groups.first() {
                    let g = g.id.clone();
                    let u = s.users[i].id.clone();
                    if !s
                        .group_members
                        .iter()
                        .any(|m| m.group_id == g && m.user_id == u)
                    {
                        s.group_members.push(GroupMemberRow {
                            group_id: g,
                            user_id: u,
                            defects: Vec::new(),
                        });
                    }
                }
            }
        }
    }
    if !s.organizational_units.is_empty() {
        for _ in 0..2 {
            let o = rng.random_range(0..s.organizational_units.len());
            let primary = s.organizational_units[o].id.clone();
            let row = user_row(*next_hire, primary, rng);
            *next_hire += 1;
            s.users.push(row);
        }
        let o = rng.random_range(0..s.organizational_units.len());
        let name = s.organizational_units[o].name.clone();
        s.organizational_units[o].name = format!("{name} v2");
    }
}
