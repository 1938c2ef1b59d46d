//! Saved plans: the file `reconcile --dry-run --plan-out` writes for review and `apply` carries
//! out, sealed with a keyed tag so a damaged or hand-edited file is refused; and the drift
//! between a saved plan and the plan the same data gives now.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::digest::{OpKey, ops_id};
use super::types::{Changes, Op, Plan};

/// Version of the file layout.
pub const FORMAT: u32 = 1;
/// Domain of the integrity tag.
const SEAL: &str = "eiam-sync saved plan/v1";

/// A saved plan. Everything in it is covered by the file's integrity tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPlan {
    pub format: u32,
    /// Unique per file: a plan file is applied at most once.
    pub file_id: String,
    pub plan_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub tool_version: String,
    /// Keyed digest of the valid snapshot records the plan was made from.
    pub snapshot_digest: String,
    /// Keyed digest of the configuration that shapes a plan (no secrets enter it).
    pub config_digest: String,
    /// The kinds the plan covers (`--only`), comma-separated.
    pub kinds: String,
    /// Managed objects of each kind when the plan was made: the base of the percentage guards
    /// when it is applied.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub managed: BTreeMap<String, u64>,
    pub operations: Vec<SavedOp>,
}

/// One operation of a saved plan, with what it expects to find in EIAM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedOp {
    pub action: String,
    pub kind: String,
    pub external_id: String,
    pub eiam_id: Option<String>,
    pub changes: std::sync::Arc<Changes>,
    #[serde(default)]
    pub blocked: Option<String>,
    pub expects: Expects,
    /// Keyed fingerprint of the object's snapshot record when the plan was made, to tell a
    /// changed snapshot from a change in EIAM.
    #[serde(default)]
    pub record: Option<String>,
}

/// What an operation expects in EIAM: the object (by EIAM id) with these field values, or,
/// for a create, no object of that external id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expects {
    pub exists: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Value>,
}

/// Why a file cannot be used as a saved plan.
#[derive(Debug, thiserror::Error)]
pub enum SavedPlanError {
    #[error("the file is not a saved plan (damaged or not JSON)")]
    Unreadable(#[source] serde_json::Error),
    #[error(
        "the file's integrity check failed: it was edited or damaged after it was written, or made with another fingerprint key"
    )]
    Tampered,
    #[error("the file has plan format {found}; this eiam-sync reads format {FORMAT}")]
    Format { found: u32 },
    #[error("the file's operations do not match its plan id")]
    Inconsistent,
}

/// The file on disk: the plan and its tag.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    plan: Value,
    integrity: String,
}

impl SavedOp {
    /// The saved form of a planned operation; `record` is its snapshot record's fingerprint.
    pub fn of(op: &Op, record: Option<String>) -> Self {
        let fields = op
            .changes
            .iter()
            .filter(|_| op.eiam_id.is_some())
            .map(|(k, [before, _])| (k.to_string(), before.clone()))
            .collect();
        SavedOp {
            action: op.action().as_str().to_owned(),
            kind: op.kind.as_str().to_owned(),
            external_id: op.external_id.to_string(),
            eiam_id: op.eiam_id.as_ref().map(|i| i.to_string()),
            changes: op.changes.clone(),
            blocked: op.blocked.clone(),
            expects: Expects {
                exists: op.eiam_id.is_some(),
                fields,
            },
            record,
        }
    }

    fn key(&self) -> OpKey<'_> {
        OpKey {
            action: &self.action,
            kind: &self.kind,
            external_id: &self.external_id,
            eiam_id: self.eiam_id.as_deref(),
            changes: serde_json::to_string(&self.changes).unwrap_or_default(),
            blocked: self.blocked.is_some(),
        }
    }
}

impl SavedPlan {
    /// The id its operations give (equal to `plan_id` in any file this tool wrote).
    pub fn operations_id(&self) -> String {
        ops_id(self.operations.iter().map(SavedOp::key))
    }

    /// The file's text, sealed by `sign` (a keyed tag of the bytes under a domain).
    pub fn seal(&self, sign: impl Fn(&str, &[u8]) -> String) -> String {
        let plan = serde_json::to_value(self).unwrap_or(Value::Null);
        let integrity = sign(SEAL, plan.to_string().as_bytes());
        let sealed = Sealed { plan, integrity };
        serde_json::to_string_pretty(&sealed).unwrap_or_default() + "\n"
    }

