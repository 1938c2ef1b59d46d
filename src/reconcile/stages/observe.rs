//! The observe stage: what eiam-sync owns (the state store) and what EIAM holds now.

use std::collections::BTreeSet;

use crate::eiam::Client;
use crate::model::{DesiredState, Kind, KindSet, ObservedState, Origin, Ownership};
use crate::observe::{ObserveOptions, observe as observe_eiam};
use crate::state::StateStore;

use super::super::ReconcileError;

/// What to observe.
#[derive(Debug, Clone, Copy)]
pub struct ObserveInput<'a> {
    pub desired: &'a DesiredState,
    /// The kinds this run manages (`--only`); groups are not listed when none are managed.
    pub kinds: KindSet,
    /// `[sync] root_organizational_unit_id`; `None` asks the provisioning scope.
    pub root: Option<&'a str>,
    /// `[eiam] max_concurrency`.
    pub concurrency: usize,
}

/// What the planner starts from besides the snapshot.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    pub observed: ObservedState,
    pub ownership: Ownership,
}

/// Load ownership, then list EIAM under the sync root.
pub async fn observe(
    client: &Client,
    store: &StateStore,
    input: ObserveInput<'_>,
) -> Result<Observation, ReconcileError> {
    let ownership = store.load_ownership().await?;
    let desired = input.desired;
    // Members of the snapshot's groups, and of the groups eiam-sync created (a group must be
    // emptied before it can be deleted).
    let mut member_groups: BTreeSet<_> = desired.groups.keys().cloned().collect();
    member_groups.extend(
        ownership
            .objects
            .iter()
            .filter(|((k, _), o)| *k == Kind::Group && o.origin == Origin::Created)
            .map(|((_, e), _)| e.clone()),
    );
    let options = ObserveOptions {
        root: input.root.map(str::to_owned),
        concurrency: input.concurrency,
        groups: input.kinds.contains(Kind::Group) || input.kinds.contains(Kind::Membership),
        member_groups,
        users: desired.users.keys().cloned().collect(),
    };
    let observed = observe_eiam(client, &options).await?;
    Ok(Observation {
        observed,
        ownership,
    })
}
