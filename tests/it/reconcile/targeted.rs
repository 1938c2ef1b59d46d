//! The targeted observation against a converged directory: each object read by id equals what
//! the full observation of the subtree says of it, at one call per target and no walk of the
//! tree; deleted objects are reported missing, lookups find their holders, member listings
//! are complete past one page.

use std::collections::BTreeSet;

use eiam_sync::emulator::StateGroupMember;
use eiam_sync::model::{EiamId, ExtId, ObservedState};
use eiam_sync::observe::targeted::{Lookup, Targets, observe_targeted};
use eiam_sync::observe::{ObserveOptions, observe};

use super::data::company;
use crate::support::harness::{Env, Source};

async fn full(env: &Env) -> ObservedState {
    let opts = ObserveOptions {
        root: Some(env.root.clone()),
        concurrency: 4,
        groups: true,
        member_groups: ["g1", "g2"].into_iter().map(ExtId::new).collect(),
        users: BTreeSet::new(),
        custom_fields: BTreeSet::new(),
        ..Default::default()
    };
    observe(env.reconciler.client(), &opts).await.unwrap()
}

fn id_of(env: &Env, key: &str) -> EiamId {
    EiamId::new(env.ids()[key].clone())
}

#[tokio::test]
async fn targets_read_by_id_match_the_full_observation_at_one_call_each() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let all = full(&env).await;
    let targets = Targets {
        users: ["user:u1", "user:u3"].map(|k| id_of(&env, k)).into(),
        ous: ["ou:web", "ou:platform"].map(|k| id_of(&env, k)).into(),
        ancestors: true,
        groups: [id_of(&env, "group:g1")].into(),
        members: [id_of(&env, "group:g1")].into(),
        ..Default::default()
    };
    env.emulator.reset_stats();
    let t = observe_targeted(env.reconciler.client(), &targets, 4)
        .await
        .unwrap();
    let stats = env.emulator.stats();
    assert_eq!(stats.action("GetUser"), 2, "{stats:?}");
    assert_eq!(stats.action("GetOrganizationalUnit"), 2);
    assert_eq!(stats.action("ListOrganizationalUnitParentIds"), 2);
    assert_eq!(stats.action("GetGroup"), 1);
    assert_eq!(stats.action("ListUsersForGroup"), 1);
    for walk in ["ListOrganizationalUnits", "ListUsers", "ListGroups"] {
        assert_eq!(stats.action(walk), 0, "{walk}: {stats:?}");
    }

    for id in &targets.users {
        let mut seen = t.users[id].clone();
        // The full observation keeps only the OUs of the subtree (all of them here).
        seen.ous.retain(|o| all.ous.contains_key(o));
        assert_eq!(seen, all.users[id]);
    }
    let u3 = &t.users[&id_of(&env, "user:u3")];
    assert_eq!(u3.ous.len(), 2, "primary and secondary OU");
    assert_eq!(u3.primary_ou, Some(id_of(&env, "ou:platform")));
    for id in &targets.ous {
        assert_eq!(t.ous[id], all.ous[id]);
        let root = EiamId::new(env.root.clone());
        assert!(t.is_under(id, &root));
        assert_eq!(t.ancestors[id].last(), Some(&id_of(&env, "ou:eng")));
    }
    let g1 = id_of(&env, "group:g1");
    assert_eq!(t.groups[&g1], all.groups[&g1]);
    assert_eq!(t.members[&g1], all.members[&g1]);
    assert_eq!(t.members[&g1].len(), 3);
    assert_eq!(t.missing, Default::default());
}

