//! The `eiam-sync` binary: parse the command line, set up logging, load config, dispatch.

use std::process::ExitCode;

use clap::Parser;

use eiam_sync::cli::{self, Cli, Command, ConfigCommand, exit};
use eiam_sync::config::{self, LogFormat};
use eiam_sync::{demo, errln, schedule, telemetry};

/// jemalloc instead of the system allocator: a run holds millions of small allocations (ids,
/// names, report values), which glibc rounds up to 32 bytes each and spreads over per-thread
/// arenas that keep what the observation freed. Measured on the million-user dry run: a tenth
/// less peak RSS and a third less time (docs/benchmarks.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            errln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::FATAL as u8);
        }
    };
    let code = runtime.block_on(dispatch(cli));
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

async fn dispatch(cli: Cli) -> i32 {
    let format = |fallback: LogFormat| cli.log_format.unwrap_or(fallback);
    let level = |fallback: &str| cli.log_level.clone().unwrap_or_else(|| fallback.to_owned());
    match &cli.command {
        Command::Emulator(args) => {
            telemetry::init(format(LogFormat::Text), &level("info"));
            cli::emulator::run(args.clone()).await
        }
        Command::Completions { shell } => cli::completions::completions(*shell),
        Command::Manpages { dir } => cli::completions::manpages(dir),
        Command::Demo => {
            telemetry::init(format(LogFormat::Text), &level("warn"));
            demo::run().await
        }
        Command::Config {
            command: ConfigCommand::Check,
        } => {
            telemetry::init(format(LogFormat::Text), &level("warn"));
            cli::config_check::run(&cli.config).await
        }
        Command::Doctor(args) => {
            telemetry::init(format(LogFormat::Text), &level("warn"));
            cli::doctor::run(&cli.config, args.output).await
        }
        command => {
            let settings = match config::load(&cli.config) {
                Ok(s) => s,
                Err(e) => return cli::config_failed(&e, command),
            };
            telemetry::init(format(settings.log.format), &level(&settings.log.level));
            match command {
                Command::Reconcile(args) => cli::reconcile::run(&settings, args, &cli.config).await,
                Command::Apply(args) => cli::apply::run(&settings, args, &cli.config).await,
                Command::Approve(args) => cli::approve::run(&settings, args).await,
                Command::Run => {
                    let command = format!("eiam-sync{}", cli::config_flag(&cli.config));
                    schedule::run(&cli.config, settings, command).await
                }
                Command::Migrate => cli::migrate::run(&settings).await,
                Command::Status(args) => cli::status::run(&settings, args).await,
                _ => exit::FATAL,
            }
        }
    }
}
