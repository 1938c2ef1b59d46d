//! A synthetic directory for the reconciliation benchmark: snapshot rows, the same directory
//! as EIAM would hold it (for the planner and for the emulator), and a 5% churn of it.

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::emulator::{AdminState, StateGroup, StateGroupMember, StateOu, StateUser};
use eiam_sync::model::{
    EiamId, Email, ExtId, GroupAttrs, GroupMemberRow, GroupRow, ObservedGroup, ObservedOu,
    ObservedState, ObservedUser, OuAttrs, OuRow, SmallSet, Snapshot, UserAttrs, UserOuRow, UserRow,
    UserStatus,
};

pub struct Size {
    pub ous: usize,
    pub users: usize,
    pub groups: usize,
    pub members_per_user: usize,
}

/// The benchmarks' directory: 100,000 users / 10,000 OUs / 5,000 groups / 500,000 memberships.
pub const FULL: Size = Size {
    ous: 10_000,
    users: 100_000,
    groups: 5_000,
    members_per_user: 5,
};

/// What `cargo test --all-targets` runs (it starts bench binaries without `--bench`): a smoke
/// run that proves the benchmark works, in seconds.
pub const SMOKE: Size = Size {
    ous: 100,
    users: 1_000,
    groups: 50,
    members_per_user: 5,
};

pub fn ou_parent(i: usize) -> Option<usize> {
    (i >= 10).then(|| i / 10 - 1)
}

pub fn user_secondary(i: usize, ous: usize) -> Option<usize> {
    i.is_multiple_of(10)
        .then(|| (i * 7 + 3) % ous)
        .filter(|s| *s != i % ous)
}

/// A synthetic directory as snapshot rows.
pub fn snapshot(size: &Size) -> Snapshot {
    let mut s = Snapshot::default();
    for i in 0..size.ous {
        s.organizational_units.push(OuRow {
            id: format!("o{i}"),
            parent_id: ou_parent(i).map(|p| format!("o{p}")),
            name: format!("Unit {i}"),
            ..Default::default()
        });
    }
    for i in 0..size.users {
        s.users.push(UserRow {
            id: format!("e{i}"),
            username: format!("user{i}"),
            display_name: Some(format!("User Number {i}")),
            email: Some(format!("user{i}@corp.example")),
            email_verified: Some(true),
            primary_ou_id: format!("o{}", i % size.ous),
            status: "enabled".into(),
            ..Default::default()
        });
        if let Some(sec) = user_secondary(i, size.ous) {
            s.user_organizational_units.push(UserOuRow {
                user_id: format!("e{i}"),
                ou_id: format!("o{sec}"),
                ..Default::default()
            });
        }
    }
    for g in 0..size.groups {
        s.groups.push(GroupRow {
            id: format!("g{g}"),
            name: format!("Group {g}"),
            ..Default::default()
        });
    }
    let mut pairs = BTreeSet::new();
    for i in 0..size.users {
        for k in 0..size.members_per_user {
            pairs.insert(((i * size.members_per_user + k) % size.groups, i));
        }
    }
    for (g, u) in pairs {
        s.group_members.push(GroupMemberRow {
            group_id: format!("g{g}"),
            user_id: format!("e{u}"),
            ..Default::default()
        });
    }
    s
}

