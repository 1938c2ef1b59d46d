//! What a run does for review and consent: the guards beyond deletions with the approvals that
//! let a refused plan through once, the grace period of leavers, and saved plan files.

use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, SystemTime};

use tracing::{info, warn};

use crate::config::{Settings, UserRemoval};
use crate::model::{DesiredState, ExtId, Kind, KindSet, ObservedState, Ownership};
use crate::plan::saved::{SavedOp, SavedPlan};
use crate::plan::{Action, Guarded, Plan, WideLimits, guards, plan_id};
use crate::report::{ApprovalUsed, Outcome, Status};
use crate::state::{Fingerprinter, RunId, StateError, StateStore};

use super::stages::Fingerprints;

/// The rolling removal window.
const WINDOW: Duration = Duration::from_secs(24 * 3600);

/// Add the guards beyond deletions to `plan`; if any guard trips, look for an approval that
/// covers every guarded change of the plan and, outside a dry run, use it (once). A plan still
/// refused is recorded so `eiam-sync approve` can name it.
pub async fn guard(
    store: &StateStore,
    now: SystemTime,
    plan: &mut Plan,
    limits: &WideLimits,
    run: RunId,
    dry_run: bool,
) -> Result<Option<ApprovalUsed>, StateError> {
    let earlier = store
        .removals_since(now.checked_sub(WINDOW).unwrap_or(SystemTime::UNIX_EPOCH))
        .await?;
    let wide = guards::evaluate_wide(plan, &plan.managed, limits, earlier);
    plan.guards.extend(wide);
    if !plan.is_refused() {
        return Ok(None);
    }
    let items = Guarded::of(plan).all();
    let id = plan_id(plan);
    for (approval, approved) in store.usable_approvals(now).await? {
        if !items.is_subset(&approved) {
            continue;
        }
        if !dry_run && !store.use_approval(approval.id, run, now).await? {
            // Another run used it between the read and now.
            continue;
        }
        info!(plan_id = %id, approved = %approval.plan_id, by = %approval.approved_by, "guards passed by an approval");
        for g in &mut plan.guards {
            g.tripped = false;
        }
        store.set_run_plan(run, &id, Some(approval.id)).await?;
        return Ok(Some(ApprovalUsed {
            plan_id: approval.plan_id,
            approved_by: approval.approved_by,
            reason: approval.reason,
        }));
    }
    let refusal = crate::report::refusal(&plan.guards).unwrap_or_default();
    store
        .record_guarded_plan(&id, &items, &refusal, now)
        .await?;
    warn!(plan_id = %id, "refused by a safety guard; `eiam-sync approve {id} --reason ...` lets exactly this plan through once");
    Ok(None)
}

/// Leavers whose grace period is over (only with `disable_then_delete`).
pub async fn due_leavers(
    store: &StateStore,
    settings: &Settings,
    now: SystemTime,
) -> Result<HashSet<ExtId>, StateError> {
    if settings.sync.user_removal != UserRemoval::DisableThenDelete {
        return Ok(HashSet::new());
    }
    let grace = Duration::from_secs(u64::from(settings.sync.delete_after_days) * 86_400);
    Ok(store
        .leavers()
        .await?
        .into_iter()
        .filter(|(_, l)| l.disabled_at + grace <= now)
        .map(|(ext, _)| ExtId::from(ext))
        .collect())
}

/// After an applying run with `disable_then_delete`: start the grace period of users that left
/// the snapshot, end it for those that came back or were deleted.
#[allow(clippy::too_many_arguments)]
pub async fn record_leavers(
    store: &StateStore,
    settings: &Settings,
    now: SystemTime,
    desired: &DesiredState,
    ownership: &Ownership,
    plan: &Plan,
    outcomes: &[Outcome],
    kinds: KindSet,
) {
    if settings.sync.user_removal != UserRemoval::DisableThenDelete || !kinds.contains(Kind::User) {
        return;
    }
    let deleted: BTreeSet<&str> = plan
        .ops
        .iter()
        .zip(outcomes)
        .filter(|(op, o)| op.action() == Action::DeleteUser && o.status == Status::Applied)
        .map(|(op, _)| op.external_id.as_str())
        .collect();
    let mut gone = Vec::new();
    let mut left = Vec::new();
    for ((kind, ext), owned) in &ownership.objects {
        if *kind != Kind::User || desired.users.contains_key(ext) {
            continue;
        }
        if deleted.contains(ext.as_str()) {
            gone.push(ext.to_string());
        } else if !desired.is_rejected(Kind::User, ext) {
            left.push((ext.to_string(), owned.eiam_id.to_string()));
        }
    }
    let result = async {
        let known = store.leavers().await?;
        gone.extend(
            known
                .keys()
                .filter(|e| {
                    let ext = ExtId::new(e.as_str());
                    desired.users.contains_key(&ext) || ownership.get(Kind::User, &ext).is_none()
                })
                .cloned(),
        );
        store.add_leavers(&left, now).await?;
        store.remove_leavers(&gone).await
    }
    .await;
    if let Err(e) = result {
        warn!(error = %e, "recording leavers failed; their grace period starts at the next run");
    }
}

