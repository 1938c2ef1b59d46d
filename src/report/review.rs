//! The parts of the text report that serve review: the plan id, drift against a saved plan,
//! the approval a run used, and the command to run next.

use std::fmt::Write as _;

use super::Report;

/// Why nothing was written, as a head line and the rest: a stale saved plan says so (the
/// drift lines follow), naming guards that tripped besides; else the tripped guards.
pub fn refusal(report: &Report) -> Option<(&'static str, String)> {
    let why = report.refused.as_deref()?;
    if report.drift.as_ref().is_none_or(|d| d.is_empty()) {
        return Some((
            "REFUSED by a safety guard; nothing was written:",
            format!(" {why}"),
        ));
    }
    let others: Vec<&str> = (why.split("; "))
        .filter(|m| !m.starts_with("the saved plan is stale"))
        .collect();
    let rest = if others.is_empty() {
        String::new()
    } else {
        format!(" Also refused by a safety guard: {}", others.join("; "))
    };
    Some((
        "REFUSED because the saved plan is stale: EIAM or the snapshot changed since it was made; nothing was written. Make a new plan.",
        rest,
    ))
}

/// Lines that go before the summary line.
pub fn before_summary(report: &Report) -> String {
    let mut out = String::new();
    if let Some(drift) = report.drift.as_ref().filter(|d| !d.is_empty()) {
        let _ = writeln!(
            out,
            "\nWhat differs from the saved plan ({} difference(s)):",
            drift.len()
        );
        for d in drift {
            let _ = writeln!(out, "  {}", d.describe());
        }
    }
    if let Some(a) = &report.approval {
        let _ = writeln!(
            out,
            "\nGuards passed by the approval of plan {} (by {}: {})",
            a.plan_id, a.approved_by, a.reason
        );
    }
    let _ = writeln!(out, "\nPlan id: {}", report.plan_id);
    out
}

/// Lines that go after the summary line: what to run next, the apply command last.
pub fn after_summary(report: &Report) -> String {
    let mut out = String::new();
    if let Some(cmd) = &report.next_command {
        let _ = writeln!(
            out,
            "To let exactly this plan's guarded changes through once, after review:\n  {cmd}"
        );
    }
    if let Some(cmd) = &report.apply_command {
        let _ = writeln!(out, "To apply exactly this plan:\n  {cmd}");
    }
    out
}
