//! `eiam-sync apply FILE`: apply exactly the operations of a saved plan, or refuse (exit 4,
//! nothing written) with the reason or what drifted.

use std::path::Path;

use crate::config::Settings;
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::notify::Notifier;
use crate::reconcile::ReconcileError;
use crate::{errln, outln};

use super::reconcile::{
    announce_fatal, fatal, notified, open_reconciler, print_report, with_config,
};
use super::{ApplyArgs, OutputFormat, exit};

/// The report's exit code; 4 for a refused plan file; 1 when it cannot be read or the run
/// could not finish. Notifications get a bounded flush before the process exits.
pub async fn run(settings: &Settings, args: &ApplyArgs, config: &Path) -> i32 {
    notified(settings, config, async |metrics, notifier| {
        run_once(settings, args, config, metrics, notifier).await
    })
    .await
}

async fn run_once(
    settings: &Settings,
    args: &ApplyArgs,
    config: &Path,
    metrics: Metrics,
    notifier: Option<&Notifier>,
) -> i32 {
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => {
            errln!(
                "error: reading the plan {} failed: {e}",
                args.file.display()
            );
            announce_fatal(notifier, "apply", &e);
            return exit::FATAL;
        }
    };
    let reconciler = match open_reconciler(settings, metrics, notifier, "apply", args.output).await
    {
        Ok(r) => r,
        Err(code) => return code,
    };
    let saved = match reconciler.open_plan(&text).await {
        Ok(saved) => saved,
        Err(e @ ReconcileError::State(_)) => {
            announce_fatal(notifier, "apply", &e);
            return fatal(&e, args.output);
        }
        Err(e) => return refused(&e, args.output),
    };
    match reconciler.apply_plan(saved).await {
        Ok(mut report) => {
            with_config(&mut report, config);
            print_report(&report, args.output);
            report.exit_code()
        }
        Err(e) => fatal(&e, args.output),
    }
}

/// A plan file refused before anything was read from EIAM.
fn refused(e: &ReconcileError, output: OutputFormat) -> i32 {
    let text = chain(e);
    errln!("error: {text}");
    match output {
        OutputFormat::Json => outln!("{}", serde_json::json!({ "refused": text })),
        _ => outln!("REFUSED; nothing was written: {text}"),
    };
    exit::REFUSED
}
