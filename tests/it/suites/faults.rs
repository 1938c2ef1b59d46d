//! The fault suite: a realistic directory synced through 20% server errors, connections dropped
//! before and after processing, a tight request budget, 50 ms latency and 5-second tokens must
//! end exactly where a fault-free sync ends (full emulator dumps, normalized by external ids).

use std::collections::{BTreeMap, BTreeSet};

use eiam_sync::emulator::{AdminState, Faults, ScriptedFault, ScriptedKind};
use eiam_sync::model::Snapshot;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::directory::{Size, churn, generate};
use super::{Tally, pick};
use crate::support::harness::{Harness, Store};

/// Everything EIAM holds, keyed by external ids and names instead of EIAM's own ids.
fn normalized(s: &AdminState) -> BTreeMap<String, String> {
    let ou_ext: BTreeMap<&str, &str> = s
        .organizational_units
        .iter()
        .map(|o| {
            let ext = if o.parent_id.is_none() {
                "<root>"
            } else {
                o.organizational_unit_external_id.as_str()
            };
            (o.organizational_unit_id.as_str(), ext)
        })
        .collect();
    let ou = |id: &str| ou_ext.get(id).copied().unwrap_or("<unknown>").to_owned();
    let user_ext: BTreeMap<&str, &str> = s
        .users
        .iter()
        .map(|u| (u.user_id.as_str(), u.user_external_id.as_str()))
        .collect();
    let mut out = BTreeMap::new();
    for o in &s.organizational_units {
        out.insert(
            format!("ou {}", ou(&o.organizational_unit_id)),
            format!(
                "{:?} under {:?} ({:?})",
                o.organizational_unit_name,
                o.parent_id.as_deref().map(ou),
                o.description
            ),
        );
    }
    for u in &s.users {
        let ous: BTreeSet<String> = u.organizational_unit_ids.iter().map(|o| ou(o)).collect();
        out.insert(
            format!("user {}", u.user_external_id),
            format!(
                "{} {} {:?} {:?}/{:?} {:?} {:?} primary {:?} in {ous:?}",
                u.username,
                u.status,
                u.display_name,
                u.email,
                u.email_verified,
                u.phone_number,
                u.description,
                u.primary_organizational_unit_id.as_deref().map(ou),
            ),
        );
    }
    for g in &s.groups {
        let members: BTreeSet<&str> = s
            .group_members
            .iter()
            .filter(|m| m.group_id == g.group_id)
            .filter_map(|m| user_ext.get(m.user_id.as_str()).copied())
            .collect();
        out.insert(
            format!("group {}", g.group_external_id),
            format!("{:?} {:?} members {members:?}", g.group_name, g.description),
        );
    }
    out
}

fn hostile_network() -> Faults {
    // The budget throttles only a client that sends faster than it; these 429s come whatever
    // the machine's speed (every run lists these).
    let throttled = [
        "ListOrganizationalUnits",
        "ListUsers",
        "ListUsers",
        "ListGroups",
    ];
    Faults {
        latency_ms: 50,
        error_rate: 0.2,
        drop_rate: 0.05,
        drop_after_rate: 0.05,
        rate_limit_qps: Some(60.0),
        rate_limit_burst: Some(10.0),
        token_ttl_secs: 5,
        script: throttled
            .into_iter()
            .map(|action| ScriptedFault {
                action: Some(action.into()),
                fault: ScriptedKind::Throttle,
                status: None,
            })
            .collect(),
        ..Faults::default()
    }
}

/// Runs until a run succeeds and a dry run has nothing left; returns how many runs it took.
async fn sync_through(env: &Harness, limit: usize) -> usize {
    for n in 1..=limit {
        let run = env.reconcile(&[]).await;
        assert!(
            [0, 3].contains(&run.code),
            "a run under faults failed outright (exit {}): {}\n{}",
            run.code,
            run.report,
            run.stderr.lines().last().unwrap_or("")
        );
        if run.code == 0 {
            let again = env.reconcile(&["--dry-run"]).await;
            if again.code == 0 && again.ops().is_empty() {
                return n;
            }
        }
    }
    panic!("no convergence within {limit} runs under faults");
}

fn injected(env: &Harness) -> u64 {
    let stats = env.emulator.stats();
    stats
        .by_status
        .iter()
        .filter(|(s, _)| s.as_str() != "200")
        .map(|(_, n)| *n)
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_network_converges_to_the_fault_free_state() {
    let size = pick(
        Size {
            ous: 16,
            depth: 5,
            users: 80,
            groups: 3,
        },
        Size {
            ous: 300,
            depth: 12,
            users: 3000,
            groups: 20,
        },
    );
    // About three attempts in ten fail here (errors, cut connections, throttling), so with the
    // default six retries one read in a few thousand fails all seven attempts and the run
    // stops, as it must, without acting on a partial read: a few per cent of runs of this
    // suite. The patience an operator would give such a network makes that one read in
    // millions; what is checked (the state the faulty sync reaches) is the same.
    let eiam = "rate_limit_qps = 1000\nmax_concurrency = 8\nmax_retries = 12";
    let clean = Harness::suite(Store::Sqlite, "", eiam).await;
    let faulty = Harness::suite(Store::Sqlite, "", eiam).await;
    let tally = Tally::default();
    let mut snapshot: Snapshot = generate(size, 42);
    let mut rng = StdRng::seed_from_u64(42);
    let mut hire = 90_000;
    let mut runs = Vec::new();
    for day in 0..pick(2, 3) {
        if day > 0 {
            churn(&mut snapshot, &mut rng, &mut hire);
        }
        clean.write(&snapshot).await;
        faulty.write(&snapshot).await;
        clean.converge_by_binary().await;
        faulty.emulator.set_faults(hostile_network());
        faulty.emulator.reset_stats();
        runs.push(sync_through(&faulty, 10).await);
        let stats = faulty.emulator.stats();
        assert!(
            stats.status("429") > 0,
            "day {day}: never throttled: {stats:?}"
        );
        Tally::add(&tally.faults, injected(&faulty));
        Tally::add(&tally.trials, 1);
        let (want, have) = (normalized(&clean.state()), normalized(&faulty.state()));
        let differ: Vec<String> = want
            .iter()
            .filter(|(k, v)| have.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k}: want {v}, have {:?}", have.get(k)))
            .chain(
                have.keys()
                    .filter(|k| !want.contains_key(*k))
                    .map(|k| format!("{k}: extra {:?}", have[k])),
            )
            .collect();
        Tally::add(&tally.lost, differ.len() as u64);
        assert!(
            differ.is_empty(),
            "day {day}: the faulty sync differs from the clean one:\n{}",
            differ.join("\n")
        );
    }
    eprintln!("runs until convergence under faults, per day: {runs:?}");
    tally.finish("faults");
}
