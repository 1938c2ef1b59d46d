//! The end-to-end harness: an in-process emulator, a snapshot database (SQLite or a fresh
//! PostgreSQL database), a state store (likewise), and a configuration file naming them.
//!
//! [`Setup`] says what to build; [`Harness`] is what was built and runs the binary against it
//! (`cli`); [`Env`] adds a reconciler in this process (`env`); `compare` checks the
//! emulator's state against a snapshot.

mod cli;
mod compare;
mod env;

use std::path::PathBuf;
use std::sync::atomic::AtomicU32;

use eiam_sync::emulator::{AdminState, Emulator, EmulatorConfig, RunningEmulator};
use eiam_sync::model::Snapshot;
use eiam_sync::state::StateStore;
use tempfile::TempDir;

pub use cli::{RunOut, output};
pub use compare::assert_matches;
pub use env::{Env, apply_file, ops, run, save};

use super::emulator::readings_from_env;
use super::pg::TestDb;
use super::secrets::Secrets;

/// Where the snapshot is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Sqlite,
    Postgres,
}

/// Where eiam-sync keeps its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Sqlite,
    Postgres,
}

/// What a test environment is made of.
pub struct Setup {
    source: Source,
    state: Store,
    eiam: String,
    sync: String,
    /// `[sync]` keys set unless `sync` sets them.
    sync_defaults: Vec<(&'static str, &'static str)>,
    own_secrets: bool,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            source: Source::Sqlite,
            state: Store::Sqlite,
            eiam: String::new(),
            sync: String::new(),
            // Small test directories would trip the percentage guards on every change; tests
            // that exercise a guard set it explicitly.
            sync_defaults: vec![
                ("max_delete_percent", "100"),
                ("max_snapshot_drop_percent", "100"),
                ("max_move_percent", "100"),
                ("max_membership_removal_percent", "100"),
                ("max_identifier_rewrite_percent", "100"),
                ("max_removal_percent_24h", "100"),
            ],
            own_secrets: false,
        }
    }
}

impl Setup {
    pub fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    pub fn state(mut self, state: Store) -> Self {
        self.state = state;
        self
    }

    /// Extra lines for the `[eiam]` section.
    pub fn eiam(mut self, lines: &str) -> Self {
        self.eiam = lines.to_owned();
        self
    }

    /// Extra lines for the `[sync]` section (e.g. `user_removal = "delete"`); they may open
    /// sections below it, such as `[sync.adopt]`.
    pub fn sync(mut self, lines: &str) -> Self {
        self.sync = lines.to_owned();
        self
    }

    /// Sets `key = value` in `[sync]` unless the extra lines set it.
    pub fn default_sync(mut self, key: &'static str, value: &'static str) -> Self {
        self.sync_defaults.push((key, value));
        self
    }

    /// A client secret and a fingerprint key of this environment's own, instead of the
    /// emulator's well-known secret, so a leak of either into any output can be seen.
    pub fn own_secrets(mut self) -> Self {
        self.own_secrets = true;
        self
    }

    /// Starts the emulator, writes an empty snapshot and the configuration.
    pub async fn harness(self) -> Harness {
        let defaults = EmulatorConfig::default();
        let secret = if self.own_secrets {
            format!("cs-{}", uuid::Uuid::new_v4().simple())
        } else {
            defaults.client_secret.clone()
        };
        let fingerprint_key = self
            .own_secrets
            .then(|| format!("fk-{}", uuid::Uuid::new_v4().simple()));
        let cfg = EmulatorConfig {
            client_secret: secret.clone(),
            readings: readings_from_env(),
            ..defaults
        };
        let emulator = Emulator::start(cfg.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .expect("emulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let source_db = match self.source {
            Source::Postgres => Some(TestDb::create().await),
            Source::Sqlite => None,
        };
        let state_db = match self.state {
            Store::Postgres => Some(TestDb::create().await),
            Store::Sqlite => None,
        };
        let source_url = match &source_db {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}/snapshot.db", dir.path().display()),
        };
        let state_url = match &state_db {
            Some(db) => db.url.clone(),
            None => format!("sqlite://{}/state.db", dir.path().display()),
        };
        // The tests pace the server, not the client, unless a test says otherwise.
        let eiam = with_defaults(
            &self.eiam,
            &[("rate_limit_qps", "1000"), ("max_concurrency", "8")],
        );
        let sync = with_defaults(&self.sync, &self.sync_defaults);
        let fingerprint = fingerprint_key
            .as_deref()
            .map(|k| format!("fingerprint_key = \"{k}\"\n"))
            .unwrap_or_default();
        let root = emulator.root_ou_id().into_string();
        let text = format!(
            "[eiam]\nendpoint = \"{url}\"\ninstance_id = \"{i}\"\napplication_id = \"{a}\"\nclient_id = \"{c}\"\nclient_secret = \"{secret}\"\n{eiam}\n\n[source]\nurl = \"{source_url}\"\n\n[state]\nurl = \"{state_url}\"\n{fingerprint}\n[sync]\nroot_organizational_unit_id = \"{root}\"\n{sync}\n",
            url = emulator.url(),
            i = cfg.instance_id,
            a = cfg.application_id,
            c = cfg.client_id,
        );
        let config_path = dir.path().join("eiam-sync.toml");
        std::fs::write(&config_path, text).unwrap();
        let harness = Harness {
            emulator,
            dir,
            source_url,
            state_url,
            config_path,
            root,
            secrets: Secrets::new([Some(secret), fingerprint_key].into_iter().flatten()),
            source_db,
            state_db,
            runs: AtomicU32::new(0),
        };
        // The source must exist before anything reads it.
        harness.write(&Snapshot::default()).await;
        harness
    }

