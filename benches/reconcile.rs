//! Reconciliation benchmarks (release): `cargo bench --bench reconcile [-- plan|calls|load|load32|incremental]`.
//!
//! * `plan`: planning and pre-apply verification time and peak memory for 100,000 users /
//!   10,000 OUs / 5,000 groups / 500,000 memberships, in every shape of plan: nothing changed,
//!   5% churn, the initial load into an empty EIAM, a mass rename (every username, display
//!   name and OU name) and a mass move (every user to another OU, every deep OU to another
//!   parent) (pure, no I/O).
//! * `calls`: API calls of a no-op full reconcile of that directory against the emulator,
//!   compared with the minimum the API allows for a complete observation.
//! * `load`: wall time of an initial load of 10,000 users under a server budget of
//!   100 requests/s with 30 ms latency, against the ideal of calls ÷ 100.
//! * `incremental`: a no-op incremental run of the full directory (API calls, wall time, peak
//!   memory), then one after 1% churn (API calls per plan operation, wall time).
//! * `load32`: operations per second of the initial load of the full directory against the
//!   emulator with no server budget and no latency, at 32 requests in flight.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/directory.rs"]
mod directory;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use directory::{
    FULL, SMOKE, Size, admin_state, churn, churn_1, mass_move, mass_rename, observed, snapshot,
};
use eiam_sync::demo::snapshot::write;
use eiam_sync::emulator::{Emulator, EmulatorConfig, Faults};
use eiam_sync::metrics::Metrics;
use eiam_sync::model::validate::validate;
use eiam_sync::model::{KindSet, Ownership, Snapshot, SyncMode};
use eiam_sync::plan::UserRemoval;
use eiam_sync::plan::verify::replay;
use eiam_sync::plan::{GuardLimits, PlanOptions, plan};
use eiam_sync::reconcile::{Reconciler, RunRequest};

fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn size() -> &'static Size {
    if full() { &FULL } else { &SMOKE }
}

