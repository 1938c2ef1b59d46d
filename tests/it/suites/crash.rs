//! The crash suite: the real binary killed with SIGKILL at random moments of an apply, EIAM
//! dropping every connection mid-run, the state database going away mid-run; with snapshot
//! churn (leavers among the records in doubt) before the recovery run. SQLite and PostgreSQL.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use eiam_sync::apply::in_flight_limit;
use eiam_sync::emulator::Faults;
use eiam_sync::model::{Kind, Snapshot};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::crash_checks::{in_doubt, journal_lies, last_run, world_problems};
use super::directory::{Size, churn, generate, remove_group, remove_ou, remove_user};
use super::handmade::{Handmade, seed_handmade};
use super::{Tally, pick};
use crate::support::harness::{Harness, Store, writes};

/// What happens to the run under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trouble {
    /// SIGKILL.
    Kill,
    /// EIAM drops every connection for a while, then comes back.
    EiamOutage,
    /// The state database is unreachable (PostgreSQL) or locked (SQLite) for a while.
    StateOutage,
}

const CONCURRENCY: usize = 4;

fn size() -> Size {
    Size {
        ous: 12,
        depth: 4,
        users: 40,
        groups: 3,
    }
}

/// Removes from `s` the records whose creation is in doubt, each with probability 0.7.
fn leave_in_doubt(s: &mut Snapshot, creates: &[(Kind, String)], rng: &mut StdRng) -> usize {
    let mut n = 0;
    for (kind, ext) in creates {
        if !rng.random_bool(0.7) {
            continue;
        }
        n += 1;
        match kind {
            Kind::User => remove_user(s, ext),
            Kind::OrganizationalUnit => remove_ou(s, ext),
            Kind::Group => remove_group(s, ext),
            Kind::Membership => {}
        }
    }
    n
}

/// Makes the state database unreachable for `hold`: PostgreSQL refuses new connections and
/// its backends are terminated throughout; SQLite is write-locked by another connection.
async fn state_outage(env: &Harness, hold: Duration) {
    use sqlx::{Connection, Executor};
    match &env.state_db {
        Some(db) => {
            let name = url::Url::parse(&db.url)
                .unwrap()
                .path()
                .trim_start_matches('/')
                .to_owned();
            let mut admin = sqlx::PgConnection::connect(&crate::support::pg::server_url())
                .await
                .expect("admin connection");
            let q = |s: String| sqlx::AssertSqlSafe(s);
            admin
                .execute(q(format!(
                    "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
                )))
                .await
                .unwrap();
            let until = Instant::now() + hold;
            while Instant::now() < until {
                admin
                    .execute(q(format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    )))
                    .await
                    .unwrap();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            admin
                .execute(q(format!(
                    "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true"
                )))
                .await
                .unwrap();
        }
        None => {
            let path = env.dir.path().join("state.db");
            let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .expect("second connection");
            conn.execute("BEGIN EXCLUSIVE").await.unwrap();
            tokio::time::sleep(hold).await;
            conn.execute("ROLLBACK").await.unwrap();
        }
    }
}

