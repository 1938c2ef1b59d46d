//! Settings: the TOML file of CONTRACT section 3, layered with `EIAM_SYNC__SECTION__KEY`
//! environment overrides; secrets as `SecretString`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;
use serde::Deserialize;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub eiam: EiamSettings,
    pub source: SourceSettings,
    pub state: StateSettings,
    #[serde(default)]
    pub sync: SyncSettings,
    #[serde(default)]
    pub schedule: ScheduleSettings,
    #[serde(default)]
    pub server: ServerSettings,
    #[serde(default)]
    pub log: LogSettings,
}

/// `[eiam]`: where EIAM is and how to talk to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EiamSettings {
    pub endpoint: String,
    pub instance_id: String,
    pub application_id: String,
    pub client_id: String,
    #[serde(default)]
    pub client_secret: Option<SecretString>,
    #[serde(default)]
    pub client_secret_file: Option<PathBuf>,
    #[serde(default = "defaults::rate_limit_qps")]
    pub rate_limit_qps: u32,
    #[serde(default = "defaults::max_concurrency")]
    pub max_concurrency: usize,
    #[serde(default = "defaults::connect_timeout_secs")]
    pub connect_timeout_secs: u64,
    #[serde(default = "defaults::request_timeout_secs")]
    pub request_timeout_secs: u64,
    #[serde(default = "defaults::max_retries")]
    pub max_retries: u32,
}

/// `[source]`: the snapshot database.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    pub url: String,
    /// Per-table replacement queries, keyed by table name.
    #[serde(default)]
    pub queries: BTreeMap<String, String>,
}

/// `[state]`: eiam-sync's own database.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSettings {
    pub url: String,
    /// Key of the HMAC-SHA1 fingerprints (or `fingerprint_key_file`).
    #[serde(default)]
    pub fingerprint_key: Option<SecretString>,
    #[serde(default)]
    pub fingerprint_key_file: Option<PathBuf>,
}

/// What a user missing from the snapshot gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UserRemoval {
    #[default]
    Disable,
    Delete,
}

/// `[sync]`: what to manage and the safety guards.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    #[serde(default)]
    pub root_organizational_unit_id: Option<String>,
    #[serde(default)]
    pub user_removal: UserRemoval,
    #[serde(default = "defaults::max_deletes")]
    pub max_deletes: u64,
    #[serde(default = "defaults::max_delete_percent")]
    pub max_delete_percent: f64,
    /// Refuse a snapshot whose user count dropped by more than this share since the last
    /// successful run.
    #[serde(default = "defaults::max_snapshot_drop_percent")]
    pub max_snapshot_drop_percent: f64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            root_organizational_unit_id: None,
            user_removal: UserRemoval::default(),
            max_deletes: defaults::max_deletes(),
            max_delete_percent: defaults::max_delete_percent(),
            max_snapshot_drop_percent: defaults::max_snapshot_drop_percent(),
        }
    }
}

/// `[schedule]`: six-field cron expressions for `run`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSettings {
    #[serde(default = "defaults::cron")]
    pub organizational_units: String,
    #[serde(default = "defaults::cron")]
    pub users: String,
    #[serde(default = "defaults::cron")]
    pub groups: String,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            organizational_units: defaults::cron(),
            users: defaults::cron(),
            groups: defaults::cron(),
        }
    }
}

/// `[server]`: health and metrics for `run`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    #[serde(default = "defaults::listen")]
    pub listen: SocketAddr,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            listen: defaults::listen(),
        }
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable (coloured on a TTY).
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    #[serde(default)]
    pub format: LogFormat,
    /// A tracing filter such as `info` or `eiam_sync=debug`.
    #[serde(default = "defaults::log_level")]
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::default(),
            level: defaults::log_level(),
        }
    }
}

mod defaults {
    use std::net::SocketAddr;

    pub fn rate_limit_qps() -> u32 {
        10
    }
    pub fn max_concurrency() -> usize {
        8
    }
    pub fn connect_timeout_secs() -> u64 {
        5
    }
    pub fn request_timeout_secs() -> u64 {
        30
    }
    pub fn max_retries() -> u32 {
        6
    }
    pub fn max_deletes() -> u64 {
        500
    }
    pub fn max_delete_percent() -> f64 {
        20.0
    }
    pub fn max_snapshot_drop_percent() -> f64 {
        30.0
    }
    pub fn cron() -> String {
        "0 */10 * * * *".to_owned()
    }
    pub fn listen() -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], 9464))
    }
    pub fn log_level() -> String {
        "info".to_owned()
    }
}

/// Errors of loading and checking the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(String),
}

/// Load the file at `path` layered with `EIAM_SYNC__*` environment overrides.
pub fn load(path: &std::path::Path) -> Result<Settings, ConfigError> {
    Err(ConfigError::Invalid(format!(
        "cannot load {}: not implemented",
        path.display()
    )))
}

/// `eiam-sync config check`: validate, test connectivity, print the redacted effective config.
pub async fn check_command(path: &std::path::Path) -> i32 {
    match load(path) {
        Ok(_) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
