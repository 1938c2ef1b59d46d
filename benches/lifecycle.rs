//! The user's path, release build: `cargo bench --bench lifecycle [-- --million]`.
//!
//! The `eiam-sync` binary itself, run as a deployment runs it (the shipped defaults: no sync
//! root set, a SQLite state store that starts empty), against the emulator:
//! 1. the initial load of 100,000 users / 10,000 OUs / 5,000 groups / 500,000 memberships;
//! 2. a no-op incremental run and a no-op full run (API calls, wall time, peak RSS);
//! 3. 1% churn applied by an incremental run (calls per operation), then a full dry run that
//!    must plan nothing;
//! 4. history made by runs — 5% churn and back, applied incrementally — until the journal
//!    holds 1,000,000 entries, then the same no-op runs again (ratio to step 2);
//! 5. pruning at the default horizon (90 days), and the store's size per managed object and
//!    per journalled operation.
//!
//! `--million` adds a full dry run of the initial load of 1,000,000 users / 100,000 OUs /
//! 50,000 groups / 5,000,000 memberships (wall time, peak RSS, and a plain scan of its rows).
//! Without `--bench` (as `cargo test --all-targets` starts it) a small directory proves the
//! path works in seconds. Peak RSS is the child process's, from `/usr/bin/time`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/directory.rs"]
#[allow(dead_code)]
mod directory;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use directory::{FULL, SMOKE, Size, churn, churn_1, snapshot};
use eiam_sync::demo::snapshot::write;
use eiam_sync::emulator::{Emulator, EmulatorConfig};
use eiam_sync::state::{PruneBudget, StateStore};

const MILLION: Size = Size {
    ous: 100_000,
    users: 1_000_000,
    groups: 50_000,
    members_per_user: 5,
};
const GUARDS_OFF: &str = "max_deletes = 10000000\nmax_delete_percent = 100\nmax_moves = 10000000\nmax_move_percent = 100\nmax_membership_removals = 10000000\nmax_membership_removal_percent = 100\nmax_identifier_rewrites = 10000000\nmax_identifier_rewrite_percent = 100\nmax_removals_24h = 10000000\nmax_removal_percent_24h = 100\nmax_snapshot_drop_percent = 100\n";

fn full() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// One run of the binary.
struct Run {
    exit: i32,
    wall: f64,
    rss_mib: Option<u64>,
    report: serde_json::Value,
}

impl Run {
    fn ops(&self) -> usize {
        self.report["operations"].as_array().map_or(0, Vec::len)
    }
    fn calls(&self) -> u64 {
        self.report["api_calls"].as_u64().unwrap_or(0)
    }
    fn rss(&self) -> String {
        self.rss_mib.map_or("-".into(), |m| format!("{m} MiB"))
    }
}

/// `eiam-sync ARGS --config DIR/eiam-sync.toml`, its report read from a file.
fn eiam_sync(dir: &Path, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_eiam-sync");
    let out = dir.join("report.json");
    let rss = dir.join("rss");
    let config = dir.join("eiam-sync.toml");
    let timed = Path::new("/usr/bin/time").exists();
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M", "-o"]).arg(&rss).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args).arg("--config").arg(&config);
    cmd.stdout(Stdio::from(std::fs::File::create(&out).unwrap()));
    cmd.stderr(Stdio::from(
        std::fs::File::create(dir.join("stderr")).unwrap(),
    ));
    let t = Instant::now();
    let status = cmd.status().unwrap();
    let wall = t.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let report = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    let rss_mib = std::fs::read_to_string(&rss)
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse::<u64>().ok())
        .map(|kib| kib / 1024);
    let exit = status.code().unwrap_or(-1);
    if report.is_null() || exit == 1 {
        let err = std::fs::read_to_string(dir.join("stderr")).unwrap_or_default();
        panic!("eiam-sync {args:?} exited {exit}: {err}");
    }
    Run {
        exit,
        wall,
        rss_mib,
        report,
    }
}

fn config(dir: &Path, endpoint: &str) {
    let cfg = EmulatorConfig::default();
    let text = format!(
        "[eiam]\nendpoint = \"{endpoint}\"\ninstance_id = \"{}\"\napplication_id = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\nrate_limit_qps = 1000000\nmax_concurrency = 32\n[source]\nurl = \"sqlite://{d}/snapshot.db\"\n[state]\nurl = \"sqlite://{d}/state.db\"\n[sync]\n{GUARDS_OFF}[log]\nlevel = \"warn\"\n",
        cfg.instance_id,
        cfg.application_id,
        cfg.client_id,
        cfg.client_secret,
        d = dir.display()
    );
    std::fs::write(dir.join("eiam-sync.toml"), text).unwrap();
}

