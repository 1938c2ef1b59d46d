//! What a run writes to the state store: the journal of every operation, ownership of what it
//! creates (recorded the moment the create succeeds), what it adopts, and the fingerprints of
//! what is now in step.

use std::collections::{BTreeSet, HashMap};

use tracing::warn;

use crate::apply::ApplyLog;
use crate::model::{DesiredState, EiamId, ExtId, Kind, KindSet, ObservedState, Origin, Ownership};
use crate::plan::{Action, Cause, Op, OpId, Plan};
use crate::report::{Outcome, Status};
use crate::state::{Fingerprinter, JournalEntry, JournalStatus, RunId, StateStore};

/// The journal rows of a plan, all `planned`, written before anything is sent.
pub fn journal_entries(plan: &Plan) -> Vec<JournalEntry> {
    plan.ops
        .iter()
        .enumerate()
        .map(|(i, op)| JournalEntry {
            seq: u32::try_from(i).unwrap_or(u32::MAX),
            action: op.action().as_str().to_owned(),
            kind: op.kind,
            external_id: op.external_id.clone(),
            eiam_id: op.eiam_id.as_ref().map(|e| e.to_string()),
            detail: serde_json::to_string(&op.changes).unwrap_or_default(),
        })
        .collect()
}

/// Journals each operation and records ownership as soon as an object is created or deleted.
pub struct StoreLog<'a> {
    pub store: &'a StateStore,
    pub run: RunId,
}

fn seq(i: OpId) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl ApplyLog for StoreLog<'_> {
    async fn started(&self, i: OpId, _op: &Op) {
        if let Err(e) = self.store.journal_started(self.run, seq(i)).await {
            warn!(error = %e, "journaling the start of an operation failed");
        }
    }

    async fn finished(&self, i: OpId, op: &Op, outcome: &Outcome) {
        let status = match outcome.status {
            Status::Applied => JournalStatus::Applied,
            Status::Failed => JournalStatus::Failed,
            _ => JournalStatus::Skipped,
        };
        let id = outcome.eiam_id.as_ref().map(|s| EiamId::new(s.as_str()));
        if let Err(e) = self
            .store
            .journal_finished(
                self.run,
                seq(i),
                status,
                id.as_ref(),
                outcome.error.as_deref(),
            )
            .await
        {
            warn!(error = %e, "journaling the outcome of an operation failed");
        }
        if outcome.status != Status::Applied {
            return;
        }
        let ext = ExtId::new(op.external_id.as_str());
        let result = match (op.action(), &id) {
            (
                Action::CreateOrganizationalUnit | Action::CreateUser | Action::CreateGroup,
                Some(id),
            ) => {
                self.store
                    .record_owned(op.kind, &ext, id, Origin::Created)
                    .await
            }
            (Action::DeleteOrganizationalUnit | Action::DeleteUser | Action::DeleteGroup, _) => {
                self.store.forget(op.kind, &ext).await
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            warn!(error = %e, external_id = %op.external_id, "recording ownership failed");
        }
    }
}

/// Keyed fingerprints of the snapshot's objects, computed once per run.
pub type Fingerprints = HashMap<(Kind, ExtId), String>;

/// Desired fingerprints of every snapshot object, by kind and external id.
pub fn fingerprints(desired: &DesiredState, f: &Fingerprinter) -> Fingerprints {
    let mut out =
        HashMap::with_capacity(desired.ous.len() + desired.users.len() + desired.groups.len());
    for (e, o) in &desired.ous {
        out.insert((Kind::OrganizationalUnit, e.clone()), f.ou(o));
    }
    for (e, u) in &desired.users {
        out.insert((Kind::User, e.clone()), f.user(u));
    }
    for (e, g) in &desired.groups {
        out.insert((Kind::Group, e.clone()), f.group(g));
    }
    out
}

