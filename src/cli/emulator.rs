//! `eiam-sync emulator`: serve the EIAM emulator until SIGINT or SIGTERM.

use crate::emulator::{Emulator, EmulatorConfig, Faults, ListUsersReading, Readings};
use crate::errors::chain;
use crate::{errln, outln};

use super::{EmulatorArgs, exit};

/// Exit 0 on a clean stop, 1 if it cannot start.
pub async fn run(args: EmulatorArgs) -> i32 {
    let config = EmulatorConfig {
        instance_id: args.instance_id,
        application_id: args.application_id,
        client_id: args.client_id,
        client_secret: args.client_secret,
        faults: Faults {
            latency_ms: args.latency_ms,
            error_rate: args.error_rate,
            rate_limit_qps: args.rate_limit,
            token_ttl_secs: args.token_ttl_secs,
            ..Faults::default()
        },
        readings: Readings {
            list_users: if args.list_users_in_subtree {
                ListUsersReading::Subtree
            } else {
                ListUsersReading::Direct
            },
        },
        ..EmulatorConfig::default()
    };
    let emulator = match Emulator::start(config, args.listen).await {
        Ok(e) => e,
        Err(e) => {
            errln!("error: {}", chain(&e));
            return exit::FATAL;
        }
    };
    // The line scripts wait for; written only once the socket accepts connections.
    if !outln!("listening on {}", emulator.url()) {
        tracing::warn!("cannot write the listening address to stdout");
    }
    let code = match shutdown_signal().await {
        Ok(()) => exit::OK,
        Err(e) => {
            errln!("error: cannot install the shutdown signal handler: {e}");
            exit::FATAL
        }
    };
    tracing::info!("shutting down");
    emulator.shutdown().await;
    code
}

async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
