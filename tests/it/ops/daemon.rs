//! `eiam-sync run` on the emulator with schedules seconds apart: runs on schedule, a snapshot
//! change reaches EIAM, `/metrics` moves, `/readyz` follows the source, SIGHUP reloads (and
//! keeps the old configuration when the new one is bad), sd_notify, SIGTERM mid-apply.

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use eiam_sync::emulator::Faults;
use eiam_sync::state::{JournalStatus, StateStore};

use super::{Daemon, daemon_config, eventually, free_port};
use crate::reconcile::data::{Build, company};
use crate::support::harness::{Env, Source};

const WAIT: Duration = Duration::from_secs(60);

/// The messages a service manager would have received, read as they arrive (a full socket
/// queue would hold the sender up).
struct NotifySocket {
    path: std::path::PathBuf,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    _dir: tempfile::TempDir,
}

impl NotifySocket {
    fn new() -> NotifySocket {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify.sock");
        let socket = UnixDatagram::bind(&path).unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 65536];
            while let Ok(n) = socket.recv(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]).into_owned();
                sink.lock().unwrap().extend(text.lines().map(str::to_owned));
            }
        });
        NotifySocket {
            path,
            seen,
            _dir: dir,
        }
    }

    fn drain(&mut self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    fn has(&mut self, line: &str) -> bool {
        self.drain().iter().any(|l| l.starts_with(line))
    }
}

async fn successes(d: &Daemon, reconciler: &str) -> f64 {
    d.metric(&format!(
        "eiam_sync_runs_total{{reconciler=\"{reconciler}\",result=\"success\",mode=\"full\"}}"
    ))
    .await
    .unwrap_or(0.0)
}

#[tokio::test]
async fn the_daemon_runs_on_schedule_reloads_on_sighup_and_talks_to_the_service_manager() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let port = free_port();
    daemon_config(&env.config_path, 2, port, None);
    let good_config = std::fs::read_to_string(&env.config_path).unwrap();
    let mut notify = NotifySocket::new();
    let socket = notify.path.display().to_string();
    let mut d = Daemon::start(
        &env.config_path,
        port,
        &[
            ("NOTIFY_SOCKET", socket.as_str()),
            ("WATCHDOG_USEC", "400000"),
        ],
    );

    eventually(WAIT, "READY=1", || {
        let ready = notify.has("READY=1");
        async move { ready.then_some(()) }
    })
    .await;
    eventually(WAIT, "a successful run of every reconciler", || async {
        let all = successes(&d, "organizational_units").await > 0.0
            && successes(&d, "users").await > 0.0
            && successes(&d, "groups").await > 0.0;
        all.then_some(())
    })
    .await;
    assert_eq!(
        d.metric("eiam_sync_leader").await,
        Some(1.0),
        "a lone replica leads"
    );
    crate::support::harness::assert_matches(&env.state(), &env.root, &company());

    // The schedule keeps firing: the counters move, and a snapshot change reaches EIAM.
    let before = successes(&d, "users").await;
    let changed = company().user("u7", "grace", "web");
    env.write(&changed).await;
    for _ in 0..600 {
        if env.state().users.iter().any(|u| u.user_external_id == "u7") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if !env.state().users.iter().any(|u| u.user_external_id == "u7") {
        let logs = d.logs();
        let tail: Vec<&str> = logs.lines().filter(|l| !l.contains("DEBUG")).collect();
        panic!(
            "the new hire never reached EIAM; logs:\n{}",
            tail[tail.len().saturating_sub(40)..].join("\n")
        );
    }
    eventually(WAIT, "more successful users runs", || async {
        (successes(&d, "users").await > before).then_some(())
    })
    .await;
    assert!(
        notify.has("STATUS=leader; last run"),
        "{:?}",
        notify.drain()
    );
    assert!(notify.has("WATCHDOG=1"), "{:?}", notify.drain());

    // A failing source makes the replica unready; a repaired one ready again.
    let snapshot = env.source_url.trim_start_matches("sqlite://").to_owned();
    let saved = std::fs::read(&snapshot).unwrap();
    std::fs::write(&snapshot, b"this is not a database").unwrap();
    let body = eventually(WAIT, "/readyz 503", || async {
        match d.get("/readyz").await {
            Some((503, body)) => Some(body),
            _ => None,
        }
    })
    .await;
    assert!(body.contains("reconciler"), "{body}");
    // It says which reconciler, never the database's own words (those go to the log).
    assert!(body.contains("last run failed"), "{body}");
    assert!(!body.contains("not a database"), "{body}");
    assert!(!body.contains(&snapshot), "{body}");
    assert_eq!(d.get("/healthz").await.map(|r| r.0), Some(200));
    std::fs::write(&snapshot, &saved).unwrap();
    eventually(WAIT, "/readyz 200 again", || async {
        matches!(d.get("/readyz").await, Some((200, _))).then_some(())
    })
    .await;

    // A bad configuration is refused and the daemon goes on with the old one.
    std::fs::write(&env.config_path, "[eiam]\nendpoint = 42\n").unwrap();
    d.signal("HUP");
    eventually(WAIT, "the refusal in the log", || async {
        d.logs().contains("keeping the previous one").then_some(())
    })
    .await;
    assert!(d.alive(), "SIGHUP does not kill the daemon");
    let runs = successes(&d, "users").await;
    eventually(WAIT, "runs after the refused reload", || async {
        (successes(&d, "users").await > runs).then_some(())
    })
    .await;

    // A good one is taken: here a schedule that never fires within the test.
    let slow = good_config.replace("\"*/2 * * * * *\"", "\"0 0 0 1 1 *\"");
    std::fs::write(&env.config_path, slow).unwrap();
    d.signal("HUP");
    for _ in 0..300 {
        if d.logs().contains("configuration reloaded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let logs = d.logs();
    let problems: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .collect();
    assert!(logs.contains("configuration reloaded"), "{problems:#?}");
    assert!(notify.has("RELOADING=1"), "{:?}", notify.drain());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let settled = successes(&d, "users").await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        successes(&d, "users").await,
        settled,
        "the reloaded schedule no longer fires every 2 s"
    );

    d.signal("TERM");
    let (code, logs) = d.exit_code(WAIT).await;
    assert_eq!(code, Some(0), "{logs}");
    assert!(notify.has("STOPPING=1"), "{:?}", notify.drain());
    let leaks: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("emulator-secret"))
        .collect();
    assert!(leaks.is_empty(), "no secret in the logs: {leaks:#?}");
}

