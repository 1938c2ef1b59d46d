//! Randomized directories: random EIAM trees with managed, rejected, orphaned and hand-made
//! objects, and random snapshots over them (moves, renames, swaps, leavers, new hires). Every
//! plan must be valid step by step in every dependency order and converge.

use std::collections::BTreeSet;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::model::{DesiredState, EiamId, Email, ExtId, Kind, ObservedState, Ownership};
use crate::plan::UserRemoval;

use super::fixtures::*;

const OU_NAMES: [&str; 4] = ["A", "B", "C", "D"];
const USERNAMES: [&str; 6] = ["alice", "bob", "carol", "dave", "erin", "frank"];
const EMAILS: [&str; 4] = ["a@x.io", "b@x.io", "c@x.io", "d@x.io"];
const GROUP_NAMES: [&str; 3] = ["G1", "G2", "G3"];

#[derive(Clone, Copy, PartialEq)]
enum R {
    Desired,
    Orphan,
    Unmanaged,
    Frozen,
}

fn role(rng: &mut StdRng) -> R {
    match rng.random_range(0..10) {
        0..=5 => R::Desired,
        6..=7 => R::Orphan,
        8 => R::Unmanaged,
        _ => R::Frozen,
    }
}

/// A name from `pool` not yet used among `taken`, else a unique fallback.
fn pick(rng: &mut StdRng, pool: &[&str], taken: &BTreeSet<String>, fallback: String) -> String {
    let free: Vec<&&str> = pool.iter().filter(|n| !taken.contains(**n)).collect();
    if free.is_empty() {
        fallback
    } else {
        free[rng.random_range(0..free.len())].to_string()
    }
}

