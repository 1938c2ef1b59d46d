//! Builders for desired and observed directories, and the check that a replayed plan made EIAM
//! match the snapshot and that planning again finds nothing to do.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    DesiredGroup, DesiredOu, DesiredState, DesiredUser, EiamId, Email, ExtId, GroupAttrs, Kind,
    KindSet, ObservedGroup, ObservedOu, ObservedState, ObservedUser, Origin, OuAttrs, Owned,
    Ownership, Phone, UserAttrs, UserStatus,
};
use crate::plan::UserRemoval;
use crate::plan::verify::{replay, replay_in_order};
use crate::plan::{GuardLimits, OpId, Plan, PlanOptions, plan};

pub const ROOT: &str = "ou_root";

pub fn options(removal: UserRemoval) -> PlanOptions {
    PlanOptions {
        user_removal: removal,
        kinds: KindSet::all(),
        limits: GuardLimits {
            max_deletes: 10_000,
            max_delete_percent: 100.0,
            percent_min_count: 0,
        },
    }
}

/// An empty EIAM with only the root OU.
pub fn eiam() -> ObservedState {
    let mut s = ObservedState {
        root: EiamId::new(ROOT),
        ..Default::default()
    };
    s.ous.insert(
        EiamId::new(ROOT),
        ObservedOu {
            id: EiamId::new(ROOT),
            external_id: Some(ExtId::new(ROOT)),
            parent_id: None,
            attrs: OuAttrs {
                name: "root".into(),
                description: None,
            },
            source_type: Some("build_in".into()),
        },
    );
    s
}

pub fn add_ou(s: &mut ObservedState, id: &str, ext: Option<&str>, parent: &str, name: &str) {
    s.ous.insert(
        EiamId::new(id),
        ObservedOu {
            id: EiamId::new(id),
            external_id: ext.map(ExtId::new),
            parent_id: Some(EiamId::new(parent)),
            attrs: OuAttrs {
                name: name.into(),
                description: None,
            },
            source_type: Some("build_in".into()),
        },
    );
}

pub fn add_user(s: &mut ObservedState, id: &str, ext: Option<&str>, username: &str, ous: &[&str]) {
    s.users.insert(
        EiamId::new(id),
        ObservedUser {
            id: EiamId::new(id),
            external_id: ext.map(ExtId::new),
            attrs: std::sync::Arc::new(UserAttrs {
                username: username.into(),
                ..Default::default()
            }),
            status: UserStatus::Enabled,
            primary_ou: ous.first().map(|o| EiamId::new(*o)),
            ous: ous.iter().map(|o| EiamId::new(*o)).collect(),
            source_type: Some("build_in".into()),
        },
    );
}

pub fn add_group(s: &mut ObservedState, id: &str, ext: Option<&str>, name: &str, members: &[&str]) {
    s.groups.insert(
        EiamId::new(id),
        ObservedGroup {
            id: EiamId::new(id),
            external_id: ext.map(ExtId::new),
            attrs: GroupAttrs { name: name.into() },
            source_type: Some("build_in".into()),
        },
    );
    s.members.insert(
        EiamId::new(id),
        members.iter().map(|m| EiamId::new(*m)).collect(),
    );
}

pub fn want_ou(d: &mut DesiredState, ext: &str, parent: Option<&str>, name: &str) {
    d.ous.insert(
        ExtId::new(ext),
        DesiredOu {
            external_id: ExtId::new(ext),
            parent: parent.map(ExtId::new),
            attrs: OuAttrs {
                name: name.into(),
                description: None,
            },
        },
    );
}

pub fn want_user(
    d: &mut DesiredState,
    ext: &str,
    username: &str,
    primary: &str,
    secondary: &[&str],
) {
    d.users.insert(
        ExtId::new(ext),
        DesiredUser {
            external_id: ExtId::new(ext),
            attrs: std::sync::Arc::new(UserAttrs {
                username: username.into(),
                ..Default::default()
            }),
            primary_ou: ExtId::new(primary),
            secondary_ous: secondary.iter().map(|s| ExtId::new(*s)).collect(),
            status: UserStatus::Enabled,
        },
    );
}

