//! Production operation: the daemon's schedules, reload, service-manager notifications and
//! shutdown; replicas on one PostgreSQL state store; the SQLite lease of a killed process;
//! `status`; the drift-report exit flag.

mod daemon;
mod drift;
mod monitoring;
mod replicas;
mod schedule;
mod status;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Add `[schedule]` (every `every` seconds) and `[server]` sections to a harness config.
pub fn daemon_config(path: &Path, every: u32, port: u16, state: Option<&str>) {
    let mut config = std::fs::read_to_string(path).unwrap();
    if let Some(url) = state {
        let start = config.find("[state]\nurl = ").unwrap() + "[state]\nurl = ".len();
        let end = start + config[start..].find('\n').unwrap();
        config.replace_range(start..end, &format!("\"{url}\""));
    }
    if !config.contains("lease_ttl_secs") {
        config = config.replace("[state]\n", "[state]\nlease_ttl_secs = 6\n");
    }
    let cron = format!("\"*/{every} * * * * *\"");
    config.push_str(&format!(
        "\n[schedule]\norganizational_units = {cron}\nusers = {cron}\ngroups = {cron}\n\n[server]\nlisten = \"127.0.0.1:{port}\"\n"
    ));
    std::fs::write(path, config).unwrap();
}

/// An `eiam-sync run` child process, its logs in a file.
pub struct Daemon {
    pub child: Child,
    pub base: String,
    pub log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Daemon {
    pub fn start(config: &Path, port: u16, env: &[(&str, &str)]) -> Daemon {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("daemon.log");
        let child = Command::new(env!("CARGO_BIN_EXE_eiam-sync"))
            .args(["run", "--log-format", "json", "--config"])
            .arg(config)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Daemon {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
            _dir: dir,
        }
    }

    pub fn logs(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub async fn get(&self, path: &str) -> Option<(u16, String)> {
        let r = reqwest::get(format!("{}{path}", self.base)).await.ok()?;
        let status = r.status().as_u16();
        Some((status, r.text().await.ok()?))
    }

    /// The sum of a metric's samples whose line starts with `prefix`.
    pub async fn metric(&self, prefix: &str) -> Option<f64> {
        let (200, text) = self.get("/metrics").await? else {
            return None;
        };
        let values: Vec<f64> = text
            .lines()
            .filter(|l| l.starts_with(prefix))
            .filter_map(|l| l.rsplit(' ').next()?.parse().ok())
            .collect();
        (!values.is_empty()).then(|| values.iter().sum())
    }

    pub fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{signal}");
    }

    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Wait for the exit code (off the test's thread, so in-process servers keep answering).
    pub async fn exit_code(mut self, within: Duration) -> (Option<i32>, String) {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status.code(), self.logs());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = self.child.kill();
        panic!("the daemon did not exit; logs:\n{}", self.logs());
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Poll `check` every 100 ms until it yields, or fail naming `what`.
pub async fn eventually<T, F, Fut>(within: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub use crate::support::harness::output;
