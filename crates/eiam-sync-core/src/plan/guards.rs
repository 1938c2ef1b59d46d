//! Safety guards (docs/contract.md §4) evaluated on a plan, and the snapshot sanity gates
//! evaluated before planning. A tripped guard refuses the whole run: nothing is written.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CustomFieldOp, DesiredState, Kind};

use super::types::{GuardCheck, ManagedCounts, Payload, Plan};

/// Limits of the deletion guards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GuardLimits {
    pub max_deletes: u64,
    pub max_delete_percent: f64,
    /// `max_delete_percent` applies only to more removals of a kind than this: one group of
    /// two is 50% and a small company's ordinary reorganisation (`guard_percent_min_count`).
    pub percent_min_count: u64,
}

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
    let mut out = vec![GuardCheck::count(
        "max_deletes",
        total,
        limits.max_deletes,
        format!(
            "the run would delete or disable {total} object(s); max_deletes allows {}",
            limits.max_deletes
        ),
    )];
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
            tripped: n > limits.percent_min_count && share > limits.max_delete_percent,
            message: format!(
                "the run would delete or disable {n} of {base} managed {} ({share}%); max_delete_percent allows {}% (applied above {} removals)",
                kind.plural(),
                limits.max_delete_percent,
                limits.percent_min_count
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

/// Limits of the guards beyond deletions, and of the rolling removal window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WideLimits {
    pub max_moves: u64,
    pub max_move_percent: f64,
    pub max_membership_removals: u64,
    pub max_membership_removal_percent: f64,
    pub max_identifier_rewrites: u64,
    pub max_identifier_rewrite_percent: f64,
    pub max_removals_24h: u64,
    pub max_removal_percent_24h: f64,
    pub max_custom_field_removals: u64,
    pub max_custom_field_removal_percent: f64,
    /// Objects taken over by adoption rules in one run (`[sync.adopt] max_adoptions`).
    pub max_adoptions: u64,
    /// Percent limits apply only to more changes than this: in a directory of twenty, two
    /// moves are 10% and ordinary churn.
    pub percent_min_count: u64,
}

impl Default for WideLimits {
    fn default() -> Self {
        WideLimits {
            max_moves: 500,
            max_move_percent: 25.0,
            max_membership_removals: 1000,
            max_membership_removal_percent: 25.0,
            max_identifier_rewrites: 100,
            max_identifier_rewrite_percent: 10.0,
            max_removals_24h: 1000,
            max_removal_percent_24h: 30.0,
            max_custom_field_removals: 1000,
            max_custom_field_removal_percent: 25.0,
            max_adoptions: 500,
            percent_min_count: 10,
        }
    }
}

/// One change a guard counts, as text (`removal user e1002`, `move organizational_unit o7`,
/// `membership_removal group g1 user_42`, `identifier_rewrite user e1004 email`,
/// `custom_field_removal user e1004 cost_center`): an
/// approval lets through exactly the items of the plan it approves.
pub type GuardedItem = String;

/// The changes of a plan that guards count, by guard family.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guarded {
    pub removals: BTreeSet<GuardedItem>,
    pub moves: BTreeSet<GuardedItem>,
    pub membership_removals: BTreeSet<GuardedItem>,
    pub identifier_rewrites: BTreeSet<GuardedItem>,
    /// Extended-field values taken away from existing users.
    pub custom_field_removals: BTreeSet<GuardedItem>,
    /// Objects taken over, with the EIAM object each record gets.
    pub adoptions: BTreeSet<GuardedItem>,
}

impl Guarded {
    /// Every guarded change of the runnable operations.
    pub fn of(plan: &Plan) -> Self {
        let mut g = Guarded::default();
        for (_, op) in plan.runnable() {
            if op.eiam_id.is_none() {
                // Changes to objects the run itself creates remove or rewrite nothing.
                continue;
            }
            let kind = op.kind.as_str();
            let ext = &op.external_id;
            match &op.payload {
                _ if op.action().is_removal() => {
                    g.removals.insert(format!("removal {kind} {ext}"));
                }
                Payload::Adopt { object, .. } => {
                    let id = object.id().map(|i| i.as_str()).unwrap_or_default();
                    g.adoptions.insert(format!("adoption {kind} {ext} {id}"));
                }
                Payload::MoveOu { .. } | Payload::SetPrimaryOu { .. } => {
                    g.moves.insert(format!("move {kind} {ext}"));
                }
                Payload::RemoveUsersFromGroup { users, .. } => {
                    for u in users {
                        g.membership_removals
                            .insert(format!("membership_removal group {ext} {u}"));
                    }
                }
                Payload::RemoveUserFromOus { ous, .. } => {
                    for o in ous {
                        g.membership_removals
                            .insert(format!("membership_removal user {ext} {o}"));
                    }
                }
                Payload::PatchUser { patch, .. } => {
                    let removed = (patch.custom_fields.iter().flatten())
                        .filter(|(_, op)| **op == CustomFieldOp::Remove);
                    for (field, _) in removed {
                        g.custom_field_removals
                            .insert(format!("custom_field_removal user {ext} {field}"));
                    }
                    for field in IDENTIFIERS {
                        if let Some([before, after]) = op.changes.get(*field)
                            && !before.is_null()
                            && before != after
                        {
                            g.identifier_rewrites
                                .insert(format!("identifier_rewrite user {ext} {field}"));
                        }
                    }
                }
                _ => {}
            }
        }
        g
    }

