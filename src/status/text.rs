//! The text rendering of `eiam-sync status`, for people.

use std::fmt::Write;

use super::{Status, run_result, time};
use crate::state::LeaseState;

/// The status as aligned sections.
pub fn render_text(status: &Status) -> String {
    let mut out = String::new();
    let lease = &status.lease;
    let holder = lease.holder.as_ref();
    let who = holder.map_or("-", |h| h.holder.as_str());
    let since = time(holder.and_then(|h| h.acquired_at)).unwrap_or_else(|| "-".into());
    let renewed = time(holder.and_then(|h| h.renewed_at)).unwrap_or_else(|| "-".into());
    let line = match lease.state {
        LeaseState::Held => format!("held by {who} since {since} (last renewed {renewed})"),
        LeaseState::Free if holder.is_some() => format!("free (last held by {who})"),
        LeaseState::Free => "free".to_owned(),
        LeaseState::Expired => {
            format!("expired: {who} stopped renewing it at {renewed}; the next replica takes it")
        }
        LeaseState::HolderDead => {
            format!("held by {who}, which no longer runs on this host; the next replica takes it")
        }
    };
    let _ = writeln!(out, "State store: {}", status.backend);
    let _ = writeln!(out, "Leader lease: {line}");
    let h = &status.history;
    let oldest = time(h.oldest_run).unwrap_or_else(|| "-".into());
    let _ = writeln!(
        out,
        "History: {} run(s), {} journal entries, oldest run {oldest}; kept {} days",
        h.runs, h.journal_entries, status.history_days
    );

    let _ = writeln!(out, "\nRecent runs (newest first):");
    if status.runs.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let mut rows = vec![
            [
                "ID",
                "RECONCILER",
                "MODE",
                "SYNC",
                "STARTED",
                "DURATION",
                "RESULT",
                "API CALLS",
                "OPERATIONS",
            ]
            .map(str::to_owned),
        ];
        for r in &status.runs {
            let duration = r
                .finished_at
                .and_then(|f| f.duration_since(r.started_at).ok())
                .map_or_else(|| "-".to_owned(), |d| format!("{:.1}s", d.as_secs_f64()));
            let ops = if r.counts.is_empty() {
                "-".to_owned()
            } else {
                r.counts
                    .iter()
                    .map(|(action, n)| format!("{action} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            rows.push([
                r.id.to_string(),
                r.reconciler.clone(),
                r.mode.as_str().to_owned(),
                r.sync_mode.as_str().to_owned(),
                time(Some(r.started_at)).unwrap_or_default(),
                duration,
                run_result(r, lease).to_owned(),
                r.api_calls
                    .map_or_else(|| "-".to_owned(), |n| n.to_string()),
                ops,
            ]);
        }
        table(&mut out, &rows);
    }

    let _ = writeln!(out, "\nApprovals:");
    if status.approvals.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let mut rows =
            vec![["ID", "PLAN", "BY", "APPROVED", "EXPIRES", "USED", "REASON"].map(str::to_owned)];
        for a in &status.approvals {
            rows.push([
                a.id.to_string(),
                a.plan_id.clone(),
                a.approved_by.clone(),
                time(Some(a.approved_at)).unwrap_or_default(),
                time(Some(a.expires_at)).unwrap_or_default(),
                a.used_by_run
                    .map_or_else(|| "-".to_owned(), |r| format!("by run {r}")),
                a.reason.clone(),
            ]);
        }
        table(&mut out, &rows);
    }
    let _ = writeln!(out, "\nLeavers awaiting deletion:");
    if status.pending_deletions.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let mut rows =
            vec![["EXTERNAL ID", "EIAM ID", "DISABLED", "DELETED AFTER"].map(str::to_owned)];
        for (ext, l, due) in &status.pending_deletions {
            rows.push([
                ext.clone(),
                l.eiam_id.clone(),
                time(Some(l.disabled_at)).unwrap_or_default(),
                time(Some(*due)).unwrap_or_default(),
            ]);
        }
        table(&mut out, &rows);
    }

    let _ = writeln!(out, "\nOperations in doubt (sent, outcome never recorded):");
    if status.in_doubt.is_empty() {
        let _ = writeln!(out, "  none");
    } else {
        let mut rows =
            vec![["RUN", "ACTION", "KIND", "EXTERNAL ID", "EIAM ID", "STARTED"].map(str::to_owned)];
        for d in &status.in_doubt {
            rows.push([
                d.run.to_string(),
                d.action.clone(),
                d.kind.as_str().to_owned(),
                d.external_id.clone(),
                d.eiam_id.clone().unwrap_or_else(|| "-".to_owned()),
                time(d.started_at).unwrap_or_else(|| "-".to_owned()),
            ]);
        }
        table(&mut out, &rows);
        let _ = writeln!(
            out,
            "  The next completed run of each kind looks at EIAM and settles them."
        );
    }
    out
}

/// Left-aligned columns, two spaces apart, indented by two.
fn table<const N: usize>(out: &mut String, rows: &[[String; N]]) {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from(" ");
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < N {
                line.push_str(&" ".repeat(w - cell.chars().count() + 1));
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}
