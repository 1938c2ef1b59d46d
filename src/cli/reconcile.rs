//! `eiam-sync reconcile`: one run, its report on stdout, the exit code of docs/contract.md §1.

use std::io::IsTerminal;
use std::path::Path;

use crate::config::{ConfigError, Settings};
use crate::errors::chain;
use crate::metrics::Metrics;
use crate::notify::Notifier;
use crate::reconcile::{Reconciler, RunRequest};
use crate::report::{Report, render_markdown, render_text};
use crate::{errln, out, outln};

use super::{Command, OutputFormat, ReconcileArgs, StatusFormat, exit};

/// One run; the report's exit code, or 1 when the run could not finish. Notifications the
/// run sent get a bounded flush before the process exits.
pub async fn run(settings: &Settings, args: &ReconcileArgs, config: &Path) -> i32 {
    notified(settings, config, async |metrics, notifier| {
        run_once(settings, args, config, metrics, notifier).await
    })
    .await
}

/// `once` with the run's metrics and notifier, whose notifications get a bounded flush
/// before its exit code is returned.
pub async fn notified(
    settings: &Settings,
    config: &Path,
    once: impl AsyncFnOnce(Metrics, Option<&Notifier>) -> i32,
) -> i32 {
    let metrics = Metrics::new();
    let notifier = notifier(settings, &metrics, config);
    let code = once(metrics, notifier.as_ref()).await;
    if let Some(n) = notifier {
        n.flush().await;
    }
    code
}

/// The webhooks of the configuration, when it has any; a problem with them is logged and the
/// run goes on without notifications.
pub fn notifier(settings: &Settings, metrics: &Metrics, config: &Path) -> Option<Notifier> {
    if settings.notify.webhooks.is_empty() {
        return None;
    }
    let command = format!("eiam-sync{}", super::config_flag(config));
    match Notifier::start(&settings.notify, metrics.notify.clone(), command) {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %chain(&e), "notifications are off for this run");
            None
        }
    }
}

/// A fatal end the run itself could not announce (it never started, or it ended and its
/// plan could not be written).
pub fn announce_fatal(notifier: Option<&Notifier>, reconciler: &str, e: &dyn std::error::Error) {
    if let Some(n) = notifier {
        n.fatal(reconciler, &chain(e));
    }
}

/// The reconciler of a `reconciler` run (`reconcile` or `apply`) that notifies `notifier`;
/// when it cannot start, the fatal end is announced and reported, and `Err` is the exit code.
pub async fn open_reconciler(
    settings: &Settings,
    metrics: Metrics,
    notifier: Option<&Notifier>,
    reconciler: &str,
    output: OutputFormat,
) -> Result<Reconciler, i32> {
    let mut opened = match Reconciler::new(settings.clone(), metrics).await {
        Ok(r) => r,
        Err(e) => {
            announce_fatal(notifier, reconciler, &e);
            return Err(fatal(&e, output));
        }
    };
    if let Some(n) = notifier {
        opened.set_notifier(n.clone());
    }
    Ok(opened)
}

async fn run_once(
    settings: &Settings,
    args: &ReconcileArgs,
    config: &Path,
    metrics: Metrics,
    notifier: Option<&Notifier>,
) -> i32 {
    let reconciler =
        match open_reconciler(settings, metrics, notifier, "reconcile", args.output).await {
            Ok(r) => r,
            Err(code) => return code,
        };
    let mut req = RunRequest::new("reconcile", args.dry_run, args.only.unwrap_or_default());
    req.mode = args.mode;
    req.progress = true;
    req.plan_out = args.plan_out.is_some();
    match reconciler.run(req).await {
        Ok(mut report) => {
            with_config(&mut report, config);
            if let (Some(path), Some(text)) = (&args.plan_out, report.plan_file.take()) {
                if let Err(e) = write_plan(path, &text) {
                    errln!("error: writing the plan to {} failed: {e}", path.display());
                    announce_fatal(notifier, "reconcile", &e);
                    return exit::FATAL;
                }
                report.apply_command = Some(format!(
                    "eiam-sync{} apply {}",
                    super::config_flag(config),
                    super::shell_quote(&path.display().to_string())
                ));
            }
            print_report(&report, args.output);
            let code = report.exit_code();
            // A drift report succeeded when it could say what is pending; failures and
            // refusals still count.
            if args.pending_ok && matches!(code, exit::CHANGES_PENDING | exit::PARTIAL) {
                exit::OK
            } else {
                code
            }
        }
        Err(e) => fatal(&e, args.output),
    }
}

/// Name the configuration in the command a report suggests.
pub fn with_config(report: &mut Report, config: &Path) {
    if let Some(cmd) = &report.next_command
        && let Some(rest) = cmd.strip_prefix("eiam-sync ")
    {
        report.next_command = Some(format!("eiam-sync{} {rest}", super::config_flag(config)));
    }
}

/// Plan files may hold names and addresses (they are review artifacts): only the owner reads
/// them.
fn write_plan(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Print a report in the chosen format on stdout (nothing more once the reader has gone).
pub fn print_report(report: &Report, output: OutputFormat) {
    match output {
        OutputFormat::Json => crate::console::out_json(&report),
        OutputFormat::Text => out!("{}", render_text(report, std::io::stdout().is_terminal())),
        OutputFormat::Markdown => out!("{}", render_markdown(report)),
    };
}

/// The configuration of `command` could not be loaded: say why (as JSON too when `reconcile`
/// was asked for it), exit 1.
pub fn config_failed(e: &ConfigError, command: &Command) -> i32 {
    let output = match command {
        Command::Reconcile(args) => args.output,
        Command::Apply(args) => args.output,
        Command::Status(args) if args.output == StatusFormat::Json => OutputFormat::Json,
        _ => OutputFormat::Text,
    };
    fatal(e, output)
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
