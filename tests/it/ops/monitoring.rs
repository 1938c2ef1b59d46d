//! The checked-in alert rules and dashboard use only metrics a real daemon exposes.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use super::{Daemon, daemon_config, eventually, free_port};
use crate::reconcile::data::company;
use crate::support::harness::{Env, Source};

/// Every `eiam_sync_*` name in a text.
fn metric_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(at) = rest.find("eiam_sync_") {
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        names.insert(tail[..end].to_owned());
        rest = &tail[end..];
    }
    names
}

#[tokio::test]
async fn alerts_and_dashboard_use_only_metrics_the_daemon_exposes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/monitoring");
    let alerts = std::fs::read_to_string(root.join("alerts.yaml")).unwrap();
    let dashboard = std::fs::read_to_string(root.join("dashboard.json")).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&dashboard).expect("valid JSON");
    let panels = parsed["panels"].as_array().expect("panels");
    assert!(panels.len() >= 6);
    for p in panels {
        let targets = p["targets"].as_array().expect("targets");
        assert!(!targets.is_empty(), "{p}");
        assert!(targets.iter().all(|t| t["expr"].is_string()), "{p}");
    }

    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let port = free_port();
    daemon_config(&env.config_path, 59, port, None);
    let d = Daemon::start(&env.config_path, port, &[]);
    let scrape = eventually(Duration::from_secs(60), "three runs", || async {
        let runs = d.metric("eiam_sync_runs_total").await.unwrap_or(0.0);
        if runs < 3.0 {
            return None;
        }
        d.get("/metrics").await.map(|r| r.1)
    })
    .await;
    let exposed = metric_names(&scrape);
    let used: BTreeSet<String> = metric_names(&alerts)
        .union(&metric_names(&dashboard))
        .cloned()
        .collect();
    for name in [
        "eiam_sync_runs_total",
        "eiam_sync_last_success_timestamp_seconds",
        "eiam_sync_rejected_records",
        "eiam_sync_api_requests_total",
        "eiam_sync_leader",
    ] {
        assert!(used.contains(name), "the alerts or dashboard watch {name}");
    }
    let missing: Vec<&String> = used.iter().filter(|n| !exposed.contains(*n)).collect();
    assert!(missing.is_empty(), "not in /metrics: {missing:?}\n{scrape}");
}