    /// The harness and a reconciler of this process configured by it.
    pub async fn env(self) -> Env {
        Env::from_harness(self.harness().await).await
    }
}

/// `lines`, preceded by `key = value` for each key they do not set.
fn with_defaults(lines: &str, defaults: &[(&str, &str)]) -> String {
    let mut out = lines.to_owned();
    for (key, value) in defaults {
        if !lines.contains(key) {
            out = format!("{key} = {value}\n{out}");
        }
    }
    out
}

/// An emulator, the snapshot and state databases, and the configuration naming them.
pub struct Harness {
    pub emulator: RunningEmulator,
    pub dir: TempDir,
    pub source_url: String,
    pub state_url: String,
    pub config_path: PathBuf,
    /// The sync root (the emulator's root unless a test moves it).
    pub root: String,
    /// The secrets of the configuration, which no output may show.
    pub secrets: Secrets,
    /// The PostgreSQL databases, when the snapshot or the state lives in one.
    pub source_db: Option<TestDb>,
    pub state_db: Option<TestDb>,
    /// Numbers the output files of the binary's runs.
    runs: AtomicU32,
}

impl Harness {
    /// The environment of the reliability suites, which run the binary: secrets of its own,
    /// the snapshot in SQLite, and no guard in the way, since the suites restore synced
    /// directories over and over (the guards are tested elsewhere). `sync` and `eiam` are
    /// extra lines for those sections.
    pub async fn suite(state: Store, sync: &str, eiam: &str) -> Harness {
        Setup::default()
            .state(state)
            .sync(sync)
            .eiam(eiam)
            .default_sync("max_removals_24h", "1000000")
            .own_secrets()
            .harness()
            .await
    }

    pub async fn write(&self, s: &Snapshot) {
        eiam_sync::demo::snapshot::write(&self.source_url, s)
            .await
            .expect("snapshot written");
    }

    pub fn state(&self) -> AdminState {
        self.emulator.state()
    }

    /// The configuration file's settings as they are now.
    pub fn settings(&self) -> eiam_sync::config::Settings {
        eiam_sync::config::load(&self.config_path).expect("config loads")
    }

    /// Rewrites the configuration file with `edit`.
    pub fn edit_config(&self, edit: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(&self.config_path).unwrap();
        std::fs::write(&self.config_path, edit(text)).unwrap();
    }

    /// The state store, as a second process would open it.
    pub async fn store(&self) -> StateStore {
        StateStore::connect(&self.settings().state)
            .await
            .expect("state store opens")
    }
}

/// Requests of the emulator since its last stats reset that change something (reads and
/// token requests do not).
pub fn writes(env: &Harness) -> u64 {
    let write = |a: &str| {
        [
            "Create", "Patch", "Delete", "Add", "Remove", "Set", "Enable", "Disable",
        ]
        .iter()
        .any(|w| a.starts_with(w))
    };
    (env.emulator.stats().by_action.iter())
        .filter(|(a, _)| write(a))
        .map(|(_, n)| *n)
        .sum()
}
