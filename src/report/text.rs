//! The report for people: grouped by kind, aligned, `+ ~ > -` markers, `before → after` for
//! changed fields, colour on a terminal, a one-line summary at the end.

use std::fmt::Write as _;

use console::Style;
use serde_json::Value;

use crate::model::Kind;

use super::{OperationReport, Report, Status};

fn fmt_value(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(fmt_value).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// Fields in the order people read them best; others follow alphabetically.
const FIELD_ORDER: [&str; 12] = [
    "name",
    "username",
    "display_name",
    "parent",
    "primary_ou",
    "organizational_units",
    "members",
    "status",
    "email",
    "email_verified",
    "phone_number",
    "phone_region",
];

fn fmt_changes(op: &OperationReport) -> String {
    let mut parts = Vec::new();
    let mut fields: Vec<_> = op.changes.iter().collect();
    fields.sort_by_key(|(f, _)| {
        FIELD_ORDER
            .iter()
            .position(|o| o == f)
            .unwrap_or(FIELD_ORDER.len())
    });
    for (field, [before, after]) in fields {
        let text = match (before, after) {
            (Value::Null, Value::Null) => continue,
            (Value::Null, a) => format!("{field}: {}", fmt_value(a)),
            (b, Value::Null) => format!("{field}: {} → (removed)", fmt_value(b)),
            (b, a) => format!("{field}: {} → {}", fmt_value(b), fmt_value(a)),
        };
        parts.push(text);
    }
    parts.join(", ")
}

struct Palette {
    create: Style,
    change: Style,
    moved: Style,
    remove: Style,
    bad: Style,
    dim: Style,
    bold: Style,
}

impl Palette {
    fn new(colour: bool) -> Self {
        let s = |st: Style| st.force_styling(colour);
        Palette {
            create: s(Style::new().green()),
            change: s(Style::new().yellow()),
            moved: s(Style::new().cyan()),
            remove: s(Style::new().red()),
            bad: s(Style::new().red().bold()),
            dim: s(Style::new().dim()),
            bold: s(Style::new().bold()),
        }
    }

    fn marker(&self, marker: char) -> &Style {
        match marker {
            '+' => &self.create,
            '~' => &self.change,
            '>' => &self.moved,
            _ => &self.remove,
        }
    }
}

fn heading(kind: Kind) -> &'static str {
    match kind {
        Kind::OrganizationalUnit => "Organizational units",
        Kind::User => "Users",
        Kind::Group => "Groups",
        Kind::Membership => "Memberships",
    }
}

/// Render the report; `colour` adds ANSI styles (use it on a terminal only).
pub fn render(report: &Report, colour: bool) -> String {
    let p = Palette::new(colour);
    let mut out = String::new();
    let title = if report.dry_run {
        "eiam-sync plan (dry run: nothing is written)"
    } else {
        "eiam-sync run"
    };
    let _ = writeln!(out, "{}", p.bold.apply_to(title));
    if report.mode != crate::model::SyncMode::Full || !report.mode_notes.is_empty() {
        let _ = writeln!(out, "Mode: {}", report.mode);
    }
    for why in &report.mode_notes {
        let _ = writeln!(out, "  {}", p.dim.apply_to(why));
    }
    if report.operations.is_empty() && report.refused.is_none() {
        let _ = writeln!(out, "\nNo changes: EIAM matches the snapshot.");
    }
    for kind in Kind::ALL {
        let ops: Vec<&OperationReport> = report
            .operations
            .iter()
            .filter(|o| o.kind == kind)
            .collect();
        if ops.is_empty() {
            continue;
        }
        let id_w = ops
            .iter()
            .map(|o| o.external_id.as_str().chars().count())
            .max()
            .unwrap_or(0);
        let act_w = ops
            .iter()
            .map(|o| o.action.as_str().len())
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "\n{}", p.bold.apply_to(heading(kind)));
        for op in ops {
            let marker = op.action.marker();
            let style = p.marker(marker);
            let status = match op.status {
                Status::Failed => format!(
                    "  {}",
                    p.bad
                        .apply_to(format!("FAILED: {}", op.error.as_deref().unwrap_or("")))
                ),
                Status::Skipped => format!(
                    "  {}",
                    p.bad
                        .apply_to(format!("SKIPPED: {}", op.error.as_deref().unwrap_or("")))
                ),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {} {:id_w$}  {:act_w$}  {}{}",
                style.apply_to(marker),
                op.external_id,
                style.apply_to(op.action.as_str()),
                super::adopt::adopted(op).unwrap_or_else(|| fmt_changes(op)),
                status,
            );
        }
    }
    if !report.rejected.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            p.bold.apply_to(format!(
                "Rejected source records ({})",
                report.rejected.len()
            ))
        );
        for r in &report.rejected {
            let _ = writeln!(
                out,
                "  {} {} {}: {}",
                p.bad.apply_to("!"),
                r.kind,
                r.external_id,
                p.dim.apply_to(format!("{}: {}", r.field, r.reason))
            );
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "\n{}", p.bold.apply_to("Notes"));
        for n in &report.notes {
            let _ = writeln!(
                out,
                "  {} {}: {}",
                n.kind,
                n.external_id,
                p.dim.apply_to(&n.message)
            );
        }
    }
    if let Some((head, rest)) = super::review::refusal(report) {
        let _ = writeln!(out, "\n{}{rest}", p.bad.apply_to(head));
    }
    out.push_str(&super::review::before_summary(report));
    let _ = writeln!(out, "\n{}", summary_line(report));
    out.push_str(&super::review::after_summary(report));
    out
}