fn proc_status(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// The planning scenarios, each run in a process of its own so its peak memory is its own.
const PLAN_SCENARIOS: &[(&str, &str)] = &[
    ("plan-none", "no change"),
    ("plan-churn", "5% churn"),
    ("plan-load", "initial load"),
    ("plan-rename", "mass rename"),
    ("plan-move", "mass move"),
];

fn bench_plan(scenario: &str) {
    let base = snapshot(size());
    let mut obs = observed(&base);
    let snap = match scenario {
        "plan-churn" => churn(&base),
        "plan-rename" => mass_rename(&base),
        "plan-move" => mass_move(&base),
        "plan-load" => {
            obs.ous.retain(|id, _| *id == obs.root);
            obs.users.clear();
            obs.groups.clear();
            obs.members.clear();
            base.clone()
        }
        _ => base.clone(),
    };
    drop(base);
    let own = Ownership::default();
    let opts = PlanOptions {
        user_removal: UserRemoval::Disable,
        kinds: KindSet::all(),
        limits: GuardLimits {
            max_deletes: u64::MAX,
            max_delete_percent: 100.0,
            percent_min_count: 0,
        },
    };
    let rss_before = proc_status("VmRSS:");
    let t = Instant::now();
    let validated = validate(snap);
    let t_validate = t.elapsed();
    let t = Instant::now();
    let p = plan(&validated.desired, &obs, &own, opts);
    let t_plan = t.elapsed();
    let t = Instant::now();
    replay(&obs, &p).unwrap();
    let t_verify = t.elapsed();
    let peak = proc_status("VmHWM:");
    let label = PLAN_SCENARIOS
        .iter()
        .find(|(name, _)| *name == scenario)
        .map_or(scenario, |(_, label)| label);
    println!(
        "plan [{label}]: {} users / {} OUs / {} groups / {} memberships -> {} operations; validate {:.2?}, plan {:.2?}, verify {:.2?}, plan + verify {:.2?}; peak RSS {} MiB, of which {} MiB were the snapshot rows and observed state held before validating",
        validated.desired.users.len(),
        validated.desired.ous.len(),
        validated.desired.groups.len(),
        validated
            .desired
            .members
            .values()
            .map(|m| m.len())
            .sum::<usize>(),
        p.ops.len(),
        t_validate,
        t_plan,
        t_verify,
        t_plan + t_verify,
        peak / 1024,
        rss_before / 1024,
    );
}

/// The benchmarks measure speed, not the guards: a day of churn at this size (a thousand
/// rewritten emails) would trip the defaults, so every limit is set out of the way.
const GUARDS_OFF: &str = "max_deletes = 10000000\nmax_delete_percent = 100\nmax_moves = 10000000\nmax_move_percent = 100\nmax_membership_removals = 10000000\nmax_membership_removal_percent = 100\nmax_identifier_rewrites = 10000000\nmax_identifier_rewrite_percent = 100\nmax_removals_24h = 10000000\nmax_removal_percent_24h = 100\n";

async fn reconciler(
    url: &str,
    root: &str,
    dir: &std::path::Path,
    qps: u32,
    concurrency: usize,
) -> Reconciler {
    let cfg = EmulatorConfig::default();
    let text = format!(
        "[eiam]\nendpoint = \"{url}\"\ninstance_id = \"{}\"\napplication_id = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nrate_limit_qps = {qps}\nmax_concurrency = {concurrency}\n[source]\nurl = \"sqlite://{d}/snapshot.db\"\n[state]\nurl = \"sqlite://{d}/state.db\"\n[sync]\nroot_organizational_unit_id = \"{root}\"\n{GUARDS_OFF}",
        cfg.instance_id,
        cfg.application_id,
        cfg.client_id,
        cfg.client_secret,
        d = dir.display()
    );
    let path = dir.join("eiam-sync.toml");
    std::fs::write(&path, text).unwrap();
    Reconciler::new(eiam_sync::config::load(&path).unwrap(), Metrics::new())
        .await
        .unwrap()
}

/// The fewest calls that observe every OU, user, group and membership of `s`.
fn minimum_calls(s: &Snapshot) -> u64 {
    let pages = |n: usize| n.max(1).div_ceil(100) as u64;
    let mut children: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    let mut members: BTreeMap<&str, usize> = BTreeMap::new();
    for o in &s.organizational_units {
        *children.entry(o.parent_id.as_deref()).or_default() += 1;
    }
    for u in &s.users {
        *members.entry(&u.primary_ou_id).or_default() += 1;
    }
    for r in &s.user_organizational_units {
        *members.entry(&r.ou_id).or_default() += 1;
    }
    let mut calls = 2; // token + the root OU
    calls += pages(children.get(&None).copied().unwrap_or(0))
        + pages(members.get("").copied().unwrap_or(0));
    for o in &s.organizational_units {
        calls += pages(children.get(&Some(o.id.as_str())).copied().unwrap_or(0));
        calls += pages(members.get(o.id.as_str()).copied().unwrap_or(0));
    }
    let with_secondary: BTreeSet<&str> = s
        .user_organizational_units
        .iter()
        .map(|r| r.user_id.as_str())
        .collect();
    calls += with_secondary.len() as u64;
    calls += pages(s.groups.len());
    let mut per_group: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &s.group_members {
        *per_group.entry(&m.group_id).or_default() += 1;
    }
    for g in &s.groups {
        calls += pages(per_group.get(g.id.as_str()).copied().unwrap_or(0));
    }
    calls
}

async fn bench_calls() {
    let snap = snapshot(size());
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let root = emulator.root_ou_id();
    emulator
        .put_state(admin_state(
            &snap,
            &root,
            &EmulatorConfig::default().instance_id,
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        &format!("sqlite://{}/snapshot.db", dir.path().display()),
        &snap,
    )
    .await
    .unwrap();
    let r = reconciler(&emulator.url(), &root, dir.path(), 100_000, 32).await;
    let t = Instant::now();
    let report = r
        .run(RunRequest::new("bench", true, KindSet::all()))
        .await
        .unwrap();
    let took = t.elapsed();
    let minimum = minimum_calls(&snap);
    println!(
        "calls [no-op full reconcile of {} users / {} OUs / {} groups / {} memberships]: {} operations planned, {} API calls in {:.2?}; the minimum for a complete observation is {} ({:.3}x)",
        snap.users.len(),
        snap.organizational_units.len(),
        snap.groups.len(),
        snap.group_members.len(),
        report.operations.len(),
        report.api_calls,
        took,
        minimum,
        report.api_calls as f64 / minimum as f64
    );
    emulator.shutdown().await;
}

async fn bench_load() {
    let users = if full() { 10_000 } else { 300 };
    let size = Size {
        ous: 100,
        users,
        groups: 20,
        members_per_user: 1,
    };
    let snap = snapshot(&size);
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    emulator.set_faults(Faults {
        latency_ms: 30,
        rate_limit_qps: Some(100.0),
        ..emulator.faults()
    });
    let dir = tempfile::tempdir().unwrap();
    write(
        &format!("sqlite://{}/snapshot.db", dir.path().display()),
        &snap,
    )
    .await
    .unwrap();
    let qps: u32 = std::env::var("LOAD_CLIENT_QPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let r = reconciler(&emulator.url(), &emulator.root_ou_id(), dir.path(), qps, 8).await;
    let t = Instant::now();
    let report = r
        .run(RunRequest::new("bench", false, KindSet::all()))
        .await
        .unwrap();
    let took = t.elapsed();
    let stats = emulator.stats();
    let throttled = stats.by_status.get("429").copied().unwrap_or(0);
    let ideal = report.api_calls as f64 / 100.0;
    println!(
        "load [{} users, budget 100 req/s, 30 ms latency, client rate_limit_qps {qps}]: {} operations, {} API calls ({} answered 429) in {:.1} s; ideal {:.1} s -> {:.1}% of the budget; {} failed",
        size.users,
        report.operations.len(),
        report.api_calls,
        throttled,
        took.as_secs_f64(),
        ideal,
        ideal / took.as_secs_f64() * 100.0,
        report
            .operations
            .iter()
            .filter(|o| o.error.is_some())
            .count()
    );
    emulator.shutdown().await;
}

/// The initial load of the full directory into an empty EIAM, without a server budget and
/// without latency, at 32 requests in flight: how fast our own side turns operations into
/// requests (journal, pacing, planning).
async fn bench_load32() {
    let size = size();
    let snap = snapshot(size);
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write(
        &format!("sqlite://{}/snapshot.db", dir.path().display()),
        &snap,
    )
    .await
    .unwrap();
    let r = reconciler(
        &emulator.url(),
        &emulator.root_ou_id(),
        dir.path(),
        1_000_000,
        32,
    )
    .await;
    // A dry run first: reading, observing and planning alone, the part before the first write.
    let t = Instant::now();
    let dry = r
        .run(RunRequest::new("bench", true, KindSet::all()))
        .await
        .unwrap();
    let t_dry = t.elapsed();
    let t = Instant::now();
    let report = r
        .run(RunRequest::new("bench", false, KindSet::all()))
        .await
        .unwrap();
    let took = t.elapsed();
    let failed = report
        .operations
        .iter()
        .filter(|o| o.error.is_some())
        .count();
    let ops = report.operations.len();
    let applying = took.saturating_sub(t_dry).as_secs_f64();
    println!(
        "load32 [initial load of {} users / {} OUs / {} groups / {} memberships, no server budget, no latency, max_concurrency 32]: {} operations, {} API calls in {:.1} s = {:.0} operations/s overall; read + observe + plan (the dry run before it) {:.1} s, so {:.0} operations/s while applying; {} failed; peak RSS {} MiB",
        snap.users.len(),
        snap.organizational_units.len(),
        snap.groups.len(),
        snap.group_members.len(),
        ops,
        report.api_calls,
        took.as_secs_f64(),
        ops as f64 / took.as_secs_f64(),
        t_dry.as_secs_f64(),
        ops as f64 / applying.max(0.001),
        failed,
        proc_status("VmHWM:") / 1024,
    );
    assert_eq!(dry.operations.len(), ops, "the dry run planned the same");
    assert_eq!(failed, 0);
    emulator.shutdown().await;
}

/// Resets the peak resident memory of this process to its current size (Linux), so a later
/// `VmHWM` is the peak of what ran in between.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Incremental runs over the full directory in step in EIAM: first with no change (goal: no
/// API call at all), then after 1% churn (goal: API calls ÷ plan operations ≤ 2.5).
async fn bench_incremental() {
    let base = snapshot(size());
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let root = emulator.root_ou_id();
    emulator
        .put_state(admin_state(
            &base,
            &root,
            &EmulatorConfig::default().instance_id,
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/snapshot.db", dir.path().display());
    write(&url, &base).await.unwrap();
    let r = reconciler(&emulator.url(), &root, dir.path(), 1_000_000, 32).await;
    // A full run records what is in step (ownership and fingerprints).
    let t = Instant::now();
    let full = r
        .run(RunRequest::new("bench", false, KindSet::all()))
        .await
        .unwrap();
    println!(
        "incremental setup: full run of the directory in step: {} operations, {} API calls in {:.1} s",
        full.operations.len(),
        full.api_calls,
        t.elapsed().as_secs_f64()
    );
    let incremental = || {
        let mut req = RunRequest::new("bench", false, KindSet::all());
        req.mode = SyncMode::Incremental;
        req
    };

    emulator.reset_stats();
    let held = proc_status("VmRSS:");
    reset_peak_rss();
    let t = Instant::now();
    let noop = r.run(incremental()).await.unwrap();
    let took = t.elapsed();
    println!(
        "incremental [no change, {} users / {} OUs / {} groups / {} memberships]: mode {}, {} operations, {} API calls (the emulator counted {}; goal 0) in {:.2} s; peak RSS {} MiB during the run ({} MiB held before it, the in-process emulator's directory included){}",
        base.users.len(),
        base.organizational_units.len(),
        base.groups.len(),
        base.group_members.len(),
        noop.mode.as_str(),
        noop.operations.len(),
        noop.api_calls,
        emulator.stats().total,
        took.as_secs_f64(),
        proc_status("VmHWM:") / 1024,
        held / 1024,
        notes(&noop.mode_notes),
    );

    let changed = churn_1(&base);
    drop(base);
    write(&url, &changed).await.unwrap();
    emulator.reset_stats();
    let t = Instant::now();
    let after = r.run(incremental()).await.unwrap();
    let took = t.elapsed();
    let ops = after.operations.len();
    let failed = after
        .operations
        .iter()
        .filter(|o| o.error.is_some())
        .count();
    println!(
        "incremental [after 1% churn]: mode {}, {} operations, {} API calls = {:.2} calls per operation (goal <= 2.5) in {:.2} s; {} failed{}",
        after.mode.as_str(),
        ops,
        after.api_calls,
        after.api_calls as f64 / ops.max(1) as f64,
        took.as_secs_f64(),
        failed,
        notes(&after.mode_notes),
    );
    println!(
        "incremental [after 1% churn]: calls by action {:?}",
        emulator.stats().by_action
    );
    if let Some(refused) = &after.refused {
        println!("incremental [after 1% churn]: refused: {refused:?}");
    }
    for o in after
        .operations
        .iter()
        .filter(|o| o.error.is_some())
        .take(3)
    {
        println!(
            "incremental [after 1% churn]: failed {:?} {}: {}",
            o.action,
            o.external_id,
            o.error.as_deref().unwrap_or_default()
        );
    }
    let check = r
        .run(RunRequest::new("bench", true, KindSet::all()))
        .await
        .unwrap();
    println!(
        "incremental [after 1% churn]: a full dry run afterwards plans {} operations (0 expected)",
        check.operations.len()
    );
    assert_eq!(failed, 0);
    emulator.shutdown().await;
}

fn notes(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!("; notes: {}", notes.join("; "))
    }
}

fn main() {
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Some(scenario) = which
        .iter()
        .find(|w| PLAN_SCENARIOS.iter().any(|(name, _)| name == w))
    {
        bench_plan(scenario);
        return;
    }
    if wants("plan") {
        for (scenario, _) in PLAN_SCENARIOS {
            let exe = std::env::current_exe().unwrap();
            let mut cmd = std::process::Command::new(exe);
            cmd.arg(scenario);
            if full() {
                cmd.arg("--bench");
            }
            let status = cmd.status().unwrap();
            assert!(status.success());
        }
    }
    if wants("calls") {
        rt.block_on(bench_calls());
    }
    if wants("load") {
        rt.block_on(bench_load());
    }
    if wants("load32") {
        rt.block_on(bench_load32());
    }
    if wants("incremental") {
        rt.block_on(bench_incremental());
    }
}