/// Bytes the state database's pages in use take (free pages left by pruning not counted).
async fn store_bytes(dir: &Path) -> u64 {
    use sqlx::Connection;
    let url = format!("sqlite://{}/state.db", dir.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let mut get = async |pragma: &str| -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("PRAGMA {pragma}")))
            .fetch_one(&mut conn)
            .await
            .unwrap()
    };
    let (pages, free, size) = (
        get("page_count").await,
        get("freelist_count").await,
        get("page_size").await,
    );
    u64::try_from((pages - free) * size).unwrap_or(0)
}

async fn history(dir: &Path) -> (u64, u64) {
    let status = eiam_sync(dir, &["status", "--output", "json"]);
    let h = &status.report["history"];
    (
        h["runs"].as_u64().unwrap(),
        h["journal_entries"].as_u64().unwrap(),
    )
}

#[tokio::main]
async fn main() {
    let (size, target) = if full() {
        (&FULL, 1_000_000)
    } else {
        (&SMOKE, 3_000)
    };
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    config(&dir, &emulator.url());
    let url = format!("sqlite://{}/snapshot.db", dir.display());
    let base = snapshot(size);
    write(&url, &base).await.unwrap();
    let shape = format!(
        "{} users / {} OUs / {} groups / {} memberships",
        base.users.len(),
        base.organizational_units.len(),
        base.groups.len(),
        base.group_members.len()
    );

    let load = eiam_sync(&dir, &["reconcile", "--output", "json"]);
    assert_eq!(load.exit, 0, "{}", load.report);
    let loaded_bytes = store_bytes(&dir).await;
    let (_, loaded_entries) = history(&dir).await;
    println!(
        "lifecycle [{shape}]: initial load by eiam-sync from an empty state store: {} operations in {:.1} s ({:.0}/s), {} API calls, peak RSS {}",
        load.ops(),
        load.wall,
        load.ops() as f64 / load.wall,
        load.calls(),
        load.rss()
    );
    let noop = |label: &str| {
        let run = |args: &[&str]| {
            emulator.reset_stats();
            let r = eiam_sync(&dir, args);
            assert_eq!(r.exit, 0, "{}", r.report);
            assert_eq!(r.ops(), 0, "{}", r.report);
            (r, emulator.stats().total)
        };
        let (inc, inc_seen) = run(&["reconcile", "--mode", "incremental", "--output", "json"]);
        let (full, full_seen) = run(&["reconcile", "--output", "json"]);
        println!(
            "lifecycle [{label}]: no-op incremental: mode {}, {} API calls (emulator saw {inc_seen}; goal 0), {:.2} s, peak RSS {}; no-op full: {} API calls (emulator saw {full_seen}), {:.2} s, peak RSS {}",
            inc.report["mode"],
            inc.calls(),
            inc.wall,
            inc.rss(),
            full.calls(),
            full.wall,
            full.rss()
        );
        (inc, full)
    };
    let (fresh_inc, fresh_full) = noop("fresh history");

    let current = churn_1(&base);
    write(&url, &current).await.unwrap();
    emulator.reset_stats();
    let churned = eiam_sync(
        &dir,
        &["reconcile", "--mode", "incremental", "--output", "json"],
    );
    let failed = (churned.report["operations"].as_array().unwrap().iter())
        .filter(|o| !o["error"].is_null())
        .count();
    println!(
        "lifecycle [1% churn]: incremental: {} operations, {} API calls = {:.2} calls per operation (goal <= 2.0), {:.2} s, {failed} failed",
        churned.ops(),
        churned.calls(),
        churned.calls() as f64 / churned.ops().max(1) as f64,
        churned.wall
    );
    let check = eiam_sync(&dir, &["reconcile", "--dry-run", "--output", "json"]);
    println!(
        "lifecycle [1% churn]: full dry run afterwards plans {} operations (exit {}; goal 0)",
        check.ops(),
        check.exit
    );

    // History made by runs: 5% churn and back, each applied by an incremental run.
    let alternate = churn(&base);
    drop(base);
    let t = Instant::now();
    let mut runs = 0;
    let mut entries = history(&dir).await.1;
    let mut flip = false;
    while entries < target || flip {
        flip = !flip;
        let s = if flip { &alternate } else { &current };
        write(&url, s).await.unwrap();
        let r = eiam_sync(
            &dir,
            &["reconcile", "--mode", "incremental", "--output", "json"],
        );
        assert_eq!(r.exit, 0, "{}", r.report);
        runs += 1;
        entries = history(&dir).await.1;
    }
    let (history_runs, _) = history(&dir).await;
    let history_bytes = store_bytes(&dir).await;
    println!(
        "lifecycle [history]: {runs} applying runs in {:.0} s brought the journal to {entries} entries over {history_runs} runs",
        t.elapsed().as_secs_f64()
    );
    let (old_inc, old_full) = noop(&format!("{entries} journal entries"));
    println!(
        "lifecycle [history]: wall time against fresh history: incremental {:.2}x, full {:.2}x (goal <= 1.2)",
        old_inc.wall / fresh_inc.wall,
        old_full.wall / fresh_full.wall
    );

    // Pruning at the default horizon, by the store's own pruning, 91 days on.
    let settings = eiam_sync::config::load(&dir.join("eiam-sync.toml")).unwrap();
    let store = StateStore::connect(&settings.state).await.unwrap();
    let later = SystemTime::now() + Duration::from_secs(91 * 86_400);
    let horizon = Duration::from_secs(u64::from(settings.state.history_days) * 86_400);
    let t = Instant::now();
    let (mut calls, mut pruned_entries, mut slowest) = (0, 0, 0.0_f64);
    loop {
        let c = Instant::now();
        let p = store
            .prune_history(later, horizon, PruneBudget::default())
            .await
            .unwrap();
        slowest = slowest.max(c.elapsed().as_secs_f64());
        calls += 1;
        pruned_entries += p.journal_entries;
        if !p.more {
            break;
        }
    }
    let left = store.history().await.unwrap();
    let owned = store.load_ownership().await.unwrap().objects.len() as u64;
    drop(store);
    let pruned_bytes = store_bytes(&dir).await;
    println!(
        "lifecycle [pruning at {} days]: {pruned_entries} journal entries in {calls} runs' budgets, {:.1} s in all, {:.2} s the slowest; {} runs and {} entries left",
        settings.state.history_days,
        t.elapsed().as_secs_f64(),
        slowest,
        left.runs,
        left.journal_entries
    );
    println!(
        "lifecycle [store size]: {} MiB after the initial load, {} MiB with {entries} journal entries, {} MiB after pruning; {:.0} bytes per managed object ({owned}), {:.0} bytes per journalled operation",
        loaded_bytes >> 20,
        history_bytes >> 20,
        pruned_bytes >> 20,
        pruned_bytes as f64 / owned.max(1) as f64,
        (history_bytes.saturating_sub(loaded_bytes)) as f64
            / (entries.saturating_sub(loaded_entries)).max(1) as f64
    );
    drop((current, alternate));
    if std::env::args().any(|a| a == "--million") {
        million().await;
    }
}