/// The same directory as EIAM would hold it after a successful sync.
pub fn observed(s: &Snapshot) -> ObservedState {
    let mut o = ObservedState {
        root: EiamId::new("ou_root"),
        ..Default::default()
    };
    let ou_id = |ext: &str| EiamId::new(format!("ou_{ext}"));
    o.ous.insert(
        o.root.clone(),
        ObservedOu {
            id: o.root.clone(),
            external_id: None,
            parent_id: None,
            attrs: OuAttrs {
                name: "root".into(),
                description: None,
            },
            source_type: Some("build_in".into()),
        },
    );
    for r in &s.organizational_units {
        o.ous.insert(
            ou_id(&r.id),
            ObservedOu {
                id: ou_id(&r.id),
                external_id: Some(ExtId::new(&r.id)),
                parent_id: Some(
                    r.parent_id
                        .as_deref()
                        .map(ou_id)
                        .unwrap_or_else(|| o.root.clone()),
                ),
                attrs: OuAttrs {
                    name: r.name.clone(),
                    description: r.description.clone(),
                },
                source_type: Some("build_in".into()),
            },
        );
    }
    let mut secondaries: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in &s.user_organizational_units {
        secondaries.entry(&r.user_id).or_default().push(&r.ou_id);
    }
    for r in &s.users {
        let mut ous: SmallSet<EiamId> = SmallSet::from([ou_id(&r.primary_ou_id)]);
        for sec in secondaries.get(r.id.as_str()).into_iter().flatten() {
            ous.insert(ou_id(sec));
        }
        o.users.insert(
            EiamId::new(format!("user_{}", r.id)),
            ObservedUser {
                id: EiamId::new(format!("user_{}", r.id)),
                external_id: Some(ExtId::new(&r.id)),
                attrs: std::sync::Arc::new(UserAttrs {
                    username: r.username.clone(),
                    display_name: r.display_name.clone(),
                    email: r.email.clone().map(|address| Email {
                        address,
                        verified: r.email_verified.unwrap_or(false),
                    }),
                    ..Default::default()
                }),
                status: UserStatus::Enabled,
                primary_ou: Some(ou_id(&r.primary_ou_id)),
                ous,
                source_type: Some("build_in".into()),
            },
        );
    }
    for g in &s.groups {
        let id = EiamId::new(format!("group_{}", g.id));
        o.groups.insert(
            id.clone(),
            ObservedGroup {
                id: id.clone(),
                external_id: Some(ExtId::new(&g.id)),
                attrs: GroupAttrs {
                    name: g.name.clone(),
                },
                source_type: Some("build_in".into()),
            },
        );
    }
    for m in &s.group_members {
        o.members
            .entry(EiamId::new(format!("group_{}", m.group_id)))
            .or_default()
            .insert(EiamId::new(format!("user_{}", m.user_id)));
    }
    o
}

/// Change 5% of the directory: renames, moves, leavers, hires, OU renames and moves,
/// membership churn.
pub fn churn(s: &Snapshot) -> Snapshot {
    churn_by(
        s,
        Churn {
            user_every: 100,
            renames: 2,
            leaver_every: 100,
            member_every: 20,
            ou_rename_every: 20,
            ou_move_every: 200,
        },
    )
}

/// Change 1% of the directory: renames, moves, email and username changes (0.8% of the
/// users), 0.1% leavers and 0.1% hires, 1% of the memberships dropped, 1% of the OUs renamed
/// and 0.1% moved.
pub fn churn_1(s: &Snapshot) -> Snapshot {
    churn_by(
        s,
        Churn {
            user_every: 500,
            renames: 1,
            leaver_every: 1000,
            member_every: 100,
            ou_rename_every: 100,
            ou_move_every: 1000,
        },
    )
}

/// How often each kind of change hits: of every `user_every` users, `renames` get a new
/// display name and one each a new primary OU, email and username; one user in
/// `leaver_every` leaves and as many are hired; one membership row in `member_every` is
/// dropped; one OU in `ou_rename_every` is renamed and one in `ou_move_every` moved.
struct Churn {
    user_every: usize,
    renames: usize,
    leaver_every: usize,
    member_every: usize,
    ou_rename_every: usize,
    ou_move_every: usize,
}

fn churn_by(s: &Snapshot, r: Churn) -> Snapshot {
    let mut c = s.clone();
    let n = c.users.len();
    for (i, u) in c.users.iter_mut().enumerate() {
        let k = i % r.user_every;
        if k < r.renames {
            u.display_name = Some(format!("Renamed {i}"));
        } else if k == r.renames {
            u.primary_ou_id = format!("o{}", (i * 13) % s.organizational_units.len());
        } else if k == r.renames + 1 {
            u.email = Some(format!("new.user{i}@corp.example"));
        } else if k == r.renames + 2 {
            u.username = format!("user{i}.b");
        }
    }
    let leavers: BTreeSet<String> = (0..n)
        .filter(|i| i % r.leaver_every == r.leaver_every / 2)
        .map(|i| format!("e{i}"))
        .collect();
    c.users.retain(|u| !leavers.contains(&u.id));
    let mut row = 0usize;
    c.group_members.retain(|m| {
        row += 1;
        !leavers.contains(&m.user_id) && row % r.member_every != 7
    });
    c.user_organizational_units
        .retain(|m| !leavers.contains(&m.user_id));
    for i in 0..n / r.leaver_every {
        c.users.push(UserRow {
            id: format!("new{i}"),
            username: format!("hire{i}"),
            primary_ou_id: format!("o{}", i % 100),
            status: "enabled".into(),
            ..Default::default()
        });
        c.group_members.push(GroupMemberRow {
            group_id: format!("g{}", i % s.groups.len()),
            user_id: format!("new{i}"),
            ..Default::default()
        });
    }
    for (i, o) in c.organizational_units.iter_mut().enumerate() {
        if i % r.ou_rename_every == 0 {
            o.name = format!("Renamed unit {i}");
        }
        if i % r.ou_move_every == 150 {
            o.parent_id = Some("o3".into());
        }
    }
    c
}

