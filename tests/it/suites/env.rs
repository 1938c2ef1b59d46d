//! The suites' environment: an in-process emulator that outlives any reconcile process, a
//! SQLite snapshot, a SQLite or PostgreSQL state store, and the real binary run against them.
// Shared by the suites; not every suite uses every helper.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use eiam_sync::emulator::{AdminState, Emulator, EmulatorConfig, RunningEmulator};
use eiam_sync::model::Snapshot;
use eiam_sync::state::StateStore;
use serde_json::Value;
use tempfile::TempDir;

use crate::support::emulator::readings_from_env;
use crate::support::pg::TestDb;
use crate::support::secrets::Secrets;

/// Where eiam-sync keeps its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

pub struct SuiteEnv {
    pub emulator: RunningEmulator,
    pub dir: TempDir,
    pub source_url: String,
    pub config_path: PathBuf,
    pub root: String,
    pub secrets: Secrets,
    pub pg: Option<TestDb>,
    runs: std::sync::atomic::AtomicU32,
}

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

impl SuiteEnv {
    /// `sync` and `eiam` are extra lines for those sections.
    pub async fn new(store: Store, sync: &str, eiam: &str) -> SuiteEnv {
        let secret = format!("cs-{}", uuid::Uuid::new_v4().simple());
        let fp_key = format!("fk-{}", uuid::Uuid::new_v4().simple());
        let cfg = EmulatorConfig {
            client_secret: secret.clone(),
            readings: readings_from_env(),
            ..EmulatorConfig::default()
        };
        let emulator = Emulator::start(cfg.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("emulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let pg = match store {
            Store::Postgres => Some(TestDb::create().await),
            Store::Sqlite => None,
        };
        let state_url = match &pg {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}/state.db", dir.path().display()),
        };
        let source_url = format!("sqlite://{}/snapshot.db", dir.path().display());
        // The suites pace the server, not the client, unless a suite says otherwise.
        let eiam = if eiam.contains("rate_limit_qps") {
            eiam.to_owned()
        } else {
            format!("rate_limit_qps = 1000\n{eiam}")
        };
        let root = emulator.root_ou_id();
        // The suites restore synced directories over and over; the guards are tested elsewhere.
        let text = format!(
            "[eiam]\nendpoint = \"{url}\"\ninstance_id = \"{i}\"\napplication_id = \"{a}\"\nclient_id = \"{c}\"\nclient_secret = \"{secret}\"\n{eiam}\n\n[source]\nurl = \"{source_url}\"\n\n[state]\nurl = \"{state_url}\"\nfingerprint_key = \"{fp_key}\"\n\n[sync]\nroot_organizational_unit_id = \"{root}\"\nmax_delete_percent = 100\nmax_snapshot_drop_percent = 100\nmax_removals_24h = 1000000\nmax_removal_percent_24h = 100\nmax_move_percent = 100\nmax_membership_removal_percent = 100\nmax_identifier_rewrite_percent = 100\n{sync}\n\n[log]\nlevel = \"info\"\n",
            url = emulator.url(),
            i = cfg.instance_id,
            a = cfg.application_id,
            c = cfg.client_id,
        );
        let config_path = dir.path().join("eiam-sync.toml");
        std::fs::write(&config_path, text).unwrap();
        let env = SuiteEnv {
            emulator,
            dir,
            source_url,
            config_path,
            root,
            secrets: Secrets::new([secret, fp_key]),
            pg,
            runs: Default::default(),
        };
        env.write(&Snapshot::default()).await;
        env
    }

    pub async fn write(&self, s: &Snapshot) {
        eiam_sync::demo::snapshot::write(&self.source_url, s)
            .await
            .expect("snapshot written");
    }

    pub fn state(&self) -> AdminState {
        self.emulator.state()
    }

    /// The state store, as a second process would open it.
    pub async fn store(&self) -> StateStore {
        let settings = eiam_sync::config::load(&self.config_path).expect("config loads");
        StateStore::connect(&settings.state)
            .await
            .expect("state store opens")
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
        let n = self.runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
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
        child: Child,
        out: PathBuf,
        err: PathBuf,
        quiet: Duration,
    ) -> RunOut {
        let mut child = child;
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
    pub fn collect(&self, code: i32, out: &PathBuf, err: &PathBuf) -> RunOut {
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

    /// Applies, then checks that a dry run has nothing left to do; returns the apply.
    pub async fn converge(&self) -> RunOut {
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

    /// Requests of the emulator that change something (neither reads nor token requests).
    pub fn writes(&self) -> u64 {
        let stats = self.emulator.stats();
        stats
            .by_action
            .iter()
            .filter(|(a, _)| !is_read(a))
            .map(|(_, n)| *n)
            .sum()
    }
}

/// Whether an action only reads.
pub fn is_read(action: &str) -> bool {
    action.starts_with("List")
        || action.starts_with("Get")
        || action.contains("Token")
        || action.contains("token")
}
