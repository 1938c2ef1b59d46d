//! `eiam-sync reconcile`: one run, its report on stdout, the exit code of CONTRACT section 1.

use std::io::IsTerminal;

use crate::config::Settings;
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::reconcile::{Reconciler, RunRequest};
use crate::report::{Report, render_text};
use crate::{errln, out, outln};

use super::{OutputFormat, ReconcileArgs, exit};

/// One run; the report's exit code, or 1 when the run could not finish.
pub async fn run(settings: &Settings, args: &ReconcileArgs) -> i32 {
    let reconciler = match Reconciler::new(settings.clone(), Metrics::new()).await {
        Ok(r) => r,
        Err(e) => return fatal(&e, args.output),
    };
    let mut req = RunRequest::new("reconcile", args.dry_run, args.only.unwrap_or_default());
    req.progress = true;
    match reconciler.run(req).await {
        Ok(report) => {
            print_report(&report, args.output);
            report.exit_code()
        }
        Err(e) => fatal(&e, args.output),
    }
}

/// Print a report in the chosen format on stdout (nothing more once the reader has gone).
pub fn print_report(report: &Report, output: OutputFormat) {
    match output {
        OutputFormat::Json => outln!("{}", report.to_json()),
        OutputFormat::Text => out!("{}", render_text(report, std::io::stdout().is_terminal())),
    };
}

/// A run that could not finish: the error on stderr (and as JSON on stdout when asked for), 1.
pub fn fatal(e: &dyn std::error::Error, output: OutputFormat) -> i32 {
    let text = chain(e);
    errln!("error: {text}");
    if output == OutputFormat::Json {
        outln!("{}", serde_json::json!({ "error": text }));
    }
    exit::FATAL
}