/// A full dry run of the initial load of a million users into an empty EIAM.
async fn million() {
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir: PathBuf = tmp.path().to_path_buf();
    config(&dir, &emulator.url());
    let url = format!("sqlite://{}/snapshot.db", dir.display());
    let s = snapshot(&MILLION);
    let shape = format!(
        "{} users / {} OUs / {} groups / {} memberships",
        s.users.len(),
        s.organizational_units.len(),
        s.groups.len(),
        s.group_members.len()
    );
    write(&url, &s).await.unwrap();
    drop(s);
    let scan = plain_scan(&url).await;
    let r = eiam_sync(&dir, &["reconcile", "--dry-run", "--output", "json"]);
    println!(
        "lifecycle [{shape}]: full dry run of the initial load: {} operations planned in {:.1} s ({:.1}x a plain scan of the snapshot's rows, {scan:.2} s), peak RSS {} (goal <= 3 GB)",
        r.ops(),
        r.wall,
        r.wall / scan,
        r.rss()
    );
}

/// Every row of every snapshot table read once, nothing kept: the floor of reading it.
async fn plain_scan(url: &str) -> f64 {
    use futures_util::TryStreamExt;
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
    let t = Instant::now();
    for table in [
        "organizational_units",
        "users",
        "user_organizational_units",
        "groups",
        "group_members",
    ] {
        let sql = sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"));
        let mut rows = sqlx::query(sql).fetch(&mut conn);
        while rows.try_next().await.unwrap().is_some() {}
    }
    t.elapsed().as_secs_f64()
}
