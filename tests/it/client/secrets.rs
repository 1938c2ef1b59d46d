//! The client secret and access tokens never reach logs, `Debug` output or error messages.

use std::io::Write;
use std::sync::{Arc, Mutex};

use eiam_sync::eiam::{Client, TokenAuth, UserId};

use super::scripted::{Reply, SECRET, Scripted};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs [`leak_check`] alone in a child process: tracing caches whether a callsite is enabled
/// globally, and tests running in parallel threads race with a thread-local subscriber, so in
/// a shared process some log lines could escape the capture.
#[test]
fn secrets_and_tokens_never_leak() {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "client::secrets::leak_check",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("1 passed"), "{report}");
}

#[tokio::test]
#[ignore = "run alone in a child process by secrets_and_tokens_never_leak"]
async fn leak_check() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut texts: Vec<String> = Vec::new();
    let s = Scripted::start().await;

    // A normal session with a renewal of a refused token and a failed call.
    let c = s.client();
    s.push([
        Reply::error(400, "invalid_token", "Access token is not valid"),
        Reply::user("u1", "u1"),
        Reply::error(404, "ResourceNotFound.User", "missing"),
    ]);
    c.users().get(&UserId::from("u1")).await.unwrap();
    let e = c.users().get(&UserId::from("u2")).await.unwrap_err();
    texts.push(format!("{e} | {e:?} | {}", e.chain()));
    texts.push(format!("{c:?}"));

    // The secret in the query string, and the token endpoint refusing it.
    let mut config = s.config();
    config.token_auth = TokenAuth::Query;
    texts.push(format!("{config:?} {config:#?}"));
    s.push_token([Reply::error(
        400,
        "invalid_client",
        "Client authentication failed",
    )]);
    let e = Client::new(config.clone())
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap_err();
    texts.push(format!("{e} | {e:?} | {}", e.chain()));

    // The secret in the query string of a request that never connects: transport errors
    // usually quote the URL.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    config.endpoint = format!("http://127.0.0.1:{port}");
    config.max_retries = 1;
    let e = Client::new(config)
        .unwrap()
        .provisioning_scope()
        .await
        .unwrap_err();
    texts.push(format!("{e} | {e:?} | {}", e.chain()));

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("eiam_call"), "the capture works: {logs}");
    assert!(logs.contains("retrying"), "{logs}");
    // Every line about an exchange names its request id.
    let exchanges: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("eiam answered"))
        .collect();
    assert!(exchanges.len() >= 3, "{logs}");
    for line in exchanges {
        assert!(line.contains("request_id="), "{line}");
    }
    // Spans name the objects by their bare ids, as the API spells them.
    assert!(logs.contains("get{user_id=u1}"), "{logs}");
    assert!(!logs.contains("UserId("), "{logs}");
    for text in texts.iter().chain(std::iter::once(&logs)) {
        assert!(!text.contains(SECRET), "secret leaked: {text}");
        assert!(
            !text.contains("AT-scripted-"),
            "access token leaked: {text}"
        );
    }
    // The server did receive them, so the check above is meaningful.
    assert!(
        s.seen()
            .iter()
            .any(|r| r.query.as_deref().is_some_and(|q| q.contains(SECRET)))
    );
}