/// Mark each change as coming from the snapshot or from drift in EIAM: when the snapshot
/// record is exactly what was last applied, someone changed EIAM by hand.
pub fn causes(plan: &mut Plan, fps: &Fingerprints, ownership: &Ownership) {
    for op in &mut plan.ops {
        let key = (op.kind, ExtId::new(op.external_id.as_str()));
        let stored = ownership
            .get(op.kind, &key.1)
            .and_then(|o| o.fingerprint.as_ref());
        op.cause = Some(match (fps.get(&key), stored) {
            (Some(now), Some(before)) if now == before => Cause::Drift,
            _ => Cause::Source,
        });
    }
}

/// What a run started from.
#[derive(Clone, Copy)]
pub struct Before<'a> {
    pub desired: &'a DesiredState,
    pub observed: &'a ObservedState,
    pub ownership: &'a Ownership,
}

/// After applying: record the snapshot objects found in EIAM as adopted, and store the
/// fingerprint of every object that is now in step (no failed or skipped operation).
pub async fn record_after_apply(
    store: &StateStore,
    fps: &Fingerprints,
    before: &Before<'_>,
    plan: &Plan,
    outcomes: &[Outcome],
    kinds: KindSet,
) {
    let Before {
        desired,
        observed,
        ownership,
    } = *before;
    let unsettled: BTreeSet<(Kind, String)> = plan
        .ops
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| o.status != Status::Applied)
        .map(|(op, _)| (op.kind, op.external_id.clone()))
        .collect();
    let mut adopted = Vec::new();
    let ours = |t: &Option<String>| t.as_deref().is_none_or(|t| t == "build_in");
    for ou in observed
        .ous
        .values()
        .filter(|o| o.id != observed.root && ours(&o.source_type))
    {
        if let Some(e) = ou
            .external_id
            .as_ref()
            .filter(|e| desired.ous.contains_key(*e))
        {
            adopted.push((Kind::OrganizationalUnit, e.clone(), ou.id.clone()));
        }
    }
    for u in observed.users.values().filter(|u| ours(&u.source_type)) {
        if let Some(e) = u
            .external_id
            .as_ref()
            .filter(|e| desired.users.contains_key(*e))
        {
            adopted.push((Kind::User, e.clone(), u.id.clone()));
        }
    }
    for g in observed.groups.values().filter(|g| ours(&g.source_type)) {
        if let Some(e) = g
            .external_id
            .as_ref()
            .filter(|e| desired.groups.contains_key(*e))
        {
            adopted.push((Kind::Group, e.clone(), g.id.clone()));
        }
    }
    adopted.retain(|(kind, ext, id)| ownership.get(*kind, ext).is_none_or(|o| &o.eiam_id != id));
    // What the journal shows eiam-sync created (its ownership record lost to a crash or a
    // failed write) stays eiam-sync's; only the rest is adopted.
    let created = if adopted.is_empty() {
        Default::default()
    } else {
        store.journalled_creates().await.unwrap_or_else(|e| {
            warn!(error = %e, "reading the journal's creates failed");
            Default::default()
        })
    };
    let owned: Vec<(Kind, ExtId, EiamId, Origin)> = adopted
        .into_iter()
        .map(|(kind, ext, id)| {
            let origin = if created.contains(&(kind, ext.clone())) {
                Origin::Created
            } else {
                Origin::Adopted
            };
            (kind, ext, id, origin)
        })
        .collect();
    if let Err(e) = store.record_owned_many(&owned).await {
        warn!(error = %e, "recording owned objects failed");
    }
    let mut changed = Vec::new();
    for ((kind, ext), fp) in fps {
        let (kind, ext) = (*kind, ext.clone());
        // With --only, objects of other kinds were not brought in step by this run.
        if !kinds.contains(kind) || unsettled.contains(&(kind, ext.to_string())) {
            continue;
        }
        if ownership
            .get(kind, &ext)
            .and_then(|o| o.fingerprint.as_ref())
            == Some(fp)
        {
            continue;
        }
        changed.push((kind, ext, fp.clone()));
    }
    if let Err(e) = store.set_fingerprints(&changed).await {
        warn!(error = %e, "storing fingerprints failed");
    }
}
