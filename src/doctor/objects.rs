//! What a run would find under the sync root, per kind: the snapshot read as a run reads it,
//! the ownership the state store holds, a full observation, and the adoption rules' verdicts
//! ([`crate::plan::adopt::match_all`], the planner's own matcher).

use std::collections::{HashMap, HashSet};

use crate::config::Settings;
use crate::eiam::Client;
use crate::errors::chain;
use crate::model::{EiamId, ExtId, Kind, KindSet, ObservedState, Ownership};
use crate::plan::adopt::{KindMatches, match_all};
use crate::reconcile::stages::{
    self, ObserveInput, adopt_rules, observe_owned, read, validate_with,
};
use crate::state::{self, StateError, StateStore};

use super::diagnosis::{Check, Diagnosis, KindCounts, Objects};

/// Read the snapshot and the state store, observe EIAM under `root` and count; the observation
/// when every step worked.
pub async fn count(
    d: &mut Diagnosis,
    client: &Client,
    settings: &Settings,
    root: &str,
) -> Option<ObservedState> {
    let input = match read(&settings.source).await {
        Ok(snapshot) => validate_with(snapshot, &settings.sync.custom_fields),
        Err(e) => {
            d.push(Check::failed(
                "snapshot",
                format!(
                    "{}: check [source] and the snapshot tables (docs/snapshot.md)",
                    chain(&e)
                ),
            ));
            return None;
        }
    };
    let desired = &input.desired;
    d.push(Check::ok(
        "snapshot",
        format!(
            "{} OUs, {} users, {} groups, {} memberships; {} record(s) rejected (a run names each)",
            desired.ous.len(),
            desired.users.len(),
            desired.groups.len(),
            desired.members.values().map(|m| m.len()).sum::<usize>(),
            input.rejected.len()
        ),
    ));
    let (ownership, in_doubt) = match owned(settings).await {
        Ok(Some(owned)) => owned,
        Ok(None) => {
            d.push(Check::ok(
                "objects",
                "not counted: the state store is behind this version; run `eiam-sync migrate` \
                 (any run applies the migrations too) and run doctor again",
            ));
            return None;
        }
        Err(e) => {
            d.push(Check::failed(
                "objects",
                format!("{}: check [state] url", chain(&e)),
            ));
            return None;
        }
    };
    let rules = adopt_rules(&settings.sync);
    let observe = ObserveInput {
        desired,
        kinds: KindSet::all(),
        root: Some(root),
        concurrency: settings.eiam.max_concurrency,
        adopt: &rules,
    };
    let observation = match observe_owned(client, ownership, &in_doubt, observe).await {
        Ok(o) => o,
        Err(e) => {
            d.push(Check::failed("objects", chain(&e)));
            return None;
        }
    };
    let observed = observation.observed;
    let matches = match_all(desired, &observed, &observation.ownership, &rules);
    let managed = managed(&observed, &observation.ownership);
    let of = |kind: Kind, m: &KindMatches| KindCounts {
        managed: managed.get(&kind).copied().unwrap_or(0),
        adoptable: m.adoptable.len() as u64,
        ambiguous: m.ambiguous.len() as u64,
        conflicting: m.conflicting.len() as u64,
        other_sources: m.other_sources.values().sum(),
    };
    let objects = Objects {
        organizational_units: of(Kind::OrganizationalUnit, &matches.organizational_units),
        users: of(Kind::User, &matches.users),
        groups: of(Kind::Group, &matches.groups),
    };
    let mut detail = format!(
        "{} OUs, {} users and {} groups under the sync root",
        observed.ous.len().saturating_sub(1),
        observed.users.len(),
        observed.groups.len()
    );
    let adoptions = [objects.organizational_units, objects.users, objects.groups]
        .iter()
        .map(|k| k.adoptable)
        .sum::<u64>();
    let limit = settings.sync.adopt.max_adoptions;
    if adoptions > limit {
        detail.push_str(&format!(
            "; {adoptions} adoptions exceed [sync.adopt] max_adoptions ({limit}): the first run \
             will be refused until its plan is approved (`eiam-sync approve`)"
        ));
    }
    d.push(Check::ok("objects", detail));
    d.objects = Some(objects);
    Some(observed)
}

/// The ownership map and the creates in doubt, read without changing the store; `None` when
/// the store lacks migrations (a new store owns nothing, so it counts as empty).
async fn owned(
    settings: &Settings,
) -> Result<Option<(Ownership, HashSet<(Kind, ExtId)>)>, StateError> {
    let store = match StateStore::open_current(&settings.state).await {
        Ok(store) => store,
        Err(StateError::SchemaBehind { .. }) => {
            let probe = state::probe(&settings.state).await?;
            return Ok(probe
                .is_new()
                .then(|| (Ownership::default(), HashSet::new())));
        }
        Err(e) => return Err(e),
    };
    stages::owned(&store).await.map(Some)
}

/// Owned objects EIAM holds under the root, per kind.
fn managed(observed: &ObservedState, ownership: &Ownership) -> HashMap<Kind, u64> {
    let seen = |kind: Kind, id: &EiamId| match kind {
        Kind::OrganizationalUnit => *id != observed.root && observed.ous.contains_key(id),
        Kind::User => observed.users.contains_key(id),
        Kind::Group => observed.groups.contains_key(id),
        Kind::Membership => false,
    };
    let mut out = HashMap::new();
    for ((kind, _), owned) in &ownership.objects {
        if seen(*kind, &owned.eiam_id) {
            *out.entry(*kind).or_insert(0) += 1;
        }
    }
    out
}
