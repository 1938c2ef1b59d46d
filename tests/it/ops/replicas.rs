//! Replicas: two daemons on one PostgreSQL state store never apply at once and the follower
//! takes over when the leader is killed; on SQLite the lease of a killed process is taken over
//! at once, while a live holder's is respected.

use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use eiam_sync::state::StateStore;

use super::{Daemon, daemon_config, eventually, free_port, output};
use crate::reconcile::data::{Build, company};
use crate::support::harness::{Env, Source};
use crate::support::pg::TestDb;

const WAIT: Duration = Duration::from_secs(60);
const TTL: Duration = Duration::from_secs(6);

#[tokio::test]
async fn two_replicas_never_apply_at_once_and_the_follower_takes_over_from_a_killed_leader() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let pg = TestDb::create().await;
    let original = std::fs::read_to_string(&env.config_path).unwrap();
    let (port_a, port_b) = (free_port(), free_port());
    daemon_config(&env.config_path, 1, port_a, Some(&pg.url));
    let config_b = env.config_path.with_file_name("replica-b.toml");
    std::fs::write(&config_b, &original).unwrap();
    daemon_config(&config_b, 1, port_b, Some(&pg.url));

    let a = Daemon::start(&env.config_path, port_a, &[]);
    eventually(WAIT, "replica A leads", || async {
        (a.metric("eiam_sync_leader").await == Some(1.0)).then_some(())
    })
    .await;
    let mut b = Daemon::start(&config_b, port_b, &[]);
    eventually(WAIT, "replica A applied the snapshot", || async {
        let s = env.state();
        (s.users.len() == company().users.len() && s.group_members.len() == 6).then_some(())
    })
    .await;
    // The follower is healthy, ready, not leading, and runs nothing.
    eventually(WAIT, "replica B serving", || async {
        matches!(b.get("/readyz").await, Some((200, _))).then_some(())
    })
    .await;
    for _ in 0..20 {
        assert_eq!(
            b.metric("eiam_sync_leader").await,
            Some(0.0),
            "{}",
            b.logs()
        );
        // Every run counter exists from the start, at 0 (alerts see a first refusal).
        assert_eq!(
            b.metric("eiam_sync_runs_total").await,
            Some(0.0),
            "a follower runs nothing"
        );
        assert_eq!(b.get("/healthz").await.map(|r| r.0), Some(200));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(b.alive());

    let pid_a = a.child.id();
    a.signal("KILL");
    let killed = Instant::now();
    let killed_at = SystemTime::now();
    eventually(WAIT, "replica B takes over", || async {
        (b.metric("eiam_sync_leader").await == Some(1.0)).then_some(())
    })
    .await;
    let takeover = killed.elapsed();
    assert!(
        takeover <= TTL,
        "took over within one lease period: {takeover:?}"
    );
    drop(a);

    // The new leader reconciles: a change reaches EIAM.
    env.write(&company().user("u7", "grace", "web")).await;
    eventually(WAIT, "the new hire in EIAM", || async {
        env.state()
            .users
            .iter()
            .any(|u| u.user_external_id == "u7")
            .then_some(())
    })
    .await;
    let pid_b = b.child.id();
    let status = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
        .args(["status", "--output", "json", "--config"])
        .arg(&config_b)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["lease"]["state"], "held", "{status}");
    assert_eq!(status["lease"]["pid"], pid_b, "{status}");

    // No two applying runs overlap in time; before the kill only A ran, after it only B.
    let settings = eiam_sync::config::load(&config_b).unwrap();
    let store = StateStore::connect(&settings.state).await.unwrap();
    let mut runs = store.runs(10_000).await.unwrap();
    runs.reverse();
    assert!(runs.len() >= 4, "{runs:?}");
    let mut last_end = SystemTime::UNIX_EPOCH;
    for r in &runs {
        let holder = r.holder.clone().unwrap_or_default();
        let end = r.finished_at.unwrap_or(killed_at);
        assert!(r.started_at >= last_end, "runs overlap: {runs:#?}");
        last_end = end;
        let by_a = holder.ends_with(&format!(":{pid_a}"));
        let by_b = holder.ends_with(&format!(":{pid_b}"));
        assert!(by_a || by_b, "{holder}");
        if by_b {
            assert!(
                r.started_at >= killed_at,
                "B ran only after the kill: {r:?}"
            );
        }
    }
    assert!(runs.iter().any(|r| {
        r.holder
            .as_deref()
            .is_some_and(|h| h.ends_with(&format!(":{pid_b}")))
    }));
    b.signal("TERM");
    let (code, logs) = b.exit_code(WAIT).await;
    assert_eq!(code, Some(0), "{logs}");
}

#[tokio::test]
async fn a_sqlite_lease_left_by_a_killed_daemon_is_taken_over_at_once() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let port = free_port();
    daemon_config(&env.config_path, 59, port, None);
    // A period far longer than the test: only the dead-holder rule can free the lease.
    let config = std::fs::read_to_string(&env.config_path).unwrap();
    std::fs::write(
        &env.config_path,
        config.replace("lease_ttl_secs = 6", "lease_ttl_secs = 600"),
    )
    .unwrap();
    let d = Daemon::start(&env.config_path, port, &[]);
    eventually(WAIT, "the daemon leads and ran", || async {
        let ran = d.metric("eiam_sync_runs_total").await.unwrap_or(0.0) >= 3.0;
        (ran && d.metric("eiam_sync_leader").await == Some(1.0)).then_some(())
    })
    .await;
    let reconcile = || {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
        cmd.args(["reconcile", "--output", "json", "--config"])
            .arg(&env.config_path);
        cmd
    };
    let busy = output(reconcile()).await;
    assert_eq!(
        busy.status.code(),
        Some(1),
        "a live holder's lease is respected"
    );
    assert!(String::from_utf8_lossy(&busy.stderr).contains("leader lease"));

    d.signal("KILL");
    let mut d = d;
    eventually(WAIT, "the daemon is gone", || {
        let gone = !d.alive();
        async move { gone.then_some(()) }
    })
    .await;
    let started = Instant::now();
    let out = output(reconcile()).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "taken over without waiting 600 s: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}
