//! Saved plans and approvals on the reconciler: opening a plan file (integrity, version,
//! configuration, applied before), applying it exactly, and `approve`.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;

use crate::model::{DesiredState, EiamId, ExtId, Kind, KindSet, Ownership};
use crate::plan::saved::{Drift, DriftSource, SavedPlan, drift};
use crate::plan::{GuardCheck, ManagedCounts, Plan, SAVED_PLAN_CURRENT, SAVED_PLAN_UNUSED};
use crate::report::Report;
use crate::state::Approval;

use super::replan::{self, Scoped};
use super::review;
use super::stages::{self, Observation, ObserveInput, Planned};
use super::{ReconcileError, Reconciler, RunRequest};

/// The check a stale saved plan fails.
pub fn stale(differences: usize) -> GuardCheck {
    GuardCheck {
        name: SAVED_PLAN_CURRENT.to_owned(),
        limit: 0.0,
        planned: differences as f64,
        tripped: true,
        message: format!(
            "the saved plan is stale: {differences} difference(s) between what it expects and the snapshot and EIAM now (see drift). Make a new plan"
        ),
    }
}

/// The check a saved plan applied before fails.
pub fn already_applied() -> GuardCheck {
    GuardCheck {
        name: SAVED_PLAN_UNUSED.to_owned(),
        limit: 0.0,
        planned: 1.0,
        tripped: true,
        message: "the saved plan was already applied; a plan file is applied at most once"
            .to_owned(),
    }
}

/// Say why an adoption of the saved plan is not in the plan made now: its object is managed
/// now (adopted since, or its record's), or the record's keys no longer match it.
fn adoption_drift(saved: &SavedPlan, out: &mut [Drift], ownership: &Ownership) {
    if !saved.operations.iter().any(|s| s.action == "Adopt") {
        return;
    }
    let owner: HashMap<&EiamId, &ExtId> = (ownership.objects.iter())
        .map(|((_, e), o)| (&o.eiam_id, e))
        .collect();
    for s in saved.operations.iter().filter(|s| s.action == "Adopt") {
        let Some(d) = out.iter_mut().find(|d| {
            (d.kind.as_str(), d.external_id.as_str(), d.field.as_str())
                == (s.kind.as_str(), s.external_id.as_str(), "operation")
                && d.planned == Value::String("Adopt".into())
        }) else {
            continue;
        };
        let id = s.eiam_id.clone().unwrap_or_default();
        *d = match owner.get(&EiamId::new(id.as_str())) {
            Some(ext) => Drift {
                field: "managed".to_owned(),
                planned: Value::String(id),
                now: serde_json::json!({ "managed_as": ext.as_str() }),
                source: DriftSource::Eiam,
                ..d.clone()
            },
            None => Drift {
                field: "matched_by".to_owned(),
                planned: s
                    .changes
                    .get("matched_by")
                    .map_or(Value::Null, |[_, k]| k.clone()),
                now: Value::Null,
                source: DriftSource::Eiam,
                ..d.clone()
            },
        };
    }
}

impl Reconciler {
    /// Read a saved plan file, refusing one that is damaged or edited, made by another version
    /// or for another configuration, or applied before.
    pub async fn open_plan(&self, text: &str) -> Result<SavedPlan, ReconcileError> {
        let f = &self.fingerprinter;
        let saved = SavedPlan::open(text, |d, b| f.sign(d, b))?;
        let ours = env!("CARGO_PKG_VERSION");
        if saved.tool_version != ours {
            return Err(ReconcileError::PlanVersion {
                found: saved.tool_version,
                ours: ours.to_owned(),
            });
        }
        if saved.config_digest != review::config_digest(&self.settings, f) {
            return Err(ReconcileError::PlanConfig);
        }
        if let Some((run, at)) = self.store.plan_file_applied(&saved.file_id).await? {
            let at = chrono::DateTime::<chrono::Utc>::from(at)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            return Err(ReconcileError::PlanApplied { run: run.0, at });
        }
        Ok(saved)
    }

    /// Apply exactly the operations of a saved plan, or refuse (exit 4, nothing written) with
    /// the drift when the snapshot or EIAM no longer give the same plan.
    pub async fn apply_plan(&self, saved: SavedPlan) -> Result<Report, ReconcileError> {
        let kinds = KindSet::parse_list(&saved.kinds).map_err(|_| ReconcileError::PlanConfig)?;
        let mut req = RunRequest::new("apply", false, kinds);
        req.saved = Some(saved);
        self.run(req).await
    }