/// `Plan: 3 to create, 1 to change, …` or `Applied: …`.
pub fn summary_line(report: &Report) -> String {
    let counted = if report.dry_run {
        Status::Planned
    } else {
        Status::Applied
    };
    let mut by_marker = [0usize; 5];
    for op in report.operations.iter().filter(|o| o.status == counted) {
        let slot = match op.action.marker() {
            '+' => 0,
            '~' => 1,
            '>' => 2,
            '=' => 4,
            _ => 3,
        };
        by_marker[slot] += 1;
    }
    let (head, words) = if report.dry_run {
        ("Plan", ["to create", "to change", "to move", "to remove"])
    } else {
        ("Applied", ["created", "changed", "moved", "removed"])
    };
    let counts: Vec<String> = by_marker
        .iter()
        .zip(words)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    let mut line = format!("{head}: {}", counts.join(", "));
    line.push_str(&super::adopt::counted(report.dry_run, by_marker[4]));
    let failed = report.count(Status::Failed);
    let skipped = report.count(Status::Skipped);
    if failed + skipped > 0 {
        let _ = write!(line, "; {failed} failed, {skipped} skipped");
    }
    if !report.rejected.is_empty() {
        let _ = write!(
            line,
            "; {} source record(s) rejected",
            report.rejected.len()
        );
    }
    let _ = write!(line, "; {} API call(s).", report.api_calls);
    line
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::plan::{Action, Unmanaged};

    fn op(
        action: Action,
        kind: Kind,
        ext: &str,
        field: &str,
        before: Value,
        after: Value,
    ) -> OperationReport {
        OperationReport {
            action,
            kind,
            external_id: ext.into(),
            eiam_id: None,
            status: Status::Planned,
            changes: std::sync::Arc::new(crate::model::Changes::from([(
                field.to_owned(),
                [before, after],
            )])),
            error: None,
            cause: None,
        }
    }

    fn report() -> Report {
        let mut skipped = op(
            Action::CreateUser,
            Kind::User,
            "e9",
            "username",
            Value::Null,
            json!("zed"),
        );
        skipped.status = Status::Skipped;
        skipped.error = Some("its username is already used".into());
        Report {
            plan_id: "0123456789abcdef0123".into(),
            drift: None,
            approval: None,
            next_command: None,
            apply_command: None,
            plan_file: None,
            dry_run: true,
            mode: crate::model::SyncMode::Full,
            mode_notes: Vec::new(),
            summary: Default::default(),
            operations: vec![
                op(
                    Action::CreateOrganizationalUnit,
                    Kind::OrganizationalUnit,
                    "eng",
                    "name",
                    Value::Null,
                    json!("Engineering"),
                ),
                op(
                    Action::PatchOrganizationalUnitParentId,
                    Kind::OrganizationalUnit,
                    "web-team",
                    "parent",
                    json!("ops"),
                    json!("eng"),
                ),
                op(
                    Action::PatchUser,
                    Kind::User,
                    "e1",
                    "display_name",
                    json!("Al"),
                    json!("Alan"),
                ),
                op(
                    Action::DisableUser,
                    Kind::User,
                    "e2",
                    "status",
                    json!("enabled"),
                    json!("disabled"),
                ),
                skipped,
            ],
            rejected: Vec::new(),
            guards: Vec::new(),
            api_calls: 12,
            notes: Vec::new(),
            unmanaged: Unmanaged::default(),
            refused: None,
        }
    }

    #[test]
    fn plans_read_like_a_diff_grouped_and_aligned() {
        let text = render(&report(), false);
        let expected = "\
eiam-sync plan (dry run: nothing is written)

Organizational units
  + eng       CreateOrganizationalUnit         name: \"Engineering\"
  > web-team  PatchOrganizationalUnitParentId  parent: \"ops\" → \"eng\"

Users
  ~ e1  PatchUser    display_name: \"Al\" → \"Alan\"
  - e2  DisableUser  status: \"enabled\" → \"disabled\"
  + e9  CreateUser   username: \"zed\"  SKIPPED: its username is already used

Plan id: 0123456789abcdef0123

Plan: 1 to create, 1 to change, 1 to move, 1 to remove; 0 failed, 1 skipped; 12 API call(s).
";
        assert_eq!(text, expected);
        assert!(!text.contains('\u{1b}'), "no colour unless asked");
        assert!(
            render(&report(), true).contains('\u{1b}'),
            "colour on a terminal"
        );
    }

    #[test]
    fn applied_runs_count_what_was_applied() {
        let mut r = report();
        r.dry_run = false;
        for op in &mut r.operations[..4] {
            op.status = Status::Applied;
        }
        r.operations[3].status = Status::Failed;
        r.operations[3].error = Some("boom".into());
        let line = summary_line(&r);
        assert_eq!(
            line,
            "Applied: 1 created, 1 changed, 1 moved, 0 removed; 1 failed, 1 skipped; 12 API call(s)."
        );
        assert!(render(&r, false).contains("FAILED: boom"));
    }
}
