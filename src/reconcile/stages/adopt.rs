//! Adoption in the stages of a run (docs/adoption.md): `[sync.adopt]` mapped onto the
//! planner's rules, the reads a full observation adds for the objects a rule matches, and
//! when an incremental run must observe everything because a new record may match one.

use std::collections::BTreeSet;

use crate::config::{GroupMatch, OuMatch, SyncSettings, UserKeyName};
use crate::eiam::Client;
use crate::model::{AdoptKey, DesiredState, ExtId, Kind, ObservedState, Ownership};
use crate::observe::targeted::{Targets, observe_targeted};
use crate::plan::adopt::{AdoptRules, Matches, match_all};

use super::super::ReconcileError;

/// The planner's adoption rules from `[sync.adopt]`.
pub fn adopt_rules(sync: &SyncSettings) -> AdoptRules {
    let a = &sync.adopt;
    AdoptRules {
        users: (a.users.iter())
            .map(|k| match k {
                UserKeyName::Username => AdoptKey::Username,
                UserKeyName::Email => AdoptKey::Email,
                UserKeyName::PhoneNumber => AdoptKey::PhoneNumber,
            })
            .collect(),
        ous_by_path: a.organizational_units == OuMatch::Path,
        groups_by_name: a.groups == GroupMatch::Name,
        source_types: a.source_types.iter().cloned().collect(),
    }
}

/// The adoptions and rejections the rules give, or only the count of objects of other
/// sources when no rule is on (no record is matched then).
pub fn matches(
    desired: &DesiredState,
    observed: &ObservedState,
    ownership: &Ownership,
    rules: &AdoptRules,
) -> Matches {
    if rules.any() {
        return match_all(desired, observed, ownership, rules);
    }
    crate::plan::adopt::other_sources(desired, observed, ownership)
}

/// The names of the groups whose members a full observation lists because a rule may adopt
/// them: the snapshot's group names, when groups are matched by name.
pub fn candidate_group_names(desired: &DesiredState, rules: &AdoptRules) -> BTreeSet<String> {
    if !rules.adopts(Kind::Group) {
        return BTreeSet::new();
    }
    desired
        .groups
        .values()
        .map(|g| g.attrs.name.clone())
        .collect()
}

/// Read the accounts a rule adopts with `GetUser`, as a full observation reads the snapshot's
/// own: a listing shows neither the primary OU of an account listed under the sync root nor
/// its extended fields. Their OUs are kept to the observed subtree.
pub async fn read_adoptable_users(
    client: &Client,
    observed: &mut ObservedState,
    matches: &Matches,
    concurrency: usize,
) -> Result<(), ReconcileError> {
    let users: BTreeSet<_> = (matches.users.adoptable.iter())
        .map(|a| a.eiam_id.clone())
        .collect();
    if users.is_empty() {
        return Ok(());
    }
    let targets = Targets {
        users,
        ..Default::default()
    };
    let found = observe_targeted(client, &targets, concurrency).await?;
    for (id, read) in found.users {
        let ous = (read.ous.into_iter())
            .filter(|o| observed.ous.contains_key(o))
            .collect();
        if let Some(u) = observed.users.get_mut(&id) {
            u.primary_ou = read.primary_ou;
            u.ous = ous;
            std::sync::Arc::make_mut(&mut u.attrs).custom_fields = read.attrs.custom_fields.clone();
        }
    }
    Ok(())
}

/// Why an incremental run must observe all of EIAM: a rule is on for a kind and a snapshot
/// record of that kind has no object eiam-sync knows (it may match one only the whole subtree
/// shows, and matching it is never a guess).
pub fn needs_all(
    desired: &DesiredState,
    ownership: &Ownership,
    rules: &AdoptRules,
) -> Option<String> {
    // Every record of the kind is in the state store: counted over the store's keys, so the
    // check allocates nothing however large the directory.
    let all_owned = |kind: Kind, records: usize, has: &dyn Fn(&ExtId) -> bool| {
        let owned = (ownership.objects.keys())
            .filter(|(k, e)| *k == kind && has(e))
            .count();
        owned >= records
    };
    let kinds: Vec<&str> = [Kind::OrganizationalUnit, Kind::User, Kind::Group]
        .into_iter()
        .filter(|k| rules.adopts(*k))
        .filter(|k| match k {
            Kind::OrganizationalUnit => {
                !all_owned(*k, desired.ous.len(), &|e| desired.ous.contains_key(e))
            }
            Kind::User => !all_owned(*k, desired.users.len(), &|e| desired.users.contains_key(e)),
            _ => !all_owned(*k, desired.groups.len(), &|e| {
                desired.groups.contains_key(e)
            }),
        })
        .map(|k| k.plural())
        .collect();
    (!kinds.is_empty()).then(|| {
        format!(
            "[sync.adopt] is on and the snapshot has {} eiam-sync does not manage yet, which may match existing objects",
            kinds.join(" and ")
        )
    })
}
