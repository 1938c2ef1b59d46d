//! What a notification says, built from plain inputs (a run's report, its error, the journal's
//! operations in doubt, a leadership change); serialised as is, it is the `json` format's body.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::NotifyEvent;
use crate::report::{GuardReport, Report, Status, render_markdown, summary_line};
use crate::state::InDoubt;

/// The largest `markdown` sent; a longer report is cut at a line and says so.
pub const MARKDOWN_LIMIT: usize = 256 * 1024;
/// The most operations in doubt listed one by one.
pub const IN_DOUBT_LISTED: usize = 20;

/// Who sends: how a printed command names the configuration, and which process this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// `eiam-sync`, with `--config PATH` when the configuration is not the default one.
    pub command: String,
    /// This process (`host:pid`, as the leader lease names it).
    pub host: String,
}

/// Counts of a run's operations by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub planned: usize,
    pub applied: usize,
    pub failed: usize,
    pub skipped: usize,
    pub rejected: usize,
    pub api_calls: u64,
}

/// One operation left in doubt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoubtItem {
    pub run: i64,
    pub reconciler: String,
    pub action: String,
    pub kind: String,
    pub external_id: String,
}

/// The operations in doubt a run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doubts {
    /// How many were found (the list holds the first [`IN_DOUBT_LISTED`]).
    pub count: usize,
    pub operations: Vec<DoubtItem>,
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub event: NotifyEvent,
    /// The run's reconciler (`reconcile`, `apply`, `users`, ...); `null` for `leader`.
    pub reconciler: Option<String>,
    pub plan_id: Option<String>,
    /// Operations by action: applied (planned in a dry run); for a refused run, what the
    /// refused plan would have done.
    pub summary: BTreeMap<String, u64>,
    /// One line for people.
    pub message: String,
    /// The report as `--output markdown` prints it (`refused`, and `failed` with a report).
    pub markdown: Option<String>,
    /// `refused`: the guards that tripped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guards: Option<Vec<GuardReport>>,
    /// `refused`: the command that lets exactly this plan through once (absent when no
    /// approval can: a stale saved plan, a snapshot that shrank).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approve: Option<String>,
    /// The run's exit code (`refused`, `failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_doubt: Option<Doubts>,
    /// `leader`: `true` when this replica took the lease, `false` when it lost it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<bool>,
    pub host: String,
    /// RFC 3339, UTC.
    pub time: String,
    pub version: &'static str,
}

