//! The parts of the text report that serve review: the plan id, drift against a saved plan,
//! the approval a run used, and the command to run next.

use std::fmt::Write as _;

use super::Report;

/// Lines that go before the summary line.
pub fn before_summary(report: &Report) -> String {
    let mut out = String::new();
    if let Some(drift) = report.drift.as_ref().filter(|d| !d.is_empty()) {
        let _ = writeln!(
            out,
            "\nThe saved plan is stale ({} difference(s)); nothing was written:",
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
