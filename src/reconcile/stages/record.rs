//! The record stage: after applying, what the state store learns besides the journal (which
//! the apply stage writes as it goes): the snapshot objects found in EIAM as owned, and the
//! fingerprints of what is now in step.

use std::collections::{BTreeSet, HashSet};

use tracing::warn;

use crate::apply::{Outcome, Status};
use crate::model::{DesiredState, EiamId, ExtId, Kind, KindSet, ObservedState, Origin, Ownership};
use crate::plan::{Action, Plan};
use crate::state::StateStore;

use super::plan::Fingerprints;

/// What a run started from.
#[derive(Clone, Copy)]
pub struct Before<'a> {
    pub desired: &'a DesiredState,
    pub observed: &'a ObservedState,
    pub ownership: &'a Ownership,
    /// Owned only because the journal shows eiam-sync created them (not in the store yet).
    pub recovered: &'a HashSet<(Kind, ExtId)>,
}

/// What the record stage writes from.
#[derive(Clone, Copy)]
pub struct RecordInput<'a> {
    pub fingerprints: &'a Fingerprints,
    pub before: Before<'a>,
    pub plan: &'a Plan,
    /// Indexed like the plan's operations.
    pub outcomes: &'a [Outcome],
    /// The kinds this run brought in step (`--only`).
    pub kinds: KindSet,
}

/// Record the snapshot objects found in EIAM as adopted (or as created, when the journal says
/// eiam-sync made them), and store the fingerprint of every object that is now in step (no
/// failed or skipped operation). Failures are logged: the next run redoes what is missing.
pub async fn record(store: &StateStore, input: RecordInput<'_>) {
    let RecordInput {
        fingerprints: fps,
        before,
        plan,
        outcomes,
        kinds,
    } = input;
    let Before {
        desired,
        observed,
        ownership,
        recovered,
    } = before;
    let unsettled: BTreeSet<(Kind, ExtId)> = plan
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
    adopted.retain(|(kind, ext, id)| {
        recovered.contains(&(*kind, ext.clone()))
            || ownership.get(*kind, ext).is_none_or(|o| &o.eiam_id != id)
    });
    // What the journal shows eiam-sync created (its ownership record lost to a crash or a
    // failed write) stays eiam-sync's; only the rest is adopted.
    let created = if adopted.is_empty() {
        Default::default()
    } else {
        let candidates: Vec<(Kind, ExtId)> =
            (adopted.iter()).map(|(k, e, _)| (*k, e.clone())).collect();
        store
            .journalled_creates_of(&candidates)
            .await
            .unwrap_or_else(|e| {
                warn!(error = %e, "reading the journal's creates failed");
                Default::default()
            })
    };
    let mut owned: Vec<(Kind, ExtId, EiamId, Origin)> = adopted
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
    owned.extend(recovered_leavers(&before, plan, outcomes));
    if let Err(e) = store.record_owned_many(&owned).await {
        warn!(error = %e, "recording owned objects failed");
    }
    let mut changed = Vec::new();
    for ((kind, ext), fp) in fps {
        let (kind, ext) = (*kind, ext.clone());
        // With --only, objects of other kinds were not brought in step by this run.
        if !kinds.contains(kind) || unsettled.contains(&(kind, ext.clone())) {
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

/// In-doubt creates found in EIAM whose record has left the snapshot (a leaver disabled, or
/// kept while its removal failed): recorded as created, so the object stays eiam-sync's in
/// the state store and not only in the journal. One this run deleted is not recorded again.
fn recovered_leavers(
    before: &Before<'_>,
    plan: &Plan,
    outcomes: &[Outcome],
) -> Vec<(Kind, ExtId, EiamId, Origin)> {
    let deleted: HashSet<(Kind, &ExtId)> = plan
        .ops
        .iter()
        .zip(outcomes)
        .filter(|(op, o)| {
            o.status == Status::Applied
                && matches!(
                    op.action(),
                    Action::DeleteOrganizationalUnit | Action::DeleteUser | Action::DeleteGroup
                )
        })
        .map(|(op, _)| (op.kind, &op.external_id))
        .collect();
    let d = before.desired;
    let in_snapshot = |kind: Kind, ext: &ExtId| match kind {
        Kind::OrganizationalUnit => d.ous.contains_key(ext),
        Kind::User => d.users.contains_key(ext),
        Kind::Group => d.groups.contains_key(ext),
        Kind::Membership => true,
    };
    let mut out: Vec<_> = before
        .recovered
        .iter()
        .filter(|(kind, ext)| !in_snapshot(*kind, ext) && !deleted.contains(&(*kind, ext)))
        .filter_map(|(kind, ext)| {
            let o = before.ownership.get(*kind, ext)?;
            Some((*kind, ext.clone(), o.eiam_id.clone(), Origin::Created))
        })
        .collect();
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    out
}