    /// Read a sealed file, checking its tag with `sign` before trusting anything in it.
    pub fn open(text: &str, sign: impl Fn(&str, &[u8]) -> String) -> Result<Self, SavedPlanError> {
        let sealed: Sealed = serde_json::from_str(text).map_err(SavedPlanError::Unreadable)?;
        if sign(SEAL, sealed.plan.to_string().as_bytes()) != sealed.integrity {
            return Err(SavedPlanError::Tampered);
        }
        let format = sealed.plan.get("format").and_then(Value::as_u64);
        if format != Some(u64::from(FORMAT)) {
            return Err(SavedPlanError::Format {
                found: format.and_then(|f| u32::try_from(f).ok()).unwrap_or(0),
            });
        }
        let plan: SavedPlan =
            serde_json::from_value(sealed.plan).map_err(SavedPlanError::Unreadable)?;
        if plan.operations_id() != plan.plan_id {
            return Err(SavedPlanError::Inconsistent);
        }
        Ok(plan)
    }
}

/// Where a drifted value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftSource {
    /// EIAM differs from what the plan expects.
    Eiam,
    /// The snapshot asks for something else now.
    Snapshot,
    /// The set of operations itself changed.
    Plan,
}

/// One drifted record and field (the report's `drift`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    pub kind: String,
    pub external_id: String,
    pub field: String,
    pub planned: Value,
    pub now: Value,
    pub source: DriftSource,
}

