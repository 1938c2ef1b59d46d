//! `[schedule] incremental` in the daemon: it runs beside the full reconcilers, never at the
//! same time as another run; a firing that meets a full run is skipped, logged and counted.

use std::time::Duration;

use eiam_sync::emulator::Faults;
use eiam_sync::state::StateStore;

use super::{Daemon, daemon_config, free_port};
use crate::reconcile::data::company;
use crate::support::harness::{Env, Source};

const WAIT: Duration = Duration::from_secs(90);

async fn count(d: &Daemon, prefix: &str) -> f64 {
    d.metric(prefix).await.unwrap_or(0.0)
}

#[tokio::test]
async fn incremental_runs_beside_full_ones_never_overlap_and_skips_are_logged_and_counted() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    // Every request takes 150 ms, so a run lasts well beyond the one-second firings.
    env.emulator.set_faults(Faults {
        latency_ms: 150,
        ..env.emulator.faults()
    });
    let port = free_port();
    daemon_config(&env.config_path, 10, port, None);
    let config = std::fs::read_to_string(&env.config_path).unwrap();
    let config = config.replace(
        "\n\n[server]",
        "\nincremental = \"* * * * * *\"\njitter_secs = 0\n\n[server]",
    );
    assert!(config.contains("incremental = "));
    std::fs::write(&env.config_path, config).unwrap();
    let d = Daemon::start(&env.config_path, port, &[]);

    let ok = |r: &str| format!("eiam_sync_runs_total{{reconciler=\"{r}\",result=\"success\"");
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let done = count(&d, &ok("incremental")).await >= 2.0
            && count(&d, &ok("users")).await >= 1.0
            && count(&d, &ok("groups")).await >= 1.0
            && count(
                &d,
                "eiam_sync_runs_skipped_total{reconciler=\"incremental\",reason=\"full_run_in_progress\"}",
            )
            .await
                >= 1.0;
        if done {
            break;
        }
        if std::time::Instant::now() > deadline {
            let metrics = d.get("/metrics").await.map(|r| r.1).unwrap_or_default();
            let runs: Vec<&str> = metrics
                .lines()
                .filter(|l| l.starts_with("eiam_sync_runs"))
                .collect();
            let logs = d.logs();
            let tail: Vec<&str> = logs.lines().filter(|l| !l.contains("DEBUG")).collect();
            panic!(
                "no incremental and full runs with skipped firings: {runs:#?}\nlogs:\n{}",
                tail[tail.len().saturating_sub(30)..].join("\n")
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    crate::support::harness::assert_matches(&env.state(), &env.root, &company());
    d.signal("TERM");
    let (code, logs) = d.exit_code(WAIT).await;
    assert_eq!(code, Some(0), "{logs}");
    let skipped: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("incremental run skipped: the full run of"))
        .collect();
    assert!(!skipped.is_empty(), "{logs}");
    assert!(
        skipped[0].contains("\"skipped\":\"full_run_in_progress\""),
        "{}",
        skipped[0]
    );
    // The incremental reconciler asks for incremental runs, the others for full ones.
    assert!(
        logs.contains("\"mode\":\"incremental\",\"name\":\"incremental\",\"reason\":\"schedule\""),
        "{logs}"
    );
    assert!(
        logs.contains("\"mode\":\"full\",\"name\":\"users\",\"reason\":\"schedule\""),
        "{logs}"
    );
    // Full firings never skip: they wait their turn.
    assert!(
        !logs.contains("users run skipped") && !logs.contains("groups run skipped"),
        "{logs}"
    );

    // The run history: one run at a time, each starting after the one before it ended.
    let settings = env.settings();
    let store = StateStore::connect(&settings.state).await.unwrap();
    let mut runs = store.runs(1000).await.unwrap();
    runs.sort_by_key(|r| r.started_at);
    let kinds: std::collections::BTreeSet<&str> =
        runs.iter().map(|r| r.reconciler.as_str()).collect();
    assert!(
        kinds.contains("incremental") && kinds.contains("users"),
        "{kinds:?}"
    );
    for pair in runs.windows(2) {
        let ended = pair[0].finished_at.expect("every run finished");
        assert!(
            pair[1].started_at >= ended,
            "{} started before {} ended: {:?} < {:?}",
            pair[1].reconciler,
            pair[0].reconciler,
            pair[1].started_at,
            ended
        );
    }
}
