//! End-to-end property test: for random snapshots over random EIAM states (some snapshot
//! records already in EIAM with other names, places and statuses; hand-made objects beside
//! them), plan → apply → observe reaches a fixed point (a second plan is empty) and no
//! hand-made object is touched, through a day of churn as well.

use eiam_sync::emulator::{StateOu, StateUser};
use eiam_sync::model::Snapshot;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::directory::{Size, churn, generate};
use super::handmade::seed_handmade;
use super::{Tally, pick};
use crate::support::harness::{Env, Source};

/// Puts some of the snapshot's records into EIAM before the first run, each a little different
/// from what the snapshot says, so the run adopts and corrects them.
fn pre_existing(env: &Env, s: &Snapshot, rng: &mut StdRng) {
    let mut state = env.state();
    let root = env.emulator.root_ou_id().into_string();
    let mut made = std::collections::BTreeMap::new();
    for (i, o) in s.organizational_units.iter().enumerate() {
        let parent = match &o.parent_id {
            None => Some(root.clone()),
            Some(p) => made.get(p).cloned(),
        };
        let Some(parent) = parent.filter(|_| rng.random_bool(0.5)) else {
            continue;
        };
        let id = format!("ou_pre{i}");
        state.organizational_units.push(StateOu {
            organizational_unit_id: id.clone(),
            organizational_unit_name: format!("Old unit {i}"),
            organizational_unit_external_id: o.id.clone(),
            parent_id: Some(parent),
            ..Default::default()
        });
        made.insert(o.id.clone(), id);
    }
    for (i, u) in s.users.iter().enumerate() {
        let Some(ou) = made.get(&u.primary_ou_id).filter(|_| rng.random_bool(0.5)) else {
            continue;
        };
        state.users.push(StateUser {
            user_id: format!("user_pre{i}"),
            username: if rng.random_bool(0.5) {
                u.username.clone()
            } else {
                format!("old.{i}")
            },
            status: if rng.random_bool(0.3) {
                "disabled"
            } else {
                "enabled"
            }
            .into(),
            user_external_id: u.id.clone(),
            organizational_unit_ids: vec![ou.clone()],
            primary_organizational_unit_id: Some(ou.clone()),
            display_name: Some(format!("Old name {i}")),
            ..Default::default()
        });
    }
    env.emulator.put_state(state).expect("pre-existing records");
}

async fn one(seed: u64, tally: &Tally) -> Result<(), TestCaseError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let removal = if rng.random_bool(0.5) {
        "user_removal = \"delete\""
    } else {
        ""
    };
    let env = Env::with(Source::Sqlite, removal).await;
    let size = Size {
        ous: rng.random_range(1..10),
        depth: rng.random_range(1..5),
        users: rng.random_range(0..25),
        groups: rng.random_range(0..4),
    };
    let mut s = generate(size, seed);
    let hand = seed_handmade(&env.emulator);
    pre_existing(&env, &s, &mut rng);
    env.converge(&s).await;
    prop_assert!(
        hand.changes(&env.state()).is_empty(),
        "seed {seed}: {:?}",
        hand.changes(&env.state())
    );
    let mut hire = 50_000;
    churn(&mut s, &mut rng, &mut hire);
    env.converge(&s).await;
    prop_assert!(
        hand.changes(&env.state()).is_empty(),
        "seed {seed}: {:?}",
        hand.changes(&env.state())
    );
    Tally::add(&tally.trials, 1);
    Tally::add(&tally.inputs, 2);
    Ok(())
}

#[test]
fn random_directories_over_random_eiam_states_reach_a_fixed_point() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let tally = Tally::default();
    let mut runner = TestRunner::new(Config {
        cases: pick(16, 400),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&any::<u64>(), |seed| runtime.block_on(one(seed, &tally)));
    if let Err(e) = result {
        Tally::add(&tally.lost, 1);
        panic!("{}: {e}", tally.line("properties"));
    }
    tally.finish("properties");
}
