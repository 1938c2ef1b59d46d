//! The report as Markdown, for a change ticket or a pull request: what the plan does, its
//! guards, every operation with its changes, and how to apply or approve it.

use std::fmt::Write as _;

use serde_json::Value;

use crate::model::Kind;

use super::{Report, summary_line};

/// Table cells must not break the table.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn value(v: &Value) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::String(s) => format!("`{}`", s.replace('`', "'")),
        other => format!("`{other}`"),
    }
}

/// Render `report` as a Markdown document.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let what = if report.dry_run { "plan" } else { "run" };
    let _ = writeln!(out, "# eiam-sync {what} `{}`\n", report.plan_id);
    let _ = writeln!(out, "{}\n", summary_line(report));
    let _ = writeln!(out, "Mode: {}\n", report.mode);
    for why in &report.mode_notes {
        let _ = writeln!(out, "> {}\n", cell(why));
    }
    if let Some((head, rest)) = super::review::refusal(report) {
        let _ = writeln!(out, "> **{}**{}\n", head, cell(&rest));
    }
    if !report.summary.is_empty() {
        let _ = writeln!(out, "| action | operations |\n| --- | ---: |");
        for (action, n) in &report.summary {
            let _ = writeln!(out, "| {action} | {n} |");
        }
        out.push('\n');
    }
    if !report.guards.is_empty() {
        let _ = writeln!(
            out,
            "## Guards\n\n| guard | planned | limit | tripped |\n| --- | ---: | ---: | --- |"
        );
        for g in &report.guards {
            let tripped = if g.tripped { "**yes**" } else { "no" };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {tripped} |",
                g.name, g.planned, g.limit
            );
        }
        out.push('\n');
    }
    if let Some(drift) = report.drift.as_ref().filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "## Drift since the plan was saved\n");
        for d in drift {
            let _ = writeln!(out, "- {}", cell(&d.describe()));
        }
        out.push('\n');
    }
    for kind in Kind::ALL {
        let ops: Vec<_> = report
            .operations
            .iter()
            .filter(|o| o.kind == kind)
            .collect();
        if ops.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "## {} ({})\n",
            kind.plural().replace('_', " "),
            ops.len()
        );
        let _ = writeln!(
            out,
            "| | external id | action | changes | status |\n| --- | --- | --- | --- | --- |"
        );
        for op in ops {
            let changes: Vec<String> = match super::adopt::adopted(op) {
                Some(adopted) => vec![adopted],
                None => (op.changes.iter())
                    .map(|(f, [b, a])| format!("{f}: {} → {}", value(b), value(a)))
                    .collect(),
            };
            let status = match &op.error {
                Some(e) => format!("{:?}: {}", op.status, cell(e)).to_lowercase(),
                None => format!("{:?}", op.status).to_lowercase(),
            };
            let _ = writeln!(
                out,
                "| `{}` | `{}` | {} | {} | {status} |",
                op.action.marker(),
                cell(op.external_id.as_str()),
                op.action,
                cell(&changes.join("<br>")),
            );
        }
        out.push('\n');
    }
    if !report.rejected.is_empty() {
        let _ = writeln!(
            out,
            "## Rejected source records ({})\n",
            report.rejected.len()
        );
        for r in &report.rejected {
            let _ = writeln!(
                out,
                "- {} `{}`: {}: {}",
                r.kind,
                cell(&r.external_id),
                r.field,
                cell(&r.reason)
            );
        }
        out.push('\n');
    }
    if let Some(cmd) = &report.next_command {
        let what = "To let exactly this plan's guarded changes through once, after review";
        let _ = writeln!(out, "{what}:\n\n```sh\n{cmd}\n```");
    }
    if let Some(cmd) = &report.apply_command {
        let _ = writeln!(out, "To apply exactly this plan:\n\n```sh\n{cmd}\n```");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Action, Plan};
    use crate::report::{OperationReport, Status};

    #[test]
    fn markdown_lists_operations_guards_and_the_next_command() {
        let mut report = Report::new(&Plan::default(), None, true, Vec::new(), 3);
        report.operations.push(OperationReport {
            action: Action::PatchUser,
            kind: Kind::User,
            external_id: "e1|2".into(),
            eiam_id: None,
            status: Status::Planned,
            changes: std::sync::Arc::new(crate::model::Changes::from([(
                "display_name".to_owned(),
                [Value::from("Alan Turing"), Value::from("A. Turing")],
            )])),
            error: None,
            cause: None,
        });
        report.apply_command = Some("eiam-sync apply plan.json".into());
        let md = render(&report);
        assert!(
            md.starts_with(&format!("# eiam-sync plan `{}`", report.plan_id)),
            "{md}"
        );
        assert!(md.contains("## users (1)"), "{md}");
        assert!(
            md.contains("| `~` | `e1\\|2` | PatchUser | display_name: `Alan Turing` → `A. Turing` | planned |"),
            "{md}"
        );
        assert!(
            md.ends_with("```sh\neiam-sync apply plan.json\n```\n"),
            "{md}"
        );
    }
}