    /// All items, for an approval.
    pub fn all(&self) -> BTreeSet<GuardedItem> {
        let mut out = self.removals.clone();
        out.extend(self.moves.iter().cloned());
        out.extend(self.membership_removals.iter().cloned());
        out.extend(self.identifier_rewrites.iter().cloned());
        out.extend(self.custom_field_removals.iter().cloned());
        out.extend(self.adoptions.iter().cloned());
        out
    }

    /// Users whose identifiers are rewritten (a user whose email and phone both change counts
    /// once).
    fn rewritten_users(&self) -> usize {
        self.identifier_rewrites
            .iter()
            .filter_map(|i| i.rsplit_once(' ').map(|(user, _)| user))
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// The unique identifiers whose rewrite is guarded.
const IDENTIFIERS: &[&str] = &["username", "email", "phone_number"];

/// Evaluate the guards beyond deletions on a plan, with `earlier_removals` the removals other
/// runs applied in the last 24 hours.
pub fn evaluate_wide(
    plan: &Plan,
    managed: &ManagedCounts,
    limits: &WideLimits,
    earlier_removals: u64,
) -> Vec<GuardCheck> {
    let g = Guarded::of(plan);
    let count = |k: Kind| managed.get(&k).copied().unwrap_or(0);
    let objects = count(Kind::OrganizationalUnit) + count(Kind::User) + count(Kind::Group);
    let window = earlier_removals + g.removals.len() as u64;
    let families = [
        (
            ("max_moves", "max_move_percent"),
            g.moves.len() as u64,
            count(Kind::OrganizationalUnit) + count(Kind::User),
            limits.max_moves,
            limits.max_move_percent,
            "move (OU parent or user primary OU changes)",
        ),
        (
            ("max_membership_removals", "max_membership_removal_percent"),
            g.membership_removals.len() as u64,
            count(Kind::Membership),
            limits.max_membership_removals,
            limits.max_membership_removal_percent,
            "remove membership(s)",
        ),
        (
            ("max_identifier_rewrites", "max_identifier_rewrite_percent"),
            g.rewritten_users() as u64,
            count(Kind::User),
            limits.max_identifier_rewrites,
            limits.max_identifier_rewrite_percent,
            "rewrite the username, email or phone number of user(s)",
        ),
        (
            ("max_removals_24h", "max_removal_percent_24h"),
            window,
            objects,
            limits.max_removals_24h,
            limits.max_removal_percent_24h,
            "bring deletes and disables over the last 24 hours to",
        ),
        (
            (
                "max_custom_field_removals",
                "max_custom_field_removal_percent",
            ),
            g.custom_field_removals.len() as u64,
            plan.managed_custom_fields,
            limits.max_custom_field_removals,
            limits.max_custom_field_removal_percent,
            "remove custom field value(s) of users",
        ),
    ];
    let adoptions = g.adoptions.len() as u64;
    let mut out = vec![GuardCheck::count(
        "max_adoptions",
        adoptions,
        limits.max_adoptions,
        format!(
            "the run would adopt {adoptions} existing object(s); [sync.adopt] max_adoptions allows {}",
            limits.max_adoptions
        ),
    )];
    for ((name, percent_name), n, base, max, max_percent, what) in families {
        // Earlier runs' removals alone never refuse a run that removes nothing.
        let own = if name == "max_removals_24h" {
            g.removals.len() as u64
        } else {
            n
        };
        let detail = if name == "max_removals_24h" {
            format!(
                "{earlier_removals} earlier + {} in this run",
                g.removals.len()
            )
        } else {
            format!("of {base} managed")
        };
        out.push(GuardCheck {
            name: name.to_owned(),
            limit: max as f64,
            planned: n as f64,
            tripped: own > 0 && n > max,
            message: format!("the run would {what} {n} ({detail}); {name} allows {max}"),
        });
        let share = percent(n, base);
        out.push(GuardCheck {
            name: percent_name.to_owned(),
            limit: max_percent,
            planned: share,
            tripped: own > 0 && n > limits.percent_min_count && share > max_percent,
            message: format!(
                "the run would {what} {n} ({share}% of {base} managed); {percent_name} allows {max_percent}% (applied above {} changes)",
                limits.percent_min_count
            ),
        });
    }
    out
}

fn percent(n: u64, base: u64) -> f64 {
    let share = if base == 0 {
        if n == 0 { 0.0 } else { 100.0 }
    } else {
        n as f64 * 100.0 / base as f64
    };
    (share * 100.0).round() / 100.0
}
