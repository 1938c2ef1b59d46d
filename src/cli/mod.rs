//! Command-line interface (docs/contract.md §1): the clap definitions, exit codes, and one file
//! per command body (each prints its outcome and returns the exit code).

pub mod apply;
pub mod approve;
pub mod completions;
pub mod config_check;
pub mod doctor;
pub mod emulator;
pub mod migrate;
pub mod reconcile;
pub mod status;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::LogFormat;
use crate::model::{KindSet, SyncMode};

/// Exit codes of `reconcile` (the highest applicable wins); defined below every layer so the
/// report and the daemon can name them too.
pub use crate::exit;

pub use reconcile::config_failed;

/// Keep Alibaba Cloud IDaaS EIAM in step with your directory snapshot.
#[derive(Debug, Parser)]
#[command(name = "eiam-sync", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file.
    #[arg(
        long,
        global = true,
        env = "EIAM_SYNC_CONFIG",
        default_value = "/etc/eiam-sync/eiam-sync.toml"
    )]
    pub config: PathBuf,

    /// Log format on stderr (default: the config's `[log] format`, else text).
    #[arg(long, global = true, value_enum)]
    pub log_format: Option<LogFormat>,

    /// Log filter, e.g. `debug` or `eiam_sync=debug` (default: `[log] level`, else `info`).
    #[arg(long, global = true)]
    pub log_level: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One full reconciliation, then exit.
    Reconcile(ReconcileArgs),
    /// The daemon: reconcilers on their cron schedules, health and metrics.
    Run,
    /// A local EIAM developer-API emulator.
    Emulator(EmulatorArgs),
    /// A self-contained tour on an in-process emulator and a temporary snapshot.
    Demo,
    /// Configuration commands.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Apply the state-store migrations.
    Migrate,
    /// Check, reading only, that a sync can run against the configured instance, and count
    /// what it would find there.
    Doctor(DoctorArgs),
    /// Apply exactly the operations of a saved plan, or refuse with what drifted.
    Apply(ApplyArgs),
    /// Let the guarded changes of a refused plan through once.
    Approve(ApproveArgs),
    /// What the state store knows: recent runs, the leader lease, operations in doubt.
    Status(StatusArgs),
    /// Print a shell completion script (`eiam-sync completions bash > ...`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the man pages into DIR (for packaging).
    #[command(hide = true)]
    Manpages { dir: PathBuf },
}

/// Format of `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StatusFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Format on stdout.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub output: StatusFormat,
    /// How many recent runs to show.
    #[arg(long, default_value_t = 20)]
    pub runs: u32,
}

/// Format of `doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DoctorFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Format on stdout.
    #[arg(long, value_enum, default_value_t = DoctorFormat::Text)]
    pub output: DoctorFormat,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the configuration and print it with secrets redacted.
    Check,
}

/// Report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
    /// For a change ticket or a pull request.
    Markdown,
}

#[derive(Debug, Clone, Args)]
pub struct ReconcileArgs {
    /// Read the source and EIAM and print the plan; never write to EIAM.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: exit 0 when changes are pending or records were rejected (the report
    /// still lists them), for scheduled drift reports; fatal errors and refusals keep their
    /// codes.
    #[arg(long, requires = "dry_run")]
    pub pending_ok: bool,
    /// Report format on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    /// Limit to some of organizational_units,users,groups,memberships.
    #[arg(long, value_name = "KIND,...", value_parser = parse_kinds)]
    pub only: Option<KindSet>,
    /// `full` observes the whole managed subtree; `incremental` only what changed in the
    /// snapshot since it was last applied.
    #[arg(long, value_name = "full|incremental", default_value = "full",
          value_parser = parse_mode)]
    pub mode: SyncMode,
    /// With --dry-run: also write the plan to FILE, for review and `eiam-sync apply FILE`.
    #[arg(long, value_name = "FILE", requires = "dry_run")]
    pub plan_out: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// A plan file written by `reconcile --dry-run --plan-out`.
    pub file: PathBuf,
    /// Report format on stdout.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
}

#[derive(Debug, Clone, Args)]
pub struct ApproveArgs {
    /// The plan_id a guard-refused run reported.
    pub plan_id: String,
    /// Why this change is expected (kept in the state store).
    #[arg(long, required = true)]
    pub reason: String,
    /// Who approves (default: the OS user).
    #[arg(long)]
    pub by: Option<String>,
}

/// ` --config PATH` when the configuration is not the default one, so a printed command
/// works as it stands.
pub fn config_flag(path: &std::path::Path) -> String {
    let default = std::path::Path::new("/etc/eiam-sync/eiam-sync.toml");
    if path == default
        || std::env::var_os("EIAM_SYNC_CONFIG").is_some_and(|v| path == std::path::Path::new(&v))
    {
        String::new()
    } else {
        format!(" --config {}", shell_quote(&path.display().to_string()))
    }
}

/// Quote for a POSIX shell when needed.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn parse_mode(s: &str) -> Result<SyncMode, String> {
    s.parse()
}

fn parse_kinds(s: &str) -> Result<KindSet, String> {
    let set = KindSet::parse_list(s)?;
    if set == KindSet::empty() {
        return Err("name at least one kind".to_owned());
    }
    Ok(set)
}

#[derive(Debug, Clone, Args)]
pub struct EmulatorArgs {
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Latency injected into every API request.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of API requests answered with a random 500/502/503.
    #[arg(long, default_value_t = 0.0)]
    pub error_rate: f64,
    /// Server-side request budget per second; requests beyond it get HTTP 429.
    #[arg(long)]
    pub rate_limit: Option<f64>,
    /// Lifetime of issued access tokens.
    #[arg(long, default_value_t = 7200)]
    pub token_ttl_secs: u64,
    /// `ListUsers` filtered by an OU lists the members of its whole subtree, not only its
    /// direct members (the API leaves this open).
    #[arg(long)]
    pub list_users_in_subtree: bool,
    #[arg(long, default_value = "idaas_emulator")]
    pub instance_id: String,
    #[arg(long, default_value = "app_emulator")]
    pub application_id: String,
    #[arg(long, default_value = "app_emulator")]
    pub client_id: String,
    #[arg(
        long,
        env = "EIAM_EMULATOR_CLIENT_SECRET",
        default_value = "emulator-secret"
    )]
    pub client_secret: String,
}
