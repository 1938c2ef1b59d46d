//! `eiam-sync run`: reconcilers on their schedules, health and metrics, graceful shutdown.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::data::company;
use crate::support::harness::{Env, Source, assert_matches};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn get(url: &str) -> Option<(u16, String)> {
    let r = reqwest::get(url).await.ok()?;
    let status = r.status().as_u16();
    Some((status, r.text().await.ok()?))
}

#[tokio::test]
async fn daemon_reconciles_on_schedule_serves_health_and_stops_cleanly() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let port = free_port();
    let mut config = std::fs::read_to_string(&env.config_path).unwrap();
    config.push_str(&format!(
        "\n[schedule]\norganizational_units = \"*/1 * * * * *\"\nusers = \"*/1 * * * * *\"\ngroups = \"*/1 * * * * *\"\n\n[server]\nlisten = \"127.0.0.1:{port}\"\n"
    ));
    std::fs::write(&env.config_path, config).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
        .args(["run", "--log-format", "json", "--config"])
        .arg(&env.config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut converged = false;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let Some((200, metrics)) = get(&format!("{base}/metrics")).await else {
            continue;
        };
        // Every run counter exists from the start at 0: a success is a count above it.
        let succeeded = |r: &str| {
            metrics.lines().any(|l| {
                l.starts_with(&format!(
                    "eiam_sync_runs_total{{reconciler=\"{r}\",result=\"success\",mode=\"full\"}}"
                )) && l.rsplit(' ').next().and_then(|v| v.parse::<f64>().ok()) > Some(0.0)
            })
        };
        // The startup runs go in order: OUs, then users, then groups.
        if succeeded("organizational_units") && succeeded("users") && succeeded("groups") {
            assert!(
                metrics.contains("eiam_sync_api_requests_total"),
                "{metrics}"
            );
            assert!(metrics.contains("eiam_sync_operations_total"), "{metrics}");
            assert!(
                metrics.contains("eiam_sync_last_success_timestamp_seconds"),
                "{metrics}"
            );
            assert!(
                metrics.contains("eiam_sync_api_request_duration_seconds"),
                "{metrics}"
            );
            converged = true;
            break;
        }
    }
    assert!(converged, "every reconciler succeeded once");
    assert_matches(&env.state(), &env.emulator.root_ou_id(), &company());
    assert_eq!(
        get(&format!("{base}/healthz")).await.map(|r| r.0),
        Some(200)
    );
    assert_eq!(get(&format!("{base}/readyz")).await.map(|r| r.0), Some(200));

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let waited = tokio::task::spawn_blocking(move || {
        let code = child.wait().unwrap().code();
        let mut err = String::new();
        if let Some(mut s) = child.stderr.take() {
            use std::io::Read;
            let _ = s.read_to_string(&mut err);
        }
        (code, err)
    })
    .await
    .unwrap();
    assert_eq!(
        waited.0,
        Some(0),
        "graceful shutdown exits 0; stderr:\n{}",
        waited.1
    );
    assert!(waited.1.contains("shutting down"), "{}", waited.1);
}

#[tokio::test]
async fn readiness_fails_while_eiam_refuses_authentication() {
    let env = Env::new(Source::Sqlite).await;
    env.write(&company()).await;
    let port = free_port();
    let mut config = std::fs::read_to_string(&env.config_path).unwrap();
    config = config.replace(
        "client_secret = \"emulator-secret\"",
        "client_secret = \"wrong-secret\"",
    );
    config.push_str(&format!("\n[server]\nlisten = \"127.0.0.1:{port}\"\n"));
    std::fs::write(&env.config_path, config).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
        .args(["run", "--config"])
        .arg(&env.config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = None;
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if let Some((503, body)) = get(&format!("{base}/readyz")).await {
            seen = Some(body);
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let body = seen.expect("/readyz turned 503");
    assert!(body.contains("reconciler"), "{body}");
    assert!(
        !body.contains("wrong-secret"),
        "the secret never appears: {body}"
    );
}
