//! The guard stage: the gates' checks and the plan's own in one list, and the verdict on
//! whether this run sends anything.

use crate::plan::Plan;

use super::gate::Gate;

/// What the guard stage weighs besides the plan.
#[derive(Debug, Clone, Default)]
pub struct GuardInput {
    pub gate: Gate,
    pub dry_run: bool,
}

/// Whether the plan is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Apply,
    /// `--dry-run`: the plan is reported, never sent.
    DryRun,
    /// A guard tripped: nothing is sent.
    Refused,
}

impl Verdict {
    pub fn applies(self) -> bool {
        self == Verdict::Apply
    }
}

/// Put the gates' checks before the plan's guards (the report lists them in that order) and
/// decide.
pub fn guard(plan: &mut Plan, input: GuardInput) -> Verdict {
    let mut all = input.gate.guards;
    all.append(&mut plan.guards);
    plan.guards = all;
    if plan.is_refused() {
        Verdict::Refused
    } else if input.dry_run {
        Verdict::DryRun
    } else {
        Verdict::Apply
    }
}