pub fn with_contact(d: &mut DesiredState, ext: &str, email: Option<&str>, phone: Option<&str>) {
    if let Some(u) = d.users.get_mut(&ExtId::new(ext)) {
        std::sync::Arc::make_mut(&mut u.attrs).email = email.map(|e| Email {
            address: e.into(),
            verified: true,
        });
        std::sync::Arc::make_mut(&mut u.attrs).phone = phone.map(|p| Phone {
            region: "86".into(),
            number: p.into(),
            verified: true,
        });
    }
}

pub fn want_group(d: &mut DesiredState, ext: &str, name: &str, members: &[&str]) {
    d.groups.insert(
        ExtId::new(ext),
        DesiredGroup {
            external_id: ExtId::new(ext),
            attrs: GroupAttrs { name: name.into() },
        },
    );
    d.members.insert(
        ExtId::new(ext),
        members.iter().map(|m| ExtId::new(*m)).collect(),
    );
}

pub fn owned(o: &mut Ownership, kind: Kind, ext: &str, id: &str) {
    o.insert(
        kind,
        ExtId::new(ext),
        Owned {
            eiam_id: EiamId::new(id),
            origin: Origin::Created,
            matched_by: None,
            fingerprint: None,
        },
    );
}

/// Ownership after a replay: what the plan created is recorded as created.
pub fn ownership_after(before: &Ownership, after: &ObservedState) -> Ownership {
    let mut o = before.clone();
    let mut record = |kind, ext: &Option<ExtId>, id: &EiamId| {
        if id.as_str().contains("_new")
            && let Some(e) = ext
        {
            o.insert(
                kind,
                e.clone(),
                Owned {
                    eiam_id: id.clone(),
                    origin: Origin::Created,
                    matched_by: None,
                    fingerprint: None,
                },
            );
        }
    };
    for ou in after.ous.values() {
        record(Kind::OrganizationalUnit, &ou.external_id, &ou.id);
    }
    for u in after.users.values() {
        record(Kind::User, &u.external_id, &u.id);
    }
    for g in after.groups.values() {
        record(Kind::Group, &g.external_id, &g.id);
    }
    o
}

/// Differences between the snapshot and a (replayed) EIAM state, for managed objects.
pub fn mismatches(d: &DesiredState, s: &ObservedState) -> Vec<String> {
    let by_ext = |ext: &ExtId| {
        s.ous
            .values()
            .find(|o| o.external_id.as_ref() == Some(ext) && o.id != s.root)
    };
    let ou_ext = |id: &EiamId| -> Option<ExtId> {
        if *id == s.root {
            None
        } else {
            s.ous.get(id).and_then(|o| o.external_id.clone())
        }
    };
    let mut out = Vec::new();
    for (ext, want) in &d.ous {
        match by_ext(ext) {
            None => out.push(format!("ou {ext} missing")),
            Some(o) => {
                let parent = o.parent_id.as_ref().and_then(ou_ext);
                if parent != want.parent || o.attrs.name != want.attrs.name {
                    out.push(format!(
                        "ou {ext}: {:?}/{} != {:?}/{}",
                        parent, o.attrs.name, want.parent, want.attrs.name
                    ));
                }
            }
        }
    }
    for (ext, want) in &d.users {
        let Some(u) = s
            .users
            .values()
            .find(|u| u.external_id.as_ref() == Some(ext))
        else {
            out.push(format!("user {ext} missing"));
            continue;
        };
        let primary = u.primary_ou.as_ref().and_then(ou_ext);
        let managed: BTreeSet<ExtId> = u
            .ous
            .iter()
            .filter_map(ou_ext)
            .filter(|e| d.ous.contains_key(e) && Some(e) != primary.as_ref())
            .collect();
        if u.attrs.username != want.attrs.username
            || primary.as_ref() != Some(&want.primary_ou)
            || managed != want.secondary_ous
            || u.status != want.status
        {
            out.push(format!(
                "user {ext}: {} {:?} {:?} {:?}",
                u.attrs.username, primary, managed, u.status
            ));
        }
        if want.attrs.email.as_ref().map(|e| &e.address)
            != u.attrs
                .email
                .as_ref()
                .map(|e| &e.address)
                .filter(|_| want.attrs.email.is_some())
        {
            out.push(format!("user {ext}: email {:?}", u.attrs.email));
        }
    }
    for (ext, want) in &d.groups {
        let Some(g) = s
            .groups
            .values()
            .find(|g| g.external_id.as_ref() == Some(ext))
        else {
            out.push(format!("group {ext} missing"));
            continue;
        };
        if g.attrs.name != want.attrs.name {
            out.push(format!("group {ext}: name {}", g.attrs.name));
        }
        let members: BTreeSet<ExtId> = s
            .members
            .get(&g.id)
            .into_iter()
            .flatten()
            .filter_map(|u| s.users.get(u).and_then(|u| u.external_id.clone()))
            .filter(|e| d.users.contains_key(e))
            .collect();
        let wanted = d.members.get(ext).cloned().unwrap_or_default();
        if members != wanted {
            out.push(format!("group {ext}: members {members:?} != {wanted:?}"));
        }
    }
    out
}

