//! `eiam-sync emulator` as a process: the listening line, serving, graceful stop on SIGTERM,
//! and a clear failure when it cannot start.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::emulator::http;

fn binary() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    c.env_remove("EIAM_EMULATOR_CLIENT_SECRET");
    c
}

#[tokio::test]
async fn the_command_prints_its_address_serves_and_stops_on_sigterm() {
    let mut child = binary()
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--client-secret",
            "s3cret",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"),
        "{url}"
    );
    let token = http()
        .post(format!("{url}/v2/idaas_emulator/app_emulator/oauth2/token?grant_type=client_credentials&client_id=app_emulator&client_secret=s3cret"))
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), 200);

    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "no graceful stop within 10 s");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn it_fails_clearly_when_it_cannot_start() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = binary()
        .args(["emulator", "--listen", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    let out = binary()
        .args(["emulator", "--listen", "127.0.0.1:0", "--error-rate", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error_rate must be between 0 and 1"));
}

#[tokio::test]
async fn the_command_serves_the_subtree_reading_of_list_users_when_asked() {
    let mut child = binary()
        .args([
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--list-users-in-subtree",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    let readings: serde_json::Value = http()
        .get(format!("{url}/_emulator/readings"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(readings, serde_json::json!({"listUsers": "subtree"}));
}