impl Drift {
    /// One line for people, e.g. `user e1002: display_name was planned from "Alan Turing",
    /// EIAM now has "A. Turing"`.
    pub fn describe(&self) -> String {
        let (kind, ext) = (self.kind.replace('_', " "), &self.external_id);
        let (planned, now) = (shown(&self.planned), shown(&self.now));
        match self.source {
            DriftSource::Eiam if self.field == "exists" => {
                format!("{kind} {ext}: the plan expects it in EIAM, and it is gone")
            }
            DriftSource::Eiam if self.now.get("held_by").is_some() => format!(
                "{kind} {ext}: the {} {planned} the plan gives it is now held by another account in EIAM ({})",
                self.field,
                self.now.get("held_by").map(shown).unwrap_or_default()
            ),
            DriftSource::Eiam if self.field == "managed" => format!(
                "{kind} {ext}: the object the plan adopts, {planned}, is managed by eiam-sync now (as {})",
                self.now.get("managed_as").map(shown).unwrap_or_default()
            ),
            DriftSource::Eiam if self.field == "matched_by" && self.now.is_null() => format!(
                "{kind} {ext}: its {planned} no longer matches the object the plan adopts (changed in EIAM or in the snapshot)"
            ),
            DriftSource::Snapshot if self.kind == "snapshot" => {
                "the snapshot changed since the plan was made (its digest differs)".to_owned()
            }
            DriftSource::Eiam => format!(
                "{kind} {ext}: {} was planned from {planned}, EIAM now has {now}",
                self.field
            ),
            DriftSource::Snapshot => format!(
                "{kind} {ext}: {} was planned as {planned}, the snapshot now asks for {now}",
                self.field
            ),
            DriftSource::Plan if self.now.is_null() => {
                format!("{kind} {ext}: the plan's {planned} is no longer what EIAM needs")
            }
            DriftSource::Plan if self.planned.is_null() => {
                format!("{kind} {ext}: {now} is needed now and is not in the plan")
            }
            DriftSource::Plan => format!("{kind} {ext}: {planned} was planned, now {now}"),
        }
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Null => "nothing".to_owned(),
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

/// Every difference between a saved plan and the plan made now from the same configuration.
/// `record` gives the current fingerprint of an object's snapshot record (kind, external id);
/// `exists` tells whether an EIAM object (kind, EIAM id) is still there.
pub fn drift(
    saved: &SavedPlan,
    now: &Plan,
    record: impl Fn(&str, &str) -> Option<String>,
    exists: impl Fn(&str, &str) -> bool,
) -> Vec<Drift> {
    type Key<'a> = (&'a str, &'a str, &'a str, usize);
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    let mut current: BTreeMap<Key<'_>, &Op> = BTreeMap::new();
    for op in &now.ops {
        let base = (
            op.kind.as_str(),
            op.external_id.as_str(),
            op.action().as_str(),
        );
        let n = seen.entry(base).or_insert(0);
        current.insert((base.0, base.1, base.2, *n), op);
        *n += 1;
    }
    seen.clear();
    let mut out = Vec::new();
    let entry = |s: &SavedOp, field: &str, planned: Value, now: Value, source| Drift {
        kind: s.kind.clone(),
        external_id: s.external_id.clone(),
        field: field.to_owned(),
        planned,
        now,
        source,
    };
    let mut gone = std::collections::BTreeSet::new();
    for s in &saved.operations {
        let base = (s.kind.as_str(), s.external_id.as_str(), s.action.as_str());
        let n = seen.entry(base).or_insert(0);
        let key = (base.0, base.1, base.2, *n);
        *n += 1;
        let op = current.remove(&key);
        if let Some(id) = &s.eiam_id
            && !exists(&s.kind, id)
        {
            // Deleted by hand: one entry for the object, not one per operation on it.
            if gone.insert((s.kind.as_str(), s.external_id.as_str())) {
                out.push(entry(
                    s,
                    "exists",
                    Value::Bool(true),
                    Value::Bool(false),
                    DriftSource::Eiam,
                ));
            }
            continue;
        }
        let Some(op) = op else {
            out.push(entry(
                s,
                "operation",
                Value::String(s.action.clone()),
                Value::Null,
                DriftSource::Plan,
            ));
            continue;
        };
        let now_id = op.eiam_id.as_ref().map(|i| Value::String(i.to_string()));
        let planned_id = s.eiam_id.clone().map(Value::String);
        if now_id != planned_id {
            let (p, n) = (
                planned_id.unwrap_or(Value::Null),
                now_id.unwrap_or(Value::Null),
            );
            out.push(entry(s, "eiam_id", p, n, DriftSource::Eiam));
        }
        let snapshot_changed = s.record != record(&s.kind, &s.external_id);
        let fields: std::collections::BTreeSet<&str> = (s.changes.keys())
            .chain(op.changes.keys())
            .map(|f| f.as_ref())
            .collect();
        for f in fields {
            match (s.changes.get(f), op.changes.get(f)) {
                (Some([sb, sa]), Some([nb, na])) => {
                    if sb != nb {
                        out.push(entry(s, f, sb.clone(), nb.clone(), DriftSource::Eiam));
                    }
                    if sa != na {
                        out.push(entry(s, f, sa.clone(), na.clone(), DriftSource::Snapshot));
                    }
                }
                // A field the plan left alone needs a change now: the snapshot wants another
                // value, or EIAM no longer holds the one it had.
                (None, Some([nb, na])) if snapshot_changed => {
                    out.push(entry(s, f, nb.clone(), na.clone(), DriftSource::Snapshot));
                }
                (None, Some([nb, na])) => {
                    out.push(entry(s, f, na.clone(), nb.clone(), DriftSource::Eiam));
                }
                // A planned change is not needed any more.
                (Some([sb, sa]), None) if snapshot_changed => {
                    out.push(entry(s, f, sa.clone(), sb.clone(), DriftSource::Snapshot));
                }
                (Some([sb, sa]), None) => {
                    out.push(entry(s, f, sb.clone(), sa.clone(), DriftSource::Eiam));
                }
                (None, None) => {}
            }
        }
        if s.blocked.is_some() != op.blocked.is_some() {
            let v = |b: &Option<String>| b.clone().map(Value::String).unwrap_or(Value::Null);
            out.push(entry(
                s,
                "blocked",
                v(&s.blocked),
                v(&op.blocked),
                DriftSource::Plan,
            ));
        }
    }
    for ((kind, ext, action, _), _) in current {
        if gone.contains(&(kind, ext)) {
            continue;
        }
        out.push(Drift {
            kind: kind.to_owned(),
            external_id: ext.to_owned(),
            field: "operation".to_owned(),
            planned: Value::Null,
            now: Value::String(action.to_owned()),
            source: DriftSource::Plan,
        });
    }
    if out.is_empty() && saved.plan_id != super::digest::plan_id(now) {
        out.push(Drift {
            kind: "plan".to_owned(),
            external_id: saved.plan_id.clone(),
            field: "order".to_owned(),
            planned: Value::String(saved.plan_id.clone()),
            now: Value::String(super::digest::plan_id(now)),
            source: DriftSource::Plan,
        });
    }
    out
}