/// `doubt_leavers`: whether records whose creation is in doubt may leave the snapshot before
/// the recovery run.
async fn trial(seed: u64, store: Store, trouble: Trouble, doubt_leavers: bool, tally: &Tally) {
    let mut rng = StdRng::seed_from_u64(seed);
    let removal = if rng.random_bool(0.5) {
        "disable"
    } else {
        "delete"
    };
    let env = Harness::suite(
        store,
        &format!("user_removal = \"{removal}\""),
        &format!("rate_limit_qps = 1000\nmax_concurrency = {CONCURRENCY}"),
    )
    .await;
    env.emulator.set_faults(Faults {
        latency_ms: 2,
        ..Faults::default()
    });
    let hand: Handmade = seed_handmade(&env.emulator);
    let mut next_hire = 10_000;
    let mut target = generate(size(), seed);
    if rng.random_bool(0.5) {
        env.write(&target).await;
        env.converge_by_binary().await;
        for _ in 0..3 {
            churn(&mut target, &mut rng, &mut next_hire);
        }
    }
    env.write(&target).await;
    let planned = env.reconcile(&["--dry-run"]).await.ops().len() as u64;
    let at = rng.random_range(0..=planned);
    let before = writes(&env);
    let ctx = format!(
        "seed {seed}, {store:?}, {trouble:?}, {removal}, trouble after {at} of {planned} writes"
    );

    let (mut child, out, err) = env.spawn(&[]);
    // A run hangs when it stops sending requests (a busy machine only slows it down).
    let mut requests = env.emulator.stats().total;
    let mut progressed = Instant::now();
    let mut exited = None;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        if writes(&env) - before >= at {
            break;
        }
        let now = env.emulator.stats().total;
        if now != requests {
            (requests, progressed) = (now, Instant::now());
        }
        assert!(
            progressed.elapsed() < Duration::from_secs(120),
            "{ctx}: the run hangs (no request for 120 s)"
        );
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
    if at == 0 {
        tokio::time::sleep(Duration::from_millis(rng.random_range(0..40))).await;
    }
    let crashed = match (trouble, exited) {
        (_, Some(_)) => false,
        (Trouble::Kill, None) => {
            child.kill().unwrap();
            child.wait().unwrap();
            Tally::add(&tally.crashes, 1);
            true
        }
        (Trouble::EiamOutage, None) => {
            let saved = env.emulator.faults();
            env.emulator.set_faults(Faults {
                drop_rate: 1.0,
                ..saved.clone()
            });
            tokio::time::sleep(Duration::from_millis(rng.random_range(200..2000))).await;
            env.emulator.set_faults(saved);
            Tally::add(&tally.faults, 1);
            false
        }
        (Trouble::StateOutage, None) => {
            state_outage(&env, Duration::from_millis(rng.random_range(300..3000))).await;
            Tally::add(&tally.faults, 1);
            false
        }
    };
    let first = if crashed {
        env.collect(-9, &out, &err)
    } else {
        env.finish(child, out, err, Duration::from_secs(300)).await
    };
    let after = env.state();
    let store_handle = env.store().await;
    let run = last_run(&store_handle).await;
    let journal = store_handle.journal(run.id).await.expect("journal");
    let mut problems = journal_lies(&journal, &after);
    let doubt = in_doubt(&journal);
    let allowed = match trouble {
        // A kill leaves in doubt at most the operations in flight: journalled as started,
        // outcome not yet durable (more than the request slots, so commits overlap requests).
        _ if crashed => in_flight_limit(CONCURRENCY),
        Trouble::StateOutage => journal.len(),
        _ => 0,
    };
    if doubt.len() > allowed {
        problems.push(format!(
            "{} entries in doubt, at most {allowed} possible: {doubt:?}",
            doubt.len()
        ));
    }
    if !crashed && trouble == Trouble::EiamOutage && ![0, 1, 3].contains(&first.code) {
        problems.push(format!(
            "exit {} under an EIAM outage: {}",
            first.code, first.stderr
        ));
    }

    // Leavers among what is in doubt, and an ordinary day of churn on top.
    let creates: Vec<(Kind, String)> = doubt
        .iter()
        .filter(|e| e.action.starts_with("Create"))
        .map(|e| (e.kind, e.external_id.clone()))
        .collect();
    let owned = store_handle.load_ownership().await.expect("ownership");
    let unowned: BTreeSet<(Kind, String)> = after
        .users
        .iter()
        .filter(|u| !u.user_external_id.starts_with("manual-"))
        .filter(|u| {
            !owned
                .objects
                .keys()
                .any(|(k, e)| *k == Kind::User && e.as_str() == u.user_external_id)
        })
        .map(|u| (Kind::User, u.user_external_id.clone()))
        .collect();
    let mut leavers: Vec<(Kind, String)> = creates;
    leavers.extend(unowned);
    if doubt_leavers {
        leave_in_doubt(&mut target, &leavers, &mut rng);
    }
    churn(&mut target, &mut rng, &mut next_hire);
    env.write(&target).await;

    let recovery = env.reconcile(&[]).await;
    if recovery.code != 0 {
        problems.push(format!(
            "the recovery run exited {}: {}\n{}",
            recovery.code, recovery.report, recovery.stderr
        ));
    } else {
        let run = last_run(&store_handle).await;
        let journal = store_handle.journal(run.id).await.expect("journal");
        if !in_doubt(&journal).is_empty() {
            problems.push("the recovery run left entries in doubt".into());
        }
        problems.extend(journal_lies(&journal, &env.state()));
        let again = env.reconcile(&["--dry-run"]).await;
        if again.code != 0 || !again.ops().is_empty() {
            problems.push(format!("a second run still plans: {}", again.report));
        }
        problems.extend(world_problems(&env, &target, &hand).await);
    }
    Tally::add(&tally.trials, 1);
    Tally::add(&tally.lost, problems.len() as u64);
    assert!(problems.is_empty(), "{ctx}:\n{}", problems.join("\n"));
}

async fn suite(name: &str, store: Store, doubt_leavers: bool, trials: &[(Trouble, u64)]) {
    let tally = Tally::default();
    for &(trouble, n) in trials {
        for i in 0..n {
            let seed = 1000 * (trouble as u64 + 1)
                + i
                + if store == Store::Postgres { 500 } else { 0 }
                + if doubt_leavers { 10_000 } else { 0 };
            trial(seed, store, trouble, doubt_leavers, &tally).await;
        }
    }
    tally.finish(name);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_and_outages_with_a_postgres_state_store() {
    suite(
        "crash/postgres",
        Store::Postgres,
        false,
        &[
            (Trouble::Kill, pick(4, 60)),
            (Trouble::EiamOutage, pick(1, 15)),
            (Trouble::StateOutage, pick(1, 15)),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outages_with_a_sqlite_state_store() {
    suite(
        "crash/sqlite-outages",
        Store::Sqlite,
        false,
        &[
            (Trouble::EiamOutage, pick(1, 15)),
            (Trouble::StateOutage, pick(1, 15)),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_with_a_sqlite_state_store() {
    suite(
        "crash/sqlite-kills",
        Store::Sqlite,
        false,
        &[(Trouble::Kill, pick(4, 60))],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kills_with_leavers_among_the_records_in_doubt() {
    suite(
        "crash/doubt-leavers",
        Store::Postgres,
        true,
        &[
            (Trouble::Kill, pick(4, 60)),
            (Trouble::StateOutage, pick(1, 15)),
        ],
    )
    .await;
}