/// Rename everything: every username, display name and email, every OU.
pub fn mass_rename(s: &Snapshot) -> Snapshot {
    let mut c = s.clone();
    for (i, u) in c.users.iter_mut().enumerate() {
        // Each new username is another user's old one: the plan must free it first.
        u.username = format!("user{}", (i + 1) % s.users.len());
        u.display_name = Some(format!("Renamed {i}"));
        u.email = Some(format!("renamed{i}@corp.example"));
    }
    for o in &mut c.organizational_units {
        o.name = format!("{} (renamed)", o.name);
    }
    c
}

/// Move everything: every user to another primary OU, every OU below the top two levels
/// under another parent of the level above.
pub fn mass_move(s: &Snapshot) -> Snapshot {
    let mut c = s.clone();
    let ous = s.organizational_units.len();
    for (i, u) in c.users.iter_mut().enumerate() {
        u.primary_ou_id = format!("o{}", (i + 1) % ous);
    }
    for (i, o) in c.organizational_units.iter_mut().enumerate() {
        if let Some(p) = ou_parent(i).filter(|p| *p >= 10) {
            // The next OU of the parent's level: depths stay as they were, so no cycle.
            let (mut start, mut len) = (0, 10);
            while p >= start + len {
                start += len;
                len *= 10;
            }
            o.parent_id = Some(format!("o{}", start + (p - start + 1) % len));
        }
    }
    c
}

pub fn admin_state(s: &Snapshot, root: &str, instance: &str) -> AdminState {
    let ou_id = |ext: &str| format!("ou_{ext}");
    let mut secondaries: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &s.user_organizational_units {
        secondaries
            .entry(&r.user_id)
            .or_default()
            .push(ou_id(&r.ou_id));
    }
    let mut state = AdminState::default();
    state.organizational_units.push(StateOu {
        organizational_unit_id: root.into(),
        organizational_unit_name: "root".into(),
        organizational_unit_external_id: root.into(),
        ..Default::default()
    });
    for r in &s.organizational_units {
        state.organizational_units.push(StateOu {
            organizational_unit_id: ou_id(&r.id),
            organizational_unit_name: r.name.clone(),
            organizational_unit_external_id: r.id.clone(),
            parent_id: Some(
                r.parent_id
                    .as_deref()
                    .map(ou_id)
                    .unwrap_or_else(|| root.to_owned()),
            ),
            ..Default::default()
        });
    }
    for r in &s.users {
        let mut ous = vec![ou_id(&r.primary_ou_id)];
        ous.extend(secondaries.get(r.id.as_str()).cloned().unwrap_or_default());
        state.users.push(StateUser {
            user_id: format!("user_{}", r.id),
            username: r.username.clone(),
            status: "enabled".into(),
            user_external_id: r.id.clone(),
            organizational_unit_ids: ous,
            primary_organizational_unit_id: Some(ou_id(&r.primary_ou_id)),
            display_name: r.display_name.clone(),
            email: r.email.clone(),
            email_verified: r.email_verified,
            user_source_id: Some(instance.into()),
            ..Default::default()
        });
    }
    for g in &s.groups {
        state.groups.push(StateGroup {
            group_id: format!("group_{}", g.id),
            group_name: g.name.clone(),
            group_external_id: g.id.clone(),
            ..Default::default()
        });
    }
    for m in &s.group_members {
        state.group_members.push(StateGroupMember {
            group_id: format!("group_{}", m.group_id),
            user_id: format!("user_{}", m.user_id),
        });
    }
    state
}
