//! Settings: the TOML file of docs/configuration.md, layered with `EIAM_SYNC__SECTION__KEY`
//! environment overrides; secrets as `SecretString`.
//!
//! [`load`] reads and validates; [`Settings::client_secret`] and [`Settings::fingerprint_key`]
//! resolve the secrets; [`load_unvalidated`] serves `eiam-sync config check`, which shows the
//! effective configuration even when it has problems. Every `Serialize` and
//! `Debug` rendering of these structs redacts secrets and database passwords.

mod adopt;
mod client;
mod defaults;
mod error;
mod load;
mod notify;
mod overrides;
pub mod redact;
mod schema;
mod secrets;

mod unknown;
mod validate;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::model::NewUserPolicy;

pub use adopt::{AdoptSettings, GroupMatch, OuMatch, UserKeyName};
pub use eiam_client::ca_certificates;
pub use error::ConfigError;
pub use load::{load, load_unvalidated, load_with_env};
pub use notify::{NotifyEvent, NotifySettings, WebhookFormat, WebhookSettings, webhook_url};
pub use overrides::ENV_PREFIX;
pub use schema::dotted_keys as known_keys;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    #[serde(default)]
    pub notify: NotifySettings,
}

/// `[eiam]`: where EIAM is and how to talk to it.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EiamSettings {
    #[serde(serialize_with = "redact::serialize_url")]
    pub endpoint: String,
    pub instance_id: String,
    pub application_id: String,
    pub client_id: String,
    #[serde(default, serialize_with = "redact::serialize_secret")]
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
    /// A PEM bundle of private CA certificates trusted besides the system's roots.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
}

impl fmt::Debug for EiamSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EiamSettings")
            .field("endpoint", &redact::url(&self.endpoint))
            .field("instance_id", &self.instance_id)
            .field("application_id", &self.application_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| redact::REDACTED),
            )
            .field("client_secret_file", &self.client_secret_file)
            .field("rate_limit_qps", &self.rate_limit_qps)
            .field("max_concurrency", &self.max_concurrency)
            .field("connect_timeout_secs", &self.connect_timeout_secs)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("max_retries", &self.max_retries)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

/// `[source]`: the snapshot database.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSettings {
    #[serde(serialize_with = "redact::serialize_url")]
    pub url: String,
    /// Per-table replacement queries, keyed by table name.
    #[serde(default)]
    pub queries: BTreeMap<String, String>,
    /// A file holding the PostgreSQL password (read by eiam-sync whatever its mode).
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

impl fmt::Debug for SourceSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceSettings")
            .field("url", &redact::url(&self.url))
            .field("queries", &self.queries)
            .field("password_file", &self.password_file)
            .finish()
    }
}

/// `[state]`: eiam-sync's own database.
#[derive(Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StateSettings {
    #[serde(serialize_with = "redact::serialize_url")]
    pub url: String,
    /// Key of the HMAC-SHA1 fingerprints (or `fingerprint_key_file`). When neither is set the
    /// key is derived from the client secret (see [`Settings::fingerprint_key`]).
    #[serde(default, serialize_with = "redact::serialize_secret")]
    pub fingerprint_key: Option<SecretString>,
    #[serde(default)]
    pub fingerprint_key_file: Option<PathBuf>,
    /// The leader lease's period: a replica taking over after the leader died waits at most
    /// this long (on PostgreSQL usually far less: the lock ends with the leader's connection).
    #[serde(default = "defaults::lease_ttl_secs")]
    pub lease_ttl_secs: u64,
    /// Runs and journal entries older than this many days are pruned (the ownership record,
    /// fingerprints and leavers are not history and stay).
    #[serde(default = "defaults::history_days")]
    pub history_days: u32,
    /// A file holding the PostgreSQL password (read by eiam-sync whatever its mode).
    #[serde(default)]
    pub password_file: Option<PathBuf>,
}

impl fmt::Debug for StateSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateSettings")
            .field("url", &redact::url(&self.url))
            .field(
                "fingerprint_key",
                &self.fingerprint_key.as_ref().map(|_| redact::REDACTED),
            )
            .field("fingerprint_key_file", &self.fingerprint_key_file)
            .field("lease_ttl_secs", &self.lease_ttl_secs)
            .field("history_days", &self.history_days)
            .field("password_file", &self.password_file)
            .finish()
    }
}

/// What a user missing from the snapshot gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum UserRemoval {
    #[default]
    Disable,
    Delete,
    /// Disabled at once, deleted once `delete_after_days` have passed and it is still absent.
    DisableThenDelete,
}

