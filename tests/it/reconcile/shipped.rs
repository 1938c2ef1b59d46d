//! The example configuration as it ships (no sync root set: the instance root, found through
//! the provisioning scope) against the emulator: once the first run has applied the snapshot,
//! an incremental run with nothing changed makes no API call at all.

use std::path::Path;
use std::process::Command;

use eiam_sync::emulator::{Emulator, EmulatorConfig};

fn reconcile(dir: &Path) -> serde_json::Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
    cmd.current_dir(dir).args([
        "reconcile",
        "--mode",
        "incremental",
        "--output",
        "json",
        "--config",
        "config/eiam-sync.example.toml",
    ]);
    for (name, _) in std::env::vars_os() {
        if name
            .to_string_lossy()
            .to_ascii_uppercase()
            .starts_with("EIAM_SYNC")
        {
            cmd.env_remove(name);
        }
    }
    let out = cmd
        .env("EIAM_SYNC__EIAM__CLIENT_SECRET", "emulator-secret")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_configuration_runs_incrementally_with_no_call_when_nothing_changed() {
    let emulator = Emulator::start(EmulatorConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    let example = std::fs::read_to_string(root.join("config/eiam-sync.example.toml")).unwrap();
    assert!(example.contains("endpoint = \"http://127.0.0.1:8080\""));
    assert!(
        !example
            .lines()
            .any(|l| l.starts_with("root_organizational_unit_id"))
    );
    let example = example.replace("http://127.0.0.1:8080", &emulator.url());
    std::fs::write(dir.path().join("config/eiam-sync.example.toml"), example).unwrap();
    std::fs::copy(
        root.join("config/example-snapshot.db"),
        dir.path().join("config/example-snapshot.db"),
    )
    .unwrap();
    let first = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || reconcile(&dir)
    })
    .await
    .unwrap();
    assert!(
        first["operations"].as_array().unwrap().len() > 10,
        "{first}"
    );
    for _ in 0..2 {
        emulator.reset_stats();
        let dir = dir.path().to_owned();
        let again = tokio::task::spawn_blocking(move || reconcile(&dir))
            .await
            .unwrap();
        assert_eq!(again["mode"], "incremental", "{again}");
        assert_eq!(again["api_calls"], 0, "{again}");
        assert!(
            again["operations"].as_array().unwrap().is_empty(),
            "{again}"
        );
        assert_eq!(emulator.stats().total, 0, "the emulator saw no request");
    }
}