#[tokio::test]
async fn deleted_objects_are_missing_and_lookups_find_their_holders() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let (u2, sales, g2) = (
        id_of(&env, "user:u2"),
        id_of(&env, "ou:sales"),
        id_of(&env, "group:g2"),
    );
    let mut state = env.state();
    state.users.retain(|u| u.user_id != u2.as_str());
    state
        .group_members
        .retain(|m| m.user_id != u2.as_str() && m.group_id != g2.as_str());
    state.groups.retain(|g| g.group_id != g2.as_str());
    for u in &mut state.users {
        u.organizational_unit_ids.retain(|o| o != sales.as_str());
        if u.organizational_unit_ids.is_empty() {
            u.organizational_unit_ids.push(env.root.clone());
        }
        if u.primary_organizational_unit_id.as_deref() == Some(sales.as_str()) {
            u.primary_organizational_unit_id = Some(env.root.clone());
        }
    }
    state
        .organizational_units
        .retain(|o| o.organizational_unit_id != sales.as_str());
    env.emulator.put_state(state).unwrap();

    let targets = Targets {
        users: [u2.clone(), id_of(&env, "user:u1")].into(),
        ous: [sales.clone()].into(),
        ancestors: true,
        ou_children: [sales.clone(), id_of(&env, "ou:eng")].into(),
        ou_users: [id_of(&env, "ou:web")].into(),
        groups: [g2.clone()].into(),
        members: [g2.clone()].into(),
        group_names: ["Engineers".to_owned(), "Nobody".to_owned()].into(),
        lookups: [
            Lookup::Username("ALICE".into()),
            Lookup::Username("nobody".into()),
            Lookup::Email("carol@example.com".into()),
            Lookup::UserExternalId(ExtId::new("u4")),
            Lookup::UserExternalId(ExtId::new("u2")),
            Lookup::OuExternalId(ExtId::new("web")),
            Lookup::OuExternalId(ExtId::new("sales")),
        ]
        .into(),
    };
    env.emulator.reset_stats();
    let t = observe_targeted(env.reconciler.client(), &targets, 4)
        .await
        .unwrap();
    assert_eq!(t.missing.users, [u2].into());
    assert_eq!(t.missing.ous, [sales].into());
    assert_eq!(t.missing.groups, [g2].into());
    assert!(t.users.contains_key(&id_of(&env, "user:u1")));

    let eng_kids = &t.children[&id_of(&env, "ou:eng")];
    assert_eq!(
        *eng_kids,
        [id_of(&env, "ou:web"), id_of(&env, "ou:platform")].into()
    );
    assert_eq!(
        t.ous[&id_of(&env, "ou:web")].parent_id,
        Some(id_of(&env, "ou:eng"))
    );
    // u3 is a secondary member of web: direct members include it.
    assert_eq!(
        t.ou_users[&id_of(&env, "ou:web")],
        ["user:u1", "user:u3"].map(|k| id_of(&env, k)).into()
    );
    let g1 = id_of(&env, "group:g1");
    assert_eq!(t.groups[&g1].attrs.name, "Engineers");
    assert_eq!(t.groups.len(), 1, "no group is named Nobody");

    let look = |l: Lookup| t.lookups[&l].clone();
    assert_eq!(
        look(Lookup::Username("ALICE".into())),
        Some(id_of(&env, "user:u1"))
    );
    assert_eq!(look(Lookup::Username("nobody".into())), None);
    assert_eq!(
        look(Lookup::Email("carol@example.com".into())),
        Some(id_of(&env, "user:u3"))
    );
    assert_eq!(
        look(Lookup::UserExternalId(ExtId::new("u4"))),
        Some(id_of(&env, "user:u4"))
    );
    assert_eq!(look(Lookup::UserExternalId(ExtId::new("u2"))), None);
    assert_eq!(
        look(Lookup::OuExternalId(ExtId::new("web"))),
        Some(id_of(&env, "ou:web"))
    );
    assert_eq!(look(Lookup::OuExternalId(ExtId::new("sales"))), None);
    let stats = env.emulator.stats();
    assert_eq!(stats.action("ListOrganizationalUnits"), 2, "{stats:?}");
    assert_eq!(stats.action("ListUsers"), 1, "{stats:?}");
}

#[tokio::test]
async fn member_listings_past_one_page_are_complete() {
    let env = Env::new(Source::Sqlite).await;
    env.converge(&company()).await;
    let g1 = id_of(&env, "group:g1");
    let mut state = env.state();
    let mut template = state.users[0].clone();
    template.email = None;
    template.phone_number = None;
    for n in 0..230 {
        let mut u = template.clone();
        u.user_id = format!("user_bulk{n:04}");
        u.username = format!("bulk{n:04}");
        u.user_external_id = format!("bulk{n:04}");
        state.group_members.push(StateGroupMember {
            group_id: g1.to_string(),
            user_id: u.user_id.clone(),
        });
        state.users.push(u);
    }
    env.emulator.put_state(state).unwrap();
    env.emulator.reset_stats();
    let targets = Targets {
        members: [g1.clone()].into(),
        ..Default::default()
    };
    let t = observe_targeted(env.reconciler.client(), &targets, 4)
        .await
        .unwrap();
    assert_eq!(t.members[&g1].len(), 233);
    assert_eq!(env.emulator.stats().action("ListUsersForGroup"), 3);
}