/// Plan, check no operation is blocked, replay, check EIAM matches, plan again: nothing to do.
pub fn converge(
    d: &DesiredState,
    s: &ObservedState,
    o: &Ownership,
    removal: UserRemoval,
) -> (Plan, ObservedState) {
    let p = plan(d, s, o, options(removal));
    let blocked: Vec<_> = p.ops.iter().filter(|op| op.blocked.is_some()).collect();
    assert!(blocked.is_empty(), "blocked operations: {blocked:#?}");
    let after = replay(s, &p).unwrap_or_else(|v| panic!("{v}\nplan: {:#?}", p.ops));
    let diff = mismatches(d, &after);
    assert!(
        diff.is_empty(),
        "after applying: {diff:#?}\nplan: {:#?}",
        p.ops
    );
    let again = plan(d, &after, &ownership_after(o, &after), options(removal));
    assert!(
        again.ops.is_empty(),
        "second plan not empty: {:#?}",
        again.ops
    );
    (p, after)
}

/// Every dependency points backwards, so the plan order is one valid order; `shuffled_orders`
/// yields other valid orders (random topological sorts).
pub fn random_order(p: &Plan, seed: u64) -> Vec<OpId> {
    use rand::{RngExt, SeedableRng, rngs::StdRng};
    let mut rng = StdRng::seed_from_u64(seed);
    let n = p.ops.len();
    let mut indeg = vec![0usize; n];
    let mut out_edges: BTreeMap<OpId, Vec<OpId>> = BTreeMap::new();
    for (i, op) in p.ops.iter().enumerate() {
        indeg[i] = op.deps.len();
        for &d in &op.deps {
            out_edges.entry(d).or_default().push(i);
        }
    }
    let mut ready: Vec<OpId> = (0..n).filter(|i| indeg[*i] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while !ready.is_empty() {
        let pick = ready.swap_remove(rng.random_range(0..ready.len()));
        order.push(pick);
        for &next in out_edges.get(&pick).into_iter().flatten() {
            indeg[next] -= 1;
            if indeg[next] == 0 {
                ready.push(next);
            }
        }
    }
    order
}

/// Replay in several random valid orders; each must succeed and reach the same state.
pub fn check_orders(d: &DesiredState, s: &ObservedState, p: &Plan, rounds: u64) {
    for seed in 0..rounds {
        let order = random_order(p, seed);
        assert_eq!(order.len(), p.ops.len());
        let after = replay_in_order(s, p, &order)
            .unwrap_or_else(|v| panic!("order {seed}: {v}\n{:#?}", p.ops));
        let diff = mismatches(d, &after);
        assert!(diff.is_empty(), "order {seed}: {diff:#?}");
    }
}
