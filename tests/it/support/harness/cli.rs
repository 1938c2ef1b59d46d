//! The binary run as its own process against the harness: any command to its end, and
//! `reconcile` as the reliability suites run it, where the emulator in this process outlives
//! any run and every run's output is checked for secrets and panics.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Harness;

/// One finished `reconcile` process.
#[derive(Debug)]
pub struct RunOut {
    pub code: i32,
    /// The JSON report, or `Null` when stdout held none (a fatal error).
    pub report: Value,
    pub stderr: String,
}

impl RunOut {
    /// The operations of the report.
    pub fn ops(&self) -> Vec<Value> {
        self.report["operations"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// Runs `cmd` to its end off the test's thread, so the in-process emulator keeps answering.
pub async fn output(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("joined")
}

impl Harness {
    /// `eiam-sync ARGS --config <this config>`, with the environment variables `vars`.
    pub async fn eiam_sync(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
        cmd.args(args)
            .arg("--config")
            .arg(&self.config_path)
            .env_remove("EIAM_SYNC_CONFIG")
            .envs(vars.iter().copied());
        output(cmd).await
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_eiam-sync"));
        cmd.arg("reconcile")
            .arg("--config")
            .arg(&self.config_path)
            .args(["--output", "json"])
            .args(args)
            .env_remove("EIAM_SYNC_CONFIG")
            .stdin(Stdio::null());
        cmd
    }

    /// Starts `reconcile` in the background; its output goes to files of the environment.
    pub fn spawn(&self, args: &[&str]) -> (Child, PathBuf, PathBuf) {
        let n = self.runs.fetch_add(1, Ordering::Relaxed);
        let out = self.dir.path().join(format!("run{n}.out"));
        let err = self.dir.path().join(format!("run{n}.err"));
        let child = self
            .command(args)
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .expect("the binary starts");
        (child, out, err)
    }

    /// Waits for a spawned run. A run that hangs fails the suite: one that has sent the
    /// emulator no request for `quiet`. A busy machine slows a run down, so its total time is
    /// no measure of a hang; a run that stopped making progress is.
    pub async fn finish(
        &self,
        mut child: Child,
        out: PathBuf,
        err: PathBuf,
        quiet: Duration,
    ) -> RunOut {
        let mut requests = self.emulator.stats().total;
        let mut progressed = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status;
            }
            let now = self.emulator.stats().total;
            if now != requests {
                requests = now;
                progressed = Instant::now();
            }
            if progressed.elapsed() > quiet {
                let _ = child.kill();
                let _ = child.wait();
                panic!("a reconcile run hung: no request for more than {quiet:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        self.collect(status.code().unwrap_or(-1), &out, &err)
    }

    /// Reads a run's output, checks it for secrets and panics, and parses the report.
    pub fn collect(&self, code: i32, out: &Path, err: &Path) -> RunOut {
        let stdout = std::fs::read_to_string(out).unwrap_or_default();
        let stderr = std::fs::read_to_string(err).unwrap_or_default();
        self.secrets.assert_clean("a report", &stdout);
        self.secrets.assert_clean("a log", &stderr);
        assert!(
            code != 101 && !stderr.contains("panicked"),
            "the process panicked (exit {code}):\n{stderr}"
        );
        let report = if stdout.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&stdout)
                .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {stdout}"))
        };
        RunOut {
            code,
            report,
            stderr,
        }
    }

    /// One `reconcile` run to its end.
    pub async fn reconcile(&self, args: &[&str]) -> RunOut {
        let (child, out, err) = self.spawn(args);
        self.finish(child, out, err, Duration::from_secs(300)).await
    }

    /// Applies by the binary, then checks that a dry run has nothing left to do; returns the
    /// apply.
    pub async fn converge_by_binary(&self) -> RunOut {
        let applied = self.reconcile(&[]).await;
        assert_eq!(
            applied.code, 0,
            "the run did not converge: {}\n{}",
            applied.report, applied.stderr
        );
        let again = self.reconcile(&["--dry-run"]).await;
        assert_eq!(
            (again.code, again.ops().len()),
            (0, 0),
            "a second run still plans: {}",
            again.report
        );
        applied
    }
}