pub(super) fn scenario(seed: u64) -> (DesiredState, ObservedState, Ownership, UserRemoval) {
    let mut rng = StdRng::seed_from_u64(seed);
    let removal = if rng.random_bool(0.5) {
        UserRemoval::Delete
    } else {
        UserRemoval::Disable
    };
    let mut s = eiam();
    let mut o = Ownership::default();
    let mut d = DesiredState::default();

    // Observed OUs; "safe" ones (root, desired) may hold hand-made and rejected objects.
    let mut ous: Vec<(String, R)> = vec![(ROOT.to_owned(), R::Desired)];
    for i in 0..rng.random_range(0..8) {
        let r = role(&mut rng);
        let candidates: Vec<usize> = (0..ous.len())
            .filter(|&p| r == R::Desired || r == R::Orphan || ous[p].1 == R::Desired)
            .filter(|&p| ous[p].1 != R::Frozen && ous[p].1 != R::Unmanaged)
            .collect();
        let parent = ous[candidates[rng.random_range(0..candidates.len())]]
            .0
            .clone();
        let taken: BTreeSet<String> = s
            .ous
            .values()
            .filter(|x| x.parent_id.as_ref().map(|p| p.as_str()) == Some(&parent))
            .map(|x| x.attrs.name.clone())
            .collect();
        let shared = r == R::Desired || (r == R::Orphan && removal == UserRemoval::Delete);
        let name = if shared {
            pick(&mut rng, &OU_NAMES, &taken, format!("N{i}"))
        } else {
            format!("Z{i}")
        };
        let id = format!("ou_{i}");
        add_ou(&mut s, &id, Some(&format!("o{i}")), &parent, &name);
        match r {
            R::Orphan => owned(&mut o, Kind::OrganizationalUnit, &format!("o{i}"), &id),
            R::Frozen => {
                d.rejected
                    .insert((Kind::OrganizationalUnit, ExtId::new(format!("o{i}"))));
            }
            _ => {}
        }
        ous.push((id, r));
    }

    // The snapshot's OU tree over the desired observed OUs plus new ones.
    let mut want: Vec<String> = ous
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, x)| x.1 == R::Desired)
        .map(|(i, _)| format!("o{}", i - 1))
        .collect();
    for j in 0..rng.random_range(0..4) {
        want.push(format!("n{j}"));
    }
    for k in (1..want.len()).rev() {
        want.swap(k, rng.random_range(0..=k));
    }
    for (k, ext) in want.iter().enumerate() {
        let parent = if k == 0 || rng.random_bool(0.3) {
            None
        } else {
            Some(want[rng.random_range(0..k)].clone())
        };
        let taken: BTreeSet<String> = d
            .ous
            .values()
            .filter(|x| x.parent == parent.as_ref().map(ExtId::new))
            .map(|x| x.attrs.name.clone())
            .collect();
        let name = pick(&mut rng, &OU_NAMES, &taken, format!("W{k}"));
        want_ou(&mut d, ext, parent.as_deref(), &name);
    }
    let desired_ous: Vec<String> = d.ous.keys().map(|k| k.to_string()).collect();
    let safe_ous: Vec<String> = ous
        .iter()
        .filter(|x| x.1 == R::Desired)
        .map(|x| x.0.clone())
        .collect();
    let any_ous: Vec<String> = ous
        .iter()
        .filter(|x| x.1 == R::Desired || x.1 == R::Orphan)
        .map(|x| x.0.clone())
        .collect();

    // Observed users.
    let mut used = BTreeSet::new();
    let mut used_mail = BTreeSet::new();
    for i in 0..rng.random_range(0..7) {
        let r = role(&mut rng);
        let shared = r == R::Desired || (r == R::Orphan && removal == UserRemoval::Delete);
        let name = if shared {
            pick(&mut rng, &USERNAMES, &used, format!("user{i}"))
        } else {
            format!("keep{i}")
        };
        used.insert(name.clone());
        let pool = if r == R::Desired || r == R::Orphan {
            &any_ous
        } else {
            &safe_ous
        };
        let mut uous = vec![pool[rng.random_range(0..pool.len())].clone()];
        if rng.random_bool(0.4) {
            let extra = pool[rng.random_range(0..pool.len())].clone();
            if !uous.contains(&extra) {
                uous.push(extra);
            }
        }
        let refs: Vec<&str> = uous.iter().map(|x| x.as_str()).collect();
        let id = format!("user_{i}");
        add_user(&mut s, &id, Some(&format!("p{i}")), &name, &refs);
        if shared && rng.random_bool(0.5) {
            let mail = pick(&mut rng, &EMAILS, &used_mail, format!("m{i}@x.io"));
            used_mail.insert(mail.clone());
            let u = s.users.get_mut(&EiamId::new(&id)).unwrap();
            std::sync::Arc::make_mut(&mut u.attrs).email = Some(Email {
                address: mail,
                verified: true,
            });
        }
        match r {
            R::Desired if !desired_ous.is_empty() => {
                let primary = desired_ous[rng.random_range(0..desired_ous.len())].clone();
                let sec: Vec<String> = desired_ous
                    .iter()
                    .filter(|x| **x != primary && rng.random_bool(0.3))
                    .cloned()
                    .collect();
                let sec: Vec<&str> = sec.iter().map(|x| x.as_str()).collect();
                want_user(&mut d, &format!("p{i}"), "", &primary, &sec);
            }
            R::Orphan => owned(&mut o, Kind::User, &format!("p{i}"), &id),
            R::Frozen => {
                d.rejected.insert((Kind::User, ExtId::new(format!("p{i}"))));
            }
            _ => {}
        }
    }
    if !desired_ous.is_empty() {
        for j in 0..rng.random_range(0..3) {
            let primary = desired_ous[rng.random_range(0..desired_ous.len())].clone();
            want_user(&mut d, &format!("h{j}"), "", &primary, &[]);
        }
    }
    // Snapshot usernames and emails: a random permutation over the shared pools.
    let mut names: Vec<String> = USERNAMES.iter().map(|x| x.to_string()).collect();
    let mut mails: Vec<String> = EMAILS.iter().map(|x| x.to_string()).collect();
    for k in (1..names.len()).rev() {
        names.swap(k, rng.random_range(0..=k));
    }
    for k in (1..mails.len()).rev() {
        mails.swap(k, rng.random_range(0..=k));
    }
    let exts: Vec<ExtId> = d.users.keys().cloned().collect();
    let has_mail = |ext: &ExtId| {
        s.users
            .values()
            .any(|u| u.external_id.as_ref() == Some(ext) && u.attrs.email.is_some())
    };
    // Users that have an email in EIAM keep having one (the API cannot clear it).
    let mut order: Vec<&ExtId> = exts.iter().filter(|e| has_mail(e)).collect();
    order.extend(exts.iter().filter(|e| !has_mail(e)));
    for (k, ext) in order.into_iter().enumerate() {
        let name = names.get(k).cloned().unwrap_or_else(|| format!("extra{k}"));
        std::sync::Arc::make_mut(&mut d.users.get_mut(ext).unwrap().attrs).username = name;
        if k < mails.len() && (has_mail(ext) || rng.random_bool(0.5)) {
            with_contact(&mut d, ext.as_str(), Some(&mails[k]), None);
        }
    }

    // Groups.
    let observed_users: Vec<String> = s.users.keys().map(|k| k.to_string()).collect();
    let mut gnames = BTreeSet::new();
    for i in 0..rng.random_range(0..4) {
        let r = role(&mut rng);
        let name = if r == R::Desired || r == R::Orphan {
            pick(&mut rng, &GROUP_NAMES, &gnames, format!("GX{i}"))
        } else {
            format!("MG{i}")
        };
        gnames.insert(name.clone());
        let members: Vec<&str> = observed_users
            .iter()
            .filter(|_| rng.random_bool(0.4))
            .map(|x| x.as_str())
            .collect();
        let id = format!("group_{i}");
        add_group(&mut s, &id, Some(&format!("q{i}")), &name, &members);
        match r {
            R::Desired => want_group(&mut d, &format!("q{i}"), "", &[]),
            R::Orphan => owned(&mut o, Kind::Group, &format!("q{i}"), &id),
            R::Frozen => {
                d.rejected
                    .insert((Kind::Group, ExtId::new(format!("q{i}"))));
            }
            R::Unmanaged => {}
        }
    }
    if rng.random_bool(0.5) {
        want_group(&mut d, "qn", "", &[]);
    }
    let mut gpool: Vec<String> = GROUP_NAMES.iter().map(|x| x.to_string()).collect();
    for k in (1..gpool.len()).rev() {
        gpool.swap(k, rng.random_range(0..=k));
    }
    let user_exts: Vec<ExtId> = d.users.keys().cloned().collect();
    let gexts: Vec<ExtId> = d.groups.keys().cloned().collect();
    for (k, g) in gexts.iter().enumerate() {
        d.groups.get_mut(g).unwrap().attrs.name =
            gpool.get(k).cloned().unwrap_or_else(|| format!("GN{k}"));
        let members = user_exts
            .iter()
            .filter(|_| rng.random_bool(0.5))
            .cloned()
            .collect();
        d.members.insert(g.clone(), members);
    }
    (d, s, o, removal)
}

#[test]
fn random_directories_converge_in_every_dependency_order() {
    for seed in 0..1000 {
        let (d, s, o, removal) = scenario(seed);
        let result = std::panic::catch_unwind(|| {
            let (p, _) = converge(&d, &s, &o, removal);
            check_orders(&d, &s, &p, 6);
        });
        if result.is_err() {
            panic!("seed {seed} failed; desired: {d:#?}\nobserved: {s:#?}");
        }
    }
}
