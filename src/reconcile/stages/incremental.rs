//! The observe stage of an incremental run: the scope (settled or not, from the fingerprints),
//! targeted calls for the unsettled part, the settled part synthesized without calls. It widens
//! to a full observation, with a note saying why, whenever the store cannot vouch for EIAM.

use std::collections::{BTreeSet, HashSet};

use tracing::info;

use crate::eiam::Client;
use crate::model::{
    DesiredState, EiamId, ExtId, Kind, ObservedOu, ObservedState, Ownership, SyncMode,
};
use crate::observe::Links;
use crate::observe::targeted::{Targeted, observe_targeted};
use crate::state::LEAVER_DISABLED;
use crate::state::StateStore;

use super::super::ReconcileError;
use super::kept::unseen_memberships;
use super::observe::{Observation, ObserveInput, Unobserved, observe};
use super::plan::Fingerprints;
use super::scope::{MemberFingerprints, Scope, ScopeInput, scope};
use super::synth::{first_targets, missing_owned, second_targets, synthesize};

/// Rounds of targeted reads at most.
const MAX_ROUNDS: usize = 64;

/// What the observe stage of either mode gives the rest of the run.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    pub observation: Observation,
    /// How much of EIAM was observed.
    pub mode: SyncMode,
    /// Why an incremental run observed everything.
    pub notes: Vec<String>,
    /// The settled part, for an incremental observation.
    pub scope: Option<Scope>,
}

/// What decides the scope besides [`ObserveInput`].
#[derive(Clone, Copy)]
pub struct ModeInput<'a> {
    pub mode: SyncMode,
    pub fingerprints: &'a Fingerprints,
    pub members: &'a MemberFingerprints,
    pub due: &'a HashSet<ExtId>,
}

/// Observe as `mode` asks, widening an incremental run to a full one where needed.
pub async fn observe_mode(
    client: &Client,
    store: &StateStore,
    input: ObserveInput<'_>,
    mode: ModeInput<'_>,
) -> Result<Observed, ReconcileError> {
    if mode.mode == SyncMode::Full {
        return full(client, store, input, Vec::new()).await;
    }
    let ownership = store.load_ownership().await?;
    if let Some(why) = super::adopt::needs_all(input.desired, &ownership, input.adopt) {
        return widen(client, store, input, why).await;
    }
    let links = Links::of(&ownership);
    let stored_members = store.member_fingerprints().await?;
    let in_doubt = !store.in_doubt(1).await?.is_empty();
    let scoped = scope(ScopeInput {
        desired: input.desired,
        fingerprints: mode.fingerprints,
        members: mode.members,
        ownership: &ownership,
        stored_members: &stored_members,
        in_doubt,
        due: mode.due,
        kinds: input.kinds,
        root_configured: input.root.is_some(),
    });
    let (scope, root) = match (scoped, input.root) {
        (Ok(s), Some(root)) => (s, EiamId::from(root.to_owned())),
        (Err(why), _) => return widen(client, store, input, why).await,
        (Ok(_), None) => {
            let why = "[sync] root_organizational_unit_id is not set".to_owned();
            return widen(client, store, input, why).await;
        }
    };
    let changed: Vec<&ExtId> = (input.desired.groups.keys())
        .filter(|e| !scope.settled_members.contains(*e))
        .collect();
    let lists = store.member_sets(&changed).await?;
    let found = if scope.all_settled(input.desired) {
        Targeted::default()
    } else {
        let first = first_targets(input.desired, &ownership, &scope, &root, &lists);
        let mut found = observe_targeted(client, &first, input.concurrency).await?;
        links.targeted(&mut found);
        // Each round reads what the previous one pointed at; a chain of OUs gone from the
        // snapshot is as deep as the tree at most.
        for _ in 0..MAX_ROUNDS {
            let next = second_targets(input.desired, &ownership, &scope, &found);
            if next.is_empty() {
                break;
            }
            let mut more = observe_targeted(client, &next, input.concurrency).await?;
            links.targeted(&mut more);
            found.merge(more);
        }
        if let Some(why) = missing_owned(&ownership, &found) {
            return widen(client, store, input, why).await;
        }
        if !found.ous.contains_key(&root) {
            let why = format!("the sync root {root} could not be read");
            return widen(client, store, input, why).await;
        }
        found
    };
    // The groups whose members come from the snapshot: settled, and not listed anyway. (A
    // group planned from its kept list is as good as listed: the list and the leavers it
    // keeps are what EIAM holds.)
    let synthesized: BTreeSet<EiamId> = (scope.settled_members.iter())
        .filter_map(|e| ownership.get(Kind::Group, e).map(|o| o.eiam_id.clone()))
        .filter(|g| !found.members.contains_key(g))
        .collect();
    let kept = store.kept_groups().await?;
    let lists = (&lists, &kept);
    let mut observed = synthesize(input.desired, &ownership, &scope, &root, found, lists);
    // `GetUser` returns every extended field: only the managed ones may change.
    observed.scope_custom_fields(input.desired);
    observed
        .ous
        .entry(root.clone())
        .or_insert_with(|| ObservedOu {
            id: root.clone(),
            external_id: None,
            parent_id: None,
            attrs: Default::default(),
            source_type: None,
        });
    let mut unobserved = unobserved(&ownership, &scope, &observed, input.desired);
    let kept = unseen_memberships(&observed, &ownership, input.desired, &synthesized, &kept);
    if kept > 0 {
        *unobserved.managed.entry(Kind::Membership).or_insert(0) += kept;
    }
    info!(
        settled_users = scope.settled_users.len(),
        unsettled_users = input.desired.users.len() - scope.settled_users.len(),
        vanished = scope.vanished.len(),
        "incremental observation"
    );
    Ok(Observed {
        observation: Observation {
            observed,
            ownership,
            recovered: HashSet::new(),
            unobserved,
            synthesized_members: synthesized,
            matches: None,
        },
        mode: SyncMode::Incremental,
        notes: Vec::new(),
        scope: Some(scope),
    })
}

