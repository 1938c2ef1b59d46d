//! The official Python SDK, unchanged, against an in-process emulator.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::emulator::start;
use crate::support::python::{conformance_script, sdk_python};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_sdk_passes_the_conformance_script() {
    let emu = start().await;
    let endpoint = emu.addr().to_string();
    let outcome = tokio::task::spawn_blocking(move || {
        let python = sdk_python();
        let mut child = Command::new(&python)
            .arg(conformance_script())
            .args(["--endpoint", &endpoint])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
        let deadline = Instant::now() + Duration::from_secs(180);
        while child.try_wait().expect("child status").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the conformance script did not finish in 180 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        child.wait_with_output().expect("script output")
    })
    .await
    .expect("script thread");
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    assert!(
        outcome.status.success(),
        "conformance failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("52 operations"), "{stdout}");
    // The SDK's requests really went through this emulator.
    let stats = emu.stats();
    assert!(stats.action("CreateUser") >= 3, "{stats:?}");
    assert!(
        stats.status("403") >= 2 && stats.status("404") >= 3,
        "{stats:?}"
    );
    emu.shutdown().await;
}