#[tokio::test]
async fn sigterm_mid_apply_exits_0_and_the_journal_tells_the_truth() {
    let env = Env::new(Source::Sqlite).await;
    let mut big = company();
    for i in 0..300 {
        big = big.user(&format!("n{i}"), &format!("new{i}"), "web");
    }
    env.write(&big).await;
    env.emulator.set_faults(Faults {
        latency_ms: 150,
        ..env.emulator.faults()
    });
    let port = free_port();
    daemon_config(&env.config_path, 59, port, None);
    let d = Daemon::start(&env.config_path, port, &[]);
    // Stop once some users exist, well before all 300 can.
    eventually(WAIT, "the apply under way", || async {
        (env.state().users.len() >= 10).then_some(())
    })
    .await;
    d.signal("TERM");
    let (code, logs) = d.exit_code(WAIT).await;
    assert_eq!(code, Some(0), "{logs}");
    let created = env.state().users.len();
    assert!(
        created < 306,
        "the shutdown cut the run short ({created} users)"
    );

    let settings = env.settings();
    let store = StateStore::connect(&settings.state).await.unwrap();
    let run = store
        .runs(10)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.reconciler == "users")
        .expect("the users run is recorded");
    let journal = store.journal(run.id).await.unwrap();
    assert!(!journal.is_empty());
    let in_eiam: std::collections::BTreeSet<String> = env
        .state()
        .users
        .iter()
        .map(|u| u.user_external_id.clone())
        .collect();
    for e in &journal {
        assert!(
            !matches!(e.status, JournalStatus::Planned | JournalStatus::Started),
            "every operation has its outcome after a graceful stop: {e:?}"
        );
        if e.action == "CreateUser" {
            assert_eq!(
                e.status == JournalStatus::Applied,
                in_eiam.contains(&e.external_id),
                "journal and EIAM agree on {}: {e:?}",
                e.external_id
            );
        }
    }
    assert!(
        journal.iter().any(|e| e.status == JournalStatus::Skipped),
        "what did not start is journalled as skipped"
    );
    assert!(run.finished_at.is_some(), "the run was closed");
}