    /// What differs between a saved plan and the plan made now. `scope` holds the snapshot
    /// records planned from, the whole valid snapshot, and the unique values the plan gives
    /// that another account holds now.
    pub(super) fn drift(
        &self,
        saved: &SavedPlan,
        planned: &Planned,
        scope: (&DesiredState, &DesiredState, &[Drift]),
        observation: &Observation,
    ) -> Vec<Drift> {
        let (desired, snapshot, conflicts) = scope;
        let f = &self.fingerprinter;
        let record =
            |kind: &str, ext: &str| review::record_fp(kind, ext, &planned.fingerprints, desired, f);
        let exists = |kind: &str, id: &str| review::exists(&observation.observed, kind, id);
        let mut out = drift(saved, &planned.plan, record, exists);
        adoption_drift(saved, &mut out, &observation.ownership);
        // A value taken by another account makes the planner block the operation, with other
        // changes than planned: the conflict says why, in place of those differences.
        let conflicted = |d: &Drift| {
            conflicts.iter().any(|c| {
                c.field != "exists"
                    && (c.kind.as_str(), c.external_id.as_str())
                        == (d.kind.as_str(), d.external_id.as_str())
            })
        };
        out.retain(|d| d.source == DriftSource::Snapshot || d.field == "exists" || !conflicted(d));
        for c in conflicts {
            let same = |d: &Drift| {
                (d.kind.as_str(), d.external_id.as_str(), d.field.as_str())
                    == (c.kind.as_str(), c.external_id.as_str(), c.field.as_str())
            };
            if !out.iter().any(same) {
                out.push(c.clone());
            }
        }
        let fps = stages::fingerprints(snapshot, f);
        let now = review::snapshot_digest(&fps, snapshot, f);
        if now != saved.snapshot_digest {
            out.push(Drift {
                kind: "snapshot".to_owned(),
                external_id: String::new(),
                field: "digest".to_owned(),
                planned: Value::String(saved.snapshot_digest.clone()),
                now: Value::String(now),
                source: DriftSource::Snapshot,
            });
        }
        out
    }

    /// Read the EIAM objects a saved plan depends on with targeted calls, with the snapshot
    /// records they involve; a full observation when the journal holds creates left in doubt.
    pub(super) async fn observe_saved(
        &self,
        saved: &SavedPlan,
        desired: &DesiredState,
        input: ObserveInput<'_>,
    ) -> Result<(Observation, Option<Scoped>), ReconcileError> {
        let (client, store) = (&self.client, &self.store);
        let (root, n) = (input.root, input.concurrency);
        // Whether a record matches an object only the whole subtree tells (docs/adoption.md).
        if input.adopt.any() {
            return Ok((stages::observe(client, store, input).await?, None));
        }
        match replan::observe_saved(client, store, saved, desired, root, n).await? {
            Some(scoped) => Ok((scoped.observation.clone(), Some(scoped))),
            None => Ok((stages::observe(client, store, input).await?, None)),
        }
    }

    /// The deletion guards on the managed counts the plan was made with (the targeted
    /// observation sees only part of what is managed).
    pub(super) fn saved_guards(&self, saved: &SavedPlan, plan: &mut Plan, kinds: KindSet) {
        let managed: ManagedCounts = (saved.managed.iter())
            .filter_map(|(k, n)| Some((k.parse::<Kind>().ok()?, *n)))
            .collect();
        if managed.is_empty() {
            return;
        }
        let limits = stages::plan_options(&self.settings.sync, kinds).limits;
        plan.guards = crate::plan::guards::evaluate(plan, &managed, limits);
        plan.managed = managed;
    }

    /// Let the guarded changes of a refused plan through once, within `approval_ttl_hours`.
    pub async fn approve(
        &self,
        plan_id: &str,
        by: &str,
        reason: &str,
    ) -> Result<Approval, ReconcileError> {
        if reason.trim().is_empty() {
            return Err(ReconcileError::NoReason);
        }
        if self.store.guarded_plan(plan_id).await?.is_none() {
            return Err(ReconcileError::UnknownPlan {
                plan_id: plan_id.to_owned(),
            });
        }
        let now = self.clock.now();
        let ttl = Duration::from_secs(u64::from(self.settings.sync.approval_ttl_hours) * 3600);
        let id = self
            .store
            .approve(plan_id, by, reason.trim(), now, now + ttl)
            .await?;
        let approvals = self.store.approvals(50).await?;
        approvals
            .into_iter()
            .find(|a| a.id == id)
            .ok_or(ReconcileError::UnknownPlan {
                plan_id: plan_id.to_owned(),
            })
    }
}
