//! The run report: one JSON object (docs/contract.md §1) and the same content as text for people.

mod adopt;
mod markdown;
mod review;
mod text;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{EiamId, ExtId, Kind, Rejection, SyncMode};
use crate::plan::saved::Drift;
use crate::plan::{
    Action, Cause, Changes, GuardCheck, Note, OpId, Plan, SAVED_PLAN_CURRENT, SAVED_PLAN_UNUSED,
    Unmanaged, plan_id,
};

pub use crate::apply::{Outcome, Status};
pub use markdown::render as render_markdown;
pub use text::{render as render_text, summary_line};

/// One line of `operations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationReport {
    pub action: Action,
    pub kind: Kind,
    pub external_id: ExtId,
    pub eiam_id: Option<EiamId>,
    pub status: Status,
    /// The planned operation's own, shared.
    pub changes: std::sync::Arc<Changes>,
    pub error: Option<String>,
    /// Whether the change comes from the snapshot or undoes a change made in EIAM by hand.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
}

/// One line of `guards`; numbers print as integers when they are whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GuardReport {
    pub name: String,
    pub limit: Value,
    pub planned: Value,
    pub tripped: bool,
}

/// The approval a run used to pass its guards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalUsed {
    pub plan_id: String,
    pub approved_by: String,
    pub reason: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Digest of the operations: the same snapshot against the same EIAM gives the same id.
    pub plan_id: String,
    pub dry_run: bool,
    /// `full` or `incremental`: how much of EIAM the run observed.
    pub mode: SyncMode,
    /// Why an incremental run observed more than what changed (or all of EIAM).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mode_notes: Vec<String>,
    pub summary: BTreeMap<&'static str, u64>,
    pub operations: Vec<OperationReport>,
    pub rejected: Vec<Rejection>,
    pub guards: Vec<GuardReport>,
    pub api_calls: u64,
    /// Objects deliberately left as they are, with why.
    pub notes: Vec<Note>,
    /// Objects seen in EIAM that eiam-sync does not manage.
    pub unmanaged: Unmanaged,
    /// Why the run was refused, when a guard tripped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// `apply FILE` only: what differs from the saved plan (empty when it was applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift: Option<Vec<Drift>>,
    /// The approval that let the run's guarded changes through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval: Option<ApprovalUsed>,
    /// What to run next: `eiam-sync approve ...` after a guard refusal, `eiam-sync apply
    /// FILE` after `--plan-out`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_command: Option<String>,
    /// `--plan-out`: the command that applies the saved plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_command: Option<String>,
    /// `--plan-out`: the sealed plan file, for the command to write.
    #[serde(skip)]
    pub plan_file: Option<String>,
}

fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

pub fn guard_reports(guards: &[GuardCheck]) -> Vec<GuardReport> {
    guards
        .iter()
        .map(|g| GuardReport {
            name: g.name.clone(),
            limit: number(g.limit),
            planned: number(g.planned),
            tripped: g.tripped,
        })
        .collect()
}

/// Why the operations of a refused run were not sent: the saved plan's own checks first (a
/// stale or reused plan file is not a safety guard's verdict on the changes).
fn not_sent(guards: &[GuardCheck]) -> &'static str {
    let tripped = |name: &str| guards.iter().any(|g| g.tripped && g.name == name);
    if tripped(SAVED_PLAN_UNUSED) {
        "not sent: the saved plan was already applied"
    } else if tripped(SAVED_PLAN_CURRENT) {
        "not sent: the saved plan is stale (see drift); make a new plan"
    } else {
        "not sent: the run was refused by a safety guard"
    }
}

/// The messages of tripped guards, one per line.
pub fn refusal(guards: &[GuardCheck]) -> Option<String> {
    let tripped: Vec<&str> = guards
        .iter()
        .filter(|g| g.tripped)
        .map(|g| g.message.as_str())
        .collect();
    (!tripped.is_empty()).then(|| tripped.join("; "))
}

impl Report {
    /// A report of a plan: `outcomes` (indexed like the plan's operations) after applying, or
    /// `None` for a dry run or a refused run.
    pub fn new(
        plan: &Plan,
        outcomes: Option<&[Outcome]>,
        dry_run: bool,
        rejected: Vec<Rejection>,
        api_calls: u64,
    ) -> Self {
        let refused = refusal(&plan.guards);
        let mut rejected = rejected;
        rejected.extend(plan.rejected.iter().cloned());
        let operations: Vec<OperationReport> = plan
            .ops
            .iter()
            .enumerate()
            .map(|(i, op): (OpId, _)| {
                let outcome = outcomes.and_then(|o| o.get(i));
                let (status, eiam_id, error) = match (outcome, &op.blocked) {
                    (Some(o), _) => (o.status, o.eiam_id.clone(), o.error.clone()),
                    (None, Some(why)) => (Status::Skipped, None, Some(why.clone())),
                    // A refused run that was meant to apply: nothing was sent.
                    (None, None) if !dry_run && refused.is_some() => (
                        Status::Skipped,
                        None,
                        Some(not_sent(&plan.guards).to_owned()),
                    ),
                    (None, None) => (Status::Planned, None, None),
                };
                OperationReport {
                    action: op.action(),
                    kind: op.kind,
                    external_id: op.external_id.clone(),
                    eiam_id: eiam_id.or_else(|| op.eiam_id.clone()),
                    status,
                    changes: op.changes.clone(),
                    error,
                    cause: op.cause,
                }
            })
            .collect();
        let counted = if outcomes.is_some() {
            Status::Applied
        } else {
            Status::Planned
        };
        let mut summary = BTreeMap::new();
        for op in operations.iter().filter(|o| o.status == counted) {
            *summary.entry(op.action.as_str()).or_insert(0) += 1;
        }
        Report {
            plan_id: plan_id(plan),
            dry_run,
            mode: SyncMode::Full,
            mode_notes: Vec::new(),
            summary,
            operations,
            rejected,
            guards: guard_reports(&plan.guards),
            api_calls,
            notes: plan.notes.clone(),
            unmanaged: plan.unmanaged.clone(),
            refused,
            drift: None,
            approval: None,
            next_command: None,
            apply_command: None,
            plan_file: None,
        }
    }

    pub fn count(&self, status: Status) -> usize {
        self.operations
            .iter()
            .filter(|o| o.status == status)
            .count()
    }

    /// The exit code of docs/contract.md §1 (the highest applicable wins).
    pub fn exit_code(&self) -> i32 {
        use crate::exit;
        if self.refused.is_some() {
            exit::REFUSED
        } else if self.count(Status::Failed) + self.count(Status::Skipped) > 0
            || !self.rejected.is_empty()
        {
            exit::PARTIAL
        } else if self.dry_run && self.count(Status::Planned) > 0 {
            exit::CHANGES_PENDING
        } else {
            exit::OK
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"the report could not be encoded: {e}\"}}"))
    }
}