/// `[sync]`: what to manage and the safety guards.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// The extended fields eiam-sync manages; the others are never touched.
    #[serde(default)]
    pub custom_fields: Vec<String>,
    /// `[sync.new_users]`: the first password of the accounts eiam-sync creates.
    #[serde(default)]
    pub new_users: NewUserPolicy,
    /// Days a leaver stays disabled before `disable_then_delete` deletes it.
    #[serde(default = "defaults::delete_after_days")]
    pub delete_after_days: u32,
    /// How long an `eiam-sync approve` stays usable.
    #[serde(default = "defaults::approval_ttl_hours")]
    pub approval_ttl_hours: u32,
    #[serde(default = "defaults::max_moves")]
    pub max_moves: u64,
    #[serde(default = "defaults::max_move_percent")]
    pub max_move_percent: f64,
    #[serde(default = "defaults::max_membership_removals")]
    pub max_membership_removals: u64,
    #[serde(default = "defaults::max_membership_removal_percent")]
    pub max_membership_removal_percent: f64,
    #[serde(default = "defaults::max_identifier_rewrites")]
    pub max_identifier_rewrites: u64,
    #[serde(default = "defaults::max_identifier_rewrite_percent")]
    pub max_identifier_rewrite_percent: f64,
    /// Deletes and disables over the last 24 hours, this run's included.
    #[serde(default = "defaults::max_removals_24h")]
    pub max_removals_24h: u64,
    #[serde(default = "defaults::max_removal_percent_24h")]
    pub max_removal_percent_24h: f64,
    /// Extended-field values taken away from existing users in one run.
    #[serde(default = "defaults::max_custom_field_removals")]
    pub max_custom_field_removals: u64,
    #[serde(default = "defaults::max_custom_field_removal_percent")]
    pub max_custom_field_removal_percent: f64,
    /// The percent limits of the guards above apply only to more changes than this.
    #[serde(default = "defaults::guard_percent_min_count")]
    pub guard_percent_min_count: u64,
    /// `[sync.adopt]`: taking over objects that exist in EIAM before eiam-sync manages them.
    #[serde(default)]
    pub adopt: AdoptSettings,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            root_organizational_unit_id: None,
            user_removal: UserRemoval::default(),
            max_deletes: defaults::max_deletes(),
            max_delete_percent: defaults::max_delete_percent(),
            max_snapshot_drop_percent: defaults::max_snapshot_drop_percent(),
            custom_fields: Vec::new(),
            new_users: NewUserPolicy::default(),
            delete_after_days: defaults::delete_after_days(),
            approval_ttl_hours: defaults::approval_ttl_hours(),
            max_moves: defaults::max_moves(),
            max_move_percent: defaults::max_move_percent(),
            max_membership_removals: defaults::max_membership_removals(),
            max_membership_removal_percent: defaults::max_membership_removal_percent(),
            max_identifier_rewrites: defaults::max_identifier_rewrites(),
            max_identifier_rewrite_percent: defaults::max_identifier_rewrite_percent(),
            max_removals_24h: defaults::max_removals_24h(),
            max_removal_percent_24h: defaults::max_removal_percent_24h(),
            max_custom_field_removals: defaults::max_custom_field_removals(),
            max_custom_field_removal_percent: defaults::max_custom_field_removal_percent(),
            guard_percent_min_count: defaults::guard_percent_min_count(),
            adopt: AdoptSettings::default(),
        }
    }
}

impl SyncSettings {
    /// The limits of the guards beyond deletions.
    pub fn wide_limits(&self) -> crate::plan::WideLimits {
        crate::plan::WideLimits {
            max_moves: self.max_moves,
            max_move_percent: self.max_move_percent,
            max_membership_removals: self.max_membership_removals,
            max_membership_removal_percent: self.max_membership_removal_percent,
            max_identifier_rewrites: self.max_identifier_rewrites,
            max_identifier_rewrite_percent: self.max_identifier_rewrite_percent,
            max_removals_24h: self.max_removals_24h,
            max_removal_percent_24h: self.max_removal_percent_24h,
            max_custom_field_removals: self.max_custom_field_removals,
            max_custom_field_removal_percent: self.max_custom_field_removal_percent,
            max_adoptions: self.adopt.max_adoptions,
            percent_min_count: self.guard_percent_min_count,
        }
    }
}

/// `[schedule]`: six-field cron expressions for `run`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSettings {
    #[serde(default = "defaults::cron")]
    pub organizational_units: String,
    #[serde(default = "defaults::cron")]
    pub users: String,
    #[serde(default = "defaults::cron")]
    pub groups: String,
    /// Incremental runs of every kind, beside the full runs of each kind above; none when
    /// absent.
    #[serde(default)]
    pub incremental: Option<String>,
    /// Each firing of every schedule waits a random 0 to `jitter_secs` seconds first.
    #[serde(default)]
    pub jitter_secs: u64,
}

impl Default for ScheduleSettings {
    fn default() -> Self {
        ScheduleSettings {
            organizational_units: defaults::cron(),
            users: defaults::cron(),
            groups: defaults::cron(),
            incremental: None,
            jitter_secs: 0,
        }
    }
}

/// `[server]`: health and metrics for `run`.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable (coloured on a TTY).
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// `[log]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
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

impl Settings {
    /// The effective configuration as TOML, with secrets and database passwords redacted.
    pub fn to_redacted_toml(&self) -> String {
        toml::to_string(self)
            .unwrap_or_else(|e| format!("# cannot render the configuration: {e}\n"))
    }
}