async fn widen(
    client: &Client,
    store: &StateStore,
    input: ObserveInput<'_>,
    why: String,
) -> Result<Observed, ReconcileError> {
    info!(reason = %why, "the incremental run observes all of EIAM");
    let note = format!("observed all of EIAM, as a full run does: {why}");
    full(client, store, input, vec![note]).await
}

async fn full(
    client: &Client,
    store: &StateStore,
    input: ObserveInput<'_>,
    notes: Vec<String>,
) -> Result<Observed, ReconcileError> {
    Ok(Observed {
        observation: observe(client, store, input).await?,
        mode: SyncMode::Full,
        notes,
        scope: None,
    })
}

/// The owned objects gone from the snapshot that the scope leaves unread (owed nothing) and
/// that the targeted reads did not happen to see.
fn unobserved(
    ownership: &Ownership,
    scope: &Scope,
    observed: &ObservedState,
    desired: &DesiredState,
) -> Unobserved {
    let mut out = Unobserved::default();
    for ((kind, ext), o) in &ownership.objects {
        let seen = match kind {
            Kind::OrganizationalUnit => observed.ous.contains_key(&o.eiam_id),
            Kind::User => observed.users.contains_key(&o.eiam_id),
            Kind::Group => observed.groups.contains_key(&o.eiam_id),
            Kind::Membership => true,
        };
        if seen
            || desired.mentions(*kind, ext)
            || o.fingerprint.as_deref() != Some(LEAVER_DISABLED)
            || scope.vanished.contains(&(*kind, ext.clone()))
        {
            continue;
        }
        if o.is_own() {
            *out.managed.entry(*kind).or_insert(0) += 1;
            continue;
        }
        let u = &mut out.unmanaged;
        match kind {
            Kind::OrganizationalUnit => u.organizational_units += 1,
            Kind::User => u.users += 1,
            Kind::Group => u.groups += 1,
            Kind::Membership => {}
        }
    }
    out
}
