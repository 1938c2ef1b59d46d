//! Safety guards (CONTRACT section 4) evaluated on a plan, and the snapshot sanity gates
//! evaluated before planning. A tripped guard refuses the whole run: nothing is written.

use std::collections::BTreeMap;

use crate::model::{DesiredState, Kind};

use super::types::{GuardCheck, Plan};

/// Limits of the deletion guards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuardLimits {
    pub max_deletes: u64,
    pub max_delete_percent: f64,
}

/// Managed objects of each kind before the run (the base of `max_delete_percent`).
pub type ManagedCounts = BTreeMap<Kind, u64>;

/// Evaluate `max_deletes` and `max_delete_percent` (per kind) on the operations that would run.
pub fn evaluate(plan: &Plan, managed: &ManagedCounts, limits: GuardLimits) -> Vec<GuardCheck> {
    let mut removals: BTreeMap<Kind, u64> = BTreeMap::new();
    // Only objects that exist before the run count: a new account created disabled because the
    // snapshot says so removes nothing.
    for (_, op) in plan.runnable() {
        if op.action().is_removal() && op.eiam_id.is_some() {
            *removals.entry(op.kind).or_insert(0) += 1;
        }
    }
    let total: u64 = removals.values().sum();
    let mut out = vec![GuardCheck {
        name: "max_deletes".to_owned(),
        limit: limits.max_deletes as f64,
        planned: total as f64,
        tripped: total > limits.max_deletes,
        message: format!(
            "the run would delete or disable {total} object(s); max_deletes allows {}",
            limits.max_deletes
        ),
    }];
    for kind in [Kind::OrganizationalUnit, Kind::User, Kind::Group] {
        let n = removals.get(&kind).copied().unwrap_or(0);
        let base = managed.get(&kind).copied().unwrap_or(0);
        let share = if base == 0 {
            if n == 0 { 0.0 } else { 100.0 }
        } else {
            n as f64 * 100.0 / base as f64
        };
        let share = (share * 100.0).round() / 100.0;
        out.push(GuardCheck {
            name: format!("max_delete_percent.{}", kind.plural()),
            limit: limits.max_delete_percent,
            planned: share,
            tripped: share > limits.max_delete_percent,
            message: format!(
                "the run would delete or disable {n} of {base} managed {} ({share}%); max_delete_percent allows {}%",
                kind.plural(),
                limits.max_delete_percent
            ),
        });
    }
    out
}

/// The snapshot sanity gates: an empty snapshot, or one whose user count dropped by more than
/// `max_drop_percent` since the last successful run, is refused before any planning.
pub fn sanity(
    desired: &DesiredState,
    last_snapshot_users: Option<u64>,
    max_drop_percent: f64,
) -> Vec<GuardCheck> {
    let objects = desired.ous.len() + desired.users.len() + desired.groups.len();
    let mut out = vec![GuardCheck {
        name: "snapshot_not_empty".to_owned(),
        limit: 1.0,
        planned: objects as f64,
        tripped: objects == 0,
        message: "the snapshot holds no valid organizational unit, user or group; an empty snapshot is never applied".to_owned(),
    }];
    if let Some(last) = last_snapshot_users.filter(|n| *n > 0) {
        let now = desired.users.len() as u64;
        let drop = if now >= last {
            0.0
        } else {
            ((last - now) as f64 * 100.0 / last as f64 * 100.0).round() / 100.0
        };
        out.push(GuardCheck {
            name: "max_snapshot_drop_percent".to_owned(),
            limit: max_drop_percent,
            planned: drop,
            tripped: drop > max_drop_percent,
            message: format!(
                "the snapshot has {now} valid users, {drop}% fewer than the {last} of the last successful run; max_snapshot_drop_percent allows {max_drop_percent}%"
            ),
        });
    }
    out
}