/// Keyed digest of the configuration that shapes a plan: where EIAM is, the source, the state
/// store and `[sync]`. Secrets never enter it (the structs serialise them redacted), nor do
/// settings that only change how a run goes (pacing, logging, schedules).
pub fn config_digest(settings: &Settings, f: &Fingerprinter) -> String {
    let shaping = serde_json::json!({
        "endpoint": settings.eiam.endpoint,
        "instance_id": settings.eiam.instance_id,
        "application_id": settings.eiam.application_id,
        "source": settings.source,
        "state": settings.state.url,
        "sync": settings.sync,
    });
    f.sign("eiam-sync config/v1", shaping.to_string().as_bytes())
}

/// Keyed digest of the valid snapshot (its records' fingerprints, sorted).
pub fn snapshot_digest(fps: &Fingerprints, desired: &DesiredState, f: &Fingerprinter) -> String {
    let mut parts: Vec<String> = fps
        .iter()
        .map(|((k, e), fp)| format!("{}\t{e}\t{fp}", k.as_str()))
        .collect();
    parts.extend(
        desired
            .members
            .keys()
            .map(|g| format!("membership\t{g}\t{}", members_fp(desired, g, f))),
    );
    parts.sort();
    f.sign("eiam-sync snapshot/v1", parts.join("\n").as_bytes())
}

fn members_fp(desired: &DesiredState, group: &ExtId, f: &Fingerprinter) -> String {
    let members: Vec<&str> = desired
        .members
        .get(group)
        .map(|m| m.iter().map(|u| u.as_str()).collect())
        .unwrap_or_default();
    f.sign("eiam-sync members/v1", members.join("\n").as_bytes())
}

/// The fingerprint of the snapshot record behind an operation (`kind` as in the report).
pub fn record_fp(
    kind: &str,
    ext: &str,
    fps: &Fingerprints,
    desired: &DesiredState,
    f: &Fingerprinter,
) -> Option<String> {
    let ext = ExtId::new(ext);
    match kind.parse::<Kind>().ok()? {
        Kind::Membership => desired
            .members
            .contains_key(&ext)
            .then(|| members_fp(desired, &ext, f)),
        kind => fps.get(&(kind, ext)).cloned(),
    }
}

/// Whether an EIAM object a saved operation refers to is still there.
pub fn exists(observed: &ObservedState, kind: &str, id: &str) -> bool {
    let id = crate::model::EiamId::new(id);
    match kind.parse::<Kind>() {
        Ok(Kind::OrganizationalUnit) => observed.ous.contains_key(&id),
        Ok(Kind::User) => observed.users.contains_key(&id),
        Ok(Kind::Group | Kind::Membership) => observed.groups.contains_key(&id),
        Err(_) => false,
    }
}

/// What a file needs besides the plan.
pub struct SaveContext<'a> {
    pub settings: &'a Settings,
    pub fingerprinter: &'a Fingerprinter,
    pub fps: &'a Fingerprints,
    pub desired: &'a DesiredState,
    pub kinds: KindSet,
    pub now: SystemTime,
}

/// The saved form of `plan`, sealed.
pub fn save(plan: &Plan, cx: &SaveContext<'_>) -> String {
    let f = cx.fingerprinter;
    let saved = SavedPlan {
        format: crate::plan::saved::FORMAT,
        file_id: uuid::Uuid::new_v4().to_string(),
        plan_id: plan_id(plan),
        created_at: chrono::DateTime::<chrono::Utc>::from(cx.now)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        snapshot_digest: snapshot_digest(cx.fps, cx.desired, f),
        config_digest: config_digest(cx.settings, f),
        kinds: cx
            .kinds
            .iter()
            .map(Kind::plural)
            .collect::<Vec<_>>()
            .join(","),
        managed: (plan.managed.iter())
            .map(|(k, n)| (k.as_str().to_owned(), *n))
            .collect(),
        operations: plan
            .ops
            .iter()
            .map(|op| {
                let record = record_fp(
                    op.kind.as_str(),
                    op.external_id.as_str(),
                    cx.fps,
                    cx.desired,
                    f,
                );
                SavedOp::of(op, record)
            })
            .collect(),
    };
    saved.seal(|domain, bytes| f.sign(domain, bytes))
}