impl Event {
    fn new(event: NotifyEvent, reconciler: Option<&str>, message: String, cx: &Context) -> Self {
        Event {
            event,
            reconciler: reconciler.map(str::to_owned),
            plan_id: None,
            summary: BTreeMap::new(),
            message: one_line(&message),
            markdown: None,
            guards: None,
            approve: None,
            exit_code: None,
            dry_run: None,
            counts: None,
            in_doubt: None,
            leader: None,
            host: cx.host.clone(),
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    /// The notification a finished run calls for: `refused` when a guard refused it, `failed`
    /// when operations failed; `None` otherwise (rejected source records alone are not a
    /// failure worth a message: the report and the metrics carry them).
    pub fn from_report(report: &Report, reconciler: &str, cx: &Context) -> Option<Event> {
        let failed = report.count(Status::Failed);
        let (kind, message) = if let Some(why) = &report.refused {
            let what = if report.dry_run { "plan" } else { "run" };
            let message = format!("{reconciler}: {what} refused; nothing was written: {why}");
            (NotifyEvent::Refused, message)
        } else if failed > 0 {
            let message = format!(
                "{reconciler}: {failed} operation(s) failed. {}",
                summary_line(report)
            );
            (NotifyEvent::Failed, message)
        } else {
            return None;
        };
        let mut event = Event::new(kind, Some(reconciler), message, cx);
        event.plan_id = Some(report.plan_id.clone());
        event.summary = summary(report);
        event.markdown = Some(capped(render_markdown(report)));
        event.exit_code = Some(report.exit_code());
        event.dry_run = Some(report.dry_run);
        event.counts = Some(Counts {
            planned: report.count(Status::Planned),
            applied: report.count(Status::Applied),
            failed,
            skipped: report.count(Status::Skipped),
            rejected: report.rejected.len(),
            api_calls: report.api_calls,
        });
        if kind == NotifyEvent::Refused {
            event.guards = Some(
                report
                    .guards
                    .iter()
                    .filter(|g| g.tripped)
                    .cloned()
                    .collect(),
            );
            event.approve =
                report
                    .next_command
                    .as_deref()
                    .map(|cmd| match cmd.strip_prefix("eiam-sync ") {
                        Some(rest) => format!("{} {rest}", cx.command),
                        None => cmd.to_owned(),
                    });
        }
        Some(event)
    }

    /// A run that ended fatally (exit 1) with `error`.
    pub fn fatal(reconciler: &str, error: &str, cx: &Context) -> Event {
        let mut event = Event::new(
            NotifyEvent::Failed,
            Some(reconciler),
            format!("{reconciler}: the run failed: {error}"),
            cx,
        );
        event.exit_code = Some(crate::exit::FATAL);
        event
    }

    /// `found` operations in doubt at the start of a run of `reconciler` (at most `limit` were
    /// read).
    pub fn in_doubt(reconciler: &str, found: &[InDoubt], limit: usize, cx: &Context) -> Event {
        let count = found.len();
        let many = if count >= limit {
            format!("at least {count}")
        } else {
            count.to_string()
        };
        let message = format!(
            "{reconciler}: {many} operation(s) of an earlier run are in doubt (sent to EIAM, \
             outcome never recorded: the process stopped); the next completed runs of their \
             kinds observe EIAM afresh and settle them. `eiam-sync status` lists them"
        );
        let mut event = Event::new(NotifyEvent::InDoubt, Some(reconciler), message, cx);
        event.in_doubt = Some(Doubts {
            count,
            operations: found
                .iter()
                .take(IN_DOUBT_LISTED)
                .map(|d| DoubtItem {
                    run: d.run.0,
                    reconciler: d.reconciler.clone(),
                    action: d.action.clone(),
                    kind: d.kind.as_str().to_owned(),
                    external_id: d.external_id.clone(),
                })
                .collect(),
        });
        event
    }

    /// This replica took (`true`) or lost (`false`) the leader lease.
    pub fn leader(took: bool, cx: &Context) -> Event {
        let message = if took {
            format!("{} took the leader lease; it reconciles now", cx.host)
        } else {
            format!(
                "{} lost the leader lease; it stopped reconciling and waits to lead again",
                cx.host
            )
        };
        let mut event = Event::new(NotifyEvent::Leader, None, message, cx);
        event.leader = Some(took);
        event
    }
}

/// Operations by action: the report's own summary, or for a refused run (nothing applied)
/// what its plan holds.
fn summary(report: &Report) -> BTreeMap<String, u64> {
    if report.refused.is_none() {
        return report
            .summary
            .iter()
            .map(|(k, v)| ((*k).to_owned(), *v))
            .collect();
    }
    let mut out = BTreeMap::new();
    for op in &report.operations {
        *out.entry(op.action.as_str().to_owned()).or_insert(0) += 1;
    }
    out
}

/// Line breaks become spaces: `message` is one line.
fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `markdown` within [`MARKDOWN_LIMIT`], cut after a whole line.
fn capped(mut markdown: String) -> String {
    if markdown.len() <= MARKDOWN_LIMIT {
        return markdown;
    }
    let total = markdown.lines().count();
    let mut end = MARKDOWN_LIMIT;
    while end > 0 && !markdown.is_char_boundary(end) {
        end -= 1;
    }
    let cut = markdown[..end].rfind('\n').map_or(0, |i| i + 1);
    markdown.truncate(cut);
    let kept = markdown.lines().count();
    markdown.push_str(&format!(
        "\n… {} more line(s) not shown; the full report is on the run's output\n",
        total - kept
    ));
    markdown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_reports_are_cut_at_a_line_and_say_so() {
        let text: String = (0..40_000).map(|i| format!("| line {i} |\n")).collect();
        let cut = capped(text);
        assert!(cut.len() <= MARKDOWN_LIMIT + 100, "{}", cut.len());
        assert!(cut.contains("more line(s) not shown"));
        let last_table_line = cut.lines().rev().nth(1).unwrap_or("");
        assert!(last_table_line.is_empty() || last_table_line.ends_with('|'));
        assert_eq!(one_line("a\n b\r\n\nc"), "a b c");
    }
}
